# binc-web: the two commands of the README.
#   make run   set up (venv, install, migrate, demo data on a new database) and start the app
#              with the development identity provider; PORT (default 5000)
#   make test  install what the tests need (including Debian's chromium and nginx) and run ruff + pytest
#   make bench benchmarks (see docs/benchmarks.md)
#   make loadtest  HTTP load benchmark: gunicorn (2 workers) on PostgreSQL, wrk (docs/benchmarks.md)
#   make mutants  mutation testing of the rules, the registration engine and the traject and
#              lifecycle views (see docs/testing.md); MUTANTS="binc_web.rules.klas*" for a part

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000

.PHONY: run test install install-test chromium nginx lint

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e .

install-test: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'

chromium:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# The production-profile test runs nginx with deploy/nginx-binc-web.conf in front of gunicorn.
nginx:
	@command -v nginx >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null; }

run: install
	PORT=$(PORT) bash scripts/run-dev.sh

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: install-test chromium nginx lint
	$(BIN)/pytest

.PHONY: bench
bench: install
	$(BIN)/python benchmarks/run.py

# Needs PostgreSQL on 127.0.0.1 (or BINC_LOADTEST_POSTGRES_URL) and wrk from Debian; ports
# 5190 (gunicorn) and 5191 (identity provider) unless LOADTEST_ARGS says otherwise.
LOADTEST_ARGS ?=
.PHONY: loadtest wrk
wrk:
	@command -v wrk >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }

loadtest: install-test wrk
	$(BIN)/python benchmarks/loadtest.py $(LOADTEST_ARGS)

# Mutation testing runs niced: the machine is shared. Not part of `make test` (too slow).
MUTANTS ?=
.PHONY: mutants
mutants: install-test
	nice -n 19 $(BIN)/mutmut run $(MUTANTS)
	$(BIN)/mutmut results --all true | $(BIN)/python scripts/mutant_scores.py
