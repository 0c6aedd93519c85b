"""GDAL/OGR access: checked calls, opening raster and vector files, EPSG:4326.

GDAL's exception mode (``gdal.UseExceptions``) is process-wide: QGIS and other plugins share it,
and in GDAL 3.6 a writer thread would see another thread switch it. SandFlux never changes it.
Every GDAL call that can fail goes through ``gdal_call`` (or ``gdal_object`` for calls that
return a dataset, band or layer), which gives the same result in both modes: the call's value,
or a ``GdalFailure`` (a RuntimeError) carrying GDAL's message. GDAL's own printing of the error
is silenced for the call (a per-thread error handler), because the message is raised instead.
"""

from contextlib import contextmanager
from typing import Optional

from osgeo import gdal, osr

from ..infra.errors import InputFileError


class GdalFailure(RuntimeError):
    """A GDAL call failed; the message is GDAL's."""


def gdal_call(function, *args, **kwargs):
    """``function(*args, **kwargs)``; a failure (raised, or posted as CE_Failure) -> GdalFailure.

    The new exception carries only the message: a traceback through the bindings would hold
    their frames (and the dataset as ``self``) alive past the caller's close.
    """
    gdal.ErrorReset()
    gdal.PushErrorHandler("CPLQuietErrorHandler")
    try:
        result = function(*args, **kwargs)
    except RuntimeError as error:
        message = str(error) or "GDAL reported a failure"
    else:
        if gdal.GetLastErrorType() < gdal.CE_Failure:
            return result
        message = gdal.GetLastErrorMsg() or "GDAL reported a failure"
    finally:
        gdal.PopErrorHandler()
    del function, args, kwargs
    raise GdalFailure(message)


def gdal_object(function, *args, **kwargs):
    """``gdal_call`` for a call that returns an object (dataset, band, layer): None fails too."""
    result = gdal_call(function, *args, **kwargs)
    if result is None:
        raise GdalFailure(
            gdal.GetLastErrorMsg() or f"{getattr(function, '__name__', 'GDAL')} returned nothing"
        )
    return result


@contextmanager
def quiet_gdal_close():
    """Around dropping the last reference to a dataset whose write failed: GDAL's close fails
    again, and in exception mode the bindings would raise that from the destructor (an
    unraisable error). The mode is switched off for the moment and restored at once, and the
    message is silenced; only this failure path does it, and the restore is unconditional."""
    mode = gdal.GetUseExceptions()
    gdal.PushErrorHandler("CPLQuietErrorHandler")
    if mode:
        gdal.DontUseExceptions()
    try:
        yield
    finally:
        if mode:
            gdal.UseExceptions()
        gdal.PopErrorHandler()


def wgs84():
    """EPSG:4326 with longitude, latitude axis order (as SandFlux's grids use)."""
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return srs


def transform_to_wgs84(srs, source: str):
    """An OSR transformation from ``srs`` to EPSG:4326, or None when ``srs`` is EPSG:4326 or unset.

    ``source`` names the file in the error raised when PROJ cannot build the transformation.
    """
    if srs is None:
        return None
    srs = srs.Clone()
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    if srs.IsSame(wgs84()):
        return None
    try:
        transform = gdal_call(osr.CoordinateTransformation, srs, wgs84())
    except (RuntimeError, TypeError) as error:
        transform = None
        reason = str(error)
    else:
        reason = "PROJ returned no transformation"
    if transform is None:
        raise InputFileError(
            f"Cannot transform the coordinates of {source} to EPSG:4326 "
            f"({reason}). Check its CRS, or reproject it to EPSG:4326 first."
        )
    return transform


def open_vector_layer(path, layer_name: Optional[str], what: str, kind: str):
    """(dataset, layer) of a vector file; ``what`` names it in errors, ``kind`` is e.g. 'polygon'.

    The dataset is returned too: the layer is only valid while the dataset is referenced.
    """
    try:
        source = gdal_object(gdal.OpenEx, str(path), gdal.OF_VECTOR)
    except GdalFailure as error:
        raise InputFileError(
            f"OGR cannot read the {what} {path}: {error}. Choose a {kind} layer "
            "(e.g. GeoPackage or Shapefile)."
        ) from None
    layer = source.GetLayerByName(layer_name) if layer_name else source.GetLayer(0)
    if layer is None:
        raise InputFileError(
            f"The {what} file {path} has no layer '{layer_name or 0}'. Choose one of its layers."
        )
    return source, layer


def open_raster(path, what: str, hint: str = "Choose a raster GDAL can open (e.g. GeoTIFF)."):
    """A read-only GDAL dataset; ``what`` names it in the error, ``hint`` says what to do."""
    try:
        return gdal_object(gdal.Open, str(path), gdal.GA_ReadOnly)
    except GdalFailure as error:
        raise InputFileError(f"GDAL cannot read the {what} {path}: {error}. {hint}") from None
