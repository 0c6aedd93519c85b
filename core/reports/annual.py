"""The annual tool's HTML report: table, trends, a time series of totals and a map (PNG inline).

One self-contained .html file (matplotlib's Agg backend, PNGs embedded as base64), so it opens
anywhere and can be attached to a paper's supplement.
"""

import base64
import html
import io
import math
from pathlib import Path
from typing import Optional

import numpy as np

from ..formats import metadata as keys
from ..infra.constants import SIGN_CONVENTION
from ..infra.outputs import atomic_output
from ..infra.version import SOFTWARE_NAME, __version__
from ..model.annual import IMPLAUSIBLE, TABLE_COLUMNS, AnnualResult
from ..model.ensemble import EnsembleResult, comparison_rows, relative_width

_COLUMN_TITLES = {
    "year": "Year",
    "hours_in_year": "Hours in year",
    "hours_valid": "Hours valid",
    "coverage": "Coverage",
    "cells_valid": "Cells",
    "area_km2": "Sand area (km²)",
    "mean_net_flux_g_co2_m2_yr": "Mean net flux (g CO₂ m⁻² yr⁻¹)",
    "sequestration_g_c_m2_yr": "Sequestration (g C m⁻² yr⁻¹)",
    "total_net_flux_t_co2": "Total net flux (t CO₂ yr⁻¹)",
    "total_net_flux_t_co2_ci95_low": "95 % low (t CO₂)",
    "total_net_flux_t_co2_ci95_high": "95 % high (t CO₂)",
    "sequestration_tg_c": "Sequestration (Tg C yr⁻¹)",
    "sequestration_tg_c_ci95_low": "95 % low (Tg C)",
    "sequestration_tg_c_ci95_high": "95 % high (Tg C)",
    "cell_area_km2": "Cell area (km²)",
}


def write_report(path, result: AnnualResult, ensemble: Optional[EnsembleResult] = None) -> Path:
    """Write the HTML report of ``result`` (and of its ``ensemble``) to ``path`` (atomically)."""
    path = Path(path)
    text = report_html(result, ensemble)
    with atomic_output(path, "report") as temporary:
        temporary.write_text(text, encoding="utf-8")
    return path


def report_html(result: AnnualResult, ensemble: Optional[EnsembleResult] = None) -> str:
    """The report as one HTML string."""
    first, last = int(result.years[0]), int(result.years[-1])
    inputs = "".join(f"<li>{html.escape(Path(p).name)}</li>" for p in result.inputs)
    trends = (
        "".join(f"<li>{html.escape(t.text)}</li>" for t in result.regional_trends)
        or "<li>No regional trend (fewer than 5 years with a value).</li>"
    )
    notes = "".join(f"<li>{html.escape(w)}</li>" for w in result.warnings)
    alarm = "".join(
        f"<p style='background:#f8d7da;border:1px solid #c33;padding:0.5em'>"
        f"<b>{html.escape(w)}</b></p>"
        for w in result.warnings
        if w.startswith(IMPLAUSIBLE)
    )
    interval = (
        "95 % interval: each total times the bootstrap ratio quantiles "
        f"{result.ratio_ci95[0]:.4g} and {result.ratio_ci95[1]:.4g} "
        "(SANDFLUX_TOTAL_RATIO_CI95)."
        if result.ratio_ci95 is not None
        else "No 95 % interval: the flux rasters carry no bootstrap ratio."
    )
    if ensemble is not None:
        interval = (
            f"95 % interval: 2.5 and 97.5 % quantiles of the regional totals of "
            f"{ensemble.members} bootstrap parameter sets, each run through the hourly "
            "flux and summed over the region member by member (see below)."
        )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>SandFlux annual sequestration {first}–{last}</title>
<style>
body {{ font-family: sans-serif; max-width: 70em; margin: 2em auto; color: #222; }}
table {{ border-collapse: collapse; font-size: 0.85em; }}
td, th {{ border: 1px solid #bbb; padding: 0.2em 0.5em; text-align: right; }}
th {{ background: #eee; }}
img {{ max-width: 100%; }}
</style></head><body>
<h1>Annual carbon sequestration of shifting sand, {first}–{last}</h1>
{alarm}
<p>Mean over the years with a value: sequestration
<b>{_fmt(result.mean_sequestration_g_c_m2_yr)} g C m⁻² yr⁻¹</b>, regional total net flux
<b>{_fmt(result.mean_total_net_flux_t_co2_yr)} t CO₂ yr⁻¹</b>
(net flux: {html.escape(SIGN_CONVENTION)}; sequestration: positive = uptake).</p>
<h2>Annual totals</h2>
{_table_html(result)}
<p>Annual net flux per cell = mean of the valid hours × hours of the year × 3600 s; a cell-year
with fewer than {result.min_coverage:.0%} of the year's hours valid is NoData. Totals use the
true cell areas on the WGS84 ellipsoid. {html.escape(interval)}</p>
{_ensemble_html(ensemble) if ensemble is not None else ""}
<h2>Trend across years</h2>
<ul>{trends}</ul>
<figure><img alt="Annual totals" src="data:image/png;base64,{_totals_png(result)}">
<figcaption>Regional total net CO₂ flux per year (negative = uptake) with its 95 % interval
and the Theil–Sen line when there are enough years.</figcaption></figure>
<figure><img alt="Map" src="data:image/png;base64,{_map_png(result)}">
<figcaption>Mean annual sequestration per cell, g C m⁻² yr⁻¹ (positive = uptake).</figcaption>
</figure>
<h2>Inputs</h2>
<ul>{inputs}</ul>
{f"<h2>Notes</h2><ul>{notes}</ul>" if notes else ""}
<p><small>{SOFTWARE_NAME} {html.escape(__version__)}; model
{html.escape(result.metadata.get(keys.MODEL, "unknown"))}, calibration
{html.escape(result.metadata.get(keys.CALIBRATION_HASH, "unknown"))}.</small></p>
</body></html>
"""


def _fmt(value, digits=4) -> str:
    return "–" if value is None or not math.isfinite(value) else f"{value:.{digits}g}"


def _table_html(result: AnnualResult) -> str:
    has_interval = any(math.isfinite(row["total_net_flux_t_co2_ci95_low"]) for row in result.rows)
    columns = [c for c in TABLE_COLUMNS if not (c.endswith(("_low", "_high")) and not has_interval)]
    head = "".join(f"<th>{html.escape(_COLUMN_TITLES[c])}</th>" for c in columns)
    body = []
    for row in result.rows:
        cells = []
        for column in columns:
            value = row[column]
            if isinstance(value, (int, np.integer)):
                cells.append(f"<td>{int(value)}</td>")
            elif column == "coverage":
                cells.append(f"<td>{value:.3f}</td>")
            else:
                cells.append(f"<td>{_fmt(value, 6)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><tr>{head}</tr>{''.join(body)}</table>"


def _figure():
    # heavy (~0.4 s): matplotlib is imported when a report is drawn, not at plugin start.
    # Figure without pyplot renders PNG with Agg and leaves the application's backend alone.
    from matplotlib.figure import Figure

    return Figure(figsize=(8, 4), dpi=100)


def _png(figure) -> str:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", bbox_inches="tight")
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _totals_png(result: AnnualResult) -> str:
    figure = _figure()
    axes = figure.add_subplot(111)
    years = np.array([row["year"] for row in result.rows], dtype=float)
    totals = np.array([row["total_net_flux_t_co2"] for row in result.rows], dtype=float)
    low = np.array([row["total_net_flux_t_co2_ci95_low"] for row in result.rows], dtype=float)
    high = np.array([row["total_net_flux_t_co2_ci95_high"] for row in result.rows], dtype=float)
    ok = np.isfinite(totals)
    if ok.any():
        errors = None
        if np.isfinite(low[ok]).all() and np.isfinite(high[ok]).all():
            errors = np.vstack([totals - low, high - totals])[:, ok]
        axes.errorbar(
            years[ok],
            totals[ok],
            yerr=errors,
            fmt="o-",
            capsize=4,
            label="annual total (95 % interval)" if errors is not None else "annual total",
        )
        for trend in result.regional_trends:
            if trend.quantity == "Regional total net flux":
                axes.plot(
                    years,
                    float(trend.sen.intercept) + float(trend.sen.slope) * years,
                    "--",
                    label=f"Theil–Sen {float(trend.sen.slope):.4g} t CO₂ yr⁻²",
                )
        axes.legend()
    else:
        axes.text(
            0.5,
            0.5,
            "No year reaches the coverage threshold",
            ha="center",
            transform=axes.transAxes,
        )
    axes.axhline(0.0, color="0.6", linewidth=0.8)
    axes.set_xlabel("year")
    axes.set_ylabel("net CO₂ flux (t CO₂ yr⁻¹), negative = uptake")
    axes.xaxis.get_major_locator().set_params(integer=True)
    return _png(figure)


def _map_png(result: AnnualResult) -> str:
    figure = _figure()
    axes = figure.add_subplot(111)
    values = result.mean_sequestration_map_g_c_m2_yr
    west, south, east, north = result.grid.bounds
    if np.isfinite(values).any():
        limit = float(np.nanmax(np.abs(values))) or 1.0
        image = axes.imshow(
            np.ma.masked_invalid(values),
            extent=(west, east, south, north),
            origin="upper",
            cmap="RdYlGn",
            vmin=-limit,
            vmax=limit,
            interpolation="nearest",
        )
        figure.colorbar(image, ax=axes, label="sequestration (g C m⁻² yr⁻¹)")
    else:
        axes.text(
            0.5,
            0.5,
            "No cell reaches the coverage threshold",
            ha="center",
            transform=axes.transAxes,
        )
    axes.set_xlabel("longitude (°E)")
    axes.set_ylabel("latitude (°N)")
    axes.set_aspect(1.0 / max(math.cos(math.radians((south + north) / 2.0)), 0.05))
    return _png(figure)


def _ensemble_html(ensemble: EnsembleResult) -> str:
    """The ensemble against the ratio method: a table a year and a plot of both intervals."""
    rows = comparison_rows(ensemble)
    body = "".join(
        f"<tr><td>{row['year']}</td><td>{_fmt(row['total'], 6)}</td>"
        f"<td>{_fmt(row['ensemble_low'], 6)}</td><td>{_fmt(row['ensemble_median'], 6)}</td>"
        f"<td>{_fmt(row['ensemble_high'], 6)}</td><td>{_fmt(row['ratio_low'], 6)}</td>"
        f"<td>{_fmt(row['ratio_high'], 6)}</td>"
        f"<td>{_fmt(relative_width(row['ensemble_low'], row['ensemble_high'], row['total']), 3)}"
        f"</td><td>{_fmt(relative_width(row['ratio_low'], row['ratio_high'], row['total']), 3)}"
        "</td></tr>"
        for row in rows
    )
    return f"""<h2>Uncertainty: ensemble against the ratio method</h2>
<p>{ensemble.members} bootstrap parameter sets of the calibration were run through the hourly
flux of every cell (central set = member 0, the values above). The ensemble interval is the
2.5–97.5 % range of the members' regional totals; the ratio method scales the central total by
the bootstrap ratio of the station-period mean flux (one factor for every cell and year, which
ignores the scheme's nonlinearity in Ts and the soil's uptake scale varying in space).
Per-cell quantiles are in the uncertainty raster (3 bands a year).</p>
<table><tr><th>Year</th><th>Total (t CO₂ yr⁻¹)</th><th>Ensemble 2.5 %</th>
<th>Ensemble 50 %</th><th>Ensemble 97.5 %</th><th>Ratio 2.5 %</th><th>Ratio 97.5 %</th>
<th>Ensemble width / |total|</th><th>Ratio width / |total|</th></tr>{body}</table>
<figure><img alt="Intervals" src="data:image/png;base64,{_intervals_png(rows)}">
<figcaption>Regional total net CO₂ flux per year (negative = uptake) with the ensemble's and the
ratio method's 95 % intervals.</figcaption></figure>
"""


def _intervals_png(rows) -> str:
    figure = _figure()
    axes = figure.add_subplot(111)
    years = np.array([row["year"] for row in rows], dtype=float)
    for offset, (low, high, label) in enumerate(
        (("ensemble_low", "ensemble_high", "ensemble"), ("ratio_low", "ratio_high", "ratio method"))
    ):
        lo = np.array([row[low] for row in rows], dtype=float)
        hi = np.array([row[high] for row in rows], dtype=float)
        ok = np.isfinite(lo) & np.isfinite(hi)
        if ok.any():
            axes.vlines(
                years[ok] + 0.12 * (offset - 0.5),
                lo[ok],
                hi[ok],
                linewidth=4,
                color=("tab:blue", "tab:orange")[offset],
                label=f"95 % {label}",
            )
    totals = np.array([row["total"] for row in rows], dtype=float)
    axes.plot(years, totals, "ko", label="central total")
    axes.axhline(0.0, color="0.6", linewidth=0.8)
    axes.set_xlabel("year")
    axes.set_ylabel("net CO₂ flux (t CO₂ yr⁻¹), negative = uptake")
    axes.xaxis.get_major_locator().set_params(integer=True)
    axes.legend()
    return _png(figure)
