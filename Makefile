# Jornada — the two commands of the README, and a few more for developers.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
export JORNADA_ADMIN_PASSWORD ?= jornada-demo

.PHONY: run test install install-dev lint typecheck check bench messages clean

$(BIN)/jornada: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[postgres]"
	@touch $@

$(VENV)/.dev: $(BIN)/jornada
	$(BIN)/python -m pip install --quiet -e ".[postgres,dev]"
	@touch $@

install: $(BIN)/jornada
install-dev: $(VENV)/.dev

## make run: install, migrate, create the admin, start web + worker (SQLite by default)
run: $(BIN)/jornada
	$(BIN)/jornada init --demo
	@echo "Open http://127.0.0.1:$(PORT)/  (back office; login: admin / $(JORNADA_ADMIN_PASSWORD))"
	$(BIN)/jornada run --port $(PORT)

## make test: the whole test suite (set DATABASE_URL=postgres://... for PostgreSQL)
test: $(VENV)/.dev
	$(BIN)/pytest -q

lint: $(VENV)/.dev
	$(BIN)/ruff check src bench tests
	$(BIN)/ruff format --check src bench tests

typecheck: $(VENV)/.dev
	$(BIN)/mypy

check: lint typecheck test

bench: $(VENV)/.dev
	$(BIN)/python bench/outbox.py
	$(BIN)/python bench/brazil.py

## make messages: extract and compile translations (needs gettext; compiled .mo files are committed)
messages: $(VENV)/.dev
	cd src/jornada && for app in */locale; do app=$${app%/locale}; \
	  (cd $$app && ../../../$(BIN)/jornada makemessages -l pt_BR -l es && \
	   ../../../$(BIN)/jornada compilemessages && rm -rf var) ; \
	done

clean:
	rm -rf $(VENV) var
