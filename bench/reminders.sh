#!/usr/bin/env bash
# One reminder sweep with 100,000 then 1,000,000 open issues in the due-day index and 500 due today,
# against a fresh in-memory Azurite each. Prints the load and sweep times.
set -euo pipefail
cd "$(dirname "$0")/.."
project=bench/reminders/ReminderBench.csproj
dotnet build "$project" -c Release -v q -nologo >/dev/null
echo "Machine: $(nproc) CPU ($(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)), .NET $(dotnet --version), Node $(node --version), commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src bench || echo ' (with uncommitted changes)')"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
connection="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:${port}/devstoreaccount1;"
for open in "${@:-100000 1000000}"; do
  for n in $open; do
    node_modules/.bin/azurite-table --tableHost 127.0.0.1 --tablePort "$port" --inMemoryPersistence --skipApiVersionCheck --disableProductStyleUrl >/dev/null 2>&1 &
    azurite=$!
    trap 'kill $azurite 2>/dev/null || true' EXIT
    for _ in $(seq 1 100); do (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
    echo "Load average before $n: $(cut -d' ' -f1-3 /proc/loadavg)"
    dotnet run --project "$project" -c Release --no-build -- "$connection" "$n" 500
    echo "Load average after $n: $(cut -d' ' -f1-3 /proc/loadavg)"
    kill "$azurite"; wait "$azurite" 2>/dev/null || true
  done
done
