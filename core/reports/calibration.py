"""The calibration report: one self-contained HTML page with embedded PNG plots (matplotlib, Agg).

Sections: the chosen model's equation and parameters with 95 % intervals; observed vs modelled
with the 1:1 line and metrics; the mean diurnal cycle by season; monthly means; residuals
against Ts and theta; the model comparison table; warnings; and, with a forcing file, the
ERA5-to-station soil correction and the ERA5-driven model against the observations year by year.
Fluxes are plotted in 1e-6 g CO2 m-2 s-1 (negative = uptake).
"""

import base64
import html
import io
from pathlib import Path

import numpy as np

from ..infra.constants import G_CO2_PER_UMOL_CO2, SIGN_CONVENTION, ZERO_CELSIUS_K
from ..infra.outputs import atomic_output
from ..infra.version import SOFTWARE_NAME, __version__
from ..model.calibration import diurnal_cycle
from ..model.calibration_file import apply_soil_correction

PLOT_SCALE = 1e-6
PLOT_UNITS = "10⁻⁶ g CO2 m-2 s-1"
SEASONS = (("DJF", (12, 1, 2)), ("MAM", (3, 4, 5)), ("JJA", (6, 7, 8)), ("SON", (9, 10, 11)))


def _pyplot():
    """matplotlib's Figure class: used without pyplot, so it renders with Agg and leaves the
    application's (QGIS's) matplotlib backend alone."""
    # matplotlib is heavy and only the report needs it: imported when a report is built.
    from matplotlib.figure import Figure

    return Figure


def _png(figure) -> str:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=90, bbox_inches="tight")
    return (
        '<img alt="plot" src="data:image/png;base64,'
        + base64.b64encode(buffer.getvalue()).decode("ascii")
        + '"/>'
    )


def _fmt(value, digits=4) -> str:
    if value is None or (isinstance(value, float) and not np.isfinite(value)):
        return "–"
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    return f"{value:.{digits}g}"


def _months(times):
    return np.asarray(times, "datetime64[M]").astype(int) % 12 + 1


def _scatter(figure_class, observed, modelled, metrics_text, title):
    figure = figure_class(figsize=(5.2, 5))
    ax = figure.add_subplot(111)
    x = observed / PLOT_SCALE
    y = modelled / PLOT_SCALE
    if x.size > 5000:
        ax.hexbin(x, y, gridsize=60, mincnt=1, bins="log", cmap="viridis")
    else:
        ax.plot(x, y, ".", ms=2, alpha=0.5)
    low = float(np.nanmin([x.min(), y.min()]))
    high = float(np.nanmax([x.max(), y.max()]))
    ax.plot([low, high], [low, high], "k--", lw=1, label="1:1")
    ax.set_xlabel(f"observed flux ({PLOT_UNITS})")
    ax.set_ylabel(f"modelled flux ({PLOT_UNITS})")
    ax.set_title(title)
    ax.text(
        0.03,
        0.97,
        metrics_text,
        transform=ax.transAxes,
        va="top",
        fontsize=8,
        bbox={"facecolor": "white", "alpha": 0.8},
    )
    ax.legend(loc="lower right")
    return _png(figure)


def _diurnal_by_season(figure_class, times, observed, modelled, hour_offset, clock_label):

    figure = figure_class(figsize=(10, 6.5))
    months = _months(times)
    for i, (name, members) in enumerate(SEASONS):
        ax = figure.add_subplot(2, 2, i + 1)
        sel = np.isin(months, members)
        if sel.sum():
            hours = np.arange(24) + 0.5
            ax.plot(
                hours,
                diurnal_cycle(times[sel], observed[sel], hour_offset) / PLOT_SCALE,
                "o-",
                ms=3,
                label="observed",
            )
            ax.plot(
                hours,
                diurnal_cycle(times[sel], modelled[sel], hour_offset) / PLOT_SCALE,
                "-",
                label="modelled",
            )
        ax.axhline(0, color="grey", lw=0.5)
        ax.set_title(f"{name} (n = {int(sel.sum())} h)")
        ax.set_xlim(0, 24)
        ax.set_xlabel(f"hour ({clock_label})")
        ax.set_ylabel(PLOT_UNITS)
        if i == 0:
            ax.legend(fontsize=8)
    figure.tight_layout()
    return _png(figure)


def _monthly(figure_class, times, observed, modelled, extra=None):
    months = np.asarray(times, "datetime64[M]")
    unique = np.unique(months)
    figure = figure_class(figsize=(10, 3.6))
    ax = figure.add_subplot(111)
    x = unique.astype("datetime64[D]").astype("O")
    for values, label, style in ((observed, "observed", "o-"), (modelled, "modelled", "s-")) + (
        tuple(extra) if extra else ()
    ):
        means = [
            np.nanmean(values[months == m]) if np.isfinite(values[months == m]).any() else np.nan
            for m in unique
        ]
        ax.plot(x, np.asarray(means) / PLOT_SCALE, style, ms=3, label=label)
    ax.axhline(0, color="grey", lw=0.5)
    ax.set_ylabel(f"monthly mean ({PLOT_UNITS})")
    ax.legend(fontsize=8)
    figure.autofmt_xdate()
    return _png(figure)


def _residuals(figure_class, ts, theta, residual):
    figure = figure_class(figsize=(10, 3.8))
    for i, (x, label) in enumerate(
        ((ts - ZERO_CELSIUS_K, "soil temperature Ts (°C)"), (theta, "soil moisture θ (m3 m-3)"))
    ):
        ax = figure.add_subplot(1, 2, i + 1)
        ax.plot(x, residual / PLOT_SCALE, ".", ms=1.5, alpha=0.3)
        edges = np.unique(np.quantile(x, np.linspace(0, 1, 16)))
        if edges.size > 2:
            which = np.clip(np.digitize(x, edges) - 1, 0, edges.size - 2)
            centres = [x[which == k].mean() for k in range(edges.size - 1) if (which == k).any()]
            means = [
                residual[which == k].mean() / PLOT_SCALE
                for k in range(edges.size - 1)
                if (which == k).any()
            ]
            ax.plot(centres, means, "r-o", ms=3, label="binned mean")
            ax.legend(fontsize=8)
        ax.axhline(0, color="k", lw=0.8)
        ax.set_xlabel(label)
        ax.set_ylabel(f"model − observed ({PLOT_UNITS})")
    figure.tight_layout()
    return _png(figure)


def _soil_correction_plot(figure_class, soil, correction):

    figure = figure_class(figsize=(10, 4))
    for i, (era5, station, label, unit) in enumerate(
        (
            (soil["era5_ts"], soil["station_ts"], "soil temperature", "K"),
            (soil["era5_theta"], soil["station_theta"], "soil moisture", "m3 m-3"),
        )
    ):
        ax = figure.add_subplot(1, 2, i + 1)
        ok = np.isfinite(era5) & np.isfinite(station)
        ax.plot(era5[ok], station[ok], ".", ms=1.5, alpha=0.3, label="hours")
        grid = np.linspace(np.min(era5[ok]), np.max(era5[ok]), 100)
        mapped = apply_soil_correction(correction, grid, grid)[i]
        ax.plot(grid, mapped, "r-", label=f"{correction['method']} correction")
        ax.set_xlabel(f"ERA5 {label} ({unit})")
        ax.set_ylabel(f"station {label} ({unit})")
        ax.legend(fontsize=8)
    figure.tight_layout()
    return _png(figure)


def _era5_by_year(figure_class, era5):
    times = era5["times"]
    ok = era5["valid"]
    days = np.asarray(times, "datetime64[D]")
    years = np.asarray(times, "datetime64[Y]").astype(int) + 1970
    unique = [y for y in np.unique(years[ok])]
    figure = figure_class(figsize=(10, 2.3 * max(len(unique), 1)))
    for i, year in enumerate(unique):
        ax = figure.add_subplot(len(unique), 1, i + 1)
        sel = ok & (years == year)
        day_values = np.unique(days[sel])
        obs = [era5["observed"][sel & (days == d)].mean() / PLOT_SCALE for d in day_values]
        mod = [era5["modelled"][sel & (days == d)].mean() / PLOT_SCALE for d in day_values]
        x = day_values.astype("O")
        ax.plot(x, obs, ".", ms=3, label="observed (daily mean)")
        ax.plot(x, mod, "-", lw=1, label="ERA5-driven model (daily mean)")
        ax.axhline(0, color="grey", lw=0.5)
        ax.set_title(str(year), fontsize=9)
        ax.set_ylabel(PLOT_UNITS, fontsize=8)
        if i == 0:
            ax.legend(fontsize=8)
    figure.tight_layout()
    return _png(figure)


def _table(header, rows) -> str:
    head = "".join(f"<th>{html.escape(str(h))}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


def build_report(result) -> str:
    """The report HTML of a core.model.calibration.CalibrationResult."""
    figure_class = _pyplot()
    calibration = result.calibration
    fit = result.fit
    data = result.data
    station = result.station
    model = fit.model
    esc = html.escape
    parts = [
        "<!DOCTYPE html><html><head><meta charset='utf-8'>",
        f"<title>{SOFTWARE_NAME} calibration — {esc(model.title)}</title>",
        "<style>body{font-family:sans-serif;max-width:1100px;margin:1em auto;}"
        "table{border-collapse:collapse;margin:0.5em 0;}td,th{border:1px solid #bbb;"
        "padding:3px 8px;text-align:right;}th{background:#eee;}img{max-width:100%;}"
        ".warn{background:#fff3cd;padding:0.5em;border:1px solid #e0c060;}</style></head><body>",
        f"<h1>{SOFTWARE_NAME} calibration: {esc(model.title)}</h1>",
        # The warnings first (fit quality before the parameters): they say whether to use them.
        (
            "<div class='warn'><b>Warnings and notes</b><ul>"
            + "".join(f"<li>{esc(w)}</li>" for w in result.warnings)
            + "</ul></div>"
            if result.warnings
            else ""
        ),
        f"<p>Station file <b>{esc(str(calibration.station.get('file')))}</b> "
        f"({esc(str(station.format))}, "
        f"sha256 {esc(str(calibration.station.get('sha256'))[:16])}…), "
        f"clock UTC{station.utc_offset_hours:+g}, "
        f"period {esc(calibration.period.get('start', ''))} "
        f"to {esc(calibration.period.get('end', ''))}, {fit.n} complete hours. "
        f"Station at {calibration.station.get('longitude')} E, "
        f"{calibration.station.get('latitude')} N.</p>",
        f"<p>Flux units: g CO2 m-2 s-1; sign: {esc(SIGN_CONVENTION)}. "
        f"1 µmol CO2 m-2 s-1 = {G_CO2_PER_UMOL_CO2:g} g CO2 m-2 s-1.</p>",
    ]
    parts.append(f"<h2>Model</h2><p><code>{esc(model.equation)}</code></p>")
    rows = []
    for p in model.parameters:
        interval = calibration.intervals.get(p.name)
        rows.append(
            [
                esc(p.name),
                _fmt(calibration.parameters[p.name]),
                f"{_fmt(interval[0])} … {_fmt(interval[1])}" if interval else "–",
                esc(p.units),
                f"{_fmt(p.lower)} … {_fmt(p.upper)}",
                f"<span style='text-align:left'>{esc(p.description)}</span>",
            ]
        )
    parts.append(
        _table(
            ["parameter", "value", "95 % interval (bootstrap)", "units", "bounds", "meaning"], rows
        )
    )
    m = calibration.metrics
    resamples = int(m.get("bootstrap_resamples") or 0)
    parts.append(
        f"<p>Fit: {esc(fit.loss)} loss; RMSE {_fmt(fit.rmse)} g CO2 m-2 s-1, R² {_fmt(fit.r2)}, "
        f"bias {_fmt(fit.bias)}, N {fit.n}, AIC {_fmt(fit.aic, 8)}, leave-one-year-out CV RMSE "
        f"{_fmt(fit.cv_rmse)}. Intervals: block bootstrap by station day, {resamples} resamples, "
        f"2.5/97.5 % percentiles. Station-period mean modelled flux m0 = "
        f"{_fmt(m.get('station_mean_flux_g_co2_m2_s'))} g CO2 m-2 s-1.</p>"
    )

    text = (
        f"R² = {fit.r2:.3f}\nRMSE = {fit.rmse / PLOT_SCALE:.3g} ({PLOT_UNITS})\n"
        f"CV RMSE = {fit.cv_rmse / PLOT_SCALE:.3g}\nbias = {fit.bias / PLOT_SCALE:.3g}\n"
        f"N = {fit.n}"
    )
    parts.append("<h2>Observed vs modelled (hourly)</h2>")
    parts.append(_scatter(figure_class, data.flux_g_co2_m2_s, fit.predicted, text, model.title))
    offset = station.utc_offset_hours
    parts.append(f"<h2>Mean diurnal cycle by season (station clock, UTC{offset:+g})</h2>")
    parts.append(
        _diurnal_by_season(
            figure_class,
            data.times_utc,
            data.flux_g_co2_m2_s,
            fit.predicted,
            offset,
            f"UTC{offset:+g}",
        )
    )
    parts.append("<h2>Monthly means</h2>")
    parts.append(_monthly(figure_class, data.times_utc, data.flux_g_co2_m2_s, fit.predicted))
    parts.append("<h2>Residuals against the drivers</h2>")
    parts.append(
        _residuals(
            figure_class,
            data.soil_temperature_k,
            data.soil_moisture_m3_m3,
            fit.predicted - data.flux_g_co2_m2_s,
        )
    )

    parts.append("<h2>Model comparison</h2>")
    rows = []
    for name, other in result.fits.items():
        marker = " (chosen)" if name == result.chosen else ""
        rows.append(
            [
                esc(other.model.title + marker),
                str(other.k),
                _fmt(other.rmse),
                _fmt(other.cv_rmse),
                _fmt(other.r2),
                _fmt(other.bias),
                _fmt(other.aic, 8),
            ]
        )
    parts.append(_table(["model", "k", "RMSE", "CV RMSE", "R²", "bias", "AIC"], rows))
    parts.append(
        "<p>RMSE, CV RMSE and bias in g CO2 m-2 s-1. With MODEL=auto the lowest CV "
        "RMSE is chosen.</p>"
    )

    if result.era5 is not None:
        era5 = result.era5
        correction = calibration.soil_correction
        cell = calibration.station.get("forcing_cell", {})
        parts.append(
            f"<h2>ERA5 at the station's cell ({_fmt(cell.get('longitude'))} E, "
            f"{_fmt(cell.get('latitude'))} N)</h2>"
        )
        rows = []
        for name in ("temperature", "moisture"):
            spec = correction[name]
            rows.append(
                [
                    name,
                    correction["method"],
                    _fmt(spec.get("slope")) if "slope" in spec else "quantiles",
                    _fmt(spec.get("intercept")) if "intercept" in spec else "–",
                    str(spec["n"]),
                    _fmt(spec["rmse"]),
                    _fmt(spec["r2"]),
                ]
            )
        parts.append(_table(["variable", "method", "slope", "intercept", "N", "RMSE", "R²"], rows))
        parts.append(
            f"<p>Mean diurnal cycle: station Ts lags ERA5 stl1 by "
            f"{era5.get('soil_temperature_lag_hours', 0):+d} h; observed flux lags the "
            f"ERA5-driven flux by {era5['flux_lag_hours']:+d} h (0 expected when the "
            "station clock is right).</p>"
        )
        parts.append(_soil_correction_plot(figure_class, result.era5_soil, correction))
        parts.append("<h3>ERA5-driven model vs observations, year by year</h3>")
        rows = [
            [
                str(y["year"]),
                str(y["n"]),
                _fmt(y["rmse"]),
                _fmt(y["r2"]),
                _fmt(y["bias"]),
                _fmt(y["observed_mean"]),
                _fmt(y["modelled_mean"]),
            ]
            for y in era5["per_year"]
        ]
        if era5["overall"] is not None:
            o = era5["overall"]
            rows.append(
                ["all", str(o["n"]), _fmt(o["rmse"]), _fmt(o["r2"]), _fmt(o["bias"]), "", ""]
            )
        parts.append(
            _table(["year", "N", "RMSE", "R²", "bias", "observed mean", "modelled mean"], rows)
        )
        if era5["valid"].any():
            parts.append(_era5_by_year(figure_class, era5))

    parts.append(
        f"<p style='color:#666'>{SOFTWARE_NAME} {esc(__version__)}, created "
        f"{esc(calibration.created)}, calibration hash {calibration.hash()}.</p>"
    )
    parts.append("</body></html>")
    return "\n".join(parts)


def write_report(result, path) -> Path:
    """Write the report HTML atomically."""
    path = Path(path)
    text = build_report(result)
    with atomic_output(path, "calibration report") as temporary:
        temporary.write_text(text, encoding="utf-8")
    return path
