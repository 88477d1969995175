#!/usr/bin/env bash
# Status bench: time to build the `point`, `point Briançon`, `en retard` and `échéances` answers with
# 10,000 and 100,000 issues stored in a local in-memory Azurite (127.0.0.1). Prints a Markdown table.
#
#   bash bench/status/run.sh            # BENCH_COUNTS="10000 100000" by default
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/lib.sh
COUNTS=${BENCH_COUNTS:-"10000 100000"}
trap bench_cleanup EXIT

[ -x node_modules/.bin/azurite-table ] || npm ci --no-audit --no-fund --loglevel=error >&2
dotnet build -c Release bench/status/StatusBench.csproj -o /tmp/sq-bench-status >&2

for count in $COUNTS; do
  port=$(bench_free_port)
  log=$(mktemp /tmp/sq-bench-azurite.XXXXXX)
  node_modules/.bin/azurite-table --tableHost 127.0.0.1 --tablePort "$port" --inMemoryPersistence --skipApiVersionCheck --disableProductStyleUrl --silent > "$log" 2>&1 &
  BENCH_PIDS+=($!)
  bench_wait_port "$port" azurite "$log"
  conn="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:$port/devstoreaccount1;"
  dotnet /tmp/sq-bench-status/StatusBench.dll "$conn" "$count" "$PWD"
  bench_cleanup
done
