#!/usr/bin/env bash
# Starts the bot locally with everything it needs: Azurite (tables on disk under .local/),
# the bot in Development mode (no app id: anonymous, loopback only) and the Microsoft 365 Agents
# Playground bound to 127.0.0.1, so a person can chat with the bot in a browser.
# Another role: PLAYGROUND_CONFIG=scripts/playground/hautes-alpes-referent.yml bash scripts/run-local.sh
set -euo pipefail
cd "$(dirname "$0")/.."

BOT_PORT="${BOT_PORT:-3978}"
PLAYGROUND_PORT="${PLAYGROUND_PORT:-56150}"
TABLE_PORT="${TABLE_PORT:-10002}"
PLAYGROUND_CONFIG="${PLAYGROUND_CONFIG:-scripts/playground/hautes-alpes.yml}"
STATE_DIR=".local"
mkdir -p "$STATE_DIR/azurite"

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
dotnet build src/SecuriteQuotidien.Bot -c Debug -nologo -clp:ErrorsOnly

pids=()
cleanup() {
  # Azurite flushes its on-disk state only on SIGINT.
  for pid in "${pids[@]}"; do kill -INT "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

wait_port() {
  for _ in $(seq 1 150); do
    (echo > "/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.2
  done
  echo "Rien n'écoute sur le port $1 ($2) : voir $STATE_DIR/$2.log" >&2
  exit 1
}

node_modules/.bin/azurite-table --tableHost 127.0.0.1 --tablePort "$TABLE_PORT" \
  --location "$STATE_DIR/azurite" --skipApiVersionCheck --disableProductStyleUrl \
  > "$STATE_DIR/azurite.log" 2>&1 &
pids+=($!)
wait_port "$TABLE_PORT" azurite

ASPNETCORE_ENVIRONMENT=Development \
ConnectionStrings__Tables="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:$TABLE_PORT/devstoreaccount1;" \
  dotnet src/SecuriteQuotidien.Bot/bin/Debug/net10.0/SecuriteQuotidien.Bot.dll \
  --urls "http://127.0.0.1:$BOT_PORT" --contentRoot "$PWD/src/SecuriteQuotidien.Bot" \
  > "$STATE_DIR/bot.log" 2>&1 &
pids+=($!)
wait_port "$BOT_PORT" bot

TEAMSAPPTESTER_BROWSER=none TEAMSAPPTESTER_PORT="$PLAYGROUND_PORT" \
BOT_ENDPOINT="http://127.0.0.1:$BOT_PORT/api/messages" \
M365_AGENTS_PLAYGROUND_CONFIG_PATH="$PLAYGROUND_CONFIG" \
M365_AGENTS_PLAYGROUND_LOGFILE="$STATE_DIR/playground-server.log" \
  node -r ./scripts/playground/bind-loopback.js node_modules/@microsoft/m365agentsplayground/cli.js \
  start --disable-telemetry > "$STATE_DIR/playground.log" 2>&1 &
pids+=($!)
wait_port "$PLAYGROUND_PORT" playground

cat <<MSG

  Sécurité du Quotidien tourne en local.
  Ouvrez http://127.0.0.1:$PLAYGROUND_PORT dans votre navigateur pour discuter avec le bot.
  Journaux : $STATE_DIR/bot.log, $STATE_DIR/playground.log, $STATE_DIR/azurite.log
  Ctrl+C pour tout arrêter (les données des tables restent dans $STATE_DIR/azurite).

MSG
wait -n "${pids[@]}"
echo "Un des services s'est arrêté : voir les journaux dans $STATE_DIR/." >&2
exit 1
