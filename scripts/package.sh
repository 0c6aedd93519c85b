#!/usr/bin/env bash
# Build the installable plugin zip build/sandflux-<version>.zip: one top folder sandflux/ with
# what QGIS needs (entry, provider, algorithms, core, resources incl. compiled translations,
# docs, metadata), without tests, bench, scripts, venv, build or demo output.
# Install: QGIS > Plugins > Manage and Install Plugins > Install from ZIP.
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION=$(sed -n 's/^version=//p' metadata.txt)
OUTPUT=${1:-build/sandflux-$VERSION.zip}
mkdir -p "$(dirname "$OUTPUT")"

/usr/bin/python3 - "$OUTPUT" <<'PYTHON'
import sys
import zipfile
from pathlib import Path

output = Path(sys.argv[1])
top_files = ["metadata.txt", "__init__.py", "plugin.py"]
top_files += [p.name for p in Path(".").glob("*") if p.is_file()
              and p.name.split(".")[0].upper() in ("README", "LICENSE", "LICENCE", "CHANGELOG")]
folders = ["provider", "algorithms", "core", "resources", "docs"]
skip_suffixes = {".pyc", ".pyo", ".orig", ".rej", ".tmp"}

files = [Path(name) for name in top_files if Path(name).is_file()]
for folder in folders:
    files += sorted(p for p in Path(folder).rglob("*")
                    if p.is_file() and "__pycache__" not in p.parts and p.suffix not in skip_suffixes
                    and not p.name.startswith("."))
missing = [name for name in ("metadata.txt", "__init__.py") if not Path(name).is_file()]
if missing:
    sys.exit(f"package: {', '.join(missing)} missing; run from the plugin folder")

temporary = output.with_name(output.name + ".tmp")
with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as archive:
    for path in files:
        # fixed timestamps: the same sources give the same zip
        info = zipfile.ZipInfo(f"sandflux/{path.as_posix()}", date_time=(2020, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        archive.writestr(info, path.read_bytes())
temporary.replace(output)
print(f"package: {output} ({len(files)} files)")
PYTHON
