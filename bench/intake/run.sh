#!/usr/bin/env bash
# Intake-path bench: the final "Envoyer" of a partner's report (validation, durable write, number
# allocation, outbox entry for the sector channel, confirmation card) against the real bot process
# (Release, Development, anonymous) over an in-memory Azurite, under wrk at one concurrency level.
# Prints a Markdown table and writes it to bench/results/<date>-intake.md. See bench/README.md.
#
#   bash bench/intake/run.sh
#
# Knobs (environment): BENCH_CONCURRENCY (16), BENCH_WARMUP (5 s), BENCH_DURATION (20 s),
# BENCH_COMMIT (label for the results; default: the current commit).
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/lib.sh

CONCURRENCY=${BENCH_CONCURRENCY:-16}
WARMUP=${BENCH_WARMUP:-5}
DURATION=${BENCH_DURATION:-20}
COMMIT=${BENCH_COMMIT:-$(git rev-parse --short HEAD 2>/dev/null || echo unknown)}
ARTIFACTS=bench/artifacts
LOGS=$(mktemp -d /tmp/sq-bench-intake.XXXXXX)

trap bench_cleanup EXIT
trap 'exit 130' INT TERM

load_before=$(cut -d' ' -f1-3 /proc/loadavg)

# --- Tools and build --------------------------------------------------------------------------
bench_require_wrk
echo "== installing pinned npm tools and building the bot (logs in $LOGS)" >&2
if [ ! -x node_modules/.bin/azurite-table ]; then
  npm ci --no-audit --no-fund --loglevel=error >&2
fi
dotnet publish src/SecuriteQuotidien.Bot -c Release --artifacts-path "$ARTIFACTS" -nologo -clp:ErrorsOnly > "$LOGS/publish.log" 2>&1 \
  || { cat "$LOGS/publish.log" >&2; exit 1; }
BOT_DLL="$ARTIFACTS/publish/SecuriteQuotidien.Bot/release/SecuriteQuotidien.Bot.dll"
# Bench-only assembly loaded into the bot process: counts the table requests (see TableRequests/).
COUNTER_DIR="$ARTIFACTS/table-requests"
dotnet build -c Release bench/intake/TableRequests/TableRequests.csproj -o "$COUNTER_DIR" -nologo -clp:ErrorsOnly > "$LOGS/counter.log" 2>&1 \
  || { cat "$LOGS/counter.log" >&2; exit 1; }
COUNTER_DLL="$PWD/$COUNTER_DIR/SecuriteQuotidien.Bench.TableRequests.dll"

# --- Servers ----------------------------------------------------------------------------------
STANDIN_PORT=$(bench_free_port)
node bench/intake/connector.js "$STANDIN_PORT" > "$LOGS/connector.log" 2>&1 &
STANDIN_PID=$!
BENCH_PIDS+=("$STANDIN_PID")
bench_wait_port "$STANDIN_PORT" "connector stand-in" "$LOGS/connector.log"
STANDIN="http://127.0.0.1:$STANDIN_PORT"
export BENCH_SERVICE_URL="$STANDIN/"
standin_field() { curl -sf "$STANDIN/count" | node -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>console.log(JSON.parse(s)['$1']))"; }

TABLE_PORT=$(bench_free_port)
bench_start_azurite "$TABLE_PORT" "$LOGS/azurite.log"

BOT_PORT=$(bench_free_port)
BOT_URL="http://127.0.0.1:$BOT_PORT"
# The content root is this folder, not the bot's, so its appsettings.json levels are passed here.
ASPNETCORE_ENVIRONMENT=Development \
DOTNET_STARTUP_HOOKS="$COUNTER_DLL" ASPNETCORE_HOSTINGSTARTUPASSEMBLIES=SecuriteQuotidien.Bench.TableRequests \
ConnectionStrings__Tables="$(bench_azurite_connection "$TABLE_PORT")" \
Directory__Path="$PWD/departments/hautes-alpes.json" \
  dotnet "$BOT_DLL" --urls "$BOT_URL" \
    --Logging:LogLevel:Default=Information --Logging:LogLevel:Microsoft.AspNetCore=Warning \
    --Logging:LogLevel:System.Net.Http.HttpClient=Warning --Logging:LogLevel:Polly=Warning > "$LOGS/bot.log" 2>&1 &
BOT_PID=$!
BENCH_PIDS+=("$BOT_PID")
bench_wait_port "$BOT_PORT" bot "$LOGS/bot.log"

table_requests() { curl -sf "$BOT_URL/_bench/table-requests" | node -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>console.log(JSON.parse(s)['$1']))"; }
table_requests total > /dev/null || { echo "the table request counter is not loaded in the bot; bot log:" >&2; tail -n 30 "$LOGS/bot.log" >&2; exit 1; }

post() { curl -sf -H 'Content-Type: application/json; charset=utf-8' --data-binary @- "$BOT_URL/api/messages"; }

# The bot is installed in the demo team first: the channel's service URL comes from that install.
post > /dev/null <<JSON
{"type":"conversationUpdate","id":"bench-install","serviceUrl":"$STANDIN/","channelId":"msteams",
 "from":{"id":"29:1marc","aadObjectId":"00000000-0000-4000-8000-000000000041"},
 "conversation":{"isGroup":true,"conversationType":"channel","tenantId":"05050505-0000-4000-8000-000000000005","id":"19:gap-hyper-centre@thread.tacv2"},
 "recipient":{"id":"28:00000000-0000-4000-8000-0000000000b0","name":"Sécurité du Quotidien"},
 "membersAdded":[{"id":"28:00000000-0000-4000-8000-0000000000b0"}],
 "channelData":{"eventType":"teamMemberAdded","team":{"id":"19:gap-hyper-centre@thread.tacv2","name":"GPO Hautes-Alpes"},"tenant":{"id":"05050505-0000-4000-8000-000000000005"}}}
JSON
for _ in $(seq 1 50); do [ "$(standin_field replies)" -ge 1 ] && break; sleep 0.2; done

export BENCH_DATE
BENCH_DATE=$(TZ=Europe/Paris date -d yesterday +%F)

# Runs wrk; prints its BENCH_RESULT line as shell assignments (requests=..., p99_us=...).
run_wrk() {
  local connections=$1 seconds=$2 run=$3 out=$4 threads=$(( $1 < 2 ? $1 : 2 ))
  BENCH_RUN="$run" wrk -t"$threads" -c"$connections" -d"${seconds}s" --timeout 5s --latency \
    -s bench/intake/submit.lua "$BOT_URL/" > "$out" 2>&1
  if ! grep -q '^BENCH_RESULT ' "$out"; then
    echo "wrk gave no result:" >&2; cat "$out" >&2; return 1
  fi
  grep '^BENCH_RESULT ' "$out" | cut -d' ' -f2-
}

# Smoke check, one connection for 3 s (the first request pays the JIT): every submit must come back
# as a confirmation, or the numbers would measure refusals.
echo "== smoke submits, warm-up ${WARMUP}s, then ${DURATION}s at c=$CONCURRENCY" >&2
eval "$(run_wrk 1 3 1 "$LOGS/smoke.txt")"
if [ "$confirmed" -lt 1 ] || [ "$refused" -gt 0 ]; then
  echo "the smoke run was not confirmed (confirmed=$confirmed refused=$refused); bot log:" >&2
  tail -n 30 "$LOGS/bot.log" >&2
  exit 1
fi
eval "$(run_wrk "$CONCURRENCY" "$WARMUP" 2 "$LOGS/warmup.txt")"

threads_before=$(standin_field threads)
bot_before=$(bench_cpu_ticks "$BOT_PID"); azurite_before=$(bench_cpu_ticks "$AZURITE_PID")
tables_before=$(table_requests total); in_answered_before=$(table_requests inAnsweredRequests); answered_before=$(table_requests answeredRequests)
started_ms=$(bench_now_ms)
eval "$(run_wrk "$CONCURRENCY" "$DURATION" 3 "$LOGS/measured.txt")"
elapsed_ms=$(( $(bench_now_ms) - started_ms ))
tables_total=$(( $(table_requests total) - tables_before ))
tables_in_answered=$(( $(table_requests inAnsweredRequests) - in_answered_before )); answered=$(( $(table_requests answeredRequests) - answered_before ))
seconds=$(awk -v ms="$elapsed_ms" 'BEGIN { printf "%.3f", ms / 1000 }')
bot_cpu=$(bench_cpu_percent "$bot_before" "$(bench_cpu_ticks "$BOT_PID")" "$seconds")
azurite_cpu=$(bench_cpu_percent "$azurite_before" "$(bench_cpu_ticks "$AZURITE_PID")" "$seconds")
threads_during=$(( $(standin_field threads) - threads_before ))
peak_rss=$(bench_peak_rss_mb "$BOT_PID")
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

rate=$(awk -v c="$confirmed" -v d="$duration_us" 'BEGIN { printf "%.0f", c / (d / 1e6) }')
ms() { awk -v us="$1" 'BEGIN { printf "%.1f", us / 1000 }'; }
verdict() { if awk "BEGIN { exit !($1) }"; then echo met; else echo missed; fi; }
errors=$(( connect + read + write + timeout ))
ratio() { awk -v n="$1" -v d="$2" 'BEGIN { if (d > 0) printf "%.2f", n / d; else print "n/a" }'; }
# Per submit the bot answered (a submit wrk gave up on still ran in the bot): load does not change it.
in_submit=$(ratio "$tables_in_answered" "$answered"); all_per_submit=$(ratio "$tables_total" "$answered")

mkdir -p bench/results
RESULT="bench/results/$(date -u +%Y-%m-%d)-intake.md"
{
  echo "# Intake path — $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "Machine: $(nproc) CPU ($(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)), load $load_before before the run, $load_after after it;"
  echo ".NET $(dotnet --version), Node $(node --version), commit $COMMIT. Bot Release, Development, anonymous, in-memory Azurite;"
  echo "wrk -c $CONCURRENCY, ${DURATION} s after a ${WARMUP} s warm-up; every request a new report (new activity id and draft id)."
  echo
  echo "| submits/s | p50 ms | p90 ms | p99 ms | max ms | requests | confirmed | already sent | refused | socket errors | bot CPU % | Azurite CPU % | peak RSS MB | channel threads posted during the run |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
  echo "| $rate | $(ms "$p50_us") | $(ms "$p90_us") | $(ms "$p99_us") | $(ms "$max_us") | $requests | $confirmed | $repeated | $refused | $errors | $bot_cpu | $azurite_cpu | $peak_rss | $threads_during |"
  echo
  echo "Table requests per submit: **$in_submit** while answering it (over the $answered submits the bot answered), $all_per_submit"
  echo "with the background work done during the run (outbox dispatcher, reminder worker, marker cleanup: $tables_total table requests"
  echo "in all). Counted by a bench-only pipeline policy loaded into the bot (\`bench/intake/TableRequests\`); retries included."
  echo
  echo "Targets: ≥ 400 submits/s — $(verdict "$rate >= 400"); p99 < 100 ms — $(verdict "$p99_us < 100000")."
  echo
  echo "A submit is one \`adaptiveCard/action\` invoke (verb \`signaler-envoyer\`) answered in the HTTP response with the"
  echo "confirmation card (\"Signalement 05-AAAA-NNNN envoyé\"). \"refused\" counts any other answer (error card, 5xx)."
  echo "Channel threads are the issues' root cards the outbox posted to the stand-in while wrk ran: the outbox paces each"
  echo "channel as Teams requires, so they trail the submits by design."
} > "$RESULT"
cat "$RESULT"
echo "(raw wrk outputs and logs in $LOGS)" >&2
