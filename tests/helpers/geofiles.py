"""Vector and raster files written with GDAL/OGR for the tests, and a raster read back.

The writers never switch GDAL's exception mode (the tests run in QGIS's default); they check
what GDAL returns instead.
"""

from pathlib import Path

import numpy as np
from osgeo import gdal, ogr, osr


def _srs(epsg):
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(epsg)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return srs


def box(west, south, east, north):
    """The ring of a lon/lat box, [(x, y), ...]."""
    return [(west, south), (east, south), (east, north), (west, north)]


def write_polygons(path, rings, epsg=4326, layer="sand"):
    """A GeoPackage polygon layer, one feature a ring [(x, y), ...]; no ring = an empty layer."""
    source = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    assert source is not None, f"OGR cannot create {path}"
    out = source.CreateLayer(layer, _srs(epsg), ogr.wkbPolygon)
    for ring_points in rings:
        ring = ogr.Geometry(ogr.wkbLinearRing)
        for x, y in ring_points:
            ring.AddPoint_2D(x, y)
        ring.CloseRings()
        polygon = ogr.Geometry(ogr.wkbPolygon)
        polygon.AddGeometry(ring)
        feature = ogr.Feature(out.GetLayerDefn())
        feature.SetGeometry(polygon)
        out.CreateFeature(feature)
    source = None
    return Path(path)


def write_points(path, points, fields=("SOC", "pH"), epsg=4326, layer="samples"):
    """A GeoPackage point layer: points = [(lon, lat, {field: value}), ...] in EPSG:4326,
    stored in ``epsg``. ``fields``: names (Real fields) or (name, OGR field type) pairs; a value
    of None leaves the field unset."""
    wgs84 = _srs(4326)
    srs = _srs(epsg)
    to_layer = osr.CoordinateTransformation(wgs84, srs) if epsg != 4326 else None
    source = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    assert source is not None, f"OGR cannot create {path}"
    out = source.CreateLayer(layer, srs, ogr.wkbPoint)
    for field in fields:
        name, kind = (field, ogr.OFTReal) if isinstance(field, str) else field
        out.CreateField(ogr.FieldDefn(name, kind))
    for lon, lat, values in points:
        feature = ogr.Feature(out.GetLayerDefn())
        x, y = to_layer.TransformPoint(lon, lat)[:2] if to_layer else (lon, lat)
        point = ogr.Geometry(ogr.wkbPoint)
        point.AddPoint_2D(x, y)
        feature.SetGeometry(point)
        for name, value in values.items():
            if value is not None:
                feature.SetField(name, value)
        out.CreateFeature(feature)
    source = None
    return Path(path)


def write_raster(path, array, geotransform, nodata=None, epsg=4326, descriptions=None):
    """A Float32 GeoTIFF (one band, or one a leading index of a 3-D array)."""
    array = np.asarray(array, dtype="float32")
    bands = array if array.ndim == 3 else array[np.newaxis]
    ds = gdal.GetDriverByName("GTiff").Create(
        str(path), bands.shape[2], bands.shape[1], bands.shape[0], gdal.GDT_Float32
    )
    assert ds is not None, f"GDAL cannot create {path}"
    ds.SetGeoTransform(geotransform)
    ds.SetProjection(_srs(epsg).ExportToWkt())
    for index, values in enumerate(bands):
        band = ds.GetRasterBand(index + 1)
        if nodata is not None:
            band.SetNoDataValue(nodata)
        if descriptions:
            band.SetDescription(descriptions[index])
        assert band.WriteArray(values) == 0, f"GDAL cannot write {path}"
    ds = None
    return Path(path)


def read_raster(path):
    """(all bands as float64 (bands, rows, cols) with NaN for NoData, geotransform, CRS WKT)."""
    dataset = gdal.Open(str(path))
    assert dataset is not None, f"GDAL cannot open {path}"
    bands = []
    for index in range(1, dataset.RasterCount + 1):
        band = dataset.GetRasterBand(index)
        values = band.ReadAsArray().astype("float64")
        nodata = band.GetNoDataValue()
        if nodata is not None:
            values[values == nodata] = np.nan
        bands.append(values)
    return np.stack(bands), dataset.GetGeoTransform(), dataset.GetProjection()
