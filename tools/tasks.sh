#!/usr/bin/env bash
# The README's commands: `make run` and `make test` call this script.
#   tools/tasks.sh run    serve the demo database phone_policy_demo on 127.0.0.1:8069
#   tools/tasks.sh test   throwaway database, install, all tests, static checks
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PYTHON=${PYTHON:-python3}
ADDON=phone_policy
CACHE_DIR=${PHONE_POLICY_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/phone_policy}

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

require_odoo() {
    if ! "$PYTHON" - <<'PY' 2>/dev/null
import sys
import odoo.release
sys.exit(0 if odoo.release.version_info[0] == 18 else 1)
PY
    then
        die "Odoo 18.0 is not importable from $PYTHON: install it first (README.md, section 'Installing Odoo 18.0')."
    fi
    ODOO_ADDONS=$("$PYTHON" -c 'import odoo, os; print(os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(odoo.__file__))), "addons"))')
    [ -d "$ODOO_ADDONS" ] || die "Odoo's addons directory $ODOO_ADDONS is missing: install Odoo from its source tree (README.md)."
}

# The repository root is the addon: expose it to Odoo as `phone_policy`
# through a symlink in an addons directory outside the repository.
expose_addon() {
    ADDONS_DIR="$1"
    mkdir -p "$ADDONS_DIR"
    ln -sfn "$ROOT" "$ADDONS_DIR/$ADDON"
    ADDONS_PATH="$ODOO_ADDONS,$ADDONS_DIR"
}

# A PostgreSQL server the current OS user can reach over the local socket,
# with a role of its own (Odoo refuses to run as `postgres`).
ensure_postgres() {
    if ! pg_isready -q 2>/dev/null; then
        say "Starting PostgreSQL"
        if command -v pg_lsclusters >/dev/null 2>&1; then
            local ver name
            read -r ver name _ < <(pg_lsclusters --no-header | head -n 1) || true
            [ -n "${ver:-}" ] || die "no PostgreSQL cluster found: install Debian's postgresql package."
            pg_ctlcluster "$ver" "$name" start || die "could not start PostgreSQL cluster $ver/$name."
        else
            die "PostgreSQL is not running and there is no cluster to start (install Debian's postgresql package)."
        fi
        for _ in $(seq 1 30); do pg_isready -q && break; sleep 1; done
        pg_isready -q || die "PostgreSQL did not come up."
    fi
    local me
    me=$(id -un)
    if ! psql -d postgres -Atqc 'select 1' >/dev/null 2>&1; then
        if [ "$(id -u)" = 0 ]; then
            runuser -u postgres -- createuser --superuser "$me" \
                || die "could not create the PostgreSQL role $me."
        else
            die "PostgreSQL has no role for $me: run 'sudo -u postgres createuser --createdb $me'."
        fi
    fi
}

manifest_depends() {
    "$PYTHON" - "${1:-$ROOT/__manifest__.py}" <<'PY'
import ast, sys
print(",".join(ast.literal_eval(open(sys.argv[1]).read())["depends"]))
PY
}

manifest_version() {
    "$PYTHON" -c 'import ast, sys; print(ast.literal_eval(sys.stdin.read())["version"])'
}

cmd_run() {
    require_odoo
    ensure_postgres
    expose_addon "$CACHE_DIR/addons"
    local db=phone_policy_demo mode=-i
    if psql -d "$db" -Atqc "select 1 from ir_module_module where name='$ADDON' and state='installed'" 2>/dev/null | grep -q 1; then
        mode=-u
    fi
    say "Preparing database $db ($mode $ADDON, with demo data)"
    "$PYTHON" -m odoo -d "$db" --addons-path="$ADDONS_PATH" "$mode" "$ADDON" \
        --stop-after-init --log-level=warn
    say "Phone Policy is served at http://127.0.0.1:8069 (login admin / admin). Ctrl-C stops it."
    exec "$PYTHON" -m odoo -d "$db" --addons-path="$ADDONS_PATH" \
        --http-interface=127.0.0.1 --http-port=8069 --db-filter="^$db\$" --log-level=info
}

# Install log lines that are not ours to fix (Odoo core noise on this setup).
KNOWN_NOISE='Running as user .root. is a security risk'

cmd_test() {
    require_odoo
    say "Installing the Python test tools (requirements-test.txt)"
    "$PYTHON" -m pip install -q --disable-pip-version-check -r "$ROOT/requirements-test.txt" 2>&1 \
        | grep -vE "^WARNING: (Location|Running pip)" || true
    command -v wkhtmltopdf >/dev/null || die "wkhtmltopdf is missing: PDF tests cannot run (install Debian's wkhtmltopdf)."
    command -v pdftotext >/dev/null || die "pdftotext is missing: PDF tests read the text of the PDFs (install Debian's poppler-utils)."
    command -v chromium >/dev/null || command -v google-chrome >/dev/null \
        || die "Chromium is missing: browser tours cannot run (install Debian's chromium)."
    command -v kamailio >/dev/null && compgen -G "/usr/lib/*/kamailio/modules/db_postgres.so" >/dev/null \
        || die "Kamailio with its PostgreSQL module is missing: the provisioning tests cannot run (install Debian's kamailio and kamailio-postgres-modules)."
    command -v sipsak >/dev/null || die "sipsak is missing: the provisioning tests cannot send REGISTERs (install Debian's sipsak)."
    compgen -G "/usr/lib/*/kamailio/modules/http_client.so" >/dev/null \
        || die "Kamailio's HTTP client module is missing: the live call tests cannot run (install Debian's kamailio-utils-modules)."
    command -v baresip >/dev/null || die "baresip is missing: the live call tests need real SIP phones (install Debian's baresip-core)."
    ensure_postgres

    local log rc=0
    TEST_WORK=$(mktemp -d "${TMPDIR:-/tmp}/phone_policy_test.XXXXXX")
    TEST_DB="phone_policy_test_$$"
    PREVIOUS_DB="phone_policy_previous_$$"
    trap 'dropdb --if-exists "$TEST_DB" >/dev/null 2>&1 || true; dropdb --if-exists "$PREVIOUS_DB" >/dev/null 2>&1 || true; rm -rf "$TEST_WORK"' EXIT
    local work="$TEST_WORK" db="$TEST_DB"
    log="$work/install.log"
    expose_addon "$work/addons"

    local deps
    deps=$(manifest_depends)
    say "Creating $db from a cached template with: $deps"
    click-odoo-initdb -n "$db" -m "$deps" --addons-path="$ADDONS_PATH" \
        --cache-prefix pptest --cache-max-age -1 --cache-max-size 8 --log-level=error

    say "Installing $ADDON"
    if ! "$PYTHON" -m odoo -d "$db" --addons-path="$ADDONS_PATH" -i "$ADDON" \
        --stop-after-init --log-level=warn --logfile="$log"; then
        cat "$log"; die "installing $ADDON failed."
    fi
    if grep -E ' (WARNING|ERROR|CRITICAL) ' "$log" | grep -vE "$KNOWN_NOISE" >"$work/bad.log"; then
        cat "$work/bad.log"; die "installing $ADDON logged warnings or errors (above)."
    fi

    say "Running the tests (pytest-odoo, with the HTTP server for tours and PDFs)"
    # TESTS names paths from the repository root; pytest must see them
    # through the addons directory, under the module's own name
    local targets=("$work/addons/$ADDON/tests") arg
    if [ -n "${TESTS:-}" ]; then
        targets=()
        for arg in $TESTS; do
            if [ -e "$ROOT/${arg%%::*}" ]; then targets+=("$work/addons/$ADDON/$arg"); else targets+=("$arg"); fi
        done
    fi
    (cd "$work/addons/$ADDON" && PYTHONPATH="$ROOT/tools${PYTHONPATH:+:$PYTHONPATH}" \
        "$PYTHON" -m pytest -p pytest_phone_policy -p no:cacheprovider \
        --odoo-database="$db" --odoo-addons-path="$ADDONS_PATH" --odoo-http \
        --odoo-log-level=warn -q -rfEs "${targets[@]}") || rc=1

    if [ -n "${TESTS:-}" ]; then
        # a developer's partial run: only the tests asked for
        if [ "$rc" = 0 ]; then say "The tests asked for passed (TESTS=$TESTS)."; else say "FAILED (see above)."; fi
        return "$rc"
    fi

    say "Upgrade, uninstall and reinstall"
    lifecycle_check "$db" || rc=1

    say "Upgrade from the previous version"
    upgrade_from_previous_check || rc=1

    say "Packaging (whool wheel, installed next to Odoo)"
    packaging_check "$work" || rc=1

    say "Static checks"
    static_checks "$work/addons/$ADDON" || rc=1

    if [ "$rc" = 0 ]; then say "All tests and checks passed."; else say "FAILED (see above)."; fi
    return "$rc"
}

# `-u` keeps every record; uninstalling leaves nothing behind; reinstalling
# (with demo data) logs no warning or error.
lifecycle_check() {
    local db="$1" before after log="$TEST_WORK/lifecycle.log"
    local odoo=("$PYTHON" -m odoo -d "$db" --addons-path="$ADDONS_PATH" --stop-after-init --log-level=warn)
    before=$(click-odoo -d "$db" --addons-path="$ADDONS_PATH" --log-level=error "$ROOT/tools/lifecycle.py" counts) || return 1
    # the database of an older release: the index set before the budget
    click-odoo -d "$db" --addons-path="$ADDONS_PATH" --log-level=error "$ROOT/tools/lifecycle.py" \
        indexes "$TEST_WORK/indexes.json" || return 1
    click-odoo -d "$db" --addons-path="$ADDONS_PATH" --log-level=error "$ROOT/tools/lifecycle.py" age || return 1
    "${odoo[@]}" -u "$ADDON" --logfile="$log" || { cat "$log"; echo "upgrade failed"; return 1; }
    after=$(click-odoo -d "$db" --addons-path="$ADDONS_PATH" --log-level=error "$ROOT/tools/lifecycle.py" counts) || return 1
    if [ "$before" != "$after" ]; then
        echo "upgrading changed the data: before $before"; echo "after $after"; return 1
    fi
    echo "upgrade kept every record: $after"
    click-odoo -d "$db" --addons-path="$ADDONS_PATH" --log-level=error "$ROOT/tools/lifecycle.py" \
        same-indexes "$TEST_WORK/indexes.json" || { echo "the upgrade did not give the index budget"; return 1; }
    click-odoo -d "$db" --addons-path="$ADDONS_PATH" --log-level=error "$ROOT/tools/lifecycle.py" \
        inventory "$TEST_WORK/inventory.json" || return 1
    click-odoo -d "$db" --addons-path="$ADDONS_PATH" --log-level=warn "$ROOT/tools/lifecycle.py" uninstall \
        >>"$log" 2>&1 || { cat "$log"; echo "uninstall failed"; return 1; }
    click-odoo -d "$db" --addons-path="$ADDONS_PATH" --log-level=error "$ROOT/tools/lifecycle.py" \
        orphans "$TEST_WORK/inventory.json" || return 1
    : >"$log"
    "${odoo[@]}" -i "$ADDON" --logfile="$log" || { cat "$log"; echo "reinstall failed"; return 1; }
    if grep -E ' (WARNING|ERROR|CRITICAL) ' "$log" | grep -vE "$KNOWN_NOISE"; then
        echo "reinstalling logged warnings or errors (above)"; return 1
    fi
    echo "reinstalled cleanly."
}

# The commit a database of the previous version was installed from: the
# parent of the commit that last changed the manifest's version, or HEAD
# while the working tree's version is not committed yet.
# PHONE_POLICY_UPGRADE_FROM names another commit.
previous_version_commit() {
    if [ -n "${PHONE_POLICY_UPGRADE_FROM:-}" ]; then
        echo "$PHONE_POLICY_UPGRADE_FROM"; return
    fi
    git -C "$ROOT" rev-parse --git-dir >/dev/null 2>&1 \
        || { echo "not a git checkout: set PHONE_POLICY_UPGRADE_FROM" >&2; return 1; }
    local current committed bump
    current=$(manifest_version <"$ROOT/__manifest__.py")
    committed=$(git -C "$ROOT" show HEAD:__manifest__.py | manifest_version)
    if [ "$current" != "$committed" ]; then echo HEAD; return; fi
    bump=$(git -C "$ROOT" log -1 --format=%H -G'"version"' -- __manifest__.py)
    git -C "$ROOT" rev-parse -q --verify "$bump^" >/dev/null \
        || { echo "the commit before $bump (the last version change) is not in this clone: fetch the history (git fetch --unshallow)" >&2; return 1; }
    echo "$bump^"
}

# A database installed (with demo data) from the previous version, given
# whistle-blowing cases with their messages, followers, attachments and
# activities and the record rules an older database has
# (tools/lifecycle.py seed), is upgraded with `-u` to this one: it keeps
# every record and all that hangs on them under the new names, logs no
# warning, and ends with the rules the files declare (lifecycle.py upgraded).
upgrade_from_previous_check() {
    local rev version prev="$TEST_WORK/previous" db="$PREVIOUS_DB" log="$TEST_WORK/previous.log"
    local prev_path before after
    rev=$(previous_version_commit) || return 1
    mkdir -p "$prev/$ADDON"
    git -C "$ROOT" archive "$rev" | tar -x -C "$prev/$ADDON" \
        || { echo "could not export $rev"; return 1; }
    version=$(manifest_version <"$prev/$ADDON/__manifest__.py")
    echo "previous version: $version ($(git -C "$ROOT" rev-parse --short "$rev")) -> $(manifest_version <"$ROOT/__manifest__.py")"
    prev_path="$ODOO_ADDONS,$prev"
    click-odoo-initdb -n "$db" -m "$(manifest_depends "$prev/$ADDON/__manifest__.py")" \
        --addons-path="$prev_path" --cache-prefix pptest --cache-max-age -1 \
        --cache-max-size 8 --log-level=error || return 1
    "$PYTHON" -m odoo -d "$db" --addons-path="$prev_path" -i "$ADDON" \
        --stop-after-init --log-level=warn --logfile="$log" \
        || { cat "$log"; echo "installing the previous version failed"; return 1; }
    click-odoo -d "$db" --addons-path="$prev_path" --log-level=error \
        "$ROOT/tools/lifecycle.py" seed "$TEST_WORK/previous.json" || return 1
    before=$(click-odoo -d "$db" --addons-path="$prev_path" --log-level=error "$ROOT/tools/lifecycle.py" counts) || return 1
    [ -n "$before" ] || { echo "no record counts from the previous version"; return 1; }
    : >"$log"
    "$PYTHON" -m odoo -d "$db" --addons-path="$ADDONS_PATH" -u "$ADDON" \
        --stop-after-init --log-level=warn --logfile="$log" \
        || { cat "$log"; echo "upgrading from the previous version failed"; return 1; }
    if grep -E ' (WARNING|ERROR|CRITICAL) ' "$log" | grep -vE "$KNOWN_NOISE"; then
        echo "upgrading from the previous version logged warnings or errors (above)"; return 1
    fi
    after=$(click-odoo -d "$db" --addons-path="$ADDONS_PATH" --log-level=error "$ROOT/tools/lifecycle.py" counts) || return 1
    # models the new version adds start empty; every older model keeps its count
    if ! "$PYTHON" -c 'import json, sys
before, after = json.loads(sys.argv[1]), json.loads(sys.argv[2])
changed = {m: (n, after.get(m)) for m, n in before.items() if after.get(m) != n}
added = {m: n for m, n in after.items() if m not in before and n}
sys.exit(1 if changed or added else 0)' "$before" "$after"; then
        echo "upgrading from the previous version changed the data: before $before"; echo "after $after"; return 1
    fi
    echo "upgrade from $version kept every record: $after"
    click-odoo -d "$db" --addons-path="$ADDONS_PATH" --log-level=error \
        "$ROOT/tools/lifecycle.py" upgraded "$TEST_WORK/previous.json" | tee "$TEST_WORK/upgraded.txt" \
        || return 1
    grep -q "^upgraded from the previous version" "$TEST_WORK/upgraded.txt" \
        || { echo "the check after the upgrade said nothing"; return 1; }
    dropdb --if-exists "$db" >/dev/null 2>&1 || true
}

# `pip wheel .` in a checkout named phone_policy builds the OCA-style wheel;
# installed into its own directory next to Odoo, Odoo installs the addon from it.
packaging_check() {
    local work="$1" pkg="$1/pkg" wheel db="phone_policy_wheel_$$"
    mkdir -p "$pkg/phone_policy"
    (cd "$ROOT" && git ls-files -z --cached --others --exclude-standard \
        | xargs -0 cp --parents -t "$pkg/phone_policy")
    (cd "$pkg/phone_policy" && "$PYTHON" -m pip wheel -q --no-deps --no-build-isolation \
        -w "$pkg/dist" . 2>&1 | grep -vE "^WARNING: (Location|Running pip)") || true
    wheel=$(ls "$pkg"/dist/odoo_addon_phone_policy-18.0.*-py3-none-any.whl 2>/dev/null | head -n 1)
    [ -n "$wheel" ] || { echo "no odoo_addon_phone_policy-18.0.*.whl was built"; return 1; }
    echo "built $(basename "$wheel")"
    "$PYTHON" -m pip install -q --no-deps --target "$pkg/site" "$wheel" 2>&1 \
        | grep -vE "^WARNING: (Location|Running pip)" || true
    [ -f "$pkg/site/odoo/addons/$ADDON/__manifest__.py" ] || { echo "the wheel did not install odoo/addons/$ADDON"; return 1; }
    click-odoo-initdb -n "$db" -m "$(manifest_depends)" --addons-path="$ODOO_ADDONS" \
        --cache-prefix pptest --cache-max-age -1 --cache-max-size 8 --log-level=error || return 1
    local ok=0
    PYTHONPATH="$pkg/site" "$PYTHON" -m odoo -d "$db" --addons-path="$ODOO_ADDONS" -i "$ADDON" \
        --stop-after-init --log-level=warn || ok=1
    [ "$ok" = 0 ] && [ "$(psql -d "$db" -Atqc "select state from ir_module_module where name='$ADDON'")" = installed ] \
        || { echo "installing $ADDON from the wheel failed"; ok=1; }
    dropdb --if-exists "$db" >/dev/null 2>&1 || true
    [ "$ok" = 0 ] && echo "installed $ADDON from the wheel alone."
    return "$ok"
}

# Regenerate i18n/phone_policy.pot from a fresh install, then merge it into
# zh_TW.po / zh_CN.po (tools/i18n_sync.py); I18N_APPLY=file.json fills
# zh_TW translations from a {msgid: translation} file first.
cmd_i18n() {
    require_odoo
    ensure_postgres
    local work db
    work=$(mktemp -d "${TMPDIR:-/tmp}/phone_policy_i18n.XXXXXX")
    db="phone_policy_i18n_$$"
    TEST_WORK="$work" TEST_DB="$db"
    trap 'dropdb --if-exists "$TEST_DB" >/dev/null 2>&1 || true; rm -rf "$TEST_WORK"' EXIT
    expose_addon "$work/addons"
    click-odoo-initdb -n "$db" -m "$(manifest_depends)" --addons-path="$ADDONS_PATH" \
        --cache-prefix pptest --cache-max-age -1 --cache-max-size 8 --log-level=error
    "$PYTHON" -m odoo -d "$db" --addons-path="$ADDONS_PATH" -i "$ADDON" --stop-after-init \
        --log-level=warn
    "$PYTHON" -m odoo -d "$db" --addons-path="$ADDONS_PATH" --modules="$ADDON" \
        --i18n-export="$ROOT/i18n/$ADDON.pot" --stop-after-init --log-level=warn
    "$PYTHON" -m pip install -q --disable-pip-version-check opencc-python-reimplemented 2>&1 \
        | grep -vE "^WARNING: (Location|Running pip)" || true
    if [ -n "${I18N_APPLY:-}" ]; then
        "$PYTHON" "$ROOT/tools/i18n_sync.py" --apply "$I18N_APPLY"
    else
        "$PYTHON" "$ROOT/tools/i18n_sync.py"
    fi
}

static_checks() {
    local addon="$1" rc=0
    (cd "$ROOT" && ruff check --no-fix --quiet .) || { echo "ruff check: findings above"; rc=1; }
    (cd "$ROOT" && ruff format --check --quiet .) || { echo "ruff format: files above need formatting"; rc=1; }
    "$PYTHON" "$ROOT/tools/check_structure.py" "$ROOT" || { echo "structure: model files over 500 lines or fields after methods (above)"; rc=1; }
    "$PYTHON" -m pylint --rcfile="$ROOT/.pylintrc-mandatory" "$addon" || { echo "pylint-odoo: findings above"; rc=1; }
    oca-checks-odoo-module --no-verbose "$addon" || { echo "oca-checks-odoo-module: findings above"; rc=1; }
    oca-checks-po --no-verbose "$ROOT"/i18n/*.po "$ROOT"/i18n/*.pot || { echo "oca-checks-po: findings above"; rc=1; }
    return "$rc"
}

# `tools/tasks.sh upgrade`: the upgrade from the previous version alone
cmd_upgrade() {
    require_odoo
    ensure_postgres
    TEST_WORK=$(mktemp -d "${TMPDIR:-/tmp}/phone_policy_upgrade.XXXXXX")
    PREVIOUS_DB="phone_policy_previous_$$"
    trap 'dropdb --if-exists "$PREVIOUS_DB" >/dev/null 2>&1 || true; rm -rf "$TEST_WORK"' EXIT
    expose_addon "$TEST_WORK/addons"
    upgrade_from_previous_check
}

case "${1:-}" in
    run) cmd_run ;;
    upgrade) cmd_upgrade ;;
    test) cmd_test ;;
    i18n) cmd_i18n ;;
    static) require_odoo; work=$(mktemp -d); expose_addon "$work"; static_checks "$work/$ADDON" ;;
    *) echo "usage: $0 run|test|static|i18n|upgrade" >&2; exit 2 ;;
esac
