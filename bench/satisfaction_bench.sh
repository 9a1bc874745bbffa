#!/usr/bin/env bash
# Builds a dedicated database with customer_service (no demo), then runs
# bench/satisfaction_bench.py in odoo-bin shell. Usage: bench/satisfaction_bench.sh [db]
source "$(dirname "$0")/lib.sh"
DB=${1:-cs_bench_satisfaction}
bench_db "$DB" customer_service
bench_shell "$DB" "$REPO_DIR/bench/satisfaction_bench.py" \
  CS_BENCH_ROWS="${CS_BENCH_ROWS:-$(bench_size 100000 1000000)}"
