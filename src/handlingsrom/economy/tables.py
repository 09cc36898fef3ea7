"""Parsing: the economy's input tables as arrays over the internal years (pure).

Internal years run from the accounts year (index 0) to the end year. Nothing here decides
how the economy behaves: the tables say what was decided or observed, and these functions
put it on the time axis. The model logic is in :mod:`handlingsrom.economy.inputs` and the
step modules.

Signs (``docs/design.md`` §3): a restructuring measure is a change in net expenditure in
``measures.csv`` (negative = a saving); as an array here it is the *saving*, positive.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from handlingsrom.dataset.model import Dataset
from handlingsrom.demography.projection import N_AGES
from handlingsrom.economy.parameters import COST_KEY_GROUPS
from handlingsrom.economy.rules import Rule
from handlingsrom.errors import DatasetError, HandlingsromError, Problem

# Central items the accounts year must have (budget.csv, the central row).
ACCOUNTS_ITEMS: tuple[str, ...] = (
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


def records(table: pd.DataFrame) -> list[dict[str, Any]]:
    return [{str(k): v for k, v in row.items()} for row in table.to_dict("records")]


@dataclass(frozen=True)
class Accounts:
    """The accounts year in base-year prices: central items and the sectors' expenditure."""

    central: dict[str, float]
    sector_gross: np.ndarray  # (S,)
    sector_net: np.ndarray  # (S,)


def accounts(ds: Dataset, year: int, to_base: float) -> Accounts:
    """The rows of ``budget.csv`` for ``year`` (the accounts year), × ``to_base``."""
    budget = ds.table("budget")
    acc = budget[budget.year == year]
    if acc.empty:
        found = f"years {sorted(set(budget.year))}"
        want = f"rows for the accounts year {year} (the year before the base year)"
        raise DatasetError("budget.csv", [Problem("budget.csv", None, "year", want, found)])
    sectors = ds.sectors
    central = acc[acc.sector == sectors.central].set_index("item")["amount_nok"] * to_base
    missing = [i for i in ACCOUNTS_ITEMS if i not in central.index]
    if missing:
        who = sectors.central or "the central items"
        raise DatasetError(
            "budget.csv",
            [
                Problem(
                    "budget.csv", None, "item", f"a row for {who} / {m} in {year}", "no such row"
                )
                for m in missing
            ],
        )
    items = {str(k): float(v) for k, v in central.items()}
    items.setdefault("free_reserves", 0.0)
    items.setdefault("group_entities_revenue", 0.0)
    rows = acc[acc.sector != sectors.central]
    gross = np.zeros(len(sectors.ids))
    net = np.zeros(len(sectors.ids))
    for i, s in enumerate(sectors.ids):
        r = rows[rows.sector == s].set_index("item")["amount_nok"]
        gross[i] = float(r.get("gross_operating_expenditure", 0.0)) * to_base
        net[i] = float(r.get("net_operating_expenditure", 0.0)) * to_base
    return Accounts(items, gross, net)


def measures(
    table: pd.DataFrame, years: np.ndarray, include_proposed: bool, sectors: tuple[str, ...]
) -> tuple[np.ndarray, np.ndarray]:
    """(S, Y) restructuring *savings* (positive = lower expenditure) and (S, Y) other
    measures (initiatives and the rest: changes in net expenditure, positive = more)."""
    restructuring = np.zeros((len(sectors), len(years)))
    other = np.zeros_like(restructuring)
    for r in records(table):
        if r["status"] == "proposed" and not include_proposed:
            continue
        end = years[-1] if pd.isna(r["end_year"]) else int(r["end_year"])
        since = years - int(r["start_year"]) + 1
        level = np.clip(since / int(r["ramp_years"]), 0, 1) * float(r["amount_nok"])
        level[(years < int(r["start_year"])) | (years > end)] = 0.0
        level[0] = 0.0  # the accounts year is history
        if r["kind"] == "restructuring":
            restructuring[sectors.index(str(r["sector"]))] -= level
        else:
            other[sectors.index(str(r["sector"]))] += level
    return restructuring, other


@dataclass(frozen=True)
class Register:
    """The investment register on the time axis: planned spending by pool
    ([non-profitable, self-financing]), its VAT compensation and grants, the operating
    costs, places and staff that completed projects add."""

    gross: np.ndarray  # (2, Y)
    vat: np.ndarray  # (2, Y)
    grants: np.ndarray  # (2, Y)
    running: np.ndarray  # (S, Y)
    capacity: dict[str, np.ndarray]  # service -> (Y,) places open
    fte: np.ndarray  # (Y,)


def register(
    table: pd.DataFrame,
    years: np.ndarray,
    include_proposed: bool,
    lag: int,
    sectors: tuple[str, ...],
) -> Register:
    """Each project's cost spread by its profile (``"a;b;c"``, or evenly) over its start to
    completion years; spending before the base year is history. Places, staff and running
    costs count from ``lag`` years after completion."""
    Y = len(years)
    gross = np.zeros((2, Y))
    vat = np.zeros((2, Y))
    grants = np.zeros((2, Y))
    running = np.zeros((len(sectors), Y))
    fte = np.zeros(Y)
    capacity: dict[str, np.ndarray] = {}
    for r in records(table):
        if r["status"] == "proposed" and not include_proposed:
            continue
        start, done = int(r["start_year"]), int(r["completion_year"])
        n = done - start + 1
        shares = (
            np.array([float(x) for x in str(r["profile"]).split(";")])
            if r["profile"]
            else np.full(n, 1.0 / n)
        )
        spend = np.zeros(Y)
        for k, share in enumerate(shares):
            idx = start + k - int(years[0])
            if 1 <= idx < Y:
                spend[idx] += share * float(r["cost_nok"])
        pool = 1 if bool(r["self_financing"]) else 0
        gross[pool] += spend
        vat[pool] += spend * float(r["vat_share"])
        cost = float(r["cost_nok"])
        if cost > 0:
            grants[pool] += spend * float(r["grant_nok"]) / cost
        opened = years >= done + lag
        running[sectors.index(str(r["sector"]))] += np.where(
            opened, float(r["running_cost_nok"]), 0.0
        )
        staff = r.get("fte", 0.0)
        if pd.notna(staff):
            fte += np.where(opened, float(staff), 0.0)
        cap = r.get("capacity", np.nan)
        if r.get("service") and pd.notna(cap) and float(cap) > 0:
            added = capacity.setdefault(str(r["service"]), np.zeros(Y))
            added += np.where(opened, float(cap), 0.0)
    return Register(gross, vat, grants, running, capacity, fte)


def rules(table: pd.DataFrame) -> tuple[Rule, ...]:
    """The rules of rules.csv (checked by :func:`checks.rules_on_key_figures`)."""
    return tuple(
        Rule(
            id=str(r["id"]),
            name_nb=str(r["name_nb"]),
            name_en=str(r["name_en"]),
            indicator=str(r["indicator"]),
            operator=str(r["operator"]),
            threshold=float(r["threshold"]),
            unit=str(r["unit"]),
        )
        for r in records(table)
    )


def national_shares(ds: Dataset, base: int) -> np.ndarray:
    """The nation's age-group shares in the latest year known up to the base year."""
    if not ds.has("national_population"):
        raise HandlingsromError("the income system needs national_population.csv")
    nat = ds.table("national_population")
    year = int(nat.year[nat.year <= base].max())
    rows = nat[nat.year == year]
    counts = np.zeros(N_AGES)
    np.add.at(counts, np.minimum(rows.age.to_numpy(), N_AGES - 1), rows.population.to_numpy())
    return group_shares(counts[None, :])[0]


def group_shares(by_age: np.ndarray) -> np.ndarray:
    """(Y, N_AGES) persons by age -> (Y, 8) shares of the cost-key age groups."""
    total = by_age.sum(axis=1, keepdims=True)
    groups = np.stack([by_age[:, lo : hi + 1].sum(axis=1) for _, lo, hi in COST_KEY_GROUPS], 1)
    return groups / total
