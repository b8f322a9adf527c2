#!/usr/bin/env bash
# A two-shard ClickHouse cluster on localhost for the ClickHouse engine's tests.
#
#   .ci/clickhouse.sh start   install Debian's clickhouse-server when missing, start two servers, print their env
#   .ci/clickhouse.sh stop    stop both servers and delete their folder
#   .ci/clickhouse.sh env     print the export lines the tests read (CALLGRAPH_CLICKHOUSE_*)
#   .ci/clickhouse.sh load CDR_FILE [DATABASE]
#                             load a CDR CSV (plain or .gz, no quoted fields, as `callgraph generate` writes) into
#                             DATABASE (default callgraph): a String column per header name in DATABASE.cdr_local on
#                             both servers, rows alternating between them, and DATABASE.cdr, Distributed over both, on
#                             the first; rows with another field count than the header are left out and counted
#
# Each server runs as the current user with its own config, data and logs under $CALLGRAPH_CLICKHOUSE_HOME
# (default: a folder under the temp dir), on its own ports. Both know the cluster "callgraph_cluster": two shards
# of one replica each, shard 1 on the first server and shard 2 on the second, so a Distributed table on either
# server reads both. Ports can be moved with CALLGRAPH_CLICKHOUSE_PORTS="http1 tcp1 inter1 http2 tcp2 inter2".
set -uo pipefail

home="${CALLGRAPH_CLICKHOUSE_HOME:-${TMPDIR:-/tmp}/callgraph-clickhouse}"
read -r -a ports <<< "${CALLGRAPH_CLICKHOUSE_PORTS:-8123 9000 9009 8124 9001 9010}"
cluster=callgraph_cluster

install_if_missing() {
  command -v clickhouse-server >/dev/null 2>&1 && return 0
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clickhouse-server clickhouse-client >/dev/null; } \
    || { echo "could not install clickhouse-server" >&2; return 1; }
}

# The servers of the cluster, as they appear in every instance's remote_servers.
cluster_xml() {
  echo "    <remote_servers>"
  echo "        <$cluster>"
  for tcp in "${ports[1]}" "${ports[4]}"; do
    echo "            <shard><replica><host>127.0.0.1</host><port>$tcp</port></replica></shard>"
  done
  echo "        </$cluster>"
  echo "    </remote_servers>"
}

# Minimal config.xml derived from the package's /etc/clickhouse-server/config.xml: no TLS, no graphite, no
# ZooKeeper, loopback only, small caches (the CI machine is shared), UTC so times read from text are not shifted.
write_config() {
  local dir=$1 http=$2 tcp=$3 inter=$4
  mkdir -p "$dir/data" "$dir/tmp" "$dir/user_files" "$dir/log"
  cat > "$dir/config.xml" <<XML
<?xml version="1.0"?>
<yandex>
    <logger>
        <level>warning</level>
        <log>$dir/log/server.log</log>
        <errorlog>$dir/log/error.log</errorlog>
        <size>100M</size>
        <count>1</count>
    </logger>
    <http_port>$http</http_port>
    <tcp_port>$tcp</tcp_port>
    <interserver_http_port>$inter</interserver_http_port>
    <interserver_http_host>127.0.0.1</interserver_http_host>
    <listen_host>127.0.0.1</listen_host>
    <max_connections>256</max_connections>
    <keep_alive_timeout>3</keep_alive_timeout>
    <max_concurrent_queries>50</max_concurrent_queries>
    <uncompressed_cache_size>268435456</uncompressed_cache_size>
    <mark_cache_size>268435456</mark_cache_size>
    <path>$dir/data/</path>
    <tmp_path>$dir/tmp/</tmp_path>
    <user_files_path>$dir/user_files/</user_files_path>
    <users_config>$dir/users.xml</users_config>
    <default_profile>default</default_profile>
    <default_database>default</default_database>
    <timezone>UTC</timezone>
    <mlock_executable>false</mlock_executable>
$(cluster_xml)
    <builtin_dictionaries_reload_interval>3600</builtin_dictionaries_reload_interval>
    <max_session_timeout>3600</max_session_timeout>
    <default_session_timeout>60</default_session_timeout>
</yandex>
XML
  # users.xml: the package's default user, without password, reachable from loopback only.
  cat > "$dir/users.xml" <<'XML'
<?xml version="1.0"?>
<yandex>
    <profiles>
        <default>
            <max_memory_usage>2000000000</max_memory_usage>
            <use_uncompressed_cache>0</use_uncompressed_cache>
            <load_balancing>random</load_balancing>
        </default>
    </profiles>
    <users>
        <default>
            <password></password>
            <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
            <profile>default</profile>
            <quota>default</quota>
        </default>
    </users>
    <quotas>
        <default>
            <interval>
                <duration>3600</duration>
                <queries>0</queries>
                <errors>0</errors>
                <result_rows>0</result_rows>
                <read_rows>0</read_rows>
                <execution_time>0</execution_time>
            </interval>
        </default>
    </quotas>
</yandex>
XML
}

answers() { curl -fsS --max-time 2 "http://127.0.0.1:$1/?query=SELECT%201" 2>/dev/null | grep -qx 1; }

print_env() {
  echo "export CALLGRAPH_CLICKHOUSE_URL=http://127.0.0.1:${ports[0]}"
  echo "export CALLGRAPH_CLICKHOUSE_URLS=http://127.0.0.1:${ports[0]},http://127.0.0.1:${ports[3]}"
  echo "export CALLGRAPH_CLICKHOUSE_CLUSTER=$cluster"
}

start() {
  install_if_missing || return 1
  stop >/dev/null 2>&1
  local i
  for i in 0 1; do
    local dir="$home/shard$((i + 1))" http=${ports[$((i * 3))]} tcp=${ports[$((i * 3 + 1))]} inter=${ports[$((i * 3 + 2))]}
    if answers "$http"; then echo "port $http already answers: another server runs there" >&2; return 1; fi
    write_config "$dir" "$http" "$tcp" "$inter"
    clickhouse-server --config-file="$dir/config.xml" --pid-file="$dir/server.pid" --daemon >"$dir/log/stdout.log" 2>&1 \
      || { echo "clickhouse-server shard$((i + 1)) did not start; see $dir/log" >&2; return 1; }
  done
  # Both must answer, and each must see the whole cluster (shard 2 through shard 1's Distributed reads).
  local waited=0
  until answers "${ports[0]}" && answers "${ports[3]}"; do
    if [ "$waited" -ge 60 ]; then
      echo "clickhouse servers did not answer within 60 s; logs:" >&2
      tail -n 20 "$home"/shard*/log/*.log >&2
      return 1
    fi
    sleep 1
    waited=$((waited + 1))
  done
  print_env
}

stop() {
  local pidfile pid
  for pidfile in "$home"/shard*/server.pid; do
    [ -f "$pidfile" ] || continue
    pid=$(cat "$pidfile")
    if [ -n "$pid" ] && kill "$pid" 2>/dev/null; then
      for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      kill -9 "$pid" 2>/dev/null
    fi
  done
  rm -rf "$home"
}

# Runs one statement on the server whose HTTP port is $1; the statement is the request body.
statement() { curl -fsS "http://127.0.0.1:$1/" --data-binary "$2" >/dev/null || { echo "statement failed on port $1: $2" >&2; return 1; }; }

load() {
  local file=${1:-} db=${2:-callgraph}
  [ -f "$file" ] || { echo "usage: $0 load CDR_FILE [DATABASE]" >&2; return 2; }
  local cat=cat
  case "$file" in *.gz) cat="gzip -dc" ;; esac
  local header columns
  header=$($cat "$file" | head -n 1 | tr -d '\r')
  columns=$(printf '%s\n' "$header" | awk -F, '{for (i = 1; i <= NF; i++) printf "%s`%s` String", (i > 1 ? ", " : ""), $i}')
  local fields
  fields=$(printf '%s\n' "$header" | awk -F, '{print NF}')
  local i http
  for i in 0 1; do
    http=${ports[$((i * 3))]}
    statement "$http" "DROP DATABASE IF EXISTS $db" && statement "$http" "CREATE DATABASE $db" \
      && statement "$http" "CREATE TABLE $db.cdr_local ($columns) ENGINE = MergeTree ORDER BY tuple()" || return 1
  done
  statement "${ports[0]}" "CREATE TABLE $db.cdr AS $db.cdr_local ENGINE = Distributed($cluster, $db, cdr_local)" || return 1
  local query
  query=$(printf 'INSERT INTO %s.cdr_local FORMAT TabSeparated' "$db" | sed 's/ /%20/g')
  for i in 0 1; do
    http=${ports[$((i * 3))]}
    # Row n (from 0) goes to shard n mod 2; commas become tabs (the generator writes no quotes, tabs or backslashes).
    $cat "$file" | tail -n +2 | tr -d '\r' | awk -F, -v shard="$i" -v fields="$fields" 'NF == fields { if (n++ % 2 == shard) { gsub(/,/, "\t"); print } }' \
      | curl -fsS "http://127.0.0.1:$http/?query=$query" --data-binary @- || { echo "insert into shard $((i + 1)) failed" >&2; return 1; }
  done
  local skipped
  skipped=$($cat "$file" | tail -n +2 | awk -F, -v fields="$fields" 'NF != fields && NF > 0' | wc -l)
  echo "loaded $file into $db.cdr (Distributed over $cluster); rows left out for their field count: $skipped"
  curl -fsS "http://127.0.0.1:${ports[0]}/" --data-binary "SELECT count() FROM $db.cdr"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  env) print_env ;;
  load) shift; load "$@" ;;
  *) echo "usage: $0 start|stop|env|load CDR_FILE [DATABASE]" >&2; exit 2 ;;
esac
