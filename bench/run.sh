#!/usr/bin/env bash
# Run a benchmark script of bench/ on a throwaway database with phone_policy
# installed (from the same cached template as `make test`), then drop it.
#   bash bench/run.sh cdr_import.py [script arguments]
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PYTHON=${PYTHON:-python3}
SCRIPT=${1:?usage: bench/run.sh SCRIPT [ARGS]}
shift

ODOO_ADDONS=$("$PYTHON" -c 'import odoo, os; print(os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(odoo.__file__))), "addons"))')
WORK=$(mktemp -d "${TMPDIR:-/tmp}/phone_policy_bench.XXXXXX")
DB="phone_policy_bench_$$"
trap 'dropdb --if-exists "$DB" >/dev/null 2>&1 || true; rm -rf "$WORK"' EXIT
mkdir -p "$WORK/addons"
ln -sfn "$ROOT" "$WORK/addons/phone_policy"
ADDONS_PATH="$ODOO_ADDONS,$WORK/addons"
DEPS=$("$PYTHON" -c 'import ast, sys; print(",".join(ast.literal_eval(open(sys.argv[1]).read())["depends"]))' "$ROOT/__manifest__.py")

echo "==> Creating $DB with phone_policy"
click-odoo-initdb -n "$DB" -m "$DEPS" --addons-path="$ADDONS_PATH" \
    --cache-prefix pptest --cache-max-age -1 --cache-max-size 8 --log-level=error
"$PYTHON" -m odoo -d "$DB" --addons-path="$ADDONS_PATH" -i phone_policy \
    --stop-after-init --log-level=warn
echo "==> $SCRIPT"
"$PYTHON" "$ROOT/bench/$SCRIPT" --database "$DB" --addons-path "$ADDONS_PATH" "$@"
