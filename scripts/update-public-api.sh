#!/usr/bin/env bash
# Rewrites PublicAPI.Unshipped.txt of every packable library under src/ from its code: the public API that
# PublicAPI.Shipped.txt (the last release) does not already declare. Run it after changing a public API (or after a
# merge), review the diff of the Unshipped files, commit them. Leaves PublicAPI.Shipped.txt alone: at a release,
# move the Unshipped lines into Shipped by hand.
# Usage: scripts/update-public-api.sh [--check]   (--check: exit 1 when the files are not up to date, change nothing)
set -euo pipefail
cd "$(dirname "$0")/.."
check=false
[ "${1:-}" = "--check" ] && check=true

# The libraries: packable projects under src/ that are not the tool (the analyzer is wired in src/Directory.Build.targets).
projects=()
for proj in src/*/*.csproj; do
  grep -q '<IsPackable>true</IsPackable>' "$proj" || continue
  grep -q '<PackAsTool>true</PackAsTool>' "$proj" && continue
  projects+=("$proj")
done

backup="$(mktemp -d)"
trap 'rm -rf "$backup"' EXIT
for proj in "${projects[@]}"; do
  dir="$(dirname "$proj")"
  [ -f "$dir/PublicAPI.Shipped.txt" ] || printf '#nullable enable\n' > "$dir/PublicAPI.Shipped.txt"
  [ -f "$dir/PublicAPI.Unshipped.txt" ] && cp "$dir/PublicAPI.Unshipped.txt" "$backup/$(basename "$dir").txt"
  # Start from nothing, so entries of removed or changed API go too.
  printf '#nullable enable\n' > "$dir/PublicAPI.Unshipped.txt"
done

# The analyzer's code fix for RS0016 ("not part of the declared public API") adds each missing symbol to the Unshipped
# file; the fix edits nothing else. One project at a time: over the whole solution the fixer filled only one project.
for proj in "${projects[@]}"; do
  dotnet format analyzers "$proj" --diagnostics RS0016 --severity info --verbosity quiet
done

status=0
for proj in "${projects[@]}"; do
  dir="$(dirname "$proj")"
  file="$dir/PublicAPI.Unshipped.txt"
  # Stable order, header first, so that regenerating gives the same file and diffs show only real changes.
  { head -n 1 "$file"; tail -n +2 "$file" | LC_ALL=C sort -u; } > "$file.sorted" && mv "$file.sorted" "$file"
  old="$backup/$(basename "$dir").txt"
  if [ -f "$old" ] && cmp -s "$old" "$file"; then
    echo "$file: unchanged ($(($(wc -l < "$file") - 1)) entries)"
  else
    echo "$file: updated ($(($(wc -l < "$file") - 1)) entries)"
    status=1
    if $check; then [ -f "$old" ] && cp "$old" "$file"; fi
  fi
done
if $check; then exit $status; fi
