# ThaoThiam — `make run` serves the app, `make test` runs the whole suite.
# Every target is idempotent and quick the second time (stamps skip work that is done).

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
THAOTHIAM := $(VENV)/bin/thaothiam
HOST ?= 127.0.0.1
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/thaothiam

.PHONY: install run test test-postgres lint messages static system-packages clean bench audit mutation

install: system-packages $(VENV)/.installed thaothiam/static/vendor/.installed messages static

# Debian packages the app needs at run time and for tests: Chromium prints the PDFs,
# poppler reads them back in tests, gettext compiles translations; python-ldap (LDAP sign-in) has no
# wheel and builds against libldap2-dev and libsasl2-dev; the LDAP tests start Debian's slapd and
# load it with ldap-utils. Installed only if missing.
system-packages:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v pdftotext >/dev/null || missing="$$missing poppler-utils"; \
	command -v msgfmt >/dev/null || missing="$$missing gettext"; \
	command -v slapd >/dev/null || [ -x /usr/sbin/slapd ] || missing="$$missing slapd"; \
	command -v ldapadd >/dev/null || missing="$$missing ldap-utils"; \
	[ -e /usr/include/ldap.h ] || missing="$$missing libldap2-dev"; \
	[ -e /usr/include/sasl/sasl.h ] || missing="$$missing libsasl2-dev"; \
	if [ -n "$$missing" ]; then \
	  if command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "Please install:$$missing (see README, 'Requirements')"; exit 1; \
	  fi; \
	fi

$(VENV)/.installed: pyproject.toml requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.lock
	$(PY) -m pip install -q --no-deps -e .
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

thaothiam/static/vendor/.installed: node_modules/.package-lock.json thaothiam/core/vendor.py
	$(PY) -m thaothiam.core.vendor
	touch $@

messages: $(VENV)/.installed
	@cd thaothiam && ../$(THAOTHIAM) compilemessages -v 0 --ignore '.venv' >/dev/null

# Collected (hashed, compressed) static files: whitenoise serves them and the PDF printer reads them.
static: $(VENV)/.installed thaothiam/static/vendor/.installed
	@$(THAOTHIAM) collectstatic --no-input -v 0

run: install
	$(THAOTHIAM) migrate --no-input -v 0
	$(THAOTHIAM) demo --scale small --if-empty
	$(THAOTHIAM) serve --host $(HOST) --port $(PORT)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check thaothiam tests

# The suite runs on TEST_WORKERS processes (pytest-xdist, a test file per worker at a time); most of
# its time is spent waiting on subprocesses and servers, so more workers than cores still helps. The
# browser tests follow on BROWSER_WORKERS processes, one Chromium each (decision 0180).
# TEST_WORKERS=0 BROWSER_WORKERS=0 runs everything in one process.
TEST_WORKERS ?= 4
BROWSER_WORKERS ?= 2
PYTEST := $(VENV)/bin/pytest -q --dist loadfile

test: install lint
	$(PYTEST) -n $(TEST_WORKERS) -m "not browser"
	$(PYTEST) -n $(BROWSER_WORKERS) -m browser

test-postgres: install
	DATABASE_URL=$${DATABASE_URL:-$(PG_URL)} $(PYTEST) -n $(TEST_WORKERS) -m "not browser"
	DATABASE_URL=$${DATABASE_URL:-$(PG_URL)} $(PYTEST) -n $(BROWSER_WORKERS) -m browser

clean:
	rm -rf $(VENV) node_modules thaothiam/static/vendor var/static

# The benchmark at BMA scale on SQLite and PostgreSQL (not part of CI; see docs/performance.md).
bench: install
	$(PY) bench/run.py $(BENCH_ARGS)

# Known vulnerabilities in the pinned Python and npm packages (scripts/audit.py). Needs the advisory
# services on the internet and says plainly what it could NOT audit when they cannot be reached;
# exits 1 only when a vulnerability is found. Not part of CI. pip-audit lives in its own .venv-audit.
audit: $(VENV)/.installed node_modules/.package-lock.json
	@test -x .venv-audit/bin/pip-audit || { $(PYTHON) -m venv .venv-audit && .venv-audit/bin/pip install -q pip-audit==2.10.1; } \
	  || echo "pip-audit could not be installed."
	@$(PY) scripts/audit.py

# Mutation score of the disclosure-control modules against their own tests (tools/mutation.py,
# docs/mutation.md). Slow (tens of minutes on two cores) and not part of CI. Results in var/mutation/.
# MUTATION_JOBS mutants run at once; MUTATION_MIN fails the target below that score.
MUTATION_JOBS ?= 2
MUTATION_MIN ?= 95
MUTATION := nice -n 15 $(PY) tools/mutation.py -j $(MUTATION_JOBS) --min-score $(MUTATION_MIN)
mutation: $(VENV)/.installed messages
	@mkdir -p var/mutation
	$(MUTATION) --json var/mutation/disclosure.json thaothiam/core/disclosure.py \
	  tests/core/test_disclosure_mutation_killers.py tests/core/test_disclosure.py
	$(MUTATION) --json var/mutation/stats.json thaothiam/surveys/stats.py \
	  tests/surveys/test_stats_contracts.py tests/surveys/test_survey_statistics.py
	$(MUTATION) --json var/mutation/masking.json thaothiam/surveys/masking.py tests/surveys/test_masking_contracts.py \
	  tests/surveys/test_survey_small_counts.py tests/surveys/test_survey_differencing.py
