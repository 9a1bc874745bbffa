#!/usr/bin/env bash
# Builds a database with customer_service (no demo), loads intakes with extracted
# text and times the mass search: ORM path (record rules applied) vs the same SQL raw.
# Usage: bench/intake_search.sh [rows]   (database cs_bench_intake, kept for inspection)
source "$(dirname "$0")/lib.sh"
DB=${CS_BENCH_DB:-cs_bench_intake}
bench_db "$DB" customer_service
script=$(mktemp)
trap 'rm -f "$script"' EXIT
{ echo "ROWS = ${1:-$(bench_size 10000 100000)}"; cat "$REPO_DIR/bench/intake_search.py"; } >"$script"
bench_shell "$DB" "$script"
