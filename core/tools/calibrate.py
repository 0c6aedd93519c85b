"""The calibration tool: a station CSV -> the calibration JSON (and its HTML report)."""

from typing import Dict, Optional, Sequence

from ..infra.outputs import all_or_nothing
from ..infra.progress import as_progress
from ..inputs.station import read_station
from ..model.calibration import CalibrationResult, calibrate
from ..model.calibration_file import save_calibration
from ..model.models import MODELS
from ..reports.calibration import write_report
from .sources import open_forcing_source


def calibrate_station(
    station_path,
    output_path,
    report_path=None,
    format: str = "auto",
    columns: Optional[Dict[str, str]] = None,
    flux_units: str = "umol",
    utc_offset_hours: float = 8.0,
    qc_max: float = 1.0,
    soil_moisture_units: str = "auto",
    timestamp_position: str = "end",
    progress=None,
    missing_values: Sequence[float] = (),
    **options,
) -> CalibrationResult:
    """Read the station file, calibrate, write the calibration JSON (and the HTML report)."""

    progress = as_progress(progress)
    model = options.get("model", "auto")
    # Q10 and Lloyd-Taylor use no moisture: a file without a moisture column is fine for them.
    needs_moisture = model not in MODELS or MODELS[model].uses_moisture
    station = read_station(
        station_path,
        format,
        columns,
        flux_units,
        utc_offset_hours,
        qc_max,
        soil_moisture_units,
        timestamp_position,
        progress.sub(0.0, 0.1),
        missing_values=missing_values,
        needs_moisture=needs_moisture,
    )
    result = calibrate(
        station, progress=progress.sub(0.1, 0.9), open_source=open_forcing_source, **options
    )
    with all_or_nothing() as written:  # the report is removed again if the JSON fails
        if report_path:
            progress.report(0.9, "Writing the report")
            written.append(write_report(result, report_path))
        written.append(save_calibration(result.calibration, output_path))
        progress.report(1.0, "Done")
    return result
