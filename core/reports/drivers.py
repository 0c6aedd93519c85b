"""The driver attribution report: the regressions and a scatter plot a driver (PNG inline)."""

import html
from pathlib import Path

import numpy as np

from ..formats import metadata as keys
from ..infra.constants import SIGN_CONVENTION
from ..infra.outputs import atomic_output
from ..infra.version import SOFTWARE_NAME, __version__
from ..model.drivers import DRIVERS, TABLE_COLUMNS, DriverResult
from .annual import _figure, _fmt, _png


def write_driver_report(path, result: DriverResult) -> Path:
    """Write the HTML report of ``result`` to ``path`` (atomically)."""
    path = Path(path)
    text = driver_report_html(result)
    with atomic_output(path, "report") as temporary:
        temporary.write_text(text, encoding="utf-8")
    return path


def driver_report_html(result: DriverResult) -> str:
    """The report as one HTML string."""
    first, last = int(result.years[0]), int(result.years[-1])
    head = "".join(f"<th>{html.escape(c)}</th>" for c in TABLE_COLUMNS)
    body = "".join(
        "<tr>"
        + "".join(
            f"<td>{html.escape(str(v)) if isinstance(v, (str, int)) else _fmt(v, 4)}</td>"
            for v in (r.row()[c] for c in TABLE_COLUMNS)
        )
        + "</tr>"
        for r in result.regressions
    )
    notes = "".join(f"<li>{html.escape(w)}</li>" for w in result.warnings)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>SandFlux driver attribution {first}–{last}</title>
<style>
body {{ font-family: sans-serif; max-width: 70em; margin: 2em auto; color: #222; }}
table {{ border-collapse: collapse; font-size: 0.85em; }}
td, th {{ border: 1px solid #bbb; padding: 0.2em 0.5em; text-align: right; }}
th {{ background: #eee; }}
img {{ max-width: 100%; }}
</style></head><body>
<h1>What drives the annual CO₂ flux of shifting sand, {first}–{last}</h1>
<p>The regional annual net flux (g CO₂ m⁻² yr⁻¹; {html.escape(SIGN_CONVENTION)}) against the
annual drivers from the forcing (area-weighted regional means, a point a year). Slopes in
g CO₂ m⁻² yr⁻¹ per driver unit: a positive slope means more release (or less uptake) with
more of the driver. Pulse threshold θ_c = {result.theta_c:.4g} m³ m⁻³.</p>
<figure><img alt="Scatter" src="data:image/png;base64,{_scatter_png(result)}">
<figcaption>Regional annual net flux against each driver, with the least-squares line.
</figcaption></figure>
<h2>Regressions</h2>
<table><tr>{head}</tr>{body}</table>
<p>“region”: one driver at a time (scipy.stats.linregress; 95 % interval from Student's t with
n − 2 degrees of freedom); “region, all drivers”: ordinary least squares on the four drivers
together (n − 5 degrees of freedom), each slope holding the others fixed. The per-cell slope on
the daily soil-temperature range is in the slope raster.</p>
{f"<h2>Notes</h2><ul>{notes}</ul>" if notes else ""}
<p><small>{SOFTWARE_NAME} {html.escape(__version__)}; model
{html.escape(result.metadata.get(keys.MODEL, "unknown"))}, calibration
{html.escape(result.metadata.get(keys.CALIBRATION_HASH, "unknown"))}.</small></p>
</body></html>
"""


def _scatter_png(result: DriverResult) -> str:
    figure = _figure()
    figure.set_size_inches(10, 7)
    y = result.regional["annual"]
    simple = {r.driver: r for r in result.regressions if r.scope == "region"}
    for index, (name, unit, title) in enumerate(DRIVERS):
        axes = figure.add_subplot(2, 2, index + 1)
        x = result.regional[name]
        ok = np.isfinite(x) & np.isfinite(y)
        axes.scatter(x[ok], y[ok], s=18, color="tab:blue")
        for xi, yi, year in zip(x[ok], y[ok], result.years[ok]):
            axes.annotate(str(int(year)), (xi, yi), fontsize=6, alpha=0.6)
        fit = simple.get(name)
        if fit is not None and np.isfinite(fit.slope) and ok.any():
            line = np.linspace(x[ok].min(), x[ok].max(), 2)
            intercept = y[ok].mean() - fit.slope * x[ok].mean()
            axes.plot(
                line,
                intercept + fit.slope * line,
                color="tab:red",
                label=f"slope {fit.slope:.3g}, p = {fit.p_value:.2g}",
            )
            axes.legend(fontsize=7)
        axes.ticklabel_format(axis="x", useOffset=False)
        axes.tick_params(axis="x", labelsize=7)
        axes.set_xlabel(f"{title} ({unit})", fontsize=8)
        axes.set_ylabel("net flux (g CO₂ m⁻² yr⁻¹)", fontsize=8)
    figure.tight_layout()
    return _png(figure)
