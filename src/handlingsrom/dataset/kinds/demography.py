"""Input kinds of the foundation and the population engine."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from handlingsrom.dataset.kinds.checks import both_sexes, contiguous_ages, year_gaps
from handlingsrom.dataset.schema import Column, InputKind
from handlingsrom.errors import Problem

SEXES = ("female", "male")

# Plausibility of the demographic tables. Hard limits are physical (a value outside one
# cannot describe a population); plausible ranges are Norway's history with a margin.
MAX_PERSONS = 10_000_000  # in one age and sex: more than all of Norway
MAX_MX = 10.0  # deaths per person-year; the HMD's highest rates (oldest ages) are about 6
E0_HARD = (15.0, 150.0)  # life expectancy at birth; the lowest ever recorded is about 17-20
E0_PLAUSIBLE = (40.0, 95.0)  # Norway 1846-2016: 45-84 years
TFR_HARD_MAX = 10.0  # children per woman; the highest ever recorded is about 9-10
TFR_PLAUSIBLE = (1.0, 4.0)  # Norway 1967-2016: 1.66-2.78
SEX_RATIO_PLAUSIBLE = (1.0, 1.12)  # boys per girl at birth, everywhere about 1.05
POPULATION_CHANGE_PLAUSIBLE = 0.25  # a municipality's total changing more in one year
MAX_ROWS = 20


def life_expectancy(mx: np.ndarray) -> float:
    """Life expectancy at birth from central death rates by single age (the last age open),
    with the engine's conversion q = m / (1 + (1 - a) m), a = 0.1 at age 0 and 0.5 after."""
    mx = np.asarray(mx, dtype=float)
    a = np.full(len(mx), 0.5)
    a[0] = 0.1
    with np.errstate(divide="ignore", invalid="ignore"):
        q = np.minimum(mx / (1.0 + (1.0 - a) * mx), 1.0)
        survivors = np.concatenate([[1.0], np.cumprod(1.0 - q)[:-1]])
        lived = survivors[:-1] * (1.0 - (1.0 - a[:-1]) * q[:-1])
        top = survivors[-1] / mx[-1] if mx[-1] > 0 else (np.inf if survivors[-1] > 0 else 0.0)
    return float(lived.sum() + top)


def _by_group(df: pd.DataFrame, keys: list[str]) -> list[tuple[dict[str, object], pd.DataFrame]]:
    out = []
    for values, g in df.groupby(keys, sort=True):
        vals = values if isinstance(values, tuple) else (values,)
        out.append((dict(zip(keys, vals, strict=True)), g.sort_values("age")))
    return out


def _label(keys: dict[str, object]) -> str:
    return ", ".join(f"{k}={v}" for k, v in keys.items())


def _e0(df: pd.DataFrame, file: str, warn: bool) -> list[Problem]:
    lo, hi = E0_PLAUSIBLE if warn else E0_HARD
    out: list[Problem] = []
    for keys, g in _by_group(df, ["year", "sex"]):
        e0 = life_expectancy(g["mx"].to_numpy())
        if lo <= e0 <= hi:
            continue
        found = "no deaths at all" if np.isinf(e0) else f"{e0:.1f} years"
        what = "a plausible life expectancy at birth" if warn else "death rates that give a life"
        expected = (
            f"{what} ({lo:g}–{hi:g} years; Norway 1846–2016: 45–84) for {_label(keys)}"
            if warn
            else f"{what} expectancy at birth of {lo:g}–{hi:g} years for {_label(keys)}"
        )
        out.append(Problem(file, int(g["_row"].iloc[0]), "mx", expected, found))
        if len(out) >= MAX_ROWS:
            break
    return out


def _life_expectancy_possible(df: pd.DataFrame, file: str) -> list[Problem]:
    """The rates of each year and sex give a life expectancy at birth of 15–150 years."""
    return _e0(df, file, warn=False)


def _life_expectancy_plausible(df: pd.DataFrame, file: str) -> list[Problem]:
    """Warning: a life expectancy at birth outside 40–95 years."""
    return _e0(df, file, warn=True)


def _tfr(df: pd.DataFrame, file: str, warn: bool) -> list[Problem]:
    out: list[Problem] = []
    for keys, g in _by_group(df, ["year"]):
        tfr = float(g["asfr"].sum())
        lo, hi = TFR_PLAUSIBLE if warn else (0.0, TFR_HARD_MAX)
        if lo <= tfr <= hi:
            continue
        expected = (
            f"a plausible total fertility rate ({lo:g}–{hi:g} children per woman; Norway "
            f"1967–2016: 1.66–2.78) for {_label(keys)}"
            if warn
            else f"rates that sum to a total fertility rate of at most {hi:g} for {_label(keys)}"
        )
        out.append(Problem(file, int(g["_row"].iloc[0]), "asfr", expected, f"{tfr:.3g}"))
        if len(out) >= MAX_ROWS:
            break
    return out


def _tfr_possible(df: pd.DataFrame, file: str) -> list[Problem]:
    """The rates of each year sum to a total fertility rate of at most 10."""
    return _tfr(df, file, warn=False)


def _tfr_plausible(df: pd.DataFrame, file: str) -> list[Problem]:
    """Warning: a total fertility rate outside 1–4 children per woman."""
    return _tfr(df, file, warn=True)


def _no_empty_year(df: pd.DataFrame, file: str) -> list[Problem]:
    """A year has residents when another year of the file has (a year of zeros is missing
    data, not a fact: leave it out)."""
    totals = df.groupby("year")["population"].sum()
    if totals.max() <= 0:
        return []
    out = []
    for year, total in totals.items():
        if total <= 0:
            row = int(df.loc[df["year"] == year, "_row"].iloc[0])
            out.append(
                Problem(
                    file,
                    row,
                    "population",
                    f"residents in {year} (other years have up to {int(totals.max())}; leave "
                    "out a year that is not known)",
                    "0 in every age and sex",
                )
            )
    return out[:MAX_ROWS]


def _total_changes(df: pd.DataFrame, file: str) -> list[Problem]:
    """Warning: the total changes by more than 25 % from one year to the next."""
    totals = df.groupby("year")["population"].sum().sort_index()
    out = []
    years = list(totals.index)
    for prev, year in itertools.pairwise(years):
        a, b = float(totals[prev]), float(totals[year])
        if year != prev + 1 or a <= 0 or b <= 0:
            continue
        change = b / a - 1.0
        if abs(change) > POPULATION_CHANGE_PLAUSIBLE:
            row = int(df.loc[df["year"] == year, "_row"].iloc[0])
            out.append(
                Problem(
                    file,
                    row,
                    "population",
                    f"a total within ±{POPULATION_CHANGE_PLAUSIBLE:.0%} of the year before "
                    f"({int(a)} in {prev}; a larger change is far outside any Norwegian "
                    "municipality's history)",
                    f"{int(b)} in {year} ({change:+.0%})",
                )
            )
    return out[:MAX_ROWS]


def _sex_ratio(df: pd.DataFrame, file: str) -> list[Problem]:
    """Warning: national births with a sex ratio outside 1.00–1.12 boys per girl."""
    nation = df[df["area"] == "nation"]
    out = []
    for keys, g in _by_group(nation.assign(age=0), ["year"]):
        by_sex = dict(zip(g["sex"], g["births"], strict=True))
        girls, boys = float(by_sex.get("female", 0)), float(by_sex.get("male", 0))
        if girls <= 0 or boys <= 0:
            continue
        ratio = boys / girls
        lo, hi = SEX_RATIO_PLAUSIBLE
        if not lo <= ratio <= hi:
            out.append(
                Problem(
                    file,
                    int(g["_row"].iloc[0]),
                    "births",
                    f"a plausible sex ratio at birth ({lo:g}–{hi:g} boys per girl) for "
                    f"{_label(keys)}",
                    f"{ratio:.3f}",
                )
            )
    return out[:MAX_ROWS]


_YEAR = Column("year", "int", "Calendar year", minimum=1800, maximum=2200, example="2017")
_SEX = Column("sex", "str", "Sex", allowed=SEXES, example="female")
_SOURCE = Column(
    "source",
    "str",
    "Id of the source of the row's figure (see sources.csv)",
    required=False,
    nullable=True,
    example="S1",
)

POPULATION = InputKind(
    name="population",
    filename="population.csv",
    title="Population by age and sex",
    description=(
        "The municipality's resident population on 1 January of each year, by single year of "
        "age and sex. The highest age in a year is the open age group (e.g. 105 = 105 and older)."
    ),
    columns=(
        Column(
            "year",
            "int",
            "Year; the count is on 1 January",
            minimum=1800,
            maximum=2200,
            example="2017",
        ),
        Column(
            "age",
            "int",
            "Age in completed years",
            unit="years",
            minimum=0,
            maximum=120,
            example="0",
        ),
        _SEX,
        Column(
            "population",
            "int",
            "Number of residents",
            unit="persons",
            minimum=0,
            maximum=MAX_PERSONS,
            example="684",
        ),
        _SOURCE,
    ),
    key=("year", "age", "sex"),
    checks=(contiguous_ages(("year", "sex")), both_sexes(("year",)), _no_empty_year),
    warnings=(
        year_gaps("migration is estimated from pairs of consecutive years only"),
        _total_changes,
    ),
)

MORTALITY = InputKind(
    name="mortality",
    filename="mortality.csv",
    title="National mortality m(x)",
    description=(
        "Central death rates by single year of age and sex for the nation, per calendar year "
        "(period 1×1). The highest age is the open age group."
    ),
    columns=(
        _YEAR,
        Column(
            "age",
            "int",
            "Age in completed years",
            unit="years",
            minimum=0,
            maximum=120,
            example="0",
        ),
        _SEX,
        Column(
            "mx",
            "float",
            "Central death rate: deaths per person-year lived",
            unit="per person-year",
            minimum=0,
            maximum=MAX_MX,
            example="0.0021",
        ),
        _SOURCE,
    ),
    key=("year", "age", "sex"),
    checks=(contiguous_ages(("year", "sex")), both_sexes(("year",)), _life_expectancy_possible),
    warnings=(
        year_gaps("the mortality trend treats the years present as consecutive"),
        _life_expectancy_plausible,
    ),
)

FERTILITY = InputKind(
    name="fertility",
    filename="fertility.csv",
    title="National age-specific fertility (ASFR)",
    description=(
        "Live births per woman-year by the mother's age, for the nation, per calendar year. "
        "The lowest and highest ages are open (they include younger and older mothers); the "
        "sum over ages is the total fertility rate (TFR)."
    ),
    columns=(
        _YEAR,
        Column(
            "age",
            "int",
            "Mother's age in completed years",
            unit="years",
            minimum=10,
            maximum=60,
            example="30",
        ),
        Column(
            "asfr",
            "float",
            "Births per woman-year",
            unit="per woman-year",
            minimum=0,
            maximum=1,
            example="0.12",
        ),
        _SOURCE,
    ),
    key=("year", "age"),
    checks=(contiguous_ages(("year",), start=None), _tfr_possible),
    warnings=(
        year_gaps("the fertility windows use the years present"),
        _tfr_plausible,
    ),
)

BIRTHS = InputKind(
    name="births",
    filename="births.csv",
    title="Live births by sex of the child",
    description=(
        "Live births during the calendar year by sex of the child, for an area: `nation` "
        "(used for the sex ratio at birth) or `municipality` (when the municipality's own "
        "registered births are known; otherwise they are estimated from the population)."
    ),
    columns=(
        _YEAR,
        Column(
            "area",
            "str",
            "Which area the births are for",
            allowed=("nation", "municipality"),
            example="nation",
        ),
        _SEX,
        Column(
            "births",
            "int",
            "Live births",
            unit="persons",
            minimum=0,
            maximum=MAX_PERSONS,
            example="29000",
        ),
        _SOURCE,
    ),
    key=("year", "area", "sex"),
    warnings=(_sex_ratio,),
)

NATIONAL_POPULATION = InputKind(
    name="national_population",
    filename="national_population.csv",
    title="National population by age and sex",
    description=(
        "The nation's population on 1 January by single year of age and sex; the reference "
        "for the income system's cost index and for comparisons."
    ),
    columns=POPULATION.columns,
    key=("year", "age", "sex"),
    checks=(contiguous_ages(("year", "sex")), both_sexes(("year",)), _no_empty_year),
    warnings=(year_gaps("the years present are used"), _total_changes),
)

SOURCES = InputKind(
    name="sources",
    filename="sources.csv",
    title="Sources",
    description="Every source a figure in the dataset comes from, with its licence.",
    columns=(
        Column("id", "str", "Short id used in other files' `source` column", example="S1"),
        Column("title", "str", "What the source is", example="Statistics Norway, table 07459"),
        Column("publisher", "str", "Who published it", example="Statistics Norway (SSB)"),
        Column(
            "url",
            "str",
            "Where to find it",
            required=False,
            nullable=True,
            example="https://www.ssb.no/statbank/table/07459",
        ),
        Column("licence", "str", "Licence of the data", example="CC BY 4.0"),
        Column("notes", "str", "How it was used or converted", required=False, nullable=True),
    ),
    key=("id",),
)

KINDS: tuple[InputKind, ...] = (
    POPULATION,
    MORTALITY,
    FERTILITY,
    BIRTHS,
    NATIONAL_POPULATION,
    SOURCES,
)
