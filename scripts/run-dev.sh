#!/usr/bin/env bash
# `make run`: migrate, seed, load demo data on a new database, start the development identity
# provider, the background-job consumer (Huey, its queue in instance/jobs.sqlite3 unless
# BINC_JOBS_URL says otherwise) and the app. Development profile only (BINC_ENV=development).
set -euo pipefail
cd "$(dirname "$0")/.."

export BINC_ENV=development
export FLASK_APP=binc_web.wsgi
export AUTHLIB_INSECURE_TRANSPORT=1
PORT="${PORT:-5000}"
IDP_PORT="${BINC_IDP_PORT:-9400}"
export BINC_OIDC_DISCOVERY_URL="${BINC_OIDC_DISCOVERY_URL:-http://127.0.0.1:${IDP_PORT}/.well-known/openid-configuration}"
# The provider sends the browser back to this address (not to whatever Host was typed).
export BINC_BASE_URL="${BINC_BASE_URL:-http://127.0.0.1:${PORT}}"
PY=.venv/bin/python

.venv/bin/flask db upgrade
.venv/bin/flask binc init
.venv/bin/flask binc demo --if-empty
# P-3: the quarterly and annual reports due by today (the consumer keeps them up to date).
.venv/bin/flask binc reports run-due

PYTHONPATH=. "$PY" scripts/dev_idp.py --port "$IDP_PORT" >instance/dev-idp.log 2>&1 &
IDP_PID=$!
# Reports on demand, the quarterly/annual report calendar and the other periodic tasks.
.venv/bin/flask binc consumer >instance/consumer.log 2>&1 &
CONSUMER_PID=$!
trap 'kill "$IDP_PID" "$CONSUMER_PID" 2>/dev/null || true' EXIT INT TERM

echo
echo "  binc-web draait op http://127.0.0.1:${PORT}"
echo "  Ontwikkel-identiteitsdienst: http://127.0.0.1:${IDP_PORT} (demo-personen: zie README)"
echo "  Achtergrondtaken (rapporten, e-mail): log in instance/consumer.log"
echo "  Verzonden e-mails: bestanden in instance/outbox/"
echo
.venv/bin/flask run --host 127.0.0.1 --port "$PORT"
