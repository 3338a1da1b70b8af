#!/usr/bin/env bash
# Serve Berdaya: a background-job worker beside the web server; both stop together.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${PORT:-8000}"
if [ -n "${REDIS_URL:-}" ]; then
  worker=(.venv/bin/python manage.py rqworker default --job-class django_tasks_rq.backend.Job)
else
  worker=(.venv/bin/python manage.py db_worker --queue-name default)
fi
"${worker[@]}" &
worker_pid=$!
trap 'kill "$worker_pid" 2>/dev/null || true' EXIT INT TERM
echo "Berdaya berjalan di http://127.0.0.1:${PORT} (worker pid ${worker_pid}). Ctrl+C untuk berhenti."
.venv/bin/gunicorn config.wsgi:application --bind "127.0.0.1:${PORT}" --workers "${WEB_CONCURRENCY:-2}" \
  --access-logfile - --timeout 60
