# Helpers for a private PostgreSQL cluster, sourced by run.sh.
# When running as root the cluster runs as the `postgres` user, as PostgreSQL refuses to run as root.

pg_bindir() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then echo "$dir"; return 0; fi
  done
  return 1
}

ensure_postgres_installed() {
  if pg_bindir >/dev/null; then return 0; fi
  if [ "$(id -u)" = 0 ]; then
    echo "Installing the PostgreSQL server with apt ..."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    # Debian starts a system cluster on install; ours is private, so that one is not needed.
    pg_bindir >/dev/null || { echo "PostgreSQL installation failed." >&2; return 1; }
  else
    echo "The PostgreSQL server is missing. Install it with: sudo apt-get install postgresql" >&2
    echo "or set ConnectionStrings__Evaluation to use an existing PostgreSQL." >&2
    return 1
  fi
}

# as_cluster_owner CMD...: runs a command as the owner of the cluster.
as_cluster_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
