"""The point series tool: hourly flux and drivers at points -> CSV, daily CSV, plot."""

from pathlib import Path
from typing import Optional

from ..infra.outputs import all_or_nothing
from ..infra.progress import as_progress
from ..model.flux import FluxRecipe
from ..model.points import (
    PointSeries,
    daily_means,
    read_points,
    series_from_rasters,
    series_from_recipe,
    write_daily_csv,
    write_hourly_csv,
)
from ..reports.points import write_point_plot


def run_point_series(
    inputs,
    points_path,
    output,
    daily=None,
    plot=None,
    points_layer: Optional[str] = None,
    id_field: Optional[str] = None,
    progress=None,
) -> PointSeries:
    """The point series tool in one call (all outputs or none).

    ``inputs``: flux raster paths, or a core.model.flux.FluxRecipe (the flux and the drivers
    computed from the forcing); ``points_path`` (+ ``points_layer``): a point layer whose
    ``id_field`` (default: the feature id) names each point.
    """
    progress = as_progress(progress)
    points = read_points(points_path, points_layer, id_field)
    if isinstance(inputs, FluxRecipe):
        series = series_from_recipe(inputs, points, progress.sub(0.0, 0.8))
    else:
        series = series_from_rasters(list(inputs), points, progress.sub(0.0, 0.8))
    progress.report(0.85, "Writing the point series")
    day_means = daily_means(series)
    with all_or_nothing() as written:
        write_hourly_csv(output, series)
        written.append(Path(output))
        if daily is not None:
            write_daily_csv(daily, series, day_means)
            written.append(Path(daily))
        if plot is not None:
            write_point_plot(plot, series, day_means)
            written.append(Path(plot))
    progress.report(1.0, "Done")
    return series
