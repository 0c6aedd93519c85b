"""The seasonal tool: hourly flux (rasters, or computed on the fly) -> monthly raster, monthly
table, diurnal cycle table, report."""

from pathlib import Path
from typing import Optional

from ..infra.outputs import all_or_nothing
from ..infra.progress import as_progress
from ..model.annual import DEFAULT_MIN_COVERAGE
from ..model.seasonal import (
    SeasonalResult,
    compute_seasonal,
    write_diurnal_table,
    write_monthly_raster,
    write_monthly_table,
)
from ..reports.seasonal import write_seasonal_report


def run_seasonal_cycle(
    inputs,
    monthly,
    table=None,
    diurnal=None,
    report=None,
    region_weight=None,
    min_coverage: float = DEFAULT_MIN_COVERAGE,
    mask_path=None,
    mask_layer: Optional[str] = None,
    progress=None,
) -> SeasonalResult:
    """The seasonal tool in one call (all outputs or none); ``inputs`` and the region as in
    core.tools.annual.run_annual_sequestration."""
    progress = as_progress(progress)
    result = compute_seasonal(
        inputs, region_weight, min_coverage, mask_path, mask_layer, progress.sub(0.0, 0.9)
    )
    progress.report(0.92, "Writing outputs")
    with all_or_nothing() as written:
        write_monthly_raster(monthly, result)
        written.append(Path(monthly))
        for path, writer in (
            (table, write_monthly_table),
            (diurnal, write_diurnal_table),
            (report, write_seasonal_report),
        ):
            if path is not None:
                writer(path, result)
                written.append(Path(path))
    progress.report(1.0, "Done")
    return result
