"""Input kinds of the foundation and the population engine."""

from __future__ import annotations

from handlingsrom.dataset.kinds.checks import both_sexes, contiguous_ages
from handlingsrom.dataset.schema import Column, InputKind

SEXES = ("female", "male")

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
            "population", "int", "Number of residents", unit="persons", minimum=0, example="684"
        ),
        _SOURCE,
    ),
    key=("year", "age", "sex"),
    checks=(contiguous_ages(("year", "sex")), both_sexes(("year",))),
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
            example="0.0021",
        ),
        _SOURCE,
    ),
    key=("year", "age", "sex"),
    checks=(contiguous_ages(("year", "sex")), both_sexes(("year",))),
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
    checks=(contiguous_ages(("year",), start=None),),
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
        Column("births", "int", "Live births", unit="persons", minimum=0, example="29000"),
        _SOURCE,
    ),
    key=("year", "area", "sex"),
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
    checks=(contiguous_ages(("year", "sex")), both_sexes(("year",))),
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
