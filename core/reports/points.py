"""The point series tool's picture: the hourly flux at each point and its daily mean (PNG)."""

from pathlib import Path

import numpy as np

from ..infra.outputs import atomic_output
from ..model.points import DailySeries, PointSeries

MAX_POINTS_PLOTTED = 12


def write_point_plot(path, series: PointSeries, daily: DailySeries) -> Path:
    """PNG: hourly flux (thin) and daily mean (thick) of each point, g CO2 m-2 s-1, - = uptake;
    the first MAX_POINTS_PLOTTED points."""
    import matplotlib  # optional heavy dependency, only for the picture

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure  # with matplotlib above

    path = Path(path)
    shown = min(len(series.points.ids), MAX_POINTS_PLOTTED)
    figure = Figure(figsize=(10, 2.2 * shown + 0.8), dpi=100)
    axes_list = figure.subplots(shown, 1, sharex=True, squeeze=False)[:, 0]
    noon = daily.days.astype("datetime64[s]") + np.timedelta64(12 * 3600, "s")
    for p, axes in enumerate(axes_list):
        axes.plot(
            series.times, series.values[:, 0, p] * 1e6, linewidth=0.4, color="0.55", label="hourly"
        )
        axes.plot(
            noon,
            daily.mean_flux_g_co2_m2_s[:, p] * 1e6,
            linewidth=1.4,
            color="tab:blue",
            label="daily mean",
        )
        axes.axhline(0.0, color="k", linewidth=0.6)
        axes.set_ylabel("µg CO₂ m⁻² s⁻¹")
        axes.set_title(
            f"{series.points.ids[p]} ({series.points.longitudes[p]:.3f} E, "
            f"{series.points.latitudes[p]:.3f} N)",
            fontsize=9,
            loc="left",
        )
    axes_list[0].legend(loc="upper right", fontsize=8)
    axes_list[-1].set_xlabel("time (UTC)")
    figure.suptitle(f"Net CO₂ flux at the points, negative = uptake ({series.source})", fontsize=10)
    with atomic_output(path, "point plot") as temporary:
        figure.savefig(str(temporary), format="png", bbox_inches="tight")
    return path
