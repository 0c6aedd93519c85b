"""One file an algorithm; each is a short adapter over one core call."""

from .annual_sequestration import AnnualSequestration
from .calibrate_model import CalibrateModel
from .compute_flux import ComputeFlux
from .driver_attribution import DriverAttribution
from .import_era5 import ImportEra5
from .point_series import PointSeries
from .seasonal_cycle import SeasonalCycle
from .soil_properties import SoilProperties

ALGORITHM_CLASSES = (
    ImportEra5,
    CalibrateModel,
    SoilProperties,
    ComputeFlux,
    AnnualSequestration,
    SeasonalCycle,
    DriverAttribution,
    PointSeries,
)
