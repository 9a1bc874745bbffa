#!/usr/bin/env bash
# Benchmark of the SLA/escalation feature on a dedicated database.
# Usage: bench/escalation_bench.sh [tickets=100000]
source "$(dirname "$0")/../.ci/lib.sh"
check_odoo_home
VENV=$("$REPO_DIR/.ci/setup")
ensure_postgres
DB=${CS_BENCH_DB:-cs_bench_escalation}
ADDONS=$(odoo_addons_path "$VENV")
if ! psql -lqt | cut -d'|' -f1 | grep -qw "$DB"; then
  echo "Creating $DB with customer_service (no demo data)…"
  "$VENV/bin/python" "$ODOO_HOME/odoo-bin" --addons-path="$ADDONS" \
    --data-dir="$STATE_DIR/data" -d "$DB" -i customer_service \
    --stop-after-init --log-level=warn --http-port=0 >/dev/null
fi
export PYTHONPATH="$ODOO_HOME${PYTHONPATH:+:$PYTHONPATH}"
exec "$VENV/bin/python" -u "$REPO_DIR/bench/escalation_bench.py" \
  --addons-path="$ADDONS" --data-dir="$STATE_DIR/data" -d "$DB" "$@"
