#!/usr/bin/env bash
# Protocol-path bench: the product bot against three baselines (a bare ASP.NET Core minimal API, the same
# with one Azure Table insert per activity before its 202 -- a naive durable bot -- and the Bot Framework
# JavaScript SDK echo bot), each answering a Teams-shaped personal message with one reply to a local
# connector stand-in, under wrk at several concurrency levels.
# Prints a Markdown table and writes it to bench/results/<date>-protocol.md. See bench/README.md.
#
#   bash bench/protocol.sh
#
# Knobs (environment): BENCH_LEVELS ("1 16 64"), BENCH_WARMUP (5 s), BENCH_DURATION (20 s),
# BENCH_BOTS ("ours bare naive-durable botbuilder-js"; "ours-tuned" adds a configuration-only variant), BENCH_DRAIN_MAX (60 s to wait for background replies),
# BENCH_BASE (a commit: adds "ours-base", the product built from that commit, for an A/B in one run),
# BENCH_RESULT_FILE (where to write the results; default bench/results/<date>-protocol.md),
# BENCH_OURS_ENV (extra VAR=value pairs for ours only, e.g. "DOTNET_gcServer=1", to size runtime settings).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh

LEVELS=${BENCH_LEVELS:-"1 16 64"}
WARMUP=${BENCH_WARMUP:-5}
DURATION=${BENCH_DURATION:-20}
BOTS=${BENCH_BOTS:-"ours bare naive-durable botbuilder-js"}
BASE=${BENCH_BASE:-}
if [ -n "$BASE" ] && [[ " $BOTS " != *" ours-base "* ]]; then
  BOTS="ours-base $BOTS"
fi
DRAIN_MAX=${BENCH_DRAIN_MAX:-60}
REFERENCE_LEVEL=16
ARTIFACTS=bench/artifacts
LOGS=$(mktemp -d /tmp/sq-bench-protocol.XXXXXX)
ROWS="$LOGS/rows.tsv"
: > "$ROWS"

trap bench_cleanup EXIT
trap 'exit 130' INT TERM

started_ms=$(bench_now_ms)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

# --- Tools and builds -------------------------------------------------------------------------
bench_require_wrk
echo "== installing pinned npm tools and building the bots (logs in $LOGS)" >&2
if [ ! -x node_modules/.bin/azurite-table ]; then
  npm ci --no-audit --no-fund --loglevel=error >&2
fi
if [ ! -f bench/botbuilder-js/node_modules/.package-lock.json ] \
  || [ bench/botbuilder-js/package-lock.json -nt bench/botbuilder-js/node_modules/.package-lock.json ]; then
  (cd bench/botbuilder-js && npm ci --no-audit --no-fund --loglevel=error >&2)
fi
# Own artifacts folder: the bench never touches the bin/obj folders that builds and tests use.
for project in src/SecuriteQuotidien.Bot bench/bare-minimal-api bench/naive-durable; do
  dotnet publish "$project" -c Release --artifacts-path "$ARTIFACTS" -nologo -clp:ErrorsOnly > "$LOGS/publish.log" 2>&1 \
    || { cat "$LOGS/publish.log" >&2; exit 1; }
done
OURS_DLL="$ARTIFACTS/publish/SecuriteQuotidien.Bot/release/SecuriteQuotidien.Bot.dll"
BASE_DLL=""
if [ -n "$BASE" ]; then
  # The base commit's tree, exported (no worktree, no checkout), published to its own artifacts folder.
  mkdir -p "$LOGS/base"
  git archive "$BASE" | tar -x -C "$LOGS/base"
  dotnet publish "$LOGS/base/src/SecuriteQuotidien.Bot" -c Release --artifacts-path "$ARTIFACTS/base" -nologo -clp:ErrorsOnly \
    > "$LOGS/publish-base.log" 2>&1 || { cat "$LOGS/publish-base.log" >&2; exit 1; }
  BASE_DLL="$ARTIFACTS/base/publish/SecuriteQuotidien.Bot/release/SecuriteQuotidien.Bot.dll"
fi
BARE_DLL="$ARTIFACTS/publish/BareBot/release/BareBot.dll"
NAIVE_DLL="$ARTIFACTS/publish/NaiveDurableBot/release/NaiveDurableBot.dll"

# --- Shared servers -----------------------------------------------------------------------------
STANDIN_PORT=$(bench_free_port)
node bench/connector-standin/server.js "$STANDIN_PORT" > "$LOGS/standin.log" 2>&1 &
STANDIN_PID=$!
BENCH_PIDS+=("$STANDIN_PID")
bench_wait_port "$STANDIN_PORT" "connector stand-in" "$LOGS/standin.log"
STANDIN="http://127.0.0.1:$STANDIN_PORT"
export BENCH_SERVICE_URL="$STANDIN/"

standin_count() { curl -sf "$STANDIN/count"; }
standin_field() { standin_count | node -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>console.log(JSON.parse(s)['$1']))"; }
standin_reset() { curl -sf -X POST "$STANDIN/reset" > /dev/null; }

# Waits until the stand-in has received at least $1 distinct replies, or DRAIN_MAX seconds.
wait_for_replies() {
  local expected=$1 deadline=$(( $(date +%s) + DRAIN_MAX ))
  while [ "$(standin_field distinct)" -lt "$expected" ] && [ "$(date +%s)" -lt "$deadline" ]; do
    sleep 0.2
  done
}

# The .NET bots log as the ASP.NET Core project template does (framework categories at Warning):
# the product has no appsettings.json yet, and per-request Information logs would dominate the bench.
DOTNET_LOGGING=(
  --Logging:LogLevel:Default=Information
  --Logging:LogLevel:Microsoft.AspNetCore=Warning
  --Logging:LogLevel:System.Net.Http.HttpClient=Warning
  --Logging:LogLevel:Polly=Warning
)

AZURITE_PID=""
# Starts one bot on a free port; sets BOT_PID, BOT_URL, BOT_TEXT.
start_bot() {
  local bot=$1 port
  port=$(bench_free_port)
  BOT_URL="http://127.0.0.1:$port"
  case "$bot" in
    ours|ours-tuned|ours-base)
      # ours runs with the product's own runtime settings (workstation GC, from its project file).
      # ours-tuned (not run by default): the same build with memory settings only, to size what they
      # would bring: GCConserveMemory and a 96 MB GC heap limit.
      local table_port tuning=() extra=() dll=$OURS_DLL
      if [ "$bot" = ours-base ]; then
        dll=$BASE_DLL
      fi
      if [ "$bot" = ours-tuned ]; then
        tuning=(DOTNET_GCConserveMemory=7 DOTNET_GCHeapHardLimit=0x6000000)
      fi
      if [ "$bot" = ours ] && [ -n "${BENCH_OURS_ENV:-}" ]; then
        read -r -a extra <<< "$BENCH_OURS_ENV"
        tuning+=("${extra[@]}")
      fi
      table_port=$(bench_free_port)
      bench_start_azurite "$table_port" "$LOGS/azurite.log"
      # Every bench message comes from the same user: the per-user limit (30 messages a minute by default)
      # is raised out of the way, so the limiter still runs on every message but never refuses one.
      env "${tuning[@]}" ASPNETCORE_ENVIRONMENT=Development \
      ConnectionStrings__Tables="$(bench_azurite_connection "$table_port")" \
      Directory__Path="$PWD/departments/hautes-alpes.json" \
      BotFramework__Endpoint__UserMessageLimit=1000000000 \
        dotnet "$dll" --urls "$BOT_URL" "${DOTNET_LOGGING[@]}" > "$LOGS/$bot.log" 2>&1 &
      BOT_PID=$!
      BOT_TEXT="aide"
      ;;
    bare)
      ASPNETCORE_ENVIRONMENT=Development \
        dotnet "$BARE_DLL" --urls "$BOT_URL" "${DOTNET_LOGGING[@]}" > "$LOGS/bare.log" 2>&1 &
      BOT_PID=$!
      BOT_TEXT="aide"
      ;;
    naive-durable)
      # The bare baseline plus one insert per activity into the same kind of Azurite, before its 202.
      local naive_port
      naive_port=$(bench_free_port)
      bench_start_azurite "$naive_port" "$LOGS/azurite-naive.log"
      ASPNETCORE_ENVIRONMENT=Development ConnectionStrings__Tables="$(bench_azurite_connection "$naive_port")" \
        dotnet "$NAIVE_DLL" --urls "$BOT_URL" "${DOTNET_LOGGING[@]}" > "$LOGS/naive-durable.log" 2>&1 &
      BOT_PID=$!
      BOT_TEXT="aide"
      ;;
    botbuilder-js)
      NODE_ENV=production node bench/botbuilder-js/index.js "$port" > "$LOGS/botbuilder-js.log" 2>&1 &
      BOT_PID=$!
      BOT_TEXT="aide"
      ;;
    *) echo "unknown bot $bot" >&2; exit 2 ;;
  esac
  BENCH_PIDS+=("$BOT_PID")
  bench_wait_port "$port" "$bot" "$LOGS/$bot.log"
}

stop_bot() {
  bench_stop "$BOT_PID"
  if [ -n "$AZURITE_PID" ]; then
    bench_stop "$AZURITE_PID"
    AZURITE_PID=""
  fi
}

# Runs wrk; prints its BENCH_RESULT line as shell assignments (requests=..., p99_us=...).
run_wrk() {
  local connections=$1 seconds=$2 run=$3 out=$4 threads=$(( $1 < 2 ? $1 : 2 ))
  BENCH_RUN="$run" BENCH_TEXT="$BOT_TEXT" wrk -t"$threads" -c"$connections" -d"${seconds}s" --timeout 5s --latency \
    -s bench/load/activity.lua "$BOT_URL/" > "$out" 2>&1
  if ! grep -q '^BENCH_RESULT ' "$out"; then
    echo "wrk gave no result:" >&2; cat "$out" >&2; return 1
  fi
  grep '^BENCH_RESULT ' "$out" | cut -d' ' -f2-
}

# Warm-up (JIT, connection pools, tables) at the reference level, then wait for its replies.
warm_up() {
  local bot=$1 result requests duration_us connect read write status timeout p50_us p99_us max_us
  standin_reset
  result=$(run_wrk "$REFERENCE_LEVEL" "$WARMUP" warmup "$LOGS/$bot-warmup.txt")
  eval "$result"
  wait_for_replies $(( requests - status ))
}

# One concurrency level: measured run, wait for the background replies, one TSV row.
measure_level() {
  local bot=$1 c=$2 result requests duration_us connect read write status timeout p50_us p99_us max_us
  sleep 0.5
  standin_reset

  local cpu_before standin_before azurite_before t0 t1
  cpu_before=$(bench_cpu_ticks "$BOT_PID")
  standin_before=$(bench_cpu_ticks "$STANDIN_PID")
  azurite_before=$([ -n "$AZURITE_PID" ] && bench_cpu_ticks "$AZURITE_PID" || echo 0)
  t0=$(bench_now_ms)
  result=$(run_wrk "$c" "$DURATION" "m$c" "$LOGS/$bot-c$c.txt")
  t1=$(bench_now_ms)
  local replies_in_window cpu standin_cpu azurite_cpu seconds
  replies_in_window=$(standin_field distinct)
  seconds=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1000 }')
  cpu=$(bench_cpu_percent "$cpu_before" "$(bench_cpu_ticks "$BOT_PID")" "$seconds")
  standin_cpu=$(bench_cpu_percent "$standin_before" "$(bench_cpu_ticks "$STANDIN_PID")" "$seconds")
  azurite_cpu=$([ -n "$AZURITE_PID" ] && bench_cpu_percent "$azurite_before" "$(bench_cpu_ticks "$AZURITE_PID")" "$seconds" || echo "-")
  eval "$result"
  local ok=$(( requests - status ))
  wait_for_replies "$ok"
  local distinct duplicates
  distinct=$(standin_field distinct)
  duplicates=$(standin_field duplicates)
  # wrk stops mid-flight: up to c requests were sent but not counted, and may still be answered.
  local check="ok"
  if [ "$duplicates" -ne 0 ] || [ "$distinct" -lt "$ok" ] || [ "$distinct" -gt $(( ok + c )) ]; then
    check="FAILED"
  fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
    "$bot" "$c" "$requests" "$duration_us" "$ok" "$replies_in_window" "$p50_us" "$p99_us" \
    "$status" "$(( connect + read + write + timeout ))" "$distinct" "$duplicates" "$check" \
    "$cpu" "$(bench_peak_rss_mb "$BOT_PID")" "$standin_cpu/$azurite_cpu" >> "$ROWS"
  echo "   c=$c: $(tail -n 1 "$ROWS" | tr '\t' ' ')" >&2
}

# --- Runs ---------------------------------------------------------------------------------------
for bot in $BOTS; do
  echo "== $bot" >&2
  start_bot "$bot"
  warm_up "$bot"
  for c in $LEVELS; do
    measure_level "$bot" "$c"
  done
  stop_bot
done

# --- Report -------------------------------------------------------------------------------------
mkdir -p bench/results
RESULT=${BENCH_RESULT_FILE:-"bench/results/$(date -u +%Y-%m-%d)-protocol.md"}
mkdir -p "$(dirname "$RESULT")"
total_s=$(( ($(bench_now_ms) - started_ms) / 1000 ))
node bench/report-protocol.js "$ROWS" \
  --level "$REFERENCE_LEVEL" --warmup "$WARMUP" --duration "$DURATION" --seconds "$total_s" \
  --nproc "$(nproc)" --cpu "$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)" \
  --load "$load_before, after it $(cut -d" " -f1-3 /proc/loadavg)" --dotnet "$(dotnet --version)" --node "$(node --version)" \
  --wrk "$(wrk -v 2>&1 | head -n 1 | cut -d' ' -f1-2)" --commit "${BENCH_COMMIT:-$(git describe --always --dirty 2>/dev/null || echo unknown)}" \
  > "$RESULT"
cat "$RESULT"
echo >&2
echo "written to $RESULT (raw wrk output and logs in $LOGS)" >&2
