#!/usr/bin/env bash
# Usage: bench/gdpr_retention.sh [contacts] — times the GDPR retention job.
source "$(dirname "$0")/lib.sh"
DB=${CS_BENCH_DB:-cs_bench_gdpr}
bench_db "$DB" customer_service
bench_shell "$DB" "$REPO_DIR/bench/gdpr_retention.py" \
  CS_BENCH_CONTACTS="${1:-$(bench_size 2000 20000)}"
