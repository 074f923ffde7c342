# Two commands on a fresh machine: `make run` (set up, migrate, seed, serve) and
# `make test` (set up and run the whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export FORUM_ENV ?= development

.PHONY: run test lint setup e2e-tools migrate seed serve clean bench \
	i18n-extract i18n-update i18n-compile

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP) i18n-compile

# Interface translations (docs/i18n.md). The .po catalogs are the source; the .mo files are
# compiled from them here (at setup) and also committed, so that pip installs and test runs
# need no build step (a test fails when a .mo is out of date with its .po).
TRANSLATIONS := forum/translations
POT := $(TRANSLATIONS)/messages.pot
BABEL_KEYWORDS := -k lazy_gettext -k _l -k lazy_ngettext:1,2

i18n-extract: $(STAMP)
	$(BIN)/pybabel --quiet extract -F babel.cfg $(BABEL_KEYWORDS) --no-location \
	  --sort-output --ignore-dirs ".* __pycache__" -o $(POT) forum templates

i18n-update: i18n-extract
	$(BIN)/pybabel --quiet update -i $(POT) -d $(TRANSLATIONS) --ignore-obsolete \
	  --no-fuzzy-matching

i18n-compile: $(STAMP)
	$(BIN)/pybabel --quiet compile -d $(TRANSLATIONS)

# axe-core and the Nu HTML checker for the browser tests (tests/e2e). --ignore-scripts:
# vnu-jar's install script downloads a Java runtime when it finds none (.ci/run installs Debian's).
node_modules/.package-lock.json: package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund

e2e-tools: node_modules/.package-lock.json

migrate: setup
	$(BIN)/forum db upgrade

seed: migrate
	$(BIN)/forum seed --demo

# The job worker (email from the outbox, large digests, ...) runs alongside the server
# (docs/operations.md, "Background jobs"), and with FORUM_REPLY_DOMAIN set the inbound SMTP
# server receives replies on 127.0.0.1:2525 (docs/email.md); both stop when the server
# stops, however it stops (Ctrl-C included).
serve:
	@$(BIN)/forum worker & worker=$$!; inbound=; \
	if [ -n "$$FORUM_REPLY_DOMAIN" ]; then \
	  $(BIN)/forum mail inbound --host 127.0.0.1 --port 2525 & inbound=$$!; fi; \
	trap 'kill $$worker $$inbound 2>/dev/null; wait $$worker $$inbound' EXIT; \
	trap 'exit 130' INT TERM; \
	$(BIN)/forum run --host 127.0.0.1 --port 5000

run: seed serve

lint: setup
	$(BIN)/ruff check forum synthesis tests $(wildcard bench)

test: setup e2e-tools lint
	$(BIN)/pytest -q

# Not part of `make test`: the load run (bench/load.py, on PostgreSQL too when
# BENCH_POSTGRES=postgresql://user@host:port is set) and the benchmarks, written to
# docs/benchmarks.md; with BENCH_POSTGRES also bench/scale.py (signed-in page and API list
# on PostgreSQL, 1/2/4 instances; needs Redis at 127.0.0.1:6379). wrk comes from Debian; without it bench/ uses a Python load generator.
bench: setup
	command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	  apt-get install -y -qq wrk; } || echo "wrk is not installed: using a Python load generator"
	$(BIN)/python -m bench.run $(if $(BENCH_POSTGRES),--postgres $(BENCH_POSTGRES))
	$(if $(BENCH_POSTGRES),$(BIN)/python -m bench.scale --postgres $(BENCH_POSTGRES))

clean:
	rm -rf $(VENV) instance build .pytest_cache node_modules
