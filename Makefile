# FOUR Lessons. Every target sets up what it needs first, so a fresh clone needs only what
# .ci/prerequisites checks: Python 3.10+ with venv (3.11+ for the tests), and for the tests
# Node.js/npm, Debian's Chromium and Java (README.md lists the Debian packages; .ci/run
# installs them).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SETUP  := $(VENV)/.setup-done
# The portability matrix: the module built by ProperDocs (the MkDocs 1.x fork) and by
# Zensical (which runs no MkDocs plugin, so the build must fail loudly), each in its own
# environment, pinned.
PROPERDOCS_SETUP := .venv-properdocs/.setup-done
ZENSICAL_SETUP   := .venv-zensical/.setup-done
NODE_SETUP := node_modules/.setup-done
# The suite runs in three workers per core, at most 8 (pytest-xdist): a browser test spends much
# of its time waiting for a page, a server or a subprocess, and the other workers use that time.
# With every core of a 2-core machine busy, 2 workers took about 27 minutes, 4 about 15:20 and
# 6 about 14:30; each worker holds a Chromium (about 400 MB), hence the cap. Each test file stays
# on one worker (pytest_xdist_make_scheduler in tests/conftest.py says why).
# `make test TEST_WORKERS=0` runs it in one process.
TEST_WORKERS ?= $(shell n=$$(( 3 * $$(nproc) )); [ $$n -gt 8 ] && n=8; echo $$n)

# Material prints an end-of-life banner recommending Zensical, which runs no MkDocs plugin
# and so cannot build this module (docs/staff/hosting.md): keep it from misleading newcomers.
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve serve-staff build build-staff test lint bench assets clean prerequisites \
	prerequisites-serve

# The learner site: what pupils and students see (no staff page, no answer key).
serve: prerequisites-serve $(SETUP)
	$(BIN)/four-lessons serve --dev-addr 127.0.0.1:8000

build: $(SETUP)
	$(BIN)/four-lessons build

# The staff site: learner pages plus the teachers' guide, answer keys and classroom view.
serve-staff: prerequisites-serve $(SETUP)
	$(BIN)/four-lessons serve --staff --dev-addr 127.0.0.1:8001

build-staff: $(SETUP)
	$(BIN)/four-lessons build --staff

test: prerequisites $(SETUP) $(NODE_SETUP) $(PROPERDOCS_SETUP) $(ZENSICAL_SETUP)
	$(BIN)/ruff check plugins tests benchmarks
	$(BIN)/mypy
	$(BIN)/pytest -n $(TEST_WORKERS)

lint: $(SETUP)
	$(BIN)/ruff check plugins tests benchmarks
	$(BIN)/mypy

# Build cost against plain MkDocs, then Lighthouse's performance score of the pages a
# learner uses most, served compressed (a measure, not a test: it moves with the load).
# Each prints one line per budget and fails when one does not hold; both always run.
bench: $(SETUP) $(NODE_SETUP)
	status=0; $(BIN)/python benchmarks/build_bench.py || status=1; \
	$(BIN)/python benchmarks/lighthouse.py --check || status=1; exit $$status

# Rebuild the site's minified JavaScript and CSS after editing plugins/four_lessons/frontend/
# (the built files are committed; the tests fail when they are out of date).
assets: $(NODE_SETUP)
	node plugins/four_lessons/frontend/build.mjs

# One line per missing package, before anything is set up (not half-way through the suite).
prerequisites:
	@bash .ci/prerequisites test

prerequisites-serve:
	@bash .ci/prerequisites serve

# Every Python package at the version the suite passed with (constraints.txt says why).
$(SETUP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $@

$(PROPERDOCS_SETUP): pyproject.toml constraints.txt
	test -x .venv-properdocs/bin/python || $(PYTHON) -m venv .venv-properdocs
	.venv-properdocs/bin/python -m pip install --quiet -c constraints.txt 'properdocs==1.6.7' -e .
	touch $@

$(ZENSICAL_SETUP): pyproject.toml constraints.txt
	test -x .venv-zensical/bin/python || $(PYTHON) -m venv .venv-zensical
	.venv-zensical/bin/python -m pip install --quiet -c constraints.txt 'zensical==0.0.73' -e .
	touch $@

$(NODE_SETUP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

clean:
	rm -rf $(VENV) .venv-properdocs .venv-zensical node_modules site site-staff .pytest_cache
