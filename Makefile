# Chi bộ số — two set-up commands: `make demo` and `make test` (see README.md).
SHELL := /bin/bash
.DEFAULT_GOAL := help
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# Python >= 3.12: PATH first, then pyenv's installed versions.
PYTHON ?= $(shell for p in python3.14 python3.13 python3.12 python3 python; do \
	  c=$$(command -v $$p 2>/dev/null) || continue; \
	  $$c -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo $$c; exit 0; }; \
	done; \
	for c in $$(ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -rV); do \
	  $$c -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo $$c; exit 0; }; \
	done)

.PHONY: help demo test venv lint browser bench clean
help:
	@echo "make demo   # chạy bản demo / run the demo (PORT=$(PORT))"
	@echo "make test   # chạy toàn bộ kiểm thử / run the whole test suite"

$(STAMP): requirements.lock pyproject.toml
	@if [ -z "$(PYTHON)" ]; then \
	  echo "Cần Python 3.12 trở lên nhưng không tìm thấy (đã tìm trong PATH và pyenv)."; \
	  echo "Python 3.12 or newer is required and none was found on PATH or under pyenv."; exit 1; fi
	@echo "Python: $(PYTHON)"
	@[ -x $(BIN)/python ] && $(BIN)/python -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null \
	  || { rm -rf $(VENV); $(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $(STAMP)

venv: $(STAMP)

# The demo runs with DEBUG on (development key, static files served by runserver).
demo: export DEBUG = 1
demo: $(STAMP)
	@mkdir -p var
	$(BIN)/chibo migrate --no-input -v 0
	$(BIN)/chibo demo --port $(PORT)
	$(BIN)/chibo runserver 127.0.0.1:$(PORT)

# Browser tests drive Debian's chromium; install it when missing (never a Playwright-downloaded browser).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Cài chromium (Debian) cho kiểm thử trình duyệt / installing Debian chromium for browser tests"; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; fi; }

test: $(STAMP) browser
	$(BIN)/python -m pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check src bench tests

clean:
	rm -rf $(VENV) var/*.sqlite3 var/test-artifacts
