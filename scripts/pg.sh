#!/usr/bin/env bash
# A private PostgreSQL cluster under a directory of the project's, no system service needed.
#   pg.sh start DIR PORT [durable|throwaway]   initialise if needed, start, create db "ministore"
#   pg.sh stop DIR
# PostgreSQL refuses to run as root: as root, the cluster runs as the `postgres` user.
set -euo pipefail
cmd=$1 dir=$(realpath -m "$2")
PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)}
[ -x "$PGBIN/pg_ctl" ] || { echo "PostgreSQL binaries not found (looked in /usr/lib/postgresql/*/bin); install postgresql or set PGBIN" >&2; exit 1; }
log() { printf '\033[1;34m[db]\033[0m %s\n' "$*" >&2; }

as_owner() {
  if [ "$(id -u)" = 0 ]; then (cd "$dir" && runuser -u postgres -- "$@"); else "$@"; fi
}

# As root, the postgres user must be able to reach DIR: give traversal (o+x) to ancestors lacking it.
grant_traversal() {
  [ "$(id -u)" = 0 ] || return 0
  id postgres >/dev/null 2>&1 || { echo "running as root needs a 'postgres' user (apt-get install postgresql)" >&2; exit 1; }
  local p=$dir
  while [ "$p" != / ]; do
    p=$(dirname "$p")
    if ! runuser -u postgres -- test -x "$p" 2>/dev/null; then chmod o+x "$p"; fi
  done
  chown -R postgres "$dir"
}

case "$cmd" in
start)
  port=$3 mode=${4:-durable}
  mkdir -p "$dir/sock"
  grant_traversal
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    log "creating a PostgreSQL cluster in $dir/data"
    as_owner "$PGBIN/initdb" -D "$dir/data" -U ministore --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log"
  fi
  if as_owner "$PGBIN/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
    log "PostgreSQL already running ($dir)"
  else
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "Port $port is taken by another program; set MINISTORE_PG_PORT to a free port, or DATABASE_URL to use another database." >&2
      exit 1
    fi
    opts="-p $port -k $dir/sock -c listen_addresses=127.0.0.1 -c max_connections=200"
    [ "$mode" = throwaway ] && opts="$opts -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    as_owner "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 -o "$opts" start >/dev/null
    log "PostgreSQL started on 127.0.0.1:$port ($mode)"
  fi
  if ! "$PGBIN/psql" -h 127.0.0.1 -p "$port" -U ministore -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='ministore'" | grep -q 1; then
    "$PGBIN/createdb" -h 127.0.0.1 -p "$port" -U ministore ministore
  fi
  ;;
stop)
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_owner "$PGBIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null && log "PostgreSQL stopped"
  fi
  ;;
*) echo "usage: pg.sh start DIR PORT [durable|throwaway] | stop DIR" >&2; exit 2 ;;
esac
