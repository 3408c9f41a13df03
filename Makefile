# The README's commands. `make run` serves the demo; `make test` runs the whole suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 5000
# the public reference data read by the tests and `make eval`
SUPPLIERLINK_SHARED_DATA ?= ../shared/data

.PHONY: run test e2e bench bench-web eval translations lint serve worker clean chromium

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

translations: $(STAMP)
	$(BIN)/pybabel compile --use-fuzzy -d supplierlink/translations -f >/dev/null

run: $(STAMP) translations
	$(BIN)/supplierlink db upgrade
	$(BIN)/supplierlink demo --if-empty
	@echo "SupplierLink on http://$(HOST):$(PORT)"
	$(BIN)/supplierlink run --host $(HOST) --port $(PORT)

# Production-like serving: gunicorn.conf.py sizes the workers for this machine (one
# single-threaded worker process per core, at least two: 2 on 2 cores; WEB_CONCURRENCY and
# GUNICORN_THREADS change them).
# Without SECRET_KEY a random key is generated once into instance/secret_key (mode 600).
serve: $(STAMP) translations
	test -n "$$SECRET_KEY" || $(BIN)/python -c 'from supplierlink.config import ensure_instance_secret_key as k; k()'
	$(BIN)/supplierlink db upgrade
	$(BIN)/gunicorn -c gunicorn.conf.py --bind $(HOST):$(PORT)

# Runs the queued jobs when REDIS_URL is set (without it, jobs run in the web process).
worker: $(STAMP) translations
	$(BIN)/supplierlink worker

# The browser tests drive Debian's Chromium; `make test` runs them too.
chromium:
	command -v chromium >/dev/null || (apt-get update && apt-get install -y chromium)

test: $(STAMP) translations chromium
	$(BIN)/pytest

e2e: $(STAMP) translations chromium
	$(BIN)/pytest -m e2e tests/e2e

bench: $(STAMP)
	$(BIN)/python bench/bench_matching.py

# Load test of the main pages on PostgreSQL with the demo scaled to 10,000 SMEs (figures only;
# BENCH_DATABASE_URL, SCALE, DURATION, CLIENTS, WORKERS, THREADS, PAGES, BASELINE: bench/bench_web.py)
bench-web: $(STAMP) translations
	command -v wrk >/dev/null || (apt-get update && apt-get install -y wrk)
	$(BIN)/python bench/bench_web.py

eval: $(STAMP)
	$(BIN)/supplierlink eval awards $(SUPPLIERLINK_SHARED_DATA)/ocds/canada-buyandsell-2009-2013.jsonl.gz --cutoff 2013-07-01

lint: $(STAMP)
	$(BIN)/ruff check supplierlink matching programs tests bench

extract-messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l -k _lp:1c,2 -o supplierlink/translations/messages.pot .
	$(BIN)/pybabel update --no-fuzzy-matching -i supplierlink/translations/messages.pot -d supplierlink/translations

clean:
	rm -rf $(VENV) instance .pytest_cache
