#!/usr/bin/env bash
# Builds a dedicated database with customer_service (no demo), then runs
# bench/cdr_import_bench.py in odoo-bin shell. Usage: bench/cdr_import_bench.sh [db]
source "$(dirname "$0")/../.ci/lib.sh"
check_odoo_home
VENV=$("$REPO_DIR/.ci/setup")
ensure_postgres
DB=${1:-cs_bench_cdr}
ADDONS=$(odoo_addons_path "$VENV")
if ! psql -lqt | cut -d'|' -f1 | grep -qw "$DB"; then
  "$VENV/bin/python" "$ODOO_HOME/odoo-bin" --addons-path="$ADDONS" -d "$DB" \
    -i customer_service --without-demo=all --stop-after-init --log-level=warn \
    --http-port="${CS_TEST_PORT:-8169}" --gevent-port="${CS_TEST_GEVENT_PORT:-8172}"
fi
"$VENV/bin/python" "$ODOO_HOME/odoo-bin" shell --addons-path="$ADDONS" -d "$DB" \
  --log-level=warn --http-port="${CS_TEST_PORT:-8169}" \
  --gevent-port="${CS_TEST_GEVENT_PORT:-8172}" < "$REPO_DIR/bench/cdr_import_bench.py"
