"""SandFlux's typed errors: each message says what is wrong, where, and what to do."""


class SandFluxError(Exception):
    """Base of every error SandFlux raises on purpose; the QGIS layer shows its message as is."""


class InputFileError(SandFluxError):
    """An input file cannot be read, or is not the kind of file expected."""


class VariableError(SandFluxError):
    """A variable or column is missing, ambiguous, or holds values that cannot be right."""


class UnitsError(VariableError):
    """Values do not match their declared units (e.g. degC labelled K, percent labelled m3 m-3)."""


class GridError(SandFluxError):
    """Grids or extents do not match, or a clip/mask selects nothing."""


class CalibrationError(SandFluxError):
    """A calibration file is of another schema or model, or a fit cannot be made."""


class OutputError(SandFluxError):
    """An output cannot be written (format limits, unwritable folder, disk full)."""


class Cancelled(SandFluxError):
    """The user cancelled the run; partial outputs have been removed."""
