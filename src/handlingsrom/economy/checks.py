"""The economy layer's checks of a dataset, run by ``handlingsrom validate`` and before every
plan run (pure): what the schema of a single file cannot see."""

from __future__ import annotations

from collections.abc import Callable

from handlingsrom.dataset.model import Dataset
from handlingsrom.economy.rules import INDICATORS
from handlingsrom.errors import Problem
from handlingsrom.services import catalogue

TABLES = ("budget", "measures", "investments", "loans", "rules")


def has_economy(ds: Dataset) -> bool:
    """Whether the dataset has the economy layer's inputs (the accounts at least)."""
    return ds.has("budget")


def tables_complete(ds: Dataset) -> list[Problem]:
    """A dataset with accounts has every table the economy needs."""
    if not has_economy(ds):
        return []
    return [
        Problem(
            f"{k}.csv",
            None,
            None,
            f"a file {k}.csv (the economy needs it with budget.csv)",
            "no such file",
        )
        for k in TABLES
        if not ds.has(k)
    ]


def rules_on_key_figures(ds: Dataset) -> list[Problem]:
    """Every rule's indicator is a key figure, and the rule's unit is the indicator's."""
    if not ds.has("rules"):
        return []
    problems: list[Problem] = []
    rules = ds.table("rules")
    for rid, indicator, unit, row in zip(
        rules["id"], rules["indicator"], rules["unit"], rules["_row"], strict=True
    ):
        if indicator not in INDICATORS:
            problems.append(
                Problem(
                    "rules.csv",
                    int(row),
                    "indicator",
                    "a key figure (see docs/economy.md), e.g. " + ", ".join(_near(str(indicator))),
                    repr(indicator),
                )
            )
            continue
        wanted = INDICATORS[indicator][0]
        if unit != wanted:
            problems.append(
                Problem(
                    "rules.csv",
                    int(row),
                    "unit",
                    f"the unit of {indicator} ({wanted}) for rule {rid}",
                    repr(unit),
                )
            )
    return problems


def published_on_key_figures(ds: Dataset) -> list[Problem]:
    """Every published figure names a key figure of the model (or none)."""
    if not ds.has("published"):
        return []
    frame = ds.table("published")
    return [
        Problem(
            "published.csv",
            int(row),
            "key_figure",
            "a key figure (see docs/economy.md) or empty, e.g. " + ", ".join(_near(str(key))),
            repr(key),
        )
        for key, row in zip(frame["key_figure"], frame["_row"], strict=True)
        if isinstance(key, str) and key.strip() and key not in INDICATORS
    ]


def _near(name: str) -> list[str]:
    import difflib

    near = difflib.get_close_matches(name, list(INDICATORS), n=3, cutoff=0.5)
    return near or sorted(INDICATORS)[:4]


def accounts_year_present(ds: Dataset) -> list[Problem]:
    """The accounts hold the year before the base year, with every central item needed."""
    if not has_economy(ds):
        return []
    budget = ds.table("budget")
    year = ds.base_year - 1
    acc = budget[budget["year"] == year]
    if acc.empty:
        return [
            Problem(
                "budget.csv",
                None,
                "year",
                f"rows for the accounts year {year} (the year before the base year)",
                f"years {sorted(set(int(y) for y in budget['year']))}",
            )
        ]
    central = ds.sectors.central
    items = set(acc.loc[acc["sector"] == central, "item"])
    needed = (
        "operating_revenue",
        "gross_operating_expenditure",
        "net_operating_result",
        "depreciation",
        "loan_debt",
        "buffer_fund",
        "liquidity_reserve",
        "managed_fund",
        "managed_fund_return",
    )
    return [
        Problem(
            "budget.csv",
            None,
            "item",
            f"a row for {central or 'the central items'} / {m} in {year}",
            "no such row",
        )
        for m in needed
        if m not in items
    ]


def investment_services_known(ds: Dataset) -> list[Problem]:
    """Every investment that adds capacity names a service of services.csv."""
    if not (ds.has("investments") and ds.has("services")):
        return []
    known = set(catalogue(ds).ids)
    table = ds.table("investments")
    return [
        Problem(
            "investments.csv",
            int(row),
            "service",
            "a service id of services.csv (" + ", ".join(sorted(known)) + ")",
            repr(service),
        )
        for service, row in zip(table["service"].fillna(""), table["_row"], strict=True)
        if service and service not in known
    ]


def _needs_services(ds: Dataset) -> list[Problem]:
    if has_economy(ds) and not ds.has("services"):
        return [
            Problem(
                "services.csv",
                None,
                None,
                "a service catalogue (the economy needs it)",
                "no such file",
            )
        ]
    return []


CHECKS: tuple[Callable[[Dataset], list[Problem]], ...] = (
    tables_complete,
    _needs_services,
    rules_on_key_figures,
    accounts_year_present,
    investment_services_known,
    published_on_key_figures,
)
