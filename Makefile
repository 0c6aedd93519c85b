# SandFlux: `make demo` runs the main job on sample data, `make test` runs the tests.
# Both set up what is missing first (Debian packages, venv, PyPI extras) and are quick after.
# VENV: the virtual environment (default .venv); a venv belongs to one Python, so another system
# (e.g. the Debian 13 folders of test-qgis-versions) uses its own: make test VENV=/root/venv
VENV ?= .venv
export VENV
PYTHON := $(VENV)/bin/python
export QT_QPA_PLATFORM ?= offscreen

.PHONY: setup demo test lint test-qgis-versions sample-data bench package translations translations-update model clean

setup:
	@bash scripts/setup.sh

demo: setup translations
	$(PYTHON) scripts/demo.py --output demo-output

test: setup translations lint
	@$(PYTHON) -c "from qgis.core import Qgis; print('make test: QGIS', Qgis.QGIS_VERSION)"
	$(PYTHON) -m pytest -p no:cacheprovider tests

# ruff (from PyPI, requirements-dev.txt) with the settings of ruff.toml.
lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# The suite and the demo on QGIS 3.40 (Debian 13) and 3.44 (trixie-backports), each in a Debian 13
# folder made once by debootstrap under build/qgis-versions/ (as root; see scripts/qgis_versions.sh).
test-qgis-versions:
	bash scripts/qgis_versions.sh

sample-data: setup
	$(PYTHON) scripts/sample_data.py --output sample-data

bench: setup
	$(PYTHON) bench/run.py

# Translations: the .qm (committed) is rebuilt by lrelease (qttools5-dev-tools) when its .ts is
# newer. translations-update re-extracts the strings from the code into the .ts (pylupdate5, from
# pyqt5-dev-tools); translate with linguist, then `make translations`.
TS_FILES := $(wildcard resources/i18n/sandflux_*.ts)
QM_FILES := $(TS_FILES:.ts=.qm)

translations: $(QM_FILES)

resources/i18n/%.qm: resources/i18n/%.ts
	lrelease -silent $< -qm $@

translations-update:
	python3 scripts/i18n.py update

# The pipeline model, rebuilt from the tools' current parameters (commit the .model3).
model: setup
	$(PYTHON) scripts/build_model.py

# An installable plugin zip, build/sandflux-<version>.zip, with one folder sandflux/.
package: translations
	bash scripts/package.sh

clean:
	rm -rf build demo-output .pytest_cache
