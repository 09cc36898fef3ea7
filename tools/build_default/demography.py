"""Population, mortality, fertility and births for the default dataset."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import yaml

from handlingsrom.demography import assumptions as asm
from handlingsrom.params import Parameter, ParameterSet, ValuePoint
from tools.build_default.common import BASE_YEAR, LAST_RATE_YEAR, OUT, SOURCES, write_csv

SOURCES.update(
    {
        "POP-EST": (
            "Estimated by the population engine (handlingsrom.demography.assumptions) from the "
            "dataset's population (S1), mortality and births (S2) and fertility (S3)",
            "Handlingsrom",
            "",
            "CC BY 4.0 (derived from S1–S3)",
            "data up to 1 January 2017 / rates up to 2016 only; method in docs/population.md",
        ),
        "POP-A": (
            "Assumption of the population engine, chosen by back-testing within 2005–2017",
            "Handlingsrom",
            "",
            "CC BY 4.0",
            "see docs/population.md (back-test) for the reasoning; change it as a parameter",
        ),
    }
)

# Method settings chosen by back-testing inside 2005–2017 (docs/population.md):
# name -> (value, unit, description).
METHOD: dict[str, tuple[float, str, str]] = {
    "mortality_window_years": (
        20,
        "years",
        "Years of national m(x) the Lee–Carter fit uses (drift and volatility of k)",
    ),
    "mortality_improvement": (
        1.0,
        "factor",
        "Assumption: scale of the Lee–Carter mortality improvement (1 = the 20-year trend "
        "continues, 0 = mortality stays at the 2016 level)",
    ),
    "mortality_level": (
        1.0,
        "factor",
        "Assumption: local mortality relative to national m(x); 1 because the migration "
        "residual already absorbs Bærum's lower mortality (see docs/population.md)",
    ),
    "fertility_window_years": (
        5,
        "years",
        "Years of estimated local births used for the local fertility level",
    ),
    "migration_window_years": (
        3,
        "years",
        "Years of cohort residuals averaged into the migration profile (3 had the lowest "
        "age-group MAPE in back-tests from 2010–2012 to 2017)",
    ),
    "migration_smoothing_years": (
        1.0,
        "years of age",
        "SD of the Gaussian kernel smoothing the migration profile over age (chosen by "
        "back-test among 0, 1, 2 and 4)",
    ),
    "infant_migration_exposure": (
        0.5,
        "fraction",
        "Assumption: births of a year are exposed to half the 0→1 cohort's net migration rate "
        "before their first 1 January",
    ),
    "newborn_death_share": (
        0.8,
        "fraction",
        "Assumption: share of infant mortality q(0) that falls before the first 1 January "
        "(infant deaths concentrate in the first weeks)",
    ),
    "stoch_migration_sd_scale": (
        3.0,
        "factor",
        "Multiplier of stoch_migration_sd: the year-to-year SD alone gave 80 % intervals that "
        "held the observed total in only 21 % of back-test years (bases 2008–2013, to 2017); "
        "3 gives 87 % for the total and 73 % for the age groups",
    ),
    "stoch_migration_ar": (
        0.8,
        "coefficient",
        "Assumption: lag-1 autocorrelation of the yearly deviation of net migration from its "
        "assumed level (back-tests show level errors persist for years)",
    ),
    "stoch_tfr_ar": (
        0.95,
        "coefficient",
        "Assumption: lag-1 autocorrelation of log TFR deviations (fertility swings last a "
        "decade or more)",
    ),
    "stoch_mortality_sd_scale": (
        1.0,
        "factor",
        "Scale of the Lee–Carter random-walk volatility of k estimated over the window",
    ),
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


def _param(name: str, value: float, unit: str, description: str, source: str) -> dict:
    return {
        "description": description,
        "unit": unit,
        "interpolation": "step",
        "values": {BASE_YEAR: {"value": value, "source": source}},
    }


def write_parameters(data: asm.DemographicData, out: Path) -> None:
    """parameters/demography.yaml: method settings and the levels estimated for 2017."""
    method = ParameterSet(
        Parameter(f"demography.{k}", (ValuePoint(BASE_YEAR, float(v)),))
        for k, (v, _, _) in METHOD.items()
    )
    est = asm.estimate(data, BASE_YEAR, method)
    doc = {
        "net_migration": _param(
            "net_migration",
            round(est.migration_level, 0),
            "persons per year",
            "Net migration level (persons per year); the estimate is the mean cohort residual "
            f"{est.migration_years[-3]}–{est.migration_years[-1]} with national survival. "
            "Scenario lever: give a path by year",
            "POP-EST",
        ),
        "tfr": _param(
            "tfr",
            round(est.tfr, 3),
            "children per woman",
            "Local total fertility rate: national ASFR 2016 scaled by Bærum's estimated births "
            f"relative to its women 2012–2016 (factor {est.fertility_scale:.3f}); held "
            "constant unless a path is given",
            "POP-EST",
        ),
        "sex_ratio_at_birth": _param(
            "sex_ratio_at_birth",
            round(est.sex_ratio, 4),
            "boys per girl",
            "Sex ratio at birth: national live births by sex 2007–2016",
            "POP-EST",
        ),
        "stoch_migration_sd": _param(
            "stoch_migration_sd",
            round(est.migration_sd, 0),
            "persons",
            "Stochastic: stationary SD of the yearly net migration deviation; SD of the "
            "yearly cohort-residual totals 2005–2016",
            "POP-EST",
        ),
        "stoch_tfr_sd": _param(
            "stoch_tfr_sd",
            round(est.tfr_sd, 4),
            "log",
            "Stochastic: SD of yearly innovations of log TFR; SD of the yearly changes of "
            "national log TFR 1997–2016",
            "POP-EST",
        ),
    }
    for name, (value, unit, description) in METHOD.items():
        doc[name] = _param(name, value, unit, description, "POP-A")
    header = (
        "# Generated by `python -m tools.build_default` (tools/build_default/demography.py).\n"
        "# Assumptions of the population engine; see docs/population.md.\n"
    )
    text = yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100)
    (out / "parameters").mkdir(exist_ok=True)
    (out / "parameters" / "demography.yaml").write_text(header + text, encoding="utf-8")
