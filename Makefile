# 知产 — two commands on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export ZHICHAN_VAR_DIR ?= $(CURDIR)/var

.PHONY: run serve serve-only manual mutants mutants-again test install assets static migrate demo demo-if-missing worker lint bench clean

# Web processes: threaded, so that a login queued for password hashing holds a thread, not a
# process (accounts/login.py), and the access log without query strings (search words can be names).
GUNICORN = $(BIN)/gunicorn zhichan.wsgi --bind $(HOST):$(PORT) --workers 2 --threads 4 --worker-class gthread \
	--timeout 120 --access-logfile - --access-logformat '%(h)s %(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Pinned: direct dependencies in pyproject.toml, everything else in requirements.lock.
$(VENV)/.installed: pyproject.toml requirements.lock | $(BIN)/activate
	$(BIN)/pip install --quiet -c requirements.lock -e ".[dev]"
	touch $@

install: $(VENV)/.installed

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

assets: node_modules/.installed

# A local secret key for the single-machine install, made once and kept in var/.
$(ZHICHAN_VAR_DIR)/secret_key:
	mkdir -p $(ZHICHAN_VAR_DIR)
	$(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > $@
	chmod 600 $@

migrate: install $(ZHICHAN_VAR_DIR)/secret_key
	SECRET_KEY=$$(cat $(ZHICHAN_VAR_DIR)/secret_key) $(BIN)/zhichan migrate --noinput -v 0

# Static files: hashed names and gzip/brotli copies (about 12 s), collected again only when a
# source file or the npm packages changed.
STATIC_SOURCES := $(shell find zhichan -path '*/static/*' -type f 2>/dev/null) zhichan/web/finders.py pyproject.toml
$(ZHICHAN_VAR_DIR)/static/staticfiles.json: $(STATIC_SOURCES) node_modules/.installed | $(VENV)/.installed $(ZHICHAN_VAR_DIR)/secret_key
	SECRET_KEY=$$(cat $(ZHICHAN_VAR_DIR)/secret_key) $(BIN)/zhichan collectstatic --noinput -v 0

static: $(ZHICHAN_VAR_DIR)/static/staticfiles.json

# `make demo` (re)loads the demo county; `make run` loads it only when no whole load is there.
demo: migrate
	SECRET_KEY=$$(cat $(ZHICHAN_VAR_DIR)/secret_key) ZHICHAN_DEMO=1 $(BIN)/zhichan load-demo

demo-if-missing: migrate
	@SECRET_KEY=$$(cat $(ZHICHAN_VAR_DIR)/secret_key) ZHICHAN_DEMO=1 $(BIN)/zhichan load-demo --if-missing

# The demo installation: the demo county, its logins with the published password, a 演示 banner.
run: install assets static demo-if-missing
	@export SECRET_KEY=$$(cat $(ZHICHAN_VAR_DIR)/secret_key) ZHICHAN_DEMO=1; \
	$(BIN)/zhichan recover; \
	$(BIN)/zhichan worker --interval 1 & WORKER=$$!; \
	trap 'kill $$WORKER 2>/dev/null' EXIT INT TERM; \
	echo ""; \
	echo "  知产演示环境已启动：http://$(HOST):$(PORT)/"; \
	echo "  演示登录：yidu / zhichan-demo（宜都市局）；admin / zhichan-demo（系统管理员）"; \
	echo ""; \
	$(GUNICORN)

# A real single-machine installation: no demo data, no published password; the first start
# creates the system administrator with a random password shown once (zhichan create-admin).
serve: install assets static migrate
	@export SECRET_KEY=$$(cat $(ZHICHAN_VAR_DIR)/secret_key); \
	$(BIN)/zhichan create-admin; \
	$(BIN)/zhichan recover; \
	$(BIN)/zhichan worker --interval 1 & WORKER=$$!; \
	trap 'kill $$WORKER 2>/dev/null' EXIT INT TERM; \
	echo "  知产已启动：http://$(HOST):$(PORT)/"; \
	$(GUNICORN)

# Only serve what is installed (a release already installed, migrated and collected): no pip,
# npm, migration or demo; for a service manager's start command.
serve-only:
	@test -f $(ZHICHAN_VAR_DIR)/secret_key || { echo "未安装：先运行 make serve（安装、迁移、收集静态文件）"; exit 1; }
	@export SECRET_KEY=$${SECRET_KEY:-$$(cat $(ZHICHAN_VAR_DIR)/secret_key)}; \
	$(BIN)/zhichan recover; \
	$(BIN)/zhichan worker --interval 1 & WORKER=$$!; \
	trap 'kill $$WORKER 2>/dev/null' EXIT INT TERM; \
	$(GUNICORN)

# The user manual's screenshots (docs/manual/img/), made by the browser on the demo county.
manual: install assets
	@var=$$(mktemp -d -t zhichan-manual-XXXXXX); \
	ZHICHAN_TESTING=1 ZHICHAN_VAR_DIR=$$var ZHICHAN_MANUAL_DIR=$(CURDIR)/docs/manual/img \
	$(BIN)/pytest -q tests/web/test_manual.py; status=$$?; rm -rf $$var; exit $$status

# Mutation testing of the rule modules (mutmut, outside CI's time), then docs/mutation-report.md.
# The functions tools/mutation-scope.toml lists, one child at a time: the mutants' test runs share
# one SQLite test database, built once. $(1): which mutants (mutation_report.py --patterns/--unfinished).
MUTMUT_RUN = set -f; var=$$(mktemp -d -t zhichan-mutants-XXXXXX); log=$$var/mutmut.log; \
	echo "mutmut run（进度写入 $$log）…"; \
	ZHICHAN_TESTING=1 ZHICHAN_NO_BROWSER=1 ZHICHAN_VAR_DIR=$$var ZHICHAN_TEST_DB_FILE=$$var/test.sqlite3 \
	$(BIN)/mutmut run --max-children 1 $$($(BIN)/python tools/mutation_report.py $(1)) > $$log 2>&1; \
	status=$$?; tail -c 200 $$log | tr '\r' '\n' | tail -2; \
	$(BIN)/python tools/mutation_report.py; rm -rf $$var; exit $$status

mutants: install
	$(BIN)/pip install --quiet -c requirements.lock -e ".[mutation]"
	@rm -rf mutants; $(call MUTMUT_RUN,--patterns)

# After adding tests: run again only the scoped mutants not yet killed (keeps mutants/), then the report.
mutants-again: install
	@test -d mutants || { echo "先运行 make mutants"; exit 2; }; $(call MUTMUT_RUN,--unfinished)

lint: install
	$(BIN)/ruff check zhichan tests tools
	$(BIN)/ruff format --check zhichan tests tools

# The tests write their files (search index, cache, media) into a directory of their own, never
# into the installation's var/.
# The suite on every core (pytest-xdist; TEST_WORKERS=0 runs it in one process), each worker with
# its own test database and its own var/ under the run's temporary directory.
TEST_WORKERS ?= auto
test: install assets lint
	@var=$$(mktemp -d -t zhichan-test-XXXXXX); \
	ZHICHAN_TESTING=1 ZHICHAN_VAR_DIR=$$var $(BIN)/pytest -n $(TEST_WORKERS) --dist worksteal; status=$$?; rm -rf $$var; exit $$status

bench: install
	ZHICHAN_TESTING=1 $(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) node_modules var .pytest_cache .ruff_cache
