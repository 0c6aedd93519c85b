"""Compute flux raster: forcing + calibration (+ SOC, pH, sand mask) -> hourly CO2 flux raster."""
import functools

from qgis.core import (QgsDateTimeRange, QgsProcessingException,
                       QgsProcessingOutputNumber, QgsProcessingParameterBoolean,
                       QgsProcessingParameterDateTime, QgsProcessingParameterFeatureSource,
                       QgsProcessingParameterNumber, QgsProcessingParameterRasterDestination,
                       QgsProcessingParameterRasterLayer, QgsSingleBandPseudoColorRenderer)
from qgis.PyQt.QtCore import QDateTime, Qt

from ..provider import compat
from .base import RESOURCES, LayerStyler, SandFluxAlgorithm

HELP = """Computes the hourly net CO2 flux of shifting sand in every cell of the forcing grid, \
in g CO2 m-2 s-1, <b>negative = uptake</b> by the sand, positive = release. For every cell and \
hour the calibration's ERA5-to-station soil correction is applied first, then its flux model: \
F = model(Ts, theta, dTs/dt, s). dTs/dt (K h-1) is the backward difference of the corrected \
soil temperature over the time step; the first hour of the period uses the hour before it when \
the forcing file has it (so one year at a time gives the same numbers as the whole period); \
the very first hour of the forcing file uses the forward difference to the second hour.
The uptake of the desert scheme is scaled by the soil: s = (SOC_station / SOC) * \
(pH / pH_station) (s = 1 at the station's soil; a factor is 1 when its value is not given or \
the calibration has no station value).

<b>Forcing file</b> (FORCING): the netCDF written by Import ERA5.
<b>Calibration</b> (CALIBRATION): the .json written by Calibrate from station CSV.
<b>SOC raster</b> (SOC, optional) or <b>SOC value</b> (SOC_VALUE, optional): soil organic \
carbon, in the unit of the calibration's station SOC. A raster is resampled onto the forcing \
grid with GDAL 'average' (the mean of the pixels overlapping each cell); its NoData cells give \
NoData flux. When both are given the raster is used. Neither: the station value (factor 1).
<b>pH raster</b> (PH, optional) or <b>pH value</b> (PH_VALUE, optional): soil pH, same rules.
<b>Sand mask polygons</b> (MASK, optional) or <b>sand mask raster</b> (MASK_RASTER, optional, \
non-zero = sand): cells outside are NoData. Not both. A mask that does not overlap the forcing \
grid, or holds no polygon, is an error.
<b>Keep every cell the mask touches</b> (ALL_TOUCHED, advanced, default off): off = a cell is \
kept when its centre is inside a polygon; on = when a polygon touches it (for a mask raster: \
when any sand pixel overlaps it).
<b>Start / End</b> (START, END, optional): first and last hour, UTC, both included. Empty: the \
whole forcing file.
<b>Hours per chunk</b> (CHUNK_HOURS, advanced, default 0 = automatic): hours computed at once.
<b>Dask scheduler</b> (DASK_SCHEDULER, advanced, optional): address of a dask.distributed \
scheduler (e.g. tcp://host:8786) that computes the time chunks on its workers (the forcing \
file must be at the same path on every worker); empty = the environment variable \
SANDFLUX_DASK_SCHEDULER, and when that is empty too the tool runs here. Same numbers either way.
<b>Flux raster</b> (OUTPUT): .tif (GeoTIFF: one Float32 band an hour, band description = UTC \
hour, NoData -9999, EPSG:4326, DEFLATE) or .nc (CF-1.8 netCDF, variable co2_flux). A GeoTIFF \
holds at most one calendar year (GDAL reads at most 32768 bands): for a longer period write \
.nc or run the tool once a year in batch mode (one row a year). The raster's metadata records \
units, sign convention, model, calibration hash, software version and period.

The layer loads with a diverging ramp centred on 0 (blue = uptake, brown = release) showing \
the first hour. On QGIS 3.38 and newer every band gets its own hour as temporal range (from the \
band descriptions), so the Temporal Controller steps through the hours; on older QGIS the layer \
gets the whole period as one fixed temporal range and shows the first hour."""

# Display ramp: the QML's item values are scaled so that its ends are +-max|F| of band 1.
STYLE = "flux.qml"


class ComputeFlux(SandFluxAlgorithm):
    NAME = "computeflux"
    DISPLAY_NAME = "Compute flux raster"
    GROUP = "products"
    HELP = HELP
    REQUIRES = ("numpy", "netCDF4", "osgeo")

    MASK = "MASK"
    MASK_RASTER = "MASK_RASTER"
    ALL_TOUCHED = "ALL_TOUCHED"
    START = "START"
    END = "END"
    CHUNK_HOURS = "CHUNK_HOURS"
    OUTPUT = "OUTPUT"
    HOURS = "HOURS"
    SAND_CELLS = "SAND_CELLS"

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_forcing_parameters()
        self.add_soil_parameters()
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.MASK, self.tr("Sand mask polygons (cells outside are NoData)"),
            [compat.SOURCE_VECTOR_POLYGON], optional=True))
        self.addParameter(QgsProcessingParameterRasterLayer(
            self.MASK_RASTER, self.tr("Sand mask raster (non-zero = sand)"), optional=True))
        self.addParameter(compat.add_flag(QgsProcessingParameterBoolean(
            self.ALL_TOUCHED, self.tr("Keep every cell the mask touches (else: cell centre "
                                      "inside)"), defaultValue=False), compat.FLAG_ADVANCED))
        self.addParameter(QgsProcessingParameterDateTime(
            self.START, self.tr("Start (UTC, included; empty = first hour)"), optional=True))
        self.addParameter(QgsProcessingParameterDateTime(
            self.END, self.tr("End (UTC, included; empty = last hour)"), optional=True))
        self.addParameter(compat.add_flag(QgsProcessingParameterNumber(
            self.CHUNK_HOURS, self.tr("Hours per chunk (0 = automatic)"), compat.NUMBER_INTEGER,
            defaultValue=0, minValue=0), compat.FLAG_ADVANCED))
        self.add_dask_scheduler_parameter()
        self.addParameter(QgsProcessingParameterRasterDestination(
            self.OUTPUT, self.tr("Flux raster (.tif: one year at most; .nc: any period)")))
        self.addOutput(QgsProcessingOutputNumber(self.HOURS, self.tr("Hours written")))
        self.addOutput(QgsProcessingOutputNumber(self.SAND_CELLS, self.tr("Cells computed")))

    def execute(self, parameters, context, feedback, progress):
        from ..core.dask_backend import compute_flux_dask
        from ..core.flux import compute_flux

        scheduler = self.dask_scheduler(parameters, context)
        compute = compute_flux
        if scheduler:  # the same tool on dask chunks, computed by that cluster's workers
            feedback.pushInfo(self.tr("Computing on the Dask cluster at {}").format(scheduler))
            compute = functools.partial(compute_flux_dask, scheduler=scheduler)

        mask_vector = mask_layer = None
        if parameters.get(self.MASK) not in (None, ""):
            mask_vector, mask_layer = self.parameterAsCompatibleSourceLayerPathAndLayerName(
                parameters, self.MASK, context, ["gpkg", "shp"], "gpkg", feedback)
        mask_raster = self.raster_path(parameters, self.MASK_RASTER, context)
        if mask_vector and mask_raster:
            raise QgsProcessingException(self.tr(
                "Give either MASK (polygons) or MASK_RASTER, not both."))
        output = self.parameterAsOutputLayer(parameters, self.OUTPUT, context)
        soc, ph = self.soil_values(parameters, context, feedback)
        result = compute(
            self.parameterAsFile(parameters, self.FORCING, context),
            self.parameterAsFile(parameters, self.CALIBRATION, context),
            output,
            soc=soc, ph=ph,
            mask_vector=mask_vector, mask_layer=mask_layer, mask_raster=mask_raster,
            all_touched=self.parameterAsBoolean(parameters, self.ALL_TOUCHED, context),
            start=self.parameter_as_utc(parameters, self.START, context),
            end=self.parameter_as_utc(parameters, self.END, context),
            chunk_hours=self.parameterAsInt(parameters, self.CHUNK_HOURS, context) or None,
            progress=progress)
        for warning in result.warnings:
            feedback.reportError(warning, False)
        feedback.pushInfo(self.tr("Wrote {} hours ({} to {}) of {} cells to {}").format(
            result.times.size, result.metadata["SANDFLUX_TIME_START"],
            result.metadata["SANDFLUX_TIME_END"], result.sand_cells, result.path))
        self._style(context, output, result)
        return {self.OUTPUT: output, self.HOURS: int(result.times.size),
                self.SAND_CELLS: result.sand_cells}

    def _style(self, context, output, result):
        if not context.willLoadLayerOnCompletion(output):
            return
        details = context.layerToLoadOnCompletionDetails(output)
        details.name = self.tr("CO2 flux {} to {}").format(result.metadata["SANDFLUX_TIME_START"],
                                                           result.metadata["SANDFLUX_TIME_END"])
        details.setPostProcessor(FluxLayerStyler.create(
            str(RESOURCES / "styles" / STYLE), result.metadata["SANDFLUX_TIME_START"],
            result.metadata["SANDFLUX_TIME_END"], flux_path=str(result.path)))


def _utc_datetime(iso_label):
    """QDateTime in UTC of an ISO 8601 hour such as 2016-01-01T00:00:00Z."""
    value = QDateTime.fromString(iso_label.rstrip("Z"), Qt.DateFormat.ISODate)
    return QDateTime(value.date(), value.time(), Qt.TimeSpec.UTC)


def hour_ranges(flux_path):
    """{band number: [hour, hour + 1 h)} of a SandFlux flux raster, from its band descriptions
    (GeoTIFF: ISO 8601 UTC hours) or its time axis (netCDF)."""
    from ..core.flux_io import open_flux_raster
    with open_flux_raster(flux_path) as raster:
        seconds = raster.times.astype("datetime64[s]").astype("int64")
    ranges = {}
    for band, second in enumerate(seconds.tolist(), start=1):
        start = QDateTime.fromSecsSinceEpoch(second, Qt.TimeSpec.UTC)
        ranges[band] = QgsDateTimeRange(start, start.addSecs(3600), True, False)
    return ranges


class FluxLayerStyler(LayerStyler):
    """The flux style, its ramp centred on 0 and scaled to band 1, and the layer's hours.

    QGIS 3.38 and newer: each band gets its hour as temporal range ("fixed range per band"), so
    the Temporal Controller shows the band of the map's hour. Older QGIS cannot map bands to
    hours: the layer gets the whole period as a fixed temporal range and shows band 1 whenever
    the map time overlaps the period.
    """

    def __init__(self, qml_path, start_iso, end_iso, flux_path=None):
        super().__init__(qml_path)
        self.start_iso = start_iso
        self.end_iso = end_iso
        self.flux_path = flux_path

    @classmethod
    def create(cls, qml_path, start_iso="", end_iso="", flux_path=None):
        styler = cls(qml_path, start_iso, end_iso, flux_path)
        cls._alive.append(styler)
        return styler

    def postProcessLayer(self, layer, context, feedback):  # noqa: N802
        super().postProcessLayer(layer, context, feedback)
        if layer is None or not layer.isValid():
            return
        _centre_ramp_on_zero(layer)
        if self.start_iso and self.end_iso:
            properties = layer.temporalProperties()
            if compat.supports_range_per_band() and self.flux_path:
                properties.setMode(compat.RASTER_TEMPORAL_RANGE_PER_BAND)
                properties.setFixedRangePerBand(hour_ranges(self.flux_path))
            else:
                start = _utc_datetime(self.start_iso)
                end = _utc_datetime(self.end_iso).addSecs(3600)  # the last hour lasts an hour
                properties.setMode(compat.RASTER_TEMPORAL_FIXED_RANGE)
                properties.setFixedTemporalRange(QgsDateTimeRange(start, end))
            properties.setIsActive(True)
        layer.triggerRepaint()


def _centre_ramp_on_zero(layer):
    """Scale the pseudocolour ramp to +-max|F| of the shown band, keeping 0 in the centre."""
    renderer = layer.renderer()
    if not isinstance(renderer, QgsSingleBandPseudoColorRenderer):
        return
    minimum, maximum = compat.band_min_max(layer.dataProvider(), compat.renderer_band(renderer))
    half_range = max(abs(minimum), abs(maximum))
    function = renderer.shader().rasterShaderFunction()
    old_half_range = max(abs(function.minimumValue()), abs(function.maximumValue()))
    if not half_range > 0 or not old_half_range > 0 or half_range != half_range:
        return
    factor = half_range / old_half_range
    items = function.colorRampItemList()
    for item in items:
        item.value *= factor
        item.label = f"{item.value:.3g}"
    items[0].label += " (uptake)"
    items[-1].label += " (release)"
    function.setColorRampItemList(items)
    function.setMinimumValue(-half_range)
    function.setMaximumValue(half_range)
    renderer.setClassificationMin(-half_range)
    renderer.setClassificationMax(half_range)
