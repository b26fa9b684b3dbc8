# Two commands do all the set-up: `make play` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

# Nothing may be downloaded from a model hub at run time.
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: play test lint bench install clean-venv

play: $(STAMP)
	$(VENV)/bin/wordstack play

test: $(STAMP)
	$(PY) -m ruff check game tests bench scripts setup.py
	$(PY) -m mypy
	$(PY) -m pytest

lint: $(STAMP)
	$(PY) -m ruff check game tests bench scripts setup.py
	$(PY) -m mypy

bench: $(STAMP)
	$(PY) bench/latency.py
	$(PY) bench/association.py
	$(PY) bench/frames.py

install: $(STAMP)

$(PY):
	$(PYTHON) -m venv $(VENV)

# torch==2.13.0 first: it is the CPU build; an unpinned torch pulls a multi-GB CUDA build.
# The stamp depends on pyproject.toml, so the install is skipped when nothing changed.
$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

clean-venv:
	rm -rf $(VENV)
