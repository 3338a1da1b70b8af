#!/usr/bin/env bash
# The API contract run: start Berdaya on PostgreSQL with the demo data, then let Schemathesis test
# every operation of /api/v1/openapi.json as an anonymous caller, a DKUM staff member and an
# entrepreneur (bearer tokens). Prints per persona and in total: cases, server errors, undocumented
# statuses, response-schema and content-type violations (and the other checks' failures).
# Exit status: 0, or 1 with SCHEMATHESIS_STRICT=1 when a server error or a contract violation
# (undocumented status, schema, content type) was found.
#
# Settings (environment): SCHEMATHESIS_PG (server URL, default postgres://postgres@127.0.0.1:5432),
# SCHEMATHESIS_DB (database, dropped and re-created), SCHEMATHESIS_PORT (8765),
# SCHEMATHESIS_EXAMPLES (cases per operation and phase, 10), SCHEMATHESIS_MAX_TIME (seconds per
# persona, 300), SCHEMATHESIS_OUT (reports, var/schemathesis).
#
# Output: per persona, cases generated, server errors (ST101/102), undocumented statuses (ST103),
# response-schema violations (ST108-111), content-type violations (ST104-106), other checks'
# failures and runtime errors, then the failing operations. CI (.ci/run) runs it strict at 180 s
# per persona; the last figures (0 on every count, about 10,000 cases per run) are in
# bench/RESULTS.md, section "API contract". Two runs at once need their own SCHEMATHESIS_DB,
# SCHEMATHESIS_PORT and SCHEMATHESIS_OUT. Schemathesis's own settings: scripts/schemathesis.toml.
set -euo pipefail
cd "$(dirname "$0")/.."

PG="${SCHEMATHESIS_PG:-postgres://postgres@127.0.0.1:5432}"
DB="${SCHEMATHESIS_DB:-berdaya_schemathesis}"
PORT="${SCHEMATHESIS_PORT:-8765}"
EXAMPLES="${SCHEMATHESIS_EXAMPLES:-10}"
MAX_TIME="${SCHEMATHESIS_MAX_TIME:-300}"
OUT="${SCHEMATHESIS_OUT:-var/schemathesis}"
BASE="http://127.0.0.1:${PORT}"
PY=.venv/bin/python

mkdir -p "$OUT"
rm -f "$OUT"/*.json "$OUT"/*.log
psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS ${DB} WITH (FORCE)"
psql "$PG/postgres" -qc "CREATE DATABASE ${DB}"

var_dir=$(mktemp -d)
export DATABASE_URL="$PG/$DB" BERDAYA_VAR_DIR="$var_dir" BERDAYA_TASKS_IMMEDIATE=1
export BERDAYA_ENV=development DEBUG=false BERDAYA_MESSAGE_GATEWAY=berdaya.core.gateways.LogGateway
unset REDIS_URL
"$PY" manage.py migrate --noinput -v 0
"$PY" manage.py load_regions "${BERDAYA_CITY_CODE:-32.76}" >/dev/null
# DEBUG is off: pages (and their error pages) need the hashed static files' manifest.
"$PY" manage.py collectstatic --noinput -v 0
if ! "$PY" manage.py seed_demo > "$OUT/seed.log" 2>&1; then
  echo "WARNING: seed_demo failed (see $OUT/seed.log); testing with the personas only" >&2
  "$PY" manage.py shell -v 0 -c "from berdaya.accounts.personas import create_personas; create_personas()"
fi

.venv/bin/gunicorn config.wsgi:application --bind "127.0.0.1:${PORT}" --workers 2 --timeout 60 \
  --log-level warning > "$OUT/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$var_dir"' EXIT
for _ in $(seq 1 60); do
  curl -fsS "$BASE/healthz" >/dev/null 2>&1 && break
  sleep 1
done
curl -fsS "$BASE/healthz" >/dev/null

token() {  # phone -> bearer token (demo password)
  curl -fsS -X POST "$BASE/api/v1/auth/token" -H 'Content-Type: application/json' \
    -d "{\"username\": \"$1\", \"password\": \"Berdaya#2026\"}" \
    | "$PY" -c 'import json, sys; print(json.load(sys.stdin)["token"])'
}
staff=$(token 081200000020)
# The verified entrepreneur of the demo data; the persona without data when the seed failed.
entrepreneur=$(token 081300000003 2>/dev/null || token 081200000099)

run() {  # persona, extra schemathesis arguments...
  local persona=$1; shift
  echo "--- Schemathesis as ${persona}"
  .venv/bin/st --config-file scripts/schemathesis.toml run "$BASE/api/v1/openapi.json" \
    --checks all --exclude-checks ignored_auth,positive_data_acceptance \
    --phases examples,coverage,fuzzing --max-examples "$EXAMPLES" --max-time "$MAX_TIME" \
    --workers 1 --seed 2026 --request-timeout 30 --no-shrink \
    --report json --report-json-path "$OUT/${persona}.json" "$@" \
    > "$OUT/${persona}.log" 2>&1 || true
  tail -n 5 "$OUT/${persona}.log"
}
run anonymous
# The token endpoints are left out for token holders: revoking their own token would end the run.
run staff -H "Authorization: Bearer ${staff}" --exclude-path-regex '^/api/v1/auth/token'
run entrepreneur -H "Authorization: Bearer ${entrepreneur}" \
  --exclude-path-regex '^/api/v1/auth/token'

"$PY" scripts/schemathesis_summary.py "$OUT" anonymous staff entrepreneur
