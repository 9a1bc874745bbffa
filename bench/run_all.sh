#!/usr/bin/env bash
# Runs every bench script at one scale and prints one table: path, ours, reference,
# ratio, queries, and the lowest and highest load (1 min) while the script ran.
# Usage: CS_BENCH_SCALE=small|full|<number> bench/run_all.sh [script...]
#
# Output convention (for new bench scripts): a script is bench/<name>.sh, sources
# bench/lib.sh, sizes its data with `bench_size SMALL FULL` and, beside any log it
# likes, prints one line per measured path on stdout:
#     BENCH|<path>|<ours ms>|<reference ms>|<ratio ours/reference>|<queries>
# <path> says what is measured and against which reference (e.g. "intake search p95,
# rare word (raw SQL, same tsquery)"); <queries> is free text ("7", "18 vs 12").
# A path measured against two references prints one row per reference, the second
# naming it (ticket_read_create: plain helpdesk_mgmt, then "(reference: helpdesk_mgmt
# + the addon's dependencies)").
# Both sides are measured in the same process, alternating, and a "raw SQL"
# reference runs SQL only. Data loads are rerunnable: a second run at a larger size
# adds the missing rows. A script that fails shows as one FAILED row.
set -uo pipefail
BENCH_DIR=$(cd "$(dirname "$0")" && pwd)
export CS_BENCH_SCALE=${CS_BENCH_SCALE:-small}
if [ $# -gt 0 ]; then
  scripts=("$@")
else
  mapfile -t scripts < <(ls "$BENCH_DIR"/*.sh | grep -vE '/(lib|run_all)\.sh$')
fi
rows=$(mktemp)
loads=$(mktemp)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
# Only ratios measured side by side count when the machine is shared: each script's
# rows say the load (1 min) seen while it ran, sampled every 10 s.
( while :; do cut -d' ' -f1 /proc/loadavg >>"$loads"; sleep 10; done ) &
sampler=$!
trap 'kill $sampler 2>/dev/null; rm -f "$rows" "$loads"' EXIT
load_range() {
  sort -n "$loads" | sed -n '1p;$p' | paste -sd- -
}
for script in "${scripts[@]}"; do
  name=$(basename "$script" .sh)
  log="${TMPDIR:-/tmp}/bench-$name.log"
  echo "== $name (scale $CS_BENCH_SCALE, log $log)" >&2
  cut -d' ' -f1 /proc/loadavg >"$loads"
  if bash "$script" >"$log" 2>&1; then
    load=$(load_range)
    grep '^BENCH|' "$log" | sed "s/^BENCH|/$name|/; s/\$/|$load/" >>"$rows" || true
    grep -q '^BENCH|' "$log" || echo "$name|no BENCH line printed|||||$load" >>"$rows"
  else
    echo "$name|FAILED (see $log)||||||" >>"$rows"
  fi
done
echo
echo "Scale: $CS_BENCH_SCALE; load average (1, 5, 15 min) before: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| script | path | ours ms | reference ms | ratio | queries | load (1 min) |"
echo "|---|---|---:|---:|---:|---|---|"
while IFS='|' read -r script path ours ref ratio queries load; do
  echo "| $script | $path | $ours | $ref | $ratio | $queries | $load |"
done <"$rows"
