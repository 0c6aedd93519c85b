"""The base of every SandFlux algorithm: naming, help, icons, progress, errors and styling.

An algorithm subclass declares NAME, DISPLAY_NAME, GROUP and REQUIRES, builds its
parameters in ``initAlgorithm`` and does its work in ``execute`` (one core call). Core
errors become ``QgsProcessingException`` here, once; QGIS feedback becomes a core Progress here,
once.

Conventions the plumbing relies on:
- Translation: DISPLAY_NAME is a plain string class attribute (the translation build,
  ``make translations-update``, extracts it by name); every other user-visible string is a
  literal in ``self.tr("...")`` (pylupdate5 extracts those), or, when it cannot be a call (a
  module-level list of option labels), ``QT_TRANSLATE_NOOP("SandFlux", "...")`` and ``tr()`` on
  use. Never build the literal with f-strings or concatenation of variables before tr(); format
  after: ``self.tr("Read {} hours").format(n)``. All contexts become "SandFlux".
- Help: the tool's page docs/tools/<NAME>.md is its help (the part above ``<!-- help ends -->``,
  translated in docs/<locale>/tools/<NAME>.md) and its help URL; see provider/help_pages.py.
- Icon: ICON is a file in resources/icons; left empty, resources/icons/<NAME>.svg is used when it
  exists, else the SandFlux icon.
- Dependencies: REQUIRES lists the importable module names the algorithm needs (e.g. "xarray",
  "netCDF4", "scipy", "cfgrib", "matplotlib"); import them lazily inside ``execute``.
"""

import functools
import re
from pathlib import Path

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsMapLayer,
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingLayerPostProcessorInterface,
    QgsProcessingParameterExtent,
    QgsProcessingParameterFile,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterLayer,
    QgsProcessingParameterString,
)
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtGui import QIcon

from ..core.infra.errors import SandFluxError
from ..core.infra.progress import Progress
from ..provider import compat, help_pages
from ..provider.dependencies import PACKAGES, install_command, missing_modules
from ..provider.i18n import QT_TRANSLATE_NOOP, tr, user_locale

RESOURCES = Path(__file__).resolve().parent.parent / "resources"

_NETCDF_SOURCE = re.compile(r'^NETCDF:"?(?P<path>.*?)"?:(?P<variable>[^:"]+)$', re.IGNORECASE)

GROUPS = {
    "data": QT_TRANSLATE_NOOP("SandFlux", "1 Data"),
    "model": QT_TRANSLATE_NOOP("SandFlux", "2 Model"),
    "products": QT_TRANSLATE_NOOP("SandFlux", "3 Products"),
}


class SandFluxAlgorithm(QgsProcessingAlgorithm):
    """Common plumbing; subclasses set the class attributes and implement ``execute``."""

    NAME = ""
    DISPLAY_NAME = ""
    GROUP = "data"
    ICON = ""
    REQUIRES = ("numpy",)
    DASK_SCHEDULER = "DASK_SCHEDULER"  # the parameter add_dask_scheduler_parameter() declares
    # the parameters add_forcing_parameters() and add_soil_parameters() declare
    INPUT = "INPUT"  # flux rasters, the other way to flux_inputs()
    FORCING = "FORCING"
    FORCING_EXTENT = "FORCING_EXTENT"
    CALIBRATION = "CALIBRATION"
    SOC = "SOC"
    SOC_VALUE = "SOC_VALUE"
    PH = "PH"
    PH_VALUE = "PH_VALUE"

    def name(self):
        return self.NAME

    def displayName(self):  # noqa: N802
        return tr(self.DISPLAY_NAME)

    def group(self):
        return tr(GROUPS[self.GROUP])

    def groupId(self):  # noqa: N802
        return self.GROUP

    def shortHelpString(self):  # noqa: N802
        """The help part of docs/tools/<NAME>.md (or of its page for the user's locale)."""
        try:
            return help_pages.help_text(self.NAME, user_locale())
        except help_pages.HelpPageError as error:  # shown where the help would be; a test fails too
            return str(error)

    def helpUrl(self):  # noqa: N802
        return help_pages.help_url(self.NAME)

    def icon(self):
        return QIcon(self.svgIconPath())

    def svgIconPath(self):  # noqa: N802
        icons = RESOURCES / "icons"
        if self.ICON:
            return str(icons / self.ICON)
        own = icons / f"{self.NAME}.svg"
        return str(own if own.exists() else icons / "sandflux.svg")

    def tr(self, text):
        return tr(text)

    def createInstance(self):  # noqa: N802
        return type(self)()

    def missing_dependencies(self):
        """The Python modules this algorithm needs that are not importable."""
        return missing_modules(self.REQUIRES)

    def canExecute(self):  # noqa: N802
        missing = self.missing_dependencies()
        if missing:
            return False, missing_message(missing)
        return True, ""

    def checkParameterValues(self, parameters, context):  # noqa: N802
        """QGIS's check, but a number outside its declared range is named with the range
        (QGIS itself only says 'Incorrect parameter value for PH_VALUE')."""
        for definition in self.parameterDefinitions():
            raw = parameters.get(definition.name())
            if not isinstance(definition, QgsProcessingParameterNumber) or raw in (None, ""):
                continue
            try:
                value = float(raw)
            except (TypeError, ValueError):
                continue  # an expression or a model input: QGIS checks it
            low, high = definition.minimum(), definition.maximum()
            if value < low or value > high:
                return False, self.tr(
                    "{} = {:g} is outside its range {} .. {} ({}). Choose a value inside it."
                ).format(
                    definition.name(), value, _limit(low), _limit(high), definition.description()
                )
        return super().checkParameterValues(parameters, context)

    def vector_path(self, parameters, name, context, feedback):
        """(path, layer name) of a vector parameter in a format the core reads (GeoPackage or
        shapefile; QGIS copies other sources to a temporary GeoPackage). The user's own
        source is remembered, so that an error names it instead of QGIS's temporary copy.
        (None, None) when the parameter is empty."""
        if parameters.get(name) in (None, ""):
            return None, None
        path, layer_name = self.parameterAsCompatibleSourceLayerPathAndLayerName(
            parameters, name, context, ["gpkg", "shp"], "gpkg", feedback
        )
        layer = self.parameterAsVectorLayer(parameters, name, context)
        original = (
            ""
            if layer is None
            else (layer.source().split("|")[0] if layer.providerType() == "ogr" else layer.name())
        )
        if path and original and Path(path) != Path(original):
            self._user_names = getattr(self, "_user_names", {})
            self._user_names[path] = f"{original} ({name}, read through QGIS's copy {path})"
        return path, layer_name

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        # processing.run and qgis_process do not ask canExecute(): say it here, before any work.
        missing = self.missing_dependencies()
        if missing:
            raise QgsProcessingException(missing_message(missing))
        progress = Progress(
            lambda fraction, message: _report(feedback, fraction, message), feedback.isCanceled
        )
        try:
            return self.execute(parameters, context, feedback, progress)
        except SandFluxError as error:
            message = str(error)
            for copy, original in getattr(self, "_user_names", {}).items():
                message = message.replace(copy, original)
            raise QgsProcessingException(message) from error
        except ModuleNotFoundError as error:  # a module missing from REQUIRES, or broken
            top = (error.name or "").split(".")[0]
            if top not in PACKAGES and top not in self.REQUIRES:
                raise
            raise QgsProcessingException(missing_message([top])) from error

    def execute(self, parameters, context, feedback, progress):
        """Do the work: read parameters, make one core call, return the outputs dict.

        (Not ``run``: that is QgsProcessingAlgorithm.run, which processing.run calls.)
        """
        raise NotImplementedError

    def add_dask_scheduler_parameter(self):
        """The advanced DASK_SCHEDULER parameter of the tools that can run on a Dask cluster."""
        self.addParameter(
            compat.add_flag(
                QgsProcessingParameterString(
                    self.DASK_SCHEDULER,
                    self.tr(
                        "Dask scheduler address (empty = $SANDFLUX_DASK_SCHEDULER, else run here)"
                    ),
                    defaultValue="",
                    optional=True,
                ),
                compat.FLAG_ADVANCED,
            )
        )

    # -- the inputs of the flux scheme (Compute flux raster; Sum annual sequestration's
    #    on-the-fly mode): one definition, so both tools read them the same way
    def add_forcing_parameters(self, optional=False):
        """FORCING (the netCDF from Import ERA5, or the ERA5 downloads themselves: one file or
        several), FORCING_EXTENT (advanced: the part of the downloads to read) and CALIBRATION
        (.json from the calibration)."""
        # Files, not layers: a forcing file holds two variables and the downloads may be GRIB
        # or zip; one path (text) is accepted as well as a list (toolbox, batch, models).
        self.addParameter(
            QgsProcessingParameterMultipleLayers(
                self.FORCING,
                self.tr("Forcing file (from Import ERA5) or ERA5 downloads"),
                compat.SOURCE_FILE,
                optional=optional,
            )
        )
        self.addParameter(
            compat.add_flag(
                QgsProcessingParameterExtent(
                    self.FORCING_EXTENT,
                    self.tr("Extent of the ERA5 downloads to read (empty = all)"),
                    optional=True,
                ),
                compat.FLAG_ADVANCED,
            )
        )
        self.addParameter(
            QgsProcessingParameterFile(
                self.CALIBRATION,
                self.tr("Calibration (from Calibrate from station CSV)"),
                compat.FILE_BEHAVIOR_FILE,
                fileFilter=self.tr("Calibration files (*.json)"),
                optional=optional,
            )
        )

    def add_flux_input_parameters(self):
        """INPUT (hourly flux rasters) or FORCING + CALIBRATION (+ the soil, advanced): the two
        ways the annual and products tools take the hourly flux (read by flux_inputs)."""
        # Files, not raster layers: QGIS would open every input as a layer of 8760 bands for
        # the whole run (+140 MB for 23 years); loaded layers are still accepted (their source).
        self.addParameter(
            QgsProcessingParameterMultipleLayers(
                self.INPUT,
                self.tr("Hourly flux rasters (GeoTIFF or netCDF, one grid)"),
                compat.SOURCE_FILE,
                optional=True,
            )
        )
        # Or the flux computed on the fly (nothing hourly written): the flux tool's inputs.
        self.add_forcing_parameters(optional=True)
        self.add_soil_parameters(advanced=True)

    def flux_inputs(self, parameters, context, feedback, start=None, end=None):
        """The flux raster paths of INPUT, or a FluxRecipe of FORCING + CALIBRATION (+ soil,
        ``start``..``end``): the two ways the products tools take the hourly flux."""
        # core needs numpy: imported when run
        from ..core.model.flux import FluxRecipe
        from ..core.tools.sources import open_forcing_source

        rasters = [
            flux_path(source) for source in self.layer_sources(parameters, self.INPUT, context)
        ]
        forcing, extent = self.forcing_inputs(parameters, context)
        calibration = self.parameterAsFile(parameters, self.CALIBRATION, context)
        if rasters and forcing:
            raise QgsProcessingException(
                self.tr(
                    "Give either hourly flux rasters (INPUT) or a forcing file (FORCING, with "
                    "CALIBRATION) to compute the flux on the fly, not both."
                )
            )
        if not forcing:
            if not rasters:
                raise QgsProcessingException(
                    self.tr(
                        "No flux given: choose the hourly flux rasters written by 'Compute "
                        "flux raster' (INPUT), or the forcing file from 'Import ERA5' (FORCING) "
                        "with its calibration (CALIBRATION)."
                    )
                )
            return rasters
        if not calibration:
            raise QgsProcessingException(
                self.tr(
                    "The forcing file {} needs its calibration (CALIBRATION, the .json written by "
                    "'Calibrate from station CSV') to compute the flux."
                ).format(", ".join(forcing))
            )
        soc, ph = self.soil_values(parameters, context, feedback)
        feedback.pushInfo(
            self.tr(
                "Computing the hourly flux of {} on the fly (nothing hourly is written)"
            ).format(", ".join(forcing))
        )
        return FluxRecipe(
            tuple(forcing),
            calibration,
            soc,
            ph,
            start,
            end,
            open_source=functools.partial(open_forcing_source, extent=extent),
        )

    def add_soil_parameters(self, advanced=False):
        """SOC and pH of the sand, each as a raster (used first) or a value."""
        flag = compat.FLAG_ADVANCED if advanced else None
        for parameter in (
            QgsProcessingParameterRasterLayer(
                self.SOC,
                self.tr("SOC raster (unit of the station SOC; used before the value)"),
                optional=True,
            ),
            QgsProcessingParameterNumber(
                self.SOC_VALUE,
                self.tr("SOC value (unit of the station SOC; empty = station value)"),
                compat.NUMBER_DOUBLE,
                optional=True,
                minValue=1e-6,
            ),
            QgsProcessingParameterRasterLayer(
                self.PH, self.tr("pH raster (used before the value)"), optional=True
            ),
            QgsProcessingParameterNumber(
                self.PH_VALUE,
                self.tr("pH value (empty = station value)"),
                compat.NUMBER_DOUBLE,
                optional=True,
                minValue=0.0,
                maxValue=14.0,
            ),
        ):
            self.addParameter(compat.add_flag(parameter, flag) if flag else parameter)

    def raster_path(self, parameters, name, context):
        """The source of a raster-layer parameter, or None when it is empty."""
        if parameters.get(name) in (None, ""):
            return None
        layer = self.parameterAsRasterLayer(parameters, name, context)
        return layer.source() if layer is not None else None

    def soil_value(self, parameters, raster_name, value_name, context, feedback):
        """The raster's path when given (it wins), else the number, else None."""
        raster = self.raster_path(parameters, raster_name, context)
        has_value = parameters.get(value_name) not in (None, "")
        if raster:
            if has_value:
                feedback.pushInfo(
                    self.tr("{} and {} are both given: the raster is used.").format(
                        raster_name, value_name
                    )
                )
            return raster
        if has_value:
            return self.parameterAsDouble(parameters, value_name, context)
        return None

    def soil_values(self, parameters, context, feedback):
        """(SOC, pH) as core.model.flux takes them: a raster path, a number or None each."""
        return (
            self.soil_value(parameters, self.SOC, self.SOC_VALUE, context, feedback),
            self.soil_value(parameters, self.PH, self.PH_VALUE, context, feedback),
        )

    def dask_scheduler(self, parameters, context):
        """The scheduler address to use: the parameter, else $SANDFLUX_DASK_SCHEDULER, else ''."""
        from ..core.tools.flux import scheduler_address

        return scheduler_address(self.parameterAsString(parameters, self.DASK_SCHEDULER, context))

    def layer_sources(self, parameters, name, context):
        """The sources of a multiple-input parameter: file paths, project layer ids or layers.

        Files are not opened as QGIS layers (the core reads them itself, one at a time): 23
        yearly rasters of 8760 bands loaded as layers cost ~140 MB inside QGIS.
        """
        value = parameters.get(name)
        values = value if isinstance(value, (list, tuple)) else [value]
        sources = []
        for item in values:
            if item in (None, ""):
                continue
            layer = item if isinstance(item, QgsMapLayer) else None
            if layer is None and context.project() is not None:
                layer = context.project().mapLayer(str(item))
            if layer is None:
                layer = context.temporaryLayerStore().mapLayer(str(item))
            sources.append(layer.source() if layer is not None else str(item))
        return sources

    def forcing_inputs(self, parameters, context):
        """(FORCING paths, FORCING_EXTENT as (west, south, east, north) or None)."""
        return (
            self.layer_sources(parameters, self.FORCING, context),
            self.extent_wgs84(parameters, self.FORCING_EXTENT, context),
        )

    def extent_wgs84(self, parameters, name, context):
        """An extent parameter in EPSG:4326 as (west, south, east, north), or None when empty."""
        if parameters.get(name) in (None, ""):
            return None
        rectangle = self.parameterAsExtent(
            parameters, name, context, QgsCoordinateReferenceSystem("EPSG:4326")
        )
        if rectangle.isNull():
            return None
        return (
            rectangle.xMinimum(),
            rectangle.yMinimum(),
            rectangle.xMaximum(),
            rectangle.yMaximum(),
        )

    def parameter_as_utc(self, parameters, name, context):
        """A date-time parameter as ISO text in UTC, or None when empty.

        Text (batch, qgis_process, models) is ISO 8601 UTC and parsed by core as it is. A
        QDateTime in local time (the GUI widget) is read as the UTC wall-clock time the label
        asks for, so the machine's time zone never shifts the period; one with an explicit
        zone is converted to UTC.
        """
        raw = parameters.get(name)
        if raw in (None, ""):
            return None
        if isinstance(raw, str):
            return raw.strip() or None
        value = self.parameterAsDateTime(parameters, name, context)
        if not value.isValid():
            return None
        if value.timeSpec() != Qt.TimeSpec.LocalTime:
            value = value.toUTC()
        return value.toString("yyyy-MM-ddTHH:mm:ss")

    def style_on_load(self, context, output_path, qml_name, layer_name=None):
        """Apply resources/styles/<qml_name> to ``output_path`` when QGIS loads it as a layer."""
        if not context.willLoadLayerOnCompletion(output_path):
            return
        details = context.layerToLoadOnCompletionDetails(output_path)
        if layer_name:
            details.name = layer_name
        details.setPostProcessor(LayerStyler.create(str(RESOURCES / "styles" / qml_name)))


def _limit(value):
    """A parameter limit as text; QGIS's 'no limit' (+-DBL_MAX) as an infinity sign."""
    return f"{value:g}" if abs(value) < 1e300 else ("-∞" if value < 0 else "∞")


def flux_path(source: str) -> str:
    """The file behind a GDAL raster layer source (plain path or NETCDF:"path":co2_flux)."""
    match = _NETCDF_SOURCE.match(source.strip())
    return match.group("path") if match else source.split("|")[0]


def missing_message(missing):
    """The user message for missing Python modules: which, and the command installing them."""
    return tr("SandFlux needs the Python module(s) {} for this tool. Install: {}").format(
        ", ".join(missing), install_command(missing)
    )


def _report(feedback, fraction, message):
    feedback.setProgress(100.0 * fraction)
    if message:
        feedback.setProgressText(message)


class LayerStyler(QgsProcessingLayerPostProcessorInterface):
    """Loads a .qml style onto an output layer (and sets its temporal range, if asked)."""

    _alive = []  # QGIS keeps only a C++ pointer: hold the Python objects until used

    def __init__(self, qml_path):
        super().__init__()
        self.qml_path = qml_path

    @classmethod
    def create(cls, qml_path):
        styler = cls(qml_path)
        cls._alive.append(styler)
        return styler

    def postProcessLayer(self, layer, context, feedback):  # noqa: N802
        if layer is not None and layer.isValid() and Path(self.qml_path).exists():
            layer.loadNamedStyle(self.qml_path)
            layer.triggerRepaint()
