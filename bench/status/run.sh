#!/usr/bin/env bash
# Status bench: time to build the `point`, `point Briançon`, `en retard` and `échéances` answers from the running
# totals of 100,000 and 1,000,000 issues in a local in-memory Azurite (127.0.0.1). Prints a Markdown table.
#
#   bash bench/status/run.sh            # BENCH_COUNTS="100000 1000000" by default
# Above 100,000 issues the issue rows themselves are not written (the answers never read them); BENCH_ISSUE_ROWS=1
# writes them anyway.
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/lib.sh
COUNTS=${BENCH_COUNTS:-"100000 1000000"}
trap bench_cleanup EXIT

[ -x node_modules/.bin/azurite-table ] || npm ci --no-audit --no-fund --loglevel=error >&2
dotnet build -c Release bench/status/StatusBench.csproj -o /tmp/sq-bench-status >&2
echo "Machine: $(uname -m), $(nproc) cores ($(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)), $(awk '/^MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo) memory, .NET $(dotnet --version), Node $(node --version)"
echo "Commit: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src bench || echo ' (with uncommitted changes)')"
echo "Command: BENCH_COUNTS=\"$COUNTS\" bash bench/status/run.sh"

for count in $COUNTS; do
  port=$(bench_free_port)
  log=$(mktemp /tmp/sq-bench-azurite.XXXXXX)
  node_modules/.bin/azurite-table --tableHost 127.0.0.1 --tablePort "$port" --inMemoryPersistence --skipApiVersionCheck --disableProductStyleUrl --silent > "$log" 2>&1 &
  BENCH_PIDS+=($!)
  bench_wait_port "$port" azurite "$log"
  conn="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:$port/devstoreaccount1;"
  echo "Load average before $count: $(cut -d' ' -f1-3 /proc/loadavg)"
  rows=${BENCH_ISSUE_ROWS:-$([ "$count" -le 100000 ] && echo 1 || echo 0)}
  BENCH_ISSUE_ROWS=$rows dotnet /tmp/sq-bench-status/StatusBench.dll "$conn" "$count" "$PWD"
  echo "Load average after $count: $(cut -d' ' -f1-3 /proc/loadavg)"
  bench_cleanup
done
