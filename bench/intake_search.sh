#!/usr/bin/env bash
# Builds a database with customer_service (no demo), loads 100k intakes with extracted
# text, tickets and chatter messages, and times the mass search: ORM path (record
# rules applied) vs the same SQL raw.
# Usage: bench/intake_search.sh [intakes [tickets [messages]]]
#        (database cs_bench_intake, kept for inspection; 100k, 100k, 1M by default)
set -euo pipefail
REPO_DIR=$(cd "$(dirname "$0")/.." && pwd)
source "$REPO_DIR/.ci/lib.sh"
VENV=$("$REPO_DIR/.ci/setup")
DB=${CS_BENCH_DB:-cs_bench_intake}
if ! psql -lqt | cut -d'|' -f1 | grep -qw "$DB"; then
  "$VENV/bin/python" "$ODOO_HOME/odoo-bin" --addons-path="$(odoo_addons_path "$VENV")" \
    --data-dir="$STATE_DIR/data" -d "$DB" -i customer_service --without-demo=all \
    --http-port=0 --stop-after-init --log-level=warn
fi
"$VENV/bin/python" "$ODOO_HOME/odoo-bin" shell --addons-path="$(odoo_addons_path "$VENV")" \
  --data-dir="$STATE_DIR/data" -d "$DB" --log-level=warn --no-http \
  < <(echo "ROWS = ${1:-100000}"; echo "TICKETS = ${2:-${1:-100000}}"
       echo "MESSAGES = ${3:-$((10 * ${1:-100000}))}"; cat "$REPO_DIR/bench/intake_search.py")
