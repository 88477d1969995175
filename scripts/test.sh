#!/usr/bin/env bash
# Runs the whole test suite from a clean checkout: installs the pinned tools, builds, tests.
# Each test fixture that needs Azurite or the Agents Playground starts its own on a free
# loopback port, from node_modules installed here.
set -euo pipefail
cd "$(dirname "$0")/.."

npm ci --no-audit --no-fund --loglevel=error
dotnet restore SecuriteQuotidien.sln --locked-mode
dotnet build SecuriteQuotidien.sln --no-restore -c Release -nologo -clp:ErrorsOnly

rm -rf TestResults
status=0
dotnet test SecuriteQuotidien.sln --no-build -c Release --nologo \
  --logger "trx" --logger "console;verbosity=minimal" \
  --results-directory TestResults "$@" || status=$?

node scripts/test-summary.js TestResults
exit $status
