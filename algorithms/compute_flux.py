"""Compute flux raster: forcing + calibration (+ SOC, pH, sand mask) -> hourly CO2 flux raster."""

from qgis.core import (
    QgsDateTimeRange,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterDateTime,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterRasterLayer,
    QgsSingleBandPseudoColorRenderer,
)
from qgis.PyQt.QtCore import QDateTime, Qt

from ..provider import compat
from .base import RESOURCES, LayerStyler, SandFluxAlgorithm

# Display ramp: the QML's item values are scaled so that its ends are +-max|F| of band 1.
STYLE = "flux.qml"


class ComputeFlux(SandFluxAlgorithm):
    NAME = "computeflux"
    DISPLAY_NAME = "Compute flux raster"
    GROUP = "products"
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
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.MASK,
                self.tr("Sand mask polygons (cells outside are NoData)"),
                [compat.SOURCE_VECTOR_POLYGON],
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterRasterLayer(
                self.MASK_RASTER, self.tr("Sand mask raster (non-zero = sand)"), optional=True
            )
        )
        self.addParameter(
            compat.add_flag(
                QgsProcessingParameterBoolean(
                    self.ALL_TOUCHED,
                    self.tr("Keep every cell the mask touches (else: cell centre inside)"),
                    defaultValue=False,
                ),
                compat.FLAG_ADVANCED,
            )
        )
        self.addParameter(
            QgsProcessingParameterDateTime(
                self.START, self.tr("Start (UTC, included; empty = first hour)"), optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterDateTime(
                self.END, self.tr("End (UTC, included; empty = last hour)"), optional=True
            )
        )
        self.addParameter(
            compat.add_flag(
                QgsProcessingParameterNumber(
                    self.CHUNK_HOURS,
                    self.tr("Hours per chunk (0 = automatic)"),
                    compat.NUMBER_INTEGER,
                    defaultValue=0,
                    minValue=0,
                ),
                compat.FLAG_ADVANCED,
            )
        )
        self.add_dask_scheduler_parameter()
        self.addParameter(
            QgsProcessingParameterRasterDestination(
                self.OUTPUT, self.tr("Flux raster (.tif: one year at most; .nc, .zarr: any period)")
            )
        )
        self.addParameter(
            QgsProcessingParameterRasterDestination(
                self.ANNUAL,
                self.tr("Annual net flux from the same pass (optional)"),
                optional=True,
                createByDefault=False,
            )
        )
        self.addParameter(
            QgsProcessingParameterFileDestination(
                self.ANNUAL_TABLE,
                self.tr("Annual table from the same pass (optional)"),
                self.tr("CSV files (*.csv)"),
                optional=True,
                createByDefault=False,
            )
        )
        self.addOutput(QgsProcessingOutputNumber(self.HOURS, self.tr("Hours written")))
        self.addOutput(QgsProcessingOutputNumber(self.SAND_CELLS, self.tr("Cells computed")))

    def execute(self, parameters, context, feedback, progress):
        from ..core.model.flux import YEAR_FIELD
        from ..core.tools.flux import AnnualOutputs, run_flux

        scheduler = self.dask_scheduler(parameters, context)
        if scheduler:  # the same tool on dask chunks, computed by that cluster's workers
            feedback.pushInfo(self.tr("Computing on the Dask cluster at {}").format(scheduler))

        mask_vector, mask_layer = self.vector_path(parameters, self.MASK, context, feedback)
        mask_raster = self.raster_path(parameters, self.MASK_RASTER, context)
        if mask_vector and mask_raster:
            raise QgsProcessingException(
                self.tr("Give either MASK (polygons) or MASK_RASTER, not both.")
            )
        output = self.parameterAsOutputLayer(parameters, self.OUTPUT, context)
        annual = self.parameterAsOutputLayer(parameters, self.ANNUAL, context) or None
        table = self.parameterAsFileOutput(parameters, self.ANNUAL_TABLE, context) or None
        if table and not annual:
            raise QgsProcessingException(
                self.tr("The annual table comes with the annual net flux raster: set ANNUAL too.")
            )
        soc, ph = self.soil_values(parameters, context, feedback)
        forcing, extent = self.forcing_inputs(parameters, context)
        result = run_flux(
            forcing,
            self.parameterAsFile(parameters, self.CALIBRATION, context),
            output,
            scheduler=scheduler,
            extent=extent,
            annual=AnnualOutputs(annual, table) if annual else None,
            soc=soc,
            ph=ph,
            mask_vector=mask_vector,
            mask_layer=mask_layer,
            mask_raster=mask_raster,
            all_touched=self.parameterAsBoolean(parameters, self.ALL_TOUCHED, context),
            start=self.parameter_as_utc(parameters, self.START, context),
            end=self.parameter_as_utc(parameters, self.END, context),
            chunk_hours=self.parameterAsInt(parameters, self.CHUNK_HOURS, context) or None,
            progress=progress,
        )
        for warning in result.warnings:
            feedback.reportError(warning, False)
        feedback.pushInfo(
            self.tr("Wrote {} hours ({} to {}) of {} cells to {}").format(
                result.times.size,
                result.metadata["SANDFLUX_TIME_START"],
                result.metadata["SANDFLUX_TIME_END"],
                result.sand_cells,
                ", ".join(str(path) for path in result.paths),
            )
        )
        outputs = {
            self.OUTPUT: output,
            self.HOURS: int(result.times.size),
            self.SAND_CELLS: result.sand_cells,
        }
        if YEAR_FIELD in output:  # a file a year: no one layer to load under that name
            self._do_not_load(context, output)
        else:
            self._style(context, output, result)
        if annual:
            self.style_on_load(
                context, annual, "sequestration.qml", self.tr("Annual net flux (g CO2 m-2 yr-1)")
            )
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
        details.name = self.tr("CO2 flux {} to {}").format(
            result.metadata["SANDFLUX_TIME_START"], result.metadata["SANDFLUX_TIME_END"]
        )
        details.setPostProcessor(
            FluxLayerStyler.create(
                str(RESOURCES / "styles" / STYLE),
                result.metadata["SANDFLUX_TIME_START"],
                result.metadata["SANDFLUX_TIME_END"],
                flux_path=str(result.path),
            )
        )


def _utc_datetime(iso_label):
    """QDateTime in UTC of an ISO 8601 hour such as 2016-01-01T00:00:00Z."""
    value = QDateTime.fromString(iso_label.rstrip("Z"), Qt.DateFormat.ISODate)
    return QDateTime(value.date(), value.time(), Qt.TimeSpec.UTC)


def hour_ranges(flux_path):
    """{band number: [hour, hour + 1 h)} of a SandFlux flux raster, from its band descriptions
    (GeoTIFF: ISO 8601 UTC hours) or its time axis (netCDF)."""
    from ..core.formats.flux_raster import open_flux_raster

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
