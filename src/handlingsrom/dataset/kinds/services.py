"""Input kinds of the services layer: the service catalogue, coverage by age band, facilities.

A service is a set of KOSTRA functions (or a service-area remainder) with a target group
(age bands and sex, each with a coverage and a relative cost weight), a net and gross cost
in the calibration year, and the share of its cost that varies with the number of users.
The services of a dataset partition the municipality's net operating expenditure.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from handlingsrom.dataset.schema import Column, InputKind
from handlingsrom.errors import Problem

MAX_AGE = 105

_SERVICE_ID = Column(
    "service",
    "str",
    "Service id (lower case letters, digits and _), e.g. barnehage",
    example="barnehage",
)
_SOURCE = Column(
    "source",
    "str",
    "Ids of the sources of the row's figures, joined by + (see sources.csv)",
    required=False,
    nullable=True,
    example="S4+ASV",
)


def _id_format(df: pd.DataFrame, file: str) -> list[Problem]:
    """Service ids are lower case letters, digits and _ (starting with a letter)."""
    bad = ~df["service"].str.fullmatch(r"[a-z][a-z0-9_]*")
    return [
        Problem(file, int(r), "service", "an id of lower case letters, digits and _", repr(v))
        for v, r in zip(df.loc[bad, "service"], df.loc[bad, "_row"], strict=True)
    ][:20]


def _age_order(df: pd.DataFrame, file: str) -> list[Problem]:
    """A band's age_to is not below its age_from."""
    bad = df["age_from"] > df["age_to"]
    return [
        Problem(file, int(r), "age_to", f"an age ≥ age_from ({a})", str(b))
        for a, b, r in zip(
            df.loc[bad, "age_from"], df.loc[bad, "age_to"], df.loc[bad, "_row"], strict=True
        )
    ][:20]


def _no_overlap(df: pd.DataFrame, file: str) -> list[Problem]:
    """Bands of one service may not overlap for the same sex (``all`` overlaps both)."""
    problems: list[Problem] = []
    for service, g in df.groupby("service", sort=False):
        rows = g.to_dict("records")
        for i, a in enumerate(rows):
            for b in rows[:i]:
                sexes_meet = a["sex"] == b["sex"] or "all" in (a["sex"], b["sex"])
                if sexes_meet and a["age_from"] <= b["age_to"] and b["age_from"] <= a["age_to"]:
                    problems.append(
                        Problem(
                            file,
                            int(a["_row"]),
                            "age_from",
                            f"age bands of {service} that do not overlap",
                            f"{a['age_from']}–{a['age_to']} ({a['sex']}) overlapping "
                            f"{b['age_from']}–{b['age_to']} ({b['sex']}) at line {b['_row']}",
                        )
                    )
    return problems[:20]


def _open_before_close(df: pd.DataFrame, file: str) -> list[Problem]:
    """A facility closes after it opens."""
    both = df["opened"].notna() & df["closed"].notna()
    bad = both & (df["closed"] <= df["opened"])
    return [
        Problem(file, int(r), "closed", f"a year after opened ({int(o)})", str(int(c)))
        for o, c, r in zip(
            df.loc[bad, "opened"], df.loc[bad, "closed"], df.loc[bad, "_row"], strict=True
        )
    ][:20]


SERVICES = InputKind(
    name="services",
    filename="services.csv",
    title="Service catalogue",
    description=(
        "One row per service: the KOSTRA functions it covers, its sector, what a user is, its "
        "net and gross operating cost in the calibration year (fixed prices of that year), "
        "the share of the cost that varies with the number of users, and the share of gross "
        "cost that pays for staff (for FTEs). The services must add up to the municipality's "
        "net operating expenditure. Target groups and coverage are in service_coverage.csv."
    ),
    columns=(
        _SERVICE_ID,
        Column("name_nb", "str", "Name in Norwegian (bokmål)", example="Barnehage"),
        Column("name_en", "str", "Name in English", example="Kindergarten"),
        Column("sector", "str", "Sector (hovedutvalg): an id of sectors.csv", example="Oppvekst"),
        Column(
            "programme_area",
            "str",
            "Programme area (programområde) in the budget",
            required=False,
            nullable=True,
            example="Barnehager",
        ),
        Column(
            "kostra",
            "str",
            "KOSTRA functions (e.g. 201+211+221) or service areas (FGK7) covered",
            example="201+211+221",
        ),
        Column("unit", "str", "What one user is", example="child in kindergarten"),
        Column(
            "calibration_year",
            "int",
            "Year of the accounts the costs come from",
            minimum=1990,
            maximum=2200,
            example="2016",
        ),
        Column(
            "net_cost_nok",
            "float",
            "Net operating expenditure in the calibration year",
            unit="NOK",
            example="1169681000",
        ),
        Column(
            "gross_cost_nok",
            "float",
            "Gross operating expenditure in the calibration year",
            unit="NOK",
            example="1305626000",
        ),
        Column(
            "variable_share",
            "float",
            "Share of the cost that grows with the number of users (the rest is fixed)",
            unit="fraction",
            minimum=0,
            maximum=1,
            example="1",
        ),
        Column(
            "wage_share",
            "float",
            "Share of gross cost that pays for staff (own or at providers), for FTEs",
            unit="fraction",
            minimum=0,
            maximum=1,
            example="0.7",
        ),
        Column(
            "max_coverage",
            "float",
            "Largest coverage a band of the service may have, in users per inhabitant (empty "
            "= 1: at most every inhabitant of the band is a user; set it for a service whose "
            "user may be counted more than once, e.g. visits)",
            unit="users per inhabitant",
            required=False,
            nullable=True,
            minimum=0,
            maximum=1000,
            example="",
        ),
        _SOURCE,
    ),
    key=("service",),
    required=False,
    layer="services",
    checks=(_id_format,),
)

SERVICE_COVERAGE = InputKind(
    name="service_coverage",
    filename="service_coverage.csv",
    title="Service coverage by age band and sex",
    description=(
        "The target group of each service: age bands (and sex) with the coverage (users per "
        "inhabitant of the band) and a cost weight (the cost of a user in this band relative "
        "to the service's other bands, 1 = average). A service's users in a year are the sum "
        "over its bands of population × coverage; its cost follows population × coverage × "
        "cost weight. Bands of one service may not overlap."
    ),
    columns=(
        _SERVICE_ID,
        Column(
            "age_from",
            "int",
            "First age of the band",
            unit="years",
            minimum=0,
            maximum=MAX_AGE,
            example="80",
        ),
        Column(
            "age_to",
            "int",
            "Last age of the band (105 = 105 and older)",
            unit="years",
            minimum=0,
            maximum=MAX_AGE,
            example="89",
        ),
        Column(
            "sex",
            "str",
            "Sex the band applies to",
            allowed=("all", "female", "male"),
            example="all",
        ),
        Column(
            "coverage",
            "float",
            "Users per inhabitant of the band",
            unit="fraction",
            minimum=0,
            example="0.28",
        ),
        Column(
            "cost_weight",
            "float",
            "Relative cost of a user in this band (1 = same as the others)",
            minimum=0,
            example="1",
        ),
        _SOURCE,
    ),
    key=("service", "age_from", "sex"),
    required=False,
    layer="services",
    checks=(_id_format, _age_order, _no_overlap),
)

FACILITIES = InputKind(
    name="facilities",
    filename="facilities.csv",
    title="Service facilities and capacity",
    description=(
        "Capacity per service: one row per facility (or one aggregate row standing for "
        "several), with its places or beds, the number of units (buildings) it stands for, "
        "and the years it opened and closed. A facility counts in the years from `opened` "
        "(empty = always) up to the year before `closed` (empty = never). Planned expansions "
        "are rows with a future `opened` year."
    ),
    columns=(
        _SERVICE_ID,
        Column("facility", "str", "Name of the facility or aggregate", example="Nansenparken"),
        Column(
            "district",
            "str",
            "District (or 'all')",
            required=False,
            nullable=True,
            example="Sentrum",
        ),
        Column("places", "float", "Places or beds", unit="places", minimum=0, example="200"),
        Column(
            "units",
            "int",
            "Number of units (buildings) the row stands for; 1 for one facility",
            minimum=0,
            example="1",
        ),
        Column(
            "opened",
            "int",
            "First year in operation (empty = before the data)",
            required=False,
            nullable=True,
            minimum=1800,
            maximum=2200,
            example="2018",
        ),
        Column(
            "closed",
            "int",
            "First year no longer in operation (empty = open)",
            required=False,
            nullable=True,
            minimum=1800,
            maximum=2200,
            example="",
        ),
        _SOURCE,
    ),
    key=("service", "facility"),
    required=False,
    layer="services",
    checks=(_id_format, _open_before_close),
)


DEFAULT_MAX_COVERAGE = 1.0


def _coverage_within_max(services: pd.DataFrame, coverage: pd.DataFrame) -> list[Problem]:
    """A band's coverage is at most its service's max_coverage (empty: 1 user per
    inhabitant)."""
    limits = dict.fromkeys(services["service"], DEFAULT_MAX_COVERAGE)
    if "max_coverage" in services:
        for sid, m in zip(services["service"], services["max_coverage"], strict=True):
            if pd.notna(m):
                limits[sid] = float(m)
    problems = []
    for sid, value, row in zip(
        coverage["service"], coverage["coverage"], coverage["_row"], strict=True
    ):
        limit = limits.get(sid)
        if limit is not None and value > limit:
            why = (
                "max_coverage in services.csv"
                if limit != DEFAULT_MAX_COVERAGE
                else "at most every inhabitant a user; services.csv's max_coverage may allow more"
            )
            problems.append(
                Problem(
                    "service_coverage.csv",
                    int(row),
                    "coverage",
                    f"a coverage of at most {limit:g} for {sid} ({why})",
                    f"{value:g}",
                )
            )
    return problems[:20]


def check_services(meta: object, tables: Mapping[str, pd.DataFrame]) -> list[Problem]:
    """Cross-table checks: coverage and facility rows name a service in services.csv, every
    service has at least one coverage band, and no band's coverage is above its service's
    max_coverage (1 when not given)."""
    services = tables.get("services")
    if services is None:
        return []
    known = set(services["service"])
    problems: list[Problem] = []
    for name in ("service_coverage", "facilities"):
        t = tables.get(name)
        if t is None:
            continue
        bad = ~t["service"].isin(known)
        for v, r in zip(t.loc[bad, "service"], t.loc[bad, "_row"], strict=True):
            problems.append(
                Problem(
                    f"{name}.csv", int(r), "service", "a service listed in services.csv", repr(v)
                )
            )
    coverage = tables.get("service_coverage")
    have = set() if coverage is None else set(coverage["service"])
    if coverage is not None:
        problems.extend(_coverage_within_max(services, coverage))
    for sid, row in zip(services["service"], services["_row"], strict=True):
        if sid not in have:
            problems.append(
                Problem(
                    "services.csv",
                    int(row),
                    "service",
                    "a service with at least one row in service_coverage.csv",
                    f"{sid!r} with none",
                )
            )
    return problems[:50]


KINDS: tuple[InputKind, ...] = (SERVICES, SERVICE_COVERAGE, FACILITIES)
