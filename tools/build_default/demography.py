"""Population, mortality, fertility and births for the default dataset."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from handlingsrom.demography import assumptions as asm
from handlingsrom.demography.projection import project_data
from handlingsrom.params import Parameter, ParameterSet, ValuePoint
from tools.build_default.common import BASE_YEAR, LAST_RATE_YEAR, OUT, SOURCES, write_csv

SOURCES.update(
    {
        "POP-EST": (
            "Estimated by the population engine (handlingsrom.demography.assumptions) from the "
            "dataset's population (S1), mortality and births (S2) and fertility (S3); "
            "re-estimated by the engine whenever a method setting changes",
            "Handlingsrom",
            "",
            "CC BY 4.0 (derived from S1–S3)",
            "data up to 1 January 2017 / rates up to 2016 only; method in docs/population.md",
        ),
        "POP-A": (
            "Method setting or assumption of the population engine, chosen by back-testing all "
            "357 municipalities within 2005–2017 (or stated as an assumption)",
            "Handlingsrom",
            "",
            "CC BY 4.0",
            "see docs/population.md (back-test) for the reasoning; change it as a parameter",
        ),
    }
)

# Why each method setting has its value (the values themselves are the engine's defaults,
# handlingsrom.demography.assumptions.METHOD_DEFAULTS, chosen by the national back-test).
WHY: dict[str, str] = {
    "mortality_window_years": "Years of national m(x) the Lee–Carter fit uses (drift and "
    "volatility of k)",
    "mortality_improvement": "Assumption: scale of the Lee–Carter mortality improvement (1 = "
    "the 20-year trend continues, 0 = mortality stays at the 2016 level)",
    "mortality_level": "Assumption: local mortality relative to national m(x); 1 because the "
    "migration residual already absorbs Bærum's lower mortality (see docs/population.md)",
    "fertility_window_years": "Years of estimated local births used for the local fertility "
    "level (births estimated from the age-0 population; indirect standardisation on national "
    "ASFR)",
    "tfr_trend_years": "Years of national TFR whose least-squares slope is the fertility trend",
    "tfr_trend_horizon_years": "Years the national TFR trend is continued after the jump-off "
    "year, then held (0 = the 2016 TFR is held); 5 chosen by the national back-test of all 357 "
    "municipalities, bases 2006–2012 (second round, docs/population.md)",
    "migration_model": "0 = net migrants as a level × an age profile, 1 = net rates by age and "
    "sex, 2 = one net rate on the total population × the age profile, 3 = net out-migration "
    "rates and in-migration tied to the national population; chosen by the national "
    "back-test (docs/population.md)",
    "migration_window_years": "Years of cohort residuals averaged into the short-run migration "
    "level and its age profile; chosen by the national back-test",
    "migration_long_window_years": "Years of cohort residuals averaged into the long-run level "
    "(equal to migration_window_years: no damping); chosen by the national back-test",
    "migration_convergence_years": "Years over which net migration moves from the short-run to "
    "the long-run level (no effect when the two windows are equal)",
    "migration_smoothing_years": "SD of the Gaussian kernel smoothing the migration profile "
    "over age (chosen by the Bærum back-test among 0, 1, 2 and 4)",
    "infant_migration_exposure": "Assumption: births of a year are exposed to half the 0→1 "
    "cohort's net migration rate before their first 1 January",
    "newborn_death_share": "Assumption: share of infant mortality q(0) that falls before the "
    "first 1 January (infant deaths concentrate in the first weeks)",
    "growth_combination_weight": "Forecast combination: weight of the municipality's trend "
    "growth (constant growth) in each year's growth of the total; ½ (equal weights, not "
    "estimated) chosen by the national back-test's second round (docs/population.md)",
    "growth_trend_window_years": "Years of past growth of the total behind the trend growth "
    "rate (as the constant-growth benchmark of the back-test)",
    "stoch_demographic_sd_scale": "Scale of the demographic (small-count) noise by age band, "
    "calibrated with stoch_migration_sd_scale on the coverage of the 80 % and 95 % intervals "
    "of the totals and age groups in the national back-test (docs/population.md)",
    "stoch_migration_sd_scale": "Multiplier of stoch_migration_sd, calibrated on the coverage "
    "of the 80 % and 95 % intervals in the national back-test (docs/population.md)",
    "stoch_migration_ar": "Assumption: lag-1 autocorrelation of the yearly deviation of net "
    "migration from its assumed level (back-tests show level errors persist for years)",
    "stoch_tfr_ar": "Assumption: lag-1 autocorrelation of log TFR deviations (fertility swings "
    "last a decade or more)",
    "stoch_mortality_sd_scale": "Scale of the Lee–Carter random-walk volatility of k "
    "estimated over the window",
}

OPEN_AGE = 105
FIRST_RATE_YEAR = 1967  # first year of the HFD fertility series; mortality cut to match


def mortality_table(shared: Path) -> pd.DataFrame:
    """National m(x) by age 0–105+ and sex, 1967–2016 (``year,age,sex,mx,source``)."""
    mort = pd.read_csv(shared / "mortality_norway_by_age_sex.csv")
    mort = mort[
        (mort.year >= FIRST_RATE_YEAR) & (mort.year <= LAST_RATE_YEAR) & (mort.sex != "total")
    ].copy()
    # Exposure = deaths / m(x); the open group 105+ gets total deaths / total exposure.
    mort["exposure"] = (mort.deaths / mort.death_rate_mx).where(mort.death_rate_mx > 0, 0.0)
    mort["age"] = mort.age.clip(upper=OPEN_AGE)
    g = mort.groupby(["year", "sex", "age"], as_index=False)[["deaths", "exposure"]].sum()
    g["mx"] = (g.deaths / g.exposure).where(g.exposure > 0)
    # Where no one was exposed (never below 105 in these years) carry the previous age's rate.
    g["mx"] = g.groupby(["year", "sex"]).mx.ffill().round(7)
    g = g.assign(source="S2")[["year", "age", "sex", "mx", "source"]]
    return g.sort_values(["year", "sex", "age"])


def fertility_table(shared: Path) -> pd.DataFrame:
    """National ASFR 1967–2016 (``year,age,asfr,source``)."""
    fert = pd.read_csv(shared / "fertility_asfr_norway.csv")
    fert = fert[(fert.year >= FIRST_RATE_YEAR) & (fert.year <= LAST_RATE_YEAR)]
    fert = fert.assign(source="S3")[["year", "age", "asfr", "source"]]
    return fert.sort_values(["year", "age"])


def births_table(shared: Path) -> pd.DataFrame:
    """National live births by sex 1967–2016 (``year,area,sex,births,source``)."""
    births = pd.read_csv(shared / "births_norway.csv")
    births = births[
        (births.year >= FIRST_RATE_YEAR) & (births.year <= LAST_RATE_YEAR) & (births.sex != "total")
    ]
    births = births.rename(columns={"live_births": "births"}).assign(area="nation", source="S2")
    births = births[["year", "area", "sex", "births", "source"]]
    return births.sort_values(["year", "sex"])


def build(shared: Path, out: Path = OUT) -> None:
    pop = pd.read_csv(shared / "population_baerum_by_age_sex.csv")
    pop = pop[pop.year <= BASE_YEAR]
    pop = pop.assign(source="S1")[["year", "age", "sex", "population", "source"]]
    write_csv(pop.sort_values(["year", "sex", "age"]), out / "population.csv")

    nat = pd.read_csv(shared / "population_norway_counties_by_age_sex.csv")
    nat = nat[(nat.granularity_geo == "nation") & (nat.year <= BASE_YEAR)]
    nat = nat.assign(source="S1")[["year", "age", "sex", "population", "source"]]
    write_csv(nat.sort_values(["year", "sex", "age"]), out / "national_population.csv")

    g = mortality_table(shared)
    write_csv(g, out / "mortality.csv")
    fert = fertility_table(shared)
    write_csv(fert, out / "fertility.csv")
    births = births_table(shared)
    write_csv(births, out / "births.csv")

    data = asm.data_from_tables(pop, g, fert, births)
    write_parameters(data, out)


def _param(
    value: float, unit: str, description: str, source: str, interpolation: str = "step"
) -> dict:
    return {
        "description": description,
        "unit": unit,
        "interpolation": interpolation,
        "values": {BASE_YEAR: {"value": value, "source": source}},
    }


def _path(points: dict[int, float], unit: str, description: str, interpolation: str) -> dict:
    return {
        "description": description,
        "unit": unit,
        "interpolation": interpolation,
        "values": {y: {"value": v, "source": asm.ESTIMATE_SOURCE} for y, v in points.items()},
    }


def write_parameters(data: asm.DemographicData, out: Path) -> None:
    """parameters/demography.yaml: the method settings (the engine's defaults, chosen by the
    national back-test) and the levels they give for 2017 (POP-EST: re-estimated by the
    engine whenever a setting changes, written here so that the numbers are visible and a
    scenario can change them)."""
    settings = {k: s.default for k, s in asm.METHOD_DEFAULTS.items()}
    method = ParameterSet(
        Parameter(f"demography.{k}", (ValuePoint(BASE_YEAR, float(v)),))
        for k, v in settings.items()
    )
    est = asm.estimate(data, BASE_YEAR, method)
    years = np.arange(BASE_YEAR, BASE_YEAR + 41)
    model = round(settings["migration_model"])
    m_years = est.migration_years
    mw, lw = int(settings["migration_window_years"]), int(settings["migration_long_window_years"])
    h = int(settings["migration_convergence_years"])
    if model == 0:
        mig = {BASE_YEAR: round(est.migration_level, 0)}
        how = f"the mean cohort residual {BASE_YEAR - mw}–{m_years[-1]} with national survival"
        interpolation = "step"
        if lw != mw:
            mig[BASE_YEAR + h] = round(est.migration_level_long, 0)
            how += (
                f", moving in a straight line to the {BASE_YEAR - lw}–{m_years[-1]} mean by "
                f"{BASE_YEAR + h}"
            )
            interpolation = "linear"
    else:
        proj = project_data(data, BASE_YEAR, int(years[-1]), method)
        realised = proj.net_migration.sum(axis=(1, 2))
        mig = {int(y): round(float(v), 3) for y, v in zip(years[:-1], realised, strict=True)}
        how = (
            f"the net migration of the default projection: net rates by age and sex "
            f"{BASE_YEAR - mw}–{m_years[-1]} on the population at risk (it grows with the "
            "population)"
        )
        if settings["growth_combination_weight"] > 0:
            how += (
                ", plus the net migration that makes each year's growth the mean of the "
                "cohort model's and the trend growth of the total "
                f"{BASE_YEAR - int(settings['growth_trend_window_years'])}–{BASE_YEAR} "
                f"({100 * (est.trend_growth - 1):.2f} % a year)"
            )
        interpolation = "step"
    k = int(settings["tfr_trend_horizon_years"])
    tfr_points = {BASE_YEAR: round(float(asm.estimated_tfr(est, method, years[:1])[0]), 3)}
    tfr_how = "national ASFR 2016"
    tfr_interp = "step"
    if k > 1:
        end = BASE_YEAR - 1 + k
        tfr_points[end] = round(float(asm.estimated_tfr(est, method, np.array([end]))[0]), 3)
        tfr_how = (
            f"national TFR 2016 following its {int(settings['tfr_trend_years'])}-year trend "
            f"({est.tfr_slope:+.4f} a year) to {end}, then held,"
        )
        tfr_interp = "linear"
    doc = {
        "net_migration": _path(
            mig,
            "persons per year",
            f"Net migration level (persons per year); the estimate is {how}. Re-estimated by "
            "the engine when a method setting changes (source POP-EST). Scenario lever: give "
            "a path by year",
            interpolation,
        ),
        "tfr": _path(
            tfr_points,
            "children per woman",
            f"Local total fertility rate: {tfr_how} × Bærum's estimated births relative to the "
            f"births national ASFR gives its women 2012–2016 (factor {est.fertility_scale:.3f})",
            tfr_interp,
        ),
        "sex_ratio_at_birth": _param(
            round(est.sex_ratio, 4),
            "boys per girl",
            "Sex ratio at birth: national live births by sex 2007–2016",
            asm.ESTIMATE_SOURCE,
        ),
        "stoch_migration_sd": _param(
            round(est.migration_sd, 0),
            "persons",
            "Stochastic: stationary SD of the yearly net migration deviation; SD of the "
            "yearly cohort-residual totals 2005–2016",
            asm.ESTIMATE_SOURCE,
        ),
        "stoch_tfr_sd": _param(
            round(est.tfr_sd, 4),
            "log",
            "Stochastic: SD of yearly innovations of log TFR; SD of the yearly changes of "
            "national log TFR 1997–2016",
            asm.ESTIMATE_SOURCE,
        ),
    }
    for name, setting in asm.METHOD_DEFAULTS.items():
        value = setting.default
        doc[name] = _param(
            int(value) if float(value).is_integer() and setting.unit == "years" else value,
            setting.unit,
            WHY.get(name, setting.description),
            "POP-A",
        )
    header = (
        "# Generated by `python -m tools.build_default` (tools/build_default/demography.py).\n"
        "# Assumptions of the population engine; see docs/population.md.\n"
    )
    text = yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100)
    (out / "parameters").mkdir(exist_ok=True)
    (out / "parameters" / "demography.yaml").write_text(header + text, encoding="utf-8")
