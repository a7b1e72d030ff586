# PeerWorks: `make run` to try it, `make test` to check it. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
UV := $(shell command -v uv 2>/dev/null || echo var/bootstrap/bin/uv)
export UV_CACHE_DIR ?= $(HOME)/.cache/uv
MANAGE := .venv/bin/python manage.py

.PHONY: run setup install migrate catalogues demo screenshots test test-ahead chaos lint worker beat bench load browsers oidc-provider clean \
	backup restore prod-check

run: setup
	@echo "PeerWorks is starting on http://127.0.0.1:8000 (Ctrl+C stops it)"
	$(MANAGE) runserver 127.0.0.1:8000

setup: install migrate catalogues demo

$(UV):
	@echo "uv is missing: installing it into var/bootstrap with pip"
	$(PYTHON) -m venv var/bootstrap
	var/bootstrap/bin/pip install --quiet uv

install: $(UV)
	$(UV) sync --frozen

migrate: install
	$(MANAGE) migrate --noinput

catalogues: migrate
	$(MANAGE) load_catalogues

demo: catalogues
	$(MANAGE) seed_demo

# The README's pictures (docs/screenshots/), taken from the demo by chromium: never by hand.
screenshots: demo
	$(MANAGE) screenshots

lint: install
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/lint-imports --no-logo

# Browser tests drive Debian's chromium and PDFs are read with poppler's pdftotext.
browsers:
	@if [ ! -x /usr/bin/chromium ] || ! command -v pdftotext >/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils >/dev/null; \
	  else echo "Install Debian's chromium and poppler-utils: sudo apt-get install chromium poppler-utils"; exit 1; fi; \
	fi

# The sign-in tests run against a real OpenID Connect provider on loopback (tests/oidc):
# the npm package oidc-provider, on Node 20 or later, installed from its lock file.
oidc-provider: tests/oidc/node_modules/.package-lock.json

tests/oidc/node_modules/.package-lock.json: tests/oidc/package-lock.json
	@command -v npm >/dev/null || { echo "Install Node.js 20 or later (with npm)"; exit 1; }
	cd tests/oidc && npm ci --no-audit --no-fund --loglevel=error

# With DATABASE_URL and CELERY_BROKER_URL set, the suite runs on PostgreSQL with a
# real Celery worker over Redis; without them, on SQLite with eager tasks.
test: install lint browsers oidc-provider
	DJANGO_ALLOW_ASYNC_UNSAFE=true .venv/bin/pytest $(PYTEST_ARGS)

# The suite with the clock a year ahead (tests/conftest.py), on SQLite with eager tasks:
# nothing may depend on the day it runs. `make test-ahead DAYS=800` moves it further.
# tests/fuzz is left out: its modules run wholly at a frozen instant, so moving the clock
# changes nothing for them and they are most of the time.
test-ahead: install browsers oidc-provider
	env -u DATABASE_URL -u CELERY_BROKER_URL PEERWORKS_TEST_CLOCK_OFFSET_DAYS=$(or $(DAYS),365) \
	  DJANGO_ALLOW_ASYNC_UNSAFE=true .venv/bin/pytest --ignore=tests/fuzz $(PYTEST_ARGS)

# Resilience against the real services (tests/chaos): a worker killed mid-PDF, PostgreSQL
# and Redis restarted under load. Needs DATABASE_URL (PostgreSQL) and CELERY_BROKER_URL
# (Redis) on this machine, and root: it restarts them (briefly) and leaves them running.
chaos: install
	DJANGO_ALLOW_ASYNC_UNSAFE=true .venv/bin/pytest -m chaos tests/chaos $(PYTEST_ARGS)

# PeerWorks as an agency deploys it (deploy/prod_check.py, README "Deploy"): production
# settings, two gunicorn behind nginx over TLS, a Celery worker and beat, an S3-compatible
# store, Chromium exporting a PDF. Needs PostgreSQL and Redis on this machine, and root:
# it creates database roles, and installs nginx when missing.
prod-check: install browsers
	@if ! command -v nginx >/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null; \
	  else echo "Install Debian's nginx: sudo apt-get install nginx"; exit 1; fi; \
	fi
	.venv/bin/python deploy/prod_check.py

# Benchmarks (bench/README.md): `make bench` for S and L, `make bench SIZE=S` for one.
bench: install
	.venv/bin/python -m bench.run $(if $(SIZE),--size $(SIZE),) $(BENCH_ARGS)

# gunicorn + wrk on loopback over the L agency (needs `make bench` first).
load: install
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get install -y -qq wrk >/dev/null; }
	.venv/bin/python -m bench.load $(or $(SIZE),L)

worker: install
	.venv/bin/celery -A peerworks worker --loglevel=info

beat: install
	.venv/bin/celery -A peerworks beat --loglevel=info

# Backups (README "Backup and restore"): pg_dump on PostgreSQL, a JSON dump on SQLite.
backup: install
	$(MANAGE) backup

# Replaces everything in the database: naming the file is the confirmation.
restore: install
	@if [ -z "$(FILE)" ]; then echo "Usage: make restore FILE=var/backups/<backup file>"; exit 2; fi
	@echo "WARNING: replacing everything in the database with $(FILE)."
	$(MANAGE) restore "$(FILE)" --yes

clean:
	rm -rf var/peerworks.sqlite3 var/test-private
