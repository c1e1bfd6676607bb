# The two commands of the README are `make run` and `make test`; everything else supports them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export FLASK_APP := shop
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | sha1sum | cut -c1-12)

.PHONY: run test install install-dev lint typecheck test-sqlite test-postgres test-browser test-stack translations compile-translations npm clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP) compile-translations

compile-translations: $(STAMP)
	$(BIN)/pybabel compile --use-fuzzy -d shop/translations -f --statistics

## run: install, migrate, load the demo book if the database is empty, serve on http://127.0.0.1:5000 with the
## outbox worker beside it (Procfile.dev), so e-mails reach the development mailbox within seconds
run: install
	$(BIN)/flask db upgrade
	$(BIN)/flask shop demo --if-empty
	$(BIN)/honcho -f Procfile.dev start

node_modules/.installed: package.json
	npm install --no-audit --no-fund --loglevel=error
	touch node_modules/.installed

npm: node_modules/.installed

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy shop

test-sqlite: install
	$(BIN)/pytest -m "not browser and not stack" -q

test-postgres: install
	psql -h 127.0.0.1 -U postgres -tc "SELECT 1 FROM pg_database WHERE datname = 'shop_test'" | grep -q 1 \
		|| psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE shop_test"
	TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/shop_test $(BIN)/pytest -m "not browser and not stack" -q

test-browser: install npm
	$(BIN)/pytest -m "browser and not stack" -q

## test-stack: nginx in front of two gunicorn servers, PostgreSQL and Redis (database shop_test_stack, recreated)
test-stack: install
	STACK_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/shop_test_stack $(BIN)/pytest -m stack -q

## test: lint, types, the suite on SQLite and on PostgreSQL, the browser tests, then the production stack
test: lint typecheck test-sqlite test-postgres test-browser test-stack

translations: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o shop/translations/messages.pot --no-location --sort-output .
	$(BIN)/pybabel update -i shop/translations/messages.pot -d shop/translations --no-fuzzy-matching

clean:
	rm -rf $(VENV) node_modules instance/shop.sqlite3
