"""The calibration file: what the calibration tool writes and the flux tool applies.

A plain JSON document (data only: no pickle, no eval) with a schema name and version:

    {
      "schema": "sandflux-calibration", "schema_version": 1,
      "model": {"name": "desert", "equation": "...",
                "parameters": {"k_pump": {"value": .., "ci95": [lo, hi], "units": ".."}, ...},
                "bootstrap": {"parameters": [[...], ...],          # sets in parameter order
                               "station_mean_flux_g_co2_m2_s": [...]}},  # or null
      "flux_units": "g CO2 m-2 s-1", "sign_convention": "...",
      "station": {"file": .., "sha256": .., "longitude": .., "latitude": ..,
                  "soc": .., "ph": .., "utc_offset_hours": ..},
      "period": {"start": "2004-01-01T00:00:00Z", "end": ...},
      "metrics": {"r2": .., "rmse": .., "n": .., "cv_rmse": .., "aic": ..},
      "soil_correction": null | {"method": "linear", "temperature": {"slope":, "intercept":},
                                  "moisture": {...}}
                         | {"method": "quantile", "temperature": {"era5": [..], "station": [..]},
                            "moisture": {...}},
      "software": {"name": "SandFlux", "version": ".."}, "created": ".."
    }
"""

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional

import numpy as np

from ..infra.constants import FLUX_UNITS, SIGN_CONVENTION
from ..infra.errors import CalibrationError
from ..infra.outputs import atomic_output
from ..infra.version import SOFTWARE_NAME, __version__
from .models import FluxModel, get_model

SCHEMA = "sandflux-calibration"
SCHEMA_VERSION = 1


@dataclass
class Calibration:
    """A fitted flux model with its station, metrics and ERA5-to-station soil correction."""

    model_name: str
    parameters: Dict[str, float]
    intervals: Dict[str, List[float]] = field(default_factory=dict)
    bootstrap_parameters: Optional[List[List[float]]] = None
    bootstrap_station_mean_flux: Optional[List[float]] = None
    station: Dict[str, Any] = field(default_factory=dict)
    period: Dict[str, str] = field(default_factory=dict)
    metrics: Dict[str, float] = field(default_factory=dict)
    soil_correction: Optional[Dict[str, Any]] = None
    software_version: str = __version__
    created: str = ""

    @property
    def model(self) -> FluxModel:
        return get_model(self.model_name)

    @property
    def station_soc(self) -> Optional[float]:
        return self.station.get("soc")

    @property
    def station_ph(self) -> Optional[float]:
        return self.station.get("ph")

    def flux(
        self, soil_temperature_k, soil_moisture_m3_m3, temperature_tendency_k_h, uptake_scale=1.0
    ):
        """Net CO2 flux (g CO2 m-2 s-1, negative = uptake) with the fitted parameters."""
        return self.model.evaluate(
            self.parameters,
            soil_temperature_k,
            soil_moisture_m3_m3,
            temperature_tendency_k_h,
            uptake_scale,
        )

    def correct_soil(self, soil_temperature_k, soil_moisture_m3_m3):
        """ERA5 soil temperature/moisture mapped to the station's (identity when none fitted)."""
        return apply_soil_correction(self.soil_correction, soil_temperature_k, soil_moisture_m3_m3)

    def to_dict(self) -> Dict[str, Any]:
        model = self.model
        parameters = {}
        for p in model.parameters:
            entry = {
                "value": float(self.parameters[p.name]),
                "units": p.units,
                "description": p.description,
            }
            if p.name in self.intervals:
                entry["ci95"] = [float(v) for v in self.intervals[p.name]]
            parameters[p.name] = entry
        bootstrap = None
        if self.bootstrap_parameters is not None:
            bootstrap = {
                "parameters": [[float(v) for v in row] for row in self.bootstrap_parameters],
                "station_mean_flux_g_co2_m2_s": None
                if self.bootstrap_station_mean_flux is None
                else [float(v) for v in self.bootstrap_station_mean_flux],
            }
        return {
            "schema": SCHEMA,
            "schema_version": SCHEMA_VERSION,
            "model": {
                "name": model.name,
                "title": model.title,
                "equation": model.equation,
                "parameter_order": list(model.parameter_names),
                "parameters": parameters,
                "bootstrap": bootstrap,
            },
            "flux_units": FLUX_UNITS,
            "sign_convention": SIGN_CONVENTION,
            "station": self.station,
            "period": self.period,
            "metrics": self.metrics,
            "soil_correction": self.soil_correction,
            "software": {"name": SOFTWARE_NAME, "version": self.software_version},
            "created": self.created,
        }

    def hash(self) -> str:
        """A short, stable fingerprint (sha256 of the canonical JSON) recorded in outputs."""
        canonical = json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def save_calibration(calibration: Calibration, path) -> Path:
    """Write the calibration JSON atomically."""
    path = Path(path)
    text = json.dumps(calibration.to_dict(), indent=2, allow_nan=False)
    with atomic_output(path, "calibration file") as temporary:
        temporary.write_text(text + "\n", encoding="utf-8")
    return path


def load_calibration(path) -> Calibration:
    """Read and validate a calibration JSON; unknown schema, version or model is a clear error."""
    path = Path(path)
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CalibrationError(
            f"The calibration file {path} does not exist. Run 'Calibrate from station CSV' first."
        ) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise CalibrationError(
            f"The calibration file {path} is not readable JSON ({error}). "
            "Choose a file written by 'Calibrate from station CSV'."
        ) from None
    if not isinstance(document, dict) or document.get("schema") != SCHEMA:
        raise CalibrationError(
            f"{path} is not a SandFlux calibration file (schema "
            f"'{document.get('schema') if isinstance(document, dict) else type(document).__name__}'"
            f", expected '{SCHEMA}'). Choose a file written by 'Calibrate from station CSV'."
        )
    if document.get("schema_version") != SCHEMA_VERSION:
        raise CalibrationError(
            f"{path} has calibration schema version {document.get('schema_version')!r}; this "
            f"SandFlux ({__version__}) reads version {SCHEMA_VERSION}. Re-run the calibration."
        )
    try:
        model_doc = document["model"]
        model = get_model(model_doc["name"])
        parameters = {
            name: float(model_doc["parameters"][name]["value"]) for name in model.parameter_names
        }
        intervals = {
            name: [float(v) for v in model_doc["parameters"][name]["ci95"]]
            for name in model.parameter_names
            if "ci95" in model_doc["parameters"][name]
        }
        bootstrap = model_doc.get("bootstrap") or {}
        calibration = Calibration(
            model_name=model.name,
            parameters=parameters,
            intervals=intervals,
            bootstrap_parameters=bootstrap.get("parameters"),
            bootstrap_station_mean_flux=bootstrap.get("station_mean_flux_g_co2_m2_s"),
            station=dict(document.get("station") or {}),
            period=dict(document.get("period") or {}),
            metrics=dict(document.get("metrics") or {}),
            soil_correction=document.get("soil_correction"),
            software_version=str((document.get("software") or {}).get("version", "")),
            created=str(document.get("created", "")),
        )
    except CalibrationError as error:
        raise CalibrationError(f"{path}: {error}") from None
    except (KeyError, TypeError, ValueError) as error:
        raise CalibrationError(
            f"The calibration file {path} is incomplete or damaged (at {error!s}). "
            "Re-run 'Calibrate from station CSV' to write a new one."
        ) from None
    check_parameters(path, calibration.model, calibration.parameters)
    _check_soil_correction(path, calibration.soil_correction)
    return calibration


def check_parameters(path, model: FluxModel, parameters: Dict[str, float]) -> None:
    """CalibrationError unless every parameter is finite and inside its model's bounds.

    A calibration edited by hand (Q10 = -2, U_ref 500 x its bound) would otherwise give a
    raster of NoData or of impossible fluxes without a word.
    """
    for spec in model.parameters:
        value = parameters[spec.name]
        if not np.isfinite(value) or not spec.lower <= value <= spec.upper:
            raise CalibrationError(
                f"The calibration file {path}: parameter '{spec.name}' of the {model.title} is "
                f"{value!r}, outside its bounds {spec.lower:g}..{spec.upper:g} ({spec.units}). "
                "The calibration never writes such a value: the file was edited or damaged. "
                "Re-run 'Calibrate from station CSV' (or restore the value)."
            )


def _check_soil_correction(path, correction) -> None:
    if correction is None:
        return
    method = correction.get("method") if isinstance(correction, dict) else None
    if method not in ("linear", "quantile"):
        raise CalibrationError(
            f"{path}: unknown soil correction method {method!r} "
            "(expected 'linear' or 'quantile'). Re-run the calibration."
        )


def apply_soil_correction(correction, soil_temperature_k, soil_moisture_m3_m3):
    """Map ERA5 soil values to the station's: linear y = intercept + slope*x, or quantile mapping.

    Quantile mapping interpolates linearly between the stored ERA5 and station quantiles and
    holds the end values beyond them. Moisture is kept >= 0. With no correction: unchanged.
    """
    if correction is None:
        return soil_temperature_k, soil_moisture_m3_m3
    method = correction["method"]

    def mapped(values, spec):
        if spec is None:
            return values
        if method == "linear":
            return spec["intercept"] + spec["slope"] * values
        return np.interp(
            values, np.asarray(spec["era5"], "float64"), np.asarray(spec["station"], "float64")
        )

    temperature = mapped(soil_temperature_k, correction.get("temperature"))
    moisture = mapped(soil_moisture_m3_m3, correction.get("moisture"))
    return temperature, np.maximum(moisture, 0.0)
