"""Everything the yearly simulation needs, as arrays (`prepare`, `StaticInputs`).

`StaticInputs` holds what does not depend on the population (parsed tables, parameter
series, the investment and measure matrices); `EconomyInputs` adds the population and the
services layer's result. `EconomyInputs.with_population(pop)` recomputes only the
population-dependent parts, so one stochastic path costs a services run and a few arrays.

Internally the years run from the accounts year (base year − 1, index 0) to the end year;
amounts are in fixed prices of the base year (NOK). Services costs (fixed prices of their
calibration year) are converted with the deflator of the base year.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from handlingsrom.dataset.model import Dataset
from handlingsrom.demography import PopulationProjection, project_dataset
from handlingsrom.demography.projection import N_AGES, base_population
from handlingsrom.economy import checks
from handlingsrom.economy.parameters import COST_KEY_GROUPS, REGISTRY, read_series
from handlingsrom.economy.rules import Rule
from handlingsrom.errors import DatasetError, HandlingsromError, Problem
from handlingsrom.params import ParameterSet
from handlingsrom.services import ServiceResult, catalogue, run_services


@dataclass(frozen=True)
class CapacityRule:
    """Long-term capacity building for one service: when its users exceed its capacity, new
    places are built in modules at a cost per place (``economy.capacity_*_<service>``)."""

    service: str
    cost_per_place: float  # NOK, fixed prices of the base year
    module: float  # places per project
    grant_share: float  # share of the cost covered by grants
    vat_share: float  # share of the cost refunded as VAT compensation


@dataclass(frozen=True)
class StaticInputs:
    """The population-independent inputs of one run (reusable across paths)."""

    ds: Dataset
    sectors: tuple[str, ...]  # the sector ids, in the order of every (S, …) array
    central: str  # the id of the central items (outside the sectors)
    params: ParameterSet  # the dataset's parameters merged with the overrides
    years: np.ndarray  # internal years: accounts year .. end year
    series: dict[str, np.ndarray]
    to_base_prices: float  # multiply accounts-year NOK by this for base-year prices
    base: dict[str, float]  # central accounts items, base-year prices
    sector_gross: np.ndarray  # (S,) accounts gross operating expenditure, base-year prices
    sector_net: np.ndarray  # (S,) accounts net operating expenditure
    restructuring: np.ndarray  # (S, Y) restructuring measures (negative = saving)
    initiatives: np.ndarray  # (S, Y) initiatives and other measures
    running_costs: np.ndarray  # (S, Y) operating consequences of investments
    invest_gross: np.ndarray  # (2, Y) register investments [non-profitable, self-financing]
    invest_vat: np.ndarray  # (2, Y)
    invest_grants: np.ndarray  # (2, Y)
    extra_capacity: dict[str, np.ndarray]  # service -> (Y,) places from completed projects
    loans: pd.DataFrame
    rules: tuple[Rule, ...]
    national_shares: np.ndarray  # (8,) the nation's age-group shares (latest year known)
    capacity_rules: tuple[CapacityRule, ...] = ()
    investment_fte: np.ndarray | None = None  # (Y,) staff added by completed projects

    @property
    def base_year(self) -> int:
        return int(self.years[1])


@dataclass(frozen=True)
class EconomyInputs:
    """Static inputs plus the population-dependent arrays of one run."""

    static: StaticInputs
    population: np.ndarray  # (Y, 2, N_AGES) on 1 January, internal years
    services: ServiceResult
    sector_cost: np.ndarray  # (S, Y) services net cost, base-year prices
    sector_pressure: np.ndarray  # (S, Y) demographic cost pressure, base-year prices
    pop_total: np.ndarray  # (Y,)
    age_shares: np.ndarray  # (Y, 8) shares of the cost-key age groups
    projection: PopulationProjection | None = None  # the projection (base year on) if run
    # long-term capacity investments planned from the services' gaps (non-profitable)
    capacity_invest: np.ndarray | None = None  # (Y,) gross spending
    capacity_vat: np.ndarray | None = None  # (Y,)
    capacity_grants: np.ndarray | None = None  # (Y,)
    capacity_places: dict[str, np.ndarray] | None = None  # service -> (Y,) places added

    @property
    def years(self) -> np.ndarray:
        """Internal years: the accounts year (index 0), then the base year to the end."""
        return self.static.years

    @property
    def plan_years(self) -> np.ndarray:
        """The base year to the end year (the years of the result and of ``savings_nok``)."""
        return self.static.years[1:]

    def with_population(self, population: np.ndarray) -> EconomyInputs:
        """The same run for another population path (Y, 2, N_AGES) from the base year."""
        return _dynamic(self.static, population)


def prepare(
    ds: Dataset,
    base_year: int | None = None,
    end_year: int | None = None,
    params: ParameterSet | None = None,
    population: np.ndarray | None = None,
    static: StaticInputs | None = None,
) -> EconomyInputs:
    """Everything the yearly simulation needs.

    Runs the population projection (unless ``population`` (Y, 2, N_AGES) from the base year
    to the end year is given) and the services layer, and reads the economy tables.
    ``params`` overrides the dataset's parameters. Pass ``static`` (from an earlier call's
    ``.static``) to skip re-reading the tables.
    """
    if static is None:
        static = static_inputs(ds, base_year, end_year, params)
    if population is None:
        proj = project_dataset(
            ds, static.base_year, int(static.years[-1]), params=_overrides(params)
        )
        return replace(_dynamic(static, proj.population), projection=proj)
    return _dynamic(static, population)


def _overrides(params: ParameterSet | None) -> ParameterSet | None:
    return params if params is not None and len(params) else None


# --------------------------------------------------------------------------- static part
def static_inputs(
    ds: Dataset,
    base_year: int | None = None,
    end_year: int | None = None,
    params: ParameterSet | None = None,
) -> StaticInputs:
    base = ds.base_year if base_year is None else int(base_year)
    end = base + 40 if end_year is None else int(end_year)
    if end < base:
        raise HandlingsromError(f"end year {end} is before the base year {base}")
    if not checks.has_economy(ds):
        raise HandlingsromError(f"dataset {ds.meta.name} has no budget.csv: no economy inputs")
    problems = [
        *checks.tables_complete(ds),
        *checks.rules_on_key_figures(ds),
        *checks.investment_services_known(ds),
    ]
    if problems:
        raise DatasetError(ds.origin or ds.meta.name, problems)
    ps = ds.parameters if params is None else ds.parameters.merged(params)
    years = np.arange(base - 1, end + 1)
    series = read_series(ps, years)
    deflator = _deflator(series)
    to_base = float(1 + deflator[1])  # accounts year -> base year prices

    budget = ds.table("budget")
    acc = budget[budget.year == base - 1]
    if acc.empty:
        raise DatasetError(
            "budget.csv",
            [
                Problem(
                    "budget.csv",
                    None,
                    "year",
                    f"rows for the accounts year {base - 1} (the year before the base year)",
                    f"years {sorted(set(budget.year))}",
                )
            ],
        )
    sectors = ds.sectors
    central = acc[acc.sector == sectors.central].set_index("item")["amount_nok"] * to_base
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
    missing = [i for i in needed if i not in central.index]
    if missing:
        raise DatasetError(
            "budget.csv",
            [
                Problem(
                    "budget.csv",
                    None,
                    "item",
                    f"a row for {sectors.central or 'the central items'} / {m} in {base - 1}",
                    "no such row",
                )
                for m in missing
            ],
        )
    base_items = {str(k): float(v) for k, v in central.items()}
    base_items.setdefault("free_reserves", 0.0)
    base_items.setdefault("group_entities_revenue", 0.0)
    sector_rows = acc[acc.sector != sectors.central]
    gross = np.zeros(len(sectors))
    net = np.zeros(len(sectors))
    for i, s in enumerate(sectors.ids):
        r = sector_rows[sector_rows.sector == s].set_index("item")["amount_nok"]
        gross[i] = float(r.get("gross_operating_expenditure", 0.0)) * to_base
        net[i] = float(r.get("net_operating_expenditure", 0.0)) * to_base

    include_proposed = bool(series["include_proposed"][1] >= 0.5)
    ids = sectors.ids
    restructuring, initiatives = _measures(ds.table("measures"), years, include_proposed, ids)
    inv = _investments(ds.table("investments"), years, include_proposed, series, ids)
    loans = ds.table("loans")
    rules = _rules(ds.table("rules"))
    return StaticInputs(
        sectors=ids,
        central=sectors.central,
        capacity_rules=_capacity_rules(ps, catalogue(ds).ids, base),
        ds=ds,
        params=ps,
        years=years,
        series=series,
        to_base_prices=to_base,
        base=base_items,
        sector_gross=gross,
        sector_net=net,
        restructuring=restructuring,
        initiatives=initiatives,
        running_costs=inv.running,
        invest_gross=inv.gross,
        invest_vat=inv.vat,
        invest_grants=inv.grants,
        extra_capacity=inv.capacity,
        investment_fte=inv.fte,
        loans=loans,
        rules=rules,
        national_shares=_national_shares(ds, base),
    )


def _capacity_rules(
    ps: ParameterSet, services: tuple[str, ...], base: int
) -> tuple[CapacityRule, ...]:
    """One rule per service with an ``economy.capacity_cost_{service}`` parameter."""
    rules = []
    for service in services:
        path = f"economy.capacity_cost_{service}"
        if path not in ps:
            continue

        def value(name: str, svc: str = service) -> float:
            return REGISTRY.value(ps, f"economy.capacity_{name}_{svc}", base)

        rules.append(
            CapacityRule(
                service=service,
                cost_per_place=ps.value(path, base),
                module=max(1.0, value("module")),
                grant_share=value("grant_share"),
                vat_share=value("vat_share"),
            )
        )
    return tuple(rules)


def _deflator(series: dict[str, np.ndarray]) -> np.ndarray:
    w = series["deflator_wage_share"]
    return w * series["wage_growth"] + (1 - w) * series["price_growth"]


def _measures(
    table: pd.DataFrame, years: np.ndarray, include_proposed: bool, sectors: tuple[str, ...]
) -> tuple[np.ndarray, np.ndarray]:
    restructuring = np.zeros((len(sectors), len(years)))
    other = np.zeros_like(restructuring)
    for r in _records(table):
        if r["status"] == "proposed" and not include_proposed:
            continue
        end = years[-1] if pd.isna(r["end_year"]) else int(r["end_year"])
        since = years - int(r["start_year"]) + 1
        level = np.clip(since / int(r["ramp_years"]), 0, 1) * float(r["amount_nok"])
        level[(years < int(r["start_year"])) | (years > end)] = 0.0
        level[0] = 0.0  # the accounts year is history
        target = restructuring if r["kind"] == "restructuring" else other
        target[sectors.index(str(r["sector"]))] += level
    return restructuring, other


def _records(table: pd.DataFrame) -> list[dict[str, Any]]:
    return [{str(k): v for k, v in row.items()} for row in table.to_dict("records")]


@dataclass(frozen=True)
class _Investments:
    gross: np.ndarray
    vat: np.ndarray
    grants: np.ndarray
    running: np.ndarray
    capacity: dict[str, np.ndarray]
    fte: np.ndarray


def _investments(
    table: pd.DataFrame,
    years: np.ndarray,
    include_proposed: bool,
    series: dict[str, np.ndarray],
    sectors: tuple[str, ...],
) -> _Investments:
    Y = len(years)
    gross = np.zeros((2, Y))
    vat = np.zeros((2, Y))
    grants = np.zeros((2, Y))
    running = np.zeros((len(sectors), Y))
    fte = np.zeros(Y)
    capacity: dict[str, np.ndarray] = {}
    lag = round(float(series["capacity_lag_years"][1]))
    for r in _records(table):
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
            if 1 <= idx < Y:  # spending before the base year is history
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
    return _Investments(gross, vat, grants, running, capacity, fte)


def _rules(table: pd.DataFrame) -> tuple[Rule, ...]:
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
        for r in _records(table)
    )


def _national_shares(ds: Dataset, base: int) -> np.ndarray:
    """The nation's age-group shares in the latest year known up to the base year."""
    if not ds.has("national_population"):
        raise HandlingsromError("the income system needs national_population.csv")
    nat = ds.table("national_population")
    year = int(nat.year[nat.year <= base].max())
    rows = nat[nat.year == year]
    counts = np.zeros(N_AGES)
    np.add.at(counts, np.minimum(rows.age.to_numpy(), N_AGES - 1), rows.population.to_numpy())
    return _group_shares(counts[None, :])[0]


def _group_shares(by_age: np.ndarray) -> np.ndarray:
    """(Y, N_AGES) persons by age -> (Y, 8) shares of the cost-key age groups."""
    total = by_age.sum(axis=1, keepdims=True)
    groups = np.stack([by_age[:, lo : hi + 1].sum(axis=1) for _, lo, hi in COST_KEY_GROUPS], 1)
    return groups / total


# --------------------------------------------------------------------------- dynamic part
def _dynamic(static: StaticInputs, population: np.ndarray) -> EconomyInputs:
    years = static.years
    pop = np.asarray(population, dtype=float)
    if pop.shape != (len(years) - 1, 2, N_AGES):
        raise ValueError(
            f"population: expected ({len(years) - 1}, 2, {N_AGES}) from {years[1]} to "
            f"{years[-1]}, found {pop.shape}"
        )
    observed = base_population(static.ds, int(years[0]))
    full = np.concatenate([observed[None], pop], axis=0)
    svc = run_services(
        static.ds,
        full,
        years,
        params=static.params,
        extra_capacity=static.extra_capacity or None,
    )
    plan = _plan_capacity(static, svc)
    if plan.places:
        extra = {k_: v.copy() for k_, v in static.extra_capacity.items()}
        for service, places in plan.places.items():
            extra[service] = extra.get(service, np.zeros(len(years))) + places
        svc = run_services(static.ds, full, years, params=static.params, extra_capacity=extra)
    k = static.to_base_prices
    sectors = static.sectors
    cost = np.stack([svc.cost_by_sector()[s] for s in sectors]) * k
    pressure = np.stack([svc.pressure_by_sector()[s] for s in sectors]) * k
    by_age = full.sum(axis=1)
    return EconomyInputs(
        static=static,
        population=full,
        services=svc,
        sector_cost=cost,
        sector_pressure=pressure,
        pop_total=by_age.sum(axis=1),
        age_shares=_group_shares(by_age),
        capacity_invest=plan.gross,
        capacity_vat=plan.vat,
        capacity_grants=plan.grants,
        capacity_places=plan.places,
    )


@dataclass(frozen=True)
class _CapacityPlan:
    gross: np.ndarray
    vat: np.ndarray
    grants: np.ndarray
    places: dict[str, np.ndarray]


def _plan_capacity(static: StaticInputs, svc: ServiceResult) -> _CapacityPlan:
    """Build new places where a service's users exceed its capacity, from
    ``economy.capacity_investment_from`` on: enough whole modules to cover the gap of each
    year, open from that year, completed ``capacity_lag_years`` before and paid evenly over
    the ``capacity_build_years`` up to completion (what falls before the first year is paid
    in the first year: a catch-up)."""
    years = static.years
    Y = len(years)
    s = static.series
    gross = np.zeros(Y)
    vat = np.zeros(Y)
    grants = np.zeros(Y)
    places: dict[str, np.ndarray] = {}
    first = float(s["capacity_investment_from"][1])
    if not static.capacity_rules or first > years[-1]:
        return _CapacityPlan(gross, vat, grants, places)
    start = max(1, int(np.searchsorted(years, first)))
    lag = round(float(s["capacity_lag_years"][1]))
    build = max(1, round(float(s["capacity_build_years"][1])))
    index = {sid: i for i, sid in enumerate(svc.services)}
    for rule in static.capacity_rules:
        i = index.get(rule.service)
        if i is None or np.isnan(svc.capacity[i]).all():
            continue
        gap = np.nan_to_num(svc.users[i] - svc.capacity[i], nan=0.0)
        built = np.zeros(Y)  # places added by this plan, open in each year
        total = 0.0
        for t in range(start, Y):
            if gap[t] > total:
                total = float(np.ceil(gap[t] / rule.module) * rule.module)
            built[t] = total
        opening = np.diff(built, prepend=0.0)
        if not opening.any():
            continue
        places[rule.service] = built
        spend = np.zeros(Y)
        for t_open in np.flatnonzero(opening):
            cost = opening[t_open] * rule.cost_per_place
            done = int(t_open) - lag
            for j in range(done - build + 1, done + 1):
                spend[min(max(j, start), Y - 1)] += cost / build
        gross += spend
        vat += spend * rule.vat_share
        grants += spend * rule.grant_share
    return _CapacityPlan(gross, vat, grants, places)


def cost_index(static: StaticInputs, age_shares: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The expense-need index relative to the nation (1 = national average) and the growth
    of the nation's expense need per inhabitant (1 in the accounts year), per year.

    Index: the cost key's age weights times the municipality's age-group shares over the
    nation's, plus the non-age weight times ``economy.cost_index_other``. No national
    projection is in the data: the nation's shares move like the municipality's, raised to
    ``economy.national_ageing_follows`` (1 = the nation ages like the municipality, so the
    index holds; 0 = the nation stays as last observed). Both are assumptions.
    """
    s = static.series
    weights = np.stack([s[f"cost_key_{g}"] for g, _, _ in COST_KEY_GROUPS], axis=1)  # (Y, 8)
    follow = s["national_ageing_follows"][:, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        rel = np.where(age_shares[:1] > 0, age_shares / age_shares[:1], 1.0)
    national = static.national_shares * rel**follow
    national = national / national.sum(axis=1, keepdims=True)
    age_index = (weights * age_shares / national).sum(axis=1)
    index = age_index + (1 - weights.sum(axis=1)) * s["cost_index_other"]
    need = (weights * national).sum(axis=1)
    return index, need / need[0]


def with_params(inputs: EconomyInputs, params: ParameterSet) -> EconomyInputs:
    """The same inputs with the economy parameter series re-read under ``params``
    (parameters of other layers need a new `prepare`)."""
    st = inputs.static
    ps = st.params.merged(params)
    static = replace(st, params=ps, series=read_series(ps, st.years))
    return replace(inputs, static=static)
