#!/usr/bin/env bash
# Two Odoo servers (--workers=2, queue_job server-wide) on one database run the
# escalation pass and retention as queue jobs on the channel root.customer_service.
# The crons of both servers are due at once: ir.cron lets one of them plan the
# batches; queue_job's runner (one master per database) sends each job through a
# round-robin proxy to either server, as a load balancer in front of several machines
# would. The report counts the jobs per server and worker and any record processed
# twice. Usage: bench/queue_job_scaleout.sh [tickets=2000] [contacts=2000]
source "$(dirname "$0")/../.ci/lib.sh"
check_odoo_home
VENV=$("$REPO_DIR/.ci/setup")
ensure_postgres
DB=${CS_BENCH_DB:-cs_bench_queue}
ADDONS=$(odoo_addons_path "$VENV")
export CS_BENCH_TICKETS=${1:-2000} CS_BENCH_CONTACTS=${2:-2000}
BASE=${CS_TEST_PORT:-8169}
PORT_A=$((BASE + 10)); PORT_B=$((BASE + 12)); PORT_LB=$((BASE + 14))
PY="$VENV/bin/python"
odoo() { "$PY" "$ODOO_HOME/odoo-bin" --addons-path="$ADDONS" --data-dir="$STATE_DIR/data" -d "$DB" "$@"; }
dropdb --if-exists "$DB" >/dev/null 2>&1 || true
echo "Creating $DB with customer_service and queue_job (no demo data)…"
odoo -i customer_service,queue_job --stop-after-init --log-level=warn --http-port=0 >/dev/null
CS_BENCH_STEP=seed odoo shell --log-level=warn --http-port=0 --no-http \
  < "$REPO_DIR/bench/queue_job_scaleout.py"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
"$PY" "$REPO_DIR/bench/queue_job_scaleout.py" proxy "$PORT_LB" "$PORT_A" "$PORT_B" &
pids+=($!)
export ODOO_QUEUE_JOB_CHANNELS="root:4,root.customer_service:4" ODOO_QUEUE_JOB_PORT=$PORT_LB
for port in "$PORT_A" "$PORT_B"; do
  odoo --workers=2 --max-cron-threads=1 --server-wide-modules=web,queue_job \
    --http-interface=127.0.0.1 --http-port="$port" --gevent-port=$((port + 1)) \
    --db-filter="^$DB\$" --log-level=warn --limit-time-real=600 \
    >"$STATE_DIR/scaleout-$port.log" 2>&1 &
  pids+=($!)
done
main_a=${pids[1]}; main_b=${pids[2]}
sleep 15
start=$SECONDS
psql -q -d "$DB" -c "UPDATE ir_cron SET nextcall = now() AT TIME ZONE 'UTC' - interval '1 minute', active = TRUE
  WHERE id IN (SELECT res_id FROM ir_model_data WHERE module = 'customer_service'
               AND name IN ('ir_cron_cs_escalation', 'ir_cron_cs_retention'))"
# Both servers' cron workers wake up on the notification and compete for the crons.
psql -q -d "$DB" -c "NOTIFY cron_trigger, '$DB'"
while :; do
  sleep 3
  left=$(psql -tAq -d "$DB" -c "SELECT
    (SELECT COUNT(*) FROM queue_job WHERE channel = 'root.customer_service'
        AND state NOT IN ('done', 'failed', 'cancelled'))
  + (SELECT COUNT(*) FROM ir_cron WHERE nextcall < now() AT TIME ZONE 'UTC' AND id IN
        (SELECT res_id FROM ir_model_data WHERE module = 'customer_service'
         AND name IN ('ir_cron_cs_escalation', 'ir_cron_cs_retention')))")
  [ "$left" = 0 ] && break
  [ $((SECONDS - start)) -gt 900 ] && { echo "timed out with $left jobs or crons left"; break; }
done
echo "jobs ran in $((SECONDS - start)) s"
CS_BENCH_PIDS="A:$(pgrep -d, -P "$main_a") B:$(pgrep -d, -P "$main_b")" \
CS_BENCH_STEP=report odoo shell --log-level=warn --http-port=0 --no-http \
  < "$REPO_DIR/bench/queue_job_scaleout.py"
