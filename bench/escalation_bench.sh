#!/usr/bin/env bash
# Benchmark of the SLA/escalation feature on a dedicated database: batch create with
# and without the SLA, and the evaluator pass at two sizes (the reference is the
# small pass scaled up, so a ratio above 1 means the pass grows faster than tickets).
# Usage: bench/escalation_bench.sh [--tickets N] [--small N] [--at UTC]  (default from
# CS_BENCH_SCALE; CS_BENCH_ESC_AT gives --at, e.g. 2026-12-02T09:00, a working hour)
source "$(dirname "$0")/lib.sh"
DB=${CS_BENCH_DB:-cs_bench_escalation}
bench_db "$DB" customer_service
tickets=$(bench_size 10000 100000)
bench_python "$REPO_DIR/bench/escalation_bench.py" -d "$DB" \
  --tickets "$tickets" --small $((tickets / 5)) ${CS_BENCH_ESC_AT:+--at "$CS_BENCH_ESC_AT"} "$@"
