"""Opening raster and vector files with GDAL/OGR, and bringing coordinates to EPSG:4326."""
from typing import Optional

from ..infra.errors import InputFileError


def wgs84():
    """EPSG:4326 with longitude, latitude axis order (as SandFlux's grids use)."""
    from osgeo import osr
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return srs


def transform_to_wgs84(srs, source: str):
    """An OSR transformation from ``srs`` to EPSG:4326, or None when ``srs`` is EPSG:4326 or unset.

    ``source`` names the file in the error raised when PROJ cannot build the transformation.
    """
    from osgeo import osr
    if srs is None:
        return None
    srs = srs.Clone()
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    if srs.IsSame(wgs84()):
        return None
    try:
        transform = osr.CoordinateTransformation(srs, wgs84())
    except (RuntimeError, TypeError) as error:
        transform = None
        reason = str(error)
    else:
        reason = "PROJ returned no transformation"
    if transform is None:
        raise InputFileError(f"Cannot transform the coordinates of {source} to EPSG:4326 "
                             f"({reason}). Check its CRS, or reproject it to EPSG:4326 first.")
    return transform


def open_vector_layer(path, layer_name: Optional[str], what: str, kind: str):
    """(dataset, layer) of a vector file; ``what`` names it in errors, ``kind`` is e.g. 'polygon'.

    The dataset is returned too: the layer is only valid while the dataset is referenced.
    """
    from osgeo import gdal
    gdal.UseExceptions()
    try:
        source = gdal.OpenEx(str(path), gdal.OF_VECTOR)
    except RuntimeError as error:
        raise InputFileError(f"OGR cannot read the {what} {path}: {error}. Choose a {kind} layer "
                             "(e.g. GeoPackage or Shapefile).") from None
    layer = source.GetLayerByName(layer_name) if layer_name else source.GetLayer(0)
    if layer is None:
        raise InputFileError(f"The {what} file {path} has no layer '{layer_name or 0}'. "
                             "Choose one of its layers.")
    return source, layer


def open_raster(path, what: str, hint: str = "Choose a raster GDAL can open (e.g. GeoTIFF)."):
    """A read-only GDAL dataset; ``what`` names it in the error, ``hint`` says what to do."""
    from osgeo import gdal
    gdal.UseExceptions()
    try:
        return gdal.Open(str(path), gdal.GA_ReadOnly)
    except RuntimeError as error:
        raise InputFileError(f"GDAL cannot read the {what} {path}: {error}. {hint}") from None
