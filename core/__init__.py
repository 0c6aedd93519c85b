"""SandFlux core: the science and the I/O of desert CO2 flux, with no QGIS import.

Data flows one way: ERA5 files -> forcing -> (calibration) -> hourly flux -> annual sums.
Every module here is usable from plain Python and from Dask workers.
"""

import os

from .infra.version import __version__

# Debian's python3-ecmwflibs (pulled in by cfgrib, and imported by xarray whenever it lists its
# backends) points PROJ_LIB and FONTCONFIG_FILE of the whole process at its own, empty folders
# unless this is set: QGIS, GDAL and every subprocess would then lose proj.db.
os.environ.setdefault("ECMWFLIBS_MAGPLUS", "1")

__all__ = ["__version__"]
