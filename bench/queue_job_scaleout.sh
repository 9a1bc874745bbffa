#!/usr/bin/env bash
# Long jobs shared by several servers: the escalation pass and retention run as queue
# jobs on the channel root.customer_service, first with two Odoo servers
# (--workers=2 each, queue_job server-wide) on one database, then with one server,
# on the same amount of fresh work. The crons of the servers are due at once:
# ir.cron lets one of them plan the batches; queue_job's runner (one master per
# database) sends each job through a round-robin proxy to a server, as a load
# balancer in front of several machines would. The report counts the jobs per
# server and any ticket or contact processed twice or not at all.
#
# Usage: CS_BENCH_DB=<db> bench/queue_job_scaleout.sh [tickets] [contacts]
#   sizes by default from CS_BENCH_SCALE (bench_size: small 1,000, full 20,000 each).
#   CS_BENCH_ESC_BATCH and CS_BENCH_RET_BATCH size the jobs (8 and 10 per run); the
#   ports are CS_TEST_PORT + 10 to + 14. Prints one BENCH line (bench/run_all.sh).
source "$(dirname "$0")/lib.sh"
DB=${CS_BENCH_DB:-cs_bench_queue}
TICKETS=${1:-$(bench_size 1000 20000)}
CONTACTS=${2:-$TICKETS}
# Batches sized so that every run makes 8 escalation and 10 retention jobs.
ESC_BATCH=${CS_BENCH_ESC_BATCH:-$(( (TICKETS + 7) / 8 ))}
RET_BATCH=${CS_BENCH_RET_BATCH:-$(( (CONTACTS + 9) / 10 ))}
PY="$VENV/bin/python"
SCRIPT="$REPO_DIR/bench/queue_job_scaleout.py"
PORT_A=$((BENCH_PORT + 10)); PORT_B=$((BENCH_PORT + 12)); PORT_LB=$((BENCH_PORT + 14))
step() { CS_BENCH_STEP=$1 bench_shell "$DB" "$SCRIPT" "${@:2}"; }
sql() { psql -qtA -d "$DB" -c "$1"; }

bench_db "$DB" customer_service,queue_job
CRONS="SELECT res_id FROM ir_model_data WHERE module = 'customer_service'
       AND name IN ('ir_cron_cs_escalation', 'ir_cron_cs_retention')"
# Batches small enough that the default size makes several jobs of each kind.
action() {
  echo "SELECT ir_actions_server_id FROM ir_cron WHERE id = (SELECT res_id FROM ir_model_data
        WHERE module = 'customer_service' AND name = '$1')"
}
sql "UPDATE ir_act_server SET code = 'model._cron_cs_escalation(batch_size=$ESC_BATCH)'
       WHERE id = ($(action ir_cron_cs_escalation));
     UPDATE ir_act_server SET code = 'model._cron_cs_retention(batch_size=$RET_BATCH)'
       WHERE id = ($(action ir_cron_cs_retention));
     -- One pass per run: the escalation cron's own 5 minutes would start a second.
     UPDATE ir_cron SET interval_number = 1, interval_type = 'days' WHERE id IN ($CRONS)" >/dev/null
step seed CS_BENCH_TICKETS="$TICKETS" CS_BENCH_CONTACTS="$CONTACTS"

pids=()
stop_servers() {
  local p kids=()
  for p in "${pids[@]}"; do kids+=($(pgrep -P "$p" || true)); done
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  # A graceful stop waits for the workers' requests: 10 s, then they are killed.
  for _ in $(seq 1 10); do
    kill -0 "${pids[@]}" "${kids[@]}" 2>/dev/null || break
    sleep 1
  done
  for p in "${pids[@]}" "${kids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  pids=()
}
trap stop_servers EXIT

# run SET PORT... : the due work of SET done by the servers on PORT...
run() {
  local set=$1; shift
  local ports=("$@") port since left start mains=() names=(A B) spec=""
  step switch CS_BENCH_SET="$set"
  # Nothing due while the servers start: the cron workers would take it at once.
  sql "UPDATE ir_cron SET nextcall = now() AT TIME ZONE 'UTC' + interval '1 day'" >/dev/null
  "$PY" "$SCRIPT" proxy "$PORT_LB" "${ports[@]}" &
  pids+=($!)
  for port in "${ports[@]}"; do
    # Started directly (not through a function) so that $! is the server's pid.
    ODOO_QUEUE_JOB_CHANNELS="root:$((2 * ${#ports[@]})),root.customer_service:$((2 * ${#ports[@]}))" \
    ODOO_QUEUE_JOB_PORT=$PORT_LB \
      "$PY" "$ODOO_HOME/odoo-bin" --addons-path="$ADDONS" --data-dir="$STATE_DIR/data" -d "$DB" \
      --workers=2 --max-cron-threads=1 --load=base,web,queue_job \
      --http-interface=127.0.0.1 --http-port="$port" --gevent-port=$((port + 1)) \
      --db-filter="^$DB\$" --log-level=warn --limit-time-real=600 --limit-time-cpu=600 \
      >"$STATE_DIR/scaleout-$DB-$port.log" 2>&1 &
    pids+=($!); mains+=($!)
  done
  for port in "${ports[@]}"; do
    for _ in $(seq 1 120); do
      curl -sf "http://127.0.0.1:$port/web/health" >/dev/null && break
      sleep 1
    done
  done
  since=$(sql "SELECT now() AT TIME ZONE 'UTC'")
  sql "UPDATE ir_cron SET nextcall = now() AT TIME ZONE 'UTC' - interval '1 minute',
         active = TRUE WHERE id IN ($CRONS)" >/dev/null
  sql "NOTIFY cron_trigger, '$DB'" >/dev/null
  start=$SECONDS
  while :; do
    sleep 1
    left=$(sql "SELECT
      (SELECT COUNT(*) FROM queue_job WHERE channel = 'root.customer_service'
          AND state NOT IN ('done', 'failed', 'cancelled'))
    + (SELECT COUNT(*) FROM ir_cron WHERE id IN ($CRONS)
          AND (nextcall < now() AT TIME ZONE 'UTC' OR lastcall IS NULL
               OR lastcall < '$since'))")
    [ "$left" = 0 ] && break
    [ $((SECONDS - start)) -gt 900 ] && { echo "timed out with $left jobs or crons left"; break; }
  done
  for i in "${!mains[@]}"; do
    spec+="${names[$i]}:$(pgrep -d, -P "${mains[$i]}") "
  done
  step report CS_BENCH_SET="$set" CS_BENCH_PIDS="$spec" CS_BENCH_SINCE="$since" \
    | tee "$STATE_DIR/scaleout-$DB-report-$set.txt"
  stop_servers
}

echo "Set 1: $TICKETS tickets + $CONTACTS contacts, two servers (--workers=2 each)"
run 1 "$PORT_A" "$PORT_B"
echo "Set 2: the same amount of work, one server (--workers=2)"
run 2 "$PORT_A"
IFS='|' read -r _ _ ms2 split2 twice2 missed2 jobs2 < <(grep '^SCALEOUT|' "$STATE_DIR/scaleout-$DB-report-1.txt")
IFS='|' read -r _ _ ms1 split1 twice1 missed1 jobs1 < <(grep '^SCALEOUT|' "$STATE_DIR/scaleout-$DB-report-2.txt")
ratio=$(awk -v a="$ms2" -v b="$ms1" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
echo "BENCH|escalation + retention as queue jobs, $TICKETS tickets + $CONTACTS contacts: 2 servers vs 1 (--workers=2 each)|$ms2|$ms1|$ratio|jobs A/B $split2 (one server: $jobs1), twice $((twice1 + twice2)), missed $((missed1 + missed2))"
