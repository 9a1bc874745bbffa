#!/usr/bin/env bash
# Builds a database with customer_service (no demo), loads intakes with extracted text,
# tickets and chatter messages, and times the mass search: ORM path (record rules
# applied) vs the same SQL raw.
# Usage: bench/intake_search.sh [intakes [tickets [messages]]]
#        (database cs_bench_intake, kept for inspection; CS_BENCH_SCALE=full gives
#        100k, 100k, 1M; a rerun at a larger size adds the missing rows)
source "$(dirname "$0")/lib.sh"
DB=${CS_BENCH_DB:-cs_bench_intake}
bench_db "$DB" customer_service
rows=${1:-$(bench_size 10000 100000)}
script=$(mktemp)
trap 'rm -f "$script"' EXIT
{
  echo "ROWS = $rows"
  echo "TICKETS = ${2:-$rows}"
  echo "MESSAGES = ${3:-$((10 * rows))}"
  cat "$REPO_DIR/bench/intake_search.py"
} >"$script"
bench_shell "$DB" "$script"
