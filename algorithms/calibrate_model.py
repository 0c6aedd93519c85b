"""Calibrate from station CSV: an eddy-covariance station file -> calibration JSON + HTML report."""

from qgis.core import (
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)

from ..core.infra.constants import TAZHONG_LATITUDE, TAZHONG_LONGITUDE, TAZHONG_UTC_OFFSET_HOURS
from ..provider import compat
from ..provider.i18n import QT_TRANSLATE_NOOP
from .base import SandFluxAlgorithm

# Enum options: (core value, label). Core values are the interface of
# core.inputs.station/calibration.
FORMAT_OPTIONS = (
    ("auto", QT_TRANSLATE_NOOP("SandFlux", "Auto-detect")),
    ("ameriflux", QT_TRANSLATE_NOOP("SandFlux", "AmeriFlux BASE")),
    ("fluxnet2015", QT_TRANSLATE_NOOP("SandFlux", "FLUXNET2015/ONEFlux")),
    ("europe", QT_TRANSLATE_NOOP("SandFlux", "European fluxdata")),
    ("reddyproc", QT_TRANSLATE_NOOP("SandFlux", "REddyProc (Year, DoY, Hour)")),
    ("generic", QT_TRANSLATE_NOOP("SandFlux", "Generic CSV (name the columns)")),
)
FLUX_UNIT_OPTIONS = (
    ("umol", QT_TRANSLATE_NOOP("SandFlux", "µmol CO2 m-2 s-1")),
    ("mg", QT_TRANSLATE_NOOP("SandFlux", "mg CO2 m-2 s-1")),
    ("g", QT_TRANSLATE_NOOP("SandFlux", "g CO2 m-2 s-1")),
)
MODEL_OPTIONS = (
    ("auto", QT_TRANSLATE_NOOP("SandFlux", "Auto (lowest cross-validated RMSE)")),
    ("desert", QT_TRANSLATE_NOOP("SandFlux", "Desert shifting-sand scheme")),
    ("linear", QT_TRANSLATE_NOOP("SandFlux", "Linear")),
    ("q10", QT_TRANSLATE_NOOP("SandFlux", "Q10")),
    ("lloyd_taylor", QT_TRANSLATE_NOOP("SandFlux", "Lloyd-Taylor")),
)
MOISTURE_UNIT_OPTIONS = (
    ("auto", QT_TRANSLATE_NOOP("SandFlux", "Auto (% for AmeriFlux/FLUXNET/European files)")),
    ("percent", QT_TRANSLATE_NOOP("SandFlux", "%")),
    ("m3_m3", QT_TRANSLATE_NOOP("SandFlux", "m3 m-3")),
)
TIMESTAMP_OPTIONS = (
    ("end", QT_TRANSLATE_NOOP("SandFlux", "End of the averaging interval")),
    ("start", QT_TRANSLATE_NOOP("SandFlux", "Start of the averaging interval")),
)
LOSS_OPTIONS = (
    ("linear", QT_TRANSLATE_NOOP("SandFlux", "Least squares")),
    ("soft_l1", QT_TRANSLATE_NOOP("SandFlux", "Robust: soft L1")),
    ("huber", QT_TRANSLATE_NOOP("SandFlux", "Robust: Huber")),
    ("cauchy", QT_TRANSLATE_NOOP("SandFlux", "Robust: Cauchy")),
    ("arctan", QT_TRANSLATE_NOOP("SandFlux", "Robust: arctan")),
)
CORRECTION_OPTIONS = (
    ("linear", QT_TRANSLATE_NOOP("SandFlux", "Linear")),
    ("quantile", QT_TRANSLATE_NOOP("SandFlux", "Quantile mapping")),
)


class CalibrateModel(SandFluxAlgorithm):
    NAME = "calibratemodel"
    DISPLAY_NAME = "Calibrate from station CSV"
    GROUP = "model"
    REQUIRES = ("numpy", "pandas", "scipy", "matplotlib", "netCDF4")

    STATION = "STATION"
    FORMAT = "FORMAT"
    TIME_COLUMN = "TIME_COLUMN"
    FLUX_COLUMN = "FLUX_COLUMN"
    SOIL_TEMPERATURE_COLUMN = "SOIL_TEMPERATURE_COLUMN"
    SOIL_MOISTURE_COLUMN = "SOIL_MOISTURE_COLUMN"
    QC_COLUMN = "QC_COLUMN"
    FLUX_UNITS = "FLUX_UNITS"
    UTC_OFFSET_HOURS = "UTC_OFFSET_HOURS"
    MODEL = "MODEL"
    FORCING = "FORCING"
    STATION_LONGITUDE = "STATION_LONGITUDE"
    STATION_LATITUDE = "STATION_LATITUDE"
    STATION_SOC = "STATION_SOC"
    STATION_PH = "STATION_PH"
    QC_MAX = "QC_MAX"
    MISSING_VALUES = "MISSING_VALUES"
    SOIL_MOISTURE_UNITS = "SOIL_MOISTURE_UNITS"
    TIMESTAMP_POSITION = "TIMESTAMP_POSITION"
    LOSS = "LOSS"
    BOOTSTRAP_RESAMPLES = "BOOTSTRAP_RESAMPLES"
    SEED = "SEED"
    SOIL_CORRECTION = "SOIL_CORRECTION"
    OUTPUT = "OUTPUT"
    REPORT = "REPORT"
    R2 = "R2"
    RMSE = "RMSE"
    N = "N"
    CV_RMSE = "CV_RMSE"
    MODEL_USED = "MODEL_USED"

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(
            QgsProcessingParameterFile(
                self.STATION,
                self.tr("Station file (CSV/TXT, .gz accepted)"),
                compat.FILE_BEHAVIOR_FILE,
                fileFilter=self.tr("Station files (*.csv *.txt *.dat *.gz);;All files (*.*)"),
            )
        )
        self._enum(self.FORMAT, QT_TRANSLATE_NOOP("SandFlux", "Format"), FORMAT_OPTIONS)
        optional_columns = (
            (
                self.TIME_COLUMN,
                QT_TRANSLATE_NOOP("SandFlux", "Time column (empty = format's TIMESTAMP_START/END)"),
            ),
            (
                self.FLUX_COLUMN,
                QT_TRANSLATE_NOOP(
                    "SandFlux", "CO2 flux column (empty = FC / NEE_VUT_REF / NEE / FC_1_1_1)"
                ),
            ),
            (
                self.SOIL_TEMPERATURE_COLUMN,
                QT_TRANSLATE_NOOP(
                    "SandFlux", "Soil temperature column (empty = TS_1_1_1 / TS_F_MDS_1 / Tsoil)"
                ),
            ),
            (
                self.SOIL_MOISTURE_COLUMN,
                QT_TRANSLATE_NOOP(
                    "SandFlux", "Soil moisture column (empty = SWC_1_1_1 / SWC_F_MDS_1 / SWC)"
                ),
            ),
            (
                self.QC_COLUMN,
                QT_TRANSLATE_NOOP(
                    "SandFlux", "Flux QC column (empty = <flux>_QC or FC_SSITC_TEST if present)"
                ),
            ),
        )
        for name, label in optional_columns:
            self.addParameter(QgsProcessingParameterString(name, self.tr(label), optional=True))
        self._enum(
            self.FLUX_UNITS,
            QT_TRANSLATE_NOOP("SandFlux", "Flux units in the file"),
            FLUX_UNIT_OPTIONS,
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                self.UTC_OFFSET_HOURS,
                self.tr("Station clock: UTC offset (hours; Beijing time = 8)"),
                compat.NUMBER_DOUBLE,
                TAZHONG_UTC_OFFSET_HOURS,
                minValue=-12.0,
                maxValue=14.0,
            )
        )
        self._enum(self.MODEL, QT_TRANSLATE_NOOP("SandFlux", "Model"), MODEL_OPTIONS)
        self.addParameter(
            QgsProcessingParameterFile(
                self.FORCING,
                self.tr("ERA5 forcing file (optional: soil correction and validation)"),
                compat.FILE_BEHAVIOR_FILE,
                fileFilter=self.tr("netCDF files (*.nc)"),
                optional=True,
            )
        )
        for name, label, default, low, high in (
            (
                self.STATION_LONGITUDE,
                QT_TRANSLATE_NOOP("SandFlux", "Station longitude (degrees E)"),
                TAZHONG_LONGITUDE,
                -180.0,
                180.0,
            ),
            (
                self.STATION_LATITUDE,
                QT_TRANSLATE_NOOP("SandFlux", "Station latitude (degrees N)"),
                TAZHONG_LATITUDE,
                -90.0,
                90.0,
            ),
            (
                self.STATION_SOC,
                QT_TRANSLATE_NOOP("SandFlux", "Station soil organic carbon (g kg-1)"),
                1.2,
                1e-6,
                1000.0,
            ),
            (self.STATION_PH, QT_TRANSLATE_NOOP("SandFlux", "Station soil pH"), 8.9, 0.1, 14.0),
        ):
            self.addParameter(
                QgsProcessingParameterNumber(
                    name, self.tr(label), compat.NUMBER_DOUBLE, default, minValue=low, maxValue=high
                )
            )
        advanced = [
            QgsProcessingParameterNumber(
                self.QC_MAX, self.tr("Keep QC flags up to"), compat.NUMBER_DOUBLE, 1.0
            ),
            QgsProcessingParameterString(
                self.MISSING_VALUES,
                self.tr(
                    "Missing-value codes of the logger (comma-separated; "
                    "-9999, -6999, 9999 ... are always missing)"
                ),
                defaultValue="",
                optional=True,
            ),
            self._enum_parameter(
                self.SOIL_MOISTURE_UNITS,
                QT_TRANSLATE_NOOP("SandFlux", "Soil moisture units"),
                MOISTURE_UNIT_OPTIONS,
            ),
            self._enum_parameter(
                self.TIMESTAMP_POSITION,
                QT_TRANSLATE_NOOP("SandFlux", "Generic files: the time stamp marks the"),
                TIMESTAMP_OPTIONS,
            ),
            self._enum_parameter(
                self.LOSS, QT_TRANSLATE_NOOP("SandFlux", "Fit loss"), LOSS_OPTIONS
            ),
            QgsProcessingParameterNumber(
                self.BOOTSTRAP_RESAMPLES,
                self.tr("Bootstrap resamples (0 = none)"),
                compat.NUMBER_INTEGER,
                200,
                minValue=0,
            ),
            QgsProcessingParameterNumber(
                self.SEED,
                self.tr("Random seed of the bootstrap"),
                compat.NUMBER_INTEGER,
                20040101,
                minValue=0,
            ),
            self._enum_parameter(
                self.SOIL_CORRECTION,
                QT_TRANSLATE_NOOP("SandFlux", "ERA5-to-station soil correction"),
                CORRECTION_OPTIONS,
            ),
        ]
        for parameter in advanced:
            self.addParameter(compat.add_flag(parameter, compat.FLAG_ADVANCED))
        self.addParameter(
            QgsProcessingParameterFileDestination(
                self.OUTPUT, self.tr("Calibration file"), self.tr("JSON files (*.json)")
            )
        )
        self.addParameter(
            QgsProcessingParameterFileDestination(
                self.REPORT, self.tr("Calibration report"), self.tr("HTML files (*.html)")
            )
        )
        for name, label in (
            (self.R2, QT_TRANSLATE_NOOP("SandFlux", "R² of the fit")),
            (self.RMSE, QT_TRANSLATE_NOOP("SandFlux", "RMSE of the fit (g CO2 m-2 s-1)")),
            (self.N, QT_TRANSLATE_NOOP("SandFlux", "Hours fitted")),
            (
                self.CV_RMSE,
                QT_TRANSLATE_NOOP("SandFlux", "Leave-one-year-out RMSE (g CO2 m-2 s-1)"),
            ),
        ):
            self.addOutput(QgsProcessingOutputNumber(name, self.tr(label)))
        self.addOutput(QgsProcessingOutputString(self.MODEL_USED, self.tr("Model chosen")))

    def _missing_values(self, text):
        """MISSING_VALUES ('-7777, 999.99') as numbers; a clear error for anything else."""
        values = []
        for item in (text or "").replace(";", ",").split(","):
            if item.strip():
                try:
                    values.append(float(item))
                except ValueError:
                    raise QgsProcessingException(
                        self.tr(
                            "MISSING_VALUES must be numbers separated by commas (e.g. -7777, "
                            "999.99); '{}' is not a number."
                        ).format(item.strip())
                    ) from None
        return values

    def _enum_parameter(self, name, label, options):
        return QgsProcessingParameterEnum(
            name, self.tr(label), [self.tr(text) for _, text in options], defaultValue=0
        )

    def _enum(self, name, label, options):
        self.addParameter(self._enum_parameter(name, label, options))

    def _choice(self, parameters, name, options, context):
        return options[self.parameterAsEnum(parameters, name, context)][0]

    def execute(self, parameters, context, feedback, progress):
        from ..core.tools.calibrate import calibrate_station

        def text(name):
            return self.parameterAsString(parameters, name, context).strip() or None

        def number(name):
            return self.parameterAsDouble(parameters, name, context)

        output = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        report = self.parameterAsFileOutput(parameters, self.REPORT, context)
        if not output.lower().endswith(".json"):
            output += ".json"
        if not report.lower().endswith((".html", ".htm")):
            report += ".html"
        result = calibrate_station(
            self.parameterAsFile(parameters, self.STATION, context),
            output,
            report,
            format=self._choice(parameters, self.FORMAT, FORMAT_OPTIONS, context),
            columns={
                "time": text(self.TIME_COLUMN),
                "flux": text(self.FLUX_COLUMN),
                "soil_temperature": text(self.SOIL_TEMPERATURE_COLUMN),
                "soil_moisture": text(self.SOIL_MOISTURE_COLUMN),
                "qc": text(self.QC_COLUMN),
            },
            flux_units=self._choice(parameters, self.FLUX_UNITS, FLUX_UNIT_OPTIONS, context),
            utc_offset_hours=number(self.UTC_OFFSET_HOURS),
            qc_max=number(self.QC_MAX),
            missing_values=self._missing_values(text(self.MISSING_VALUES)),
            soil_moisture_units=self._choice(
                parameters, self.SOIL_MOISTURE_UNITS, MOISTURE_UNIT_OPTIONS, context
            ),
            timestamp_position=self._choice(
                parameters, self.TIMESTAMP_POSITION, TIMESTAMP_OPTIONS, context
            ),
            model=self._choice(parameters, self.MODEL, MODEL_OPTIONS, context),
            loss=self._choice(parameters, self.LOSS, LOSS_OPTIONS, context),
            resamples=self.parameterAsInt(parameters, self.BOOTSTRAP_RESAMPLES, context),
            seed=self.parameterAsInt(parameters, self.SEED, context),
            forcing_path=self.parameterAsFile(parameters, self.FORCING, context) or None,
            longitude=number(self.STATION_LONGITUDE),
            latitude=number(self.STATION_LATITUDE),
            soc=number(self.STATION_SOC),
            ph=number(self.STATION_PH),
            soil_correction=self._choice(
                parameters, self.SOIL_CORRECTION, CORRECTION_OPTIONS, context
            ),
            progress=progress,
        )
        for message in result.warnings:
            _warn(feedback, message)
        fit = result.fit
        feedback.pushInfo(
            self.tr("{}: R² {:.3f}, RMSE {:.3g} g CO2 m-2 s-1, CV RMSE {:.3g}, N {} hours").format(
                fit.model.title, fit.r2, fit.rmse, fit.cv_rmse, fit.n
            )
        )
        return {
            self.OUTPUT: output,
            self.REPORT: report,
            self.R2: fit.r2,
            self.RMSE: fit.rmse,
            self.N: fit.n,
            self.CV_RMSE: fit.cv_rmse,
            self.MODEL_USED: result.chosen,
        }


def _warn(feedback, message):
    if hasattr(feedback, "pushWarning"):
        feedback.pushWarning(message)
    else:
        feedback.reportError(message, False)
