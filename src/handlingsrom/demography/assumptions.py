"""Assumptions estimated from the dataset, each replaceable by a time-dated parameter.

The estimation for a base year ``B`` uses only the population up to 1 January ``B`` and
rates up to ``B - 1``; this is what makes back-tests honest.

Methods (documented in ``docs/population.md``):

- **Mortality**: national m(x) by sex. A Lee–Carter model ``log m(x,t) = a(x) + b(x) k(t)``
  is fitted by SVD over ``mortality_window_years`` years; the future is the jump-off rates
  of ``B - 1`` improved along ``b(x)`` by the drift of ``k`` (a random walk with drift),
  scaled by ``mortality_improvement`` (1 = the trend continues, 0 = no improvement) and
  multiplied by ``mortality_level`` (a local factor; 1 = national).
- **Fertility**: national age pattern of ``B - 1``; local level = national ASFR scaled by
  the ratio of the municipality's estimated births to the births national ASFR would give
  its women, over ``fertility_window_years``. Births are estimated from the age-0
  population on the next 1 January, divided by newborn survival and by
  ``1 + infant_migration_exposure × r1`` where ``r1`` is the net migration rate of the
  cohort aged 0 → 1 in the same year.
- **Migration**: net migrants by age and sex as the cohort residual with national survival
  over ``migration_window_years``, averaged and smoothed over age with a Gaussian kernel
  of ``migration_smoothing_years``; the level (persons per year) scales that profile.
"""

from __future__ import annotations

import weakref
from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import pandas as pd

from handlingsrom.dataset.model import Dataset
from handlingsrom.demography.engine import (
    N_AGES,
    OPEN_AGE,
    ProjectionInputs,
    life_expectancy,
    q_from_m,
)
from handlingsrom.errors import HandlingsromError
from handlingsrom.params import Parameter, ParameterSet, ValuePoint

SEXES: tuple[str, str] = ("female", "male")
NS = "demography"


class Setting(NamedTuple):
    """A method setting of the population engine: one row of :data:`METHOD_DEFAULTS`.

    ``default`` is the value when the dataset does not list the parameter; ``lo`` and ``hi``
    are hard bounds (a value outside them is an error, not a clip).
    """

    default: float
    unit: str
    description: str
    lo: float
    hi: float


# Every method setting of the population engine, declared once: name -> Setting. The
# defaults are the method chosen by the national back-test (docs/population.md); the default
# dataset repeats them in parameters/demography.yaml (tools/build_default/demography.py).
METHOD_DEFAULTS: dict[str, Setting] = {
    "mortality_window_years": Setting(
        20, "years", "years of national m(x) the Lee–Carter fit uses", 2, 60
    ),
    "mortality_improvement": Setting(
        1.0, "factor", "scale of the Lee–Carter drift (0 = none)", -1.0, 3.0
    ),
    "mortality_level": Setting(
        1.0, "factor", "local mortality relative to national m(x)", 0.2, 5.0
    ),
    "fertility_window_years": Setting(
        5, "years", "years used to estimate the local fertility level", 1, 30
    ),
    "tfr_trend_years": Setting(
        5,
        "years",
        "years of national TFR whose least-squares slope is the fertility trend",
        2,
        30,
    ),
    "tfr_trend_horizon_years": Setting(
        5,
        "years",
        "years the national TFR trend is continued after the jump-off year, then held "
        "(0 = the TFR of the jump-off year is held)",
        0,
        50,
    ),
    "migration_model": Setting(
        1,
        "code",
        "0 = net migrants as levels (persons per year × an age profile); 1 = net migration "
        "rates by age and sex on the population at risk; 2 = one net migration rate on the "
        "total population (net migrants = rate × population on 1 January × the age profile); "
        "3 = net out-migration as rates on the local population at risk, net in-migration "
        "tied to the national population",
        0,
        3,
    ),
    "migration_window_years": Setting(
        12,
        "years",
        "years of cohort residuals averaged into the short-run level and profile",
        1,
        50,
    ),
    "migration_long_window_years": Setting(
        12,
        "years",
        "years of cohort residuals averaged into the long-run level the short-run level "
        "converges to (equal to migration_window_years = no damping)",
        1,
        50,
    ),
    "migration_convergence_years": Setting(
        10,
        "years",
        "years over which net migration moves in a straight line from the short-run to the "
        "long-run level",
        1,
        100,
    ),
    "migration_smoothing_years": Setting(
        1.0, "years of age", "sd of the age smoothing kernel", 0.0, 10.0
    ),
    "infant_migration_exposure": Setting(
        0.5,
        "fraction",
        "share of the 0→1 cohort's migration rate that applies to the year's births",
        0.0,
        1.0,
    ),
    "newborn_death_share": Setting(
        0.8,
        "fraction",
        "share of infant mortality q(0) that falls before the first 1 January",
        0.0,
        1.0,
    ),
    "growth_combination_weight": Setting(
        0.5,
        "fraction",
        "weight of the trend growth rate in each year's growth of the total (forecast "
        "combination with constant growth; 0 = the cohort model alone); the difference is net "
        "migration spread with the migration age profile",
        0.0,
        1.0,
    ),
    "growth_trend_window_years": Setting(
        5,
        "years",
        "years of the total population's past growth behind the trend growth rate (of the "
        "municipality for the combination, of the country for migration_model 3)",
        1,
        30,
    ),
    "stoch_migration_sd_scale": Setting(
        2.0,
        "factor",
        "multiplier of stoch_migration_sd (calibrated on back-test interval coverage)",
        0.0,
        20.0,
    ),
    "stoch_demographic_sd_scale": Setting(
        1.25,
        "factor",
        "scale of the demographic (small-count) noise of the stochastic paths: the standard "
        "deviation of each age band's yearly chance variation is this × the one measured "
        "in the cohort residuals of municipalities below 50 000 (0 = none)",
        0.0,
        10.0,
    ),
    "stoch_migration_ar": Setting(
        0.8, "coefficient", "lag-1 autocorrelation of migration deviations", 0.0, 0.999
    ),
    "stoch_tfr_ar": Setting(
        0.95, "coefficient", "lag-1 autocorrelation of log TFR deviations", 0.0, 0.999
    ),
    "stoch_mortality_sd_scale": Setting(
        1.0, "factor", "scale of the Lee–Carter k volatility", 0.0, 10.0
    ),
}

# Levels: estimated from the data unless given (unit, description). A dataset value dated
# after the projection's base year is information from its future and is ignored
# (re-estimated) there; a level whose every value has the source ESTIMATE_SOURCE is the
# engine's own estimate, written for transparency, and is re-estimated with the method
# settings in force (so that changing a window changes the level too).
ESTIMATED: dict[str, tuple[str, str]] = {
    "net_migration": ("persons per year", "net migration level"),
    "tfr": ("children per woman", "local total fertility rate"),
    "sex_ratio_at_birth": ("boys per girl", "sex ratio at birth"),
    "stoch_migration_sd": (
        "persons",
        "stationary sd of the yearly net migration level deviation",
    ),
    "stoch_tfr_sd": ("log", "sd of yearly innovations of log TFR"),
}
LEVELS = tuple(ESTIMATED)
ESTIMATE_SOURCE = "POP-EST"
E0_TARGETS = ("e0_target_female", "e0_target_male")


class DemographyError(HandlingsromError):
    """The data cannot support the projection asked for."""


@dataclass(frozen=True)
class DemographicData:
    """The dataset's demographic tables as dense arrays (ages 0..OPEN_AGE)."""

    pop_years: np.ndarray
    pop: np.ndarray  # (Yp, 2, N)
    mort_years: np.ndarray
    mx: np.ndarray  # (Ym, 2, N)
    fert_years: np.ndarray
    asfr: np.ndarray  # (Yf, N)
    nat_births_years: np.ndarray
    nat_births: np.ndarray  # (Yb, 2)
    nat_pop_years: np.ndarray | None = None  # years of the national population totals
    nat_pop_total: np.ndarray | None = None  # (Yn,) national population on 1 January

    def population(self, year: int) -> np.ndarray:
        i = np.searchsorted(self.pop_years, year)
        if i >= len(self.pop_years) or self.pop_years[i] != year:
            raise DemographyError(
                f"no population for 1 January {year}: the data has "
                f"{self.pop_years[0]}–{self.pop_years[-1]}"
            )
        return self.pop[i]


def _dense(df: pd.DataFrame, value: str, sexed: bool) -> tuple[np.ndarray, np.ndarray]:
    years = np.unique(df["year"].to_numpy())
    shape = (len(years), 2, N_AGES) if sexed else (len(years), N_AGES)
    out = np.zeros(shape)
    yi = np.searchsorted(years, df["year"].to_numpy())
    ages = np.minimum(df["age"].to_numpy(), OPEN_AGE)
    vals = df[value].to_numpy(dtype=float)
    if sexed:
        si = (df["sex"].to_numpy() == "male").astype(int)
        np.add.at(out, (yi, si, ages), vals)
    else:
        np.add.at(out, (yi, ages), vals)
    return years.astype(int), out


def data_from_tables(
    population: pd.DataFrame,
    mortality: pd.DataFrame,
    fertility: pd.DataFrame,
    births: pd.DataFrame,
    national_population: pd.DataFrame | None = None,
) -> DemographicData:
    """Dense arrays from the tables of the population, mortality, fertility and births kinds
    (and of the national population, whose totals tie in-migration to the country)."""
    pop_years, pop = _dense(population, "population", True)
    mort_years, mx = _dense(mortality, "mx", True)
    # A dataset whose mortality ends below OPEN_AGE: carry the last age's rate upwards.
    top = int(min(mortality["age"].max(), OPEN_AGE))
    mx[:, :, top + 1 :] = mx[:, :, top : top + 1]
    fert_years, asfr = _dense(fertility, "asfr", False)
    b = births[births["area"] == "nation"]
    nb_years = np.unique(b["year"].to_numpy()).astype(int)
    nat_births = np.zeros((len(nb_years), 2))
    np.add.at(
        nat_births,
        (
            np.searchsorted(nb_years, b["year"].to_numpy()),
            (b["sex"].to_numpy() == "male").astype(int),
        ),
        b["births"].to_numpy(dtype=float),
    )
    nat_years = nat_total = None
    if national_population is not None and len(national_population):
        g = national_population.groupby("year")["population"].sum()
        nat_years, nat_total = g.index.to_numpy(dtype=int), g.to_numpy(dtype=float)
    return DemographicData(
        pop_years, pop, mort_years, mx, fert_years, asfr, nb_years, nat_births, nat_years, nat_total
    )


_CACHE: dict[int, DemographicData] = {}


def data_from_dataset(ds: Dataset) -> DemographicData:
    """Dense arrays of the dataset's demographic tables (cached per dataset object)."""
    key = id(ds)
    hit = _CACHE.get(key)
    if hit is not None:
        return hit
    data = data_from_tables(
        ds.table("population"),
        ds.table("mortality"),
        ds.table("fertility"),
        ds.table("births"),
        ds.table("national_population") if ds.has("national_population") else None,
    )
    _CACHE[key] = data
    weakref.finalize(ds, _CACHE.pop, key, None)
    return data


# --------------------------------------------------------------------------- settings


def _estimated_only(p: Parameter) -> bool:
    return all(pt.source == ESTIMATE_SOURCE for pt in p.points)


def effective_parameters(
    ds: Dataset, base_year: int, params: ParameterSet | None = None
) -> ParameterSet:
    """The dataset's parameters with ``params`` on top, minus levels the engine estimates.

    A level (``demography.net_migration``, ``demography.tfr``, …) in the dataset is dropped,
    so that it is re-estimated with the method settings in force, when its first value is
    dated after ``base_year`` (estimated with data the projection must not see) or when
    every value has the source ``POP-EST`` (the engine's own estimate, written for
    transparency). A level set by hand or by a scenario is kept. ``params`` always apply.
    """
    levels = {f"{NS}.{n}" for n in LEVELS}
    kept = [
        p
        for path, p in ds.parameters.items()
        if not (path in levels and (p.points[0].year > base_year or _estimated_only(p)))
    ]
    out = ParameterSet(kept)
    if params is None:
        return out
    # The engine's own estimate is never a given level, wherever it comes from (a scenario
    # run passes the dataset's whole parameter set back in as ``params``).
    extra = ParameterSet(
        p for path, p in params.items() if not (path in levels and _estimated_only(p))
    )
    return out.merged(extra)


def has(params: ParameterSet, path: str) -> bool:
    """Whether ``params`` defines ``path`` (``in`` raises for unknown paths)."""
    return any(p == path for p in params)


def _check(name: str, values: np.ndarray) -> np.ndarray:
    s = METHOD_DEFAULTS[name]
    bad = (values < s.lo) | (values > s.hi) | ~np.isfinite(values)
    if bad.any():
        raise DemographyError(
            f"{NS}.{name}: expected a value in [{s.lo:g}, {s.hi:g}] ({s.unit}), "
            f"found {float(values[bad][0]):g}"
        )
    return values


# (id(params), name, year) -> (params, value): a national run reads the same settings for
# every municipality; the params object is kept so that a reused id cannot give a stale hit.
_SETTINGS: dict[tuple[int, str, int], tuple[ParameterSet, float]] = {}


def setting(params: ParameterSet, name: str, year: int) -> float:
    key = (id(params), name, int(year))
    hit = _SETTINGS.get(key)
    if hit is not None and hit[0] is params:
        return hit[1]
    value = params.get_value(f"{NS}.{name}", year, METHOD_DEFAULTS[name].default)
    out = float(_check(name, np.array([value], dtype=float))[0])
    if len(_SETTINGS) > 4096:
        _SETTINGS.clear()
    _SETTINGS[key] = (params, out)
    return out


def setting_series(params: ParameterSet, name: str, years: np.ndarray) -> np.ndarray:
    path = f"{NS}.{name}"
    if has(params, path):
        return _check(name, np.asarray(params.series(path, years), dtype=float))
    return np.full(len(years), float(METHOD_DEFAULTS[name].default))


# --------------------------------------------------------------------------- estimation


@dataclass(frozen=True)
class NationalEstimates:
    """The parts of the estimates that come from national rates only (shared by every
    municipality projected from the same base year)."""

    log_mx_jump: np.ndarray  # (2, N)
    lc_b: np.ndarray  # (2, N)
    lc_drift: np.ndarray  # (2,)
    lc_sigma: np.ndarray  # (2,)
    asfr_shape: np.ndarray  # (N,) national ASFR of base_year - 1
    tfr_slope: float  # least-squares slope of national TFR per year over tfr_trend_years
    sex_ratio: float
    tfr_sd: float
    notes: tuple[str, ...]


@dataclass(frozen=True)
class Estimates:
    """Assumptions estimated for a base year from data before it."""

    base_year: int
    log_mx_jump: np.ndarray  # (2, N) log m(x) of base_year - 1
    lc_b: np.ndarray  # (2, N) Lee–Carter age response, sum 1 per sex
    lc_drift: np.ndarray  # (2,) yearly change of k
    lc_sigma: np.ndarray  # (2,) sd of yearly k innovations
    asfr_shape: np.ndarray  # (N,) national ASFR of base_year - 1
    fertility_scale: float  # local / national fertility
    tfr: float  # local TFR at the jump-off (scale × national TFR of base_year - 1)
    migration_profile: np.ndarray  # (2, N) mean smoothed net migrants per year
    migration_level: float  # sum of the profile, persons per year (the short-run level)
    migration_totals: np.ndarray  # yearly total net migration, all years available
    migration_years: np.ndarray  # calendar years of migration_totals
    sex_ratio: float  # boys per girl among national births, last 10 years before base
    migration_sd: float  # sd of the yearly totals (persons)
    tfr_sd: float  # sd of yearly changes of log national TFR over the mortality window
    estimated_births: np.ndarray  # (years, 2) estimated local births in the fertility window
    births_years: np.ndarray
    notes: tuple[str, ...]
    migration_level_long: float = 0.0  # mean yearly total over the long window
    migration_rate: np.ndarray | None = None  # (2, N) net rate on the population at risk
    migration_rate_long: np.ndarray | None = None  # (2, N) the same over the long window
    migration_total_rate: float = 0.0  # mean yearly net migrants / population on 1 January
    migration_total_rate_long: float = 0.0  # the same over the long window
    tfr_slope: float = 0.0  # national TFR trend per year
    trend_growth: float = 1.0  # yearly growth factor of the total over growth_trend_window_years
    migration_at_risk: np.ndarray | None = None  # (2, N) smoothed mean population at risk
    national_growth: float = 1.0  # yearly growth factor of the national population
    national_ratio: float = 1.0  # national population in the base year / its window mean


def _rows(years: np.ndarray, lo: int, hi: int) -> np.ndarray:
    return np.flatnonzero((years >= lo) & (years <= hi))


def _mx(data: DemographicData, year: int) -> np.ndarray:
    i = np.searchsorted(data.mort_years, year)
    if i >= len(data.mort_years) or data.mort_years[i] != year:
        raise DemographyError(f"no mortality rates for {year} in the data")
    return data.mx[i]


def _lee_carter(log_m: np.ndarray) -> tuple[np.ndarray, float, float]:
    """(b, drift, sigma) of one sex from log m (years, ages)."""
    a = log_m.mean(axis=0)
    u, s, vt = np.linalg.svd(log_m - a, full_matrices=False)
    b = vt[0]
    k = u[:, 0] * s[0]
    total = b.sum()
    b, k = b / total, k * total
    if len(k) < 2:
        return b, 0.0, 0.0
    dk = np.diff(k)
    drift = float((k[-1] - k[0]) / (len(k) - 1))
    sigma = float(np.sqrt(((dk - drift) ** 2).sum() / max(len(dk) - 1, 1)))
    return b, drift, sigma


def smooth_ages(profile: np.ndarray, sd: float) -> np.ndarray:
    """Gaussian kernel smoothing over ages 1..OPEN_AGE per sex, keeping each sex's total.

    Age 0 is left as it is (its migrants are the year's births and follow other rules).
    """
    if sd <= 0:
        return profile.copy()
    out = profile.copy()
    # einsum, not BLAS: the same bits whatever the machine's load and the batch.
    out[..., 1:] = np.einsum("...a,ab->...b", profile[..., 1:], _kernel(float(sd)))
    return out


_KERNELS: dict[float, np.ndarray] = {}


def _kernel(sd: float) -> np.ndarray:
    """(N-1, N-1) smoothing matrix: row = source age, column = receiving age (rows sum to 1)."""
    hit = _KERNELS.get(sd)
    if hit is None:
        ages = np.arange(1, N_AGES, dtype=float)
        w = np.exp(-0.5 * ((ages[:, None] - ages[None, :]) / sd) ** 2)
        w /= w.sum(axis=1, keepdims=True)  # each source age spreads its migrants, total kept
        hit = _KERNELS.setdefault(sd, w)
    return hit


def residual_migration(data: DemographicData, year: int, infant_exposure: float, share: float):
    """Net migrants by age on 1 January ``year + 1`` as cohort residuals, and births.

    Returns (migrants (2, N), estimated births (2,)).
    """
    mig, births, _ = residuals(data, np.array([year]), infant_exposure, share)
    return mig[0], births[0]


def residuals(
    data: DemographicData, years: np.ndarray, infant_exposure: float, share: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Cohort residuals of the calendar years ``years`` at once.

    Returns (net migrants (n, 2, N) by age on 1 January of the next year, estimated births
    (n, 2), population at risk (n, 2, N): the survivors of the cohort, and for age 0 the
    surviving births).
    """
    pi = np.searchsorted(data.pop_years, years)
    p0, p1 = data.pop[pi], data.pop[pi + 1]
    q = _past_q(data, years)
    surv = p0 * (1.0 - q)
    expected = np.zeros_like(p0)
    expected[..., 1:] = surv[..., :-1]
    expected[..., OPEN_AGE] += surv[..., OPEN_AGE]
    mig = p1 - expected
    with np.errstate(divide="ignore", invalid="ignore"):
        r1 = np.where(p0[..., 0] > 0, mig[..., 1] / p0[..., 0], 0.0)
    s0 = 1.0 - share * q[..., 0]
    births = p1[..., 0] / (s0 * (1.0 + infant_exposure * r1))
    mig[..., 0] = p1[..., 0] - births * s0
    expected[..., 0] = births * s0
    return mig, births, expected


_PAST_Q: dict[tuple[int, tuple[int, ...]], tuple[np.ndarray, np.ndarray]] = {}


def _past_q(data: DemographicData, years: np.ndarray) -> np.ndarray:
    """National q of the calendar ``years`` (shared by every municipality; read-only)."""
    key = (id(data.mx), tuple(int(y) for y in years))
    hit = _PAST_Q.get(key)
    if hit is not None and hit[0] is data.mx:
        return hit[1]
    q = q_from_m(data.mx[np.searchsorted(data.mort_years, years)])
    q.flags.writeable = False
    if len(_PAST_Q) > 64:
        _PAST_Q.clear()
    _PAST_Q[key] = (data.mx, q)
    return q


_NATIONAL: dict[tuple, tuple[DemographicData, NationalEstimates]] = {}


def national_estimates(data: DemographicData, base_year: int, params: ParameterSet):
    """Mortality, fertility pattern and trend, sex ratio: the national part of the estimates.

    Cached per (national arrays, base year, windows): every municipality of a national run
    shares them.
    """
    last = base_year - 1
    w = int(setting(params, "mortality_window_years", base_year))
    tw = int(setting(params, "tfr_trend_years", base_year))
    key = (id(data.mx), id(data.asfr), id(data.nat_births), base_year, w, tw)
    hit = _NATIONAL.get(key)
    if hit is not None and hit[0].mx is data.mx and hit[0].asfr is data.asfr:
        return hit[1]
    notes: list[str] = []
    rows = _rows(data.mort_years, last - w + 1, last)
    if len(rows) == 0 or data.mort_years[rows[-1]] != last:
        raise DemographyError(f"mortality rates for {last} are needed for base year {base_year}")
    log_m = np.log(np.maximum(data.mx[rows], 1e-7))
    lc = [_lee_carter(log_m[:, s, :]) for s in range(2)]
    fi = np.searchsorted(data.fert_years, last)
    if fi >= len(data.fert_years) or data.fert_years[fi] != last:
        raise DemographyError(f"fertility rates for {last} are needed for base year {base_year}")
    tfr_rows = _rows(data.fert_years, last - w + 1, last)
    log_tfr = np.log(data.asfr[tfr_rows].sum(axis=1))
    tfr_sd = float(np.diff(log_tfr).std(ddof=1)) if len(log_tfr) >= 3 else 0.02
    trows = _rows(data.fert_years, last - tw + 1, last)
    if len(trows) >= 2:
        x = data.fert_years[trows].astype(float)
        slope = float(np.polyfit(x, data.asfr[trows].sum(axis=1), 1)[0])
    else:
        slope = 0.0
        notes.append("fewer than two years of national fertility: no TFR trend")
    brows = _rows(data.nat_births_years, last - 9, last)
    if len(brows):
        nb = data.nat_births[brows].sum(axis=0)
        sex_ratio = float(nb[1] / nb[0])
    else:
        sex_ratio = 1.055
        notes.append("no national births by sex before the base year: sex ratio 1.055 assumed")
    out = NationalEstimates(
        log_mx_jump=np.log(np.maximum(_mx(data, last), 1e-7)),
        lc_b=np.stack([x[0] for x in lc]),
        lc_drift=np.array([x[1] for x in lc]),
        lc_sigma=np.array([x[2] for x in lc]),
        asfr_shape=data.asfr[fi],
        tfr_slope=slope,
        sex_ratio=sex_ratio,
        tfr_sd=tfr_sd,
        notes=tuple(notes),
    )
    if len(_NATIONAL) > 64:
        _NATIONAL.clear()
    _NATIONAL[key] = (data, out)
    return out


RATE_PRIOR_PERSON_YEARS = 100.0  # weight of the sex's overall rate in each age's net rate
RATE_CAP = 0.3  # net migration rates by age are kept within ±30 % a year


def _rate(migs: np.ndarray, at_risk: np.ndarray, sd: float) -> np.ndarray:
    """Net migration rate by age and sex: smoothed migrants / smoothed population at risk,
    shrunk toward the sex's overall rate (ages 1+) with the weight of
    ``RATE_PRIOR_PERSON_YEARS`` persons at risk and kept within ±``RATE_CAP``, so that an
    age with almost nobody at risk cannot compound into an explosion."""
    num = smooth_ages(migs.sum(axis=0), sd)
    den = np.maximum(smooth_ages(at_risk.sum(axis=0), sd), 0.0)
    overall = np.divide(
        num[:, 1:].sum(axis=1),
        den[:, 1:].sum(axis=1),
        out=np.zeros(2),
        where=den[:, 1:].sum(axis=1) > 0,
    )
    k = RATE_PRIOR_PERSON_YEARS
    rate = (num + k * overall[:, None]) / (den + k)
    return np.clip(rate, -RATE_CAP, RATE_CAP)


def estimate(data: DemographicData, base_year: int, params: ParameterSet) -> Estimates:
    """Estimate every assumption for a projection from ``base_year``."""
    data.population(base_year)
    nat = national_estimates(data, base_year, params)
    notes: list[str] = list(nat.notes)
    # --- migration residuals (all years up to base, for the stochastic spread too)
    exposure = setting(params, "infant_migration_exposure", base_year)
    share = setting(params, "newborn_death_share", base_year)
    m_years = np.array(
        [
            y
            for y in data.pop_years
            if y + 1 <= base_year and y + 1 in data.pop_years and y in data.mort_years
        ],
        dtype=int,
    )
    if len(m_years) == 0:
        raise DemographyError(
            f"base year {base_year}: estimating migration needs the population on 1 January "
            f"of at least one earlier year (the data starts in {data.pop_years[0]})"
        )
    migs, births, at_risk = residuals(data, m_years, exposure, share)
    mw = int(setting(params, "migration_window_years", base_year))
    lw = int(setting(params, "migration_long_window_years", base_year))
    sel = m_years >= base_year - mw
    lsel = m_years >= base_year - lw
    if sel.sum() < mw:
        notes.append(
            f"migration window: {mw} years asked, {int(sel.sum())} available "
            f"({m_years[sel][0]}–{m_years[sel][-1]})"
        )
    sd = setting(params, "migration_smoothing_years", base_year)
    profile = smooth_ages(migs[sel].mean(axis=0), sd)
    totals = migs.sum(axis=(1, 2))
    start_totals = data.pop[np.searchsorted(data.pop_years, m_years)].sum(axis=(1, 2))
    # --- fertility
    fw = int(setting(params, "fertility_window_years", base_year))
    fsel = (m_years >= base_year - fw) & np.isin(m_years, data.fert_years)
    if not fsel.any():
        raise DemographyError(f"base year {base_year}: no year to estimate local fertility")
    fy = m_years[fsel]
    f = data.asfr[np.searchsorted(data.fert_years, fy)]
    pi = np.searchsorted(data.pop_years, fy)
    women = 0.5 * (data.pop[pi, 0] + data.pop[pi + 1, 0])
    expected_births = float(np.einsum("ya,ya->", f, women))
    scale = float(births[fsel].sum() / expected_births) if expected_births > 0 else 1.0
    mig_sd = float(totals.std(ddof=1)) if len(totals) >= 3 else 0.25 * abs(float(totals.mean()))
    gw = int(setting(params, "growth_trend_window_years", base_year))
    trend = _growth(data.pop_years, data.pop.sum(axis=(1, 2)), base_year, gw)
    nat_growth, nat_ratio = 1.0, 1.0
    if round(setting(params, "migration_model", base_year)) == 3:
        if data.nat_pop_years is None or data.nat_pop_total is None:
            raise DemographyError(
                "migration_model 3 ties in-migration to the national population: the data "
                "has no national population"
            )
        nat_growth = _growth(data.nat_pop_years, data.nat_pop_total, base_year, gw)
        wy = m_years[sel]
        have = np.isin(wy, data.nat_pop_years)
        if not have.all() or base_year not in data.nat_pop_years:
            raise DemographyError(
                f"base year {base_year}: the national population is needed for {wy[0]}–{base_year}"
            )
        past = data.nat_pop_total[np.searchsorted(data.nat_pop_years, wy)]
        now = data.nat_pop_total[np.searchsorted(data.nat_pop_years, base_year)]
        nat_ratio = float(now / past.mean())
    return Estimates(
        base_year=base_year,
        log_mx_jump=nat.log_mx_jump,
        lc_b=nat.lc_b,
        lc_drift=nat.lc_drift,
        lc_sigma=nat.lc_sigma,
        asfr_shape=nat.asfr_shape,
        fertility_scale=scale,
        tfr=scale * float(nat.asfr_shape.sum()),
        migration_profile=profile,
        migration_level=float(profile.sum()),
        migration_totals=totals,
        sex_ratio=nat.sex_ratio,
        migration_sd=mig_sd,
        tfr_sd=nat.tfr_sd,
        migration_years=m_years,
        estimated_births=births[fsel],
        births_years=fy,
        notes=tuple(notes),
        migration_level_long=float(totals[lsel].mean()),
        migration_rate=_rate(migs[sel], at_risk[sel], sd),
        migration_rate_long=_rate(migs[lsel], at_risk[lsel], sd),
        migration_total_rate=float(totals[sel].sum() / start_totals[sel].sum()),
        migration_total_rate_long=float(totals[lsel].sum() / start_totals[lsel].sum()),
        tfr_slope=nat.tfr_slope,
        trend_growth=trend,
        migration_at_risk=smooth_ages(at_risk[sel].mean(axis=0), sd),
        national_growth=nat_growth,
        national_ratio=nat_ratio,
    )


def _growth(years: np.ndarray, totals: np.ndarray, base_year: int, window: int) -> float:
    """Mean yearly growth factor of ``totals`` over the ``window`` years before
    ``base_year`` (as many as the data has; 1 when it has no earlier year)."""
    first = max(base_year - window, int(years[0]))
    if first >= base_year or first not in years or base_year not in years:
        return 1.0
    p0 = float(totals[np.searchsorted(years, first)])
    p1 = float(totals[np.searchsorted(years, base_year)])
    return (p1 / p0) ** (1.0 / (base_year - first)) if p0 > 0 and p1 > 0 else 1.0


def migration_shape(est: Estimates) -> tuple[np.ndarray, np.ndarray]:
    """(fixed, per_person): net migrants by age = fixed + (level − Σ fixed) × per_person.

    When the estimated level is clearly positive (or negative) the whole profile scales with
    the level (``fixed`` = 0). When in- and out-moves nearly cancel (level below 10 % of the
    gross sum of the profile), scaling would blow up the noise; then the emigration part
    stays fixed and the level scales the immigration part.
    """
    p = est.migration_profile
    gross = float(np.abs(p).sum())
    if gross == 0.0:
        return np.zeros_like(p), np.zeros_like(p)
    if abs(est.migration_level) >= 0.1 * gross:
        return np.zeros_like(p), p / est.migration_level
    pos, neg = np.maximum(p, 0.0), np.minimum(p, 0.0)
    return neg, pos / pos.sum()


def convergence_weight(est: Estimates, params: ParameterSet, steps: np.ndarray) -> np.ndarray:
    """Weight of the short-run migration level in each calendar year of ``steps``: 1 in the
    base year, falling in a straight line to 0 after ``migration_convergence_years``."""
    h = setting(params, "migration_convergence_years", est.base_year)
    return np.clip(1.0 - (steps - est.base_year) / h, 0.0, 1.0)


def estimated_net_migration(est: Estimates, params: ParameterSet, steps: np.ndarray):
    """The estimated net migration level path (persons per year) over ``steps``."""
    w = convergence_weight(est, params, steps)
    return est.migration_level_long + (est.migration_level - est.migration_level_long) * w


def estimated_tfr(est: Estimates, params: ParameterSet, steps: np.ndarray) -> np.ndarray:
    """The estimated local TFR path: the local factor × a national TFR that follows its
    recent trend for ``tfr_trend_horizon_years`` after the jump-off year and is then held
    (kept within 0.5–1.5 × the jump-off TFR)."""
    k = setting(params, "tfr_trend_horizon_years", est.base_year)
    nat0 = float(est.asfr_shape.sum())
    h = np.minimum(steps - (est.base_year - 1), k)
    nat = np.clip(nat0 + est.tfr_slope * h, 0.5 * nat0, 1.5 * nat0)
    return est.fertility_scale * nat


def levels(est: Estimates, params: ParameterSet, years: np.ndarray) -> dict[str, np.ndarray]:
    """Yearly net migration, local TFR, sex ratio: parameters where given, else estimates."""
    estimated = {
        "net_migration": lambda: estimated_net_migration(est, params, years),
        "tfr": lambda: estimated_tfr(est, params, years),
        "sex_ratio_at_birth": lambda: np.full(len(years), est.sex_ratio),
    }
    out: dict[str, np.ndarray] = {}
    for name, fn in estimated.items():
        path = f"{NS}.{name}"
        out[name] = params.series(path, years) if has(params, path) else fn()
    return out


# Mortality paths shared by every municipality of a national run: key (id of the national
# jump-off rates, id(params), first step, steps) -> (jump-off rates, params, mx, q).
_MORTALITY: dict[
    tuple[int, int, int, int], tuple[np.ndarray, ParameterSet, np.ndarray, np.ndarray]
] = {}


def _mortality(
    est: Estimates, params: ParameterSet, steps: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(mx, q) (T, 2, N) of the projected years: national, so computed once per base year
    and parameter set (the arrays are shared: do not modify them)."""
    key = (id(est.log_mx_jump), id(params), int(steps[0]), len(steps))
    hit = _MORTALITY.get(key)
    if hit is not None and hit[0] is est.log_mx_jump and hit[1] is params:
        return hit[2], hit[3]
    h = (steps - (est.base_year - 1)).astype(float)  # years since the jump-off year
    improve = setting_series(params, "mortality_improvement", steps)
    level = setting_series(params, "mortality_level", steps)
    # Cumulative improvement, so that a change of the scale bends the path rather than jumps.
    k = np.cumsum(np.concatenate([[h[0]], np.diff(h)]) * improve)
    log_m = est.log_mx_jump[None] + (est.lc_b * est.lc_drift[:, None])[None] * k[:, None, None]
    for s in range(2):
        target = e0_target_path(est, params, steps, s)
        if target is not None:
            log_m[:, s, :] = est.log_mx_jump[s] + est.lc_b[s] * solve_k(est, s, target)[:, None]
    mx = np.exp(log_m) * level[:, None, None]
    q = q_from_m(mx)
    mx.flags.writeable = False
    q.flags.writeable = False
    if len(_MORTALITY) > 64:
        _MORTALITY.clear()
    _MORTALITY[key] = (est.log_mx_jump, params, mx, q)
    return mx, q


def projection_inputs(
    est: Estimates,
    base_population: np.ndarray,
    years: np.ndarray,
    params: ParameterSet,
) -> ProjectionInputs:
    """Yearly rates for the deterministic projection over ``years`` (base first)."""
    steps = years[:-1]
    t = len(steps)
    mx, q = _mortality(est, params, steps)
    lv = levels(est, params, steps)
    asfr = est.asfr_shape[None, :] * (lv["tfr"] / est.asfr_shape.sum())[:, None]
    male_share = lv["sex_ratio_at_birth"] / (1.0 + lv["sex_ratio_at_birth"])
    fixed, per = migration_shape(est)
    rates = None
    scale = None
    model = round(setting(params, "migration_model", est.base_year))
    given = has(params, f"{NS}.net_migration")
    w = convergence_weight(est, params, steps)
    if model == 1:
        assert est.migration_rate is not None and est.migration_rate_long is not None
        rates = (
            est.migration_rate_long[None]
            + (est.migration_rate[None] - est.migration_rate_long[None]) * w[:, None, None]
        )
        migration = np.zeros((t, 2, N_AGES))
    elif model == 3:
        assert est.migration_rate is not None and est.migration_at_risk is not None
        r = est.migration_rate
        out_rate = np.minimum(r, 0.0)
        out_rate[:, 0] = r[:, 0]  # the year's births keep their net rate
        inflow = np.maximum(r, 0.0) * est.migration_at_risk
        inflow[:, 0] = 0.0
        index = est.national_ratio * est.national_growth ** (steps - est.base_year)
        rates = np.broadcast_to(out_rate, (t, 2, N_AGES)).copy()
        migration = inflow[None] * index[:, None, None]
    elif model == 2:
        r_long, r_short = est.migration_total_rate_long, est.migration_total_rate
        scale = r_long + (r_short - r_long) * w
        migration = np.broadcast_to(fixed - fixed.sum() * per, (t, 2, N_AGES)).copy()
    else:
        migration = fixed[None] + (lv["net_migration"] - fixed.sum())[:, None, None] * per[None]
    share = setting_series(params, "newborn_death_share", steps)
    s0 = 1.0 - share[:, None] * q[:, :, 0]
    weight = setting_series(params, "growth_combination_weight", steps)
    combine = not given and bool((weight > 0).any())
    return ProjectionInputs(
        years=years,
        base_population=base_population,
        q=q,
        asfr=asfr,
        male_share=male_share,
        migration=migration.reshape(t, 2, N_AGES),
        s0=s0,
        mx=mx,
        migration_unit=per,
        migration_rate=rates,
        migration_scale=scale,
        migration_target=lv["net_migration"] if given and model != 0 else None,
        growth_weight=weight if combine else None,
        trend_growth=np.full(t, est.trend_growth) if combine else None,
    )


def known_paths() -> tuple[str, ...]:
    """Every parameter path the population engine reads."""
    return tuple(f"{NS}.{n}" for n in (*LEVELS, *METHOD_DEFAULTS, *E0_TARGETS))


def e0_target_path(
    est: Estimates, params: ParameterSet, steps: np.ndarray, sex: int
) -> np.ndarray | None:
    """Target life expectancy per year, or None when no target is set for ``sex``.

    ``demography.e0_target_<sex>`` gives targets by year; life expectancy moves in a straight
    line from the jump-off year's (base − 1) value to the first target, between targets,
    and stays at the last target after it.
    """
    path = f"{NS}.{E0_TARGETS[sex]}"
    if not has(params, path):
        return None
    pts = params[path].points
    e0_jump = float(life_expectancy(np.exp(est.log_mx_jump[sex])))
    xs = np.array([est.base_year - 1, *[p.year for p in pts]], dtype=float)
    ys = np.array([e0_jump, *[p.value for p in pts]])
    if (np.diff(xs) <= 0).any():
        raise DemographyError(
            f"{path}: targets must be dated after the jump-off year {est.base_year - 1}"
        )
    return np.interp(steps.astype(float), xs, ys)


def solve_k(est: Estimates, sex: int, target: np.ndarray) -> np.ndarray:
    """Lee–Carter index change K per year so that life expectancy equals ``target``."""
    lo = np.full(len(target), -1000.0)
    hi = np.full(len(target), 1000.0)
    b, base = est.lc_b[sex], est.log_mx_jump[sex]
    for _ in range(60):  # e0 falls as K rises (b sums to 1): bisection
        mid = 0.5 * (lo + hi)
        e0 = life_expectancy(np.exp(base[None] + b[None] * mid[:, None]))
        above = e0 > target
        lo = np.where(above, mid, lo)
        hi = np.where(above, hi, mid)
    reached = life_expectancy(np.exp(base[None] + b[None] * (0.5 * (lo + hi))[:, None]))
    if np.abs(reached - target).max() > 0.01:
        raise DemographyError(
            f"life expectancy target {target.max():.1f} cannot be reached with the "
            "Lee–Carter age pattern"
        )
    return 0.5 * (lo + hi)


def override_parameters(
    ds: Dataset, base_year: int, overrides: Mapping[str, Mapping[int, float]], source: str
) -> ParameterSet:
    """A parameter set for ``project_dataset(params=...)`` from ``{path: {year: value}}``.

    Each path's history in the dataset (as seen from ``base_year``) is kept and the given
    points are added or replace the points of the same year.
    """
    eff = effective_parameters(ds, base_year)
    known = known_paths()
    out = []
    for path, values in overrides.items():
        if path not in known:
            raise DemographyError(
                f"unknown population parameter {path!r}; expected one of {', '.join(known)}"
            )
        if not values:
            continue
        if has(eff, path):
            out.append(eff[path].overridden(values, source))
        else:
            pts = tuple(ValuePoint(int(y), float(v), source) for y, v in values.items())
            out.append(Parameter(path, pts))
    return ParameterSet(out)
