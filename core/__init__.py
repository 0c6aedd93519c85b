"""SandFlux core: the science and the I/O of desert CO2 flux, with no QGIS import.

Data flows one way: ERA5 files -> forcing -> (calibration) -> hourly flux -> annual sums.
Every module here is usable from plain Python and from Dask workers.
"""
from .version import __version__

__all__ = ["__version__"]
