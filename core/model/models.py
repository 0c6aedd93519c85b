"""The empirical CO2 flux schemes of shifting sand, as vectorised pure functions.

Every model returns the net CO2 flux in g CO2 m-2 s-1, **negative = uptake** by the surface
(atmospheric convention). Inputs are arrays that broadcast together (numpy, xarray or dask):

- ``soil_temperature_k``   Ts, top-layer soil temperature (K), ERA5 ``stl1``;
- ``soil_moisture_m3_m3``  theta, volumetric soil water (m3 m-3), ERA5 ``swvl1``;
- ``temperature_tendency_k_h``  dTs/dt (K h-1), see :func:`temperature_tendency_k_h`;
- ``uptake_scale``  s, the soil-chemistry scale of the alkaline uptake (1 at the station),
  see :func:`uptake_scale`. Only the desert scheme uses it.

Parameters are given as a sequence in the model's parameter order (or a name -> value mapping).
"""

from dataclasses import dataclass
from typing import Callable, Dict, Mapping, Sequence, Tuple, Union

import numpy as np

from ..infra.errors import CalibrationError

FLUX = "g CO2 m-2 s-1"

# Reference temperatures (K).
DESERT_T_REF_K = 288.15  # 15 degC: near the Taklimakan's mean surface soil temperature
LLOYD_TAYLOR_T_REF_K = 283.15  # Lloyd & Taylor (1994)
LLOYD_TAYLOR_T0_K = 227.13  # Lloyd & Taylor (1994)

# Exponents of the soil-chemistry scale of the alkaline uptake (fixed, not fitted: one station
# cannot identify them). s = (SOC_station / SOC)^a * (pH / pH_station)^b.
UPTAKE_SOC_EXPONENT = 1.0
UPTAKE_PH_EXPONENT = 1.0


@dataclass(frozen=True)
class Parameter:
    """One fitted coefficient: its name, unit, bounds, starting value and meaning."""

    name: str
    units: str
    lower: float
    upper: float
    initial: float
    description: str


@dataclass(frozen=True)
class FluxModel:
    """A named flux equation with its parameters and a vectorised evaluation."""

    name: str
    title: str
    equation: str
    parameters: Tuple[Parameter, ...]
    function: Callable
    uses_uptake_scale: bool = False
    uses_moisture: bool = True

    @property
    def parameter_names(self) -> Tuple[str, ...]:
        return tuple(p.name for p in self.parameters)

    def parameter_vector(self, values: Union[Sequence[float], Mapping[str, float]]) -> np.ndarray:
        """The parameters as a float64 vector in this model's order."""
        if isinstance(values, Mapping):
            missing = [name for name in self.parameter_names if name not in values]
            if missing:
                raise CalibrationError(
                    f"The {self.title} needs the parameter(s) {', '.join(missing)}; "
                    "re-run the calibration to get a complete parameter set."
                )
            values = [values[name] for name in self.parameter_names]
        vector = np.asarray(values, dtype="float64")
        if vector.shape != (len(self.parameters),):
            raise CalibrationError(
                f"The {self.title} has {len(self.parameters)} parameters "
                f"({', '.join(self.parameter_names)}), "
                f"got {vector.shape[0] if vector.ndim else 1}."
            )
        return vector

    def evaluate(
        self,
        parameters,
        soil_temperature_k,
        soil_moisture_m3_m3,
        temperature_tendency_k_h,
        uptake_scale=1.0,
    ):
        """Net CO2 flux (g CO2 m-2 s-1, negative = uptake) for the given drivers."""
        p = self.parameter_vector(parameters)
        return self.function(
            p, soil_temperature_k, soil_moisture_m3_m3, temperature_tendency_k_h, uptake_scale
        )


def _desert(p, ts, theta, dts_dt, scale):
    k_pump, r_ref, q10, k_pulse, theta_c, u_ref, gamma = p
    pumping = k_pump * dts_dt
    source = r_ref * q10 ** ((ts - DESERT_T_REF_K) / 10.0)
    pulse = k_pulse * np.maximum(theta - theta_c, 0.0)
    uptake = u_ref * scale * np.exp(-gamma * (ts - DESERT_T_REF_K))
    return pumping + source + pulse - uptake


def _linear(p, ts, theta, dts_dt, scale):
    f0, a_t, a_theta, a_dt = p
    return f0 + a_t * (ts - DESERT_T_REF_K) + a_theta * theta + a_dt * dts_dt


def _q10(p, ts, theta, dts_dt, scale):
    r_ref, q10, f0 = p
    return r_ref * q10 ** ((ts - DESERT_T_REF_K) / 10.0) + f0


def _lloyd_taylor(p, ts, theta, dts_dt, scale):
    r_ref, e0, f0 = p
    # Below T0 the Arrhenius form is undefined; ERA5 soil never gets there (-46 degC).
    ts_safe = np.maximum(ts, LLOYD_TAYLOR_T0_K + 1.0)
    arrhenius = np.exp(
        e0
        * (1.0 / (LLOYD_TAYLOR_T_REF_K - LLOYD_TAYLOR_T0_K) - 1.0 / (ts_safe - LLOYD_TAYLOR_T0_K))
    )
    return r_ref * arrhenius + f0


DESERT = FluxModel(
    name="desert",
    title="desert shifting-sand scheme",
    equation=(
        "F = k_pump*dTs/dt + R_ref*Q10^((Ts-288.15)/10) + k_pulse*max(theta-theta_c, 0)"
        " - U_ref*s*exp(-gamma*(Ts-288.15))"
    ),
    parameters=(
        Parameter(
            "k_pump",
            f"{FLUX} per K h-1",
            -1e-3,
            1e-3,
            1e-6,
            "thermal pumping: soil air expands on warming (release) and contracts on "
            "cooling (uptake)",
        ),
        Parameter("r_ref", FLUX, 0.0, 1e-3, 2e-6, "temperature-dependent source at 288.15 K"),
        Parameter("q10", "1", 1.0, 5.0, 2.0, "factor by which the source grows for 10 K warming"),
        Parameter(
            "k_pulse",
            f"{FLUX} per m3 m-3",
            0.0,
            1e-1,
            1e-5,
            "rain pulse: release per unit soil moisture above the threshold",
        ),
        Parameter("theta_c", "m3 m-3", 0.0, 0.5, 0.05, "soil-moisture threshold of the rain pulse"),
        Parameter(
            "u_ref",
            FLUX,
            0.0,
            1e-3,
            2e-6,
            "alkaline (chemical) uptake at 288.15 K and station soil (s = 1)",
        ),
        Parameter(
            "gamma",
            "K-1",
            0.0,
            0.3,
            0.03,
            "how much stronger the uptake gets per kelvin of cooling",
        ),
    ),
    function=_desert,
    uses_uptake_scale=True,
)

LINEAR = FluxModel(
    name="linear",
    title="linear model",
    equation="F = f0 + a_T*(Ts-288.15) + a_theta*theta + a_dT*dTs/dt",
    parameters=(
        Parameter("f0", FLUX, -1e-3, 1e-3, 0.0, "flux at 288.15 K, dry and steady soil"),
        Parameter("a_t", f"{FLUX} per K", -1e-3, 1e-3, 0.0, "temperature slope"),
        Parameter("a_theta", f"{FLUX} per m3 m-3", -1e-1, 1e-1, 0.0, "moisture slope"),
        Parameter("a_dt", f"{FLUX} per K h-1", -1e-3, 1e-3, 0.0, "temperature-tendency slope"),
    ),
    function=_linear,
)

Q10 = FluxModel(
    name="q10",
    title="Q10 model",
    equation="F = R_ref*Q10^((Ts-288.15)/10) + f0",
    parameters=(
        Parameter("r_ref", FLUX, 0.0, 1e-3, 2e-6, "source at 288.15 K"),
        Parameter("q10", "1", 1.0, 5.0, 2.0, "factor by which the source grows for 10 K warming"),
        Parameter("f0", FLUX, -1e-3, 1e-3, 0.0, "constant offset (negative = steady uptake)"),
    ),
    function=_q10,
    uses_moisture=False,
)

LLOYD_TAYLOR = FluxModel(
    name="lloyd_taylor",
    title="Lloyd-Taylor model",
    equation="F = R_ref*exp(E0*(1/(283.15-227.13) - 1/(Ts-227.13))) + f0",
    parameters=(
        Parameter("r_ref", FLUX, 0.0, 1e-3, 2e-6, "source at 283.15 K"),
        Parameter("e0", "K", 0.0, 1000.0, 300.0, "activation-energy parameter"),
        Parameter("f0", FLUX, -1e-3, 1e-3, 0.0, "constant offset (negative = steady uptake)"),
    ),
    function=_lloyd_taylor,
    uses_moisture=False,
)

MODELS: Dict[str, FluxModel] = {m.name: m for m in (DESERT, LINEAR, Q10, LLOYD_TAYLOR)}


def get_model(name: str) -> FluxModel:
    """The model called ``name``; a clear error for an unknown one."""
    try:
        return MODELS[name]
    except KeyError:
        raise CalibrationError(
            f"Unknown flux model '{name}'. SandFlux knows: {', '.join(MODELS)}."
        ) from None


def uptake_scale(
    soc,
    ph,
    station_soc,
    station_ph,
    soc_exponent=UPTAKE_SOC_EXPONENT,
    ph_exponent=UPTAKE_PH_EXPONENT,
):
    """Soil-chemistry scale of the alkaline uptake: s = (SOC_st/SOC)^a * (pH/pH_st)^b.

    Low organic carbon and high pH strengthen the uptake; s = 1 at the station's soil.
    SOC in any unit (the same as the station's), pH dimensionless.
    """
    return (station_soc / soc) ** soc_exponent * (ph / station_ph) ** ph_exponent


def temperature_tendency_k_h(
    soil_temperature_k, hours, previous_temperature_k=None, previous_hour=None, axis=0
):
    """dTs/dt (K h-1) along the time axis, by backward difference over the actual time step.

    dTs/dt(t_i) = (Ts(t_i) - Ts(t_{i-1})) / (t_i - t_{i-1}), with t in hours. For the first
    step the hour before it is used when given (``previous_*``: the last hour of the previous
    chunk or year); without it, the very first step takes the forward difference
    (Ts(t_1) - Ts(t_0)) / (t_1 - t_0), and a single step with no neighbour gets 0.
    """
    ts = np.asarray(soil_temperature_k, dtype="float64")
    if axis != 0:
        ts = np.moveaxis(ts, axis, 0)
    hours = np.asarray(hours, dtype="float64")
    out = np.empty_like(ts)
    if ts.shape[0] > 1:  # in place: this runs for every piece of every flux chunk
        step = np.diff(hours).reshape((-1,) + (1,) * (ts.ndim - 1))
        np.subtract(ts[1:], ts[:-1], out=out[1:])
        np.divide(out[1:], step, out=out[1:])
    if previous_temperature_k is not None:
        out[0] = (ts[0] - np.asarray(previous_temperature_k, dtype="float64")) / (
            hours[0] - float(previous_hour)
        )
    elif ts.shape[0] > 1:
        out[0] = out[1]
    else:
        out[0] = 0.0
    return out if axis == 0 else np.moveaxis(out, 0, axis)
