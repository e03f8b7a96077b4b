# shellcheck shell=bash
# Shared setup for scripts/run and scripts/test: virtualenv, Odoo source, OS packages,
# the project's own PostgreSQL cluster and the Odoo configuration. Every step is idempotent.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
STATE="$REPO/.run"                      # ignored: logs, rendered configs, caches
VENV="${PQR_VENV:-$REPO/.venv}"
ODOO_SRC="${ODOO_SRC:-/opt/odoo}"
PQR_PG_PORT="${PQR_PG_PORT:-55432}"
ADDONS="pqr_servicios_publicos,pqr_sui_reports"
mkdir -p "$STATE/logs"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 2; }

pick_python() {
    for py in "${PQR_PYTHON:-}" python3.11 python3.12 python3; do
        [ -n "$py" ] && command -v "$py" >/dev/null 2>&1 || continue
        if "$py" -c 'import sys; sys.exit(not ((3, 10) <= sys.version_info[:2] < (3, 13)))'; then
            echo "$py"; return
        fi
    done
    die "Python 3.10 to 3.12 is needed (Odoo 18); none found. Install python3.11 or set PQR_PYTHON."
}

ensure_venv() {
    local stamp="$VENV/.requirements.sha" want
    want=$(cat "$REPO/requirements.txt" "$REPO/requirements-dev.txt" | sha256sum | cut -c1-16)
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then return; fi
    say "Python environment in $VENV (pinned requirements)"
    [ -x "$VENV/bin/python" ] || "$(pick_python)" -m venv "$VENV"
    "$VENV/bin/pip" install -q --disable-pip-version-check -r "$REPO/requirements-dev.txt" \
        2>&1 | grep -v "is ignored: it is neither a file nor a directory" >&2 || true
    "$VENV/bin/python" -c "import psycopg2, holidays, werkzeug, lxml" \
        || die "the Python requirements did not install; see the pip output above"
    echo "$want" > "$stamp"
}

# Odoo 18: an importable `odoo` in the venv, else the source tree at $ODOO_SRC, else the
# official 18.0 community nightly archive fetched into .run/odoo-src.
ensure_odoo() {
    if "$VENV/bin/python" -c "import odoo.release as r, sys; sys.exit(r.version_info[0] != 18)" 2>/dev/null; then
        ODOO_BIN=("$VENV/bin/python" -m odoo)
        ODOO_ADDONS=$("$VENV/bin/python" -c "import odoo, os; print(os.path.join(os.path.dirname(odoo.__file__), 'addons'))")
        return
    fi
    if [ ! -f "$ODOO_SRC/odoo-bin" ] && [ -f "$STATE/odoo-src/odoo-bin" ]; then ODOO_SRC="$STATE/odoo-src"; fi
    if [ ! -f "$ODOO_SRC/odoo-bin" ]; then
        local url="${PQR_ODOO_ARCHIVE:-https://nightly.odoo.com/18.0/nightly/src/odoo_18.0.latest.tar.gz}"
        say "Odoo 18 not found at $ODOO_SRC; fetching $url"
        mkdir -p "$STATE/odoo-src"
        if ! curl -fsSL --connect-timeout 20 --max-time 900 "$url" | tar -xz -C "$STATE/odoo-src" --strip-components=1; then
            rm -rf "$STATE/odoo-src"
            die "Odoo 18.0 Community is missing and could not be downloaded.
  Provide its source tree (the folder holding odoo-bin and odoo/) at /opt/odoo, or set
  ODOO_SRC=/path/to/it; or pip-install Odoo 18 into $VENV. See README, 'Installing Odoo 18'."
        fi
        ODOO_SRC="$STATE/odoo-src"
    fi
    ODOO_BIN=("$VENV/bin/python" "$ODOO_SRC/odoo-bin")
    ODOO_ADDONS="$ODOO_SRC/odoo/addons"
    [ -d "$ODOO_SRC/addons" ] && ODOO_ADDONS="$ODOO_ADDONS,$ODOO_SRC/addons"
    return 0
}

pg_bindir() {
    local d
    for d in "${PQR_PG_BINDIR:-}" /usr/lib/postgresql/*/bin; do
        [ -n "$d" ] && [ -x "$d/initdb" ] && { echo "$d"; return; }
    done
    command -v initdb >/dev/null 2>&1 && { dirname "$(command -v initdb)"; return; }
    return 1
}

# OS packages: PostgreSQL server binaries, Chromium (browser tests), wkhtmltopdf (PDF).
ensure_os_packages() {
    local missing=()
    pg_bindir >/dev/null || [ -n "${PGHOST:-}" ] || missing+=(postgresql)
    command -v chromium >/dev/null 2>&1 || missing+=(chromium)
    command -v wkhtmltopdf >/dev/null 2>&1 || missing+=(wkhtmltopdf)
    fc-list 2>/dev/null | grep -q "DejaVu Sans" || missing+=(fonts-dejavu-core)
    [ ${#missing[@]} -eq 0 ] && return
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        say "Installing OS packages: ${missing[*]}"
        apt-get update -qq >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
    else
        die "missing OS packages: ${missing[*]} (Debian/Ubuntu: sudo apt-get install ${missing[*]})"
    fi
}

# The database server: the user's own if PGHOST is set (standard libpq variables), else the
# project's throwaway cluster under .run/pg (owned by the `postgres` user when run as root).
ensure_postgres() {
    if [ -n "${PGHOST:-}" ]; then
        DB_HOST="$PGHOST"; DB_PORT="${PGPORT:-5432}"; DB_USER="${PGUSER:-$(id -un)}"
        DB_PASSWORD="${PGPASSWORD:-False}"
        return
    fi
    local bindir data sock run_as=()
    bindir=$(pg_bindir) || die "PostgreSQL server binaries (initdb, pg_ctl) not found"
    PG_ROOT="${PQR_PG_DIR:-$STATE/pg}"
    if [ "$(id -u)" = 0 ]; then
        id postgres >/dev/null 2>&1 || die "running as root needs the 'postgres' system user"
        run_as=(runuser -u postgres --)
        # the cluster must be reachable by postgres: fall back to /tmp if the repo is not
        if ! runuser -u postgres -- test -x "$STATE"; then
            PG_ROOT="/tmp/pqr-pg-$(echo "$REPO" | sha256sum | cut -c1-8)"
        fi
    fi
    data="$PG_ROOT/data"; sock="$PG_ROOT/socket"
    mkdir -p "$PG_ROOT"
    [ ${#run_as[@]} -gt 0 ] && chown postgres: "$PG_ROOT"
    if [ ! -f "$data/PG_VERSION" ]; then
        say "Creating the project's PostgreSQL cluster in $data"
        "${run_as[@]}" "$bindir/initdb" -D "$data" -U postgres --auth=trust -E UTF8 \
            --locale=C.UTF-8 >"$STATE/logs/initdb.log" 2>&1 || { cat "$STATE/logs/initdb.log" >&2; die "initdb failed"; }
        "${run_as[@]}" mkdir -p "$sock"
    fi
    if ! "${run_as[@]}" "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1; then
        "${run_as[@]}" "$bindir/pg_ctl" -D "$data" -w -l "$PG_ROOT/server.log" start \
            -o "-k $sock -p $PQR_PG_PORT -c listen_addresses=127.0.0.1 -c fsync=off \
                -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" >/dev/null \
            || { tail -20 "$PG_ROOT/server.log" >&2; die "PostgreSQL did not start"; }
    fi
    DB_HOST="$sock"; DB_PORT="$PQR_PG_PORT"; DB_USER=odoo; DB_PASSWORD=False
    "$bindir/psql" -h "$sock" -p "$PQR_PG_PORT" -U postgres -d postgres -qtAc \
        "SELECT 1 FROM pg_roles WHERE rolname='odoo'" | grep -q 1 \
        || "$bindir/psql" -h "$sock" -p "$PQR_PG_PORT" -U postgres -d postgres -qc \
            "CREATE ROLE odoo LOGIN CREATEDB" >/dev/null
    export PGHOST_PQR="$sock"
}

# Renders config/<template> into .run/<name>.conf
render_config() {
    local template="$1" out="$STATE/$2.conf"
    sed -e "s#@ADDONS_PATH@#$ODOO_ADDONS,$REPO/addons#" \
        -e "s#@DATA_DIR@#$STATE/filestore#" \
        -e "s#@DB_HOST@#$DB_HOST#" -e "s#@DB_PORT@#$DB_PORT#" \
        -e "s#@DB_USER@#$DB_USER#" -e "s#@DB_PASSWORD@#$DB_PASSWORD#" \
        "$REPO/config/$template" > "$out"
    echo "$out"
}

db_exists() {
    "${ODOO_BIN[@]:0:1}" - "$1" <<PY
import sys, psycopg2
kw = dict(host="$DB_HOST", port=$DB_PORT, user="$DB_USER", dbname="postgres")
if "$DB_PASSWORD" != "False":
    kw["password"] = "$DB_PASSWORD"
with psycopg2.connect(**kw) as cn, cn.cursor() as cr:
    cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", (sys.argv[1],))
    sys.exit(0 if cr.fetchone() else 1)
PY
}

drop_db() {
    "${ODOO_BIN[@]:0:1}" - "$1" <<PY
import sys, psycopg2
kw = dict(host="$DB_HOST", port=$DB_PORT, user="$DB_USER", dbname="postgres")
if "$DB_PASSWORD" != "False":
    kw["password"] = "$DB_PASSWORD"
cn = psycopg2.connect(**kw); cn.autocommit = True
cn.cursor().execute('DROP DATABASE IF EXISTS "%s" WITH (FORCE)' % sys.argv[1])
PY
    rm -rf "$STATE/filestore/filestore/$1"
}

# A new database holding base only. Odoo 18 fails to create a database with
# --load-language=es_CO (res_lang url_code clash while base loads its languages), so the
# language comes with the second step, on the existing database.
init_db() { # name logfile [odoo options...]
    local db="$1" log="$2"; shift 2
    "${ODOO_BIN[@]}" -c "$CONF" -d "$db" -i base --stop-after-init --logfile="$log" "$@"
}

setup_all() {
    ensure_os_packages
    ensure_venv
    ensure_odoo
    ensure_postgres
}
