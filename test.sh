#!/usr/bin/env bash
# The one test command (README, .ci/run): every .NET test project, then the CRM extensions. Every suite runs even when
# an earlier one fails; a summary line per suite is printed at the end and the exit code is non-zero if any failed.
set -uo pipefail
cd "$(dirname "$0")"

# Debian packages some suites need (.ci/run installs them): say what is missing instead of failing obscurely.
missing=()
[ -x /usr/bin/chromium ] || missing+=("chromium (browser tests of the PCF control and the card preview)")
/usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null || missing+=("python3-aiosmtpd (the loopback SMTP server of the email tests)")
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || missing+=("postgresql (warehouse-source tests start their own server)")
command -v openssl >/dev/null || missing+=("openssl (the webhook signature recipe)")
for m in "${missing[@]}"; do echo "test.sh: missing Debian package: $m" >&2; done
if [ -z "${TRIG_SPECS_DIR:-}" ]; then
  echo "test.sh: TRIG_SPECS_DIR is not set: the contract tests against the vendors' OpenAPI specs will report Skipped" >&2
fi

summary=()
failed=0
run() { # name, command...
  local name=$1; shift
  echo "== $name"
  local start=$SECONDS
  if "$@"; then summary+=("PASS  $name ($((SECONDS - start)) s)"); else summary+=("FAIL  $name ($((SECONDS - start)) s)"); failed=1; fi
}

run "dotnet build" dotnet build Trig.Crm.sln --nologo -v q
for proj in tests/*/*.Tests.csproj; do
  run "$(basename "$proj" .csproj)" dotnet test "$proj" --no-build --nologo
done

run "crm-extensions/common copies current" node crm-extensions/common/sync.mjs --check
# web/admin: its npm test also checks that the committed bundle (src/Trig.Crm.Worker/wwwroot/admin) equals a fresh build.
for ext in crm-extensions/common crm-extensions/hubspot crm-extensions/dynamics web/admin; do
  run "$ext" bash -c "cd '$ext' && npm ci --no-audit --no-fund --loglevel=error && npm test"
done

echo
echo "== summary"
printf '%s\n' "${summary[@]}"
for m in "${missing[@]}"; do echo "MISSING  $m"; done
exit $failed
