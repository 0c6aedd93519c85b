"""Compute flux raster: forcing + calibration (+ SOC, pH, sand mask) -> hourly CO2 flux raster."""

from qgis.core import (QgsDateTimeRange, QgsProcessingException,
                       QgsProcessingOutputNumber, QgsProcessingParameterBoolean,
                       QgsProcessingParameterDateTime, QgsProcessingParameterFeatureSource,
                       QgsProcessingParameterFileDestination,
                       QgsProcessingParameterNumber, QgsProcessingParameterRasterDestination,
                       QgsProcessingParameterRasterLayer,
                       QgsRasterLayerTemporalProperties,
                       QgsSingleBandPseudoColorRenderer)
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

<b>Forcing</b> (FORCING): the netCDF written by Import ERA5, or the ERA5 downloads themselves \
(one or more netCDF, GRIB or zip files, as Import ERA5 takes them): they are read as they are, \
with every check and fix of the import (joined in time order, 0..360 longitudes, packing, \
expver, units), and nothing is copied. <b>Extent of the ERA5 downloads</b> (FORCING_EXTENT, \
advanced, optional): the cells to read from the downloads, as Import ERA5's EXTENT.
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
.nc, put {year} in the file name (flux_{year}.tif: one GeoTIFF a calendar year, e.g. \
flux_2000.tif, flux_2001.tif), or run the tool once a year in batch mode. The raster's metadata \
records units, sign convention, model, calibration hash, software version and period.
<b>Annual net flux</b> (ANNUAL, optional) and <b>Annual table</b> (ANNUAL_TABLE, optional): \
the annual sums of 'Sum annual sequestration' (every cell with a flux; minimum coverage 0.9), \
made from the same hourly blocks while they are written: one pass, no flux raster read back.

The layer loads with a diverging ramp centred on 0 (blue = uptake, brown = release) showing \
the first hour, and with the period as its fixed temporal range."""

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
    ANNUAL = "ANNUAL"
    ANNUAL_TABLE = "ANNUAL_TABLE"
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
        self.addParameter(QgsProcessingParameterRasterDestination(
            self.ANNUAL, self.tr("Annual net flux from the same pass (optional)"),
            optional=True, createByDefault=False))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.ANNUAL_TABLE, self.tr("Annual table from the same pass (optional)"),
            self.tr("CSV files (*.csv)"), optional=True, createByDefault=False))
        self.addOutput(QgsProcessingOutputNumber(self.HOURS, self.tr("Hours written")))
        self.addOutput(QgsProcessingOutputNumber(self.SAND_CELLS, self.tr("Cells computed")))

    def execute(self, parameters, context, feedback, progress):
        from ..core.model.flux import YEAR_FIELD
        from ..core.tools.flux import AnnualOutputs, run_flux

        scheduler = self.dask_scheduler(parameters, context)
        if scheduler:  # the same tool on dask chunks, computed by that cluster's workers
            feedback.pushInfo(self.tr("Computing on the Dask cluster at {}").format(scheduler))

        mask_vector = mask_layer = None
        if parameters.get(self.MASK) not in (None, ""):
            mask_vector, mask_layer = self.parameterAsCompatibleSourceLayerPathAndLayerName(
                parameters, self.MASK, context, ["gpkg", "shp"], "gpkg", feedback)
        mask_raster = self.raster_path(parameters, self.MASK_RASTER, context)
        if mask_vector and mask_raster:
            raise QgsProcessingException(self.tr(
                "Give either MASK (polygons) or MASK_RASTER, not both."))
        output = self.parameterAsOutputLayer(parameters, self.OUTPUT, context)
        annual = self.parameterAsOutputLayer(parameters, self.ANNUAL, context) or None
        table = self.parameterAsFileOutput(parameters, self.ANNUAL_TABLE, context) or None
        if table and not annual:
            raise QgsProcessingException(self.tr(
                "The annual table comes with the annual net flux raster: set ANNUAL too."))
        soc, ph = self.soil_values(parameters, context, feedback)
        forcing, extent = self.forcing_inputs(parameters, context)
        result = run_flux(
            forcing, self.parameterAsFile(parameters, self.CALIBRATION, context),
            output, scheduler=scheduler, extent=extent,
            annual=AnnualOutputs(annual, table) if annual else None,
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
            result.metadata["SANDFLUX_TIME_END"], result.sand_cells,
            ", ".join(str(path) for path in result.paths)))
        outputs = {self.OUTPUT: output, self.HOURS: int(result.times.size),
                   self.SAND_CELLS: result.sand_cells}
        if YEAR_FIELD in output:  # a file a year: no one layer to load under that name
            self._do_not_load(context, output)
        else:
            self._style(context, output, result)
        if annual:
            self.style_on_load(context, annual, "sequestration.qml",
                               self.tr("Annual net flux (g CO2 m-2 yr-1)"))
            outputs[self.ANNUAL] = annual
            if table:
                outputs[self.ANNUAL_TABLE] = table
        return outputs

    @staticmethod
    def _do_not_load(context, output):
        if context.willLoadLayerOnCompletion(output):
            layers = context.layersToLoadOnCompletion()
            del layers[output]
            context.setLayersToLoadOnCompletion(layers)

    def _style(self, context, output, result):
        if not context.willLoadLayerOnCompletion(output):
            return
        details = context.layerToLoadOnCompletionDetails(output)
        details.name = self.tr("CO2 flux {} to {}").format(result.metadata["SANDFLUX_TIME_START"],
                                                           result.metadata["SANDFLUX_TIME_END"])
        details.setPostProcessor(FluxLayerStyler.create(
            str(RESOURCES / "styles" / STYLE), result.metadata["SANDFLUX_TIME_START"],
            result.metadata["SANDFLUX_TIME_END"]))


def _fixed_range_mode():
    """The 'fixed temporal range' mode of raster layers (renamed to a scoped enum in 3.36)."""
    from qgis.core import Qgis
    scoped = getattr(Qgis, "RasterTemporalMode", None)
    if scoped is not None and hasattr(scoped, "FixedTemporalRange"):
        return scoped.FixedTemporalRange
    return QgsRasterLayerTemporalProperties.ModeFixedTemporalRange


def _utc_datetime(iso_label):
    value = QDateTime.fromString(iso_label.rstrip("Z"), Qt.ISODate)
    value.setTimeSpec(Qt.UTC)
    return value


class FluxLayerStyler(LayerStyler):
    """The flux style, its ramp centred on 0 and scaled to band 1, and the fixed temporal range.

    QGIS 3.22 cannot map a raster's bands to hours (per-band temporal ranges came later), so the
    layer gets the whole period as a fixed temporal range: it shows band 1 whenever the map time
    overlaps the period.
    """

    def __init__(self, qml_path, start_iso, end_iso):
        super().__init__(qml_path)
        self.start_iso = start_iso
        self.end_iso = end_iso

    @classmethod
    def create(cls, qml_path, start_iso="", end_iso=""):
        styler = cls(qml_path, start_iso, end_iso)
        cls._alive.append(styler)
        return styler

    def postProcessLayer(self, layer, context, feedback):  # noqa: N802
        super().postProcessLayer(layer, context, feedback)
        if layer is None or not layer.isValid():
            return
        _centre_ramp_on_zero(layer)
        if self.start_iso and self.end_iso:
            start = _utc_datetime(self.start_iso)
            end = _utc_datetime(self.end_iso).addSecs(3600)  # the last hour lasts an hour
            properties = layer.temporalProperties()
            properties.setMode(_fixed_range_mode())
            properties.setFixedTemporalRange(QgsDateTimeRange(start, end))
            properties.setIsActive(True)
        layer.triggerRepaint()


def _centre_ramp_on_zero(layer):
    """Scale the pseudocolour ramp to +-max|F| of the shown band, keeping 0 in the centre."""
    renderer = layer.renderer()
    if not isinstance(renderer, QgsSingleBandPseudoColorRenderer):
        return
    from qgis.core import QgsRasterBandStats
    stats = layer.dataProvider().bandStatistics(
        renderer.band(), QgsRasterBandStats.Min | QgsRasterBandStats.Max)
    half_range = max(abs(stats.minimumValue), abs(stats.maximumValue))
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
