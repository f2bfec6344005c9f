# Community-marketing analytics — `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
LAB_VENV ?= .venv-lab
PY := $(VENV)/bin/python
DATA ?= data/sample
OUT ?= reports/sample
JOBS ?= 2
SEED ?= 0
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help install report sample test lab validate training benchmark clean chromium

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test,dask]"
	@touch $(STAMP)

install: $(STAMP) ## create .venv and install the package with its dependencies

$(DATA)/branches.csv: | $(STAMP)
	$(PY) -m analysis sample --out $(DATA) --seed $(SEED)

sample: $(STAMP) ## (re)generate the sample data in data/sample
	$(PY) -m analysis sample --out $(DATA) --seed $(SEED)

report: $(STAMP) $(DATA)/branches.csv ## run every notebook for every branch; prints the index page
	$(PY) -m analysis run --data $(DATA) --out $(OUT) --jobs $(JOBS)

validate: $(STAMP) ## check a data folder against the contract: make validate DATA=data/raw/mybranch
	$(PY) -m analysis validate $(DATA)

test: $(STAMP) ## run the whole test suite (unit tests, notebook runs, nbval on the training walkthroughs)
	$(PY) -m pytest --nbval tests notebooks/training --ignore=tests/notebooks --ignore=tests/runner/notebooks

# The browser test (tests/browser) opens the reports in headless Chromium, Debian's package; its set-up installs it
# when missing and it runs as root, and skips otherwise.
chromium: ## install headless Chromium for the browser test (Debian package `chromium`, as root)
	@command -v chromium >/dev/null || { export DEBIAN_FRONTEND=noninteractive; \
	  apt-get install -y -q chromium || { apt-get update -q && apt-get install -y -q chromium; }; }

# JupyterLab gets its own environment: in the runtime one it would slow every report run by ~3 s
# (it pulls in rfc3987-syntax, which nbformat then imports in every process).
$(LAB_VENV)/.installed: pyproject.toml
	@test -x $(LAB_VENV)/bin/python || $(PYTHON) -m venv $(LAB_VENV)
	$(LAB_VENV)/bin/python -m pip install --quiet -e ".[lab,test]"
	@touch $@

lab: $(LAB_VENV)/.installed $(DATA)/branches.csv ## open JupyterLab on the notebooks (its own .venv-lab)
	$(LAB_VENV)/bin/jupyter lab notebooks $(if $(filter 0,$(shell id -u)),--allow-root,)

training: $(STAMP) ## re-execute the training walkthroughs in place (after a change to the sample generator)
	cd notebooks/training && for nb in *.ipynb; do ../../$(VENV)/bin/jupyter nbconvert --to notebook --execute --inplace "$$nb"; done

benchmark: $(STAMP) ## time `make report` on the sample (writes benchmarks/results.md)
	$(PY) benchmarks/bench_report.py

clean: ## remove generated sample data and reports (keeps .venv)
	rm -rf $(DATA) reports/sample
