# SandFlux: `make demo` runs the main job on sample data, `make test` runs the tests.
# Both set up what is missing first (Debian packages, venv, PyPI extras) and are quick after.
PYTHON := .venv/bin/python
export QT_QPA_PLATFORM ?= offscreen

.PHONY: setup demo test sample-data bench package clean

setup:
	@bash scripts/setup.sh

demo: setup
	$(PYTHON) scripts/demo.py --output demo-output

test: setup
	$(PYTHON) -m pytest -p no:cacheprovider tests

sample-data: setup
	$(PYTHON) scripts/sample_data.py --output sample-data

bench: setup
	$(PYTHON) bench/run.py

clean:
	rm -rf build demo-output .pytest_cache
