#!/usr/bin/env bash
# Capacity bench: replays a scaled-down national day (docs/capacite.md) on one in-memory Azurite (127.0.0.1) and
# reports the table requests per partition, the busiest partition and the account's peak per second.
#
#   bash bench/capacity/run.sh            # BENCH_DEPARTMENTS=10 (a tenth of France), BENCH_SCALE=1 (the average day)
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/lib.sh
DEPARTMENTS=${BENCH_DEPARTMENTS:-10}
SCALE=${BENCH_SCALE:-1}
trap bench_cleanup EXIT

[ -x node_modules/.bin/azurite-table ] || npm ci --no-audit --no-fund --loglevel=error >&2
dotnet build -c Release bench/capacity/CapacityBench.csproj -o bench/artifacts/capacity -v q -nologo >&2

port=$(bench_free_port)
bench_start_azurite "$port" "$(mktemp /tmp/sq-bench-azurite.XXXXXX)"
azurite=$AZURITE_PID
echo "Machine: $(uname -m), $(nproc) cores ($(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)), $(awk '/^MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo) memory, .NET $(dotnet --version), Node $(node --version)"
echo "Commit: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src bench || echo ' (with uncommitted changes)')"
echo "Command: BENCH_DEPARTMENTS=$DEPARTMENTS BENCH_SCALE=$SCALE bash bench/capacity/run.sh"
echo "Load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
start_ticks=$(bench_cpu_ticks "$azurite"); start_ms=$(bench_now_ms)
# From its folder: the test host finds the bot's content root in MvcTestingAppManifest.json there.
(cd bench/artifacts/capacity && dotnet CapacityBench.dll "$(bench_azurite_connection "$port")" "$DEPARTMENTS" "$SCALE")
echo "Azurite CPU over the run: $(bench_cpu_percent "$start_ticks" "$(bench_cpu_ticks "$azurite")" "$(awk -v a="$(bench_now_ms)" -v b="$start_ms" 'BEGIN { print (a - b) / 1000 }')") % of one core"
echo "Load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
