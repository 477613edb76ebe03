# The Inclusive Cities Hub. `make build` and `make test` do all the set-up.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
SITE_STAMP := $(VENV)/.site-installed
DEV_STAMP  := $(VENV)/.dev-installed
CHROMIUM ?= /usr/bin/chromium
# Material prints a banner about its successor on every build; the hub's
# engine-neutral package is the answer to it, so keep build logs readable.
export NO_MKDOCS_2_WARNING := 1
# Reproducible builds: the dates MkDocs writes (sitemap, archives) are those of
# the last commit, so two builds of the same content are byte-identical.
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)

.PHONY: build serve check test lint browser golden clean

# The site is built into site.new/ and replaces site/ only when the build
# succeeds: a broken file never takes down the last good build that a preview
# or a reviewer is looking at.
build: $(SITE_STAMP)
	@rm -rf site.new site.old
	@$(BIN)/mkdocs build --strict --site-dir site.new || { status=$$?; rm -rf site.new; \
	  exit $$status; }
	@if [ -d site ]; then mv site site.old; fi; mv site.new site; rm -rf site.old

# The preview's address: make serve ADDR=127.0.0.1:8001 (or 0.0.0.0:8000 to
# reach it from another device of the network).
ADDR ?= 127.0.0.1:8000
# LANGUAGES="en fr" previews only those languages of the site (quicker).
LANGUAGES ?=
serve: $(SITE_STAMP)
	@HUB_LANGUAGES="$(LANGUAGES)" $(BIN)/mkdocs serve --livereload --dev-addr "$(ADDR)"

# HUB_MAKE_VARIABLES tells the command that make runs it, and which of make's
# variables stand for its options (CITY=... rather than --city ...).
check: $(SITE_STAMP)
	@HUB_MAKE_VARIABLES= $(BIN)/hub check

test: $(DEV_STAMP) browser
	$(BIN)/ruff check cityhub hooks tests bench mutants
	$(BIN)/mypy
	$(BIN)/pytest

lint: $(DEV_STAMP)
	$(BIN)/ruff check cityhub hooks tests bench mutants
	$(BIN)/mypy

# Regenerate the golden output of the fixed test site after an intended change.
golden: $(DEV_STAMP)
	UPDATE_GOLDEN=1 $(BIN)/pytest tests/test_golden.py tests/test_manifest.py

# Plant each bug of mutants/*.patch, one at a time in a scratch copy, and
# expect the tests its header names to fail; exits 1 if one survives (about
# 3 min). Choose with ONLY="url csp"; MUTANTS_SUITE=fast runs the whole suite
# without browser tests, then the named browser tests, for each (about 4 min
# a mutant).
.PHONY: mutants
mutants: $(DEV_STAMP) browser
	$(BIN)/python mutants/run.py $(ONLY)

# Build, check and preview times against plain MkDocs + Material, written to
# bench/results.md (about 25 min); choose sizes with N="200 2000".
.PHONY: bench
bench: $(SITE_STAMP)
	$(BIN)/python bench/build.py $(N)

# Start a new content file, ready to fill in; see CONTRIBUTING.md. For example
#   make new-practice CITY=barcelona TITLE="Anti-rumour strategy"
#   make new-city NAME="Nantes" COUNTRY=FR LAT=47.218 LON=-1.553
# The values reach the command through the environment, so quotes in a
# title stay as written.
.PHONY: new-practice new-city issue-form

new-practice: $(SITE_STAMP)
	@HUB_MAKE_VARIABLES="CITY TITLE" $(BIN)/hub new practice --city "$$CITY" --title "$$TITLE"

new-city: $(SITE_STAMP)
	@HUB_MAKE_VARIABLES="NAME COUNTRY LAT LON" \
	  $(BIN)/hub new city --name "$$NAME" --country "$$COUNTRY" --lat "$$LAT" --lon "$$LON"

# Bring the interface's gettext catalogues (cityhub/messages/locales/) in step
# with the strings of the code, templates and scripts.
.PHONY: messages
messages: $(SITE_STAMP)
	$(BIN)/hub messages

# Regenerate the GitHub issue form after changing the practice schema or data/*.yml.
issue-form: $(SITE_STAMP)
	mkdir -p .github/ISSUE_TEMPLATE
	$(BIN)/hub issue-form > .github/ISSUE_TEMPLATE/practice.yml.tmp
	mv .github/ISSUE_TEMPLATE/practice.yml.tmp .github/ISSUE_TEMPLATE/practice.yml

# What editors should review next: practices due for review or never reviewed,
# practices without results, cities without practices, commitments not yet
# put into action.
.PHONY: report
report: $(SITE_STAMP)
	$(BIN)/hub report

$(VENV)/.created:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet pip==25.3 setuptools==84.2.1
	touch $@

$(SITE_STAMP): $(VENV)/.created requirements.txt pyproject.toml
	$(BIN)/pip install --quiet -r requirements.txt
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

$(DEV_STAMP): $(SITE_STAMP) requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

# Browser tests use Debian's Chromium; install it when missing and we are root.
browser:
	@if [ ! -x "$(CHROMIUM)" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing Debian's chromium for the browser tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "warning: $(CHROMIUM) is missing; browser tests will be skipped (install Debian's chromium)"; \
	  fi; \
	fi

clean:
	rm -rf site site.new site.old .pytest_cache .mypy_cache .ruff_cache
