#!/usr/bin/env bash
# Builds and runs every test project, then prints one line: "N passed, M failed" (", K skipped" may follow).
# As root (as in CI) it installs what the tests need with apt: the PostgreSQL server, Chromium, CJK fonts, npm,
# Dovecot's IMAP server and python3-aiosmtpd (the mail tests), python3-scipy (the statistics' reference values),
# LibreOffice Writer and poppler-utils (the Word report is opened with soffice --headless and its PDF read with
# pdftotext), nginx (the scale-out test).
# The tests start their own throwaway PostgreSQL cluster; nothing else has to be running.
set -uo pipefail
cd "$(dirname "$0")"
started=$(date +%s)

need=()
ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || need+=(postgresql)
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || need+=(chromium)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || need+=(fonts-noto-cjk)
# The mail tests run a real IMAP server (Dovecot) and a real SMTP server (aiosmtpd, on Debian's Python).
[ -x /usr/sbin/dovecot ] || need+=(dovecot-imapd)
/usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null || need+=(python3-aiosmtpd)
# The statistics are checked against scipy on Debian's Python (StatisticsReferenceTests).
/usr/bin/python3 -c 'import scipy' 2>/dev/null || need+=(python3-scipy)
command -v soffice >/dev/null || need+=(libreoffice-writer-nogui)
command -v pdftotext >/dev/null || need+=(poppler-utils)
# The scale-out test puts Debian's nginx in front of two Portal instances (deploy/nginx/evaluation.conf).
[ -x /usr/sbin/nginx ] || need+=(nginx)
# The builds install front-end packages with npm: the captcha widget (Portal) and ECharts (Admin); skipped once
# they are in wwwroot/lib.
{ [ -f src/Portal/wwwroot/lib/altcha/altcha.js ] && [ -f src/Admin/wwwroot/lib/echarts/echarts.min.js ]; } || command -v npm >/dev/null || need+=(npm)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "Installing ${need[*]} ..."
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null \
      || { echo "apt-get install ${need[*]} failed"; echo "0 passed, 1 failed"; exit 1; }
  else
    echo "Missing: ${need[*]}. Install them with: sudo apt-get install ${need[*]}"
    echo "0 passed, 1 failed"
    exit 1
  fi
fi

# Clusters left behind by an aborted earlier run (a test run or the benchmark killed before it could stop its own):
# older than two hours, so never one of a run going on beside this one.
for dir in $(find /tmp -maxdepth 1 -name "evaluation-tests-*" -mmin +120 2>/dev/null); do
  [ -d "$dir" ] || continue
  if pgrep -f "$dir/data" >/dev/null; then
    pg_ctl=$(ls /usr/lib/postgresql/*/bin/pg_ctl | sort -V | tail -1)
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1
    else "$pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1; fi
  fi
  rm -rf "$dir"
done

echo "Building ..."
if ! dotnet build Evaluation.sln -c Release -nologo -v quiet -clp:ErrorsOnly; then
  echo "Build failed."
  echo "0 passed, 1 failed"
  exit 1
fi

passed=0; failed=0; skipped=0; status=0
for project in $(find tests -name '*.Tests.csproj' | sort); do
  log=$(mktemp)
  dotnet test "$project" -c Release --no-build -nologo 2>&1 | tee "$log"
  code=${PIPESTATUS[0]}
  summary=$(grep -E '(Passed|Failed)!\s+-\s+Failed:' "$log" | tail -n 1)
  if [[ $summary =~ Failed:\ +([0-9]+),\ +Passed:\ +([0-9]+),\ +Skipped:\ +([0-9]+) ]]; then
    failed=$((failed + BASH_REMATCH[1])); passed=$((passed + BASH_REMATCH[2])); skipped=$((skipped + BASH_REMATCH[3]))
    [ "$code" -ne 0 ] && [ "${BASH_REMATCH[1]}" -eq 0 ] && failed=$((failed + 1))
  else
    echo "$project: the test run did not finish."
    failed=$((failed + 1))
  fi
  [ "$code" -ne 0 ] && status=1
  rm -f "$log"
done

echo "Test time: $(( $(date +%s) - started )) s"
line="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && line="$line, $skipped skipped"
echo "$line"
[ "$failed" -eq 0 ] && [ "$status" -eq 0 ]
