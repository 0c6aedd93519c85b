"""The driver attribution tool: forcing + calibration -> slope raster, regression table, report."""

from pathlib import Path
from typing import Optional

from ..infra.outputs import all_or_nothing
from ..infra.progress import as_progress
from ..model.annual import DEFAULT_MIN_COVERAGE
from ..model.drivers import DriverResult, compute_drivers, write_driver_table, write_slope_raster
from ..reports.drivers import write_driver_report


def run_driver_attribution(
    recipe,
    output,
    table=None,
    report=None,
    theta_c: Optional[float] = None,
    region_weight=None,
    min_coverage: float = DEFAULT_MIN_COVERAGE,
    mask_path=None,
    mask_layer: Optional[str] = None,
    progress=None,
) -> DriverResult:
    """The driver tool in one call (all outputs or none); ``recipe``: a FluxRecipe."""
    progress = as_progress(progress)
    result = compute_drivers(
        recipe, theta_c, region_weight, min_coverage, mask_path, mask_layer, progress.sub(0.0, 0.9)
    )
    progress.report(0.92, "Writing outputs")
    with all_or_nothing() as written:
        write_slope_raster(output, result)
        written.append(Path(output))
        for path, writer in ((table, write_driver_table), (report, write_driver_report)):
            if path is not None:
                writer(path, result)
                written.append(Path(path))
    progress.report(1.0, "Done")
    return result
