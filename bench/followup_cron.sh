#!/usr/bin/env bash
# The follow-up cron's e-mail step against core mass mailing, on a dedicated database.
# Usage: bench/followup_cron.sh [partners]   (default from CS_BENCH_SCALE)
source "$(dirname "$0")/lib.sh"
DB=${CS_BENCH_DB:-cs_bench_followup}
bench_db "$DB" customer_service
"$VENV/bin/python" -u "$REPO_DIR/bench/followup_cron.py" --db "$DB" --addons-path "$ADDONS" \
  --partners "${1:-$(bench_size 500 5000)}"
