"""The physical ranges every number is checked against when it enters SandFlux: one table.

Two kinds of limit (docs/input-checks.md shows the table):

- ``low``..``high``: what the quantity can be on Earth. A value outside is certainly wrong: a
  missing-value code (then missing, counted in a warning) or an error naming where it is.
- ``typical_low``..``typical_high``: where the quantity usually lies for desert sand. Outside
  (for a whole column's median, or a whole result) means probably wrong: a warning that names
  the likely cause (a unit mix-up, sea cells, a hand-edited calibration). Where no such
  warning is made, the typical range is the possible one.
"""

from dataclasses import dataclass
from typing import Dict

from .constants import G_CO2_PER_UMOL_CO2


@dataclass(frozen=True)
class Range:
    """A quantity's possible range and its typical range over desert sand, in ``units``."""

    quantity: str
    units: str
    low: float
    high: float
    typical_low: float
    typical_high: float
    why: str


RANGES: Dict[str, Range] = {
    r.quantity: r
    for r in (
        Range(
            "era5_soil_temperature",
            "K",
            150.0,
            380.0,
            150.0,
            380.0,
            "ERA5 stl1: colder than 150 K or hotter than 380 K is no soil on Earth",
        ),
        Range(
            "era5_soil_moisture",
            "m3 m-3",
            -0.01,
            1.0,
            -0.01,
            1.0,
            "ERA5 swvl1: a volume fraction; ERA5 writes about -2.7e-06 over the sea (clipped to 0)",
        ),
        Range(
            "station_flux",
            "umol CO2 m-2 s-1",
            -100.0,
            100.0,
            0.05,
            3.0,
            "eddy-covariance CO2 flux: forests reach +-50; the typical range is that of the median "
            "|flux| of desert sand (abiotic, ~0.1..1)",
        ),
        Range(
            "station_soil_temperature",
            "degC",
            -60.0,
            85.0,
            -60.0,
            85.0,
            "surface soil temperature: -60 degC (polar night) to 85 degC (hottest dune surfaces)",
        ),
        Range(
            "station_soil_moisture",
            "m3 m-3",
            0.0,
            1.0,
            0.003,
            1.0,
            "volumetric water content; a % column whose values never pass 1 % is probably a "
            "fraction",
        ),
        Range(
            "annual_net_flux",
            "g CO2 m-2 yr-1",
            -float("inf"),
            float("inf"),
            -1000.0,
            1000.0,
            "abiotic desert net flux: published values are tens of g CO2 m-2 yr-1 (the seed's is "
            "7); beyond +-1000 is more than a grassland's",
        ),
    )
}

# The station flux limits in g CO2 m-2 s-1 (the unit of the comparison in core.inputs.station).
STATION_FLUX_MAX_G = RANGES["station_flux"].high * G_CO2_PER_UMOL_CO2

# Missing-value codes loggers and archives write. A value equal to one of them is outside every
# range above, so it is treated as missing (and counted). -9999 is every format's own code.
MISSING_VALUE_CODES = (
    -9999.0,
    -9999.9,
    -9999.99,
    -6999.0,
    -999.0,
    -999.9,
    -99999.0,
    9999.0,
    99999.0,
)
