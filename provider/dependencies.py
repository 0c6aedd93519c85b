"""Optional Python dependencies: which are missing, and the command that installs them.

The plugin must load even when a scientific module is missing: the provider logs what is
missing once on load (QGIS log, tag "SandFlux") and each affected algorithm's canExecute()
returns False with the install command. Nothing here imports the modules themselves.
"""

import importlib.util

LOG_TAG = "SandFlux"

# module name -> (Debian/Ubuntu package, pip requirement)
PACKAGES = {
    "numpy": ("python3-numpy", "numpy"),
    "osgeo": ("python3-gdal", "GDAL"),
    "netCDF4": ("python3-netcdf4", "netCDF4"),
    "xarray": ("python3-xarray", "xarray"),
    "pandas": ("python3-pandas", "pandas"),
    "scipy": ("python3-scipy", "scipy"),
    "dask": ("python3-dask", "dask[array]"),
    "matplotlib": ("python3-matplotlib", "matplotlib"),
    "cfgrib": ("python3-cfgrib", "cfgrib"),
    "eccodes": ("python3-eccodes", "eccodes"),
}


def is_available(module: str) -> bool:
    """True when ``module`` can be imported (found on the path; it is not imported here)."""
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):  # a parent package is missing or broken
        return False


def missing_modules(modules) -> list:
    """The modules of ``modules`` that cannot be imported, in the given order, once each."""
    missing = []
    for module in modules:
        if module not in missing and not is_available(module):
            missing.append(module)
    return missing


def install_command(modules) -> str:
    """The command lines that install ``modules``: Debian/Ubuntu apt, elsewhere pip."""
    debian = " ".join(PACKAGES.get(m, (f"python3-{m.lower()}", m))[0] for m in modules)
    pip = " ".join(PACKAGES.get(m, (m, m))[1] for m in modules)
    return (
        f"sudo apt-get install {debian}  (Debian/Ubuntu); elsewhere, in the Python that runs "
        f"QGIS (OSGeo4W Shell on Windows): python3 -m pip install {pip}"
    )
