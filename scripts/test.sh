#!/usr/bin/env bash
# Runs the whole test suite from a clean checkout: installs the pinned tools, builds, tests.
# It starts one in-memory Azurite shared by the test projects (SQ_TABLES_CONNECTION); fixtures
# that need the Agents Playground start it on a free loopback port, from node_modules installed here.
set -euo pipefail
cd "$(dirname "$0")/.."

npm ci --no-audit --no-fund --loglevel=error
# The card rendering test (scripts/render-cards.js) drives Debian's Chromium through playwright-core, which
# downloads no browser. Installed here when missing and this shell may (root, as in CI); elsewhere the test
# reports itself skipped.
if ! command -v chromium >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium) >/tmp/sq-chromium-install.log 2>&1 \
    || echo "Chromium could not be installed (see /tmp/sq-chromium-install.log): the card renderings will be skipped." >&2
fi
dotnet restore SecuriteQuotidien.sln --locked-mode
dotnet build SecuriteQuotidien.sln --no-restore -c Release -nologo -clp:ErrorsOnly

# One in-memory Azurite for the whole run: every fixture isolates itself with its own table
# prefix, and a single emulator keeps parallel test classes from starving a 2-core machine.
table_port=$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
node_modules/.bin/azurite-table --tableHost 127.0.0.1 --tablePort "$table_port" --inMemoryPersistence \
  --skipApiVersionCheck --disableProductStyleUrl > /tmp/sq-test-azurite.log 2>&1 &
azurite_pid=$!
trap 'kill "$azurite_pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do
  (echo > "/dev/tcp/127.0.0.1/$table_port") 2>/dev/null && break
  sleep 0.2
done
export SQ_TABLES_CONNECTION="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:$table_port/devstoreaccount1;"

rm -rf TestResults
status=0
dotnet test SecuriteQuotidien.sln --no-build -c Release --nologo \
  --logger "trx" --logger "console;verbosity=minimal" \
  --results-directory TestResults "$@" || status=$?

node scripts/test-summary.js TestResults
exit $status
