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

odoo_tree_ok() { [ -f "$1/odoo-bin" ] && [ -f "$1/odoo/release.py" ]; }

# Lays out the Odoo 19.0 Community tree at ODOO_HOME when none is there: from a source archive
# (ODOO_ARCHIVE, by default the one in the shared folder beside the checkout), else with a
# shallow git clone of Odoo's public repository. Concurrent runs wait for each other.
check_odoo_home() {
  odoo_tree_ok "$ODOO_HOME" && return 0
  local archive=${ODOO_ARCHIVE:-}
  if [ -z "$archive" ]; then
    for a in "$REPO_DIR/../shared/odoo/odoo-19.0-community.tar.zst" "$REPO_DIR/shared/odoo/odoo-19.0-community.tar.zst"; do
      [ -f "$a" ] && { archive=$a; break; }
    done
  fi
  if ! mkdir -p "$ODOO_HOME" 2>/dev/null || [ ! -w "$ODOO_HOME" ]; then
    die "Odoo 19.0 is not installed at $ODOO_HOME and that folder cannot be created by this user.
Set ODOO_HOME to a folder you can write to (for example ODOO_HOME=\$HOME/odoo19) and run the command again."
  fi
  exec 9>"$ODOO_HOME/.layout.lock"
  flock 9
  if odoo_tree_ok "$ODOO_HOME"; then exec 9>&-; return 0; fi
  local tmp
  tmp=$(mktemp -d "$ODOO_HOME/.layout.XXXXXX")
  if [ -n "$archive" ]; then
    [ -f "$archive" ] || die "ODOO_ARCHIVE=$archive does not exist. Point it to an Odoo 19.0 source archive (.tar.zst, .tar.gz) or unset it."
    echo "Laying out Odoo 19.0 from $archive into $ODOO_HOME (a few seconds)..." >&2
    if [[ "$archive" == *.zst ]] && ! command -v zstd >/dev/null && [ "$(id -u)" = 0 ]; then
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq zstd >/dev/null 2>&1 \
        || { apt-get update -qq >/dev/null 2>&1; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq zstd >/dev/null; }
    fi
    case "$archive" in
      *.zst) tar --zstd -xf "$archive" -C "$tmp" ;;
      *) tar -xf "$archive" -C "$tmp" ;;
    esac || die "could not unpack $archive. Check the file is a complete Odoo 19.0 source archive (tar needs zstd for .tar.zst: apt-get install zstd)."
    # An archive may hold the tree itself or one folder with it.
    if ! odoo_tree_ok "$tmp"; then
      local sub
      sub=$(find "$tmp" -mindepth 1 -maxdepth 1 -type d | head -1)
      [ -n "$sub" ] && odoo_tree_ok "$sub" && { mv "$sub"/* "$sub"/.[!.]* "$tmp"/ 2>/dev/null || true; rmdir "$sub" 2>/dev/null || true; }
    fi
  else
    echo "No Odoo source archive found; cloning Odoo 19.0 into $ODOO_HOME (several minutes)..." >&2
    command -v git >/dev/null || die "git is needed to download Odoo 19.0 (apt-get install git), or set ODOO_ARCHIVE to an Odoo 19.0 source archive."
    git clone -q --depth 1 --branch 19.0 https://github.com/odoo/odoo.git "$tmp/src" \
      || die "could not download Odoo 19.0 (no network?). Copy an Odoo 19.0 source archive to this machine and set ODOO_ARCHIVE to its path, or set ODOO_HOME to an existing Odoo 19.0 tree."
    mv "$tmp/src"/* "$tmp/src"/.[!.]* "$tmp"/ 2>/dev/null || true
    rmdir "$tmp/src" 2>/dev/null || true
  fi
  odoo_tree_ok "$tmp" || die "what was laid out in $tmp is not an Odoo 19.0 tree (no odoo-bin). Check ODOO_ARCHIVE."
  mv "$tmp"/* "$tmp"/.[!.]* "$ODOO_HOME"/ 2>/dev/null || true
  rm -rf "$tmp"
  exec 9>&-
  odoo_tree_ok "$ODOO_HOME" || die "Odoo 19.0 could not be laid out at $ODOO_HOME."
  echo "Odoo 19.0 is at $ODOO_HOME." >&2
}

# The venv lives in a machine cache keyed by the requirement files, so fresh clones reuse it.
venv_dir() {
  local key
  key=$(cat "$ODOO_HOME/requirements.txt" "$REPO_DIR/.ci/requirements-dev.txt" "$REPO_DIR/.ci/requirements-tools.txt" "$REPO_DIR/.ci/setup" \
        | sha256sum | cut -c1-12)
  echo "$CACHE_DIR/venv-$key"
}

pg_ready() { pg_isready -q -h "${PGHOST:-localhost}" -p "${PGPORT:-5432}" 2>/dev/null; }

ensure_pg_role() {
  # Also when the cluster was already running: a server started by hand has no role
  # for root yet.
  su postgres -c "psql -tAc \"SELECT 1 FROM pg_roles WHERE rolname='root'\"" | grep -q 1 \
    || su postgres -c "createuser -s root"
}

ensure_postgres() {
  if pg_ready; then
    if [ "$(id -u)" = 0 ] && command -v pg_ctlcluster >/dev/null && [ -z "${PGHOST:-}" ]; then
      ensure_pg_role || true
    fi
    return 0
  fi
  if [ "$(id -u)" = 0 ] && command -v pg_ctlcluster >/dev/null; then
    local ver
    ver=$(pg_lsclusters -h 2>/dev/null | awk 'NR==1{print $1}')
    [ -n "$ver" ] || die "no PostgreSQL cluster found (pg_lsclusters lists none); install postgresql"
    pg_ctlcluster "$ver" main start || true
    for _ in $(seq 1 30); do pg_ready && break; sleep 1; done
    pg_ready || die "PostgreSQL $ver main did not start; see /var/log/postgresql/"
    ensure_pg_role
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
