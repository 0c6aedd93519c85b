#!/usr/bin/env bash
# Run the test suite and the demo against the newer QGIS releases Debian packages:
#   trixie            QGIS 3.40 (Debian 13)
#   trixie-backports  QGIS 3.44 (Debian 13 with QGIS and its whole stack from backports)
# Each runs in its own Debian 13 folder made once by debootstrap from Debian's archive (reused
# when already built), under build/qgis-versions/ (or $QGIS_VERSIONS_DIR). The source tree is
# copied into the folder (never bind-mounted), and scripts/setup.sh installs the packages
# there exactly as on a user's Debian 13, with the folder's own venv.
#
# Usage: scripts/qgis_versions.sh [--build-only] [trixie] [trixie-backports]   (as root; default: both)
# Needs: debootstrap (installed through apt-get when missing), about 1.5 GB of disk a folder.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

if [[ $(id -u) -ne 0 ]]; then
  echo "qgis-versions: debootstrap and chroot need root; run as root (e.g. sudo make test-qgis-versions)" >&2
  exit 1
fi

BASE=${QGIS_VERSIONS_DIR:-$ROOT/build/qgis-versions}
BUILD_ONLY=0
if [[ ${1:-} == --build-only ]]; then BUILD_ONLY=1; shift; fi
SUITES=("$@")
((${#SUITES[@]})) || SUITES=(trixie trixie-backports)

# The Debian mirror the host itself uses (reachable from here), else deb.debian.org.
host_mirror() {
  local uri
  uri=$(grep -hsE '^(URIs:|deb ) *' /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
          /etc/apt/sources.list.d/*.sources 2>/dev/null \
        | grep -oE 'https?://[^ ]+/debian/?( |$)' | grep -v security | head -1 | tr -d ' ')
  echo "${uri:-http://deb.debian.org/debian}"
}
MIRROR=${DEBIAN_MIRROR:-$(host_mirror)}
MIRROR=${MIRROR%/}
SECURITY_MIRROR=${MIRROR%/debian}/debian-security

if ! command -v debootstrap >/dev/null; then
  echo "qgis-versions: installing debootstrap"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends debootstrap \
    || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends debootstrap; }
fi

MOUNTED=()
unmount_all() {
  local i
  for ((i = ${#MOUNTED[@]} - 1; i >= 0; i--)); do
    umount "${MOUNTED[i]}" 2>/dev/null || umount -l "${MOUNTED[i]}" 2>/dev/null || true
  done
  MOUNTED=()
}
trap unmount_all EXIT
trap 'exit 130' INT TERM

mount_into() {  # mount_into DIR: /proc, /sys, /dev (and /dev/pts, /dev/shm) of the host
  local dir=$1
  mount -t proc proc "$dir/proc" && MOUNTED+=("$dir/proc")
  mount --bind /sys "$dir/sys" && MOUNTED+=("$dir/sys")
  mount --bind /dev "$dir/dev" && MOUNTED+=("$dir/dev")
  mount --bind /dev/pts "$dir/dev/pts" && MOUNTED+=("$dir/dev/pts")
  if [[ -d /dev/shm ]]; then
    mount -t tmpfs tmpfs "$dir/dev/shm" && MOUNTED+=("$dir/dev/shm")
  fi
}

# A clean environment inside the folder (the host's PATH may point at other Pythons).
in_chroot() {  # in_chroot DIR COMMAND...
  local dir=$1; shift
  local pass=()
  local name
  for name in http_proxy https_proxy no_proxy HTTP_PROXY HTTPS_PROXY NO_PROXY \
              PIP_INDEX_URL PIP_EXTRA_INDEX_URL PIP_DEFAULT_TIMEOUT CI; do
    [[ -n ${!name:-} ]] && pass+=("$name=${!name}")
  done
  chroot "$dir" /usr/bin/env -i HOME=/root LANG=C.UTF-8 TERM=dumb \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    DEBIAN_FRONTEND=noninteractive PIP_CERT=/etc/ssl/certs/ca-certificates.crt \
    PIP_DISABLE_PIP_VERSION_CHECK=1 "${pass[@]}" "$@"
}

# The host's way to the registries: extra CA certificates, apt proxy settings, pip settings.
copy_host_settings() {
  local dir=$1 file
  cp -L /etc/resolv.conf "$dir/etc/resolv.conf" 2>/dev/null || true
  if compgen -G "/usr/local/share/ca-certificates/*" >/dev/null; then
    mkdir -p "$dir/usr/local/share/ca-certificates"
    cp -rL /usr/local/share/ca-certificates/. "$dir/usr/local/share/ca-certificates/"
  fi
  for file in /etc/apt/apt.conf /etc/apt/apt.conf.d/*; do
    [[ -f $file ]] && grep -qiE 'proxy' "$file" && cp -L "$file" "$dir/etc/apt/apt.conf.d/"
  done
  [[ -f /etc/pip.conf ]] && cp -L /etc/pip.conf "$dir/etc/pip.conf"
  if [[ -d /etc/xdg/pip ]]; then
    mkdir -p "$dir/etc/xdg"
    rm -rf "$dir/etc/xdg/pip"
    cp -rL /etc/xdg/pip "$dir/etc/xdg/pip"
  fi
  return 0
}

# Never delete through a mount left by an interrupted run (/dev of the host!).
refuse_if_mounted() {  # refuse_if_mounted DIR
  if grep -qF " $1/" /proc/self/mounts; then
    echo "qgis-versions: something is still mounted under $1 (an interrupted run?):" >&2
    grep -F " $1/" /proc/self/mounts | cut -d' ' -f2 >&2
    echo "unmount it (umount -R $1/...) and run again" >&2
    exit 1
  fi
}

build_folder() {  # build_folder SUITE DIR
  local suite=$1 dir=$2 started=$SECONDS
  echo "qgis-versions: building $dir (Debian trixie from $MIRROR, QGIS from $suite)"
  refuse_if_mounted "$dir"
  rm -rf --one-file-system "$dir"
  mkdir -p "$dir"
  debootstrap --variant=minbase --include=ca-certificates,make trixie "$dir" "$MIRROR"
  {
    echo "deb $MIRROR trixie main"
    echo "deb $MIRROR trixie-updates main"
    echo "deb $SECURITY_MIRROR trixie-security main"
    [[ $suite == trixie-backports ]] && echo "deb $MIRROR trixie-backports main"
  } > "$dir/etc/apt/sources.list"
  echo "$suite" > "$dir/etc/sandflux-qgis-suite"
  echo "qgis-versions: built the base of $dir in $((SECONDS - started)) s"
}

# The source tree as a fresh clone would have it (uncommitted edits included), without the host's
# venv, build folder and outputs.
copy_sources() {  # copy_sources DIR
  local target=$1/root/sandflux
  refuse_if_mounted "$1"
  rm -rf --one-file-system "$target"
  mkdir -p "$target"
  tar -C "$ROOT" --exclude=./.git --exclude=./.venv --exclude=./build --exclude=./demo-output \
      --exclude=./sample-data --exclude=./tests/_artifacts --exclude=./bench/cache \
      --exclude='__pycache__' --exclude=.pytest_cache -cf - . | tar -C "$target" -xf -
}

run_suite() {  # run_suite SUITE
  local suite=$1 dir=$BASE/$1 started
  if [[ ! -f $dir/.sandflux-ready ]]; then
    started=$SECONDS
    build_folder "$suite" "$dir"
    copy_host_settings "$dir"
    copy_sources "$dir"
    mount_into "$dir"
    in_chroot "$dir" update-ca-certificates >/dev/null
    in_chroot "$dir" apt-get update -qq
    in_chroot "$dir" env QGIS_SUITE="$suite" VENV=/root/venv bash /root/sandflux/scripts/setup.sh
    in_chroot "$dir" apt-get clean  # the downloaded .debs (~0.7 GB) are not needed again
    unmount_all
    date -u +%FT%TZ > "$dir/.sandflux-ready"
    echo "qgis-versions: $dir ready in $((SECONDS - started)) s"
  else
    echo "qgis-versions: reusing $dir (built $(cat "$dir/.sandflux-ready"); rm -rf it to rebuild)"
    copy_host_settings "$dir"
    copy_sources "$dir"
  fi
  ((BUILD_ONLY)) && return 0

  mount_into "$dir"
  in_chroot "$dir" update-ca-certificates >/dev/null
  local version test_started test_seconds demo_started status=0
  version=$(in_chroot "$dir" /usr/bin/python3 -c "from qgis.core import Qgis; print(Qgis.QGIS_VERSION)")
  echo "================================================================"
  echo "QGIS $version on Debian $(cat "$dir/etc/debian_version") (QGIS from $suite)"
  echo "================================================================"
  test_started=$SECONDS
  in_chroot "$dir" bash -c "cd /root/sandflux && make test VENV=/root/venv" || status=$?
  test_seconds=$((SECONDS - test_started))
  if ((status == 0)); then
    demo_started=$SECONDS
    in_chroot "$dir" bash -c "cd /root/sandflux && make demo VENV=/root/venv" || status=$?
    test_seconds="$test_seconds s, demo $((SECONDS - demo_started))"
  fi
  unmount_all
  if ((status == 0)); then
    # keep the demo's results (not the 60 MB forcing) to compare the numbers across versions
    rm -rf "$BASE/results/$suite"
    mkdir -p "$BASE/results/$suite"
    find "$dir/root/sandflux/demo-output/results" -maxdepth 1 -type f \
      \( -name '*.csv' -o -name '*.json' -o -name '*.tif' \) -exec cp {} "$BASE/results/$suite/" \;
    COMPARED+=("$suite")
    SUMMARY+=("QGIS $version ($suite): suite and demo passed (suite $test_seconds s)")
  else
    SUMMARY+=("QGIS $version ($suite): FAILED (exit $status)")
    FAILED=1
  fi
}

SUMMARY=()
COMPARED=()
FAILED=0
for suite in "${SUITES[@]}"; do
  case $suite in
    trixie|trixie-backports) run_suite "$suite" ;;
    *) echo "qgis-versions: unknown suite $suite (trixie or trixie-backports)" >&2; exit 2 ;;
  esac
done
# The demo's numbers on each version against the host's own demo (when it ran: make demo).
REFERENCE=$ROOT/demo-output/results
if [[ ! -f $REFERENCE/annual_sequestration.csv ]] && ((${#COMPARED[@]})); then
  REFERENCE=$BASE/results/${COMPARED[0]}
fi
for suite in "${COMPARED[@]}"; do
  [[ $BASE/results/$suite == "$REFERENCE" ]] && continue
  echo "qgis-versions: demo results of $suite against $REFERENCE"
  if /usr/bin/python3 -c "import numpy, osgeo" 2>/dev/null; then
    if /usr/bin/python3 scripts/compare_results.py "$REFERENCE" "$BASE/results/$suite"; then
      SUMMARY+=("$suite: the demo's numbers agree with ${REFERENCE#"$ROOT"/}")
    else
      SUMMARY+=("$suite: the demo's numbers DIFFER from ${REFERENCE#"$ROOT"/}")
      FAILED=1
    fi
  else
    echo "qgis-versions: no numpy/GDAL for /usr/bin/python3 here (run make setup): not compared"
  fi
done
if ((${#SUMMARY[@]})); then
  echo "qgis-versions:"
  printf '  %s\n' "${SUMMARY[@]}"
fi
exit "$FAILED"
