# Sahel Map: `make run` serves the app, `make test` runs the whole suite.
# Both set everything up first, on a fresh Debian machine included.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PORT ?= 8501
# translations: compiled from the committed .po catalogues
CATALOGUES := $(patsubst %.po,%.mo,$(wildcard sahel_map/locale/*/LC_MESSAGES/sahel_map.po))
OWN_STATIC := $(wildcard sahel_map/web/static/*)
CHROMIUM ?= /usr/bin/chromium
# apt-get needs root; use sudo when it is there and we are not root
SUDO := $(shell [ "$$(id -u)" -ne 0 ] && command -v sudo)

.PHONY: setup run test test-deps db-deps haproxy-deps serve-replicas lint validate bench bench-load clean system-deps messages

setup: system-deps $(VENV)/.installed static/vendor/.installed $(CATALOGUES)

# python3-venv and npm are the only system packages the app needs.
system-deps:
	@if ! $(PYTHON) -c 'import venv, ensurepip' >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then \
		if command -v apt-get >/dev/null 2>&1; then \
			echo "Installing python3-venv and npm with apt-get"; \
			$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq python3-venv python3-pip nodejs npm >/dev/null; \
		else \
			echo "Need Python 3.11 with venv, and Node.js with npm: install them, then run make again." >&2; exit 1; \
		fi; \
	fi

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.txt
	touch $@

# Leaflet and its plugins, pinned by package-lock.json, copied to static/vendor
# after their integrity hashes are checked against sahel_map/assets_manifest.json.
static/vendor/.installed: package.json package-lock.json sahel_map/web/assets_manifest.json $(OWN_STATIC) $(VENV)/.installed
	npm ci --no-audit --no-fund --loglevel=error
	$(PY) -m sahel_map assets install
	touch $@

%.mo: %.po $(VENV)/.installed
	$(VENV)/bin/pybabel compile --use-fuzzy -i $< -o $@

# refresh the template after changing interface text, then update the catalogues (see docs/translating.md)
messages: $(VENV)/.installed
	$(VENV)/bin/pybabel extract -F babel.cfg -k t -k N_ -k plural:1,2 --no-location --omit-header --sort-output -o sahel_map/locale/sahel_map.pot .
	$(VENV)/bin/pybabel update -i sahel_map/locale/sahel_map.pot -d sahel_map/locale -D sahel_map --omit-header --no-fuzzy-matching

run: setup
	$(PY) -m sahel_map serve --port $(PORT)

$(VENV)/.test-installed: requirements-test.txt $(VENV)/.installed
	$(PIP) install --quiet -r requirements-test.txt
	touch $@

# Debian's Chromium for the browser tests; Playwright never downloads its own.
# PostgreSQL + PostGIS (tests/test_postgis.py) and HAProxy (tests/test_replicas.py): those tests are
# skipped, with the reason, where the packages cannot be installed.
test-deps: setup $(VENV)/.test-installed
	@if [ ! -x $(CHROMIUM) ]; then \
		if command -v apt-get >/dev/null 2>&1; then \
			echo "Installing Debian's chromium with apt-get"; \
			$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium >/dev/null; \
		else \
			echo "Browser tests need Chromium at $(CHROMIUM) (Debian: apt-get install chromium)." >&2; exit 1; \
		fi; \
	fi
	@# LibreOffice opens the briefing deck and handout in the tests; poppler's pdfinfo/pdftoppm check the result
	@if ! command -v soffice >/dev/null 2>&1 || ! command -v pdfinfo >/dev/null 2>&1; then \
		if command -v apt-get >/dev/null 2>&1; then \
			echo "Installing Debian's libreoffice-impress, libreoffice-draw and poppler-utils with apt-get"; \
			$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq --no-install-recommends \
				libreoffice-impress libreoffice-draw poppler-utils >/dev/null; \
		else \
			echo "Deck tests need LibreOffice (soffice) and poppler-utils (Debian: apt-get install libreoffice-impress libreoffice-draw poppler-utils)." >&2; exit 1; \
		fi; \
	fi
	@$(MAKE) --no-print-directory db-deps haproxy-deps || echo "PostGIS or HAProxy not installed: their tests will be skipped"

# Debian 12: postgresql (15) and postgresql-15-postgis-3; other releases: the postgis of their postgresql
db-deps:
	@if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || ! ls /usr/share/postgresql/*/extension/postgis.control >/dev/null 2>&1; then \
		command -v apt-get >/dev/null 2>&1 || { echo "PostGIS tests need PostgreSQL and PostGIS (no apt-get here)" >&2; exit 1; }; \
		echo "Installing Debian's postgresql and postgis with apt-get"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq postgresql >/dev/null && \
		pg=$$(ls /usr/lib/postgresql | sort -n | tail -1) && \
		$(SUDO) apt-get install -y -qq postgresql-$$pg-postgis-3 >/dev/null; \
	fi

haproxy-deps:
	@if ! command -v haproxy >/dev/null 2>&1 && [ ! -x /usr/sbin/haproxy ]; then \
		command -v apt-get >/dev/null 2>&1 || { echo "Replicas need HAProxy (no apt-get here)" >&2; exit 1; }; \
		echo "Installing Debian's haproxy with apt-get"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq haproxy >/dev/null; \
	fi

# N app processes on PORT+1..PORT+N behind HAProxy on PORT, sticky sessions (docs/deploy.md)
REPLICAS ?= 2
serve-replicas: setup haproxy-deps
	$(PY) scripts/serve_replicas.py --replicas $(REPLICAS) --port $(PORT)

test: test-deps
	PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 SAHEL_MAP_CHROMIUM=$(CHROMIUM) $(PY) -m pytest

lint: $(VENV)/.test-installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

validate: $(VENV)/.installed
	$(PY) -m sahel_map validate geodata

bench: test-deps
	SAHEL_MAP_CHROMIUM=$(CHROMIUM) $(PY) scripts/benchmark.py

# many viewers on one server (a few minutes; not part of make test)
bench-load: test-deps
	SAHEL_MAP_CHROMIUM=$(CHROMIUM) $(PY) scripts/bench_load.py

clean:
	rm -rf $(VENV) node_modules static/vendor static/data .pytest_cache $(CATALOGUES)
