"""The seasonal tool's HTML report: source and sink months, the monthly totals, the diurnal
cycle per calendar month in local solar time (PNGs inline)."""

import html
from pathlib import Path

import numpy as np

from ..formats import metadata as keys
from ..infra.constants import SIGN_CONVENTION
from ..infra.outputs import atomic_output
from ..infra.version import SOFTWARE_NAME, __version__
from ..model.seasonal import MONTHLY_COLUMNS, SeasonalResult
from .annual import _figure, _fmt, _png

MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def write_seasonal_report(path, result: SeasonalResult) -> Path:
    """Write the HTML report of ``result`` to ``path`` (atomically)."""
    path = Path(path)
    text = seasonal_report_html(result)
    with atomic_output(path, "report") as temporary:
        temporary.write_text(text, encoding="utf-8")
    return path


def seasonal_report_html(result: SeasonalResult) -> str:
    """The report as one HTML string."""
    sources = [MONTH_NAMES[m] for m in range(12) if result.climatology_g_co2_m2_month[m] > 0]
    sinks = [MONTH_NAMES[m] for m in range(12) if result.climatology_g_co2_m2_month[m] < 0]
    head = "".join(f"<th>{html.escape(c)}</th>" for c in MONTHLY_COLUMNS)
    body = "".join(
        "<tr>"
        + "".join(
            f"<td>{html.escape(str(row[c])) if isinstance(row[c], (str, int)) else _fmt(row[c], 6)}"
            "</td>"
            for c in MONTHLY_COLUMNS
        )
        + "</tr>"
        for row in result.rows
    )
    notes = "".join(f"<li>{html.escape(w)}</li>" for w in result.warnings)
    labels = result.labels
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>SandFlux seasonal and daily cycle {labels[0]}–{labels[-1]}</title>
<style>
body {{ font-family: sans-serif; max-width: 70em; margin: 2em auto; color: #222; }}
table {{ border-collapse: collapse; font-size: 0.85em; }}
td, th {{ border: 1px solid #bbb; padding: 0.2em 0.5em; text-align: right; }}
th {{ background: #eee; }}
img {{ max-width: 100%; }}
</style></head><body>
<h1>Seasonal and daily cycle of the CO₂ flux of shifting sand, {labels[0]}–{labels[-1]}</h1>
<p>Source months (regional mean net flux &gt; 0, mean over the years):
<b>{", ".join(sources) or "none"}</b>; sink months (&lt; 0): <b>{", ".join(sinks) or "none"}</b>
(net flux: {html.escape(SIGN_CONVENTION)}).</p>
<figure><img alt="Monthly" src="data:image/png;base64,{_monthly_png(result)}">
<figcaption>Regional mean net CO₂ flux by calendar month (g CO₂ m⁻² month⁻¹, mean over the
years; brown = source, blue = sink).</figcaption></figure>
<figure><img alt="Diurnal" src="data:image/png;base64,{_diurnal_png(result)}">
<figcaption>Mean diurnal cycle of the regional flux per calendar month, local mean solar time
(UTC + longitude/15 h), g CO₂ m⁻² s⁻¹ weighted by cell area.</figcaption></figure>
<h2>Monthly totals</h2>
<table><tr>{head}</tr>{body}</table>
<p>Monthly net flux per cell = mean of the valid hours × hours of the month × 3600 s; a
cell-month with fewer than {result.min_coverage:.0%} of its hours valid is NoData. Totals use
the true cell areas on the WGS84 ellipsoid.</p>
{f"<h2>Notes</h2><ul>{notes}</ul>" if notes else ""}
<p><small>{SOFTWARE_NAME} {html.escape(__version__)}; model
{html.escape(result.metadata.get(keys.MODEL, "unknown"))}, calibration
{html.escape(result.metadata.get(keys.CALIBRATION_HASH, "unknown"))}.</small></p>
</body></html>
"""


def _monthly_png(result: SeasonalResult) -> str:
    figure = _figure()
    axes = figure.add_subplot(111)
    values = result.climatology_g_co2_m2_month
    colours = ["#b5792a" if v > 0 else "#2166ac" for v in np.nan_to_num(values)]
    axes.bar(np.arange(12), np.nan_to_num(values), color=colours)
    axes.axhline(0.0, color="0.4", linewidth=0.8)
    axes.set_xticks(np.arange(12))
    axes.set_xticklabels(MONTH_NAMES)
    axes.set_ylabel("net CO₂ flux (g CO₂ m⁻² month⁻¹)")
    return _png(figure)


def _diurnal_png(result: SeasonalResult) -> str:
    figure = _figure()
    axes = figure.add_subplot(111)
    from matplotlib import colormaps  # plotting dependency, loaded with the figure

    colours = colormaps["twilight"]
    for month in range(12):
        values = result.diurnal_g_co2_m2_s[month]
        if np.isfinite(values).any():
            axes.plot(
                np.arange(24) + 0.5,
                values * 1e6,
                color=colours(month / 12.0),
                label=MONTH_NAMES[month],
            )
    axes.axhline(0.0, color="0.4", linewidth=0.8)
    axes.set_xlim(0, 24)
    axes.set_xticks(range(0, 25, 3))
    axes.set_xlabel("local mean solar hour")
    axes.set_ylabel("flux (µg CO₂ m⁻² s⁻¹), negative = uptake")
    axes.legend(ncol=6, fontsize=7)
    return _png(figure)
