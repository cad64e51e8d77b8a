#!/usr/bin/env bash
# Start PostgreSQL and Redis on 127.0.0.1 when they are not already running, and make
# sure the database the tests use exists. Used by `make test` and CI.
set -euo pipefail

if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  echo "Starting PostgreSQL"
  if [[ -d /etc/postgresql ]]; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main start || true
  else
    service postgresql start || true
  fi
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi
pg_isready -h 127.0.0.1 -p 5432

if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  echo "Starting Redis"
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/clp-desk.log
  for _ in $(seq 1 30); do redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 && break; sleep 1; done
fi
redis-cli -h 127.0.0.1 -p 6379 ping

# The database the tests name (pytest-django creates test_<name> beside it). Trust auth for
# local connections is how the Debian image is set up; with a password, export PGPASSWORD.
DB_NAME="${1:-clp}"
# The image this was built on trusts local connections; a freshly installed Debian cluster asks
# for a password over TCP instead, so give its local superuser the test suite's password.
export PGPASSWORD="${PGPASSWORD:-postgres}"
if ! psql -h 127.0.0.1 -U postgres -qtAc "select 1" >/dev/null 2>&1 && [[ $(id -u) -eq 0 ]]; then
  su postgres -c "psql -qc \"ALTER USER postgres PASSWORD '${PGPASSWORD}'\""
fi
if ! psql -h 127.0.0.1 -U postgres -qtAc "select 1 from pg_database where datname='${DB_NAME}'" | grep -q 1; then
  createdb -h 127.0.0.1 -U postgres "${DB_NAME}"
fi
