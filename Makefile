# CLP Desk. `make run` to try it, `make test` to test it (see README.md).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
export DATABASE_URL_TEST ?= postgres://postgres:postgres@127.0.0.1:5432/clp
export REDIS_URL_TEST ?= redis://127.0.0.1:6379/15

.PHONY: install install-test run test lint bench

$(VENV)/.installed: requirements.lock pyproject.toml
	scripts/install-system.sh
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	touch $@

install: $(VENV)/.installed

install-test: install
	scripts/install-system.sh --test

# The product on the embedded default: SQLite, tasks in-process, demo data, port 8000.
run: install
	scripts/run-dev.sh

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	DEBUG=true $(PY) manage.py makemigrations --check --dry-run

# The whole suite on PostgreSQL and Redis (started here when they are not running).
test: install-test lint
	scripts/services.sh
	DATABASE_URL=$${DATABASE_URL:-$(DATABASE_URL_TEST)} REDIS_URL=$${REDIS_URL:-$(REDIS_URL_TEST)} \
		$(VENV)/bin/pytest $(PYTEST_ARGS)

bench: install
	scripts/install-system.sh --bench
	scripts/services.sh
	DATABASE_URL=$${DATABASE_URL:-$(DATABASE_URL_TEST)} $(PY) -m bench
