# Berdaya: two commands on a fresh machine.
#   make run   set up everything, seed demo data, serve on http://127.0.0.1:$(PORT)
#   make test  set up everything and run the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum requirements.lock | cut -d' ' -f1)
PORT ?= 8000
# Branch coverage of the app code with a floor (issue 9); COVERAGE= turns it off.
COVERAGE ?= --cov --cov-report=term --cov-fail-under=87
export PIP_DISABLE_PIP_VERSION_CHECK = 1

.PHONY: run test lint bench setup venv db serve clean

$(STAMP): requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q -r requirements.lock
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

venv: $(STAMP)

db: venv
	@mkdir -p var
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_regions $${BERDAYA_CITY_CODE:-32.76}

setup: db
	$(BIN)/python manage.py collectstatic --noinput -v 0

run: setup
	$(BIN)/python manage.py seed_demo
	PORT=$(PORT) bash scripts/serve.sh

test: venv
	bash scripts/ensure_chromium.sh
	bash scripts/ensure_axe.sh
	$(BIN)/python -m pytest -n 2 --dist loadfile -q $(COVERAGE) $(PYTEST_ARGS)

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy berdaya config
	$(BIN)/lint-imports

bench: venv
	$(BIN)/python bench/run.py $(BENCH_ARGS)

clean:
	rm -rf var/staticfiles .pytest_cache
