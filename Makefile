# The two commands in the README: `make run` and `make test`. Everything they need installs here.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUN_STAMP := $(VENV)/.run-installed
DEV_STAMP := $(VENV)/.dev-installed

.PHONY: run test install install-dev lint typecheck pytest browser mail-servers nginx pgbouncer gettext bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(RUN_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(DEV_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@ $(RUN_STAMP)

install: $(RUN_STAMP)
install-dev: $(DEV_STAMP)

# `make run PORT=8080` serves on another port.
PORT ?= 8000

run: install
	$(BIN)/python manage.py migrate --noinput --verbosity 0
	$(BIN)/python manage.py seed_demo --no-logins
	$(BIN)/python manage.py serve --port $(or $(PORT),8000)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install-dev
	$(BIN)/mypy .

browser:
	bash scripts/install-browser.sh

# Debian's dovecot, for the tests that poll a real IMAP server.
mail-servers:
	bash scripts/install-mail-servers.sh

# Debian's nginx, for the test that runs deploy/nginx.conf and checks where it sends requests.
nginx:
	bash scripts/install-nginx.sh

# Debian's PgBouncer, for the test that runs deploy/pgbouncer/pgbouncer.ini in front of the test database.
pgbouncer:
	bash scripts/install-pgbouncer.sh

# Debian's GNU gettext, for the check that re-extracts the customer-facing strings (docs/i18n.md).
gettext:
	bash scripts/install-gettext.sh

# Parallel workers (pytest-xdist), each with its own test database and Redis database
# (helpdesk/test_settings.py); `make pytest PYTEST_WORKERS=0` runs in one process. The browser
# tests run afterwards in one process of their own: a page waits on a real server and chromium, and
# on two cores shared with three busy workers their waits ran out. Both runs always run; the
# target fails if either failed.
PYTEST_WORKERS ?= 3

pytest: install-dev browser mail-servers nginx pgbouncer gettext
	status=0; \
	$(BIN)/pytest -n $(PYTEST_WORKERS) -m "not browser" || status=$$?; \
	$(BIN)/pytest -m browser || { code=$$?; [ $$status -ne 0 ] || status=$$code; }; \
	exit $$status

test: lint typecheck pytest

clean:
	rm -rf $(VENV) var
