#!/usr/bin/env bash
# Starts the bot locally with everything it needs: Azurite (tables on disk under .local/),
# the bot in Development mode (no app id: anonymous, loopback only) and the Microsoft 365 Agents
# Playground bound to 127.0.0.1, so a person can chat with the bot in a browser.
# Another role: PLAYGROUND_CONFIG=scripts/playground/hautes-alpes-referent.yml bash scripts/run-local.sh
#
# One Ctrl+C stops all three within 10 seconds: the script forwards SIGINT to each service's process
# group and kills what has not stopped 8 seconds later (the bot's own graceful stop is bounded to 3 s). Each service runs in a process group of its own,
# started with job control on, so that it keeps SIGINT (a background job of a script without job control
# starts with SIGINT ignored: the bot went on running) and the signal reaches its children too. Each run keeps its logs in
# .local/logs/<date-time>/ (.local/logs/latest points to the newest); the 20 newest runs are kept.
#
# Settings (environment): BOT_PORT (3978), PLAYGROUND_PORT (56150), TABLE_PORT (10002), PLAYGROUND_CONFIG,
# LOCAL_DIR (.local: tables and logs), BOT_CONFIGURATION (Debug), SKIP_BUILD=1 to use the bot already built.
set -euo pipefail
cd "$(dirname "$0")/.."

BOT_PORT="${BOT_PORT:-3978}"
PLAYGROUND_PORT="${PLAYGROUND_PORT:-56150}"
TABLE_PORT="${TABLE_PORT:-10002}"
PLAYGROUND_CONFIG="${PLAYGROUND_CONFIG:-scripts/playground/hautes-alpes.yml}"
BOT_CONFIGURATION="${BOT_CONFIGURATION:-Debug}"
STATE_DIR="${LOCAL_DIR:-.local}"
STOP_GRACE_SECONDS=8
KEPT_RUNS=20

# Two starts within one second (or under a frozen test clock) get their own directories.
run_base="$STATE_DIR/logs/$(date +%Y-%m-%d_%H-%M-%S)"
RUN_DIR="$run_base"
for n in $(seq 2 99); do [ -e "$RUN_DIR" ] || break; RUN_DIR="$run_base-$n"; done
mkdir -p "$STATE_DIR/azurite" "$RUN_DIR"
ln -sfn "$(basename "$RUN_DIR")" "$STATE_DIR/logs/latest"
# Older runs beyond the newest $KEPT_RUNS go.
ls -1d "$STATE_DIR"/logs/20*/ 2>/dev/null | sort | head -n -"$KEPT_RUNS" | xargs -r rm -rf
echo "Journaux de ce lancement : $RUN_DIR (bot.log, azurite.log, playground.log)"

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  dotnet build src/SecuriteQuotidien.Bot -c "$BOT_CONFIGURATION" -nologo -clp:ErrorsOnly
fi

groups=()
stopping=0
stop_all() {
  [ "$stopping" = 1 ] && return
  stopping=1
  trap '' INT TERM
  # SIGINT, the playground and the bot first (the bot still reaches its tables while it stops), then
  # Azurite, which flushes its on-disk state only on SIGINT.
  local azurite=("${groups[@]:0:1}") others=("${groups[@]:1}")
  signal_and_wait "$((STOP_GRACE_SECONDS / 2))" "${others[@]}"
  # Azurite says when it has flushed its tables, and then may linger: nothing is left to lose.
  done_when_logged="successfully closed"
  signal_and_wait "$((STOP_GRACE_SECONDS / 2))" "${azurite[@]}"
  local left=("${groups[@]}")
  if grep -q "$done_when_logged" "$RUN_DIR/azurite.log" 2>/dev/null; then
    for group in "${azurite[@]}"; do kill -KILL -- "-$group" 2>/dev/null || true; done
    # Killed on purpose, and maybe not gone yet when checked below: not a forced stop.
    left=("${others[@]}")
  fi
  for group in "${left[@]}"; do
    if group_alive "$group"; then
      echo "Le groupe de processus $group ne s'est pas arrêté en $STOP_GRACE_SECONDS s : arrêt forcé." >&2
      kill -KILL -- "-$group" 2>/dev/null || true
    fi
  done
  wait 2>/dev/null || true
}
# group_alive <group>: a process of the group still runs (an exited one this shell has not reaped yet,
# a zombie, does not count: kill -0 would still find it).
group_alive() {
  ps -e -o pgid= -o stat= | awk -v g="$1" '$1 == g && $2 !~ /^Z/ { found = 1 } END { exit !found }'
}

# now_ms <variable>: this shell's clock in milliseconds, into <variable> (no subshell, no process).
now_ms() {
  local micros=${EPOCHREALTIME/[.,]/}
  printf -v "$1" '%d' "$((10#$micros / 1000))"
}

# signal_and_wait <seconds> <group>...: SIGINT to each group, then until they are all gone, the time is up,
# or (when done_when_logged is set) azurite.log says so.
done_when_logged=""
signal_and_wait() {
  local seconds=$1
  shift
  for group in "$@"; do kill -INT -- "-$group" 2>/dev/null || true; done
  # A deadline on the clock, not a number of tries: on a busy machine each check takes longer than its sleep.
  # This shell's own clock: a `date` process per check could read another clock (libfaketime starts each
  # new process at the faked instant, as CI runs it).
  local now deadline
  now_ms now
  deadline=$((now + seconds * 1000))
  while now_ms now && [ "$now" -lt "$deadline" ]; do
    local alive=0
    for group in "$@"; do group_alive "$group" && alive=1; done
    [ "$alive" = 0 ] && return 0
    [ -n "$done_when_logged" ] && grep -q "$done_when_logged" "$RUN_DIR/azurite.log" 2>/dev/null && return 0
    sleep 0.2
  done
}
trap 'stop_all; exit 130' INT
trap 'stop_all; exit 143' TERM
trap stop_all EXIT

wait_port() {
  for _ in $(seq 1 150); do
    (echo > "/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.2
  done
  echo "Rien n'écoute sur le port $1 ($2) : voir $RUN_DIR/$2.log" >&2
  exit 1
}

# start <log name> <command>...: in the background, in a process group of its own (job control on for
# that one command only, so that the script's own foreground commands keep the terminal), with SIGINT
# at its default disposition, no terminal input, its output in the run's log.
# With GNU env, SIGINT is also put back to its default when this script itself was started with it
# ignored (from another script's background job, say).
default_signals=()
env --default-signal=INT true 2>/dev/null && default_signals=(env --default-signal=INT)
start() {
  local log=$1
  shift
  set -m
  "${default_signals[@]}" "$@" < /dev/null > "$RUN_DIR/$log.log" 2>&1 &
  groups+=($!)
  set +m
}

start azurite node_modules/.bin/azurite-table --tableHost 127.0.0.1 --tablePort "$TABLE_PORT" \
  --location "$STATE_DIR/azurite" --skipApiVersionCheck --disableProductStyleUrl
wait_port "$TABLE_PORT" azurite

start bot env ASPNETCORE_ENVIRONMENT=Development \
  ConnectionStrings__Tables="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:$TABLE_PORT/devstoreaccount1;" \
  dotnet "src/SecuriteQuotidien.Bot/bin/$BOT_CONFIGURATION/net10.0/SecuriteQuotidien.Bot.dll" \
  --urls "http://127.0.0.1:$BOT_PORT" --contentRoot "$PWD/src/SecuriteQuotidien.Bot" --shutdownTimeoutSeconds 3
wait_port "$BOT_PORT" bot

start playground env TEAMSAPPTESTER_BROWSER=none TEAMSAPPTESTER_PORT="$PLAYGROUND_PORT" \
  BOT_ENDPOINT="http://127.0.0.1:$BOT_PORT/api/messages" \
  M365_AGENTS_PLAYGROUND_CONFIG_PATH="$PLAYGROUND_CONFIG" \
  M365_AGENTS_PLAYGROUND_LOGFILE="$RUN_DIR/playground-server.log" \
  node -r ./scripts/playground/bind-loopback.js node_modules/@microsoft/m365agentsplayground/cli.js \
  start --disable-telemetry
wait_port "$PLAYGROUND_PORT" playground
printf '%s\n' "${groups[@]}" > "$RUN_DIR/pids"

cat <<MSG

  Sécurité du Quotidien tourne en local.
  Ouvrez http://127.0.0.1:$PLAYGROUND_PORT dans votre navigateur pour discuter avec le bot.
  Journaux : $RUN_DIR/ (bot.log, playground.log, azurite.log)
  Ctrl+C pour tout arrêter (les données des tables restent dans $STATE_DIR/azurite).

MSG
# Returns when a service stops on its own, or at once on Ctrl+C (the INT trap runs).
wait -n "${groups[@]}" || true
echo "Un des services s'est arrêté : voir les journaux dans $RUN_DIR/." >&2
exit 1
