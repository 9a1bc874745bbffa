# Shared prologue of the bench scripts. Sourced, not run.
#
# Gives REPO_DIR, VENV, ADDONS, STATE_DIR, BENCH_SCALE and:
#   bench_db NAME MODULES [--with-demo|--without-demo=all]  create NAME once with MODULES
#   bench_shell DB SCRIPT [VAR=value...]   run SCRIPT (stdin) in odoo-bin shell on DB
#   bench_python SCRIPT ARGS...            run a standalone SCRIPT with Odoo importable
#   bench_size SMALL FULL                  the size for the chosen scale
# The output convention of every script is documented in bench/run_all.sh.
source "$(dirname "${BASH_SOURCE[0]}")/../.ci/lib.sh"
check_odoo_home
VENV=$("$REPO_DIR/.ci/setup")
ensure_postgres
ADDONS=$(odoo_addons_path "$VENV")
# small: minutes on a laptop, to check the scripts; full: the issue's sizes; or a number.
BENCH_SCALE=${CS_BENCH_SCALE:-small}
BENCH_PORT=${CS_TEST_PORT:-8169}
BENCH_GEVENT_PORT=${CS_TEST_GEVENT_PORT:-8172}
export PYTHONPATH="$ODOO_HOME${PYTHONPATH:+:$PYTHONPATH}"

bench_size() {
  case "$BENCH_SCALE" in
    small) echo "$1" ;;
    full) echo "$2" ;;
    *[!0-9]*) die "CS_BENCH_SCALE must be small, full or a number, not $BENCH_SCALE" ;;
    *) echo "$BENCH_SCALE" ;;
  esac
}

bench_db() {
  local db=$1 modules=$2 demo=${3:---without-demo=all} code
  # A database kept from an earlier run is upgraded when the addon's code changed,
  # so a rerun at a larger size measures today's code on yesterday's rows.
  code=$(cd "$REPO_DIR" && find . \( -path ./.git -o -path ./bench \) -prune -o -type f \
    \( -name '*.py' -o -name '*.xml' -o -name '*.csv' \) -print0 | sort -z |
    xargs -0 sha256sum | sha256sum | cut -c1-16)
  if ! psql -lqt | cut -d'|' -f1 | grep -qw "$db"; then
    echo "Creating $db with $modules ($demo)…" >&2
    "$VENV/bin/python" "$ODOO_HOME/odoo-bin" --addons-path="$ADDONS" \
      --data-dir="$STATE_DIR/data" -d "$db" -i "$modules" "$demo" \
      --stop-after-init --log-level=warn --http-port="$BENCH_PORT" \
      --gevent-port="$BENCH_GEVENT_PORT" >&2
  elif [[ ",$modules," == *,customer_service,* ]] &&
    [ "$(psql -qtA -d "$db" -c "SELECT value FROM ir_config_parameter WHERE key = 'cs_bench.code'" 2>/dev/null)" != "$code" ]; then
    echo "Upgrading customer_service on $db to the code on disk…" >&2
    "$VENV/bin/python" "$ODOO_HOME/odoo-bin" --addons-path="$ADDONS" \
      --data-dir="$STATE_DIR/data" -d "$db" -u customer_service \
      --stop-after-init --log-level=warn --http-port="$BENCH_PORT" \
      --gevent-port="$BENCH_GEVENT_PORT" >&2
  fi
  psql -qtA -d "$db" -c "INSERT INTO ir_config_parameter (key, value) VALUES ('cs_bench.code', '$code')
    ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value" >/dev/null
}

bench_shell() {
  local db=$1 script=$2
  shift 2
  env "$@" "$VENV/bin/python" "$ODOO_HOME/odoo-bin" shell --addons-path="$ADDONS" \
    --data-dir="$STATE_DIR/data" -d "$db" --log-level=warn --no-http < "$script"
}

bench_python() {
  local script=$1
  shift
  "$VENV/bin/python" -u "$script" --addons-path="$ADDONS" --data-dir="$STATE_DIR/data" \
    --log-level=warn "$@"
}
