#!/usr/bin/env bash
# Set up everything SandFlux needs on Debian 12 or 13, idempotently and quickly when all is there:
# Debian packages (QGIS and the scientific stack that matches its compiled libraries),
# a venv on /usr/bin/python3 with --system-site-packages, PyPI only for what Debian lacks,
# and build/plugins/sandflux -> this folder (the plugin as QGIS installs it).
#
# QGIS_SUITE=<suite> (e.g. trixie-backports for QGIS 3.44 on Debian 13) installs the whole list
# from that suite: mixing suites fails (libcurl's pin through python3-eccodes). When QGIS is
# already installed from backports, the backports suite is used without being asked.
# VENV=<folder> puts the venv elsewhere (default .venv; one venv belongs to one Python).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

DEBIAN_PACKAGES=(
  qgis python3-qgis qgis-providers gdal-bin python3-gdal
  python3-numpy python3-netcdf4 python3-xarray python3-pandas python3-scipy python3-dask
  python3-distributed python3-zarr python3-matplotlib python3-cfgrib python3-eccodes libeccodes-tools
  python3-pyproj python3-venv python3-pip python3-pytest python3-hypothesis
  xvfb xauth qttools5-dev-tools pyqt5-dev-tools cdo nco
)

# The suite QGIS comes from: asked for, or the backports suite of an installed backports QGIS.
if [[ -z ${QGIS_SUITE:-} ]]; then
  installed=$(dpkg-query -W -f='${Version}' qgis 2>/dev/null || true)
  if [[ $installed == *bpo* ]]; then
    QGIS_SUITE=$(. /etc/os-release && echo "$VERSION_CODENAME")-backports
  fi
fi
SUITE_OPTION=()
[[ -n ${QGIS_SUITE:-} ]] && SUITE_OPTION=(-t "$QGIS_SUITE")

missing=()
for package in "${DEBIAN_PACKAGES[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$package")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -eq 0 ]]; then
    echo "setup: installing Debian packages${QGIS_SUITE:+ from $QGIS_SUITE}: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -q --no-install-recommends "${SUITE_OPTION[@]}" "${missing[@]}"
  else
    echo "setup: these Debian packages are missing. Install them with:" >&2
    echo "  sudo apt-get install --no-install-recommends ${SUITE_OPTION[*]} ${missing[*]}" >&2
    exit 1
  fi
fi

VENV=${VENV:-$ROOT/.venv}
if [[ ! -x $VENV/bin/python ]] || ! "$VENV/bin/python" -c "import qgis.core" 2>/dev/null; then
  echo "setup: creating $VENV on /usr/bin/python3 (with Debian's site-packages)"
  rm -rf "$VENV"
  /usr/bin/python3 -m venv --system-site-packages "$VENV"
fi
STAMP=$VENV/.requirements.sha256
if [[ ! -f $STAMP ]] || ! sha256sum --quiet -c "$STAMP" >/dev/null 2>&1; then
  echo "setup: installing from PyPI what Debian lacks (requirements-dev.txt)"
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check -r requirements-dev.txt
  sha256sum requirements-dev.txt > "$STAMP"
fi

mkdir -p build/plugins
ln -sfn "$ROOT" build/plugins/sandflux
