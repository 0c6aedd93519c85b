"""Soil sample points (SOC, pH) -> SOC and pH rasters on the forcing grid, with gdal.Grid.

Field samples of soil organic carbon (SOC, any unit, the same as the calibration's station SOC)
and pH are interpolated to the centre of every forcing cell:

- ``invdist`` (default): inverse distance to a power, z = sum(z_i / d_i^p) / sum(1 / d_i^p),
  GDAL "invdist:power=P:smoothing=0:radius1=R:radius2=R:max_points=N:min_points=0";
  a point at a cell centre gives that cell its value exactly;
- ``nearest``: the value of the nearest sample, GDAL "nearest:radius1=R:radius2=R".

Distances are in degrees of longitude/latitude (EPSG:4326; points in another CRS are
reprojected first). R = 0 uses every sample (no search radius); with R > 0 a cell with no sample
within R degrees is NoData. N = 0 uses all samples within R. Samples with an empty or implausible
value (SOC <= 0, pH outside 0..14) are skipped and counted.

Each output is a Float32 GeoTIFF on the forcing grid (EPSG:4326, the half-cell geotransform),
NoData -9999, that the flux tool reads for SOC and PH.
"""

from dataclasses import dataclass, field
from pathlib import Path
from typing import List, Optional, Tuple

import numpy as np
from osgeo import gdal, ogr

from ..formats import metadata as keys
from ..formats.geodata import gdal_object, open_vector_layer, transform_to_wgs84, wgs84
from ..formats.geotiff import write_geotiff
from ..infra.constants import NODATA
from ..infra.errors import VariableError
from ..infra.grid import Grid

METHODS = ("invdist", "nearest")
DEFAULT_POWER = 2.0
# Plausible values: (exclusive lower, inclusive upper).
SOC_RANGE = (0.0, np.inf)
PH_RANGE = (0.0, 14.0)


@dataclass
class SoilResult:
    """What the soil tool wrote, how many samples each raster used, and any warnings."""

    soc_path: Optional[Path]
    ph_path: Optional[Path]
    soc_samples: int
    ph_samples: int
    algorithm: str
    warnings: List[str] = field(default_factory=list)


def gdal_grid_algorithm(
    method: str = "invdist",
    power: float = DEFAULT_POWER,
    radius_deg: float = 0.0,
    max_points: int = 0,
) -> str:
    """The gdal.Grid algorithm string for ``method`` with its documented parameters."""
    if method not in METHODS:
        raise VariableError(
            f"Unknown interpolation method '{method}'; use one of {', '.join(METHODS)}."
        )
    if radius_deg < 0 or power <= 0 or max_points < 0:
        raise VariableError(
            "The search radius and the number of points must not be negative, "
            "and the inverse-distance power must be positive."
        )
    if method == "nearest":
        return f"nearest:radius1={radius_deg!r}:radius2={radius_deg!r}:angle=0:nodata={NODATA!r}"
    return (
        f"invdist:power={power!r}:smoothing=0.0:radius1={radius_deg!r}:radius2="
        f"{radius_deg!r}:angle=0:max_points={int(max_points)}:min_points=0:nodata={NODATA!r}"
    )


def read_samples(
    path, field_name: str, what: str, valid: Tuple[float, float], layer_name: Optional[str] = None
) -> Tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """(lon, lat, value, skipped) of the sample points with a plausible value of ``field_name``.

    Points are reprojected to EPSG:4326; multi-points give one sample per part.
    """
    source, layer = open_vector_layer(path, layer_name, "sample points", "point")
    definition = layer.GetLayerDefn()
    names = [definition.GetFieldDefn(i).GetName() for i in range(definition.GetFieldCount())]
    matches = [n for n in names if n == field_name] or [
        n for n in names if n.lower() == str(field_name).lower()
    ]
    if not matches:
        raise VariableError(
            f"The sample layer {path} has no field '{field_name}' for {what} "
            f"(its fields: {', '.join(names) or 'none'}). Choose the {what} field."
        )
    field_index = definition.GetFieldIndex(matches[0])
    field_type = definition.GetFieldDefn(field_index).GetType()
    if field_type not in (ogr.OFTReal, ogr.OFTInteger, ogr.OFTInteger64, ogr.OFTString):
        raise VariableError(
            f"The field '{matches[0]}' of {path} is not numeric; choose the numeric {what} field."
        )
    transform = transform_to_wgs84(layer.GetSpatialRef(), f"the sample points {path}")
    low, high = valid
    lons, lats, values = [], [], []
    skipped = 0
    layer.ResetReading()
    for feature in layer:
        geometry = feature.GetGeometryRef()
        raw = (
            None if not feature.IsFieldSetAndNotNull(field_index) else feature.GetField(field_index)
        )
        try:
            value = float(raw) if raw is not None and str(raw).strip() != "" else np.nan
        except ValueError:
            raise VariableError(
                f"The {what} field '{matches[0]}' of {path} holds '{raw}' (feature "
                f"{feature.GetFID()}), which is not a number."
            ) from None
        if geometry is None or not (low < value <= high):
            skipped += 1
            continue
        geometry = geometry.Clone()
        if transform is not None:
            geometry.Transform(transform)
        parts = (
            [geometry.GetGeometryRef(i) for i in range(geometry.GetGeometryCount())]
            if geometry.GetGeometryCount()
            else [geometry]
        )
        for part in parts:
            lons.append(part.GetX())
            lats.append(part.GetY())
            values.append(value)
    return (
        np.asarray(lons, "float64"),
        np.asarray(lats, "float64"),
        np.asarray(values, "float64"),
        skipped,
    )


def interpolate_to_grid(
    lons: np.ndarray, lats: np.ndarray, values: np.ndarray, grid: Grid, algorithm: str
) -> np.ndarray:
    """gdal.Grid of the samples at the forcing cell centres: (lat, lon) float64, NaN = NoData."""
    memory = gdal_object(gdal.GetDriverByName("Memory").Create, "", 0, 0, 0, gdal.GDT_Unknown)
    layer = memory.CreateLayer("samples", wgs84(), ogr.wkbPoint)
    layer.CreateField(ogr.FieldDefn("value", ogr.OFTReal))
    for lon, lat, value in zip(lons, lats, values):
        feature = ogr.Feature(layer.GetLayerDefn())
        point = ogr.Geometry(ogr.wkbPoint)
        point.AddPoint_2D(float(lon), float(lat))
        feature.SetGeometry(point)
        feature.SetField("value", float(value))
        layer.CreateFeature(feature)
    west, south, east, north = grid.bounds
    options = gdal.GridOptions(
        format="MEM",
        outputType=gdal.GDT_Float64,
        width=grid.nx,
        height=grid.ny,
        outputBounds=[west, north, east, south],
        algorithm=algorithm,
        zfield="value",
        layers=["samples"],
    )
    target = gdal_object(gdal.Grid, "", memory, options=options)
    array = gdal_object(target.GetRasterBand(1).ReadAsArray).astype("float64")
    # gdal.Grid puts row 0 at the north edge given as the first outputBounds y.
    array[array == NODATA] = np.nan
    return array


def write_property_raster(
    path, array: np.ndarray, grid: Grid, what: str, units: str, algorithm: str, samples: int
) -> Path:
    """A Float32 GeoTIFF of one soil property on the grid (NoData -9999), written atomically."""
    metadata = {
        keys.QUANTITY: what,
        keys.UNITS: units,
        keys.GRIDDING: f"gdal.Grid {algorithm}",
        keys.SAMPLES: str(samples),
        keys.VERSION: keys.software_version(),
    }
    return write_geotiff(
        path, grid, np.asarray(array)[np.newaxis], [what], metadata, what=f"{what} raster"
    )
