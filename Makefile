# Moments — the two commands: `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# The first Python ≥ 3.12 on the PATH; override with `make PYTHON=/path/to/python3.13 …`.
PYTHON ?= $(shell for p in python3.13 python3.12 python3.14 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null \
	&& { command -v $$p; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

# The translations' compiled catalogues, built from the .po files in the repository.
MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/*.po))
# What `make messages` extracts strings from: our code and templates, not what we vendor.
MESSAGES_IGNORE := --ignore=.venv --ignore=static/vendor --ignore=staticfiles --ignore=tests --ignore=bench

.PHONY: help run test lint typecheck format serve-prod worker bench bench-export load load-profile check-python check-gettext translations messages clean

help:
	@echo "make run         set up, load demo data, serve on http://$(HOST):$(PORT) (SQLite)"
	@echo "make test        set up, lint, type-check, run the whole test suite"
	@echo "make serve-prod  collect static files and serve with gunicorn (needs production env)"
	@echo "make worker      run the background task worker (e-mails) for TASKS_BACKEND=database"
	@echo "make messages    extract the translatable strings into locale/*/LC_MESSAGES/*.po"
	@echo "make bench       dashboards at 100k and 1M contacts vs hand-written SQL (PostgreSQL, DATABASE_URL)"
	@echo "make bench-export  the contacts CSV of 1M contacts over HTTP from gunicorn, COPY vs Python (PostgreSQL)"
	@echo "make load        50 staff logging for 60 s against gunicorn + PostgreSQL (FAULT=1: restart PostgreSQL at 20 s)"

check-python:
	@if [ -z "$(PYTHON)" ]; then \
		echo "Moments needs Python 3.12 or newer, and none was found on the PATH."; \
		echo "Install python3.12 or python3.13 (or run: make PYTHON=/path/to/python3.13 $(MAKECMDGOALS))."; \
		exit 1; \
	fi

check-gettext:
	@command -v msgfmt >/dev/null 2>&1 || { \
		echo "Moments needs gettext's msgfmt to compile its translations, and it is not on the PATH."; \
		echo "Install gettext: apt-get install gettext (Debian, Ubuntu), dnf install gettext (Fedora), brew install gettext (macOS)."; \
		exit 1; }

%.mo: %.po | check-gettext
	msgfmt --check-format -o $@ $<

translations: $(MO_FILES)

$(STAMP): requirements.txt requirements-dev.txt | check-python
	@if [ ! -x $(BIN)/python ] || ! $(BIN)/python -c 'import sys; sys.exit(sys.version_info < (3, 12))'; then \
		rm -rf $(VENV) && $(PYTHON) -m venv $(VENV); fi
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	@touch $(STAMP)

run: $(STAMP) translations
	DEBUG=true $(BIN)/python manage.py migrate --no-input
	DEBUG=true $(BIN)/python manage.py createcachetable
	DEBUG=true $(BIN)/python manage.py seed_demo --if-empty
	DEBUG=true $(BIN)/python manage.py runserver $(HOST):$(PORT)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# mypy with django-stubs, strict, over the project's code ([tool.mypy] in pyproject.toml).
typecheck: $(STAMP)
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Branch coverage of the project's code, merged across the xdist workers; the
# summary lists only the files that miss something. The floor is off unless
# set (a subset of the tests, or SQLite without the PostgreSQL-only tests,
# reaches less): CI sets it for the PostgreSQL pass, `make test COVERAGE_FLOOR=96`.
COVERAGE_FLOOR ?=
test: lint typecheck translations
	DEBUG=true $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest -n auto --dist loadgroup --cov --cov-report=term:skip-covered \
		$(if $(COVERAGE_FLOOR),--cov-fail-under=$(COVERAGE_FLOOR)) $(PYTEST_ARGS)

serve-prod: $(STAMP) translations
	$(BIN)/python manage.py collectstatic --no-input
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py createcachetable
	$(BIN)/gunicorn -c config/gunicorn.conf.py --bind $(HOST):$(PORT)

messages: $(STAMP)
	DEBUG=true $(BIN)/python manage.py makemessages -l es -l th --add-location=file $(MESSAGES_IGNORE)
	DEBUG=true $(BIN)/python manage.py makemessages -d djangojs -l es -l th --add-location=file $(MESSAGES_IGNORE)

worker: $(STAMP)
	$(BIN)/python manage.py db_worker

# Not part of `make test`: it loads a million contacts. BENCH_SIZES="100000 1000000" by default.
bench: $(STAMP)
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/moments_bench} \
		$(BIN)/python -m bench.run $(BENCH_SIZES)

# Not part of `make test` either: loads a million contacts (kept for the next run) into its own
# database and downloads their CSV twice; BENCH_EXPORT_SIZE=100000 for a smaller run.
BENCH_EXPORT_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/moments_bench_export
BENCH_EXPORT_SIZE ?= 1000000
bench-export: $(STAMP)
	BENCH_EXPORT_DATABASE_URL=$(BENCH_EXPORT_DATABASE_URL) $(BIN)/python -m bench.export.run $(BENCH_EXPORT_SIZE) $(BENCH_EXPORT_ARGS)

# Not part of `make test` either: about two minutes, and FAULT=1 restarts PostgreSQL.
# It drops and recreates the database of LOAD_DATABASE_URL; LOAD_ARGS passes options (--users, --duration…).
LOAD_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/moments_load
load: $(STAMP)
	LOAD_DATABASE_URL=$(LOAD_DATABASE_URL) $(BIN)/python -m bench.load.run $(if $(filter 1 true yes,$(FAULT)),--fault) $(LOAD_ARGS)

# Where the logging page's server time goes (same database as `make load`, reset too).
load-profile: $(STAMP)
	LOAD_DATABASE_URL=$(LOAD_DATABASE_URL) $(BIN)/python -m bench.load.profile $(LOAD_ARGS)

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 db.sqlite3-wal db.sqlite3-shm $(MO_FILES)
