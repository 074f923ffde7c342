# Two commands on a fresh machine: `make run` (set up, migrate, seed, serve) and
# `make test` (set up and run the whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export FORUM_ENV ?= development

.PHONY: run test lint setup migrate seed serve clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

migrate: setup
	$(BIN)/forum db upgrade

seed: migrate
	$(BIN)/forum seed --demo

serve:
	$(BIN)/forum run --host 127.0.0.1 --port 5000

run: seed serve

lint: setup
	$(BIN)/ruff check forum tests $(wildcard bench)

test: setup lint
	$(BIN)/pytest -q

clean:
	rm -rf $(VENV) instance build .pytest_cache
