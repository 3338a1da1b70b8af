#!/usr/bin/env bash
# Serve Berdaya: the web server, a background-job worker and an hourly scheduler, stopped together.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${PORT:-8000}"
# Served like production: DEBUG off, so static files get their hashed names (cached for a year by
# the browser, immutable) and pre-compressed copies; collected here so the manifest is current.
export DEBUG="${DEBUG:-false}"
.venv/bin/python manage.py collectstatic --noinput -v 0
if [ -n "${REDIS_URL:-}" ]; then
  worker=(.venv/bin/python manage.py rqworker default --job-class django_tasks_rq.backend.Job)
else
  worker=(.venv/bin/python manage.py db_worker --queue-name default)
fi
"${worker[@]}" &
pids=($!)
# Hourly jobs (a cron entry does this in production): training reminders 24 hours ahead.
( while true; do .venv/bin/python manage.py training_reminders || true; sleep 3600; done ) &
pids+=($!)
( while true; do .venv/bin/python manage.py opportunity_alerts || true; sleep 3600; done ) & pids+=($!)
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT INT TERM
echo "Berdaya berjalan di http://127.0.0.1:${PORT} (Ctrl+C untuk berhenti)."
.venv/bin/gunicorn config.wsgi:application --bind "127.0.0.1:${PORT}" --workers "${WEB_CONCURRENCY:-2}" \
  --access-logfile - --timeout 60
