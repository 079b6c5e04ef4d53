# The course's commands. The two that matter: `make book` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed-requirements
# jupyter-book's build command, with Sphinx reading and executing pages in parallel (coursekit/build.py).
JB := $(BIN)/python -m coursekit.build
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: help venv book facilitator handouts pdf export serve test lab bench freeze clean

help:
	@echo "make book         build the course website into _build/html"
	@echo "make serve        serve the built website on http://127.0.0.1:$(PORT) (PORT=... to change)"
	@echo "make test         unit tests, every notebook (nbval), a clean strict book build and browser tests"
	@echo "make facilitator  build the facilitator edition into _build/facilitator/html"
	@echo "make handouts     print the handouts (comparison tables, which support fits, crisis support) to PDF"
	@echo "make pdf          print the whole course as one PDF (EDITION=facilitator for the facilitator edition)"
	@echo "make export       write the question bank for Moodle (GIFT, XML) and Canvas (QTI) into _build/export"
	@echo "make lab          open the workshop notebooks in JupyterLab"
	@echo "make bench        measure build time, test time, page weight and quiz runtime size"

# The virtual environment is rebuilt only when requirements.txt or pyproject.toml change.
$(STAMP): requirements.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "Installing the pinned requirements into $(VENV) ..."
	@$(BIN)/python -m pip install --quiet --upgrade pip 2>&1 | grep -v "^WARNING: Location" || true
	@set -o pipefail; $(BIN)/python -m pip install --quiet -r requirements.txt 2>&1 | { grep -v "^WARNING: Location" || true; }
	@touch $@

venv: $(STAMP)

book: $(STAMP)
	$(JB) build . --builder html
	@echo
	@echo "The course website is in $(CURDIR)/_build/html (open index.html, or run: make serve)"

# Same chapters, with the facilitator notes switched on (Sphinx tag 'facilitator').
facilitator: $(STAMP)
	@$(BIN)/coursekit facilitator-toc _build/facilitator/_toc.yml >/dev/null
	COURSE_EDITION=facilitator $(JB) build . --builder html --toc _build/facilitator/_toc.yml --path-output _build/facilitator
	@echo
	@echo "The facilitator edition is in $(CURDIR)/_build/facilitator/_build/html"

# Build the site first so the handouts show the current data, then print them with Chromium.
handouts: book
	$(BIN)/coursekit handouts --site _build/html --out _build/handouts
	@echo "Handout PDFs (A4 and US Letter) are in $(CURDIR)/_build/handouts"

# The whole course as one PDF, printed from the built site by the same Chromium as the handouts.
EDITION ?= learner
PDF_SITE_learner := _build/html
PDF_SITE_facilitator := _build/facilitator/_build/html
pdf: $(if $(filter facilitator,$(EDITION)),facilitator,book)
	$(BIN)/coursekit pdf --edition $(EDITION) --site $(PDF_SITE_$(EDITION)) --out _build/pdf/course-$(EDITION).pdf

export: $(STAMP)
	$(BIN)/coursekit export --out _build/export

serve:
	@test -d _build/html || { echo "No site yet: run 'make book' first."; exit 1; }
	@echo "Serving the course on http://127.0.0.1:$(PORT) (Ctrl+C to stop)"
	$(BIN)/python -m http.server $(PORT) --bind 127.0.0.1 --directory _build/html

# pytest runs everything: unit tests, the notebooks under nbval, the clean strict book build
# (tests/test_book.py) and the browser tests against that build. One summary line at the end.
test: $(STAMP)
	$(BIN)/python -m pytest --nbval-lax

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/

bench: $(STAMP)
	$(BIN)/python -m coursekit.bench

freeze: $(STAMP)
	$(BIN)/python -m pip freeze --exclude-editable

clean:
	rm -rf _build .pytest_cache
