#!/usr/bin/env bash
# Table Storage throughput on a fresh in-memory Azurite: single upserts, 100-entity batches, and the
# due-day query with 50,000 issues in the index. Prints a Markdown table (also written to bench/results/).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x node_modules/.bin/azurite-table ] || npm ci --no-audit --no-fund --loglevel=error >&2
project=bench/storage/StorageBench.csproj
dotnet build "$project" -c Release -v q -nologo >/dev/null
port=$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
node_modules/.bin/azurite-table --tableHost 127.0.0.1 --tablePort "$port" --inMemoryPersistence --skipApiVersionCheck --disableProductStyleUrl >/dev/null 2>&1 &
azurite=$!
trap 'kill $azurite 2>/dev/null || true' EXIT
for _ in $(seq 1 150); do (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.2; done
connection="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:${port}/devstoreaccount1;"
mkdir -p bench/results
out="bench/results/$(date +%F)-storage.md"
{
  echo "# Table Storage on Azurite — $(date -u '+%F %H:%M UTC')"
  echo
  echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load average $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  dotnet run --project "$project" -c Release --no-build -- "$connection"
} | tee "$out"
