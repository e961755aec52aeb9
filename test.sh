#!/usr/bin/env bash
# The one test command (README, .ci/run): every .NET test project, then both CRM extensions.
set -euo pipefail
cd "$(dirname "$0")"

dotnet test Trig.Crm.sln --nologo

for ext in crm-extensions/hubspot crm-extensions/dynamics; do
  if [ -f "$ext/package.json" ]; then
    echo "== $ext"
    (cd "$ext" && npm ci --no-audit --no-fund && npm test)
  fi
done
