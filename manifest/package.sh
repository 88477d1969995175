#!/usr/bin/env bash
# Builds the Teams app package manifest/build/securite-quotidien.zip.
#
#   BOT_ID=<botId output of the deployment> BOT_DOMAIN=<appHostName output> bash manifest/package.sh
#
# The bot's command lists are generated from src/SecuriteQuotidien.Bot/Commands/commands.json (one list
# per bot scope) unless the template writes its own, in which case every listed command must be in
# commands.json. The package is refused when the manifest does not validate offline against the
# bundled Teams schema, an icon has the wrong size or colours, a command title exceeds 32 characters,
# or BOT_ID is not a GUID.
#
# Settings (environment):
#   BOT_ID        the bot's Microsoft App Id (GUID); a fixed demo id when unset
#   BOT_DOMAIN    host name of the Web App, no scheme; securite-quotidien.example.fr when unset
#   APP_NAME      name shown in Teams (30 characters at most); "Sécurité du Quotidien" when unset
#   APP_VERSION   app version (raise it for each new upload to Teams); 1.0.0 when unset
# Overrides, for tests or another department's variant:
#   MANIFEST_TEMPLATE, COMMANDS_FILE, COLOR_ICON, OUTLINE_ICON (.svg rendered at its own size, or .png),
#   OUTPUT_DIR (where securite-quotidien.zip is written)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"

# The checks and the zip need the pinned npm tools of the repository root.
for module in @microsoft/app-manifest @resvg/resvg-js pngjs adm-zip; do
  if [ ! -d "$root/node_modules/$module" ]; then
    echo "Installation des outils npm (npm ci)..." >&2
    (cd "$root" && npm ci --no-audit --no-fund --loglevel=error)
    break
  fi
done

# Unset means "demo"; set but empty is an error reported by the Node script.
export BOT_ID="${BOT_ID-7d3f5b9e-2c41-4a8e-9f06-5b1c8e2d4a73}"
export BOT_DOMAIN="${BOT_DOMAIN-securite-quotidien.example.fr}"
export APP_NAME="${APP_NAME-Sécurité du Quotidien}"
export APP_VERSION="${APP_VERSION-1.0.0}"
export MANIFEST_TEMPLATE="${MANIFEST_TEMPLATE:-$here/manifest.template.json}"
export COMMANDS_FILE="${COMMANDS_FILE:-$root/src/SecuriteQuotidien.Bot/Commands/commands.json}"
export COLOR_ICON="${COLOR_ICON:-$here/icons/color.svg}"
export OUTLINE_ICON="${OUTLINE_ICON:-$here/icons/outline.svg}"
export OUTPUT_DIR="${OUTPUT_DIR:-$here/build}"

exec node "$here/build-package.js"
