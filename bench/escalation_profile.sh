#!/usr/bin/env bash
# Where the first escalation pass spends its time, per kind of SQL statement.
# Usage: bench/escalation_profile.sh [--tickets N]  (resets CS_BENCH_DB's tickets)
source "$(dirname "$0")/lib.sh"
DB=${CS_BENCH_DB:-cs_bench_escalation}
bench_db "$DB" customer_service
bench_python "$REPO_DIR/bench/escalation_profile.py" -d "$DB" \
  --tickets "$(bench_size 5000 100000)" "$@"
