#!/usr/bin/env bash
# Benchmark of the SLA/escalation feature on a dedicated database.
# Usage: bench/escalation_bench.sh [--tickets N]   (default from CS_BENCH_SCALE)
source "$(dirname "$0")/lib.sh"
DB=${CS_BENCH_DB:-cs_bench_escalation}
bench_db "$DB" customer_service
bench_python "$REPO_DIR/bench/escalation_bench.py" -d "$DB" \
  --tickets "$(bench_size 10000 100000)" "$@"
