# Shared settings for the harness scripts. Sourced, not run.
set -euo pipefail
REPO_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ODOO_HOME=${ODOO_HOME:-/opt/odoo19}
CACHE_DIR=${CS_CACHE_DIR:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/customer_service}
# Databases' files, logs and the addons folder live outside the checkout: a folder inside
# it would hold a symlink back to the checkout, which code scanners would follow forever.
STATE_DIR=${CS_STATE_DIR:-$CACHE_DIR/state-$(echo "$REPO_DIR" | sha256sum | cut -c1-8)}
PY=${CS_PYTHON:-python3}

die() { echo "error: $*" >&2; exit 2; }

check_odoo_home() {
  if [ ! -f "$ODOO_HOME/odoo-bin" ] || [ ! -f "$ODOO_HOME/odoo/release.py" ]; then
    cat >&2 <<MSG
error: the Odoo 19.0 Community source was not found at ODOO_HOME=$ODOO_HOME (no odoo-bin or
odoo/release.py there). This addon runs on a real Odoo 19.0, which no package registry ships, so its
source must be laid out on this machine first: bring a snapshot of Odoo 19.0 (the developers' guide
names it) and run ../shared/odoo-source.sh <its git directory>, which copies the Community tree to
/opt/odoo19; or set ODOO_HOME to the folder that holds an Odoo 19.0 Community checkout, then run
this command again.
MSG
    exit 2
  fi
}

# The venv lives in a machine cache keyed by the requirement files, so fresh clones reuse it.
venv_dir() {
  local key
  key=$(cat "$ODOO_HOME/requirements.txt" "$REPO_DIR/.ci/requirements-dev.txt" "$REPO_DIR/.ci/requirements-tools.txt" "$REPO_DIR/.ci/setup" \
        | sha256sum | cut -c1-12)
  echo "$CACHE_DIR/venv-$key"
}

pg_ready() { pg_isready -q -h "${PGHOST:-localhost}" -p "${PGPORT:-5432}" 2>/dev/null; }

ensure_postgres() {
  if pg_ready; then return 0; fi
  if [ "$(id -u)" = 0 ] && command -v pg_ctlcluster >/dev/null; then
    local ver
    ver=$(pg_lsclusters -h 2>/dev/null | awk 'NR==1{print $1}')
    [ -n "$ver" ] || die "no PostgreSQL cluster found (pg_lsclusters lists none); install postgresql"
    pg_ctlcluster "$ver" main start || true
    for _ in $(seq 1 30); do pg_ready && break; sleep 1; done
    pg_ready || die "PostgreSQL $ver main did not start; see /var/log/postgresql/"
    su postgres -c "psql -tAc \"SELECT 1 FROM pg_roles WHERE rolname='root'\"" | grep -q 1 \
      || su postgres -c "createuser -s root"
  else
    local bin data
    bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
    [ -n "$bin" ] || die "no PostgreSQL server binaries found; install postgresql"
    data="$STATE_DIR/pgdata"
    if [ ! -f "$data/PG_VERSION" ]; then
      mkdir -p "$data"
      "$bin/initdb" -D "$data" -U "$(id -un)" --auth=trust >/dev/null
    fi
    export PGHOST="$STATE_DIR" PGPORT=${PGPORT:-5432}
    "$bin/pg_ctl" -D "$data" -l "$STATE_DIR/pg.log" -o "-k $STATE_DIR -c listen_addresses=''" -w start
  fi
}

# Odoo knows an addon by its folder name: expose this checkout as customer_service.
addons_dir() {
  local d="$STATE_DIR/addons"
  mkdir -p "$d"
  ln -sfn "$REPO_DIR" "$d/customer_service"
  echo "$d"
}

odoo_addons_path() {
  local venv=$1 site
  site=$("$venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
  echo "$ODOO_HOME/odoo/addons,$ODOO_HOME/addons,$site/odoo/addons,$(addons_dir)"
}
