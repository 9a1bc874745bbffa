#!/usr/bin/env bash
# Builds a dedicated database with customer_service (no demo), then imports a generated
# Asterisk Master.csv through the wizard's code path (rows/s, against a raw COPY in the
# same process) and times the monthly indicator. Usage: bench/cdr_import_bench.sh [db]
# (CS_BENCH_ROWS overrides the size: 100k small, 1M full).
source "$(dirname "$0")/lib.sh"
DB=${1:-cs_bench_cdr}
bench_db "$DB" customer_service
CS_BENCH_ROWS=${CS_BENCH_ROWS:-$(bench_size 100000 1000000)}
bench_shell "$DB" "$REPO_DIR/bench/cdr_import_bench.py" CS_BENCH_ROWS="$CS_BENCH_ROWS"
