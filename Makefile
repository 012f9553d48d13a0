# Set-up commands. Everything a test needs (the venv, PostgreSQL, an offscreen
# Qt platform) is arranged here, never by hand.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: run test lint bench postgres prisma install clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): $(PY) pyproject.toml
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	scripts/run-app $(ARGS)

postgres:
	@scripts/ensure-postgres

# Prisma 7 from the npm registry into .venv/prisma: the schema tests check with it.
prisma:
	@scripts/install-prisma

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests bench

test: $(STAMP) postgres prisma lint
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/pytest -p no:cacheprovider $(PYTEST_ARGS)

bench: $(STAMP) postgres
	$(PY) -m pip install --quiet -e '.[dev,bench]'
	QT_QPA_PLATFORM=offscreen $(PY) -m bench

clean:
	rm -rf $(VENV) build *.egg-info
