#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on loopback for the test matrix, usable by hand and by .ci/run.
#
#   eval "$(.ci/postgres.sh start)"   # installs Debian's postgresql if missing, starts a cluster in a temp
#                                     # dir on a free port, prints `export PARAPET_TEST_POSTGRES_URL=...`
#                                     # and `export PARAPET_POSTGRES_DIR=...`
#   .ci/postgres.sh stop              # stops the cluster in $PARAPET_POSTGRES_DIR and removes it
#
# initdb refuses to run as root: as root the cluster belongs to the `postgres` user (created by the Debian
# package) and runs through runuser. The cluster uses the C locale so text sorts byte-wise, as in SQLite.
set -euo pipefail

pg_bin() {
  if command -v pg_ctl >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1; then
    dirname "$(command -v pg_ctl)"
    return
  fi
  local dir
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  [ -n "$dir" ] && echo "$dir"
}

as_owner() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

start() {
  local bin
  bin="$(pg_bin || true)"
  if [ -z "$bin" ]; then
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    bin="$(pg_bin)"
  fi
  local dir port
  dir="$(mktemp -d /tmp/parapet-pg.XXXXXX)"
  chmod 755 "$dir"
  [ "$(id -u)" = "0" ] && chown postgres:postgres "$dir"
  port="$(free_port)"
  as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --no-locale -E UTF8 >"$dir/initdb.log" 2>&1 || {
    cat "$dir/initdb.log" >&2
    exit 1
  }
  # Loopback only, socket in the cluster's own folder; fsync off: the cluster is thrown away after the run.
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >&2 || {
    cat "$dir/server.log" >&2
    exit 1
  }
  echo "export PARAPET_POSTGRES_DIR=$dir"
  echo "export PARAPET_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:$port/postgres"
}

stop() {
  local dir="${1:-${PARAPET_POSTGRES_DIR:-}}"
  if [ -z "$dir" ] || [ ! -d "$dir/data" ]; then
    echo "postgres.sh stop: no cluster (pass its folder or set PARAPET_POSTGRES_DIR)" >&2
    return 0
  fi
  as_owner "$(pg_bin)/pg_ctl" -D "$dir/data" -m immediate -w stop >&2 || true
  rm -rf "$dir"
}

case "${1:-}" in
  start) start ;;
  stop) stop "${2:-}" ;;
  *)
    echo "usage: $0 start | stop [dir]" >&2
    exit 2
    ;;
esac
