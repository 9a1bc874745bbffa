#!/usr/bin/env bash
# Builds a dedicated database with customer_service (no demo), then runs
# bench/fk_index_bench.py in odoo-bin shell. Usage: bench/fk_index_bench.sh [db]
source "$(dirname "$0")/lib.sh"
DB=${1:-cs_bench_fk}
bench_db "$DB" customer_service
bench_shell "$DB" "$REPO_DIR/bench/fk_index_bench.py" \
  CS_BENCH_TICKETS="${CS_BENCH_TICKETS:-$(bench_size 10000 100000)}"
