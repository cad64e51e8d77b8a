#!/usr/bin/env bash
# The product on the embedded defaults: SQLite, tasks in-process, no broker, no beat.
# Scheduled work (reminders falling due, deadlines) runs every two minutes in a loop beside
# the development server.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBUG=${DEBUG:-true}
PY=.venv/bin/python
$PY manage.py migrate --noinput
$PY manage.py seed_demo
( while sleep 120; do $PY manage.py run_scheduled >/dev/null || true; done ) &
LOOP=$!
trap 'kill $LOOP 2>/dev/null || true' EXIT INT TERM
$PY manage.py runserver 127.0.0.1:8000
