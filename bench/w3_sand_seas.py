"""The world's major sand seas (ergs) as APPROXIMATE polygons, for the W3 benchmark's mask.

Hand-drawn boxes and simple outlines (longitude, latitude in degrees, WGS84) around the large
active dune fields, from the extents given in standard physical atlases; each is good to about
a degree. They make a plausible global shifting-sand mask for measuring speed and memory (how
many cells, how scattered), NOT a map to publish totals with: for science use a mapped dune
dataset. Stabilised or vegetated sand (most of the Kalahari, the Sahel's fixed dunes) is left
out.
"""

from pathlib import Path
from typing import Dict, List, Tuple

Ring = List[Tuple[float, float]]


def _box(west: float, south: float, east: float, north: float) -> Ring:
    return [(west, south), (east, south), (east, north), (west, north)]


SAND_SEAS: Dict[str, Ring] = {
    # Sahara
    "Grand Erg Occidental": _box(-2.0, 29.0, 1.5, 31.5),
    "Grand Erg Oriental": _box(5.5, 28.0, 10.0, 32.0),
    "Erg Chech and Erg Iguidi": _box(-8.0, 23.0, -1.0, 27.5),
    "Erg Issaouane": _box(6.0, 26.5, 8.5, 28.5),
    "Ubari Sand Sea": _box(10.0, 26.0, 14.0, 27.5),
    "Murzuq Sand Sea": _box(11.0, 24.0, 14.0, 26.0),
    "Great Sand Sea": _box(24.0, 24.0, 27.0, 29.5),
    "Calanshio Sand Sea": _box(21.5, 27.0, 23.5, 29.5),
    "Rebiana Sand Sea": _box(20.5, 23.5, 23.0, 26.0),
    "Selima Sand Sheet": _box(28.0, 20.0, 31.0, 22.0),
    "Tenere and Erg of Bilma": _box(9.0, 16.0, 14.0, 21.0),
    "Erg Djourab": _box(17.0, 16.0, 20.0, 18.0),
    "Mauritanian ergs (Ouarane, Akchar, Trarza, Aouker)": _box(-13.0, 17.0, -7.0, 22.0),
    # Arabia
    "Rub' al Khali": [
        (45.0, 19.0),
        (50.0, 17.5),
        (55.5, 19.0),
        (56.0, 22.0),
        (52.0, 23.5),
        (48.0, 22.5),
        (45.0, 20.5),
    ],
    "An Nafud": _box(39.5, 27.0, 44.0, 29.0),
    "Ad Dahna": [
        (44.0, 27.5),
        (45.5, 28.0),
        (47.5, 24.0),
        (48.0, 21.0),
        (47.0, 21.0),
        (46.0, 24.0),
    ],
    "Wahiba Sands": _box(58.3, 21.3, 59.1, 22.5),
    # Central and East Asia
    "Taklimakan": [
        (77.0, 38.0),
        (80.0, 37.0),
        (84.0, 36.8),
        (88.0, 38.5),
        (88.0, 40.0),
        (84.0, 41.2),
        (80.0, 40.8),
        (77.5, 39.5),
    ],
    "Kumtag": _box(90.5, 39.5, 93.5, 40.8),
    "Gurbantunggut": _box(84.5, 44.2, 91.0, 46.3),
    "Badain Jaran": _box(100.5, 39.3, 103.5, 41.5),
    "Tengger": _box(103.5, 37.5, 105.5, 39.8),
    "Mu Us": _box(107.0, 37.5, 110.5, 39.5),
    "Karakum": _box(57.0, 37.5, 64.0, 41.5),
    "Kyzylkum": _box(61.0, 40.0, 66.0, 44.0),
    "Registan": _box(64.0, 30.0, 66.5, 31.5),
    "Thar": _box(69.5, 24.0, 73.5, 29.5),
    # Southern Africa
    "Namib Sand Sea": _box(14.5, -27.5, 16.0, -23.5),
    # Australia
    "Great Victoria Desert": _box(124.0, -31.0, 133.0, -27.0),
    "Great Sandy Desert": _box(121.0, -22.0, 128.0, -18.0),
    "Gibson Desert": _box(122.0, -25.5, 127.0, -22.5),
    "Simpson Desert": _box(135.5, -27.5, 138.5, -23.5),
    # Americas
    "Gran Desierto de Altar": _box(-115.0, 31.5, -113.0, 32.5),
}


def write_mask(path) -> Path:
    """The sand seas as a GeoPackage polygon layer 'sand_seas' (field 'name'), EPSG:4326."""
    from osgeo import ogr, osr

    path = Path(path)
    if path.exists():
        path.unlink()
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    source = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    layer = source.CreateLayer("sand_seas", srs, ogr.wkbPolygon)
    layer.CreateField(ogr.FieldDefn("name", ogr.OFTString))
    for name, points in SAND_SEAS.items():
        ring = ogr.Geometry(ogr.wkbLinearRing)
        for x, y in points:
            ring.AddPoint_2D(x, y)
        ring.CloseRings()
        polygon = ogr.Geometry(ogr.wkbPolygon)
        polygon.AddGeometry(ring)
        feature = ogr.Feature(layer.GetLayerDefn())
        feature.SetField("name", name)
        feature.SetGeometry(polygon)
        layer.CreateFeature(feature)
    source = None
    return path
