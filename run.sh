#!/usr/bin/env bash
# Sets up what is missing (a private PostgreSQL cluster under .data/, migrations, demo data, the first admin
# account), starts Portal and Admin, and prints their URLs. Ctrl-C stops the sites and the cluster.
# Set ConnectionStrings__Evaluation to use an existing PostgreSQL instead of the private cluster.
set -euo pipefail
cd "$(dirname "$0")"
root=$(pwd)
started=$(date +%s%N)
. scripts/postgres.sh

PORTAL_URL=${PORTAL_URL:-http://127.0.0.1:5080}
ADMIN_URL=${ADMIN_URL:-http://127.0.0.1:5081}
PG_PORT=${EVALUATION_PG_PORT:-55432}
data="$root/.data"
mkdir -p "$data"
command -v dotnet >/dev/null || { echo "The .NET SDK is missing: https://dotnet.microsoft.com/download" >&2; exit 1; }
# The first build installs front-end packages with npm (the captcha widget, ECharts).
if ! { [ -f src/Portal/wwwroot/lib/altcha/altcha.js ] && [ -f src/Admin/wwwroot/lib/echarts/echarts.min.js ]; } && ! command -v npm >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    echo "Installing npm with apt ..."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null
  else
    echo "npm is missing: the first build installs the captcha widget and ECharts with it (sudo apt-get install npm)" >&2
    exit 1
  fi
fi

pids=()
own_cluster=
cleanup() {
  trap - INT TERM EXIT
  trap '' PIPE  # the terminal or a pipe may be gone already; stopping must still finish
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ -n "$own_cluster" ]; then
    echo "Stopping PostgreSQL ..." 2>/dev/null || true
    as_cluster_owner "$(pg_bindir)/pg_ctl" -D "$data/postgres" -m fast stop >/dev/null || true
  fi
}
trap cleanup INT TERM EXIT

if [ -z "${ConnectionStrings__Evaluation:-}" ]; then
  ensure_postgres_installed
  bin=$(pg_bindir)
  cluster="$data/postgres"
  if [ "$(id -u)" = 0 ] && ! runuser -u postgres -- test -x "$data"; then
    echo "The postgres user cannot reach $data; move the checkout to a folder others can enter," >&2
    echo "or set ConnectionStrings__Evaluation to an existing PostgreSQL." >&2
    exit 1
  fi
  if [ ! -s "$data/db-password" ]; then
    (umask 077; head -c 24 /dev/urandom | base64 | tr -d '/+=' > "$data/db-password")
  fi
  if [ ! -f "$cluster/PG_VERSION" ]; then
    echo "Creating a private PostgreSQL cluster in $cluster ..."
    mkdir -p "$cluster"
    pwfile="$data/.pwfile"
    (umask 077; cp "$data/db-password" "$pwfile")
    if [ "$(id -u)" = 0 ]; then chown postgres: "$cluster" "$pwfile"; fi
    as_cluster_owner "$bin/initdb" -D "$cluster" -U evaluation --pwfile="$pwfile" -E UTF8 --locale=C.UTF-8 \
      --auth-local=scram-sha-256 --auth-host=scram-sha-256 >"$data/initdb.log"
    rm -f "$pwfile"
  fi
  if ! as_cluster_owner "$bin/pg_ctl" -D "$cluster" status >/dev/null 2>&1; then
    touch "$data/postgres.log"
    [ "$(id -u)" = 0 ] && chown postgres: "$data/postgres.log"
    as_cluster_owner "$bin/pg_ctl" -D "$cluster" -l "$data/postgres.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k /tmp" start >/dev/null
    own_cluster=1
  fi
  export ConnectionStrings__Evaluation="Host=127.0.0.1;Port=$PG_PORT;Database=evaluation;Username=evaluation;Password=$(cat "$data/db-password")"
fi

echo "Building ..."
dotnet build Evaluation.Apps.slnf -c Release -nologo -v quiet -clp:ErrorsOnly
# healthy URL: true when URL/healthz answers 200 (curl if present, else bash's /dev/tcp).
healthy() {
  if command -v curl >/dev/null; then curl -fsS -o /dev/null "$1/healthz" 2>/dev/null; return; fi
  local hostport=${1#http://} reply
  exec 3<>"/dev/tcp/${hostport%:*}/${hostport#*:}" 2>/dev/null || return 1
  printf 'GET /healthz HTTP/1.0\r\nHost: %s\r\n\r\n' "$hostport" >&3
  read -r reply <&3 || true
  exec 3>&- 3<&-
  [[ $reply == *" 200 "* ]]
}
cli() { dotnet "src/Cli/bin/Release/net10.0/evaluation.dll" "$@"; }
# The Data Protection keys are stored encrypted with a certificate kept here, outside the database (made once).
export DataProtection__CertificatePath=${DataProtection__CertificatePath:-$data/keys/key-protection.pfx}
cli key-certificate "$DataProtection__CertificatePath" >/dev/null
cli migrate >/dev/null
if [ "${1:-}" = reset-password ]; then cli reset-password "${2:-admin}"; exit; fi
if [ "${1:-}" = remove-demo ]; then cli remove-demo; exit; fi
cli seed-demo
admin_line=$(cli ensure-admin)
# Least privilege: migrations and the commands above run as the owner of the tables; each site connects as a login
# role of its own (passwords in .data/<site>-db-password), with only its grants (db/roles.sql explains them).
if ! logins=$(cli site-logins "$data" --print=true); then
  echo "Could not create the sites' database roles: the owner needs CREATEROLE, or create them with db/roles.sql." >&2
  exit 1
fi
site_db() { printf '%s\n' "$logins" | awk -F '\t' -v site="$1" '$1 == site { print $2 }'; }

# Another program (or an earlier run.sh) on the sites' ports would answer the health checks in their place.
for url in "$PORTAL_URL" "$ADMIN_URL"; do
  hostport=${url#http://}
  if (exec 3<>"/dev/tcp/${hostport%:*}/${hostport#*:}") 2>/dev/null; then
    echo "Something already listens on $url: stop it, or set PORTAL_URL / ADMIN_URL to free ports." >&2
    exit 1
  fi
done

export ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Production}
# The proof-of-work captcha is on (the default provider); its signing key is kept so that a restart does not
# invalidate challenges already handed out. Data Protection keys live in the database, encrypted (see above).
if [ ! -s "$data/captcha-key" ]; then
  (umask 077; head -c 32 /dev/urandom | base64 | tr -d '/+=' > "$data/captcha-key")
fi
export Captcha__ProofOfWork__HmacKey=${Captcha__ProofOfWork__HmacKey:-$(cat "$data/captcha-key")}
(cd src/Portal && ConnectionStrings__Evaluation=$(site_db portal) exec dotnet bin/Release/net10.0/Evaluation.Portal.dll --urls "$PORTAL_URL") &
pids+=($!)
(cd src/Admin && ConnectionStrings__Evaluation=$(site_db admin) PortalUrl="$PORTAL_URL" exec dotnet bin/Release/net10.0/Evaluation.Admin.dll --urls "$ADMIN_URL") &
pids+=($!)
# The mail worker (e-mail intake and the outbox) only when a mailbox is configured.
if [ -n "${Mail__Imap__Host:-}" ]; then
  (cd src/Mail && ConnectionStrings__Evaluation=$(site_db mail) PortalUrl="$PORTAL_URL" exec dotnet bin/Release/net10.0/Evaluation.Mail.dll) &
  pids+=($!)
fi

for url in "$PORTAL_URL" "$ADMIN_URL"; do
  for _ in $(seq 1 300); do
    healthy "$url" && break
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null || { echo "A site failed to start." >&2; exit 1; }; done
    sleep 0.2
  done
done
elapsed_ms=$(( ($(date +%s%N) - started) / 1000000 ))

cat <<MSG

  Evaluation is running (ready in $((elapsed_ms / 1000)).$(printf %03d $((elapsed_ms % 1000))) s).
  Portal (public site): $PORTAL_URL
  Admin  (staff site):  $ADMIN_URL
MSG
[ -n "${Mail__Imap__Host:-}" ] && echo "  Mail worker:         reading ${Mail__Imap__UserName:-}@${Mail__Imap__Host}, sending through ${Mail__Smtp__Host:-?}"
case "$admin_line" in
  "admin account created"*)
    echo "  First admin login:   ${admin_line#admin account created: }"
    echo "  (shown this once, to be changed at the first sign-in. A new one: ./run.sh reset-password admin)";;
  *)
    echo "  Admin login: the administrator made on the first run (a new password: ./run.sh reset-password admin)";;
esac
# The demo's closed consultation, whose findings show every kind of figure (db/demo/0007, src/Cli/DemoHistory.cs).
demo_consultation=$(cli demo-consultation 2>/dev/null || true)
cat <<MSG

  Try this:
    - Portal: the decisions in force and the demo consultation, open for an opinion: $PORTAL_URL
      look up a demo opinion's receipt RSDE-M000-007Q (its disposition and reason): $PORTAL_URL/Lookup
      published results with "you said, we did": $PORTAL_URL/Results
    - Admin: sign in at $ADMIN_URL/Account/Login with the admin login above
MSG
if [ -n "$demo_consultation" ]; then
  echo "    - the findings of the demo's closed consultation (six standards, before/after, channels, campaign):"
  echo "      $ADMIN_URL/Findings/consultation/$demo_consultation"
fi
cat <<MSG
    - Admin: 评估项目 holds the demo evaluation in implementation and the finished one; 绩效统计 shows the
      departments' figures (Art. 34). Demo records carry the mark 演示数据; before real use: ./run.sh remove-demo
MSG
echo
echo "  Press Ctrl-C to stop."
wait -n "${pids[@]}" || true
