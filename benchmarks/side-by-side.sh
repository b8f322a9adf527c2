#!/usr/bin/env bash
# analyze against the analyst's plain DuckDB SQL job (benchmarks/CallGraph.Benchmarks/AnalystSqlJob.cs) on one
# world folder with a plain cdr.csv, interleaved (a b a b ...), and prints each run, the medians and the ratio
# analyze / analyst of the median walls. Wall, user+sys CPU and peak RSS come from /usr/bin/time.
#
#   benchmarks/side-by-side.sh WORLD_DIR [RUNS] [CLI]
#
# CLI is the callgraph executable to time; by default the self-contained composite publish that the README's
# "Performance" section recommends is built into out/cli-sc first.
set -euo pipefail
world=${1:?usage: side-by-side.sh WORLD_DIR [RUNS] [CLI]}
runs=${2:-5}
root=$(cd "$(dirname "$0")/.." && pwd)
cli=${3:-}
if [[ -z $cli ]]; then
  dotnet publish "$root/src/CallGraph.Cli" -c Release -r linux-x64 --self-contained -o "$root/out/cli-sc" >/dev/null
  cli=$root/out/cli-sc/CallGraph.Cli
fi
dotnet build "$root/benchmarks/CallGraph.Benchmarks" -c Release >/dev/null
bench="$root/benchmarks/CallGraph.Benchmarks/bin/Release/net10.0/CallGraph.Benchmarks.dll"
[[ -f $world/cdr.csv ]] || { echo "side-by-side: $world/cdr.csv not found (the analyst's job reads a plain CSV)" >&2; exit 2; }
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
survey=()
[[ -f $world/survey.csv ]] && survey=(--survey "$world/survey.csv")
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for ((i = 1; i <= runs; i++)); do
  /usr/bin/time -f "%e %U %S %M" -o "$scratch/a$i" "$cli" analyze --world "$world" "${survey[@]}" --out "$scratch/out" --quiet 2>/dev/null
  /usr/bin/time -f "%e %U %S %M" -o "$scratch/b$i" dotnet "$bench" analyst-sql "$world" "$scratch/sql" >/dev/null
  printf 'run %d  analyze %s s (cpu %s s, %s MB)  analyst-sql %s s (cpu %s s, %s MB)\n' "$i" \
    $(awk '{printf "%s %.2f %d", $1, $2 + $3, $4 / 1024}' "$scratch/a$i") $(awk '{printf "%s %.2f %d", $1, $2 + $3, $4 / 1024}' "$scratch/b$i")
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
median() { sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
a=$(cat "$scratch"/a* | awk '{print $1}' | median)
b=$(cat "$scratch"/b* | awk '{print $1}' | median)
am=$(cat "$scratch"/a* | awk '{print $4 / 1024}' | median)
bm=$(cat "$scratch"/b* | awk '{print $4 / 1024}' | median)
awk -v a="$a" -v b="$b" -v am="$am" -v bm="$bm" 'BEGIN {printf "median wall: analyze %.2f s, analyst-sql %.2f s, ratio %.2f; median peak: %.0f MB against %.0f MB\n", a, b, a / b, am, bm}'
