"""How much of each grid cell is shifting sand: a fraction 0..1 a cell, the weight of the cell in
regional totals (instead of the yes/no cell-centre mask).

From polygons (exact overlap on the ellipsoid): for cell c (a lon/lat box) and the union U of
the polygons (in EPSG:4326),

    f_c = area_WGS84(c ∩ U) / area_WGS84(c)

with the intersection computed by OGR in lon/lat and both areas measured in the Lambert
cylindrical equal-area projection of the WGS84 ellipsoid (+proj=cea +ellps=WGS84: areas there are
the ellipsoid's, and a cell's edges, along meridians and parallels, stay straight, so the cell
box is exact); the polygon edges are densified to DENSIFY_DEG first.

From a land-cover raster and the class codes that mean shifting sand (e.g. ESA WorldCover 60
"bare / sparse vegetation"): each pixel is 1 when its class is one of the codes, 0 otherwise
(NoData is left out), and f_c is the mean of the pixels overlapping cell c weighted by their
overlapped fraction (GDAL 'average' onto the grid), i.e. the sand share of the cell's pixels.

In a regional total, cell c counts f_c * A_c of sand (A_c: core.infra.area.cell_areas_m2).
"""

from typing import Optional, Sequence

import numpy as np

from ..formats.geodata import open_raster, open_vector_layer, transform_to_wgs84, wgs84
from ..infra.errors import GridError, InputFileError, VariableError
from ..infra.grid import Grid

DENSIFY_DEG = 0.01


def polygon_sand_fraction(path, grid: Grid, layer_name: Optional[str] = None) -> np.ndarray:
    """(ny, nx) share 0..1 of each cell covered by the polygons (see module doc)."""
    from osgeo import ogr  # GDAL loaded on use, as in core.model.flux

    source, layer = open_vector_layer(path, layer_name, "mask", "polygon")
    transform = transform_to_wgs84(layer.GetSpatialRef(), f"the mask {path}")
    union = ogr.Geometry(ogr.wkbMultiPolygon)
    layer.ResetReading()
    for feature in layer:
        geometry = feature.GetGeometryRef()
        if geometry is None or ogr.GT_Flatten(geometry.GetGeometryType()) not in (
            ogr.wkbPolygon,
            ogr.wkbMultiPolygon,
            ogr.wkbCurvePolygon,
            ogr.wkbMultiSurface,
        ):
            continue
        geometry = geometry.GetLinearGeometry() if geometry.HasCurveGeometry() else geometry.Clone()
        if transform is not None:
            geometry.Transform(transform)
        union = union.Union(geometry.MakeValid() if not geometry.IsValid() else geometry)
    if union.IsEmpty():
        raise GridError(
            f"The mask {path} holds no polygon. Give a polygon layer outlining the "
            "shifting sand, or leave MASK empty to compute every cell."
        )
    to_equal_area = _equal_area_transform()
    fraction = np.zeros(grid.shape)
    west, east, south, north = union.GetEnvelope()
    half_lon, half_lat = grid.step_lon / 2.0, grid.step_lat / 2.0
    cols = np.nonzero((grid.longitudes + half_lon > west) & (grid.longitudes - half_lon < east))[0]
    rows = np.nonzero((grid.latitudes + half_lat > south) & (grid.latitudes - half_lat < north))[0]
    for row in rows:
        for col in cols:
            lon, lat = grid.longitudes[col], grid.latitudes[row]
            cell = _box(lon - half_lon, lat - half_lat, lon + half_lon, lat + half_lat)
            overlap = cell.Intersection(union)
            if overlap is None or overlap.IsEmpty():
                continue
            fraction[row, col] = min(
                1.0,
                ellipsoid_area_m2(overlap, to_equal_area) / ellipsoid_area_m2(cell, to_equal_area),
            )
    if not np.any(fraction > 0):
        raise GridError(
            f"The polygons of the mask {path} do not overlap the grid "
            f"({grid.bounds[0]:g}..{grid.bounds[2]:g} E, {grid.bounds[1]:g}.."
            f"{grid.bounds[3]:g} N). Choose polygons over the inputs' area."
        )
    return fraction


def _box(west, south, east, north):
    from osgeo import ogr  # GDAL loaded on use, as in core.model.flux

    ring = ogr.Geometry(ogr.wkbLinearRing)
    for x, y in ((west, south), (east, south), (east, north), (west, north), (west, south)):
        ring.AddPoint_2D(float(x), float(y))
    polygon = ogr.Geometry(ogr.wkbPolygon)
    polygon.AddGeometry(ring)
    return polygon


def _equal_area_transform():
    """OSR transformation EPSG:4326 (lon, lat) -> Lambert cylindrical equal-area on WGS84."""
    from osgeo import osr  # GDAL loaded on use, as in core.model.flux

    target = osr.SpatialReference()
    target.ImportFromProj4("+proj=cea +lon_0=0 +lat_ts=0 +ellps=WGS84 +units=m +no_defs")
    return osr.CoordinateTransformation(wgs84(), target)


def ellipsoid_area_m2(geometry, to_equal_area=None) -> float:
    """Area (m2) on the WGS84 ellipsoid of an OGR (multi)polygon in lon/lat: densified to
    DENSIFY_DEG, projected to the equal-area cylinder, measured there."""
    geometry = geometry.Clone()
    geometry.Segmentize(DENSIFY_DEG)
    geometry.Transform(to_equal_area or _equal_area_transform())
    return float(geometry.GetArea())


def parse_class_codes(text) -> Sequence[float]:
    """'60, 61 62' -> (60.0, 61.0, 62.0); an empty or non-numeric list is a clear error."""
    parts = [p for p in str(text or "").replace(";", ",").replace(" ", ",").split(",") if p]
    try:
        codes = tuple(float(p) for p in parts)
    except ValueError:
        raise VariableError(
            f"LANDCOVER_CLASSES '{text}' is not a list of class codes; give the "
            "codes that mean shifting sand, e.g. '60' (ESA WorldCover bare / "
            "sparse vegetation)."
        ) from None
    if not codes:
        raise VariableError(
            "A land-cover raster needs LANDCOVER_CLASSES, the class codes that "
            "mean shifting sand (e.g. '60' for ESA WorldCover bare / sparse "
            "vegetation)."
        )
    return codes


def landcover_sand_fraction(path, grid: Grid, class_codes: Sequence[float]) -> np.ndarray:
    """(ny, nx) share 0..1 of each cell's land-cover pixels whose class is in ``class_codes``
    (see module doc); NaN where the raster has no pixel."""
    from osgeo import gdal  # GDAL loaded on use, as in core.model.flux

    codes = np.asarray(class_codes, "float64")
    source = open_raster(path, "land-cover raster")
    band = source.GetRasterBand(1)
    classes = band.ReadAsArray().astype("float64")
    nodata = band.GetNoDataValue()
    known = np.isfinite(classes) if nodata is None else np.isfinite(classes) & (classes != nodata)
    sand = np.where(known, np.isin(classes, codes).astype("float64"), np.nan)
    if not np.isin(classes[known], codes).any():
        raise InputFileError(
            f"No pixel of the land-cover raster {path} has one of the classes "
            f"{', '.join(f'{c:g}' for c in codes)} (LANDCOVER_CLASSES). Check "
            "the codes against the raster's legend."
        )
    binary = gdal.GetDriverByName("MEM").Create(
        "", source.RasterXSize, source.RasterYSize, 1, gdal.GDT_Float64
    )
    binary.SetGeoTransform(source.GetGeoTransform())
    binary.SetProjection(source.GetProjection() or wgs84().ExportToWkt())
    binary.GetRasterBand(1).SetNoDataValue(float("nan"))
    binary.GetRasterBand(1).WriteArray(sand)
    target = gdal.GetDriverByName("MEM").Create("", grid.nx, grid.ny, 1, gdal.GDT_Float64)
    target.SetGeoTransform(grid.geotransform)
    target.SetProjection(wgs84().ExportToWkt())
    target.GetRasterBand(1).SetNoDataValue(float("nan"))
    target.GetRasterBand(1).Fill(float("nan"))
    gdal.Warp(
        target,
        binary,
        resampleAlg="average",
        srcNodata=float("nan"),
        dstNodata=float("nan"),
        multithread=False,
    )
    fraction = target.GetRasterBand(1).ReadAsArray().astype("float64")
    if not np.any(fraction > 0):
        raise GridError(
            f"The land-cover raster {path} has no sand pixel over the grid "
            f"({grid.bounds[0]:g}..{grid.bounds[2]:g} E, {grid.bounds[1]:g}.."
            f"{grid.bounds[3]:g} N). Choose a raster covering the inputs' area."
        )
    return fraction
