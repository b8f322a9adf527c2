#!/usr/bin/env bash
# Measures `analyze` through each aggregation engine on a generated world (issue 16, item 5; results in
# benchmarks/README.md, "Engines").
#
#   benchmarks/engines.sh start                  two clickhouse-server (.ci/clickhouse.sh) on ports of their own
#   benchmarks/engines.sh stop                   stop them and delete their folder
#   benchmarks/engines.sh load WORLD DB          load WORLD/cdr.csv(.gz) twice: DB.cdr, Distributed over both servers with
#                                                the rows alternating (the layout of .ci/clickhouse.sh load and the
#                                                tests), and DB_one.cdr_local, every row on the first server; times both
#   benchmarks/engines.sh run ENGINE WORLD OUT [DB]
#                                                one `analyze --world WORLD --out OUT` under /usr/bin/time -v; ENGINE is
#                                                inprocess, duckdb, ch1 (DB_one.cdr_local on one server) or ch2 (DB.cdr
#                                                over both); prints one line of figures and appends it to $RESULTS
#
# For ch1/ch2 both servers are restarted first (same config and data) so their VmHWM is this run's peak; their CPU is
# utime + stime from /proc/PID/stat over the run; the engine talks to the first server through benchmarks/byte-counter.py,
# which counts the HTTP bytes each way; bytes between the servers (ch2: the second shard's rows to the initiator) are
# the TCP byte counters of the connections to the second server's native port (`ss -ti`), read right after the run.
#
# Environment: CLI (default: the Release build output), RESULTS (default /tmp/engines-results.tsv),
# CALLGRAPH_CLICKHOUSE_HOME and CALLGRAPH_CLICKHOUSE_PORTS as for .ci/clickhouse.sh (defaults here: a folder of its own
# and ports 18123/19000/19009 and 18124/19001/19010, so a test run's cluster on the usual ports is not disturbed),
# COUNTER_PORT (default 18200), CH_SETTINGS (ClickHouse settings for the engine's queries, given in the --connection
# URL's query, e.g. max_memory_usage=10000000000; the servers' profile allows 2 GB per query).
set -uo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
export CALLGRAPH_CLICKHOUSE_HOME=${CALLGRAPH_CLICKHOUSE_HOME:-${TMPDIR:-/tmp}/callgraph-engines-bench}
export CALLGRAPH_CLICKHOUSE_PORTS=${CALLGRAPH_CLICKHOUSE_PORTS:-18123 19000 19009 18124 19001 19010}
read -r -a ports <<< "$CALLGRAPH_CLICKHOUSE_PORTS"
home=$CALLGRAPH_CLICKHOUSE_HOME
cli=${CLI:-$repo/src/CallGraph.Cli/bin/Release/net10.0/CallGraph.Cli}
results=${RESULTS:-/tmp/engines-results.tsv}
counter_port=${COUNTER_PORT:-18200}

die() { echo "engines.sh: $*" >&2; exit 1; }
answers() { curl -fsS --max-time 2 "http://127.0.0.1:$1/?query=SELECT%201" 2>/dev/null | grep -qx 1; }
server_pid() { cat "$home/shard$1/server.pid"; }
# utime + stime of a process, in clock ticks.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
hwm_kb() { awk '/^VmHWM/ {print $2}' "/proc/$1/status"; }
cdr_file() { for f in "$1/cdr.csv.gz" "$1/cdr.csv"; do [ -f "$f" ] && { echo "$f"; return; }; done; die "no cdr.csv(.gz) in $1"; }

# Stops and starts both servers on their existing config and data: a fresh process has a fresh VmHWM.
restart_servers() {
  local i pid
  for i in 1 2; do
    pid=$(server_pid $i)
    kill "$pid" 2>/dev/null
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$pid" 2>/dev/null && die "server $i (pid $pid) did not stop"
    clickhouse-server --config-file="$home/shard$i/config.xml" --pid-file="$home/shard$i/server.pid" --daemon \
      >>"$home/shard$i/log/stdout.log" 2>&1 || die "server $i did not start; see $home/shard$i/log"
  done
  for _ in $(seq 1 120); do answers "${ports[0]}" && answers "${ports[3]}" && return 0; sleep 0.5; done
  die "servers did not answer after the restart"
}

# Sums a TCP counter (bytes_acked: sent by the local end; bytes_received) over the established connections whose
# local port is $1, i.e. the sockets a server holds for its clients.
tcp_bytes() {
  ss -tinH state established "( sport = :$1 )" 2>/dev/null \
    | awk -v key="$2" '{for (i = 1; i <= NF; i++) if (index($i, key ":") == 1) {split($i, kv, ":"); s += kv[2]}} END {print s + 0}'
}

# /usr/bin/time -v's figures: wall seconds, user seconds, sys seconds, max RSS in kB.
time_figures() {
  awk -F': ' '
    /Elapsed \(wall clock\)/ { n = split($2, p, ":"); w = 0; for (i = 1; i <= n; i++) w = w * 60 + p[i] }
    /User time/ { u = $2 } /System time/ { s = $2 } /Maximum resident/ { m = $2 }
    END { printf "%.2f\t%.2f\t%.2f\t%d", w, u, s, m }' "$1"
}

load() {
  local world=$1 db=$2 file
  file=$(cdr_file "$world")
  answers "${ports[0]}" || die "no server on ${ports[0]}: run $0 start"
  echo "load $file: $(uptime)"
  # The tables .ci/clickhouse.sh load makes (a String column per header name; DB.cdr_local on both servers with the
  # rows alternating, DB.cdr Distributed over both on the first), plus DB_one.cdr_local with every row on the first.
  # The rows are streamed to clickhouse-client: .ci/clickhouse.sh load posts them with curl --data-binary @-, which
  # holds the whole insert in memory and fails at 100M rows ("curl: option --data-binary: out of memory").
  local cat=cat header columns fields one=${db}_one i
  case "$file" in *.gz) cat="gzip -dc" ;; esac
  header=$($cat "$file" | head -n 1 | tr -d '\r')
  columns=$(printf '%s\n' "$header" | awk -F, '{for (i = 1; i <= NF; i++) printf "%s`%s` String", (i > 1 ? ", " : ""), $i}')
  fields=$(printf '%s\n' "$header" | awk -F, '{print NF}')
  for i in 0 3; do
    clickhouse-client --port "${ports[$((i + 1))]}" --multiquery --query "DROP DATABASE IF EXISTS $db; CREATE DATABASE $db;
      CREATE TABLE $db.cdr_local ($columns) ENGINE = MergeTree ORDER BY tuple()" || die "creating $db failed"
  done
  clickhouse-client --port "${ports[1]}" --multiquery --query "CREATE TABLE $db.cdr AS $db.cdr_local ENGINE = Distributed(callgraph_cluster, $db, cdr_local);
    DROP DATABASE IF EXISTS $one; CREATE DATABASE $one; CREATE TABLE $one.cdr_local ($columns) ENGINE = MergeTree ORDER BY tuple()" \
    || die "creating $db.cdr or $one failed"
  local insert="INSERT INTO %s.cdr_local FORMAT TabSeparated"
  # Two shards: row n (from 0) to server n mod 2, commas to tabs (the generator writes no quotes, tabs or backslashes);
  # rows with another field count than the header are left out, as .ci/clickhouse.sh load does.
  export cat file fields
  local shard1 shard2
  shard1="clickhouse-client --port ${ports[1]} --query '$(printf "$insert" "$db")'"
  shard2="clickhouse-client --port ${ports[4]} --query '$(printf "$insert" "$db")'"
  export shard1 shard2
  /usr/bin/time -v bash -c '$cat "$file" | tail -n +2 | tr -d "\r" | awk -F, -v fields="$fields" -v s1="$shard1" -v s2="$shard2" \
      '"'"'NF != fields { if (NF > 0) skipped++; next } { gsub(/,/, "\t"); if (n++ % 2 == 0) print | s1; else print | s2 }
          END { print "rows left out for their field count: " skipped + 0 > "/dev/stderr"; if (close(s1) != 0 || close(s2) != 0) exit 1 }'"'"'' \
    2>"$home/load-$db.time" || { cat "$home/load-$db.time" >&2; die "loading $db failed"; }
  echo "2 shards ($db.cdr): wall, user, sys, max RSS kB of the loading pipeline and its clients: $(time_figures "$home/load-$db.time"); $(grep -m1 'rows left out' "$home/load-$db.time")"
  local one_client
  one_client="clickhouse-client --port ${ports[1]} --query '$(printf "$insert" "$one")'"
  export one_client
  /usr/bin/time -v bash -c '$cat "$file" | tail -n +2 | tr -d "\r" | awk -F, -v fields="$fields" '"'"'NF == fields { gsub(/,/, "\t"); print }'"'"' \
      | eval "$one_client"' 2>"$home/load-$one.time" || { cat "$home/load-$one.time" >&2; die "loading $one failed"; }
  echo "1 shard ($one.cdr_local): wall, user, sys, max RSS kB of the loading pipeline and its client: $(time_figures "$home/load-$one.time")"
  local http="http://127.0.0.1:${ports[0]}/"
  echo "rows: $db.cdr $(curl -fsS "$http" --data-binary "SELECT count() FROM $db.cdr"), $one.cdr_local $(curl -fsS "$http" --data-binary "SELECT count() FROM $one.cdr_local")"
  echo "on disk: $(du -sh "$home/shard1/data/data/$db" | cut -f1) + $(du -sh "$home/shard2/data/data/$db" | cut -f1) ($db on servers 1 and 2), $(du -sh "$home/shard1/data/data/$one" | cut -f1) ($one)"
}

run() {
  local engine=$1 world=$2 out=$3 db=${4:-}
  local args=(analyze --world "$world" --out "$out" --quiet)
  local clickhouse=0 table=""
  case "$engine" in
    inprocess) ;;
    duckdb) args+=(--engine duckdb) ;;
    ch1) clickhouse=1; table=${db}_one.cdr_local ;;
    ch2) clickhouse=1; table=$db.cdr ;;
    *) die "unknown engine $engine (inprocess, duckdb, ch1, ch2)" ;;
  esac
  local counter_pid="" counts="$home/counts-$$" cpu1 cpu2 p1 p2
  if [ "$clickhouse" = 1 ]; then
    [ -n "$db" ] || die "$engine needs DB"
    restart_servers
    p1=$(server_pid 1); p2=$(server_pid 2)
    cpu1=$(cpu_ticks "$p1"); cpu2=$(cpu_ticks "$p2")
    python3 "$repo/benchmarks/byte-counter.py" "$counter_port" "${ports[0]}" "$counts" &
    counter_pid=$!
    for _ in $(seq 1 50); do [ -s "$counts" ] && break; sleep 0.1; done
    args+=(--engine clickhouse --connection "http://127.0.0.1:$counter_port/${CH_SETTINGS:+?$CH_SETTINGS}" --cdr-table "$table")
  fi
  local load timefile="$home/run-$$.time"
  mkdir -p "$home"
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  /usr/bin/time -v "$cli" "${args[@]}" 2>"$timefile" >/dev/null
  local rc=$?
  [ $rc = 0 ] || { cat "$timefile" >&2; [ -n "$counter_pid" ] && kill "$counter_pid"; die "analyze exited with $rc"; }
  local figures server="-" bytes="-"
  figures=$(time_figures "$timefile")
  if [ "$clickhouse" = 1 ]; then
    local tick ib_sent ib_received
    tick=$(getconf CLK_TCK)
    ib_sent=$(tcp_bytes "${ports[4]}" bytes_acked); ib_received=$(tcp_bytes "${ports[4]}" bytes_received)
    server=$(awk -v a="$(( $(cpu_ticks "$p1") - cpu1 ))" -v b="$(( $(cpu_ticks "$p2") - cpu2 ))" -v t="$tick" -v h1="$(hwm_kb "$p1")" -v h2="$(hwm_kb "$p2")" \
      'BEGIN { printf "server1 %.2f s CPU, VmHWM %d kB; server2 %.2f s CPU, VmHWM %d kB", a / t, h1, b / t, h2 }')
    sleep 0.5
    kill "$counter_pid"
    bytes="HTTP $(cat "$counts"); between servers: server2 sent $ib_sent, received $ib_received"
  fi
  local line
  line=$(printf '%s\t%s\t%s\tload %s\t%s\t%s\t%s' "$engine" "$world" "$figures" "$load" "$server" "$bytes" "$([ "$clickhouse" = 1 ] && echo "${CH_SETTINGS:-}")")
  echo "$line" >> "$results"
  echo "engine world wall user sys maxRSS_kB load server bytes"
  echo "$line"
}

case "${1:-}" in
  start) "$repo/.ci/clickhouse.sh" start ;;
  stop) "$repo/.ci/clickhouse.sh" stop ;;
  load) shift; [ $# = 2 ] || die "usage: $0 load WORLD DB"; load "$@" ;;
  run) shift; [ $# -ge 3 ] || die "usage: $0 run ENGINE WORLD OUT [DB]"; run "$@" ;;
  *) echo "usage: $0 start|stop|load WORLD DB|run ENGINE WORLD OUT [DB]" >&2; exit 2 ;;
esac
