"""One file an algorithm; each is a short adapter over one core call."""
from .import_era5 import ImportEra5
from .calibrate_model import CalibrateModel
from .soil_properties import SoilProperties
from .compute_flux import ComputeFlux
from .annual_sequestration import AnnualSequestration
from .point_series import PointSeries
from .seasonal_cycle import SeasonalCycle
from .driver_attribution import DriverAttribution

ALGORITHM_CLASSES = (ImportEra5, CalibrateModel, SoilProperties, ComputeFlux, AnnualSequestration,
                     SeasonalCycle, DriverAttribution, PointSeries)
