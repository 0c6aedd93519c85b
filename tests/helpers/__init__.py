"""What the tests share, one module a concept (conftest.py puts tests/ on sys.path once).

- paths:        the repository, the plugin link build/plugins/sandflux, test data, artifacts
- qgis_process: the real qgis_process binary
- synthetic:    the small planted grid, hourly times, forcing files and calibrations
- geofiles:     vector and raster files written with GDAL/OGR, and reading a raster back
- station:      station CSV rows and files
- cds:          ERA5 files laid out as the Climate Data Store delivers them
- flux_rasters: hourly flux GeoTIFFs written independently of core.formats.flux_raster
- pipeline:     the sample data set, the pipeline model's parameters, CSV rows, the package
- folders:      what a folder holds (for the atomic-output tests)
- desktop_startup.py: the startup script of the real QGIS desktop (not imported by tests)
"""
