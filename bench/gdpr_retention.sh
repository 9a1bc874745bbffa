#!/usr/bin/env bash
# Usage: bench/gdpr_retention.sh [contacts] — times the GDPR retention job.
source "$(dirname "$0")/../.ci/lib.sh"
check_odoo_home
VENV=$("$REPO_DIR/.ci/setup")
ensure_postgres
DB=${CS_BENCH_DB:-cs_bench_gdpr}
ADDONS=$(odoo_addons_path "$VENV")
if ! psql -lqt | cut -d'|' -f1 | grep -qw "$DB"; then
  "$VENV/bin/python" "$ODOO_HOME/odoo-bin" --addons-path="$ADDONS" \
    --data-dir="$STATE_DIR/data" -d "$DB" -i customer_service --without-demo \
    --stop-after-init --log-level=warn
fi
CS_BENCH_CONTACTS=${1:-2000} "$VENV/bin/python" "$ODOO_HOME/odoo-bin" shell \
  --addons-path="$ADDONS" --data-dir="$STATE_DIR/data" -d "$DB" --log-level=warn \
  --no-http < "$REPO_DIR/bench/gdpr_retention.py"
