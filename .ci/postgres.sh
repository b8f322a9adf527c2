#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the postgres engine's tests.
#   eval "$(.ci/postgres.sh start)"   initdb's a cluster in a fresh temp folder, starts it on a free port (TCP on
#                                     127.0.0.1 and a unix socket in that folder), creates the database callgraph and
#                                     prints the export lines of CALLGRAPH_POSTGRES_CONNECTION and CALLGRAPH_POSTGRES_DIR
#   .ci/postgres.sh stop [DIR]        stops the cluster in DIR (default $CALLGRAPH_POSTGRES_DIR) and removes the folder
# initdb refuses to run as root, so the cluster belongs to the postgres OS user when the script runs as root.
# Progress and errors go to stderr; only the export lines go to stdout.
set -euo pipefail

find_bin() {
  local dir
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  [ -n "$dir" ] && [ -x "$dir/initdb" ] && echo "$dir"
}

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  local port
  for _ in $(seq 1 200); do
    port=$(( 20000 + RANDOM % 20000 ))
    if ! ss -Htln "sport = :$port" 2>/dev/null | grep -q .; then echo "$port"; return 0; fi
  done
  echo "no free port found" >&2
  return 1
}

start() {
  local bin dir port
  bin="$(find_bin || true)"
  if [ -z "$bin" ]; then
    echo "installing Debian's postgresql" >&2
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; } >&2
    bin="$(find_bin)"
  fi
  dir="$(mktemp -d "${TMPDIR:-/tmp}/callgraph-pg.XXXXXX")"
  chmod 755 "$dir"
  if [ "$(id -u)" -eq 0 ]; then chown postgres: "$dir"; fi
  as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; return 1; }
  port="$(free_port)"
  # Durability is worthless for a throwaway cluster: no fsync makes COPY and CREATE TABLE AS faster.
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >&2 \
    || { cat "$dir/server.log" >&2; return 1; }
  as_owner "$bin/createdb" -h "$dir" -p "$port" -U postgres callgraph >&2
  echo "export CALLGRAPH_POSTGRES_CONNECTION='Host=$dir;Port=$port;Username=postgres;Database=callgraph'"
  echo "export CALLGRAPH_POSTGRES_DIR='$dir'"
}

stop() {
  local dir="${1:-${CALLGRAPH_POSTGRES_DIR:-}}" bin
  if [ -z "$dir" ] || [ ! -d "$dir/data" ]; then echo "no cluster to stop" >&2; return 0; fi
  bin="$(find_bin)"
  as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || true
  rm -rf "$dir"
}

case "${1:-}" in
  start) start ;;
  stop) stop "${2:-}" ;;
  *) echo "usage: $0 start|stop [DIR]" >&2; exit 2 ;;
esac
