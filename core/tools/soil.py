"""The soil tool: field samples of SOC and pH -> rasters on the forcing grid."""

from typing import List, Optional

import numpy as np

from ..formats.forcing import open_forcing
from ..infra.errors import VariableError
from ..infra.grid import Grid
from ..infra.outputs import all_or_nothing
from ..infra.progress import as_progress
from ..inputs.soil import (
    DEFAULT_POWER,
    PH_RANGE,
    SOC_RANGE,
    SoilResult,
    gdal_grid_algorithm,
    interpolate_to_grid,
    read_samples,
    write_property_raster,
)


def grid_soil_properties(
    points_path,
    forcing_path,
    soc_output=None,
    ph_output=None,
    soc_field: str = "SOC",
    ph_field: str = "pH",
    layer_name: Optional[str] = None,
    method: str = "invdist",
    power: float = DEFAULT_POWER,
    radius_deg: float = 0.0,
    max_points: int = 0,
    soc_units: str = "as the station SOC",
    progress=None,
) -> SoilResult:
    """Interpolate the SOC and pH samples onto the forcing grid and write one GeoTIFF each."""

    progress = as_progress(progress)
    if soc_output is None and ph_output is None:
        raise VariableError("Give at least one output: the SOC raster or the pH raster.")
    with open_forcing(forcing_path) as forcing:
        grid = forcing.grid
    algorithm = gdal_grid_algorithm(method, power, radius_deg, max_points)
    warnings: List[str] = []
    written = {}
    counts = {"SOC": 0, "pH": 0}
    jobs = [
        (what, field_name, valid, output, units)
        for what, field_name, valid, output, units in (
            ("SOC", soc_field, SOC_RANGE, soc_output, soc_units),
            ("pH", ph_field, PH_RANGE, ph_output, "1"),
        )
        if output is not None
    ]
    with all_or_nothing() as outputs:  # a failure on pH removes the SOC raster written before
        for index, (what, field_name, valid, output, units) in enumerate(jobs):
            progress.report(index / len(jobs), f"Interpolating {what} from the samples")
            lons, lats, values, skipped = read_samples(
                points_path, field_name, what, valid, layer_name
            )
            if skipped:
                warnings.append(
                    f"{skipped} sample(s) without a plausible {what} value were skipped."
                )
            if values.size == 0:
                raise VariableError(
                    f"No sample of {points_path} has a plausible {what} value in "
                    f"the field '{field_name}'. Check the field and its values."
                )
            inside = _inside(grid, lons, lats)
            if not inside.any():
                west, south, east, north = grid.bounds
                warnings.append(
                    f"No {what} sample lies inside the forcing grid ({west:g}..{east:g}"
                    f" E, {south:g}..{north:g} N); the values are extrapolated."
                )
            array = interpolate_to_grid(lons, lats, values, grid, algorithm)
            written[what] = write_property_raster(
                output, array, grid, what, units, algorithm, int(values.size)
            )
            outputs.append(written[what])
            counts[what] = int(values.size)
    progress.report(1.0, "Soil property rasters written")
    return SoilResult(
        written.get("SOC"), written.get("pH"), counts["SOC"], counts["pH"], algorithm, warnings
    )


def _inside(grid: Grid, lons, lats) -> np.ndarray:
    west, south, east, north = grid.bounds
    return (lons >= west) & (lons <= east) & (lats >= south) & (lats <= north)
