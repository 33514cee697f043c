#!/usr/bin/env bash
# Regenerate tests/data/asterisk_pjsip_realtime.sql from Asterisk's own
# database migrations: runs them (alembic) on an empty PostgreSQL database,
# then dumps ps_auths, ps_aors, ps_endpoints and the enum types they use.
#   tools/asterisk_schema.sh /path/to/asterisk-checkout
# Needs alembic, sqlalchemy and psycopg2 in $PYTHON (e.g. a virtualenv).
set -euo pipefail
AST=${1:?usage: $0 /path/to/asterisk-checkout}
PYTHON=${PYTHON:-python3}
OUT=$(cd "$(dirname "$0")/.." && pwd)/tests/data/asterisk_pjsip_realtime.sql
DB=ast_schema_$$
WORK=$(mktemp -d)
trap 'dropdb --if-exists "$DB"; rm -rf "$WORK"' EXIT
cp -r "$AST/contrib/ast-db-manage/." "$WORK/"
sed "s#^sqlalchemy.url = .*#sqlalchemy.url = postgresql+psycopg2:///$DB#" \
    "$WORK/config.ini.sample" >"$WORK/config.ini"
createdb "$DB"
(cd "$WORK" && "$PYTHON" -m alembic -c config.ini upgrade head >/dev/null 2>&1)
TABLES="'ps_auths','ps_aors','ps_endpoints'"
{
    sed -n '1,/^$/p' "$OUT"    # keep the provenance comment
    psql -d "$DB" -Atc "
        SELECT format('CREATE TYPE %I AS ENUM (%s);', t.typname,
                      string_agg(quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder))
          FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
         WHERE t.typname IN (SELECT udt_name FROM information_schema.columns
                              WHERE table_name IN ($TABLES) AND data_type = 'USER-DEFINED')
         GROUP BY t.typname ORDER BY t.typname"
    echo
    pg_dump -s -d "$DB" -t ps_auths -t ps_aors -t ps_endpoints --no-owner --no-privileges \
        | grep -v '^--\|^SET \|^SELECT pg_catalog\|^\\restrict\|^\\unrestrict' \
        | sed 's/public\.//g' | cat -s
} >"$OUT.new"
mv "$OUT.new" "$OUT"
echo "wrote $OUT (alembic head: $(psql -d "$DB" -Atc 'select version_num from alembic_version_config'))"
