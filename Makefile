# Two commands do everything: `make report` and `make test` (`make test-all` adds the slow tests).
# Each creates .venv if it is missing and installs the pinned dependencies.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PUNKT  := nltk_data/tokenizers/punkt_tab/english/abbrev_types.txt

.PHONY: report test test-all lab setup clean-venv expected check-expected report-here wheel

report: setup
	PYTHONHASHSEED=0 $(BIN)/python -m analysis report $(ARGS)

# The fast route: unit tests and doctests on every core (pytest-xdist), without the tests marked
# slow (notebook runs, the wheel install, the browser, Dask clusters; see README "Tests").
test: setup
	PYTHONHASHSEED=0 $(BIN)/python -m pytest -n auto -m "not slow" $(ARGS)

# Everything, one test after another, as CI runs it (.ci/run).
test-all: setup
	PYTHONHASHSEED=0 $(BIN)/python -m pytest $(ARGS)

# Cross-machine identity: reports/expected.sha256 covers every table and figure of the default report.
expected: report
	$(BIN)/python -m analysis checksums write

check-expected: setup
	$(BIN)/python -m analysis checksums check

# The active interpreter (conda, a system Python) instead of .venv: no venv is built.
# The environment must already hold the pinned dependencies (environment.yml) and the
# project (pip install --no-deps -e .).
report-here:
	$(PYTHON) -m analysis setup
	PYTHONHASHSEED=0 $(PYTHON) -m analysis report $(ARGS)

# A wheel in dist/ holding the package, its resources and the notebooks (pip install dist/*.whl;
# then `news-framing report ...` works from any folder). Built offline with the pinned setuptools.
wheel: setup
	$(BIN)/python -m pip wheel --quiet --no-deps --no-build-isolation -w dist .

# root (in containers) needs --allow-root; nobody else gets it
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

lab: setup
	$(BIN)/jupyter lab $(ROOT_FLAG) --ServerApp.root_dir="$(CURDIR)" --LabApp.default_url=/lab/tree/notebooks/00_explore.ipynb \
		--ContentsManager.pre_save_hook=analysis.report.lab.keep_committed_metadata

setup: $(STAMP) $(PUNKT)

$(STAMP): pyproject.toml requirements-lock.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements-lock.txt -e ".[test]"
	touch $(STAMP)

$(PUNKT): $(STAMP)
	PYTHONHASHSEED=0 $(BIN)/python -m analysis setup

clean-venv:
	rm -rf $(VENV) nltk_data
