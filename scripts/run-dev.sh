#!/usr/bin/env bash
# The product on the embedded defaults: SQLite, tasks in-process, no broker, no beat.
# Scheduled work (reminders falling due, deadlines) runs every two minutes in a loop beside
# the development server.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/demo-env.sh
source scripts/demo-env.sh
PY=.venv/bin/python
$PY manage.py migrate --noinput
$PY manage.py seed_demo
if [[ "$DEBUG" != "true" ]]; then
  # Without DEBUG the static files are served as in production (WhiteNoise), from here.
  $PY manage.py collectstatic --noinput >/dev/null
fi
( while sleep 120; do $PY manage.py run_scheduled >/dev/null || true; done ) &
LOOP=$!
trap 'kill $LOOP 2>/dev/null || true' EXIT INT TERM
$PY manage.py runserver "127.0.0.1:${PORT:-8000}"
