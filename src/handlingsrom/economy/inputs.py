"""Model inputs: everything the yearly simulation needs, as arrays (`prepare`,
`StaticInputs`). The tables are parsed in :mod:`handlingsrom.economy.tables`; here is the
model logic that needs them: which parameters apply, the population and services run, and
the long-term capacity the economy builds when a service's users outgrow its places.

`StaticInputs` holds what does not depend on the population (parsed tables, parameter
series, the investment and measure matrices); `EconomyInputs` adds the population and the
services layer's result. `EconomyInputs.with_population(pop)` recomputes only the
population-dependent parts, so one stochastic path costs a services run and a few arrays.

Internally the years run from the accounts year (base year − 1, index 0) to the end year;
amounts are in fixed prices of the base year (NOK). Services costs (fixed prices of their
calibration year) are converted with the deflator of the base year.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from handlingsrom.dataset.model import Dataset
from handlingsrom.demography import PopulationProjection, project_dataset
from handlingsrom.demography.projection import N_AGES, base_population
from handlingsrom.economy import checks, tables
from handlingsrom.economy.balance import ExistingLoans, existing_schedule
from handlingsrom.economy.frames import service_cost_growth
from handlingsrom.economy.parameters import REGISTRY, SERIES_NAMES, read_series
from handlingsrom.economy.prices import deflator
from handlingsrom.economy.rules import Rule
from handlingsrom.errors import DatasetError, HandlingsromError
from handlingsrom.params import ParameterSet
from handlingsrom.services import ServiceResult, catalogue, run_services
from handlingsrom.services.parameters import REGISTRY as SERVICES_REGISTRY


@dataclass(frozen=True)
class CapacityRule:
    """Long-term capacity building for one service: when its users exceed its capacity, new
    places are built in modules at a cost per place (``economy.capacity_*_<service>``)."""

    service: str
    cost_per_place: float  # NOK, fixed prices of the base year
    module: float  # places per project
    grant_share: float  # share of the cost covered by grants
    vat_share: float  # share of the cost refunded as VAT compensation
    build_years: int = 3  # years of spending up to completion


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
    restructuring: np.ndarray  # (S, Y) restructuring savings (positive = lower cost)
    initiatives: np.ndarray  # (S, Y) initiatives and other measures
    register: tables.Register  # the investment register on the time axis
    loans: pd.DataFrame
    rules: tuple[Rule, ...]
    national_shares: np.ndarray  # (8,) the nation's age-group shares (latest year known)
    capacity_rules: tuple[CapacityRule, ...] = ()
    service_cost_growth: dict[str, np.ndarray] = field(default_factory=dict)

    _cache: dict[bytes, tuple[np.ndarray, ...]] = field(
        default_factory=dict, repr=False, compare=False
    )
    _loans: dict[str, ExistingLoans] = field(default_factory=dict, repr=False, compare=False)

    def existing_loans(self, floating: np.ndarray) -> tuple[np.ndarray, ...]:
        """(Y,) interest, repayment and balance of ``loans.csv`` for a floating-rate path
        (cached: the savings solver re-runs the economy with the same path many times)."""
        key = np.asarray(floating, dtype=float).tobytes()
        hit = self._cache.get(key)
        if hit is None:
            if len(self._cache) > 64:
                self._cache.clear()
            hit = self._cache[key] = existing_schedule(self._parsed_loans(), floating)
        return hit

    def _parsed_loans(self) -> ExistingLoans:
        """``loans.csv`` as arrays, parsed once (each floating-rate path rolls a copy)."""
        parsed = self._loans.get("parsed")
        if parsed is None:
            parsed = self._loans["parsed"] = ExistingLoans.of(self.loans)
        return parsed

    @property
    def running_costs(self) -> np.ndarray:
        """(S, Y) operating consequences of the register's projects."""
        return self.register.running

    @property
    def extra_capacity(self) -> dict[str, np.ndarray]:
        """Service -> (Y,) places from the register's completed projects."""
        return self.register.capacity

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

    def with_populations(self, populations: np.ndarray) -> Iterator[EconomyInputs]:
        """:meth:`with_population` for each of several paths (P, Y, 2, N_AGES), in order.

        The services of all the paths are run at once (the services layer takes stacked
        paths); only a path whose users outgrow the capacity runs them again with the
        places the economy builds for it."""
        static = self.static
        pops = np.asarray(populations, dtype=float)
        if pops.ndim != 4:
            raise ValueError(f"populations: expected (P, Y, 2, {N_AGES}), found {pops.shape}")
        if not len(pops):
            return
        _check_population(static, pops[0])
        observed = base_population(static.ds, int(static.years[0]))
        full = np.concatenate(
            [np.broadcast_to(observed, (len(pops), 1, *observed.shape)), pops], axis=1
        )
        first = run_services(
            static.ds,
            full,
            static.years,
            params=static.params,
            extra_capacity=static.extra_capacity or None,
        )
        for p in range(len(pops)):
            yield _dynamic(static, pops[p], full=full[p], first=_one_path(first, p))


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
    services = catalogue(ds).ids
    ps = _with_service_defaults(ps, services, base)
    years = np.arange(base - 1, end + 1)
    series = read_series(ps, years)
    to_base = float(1 + deflator(series)[1])  # accounts year -> base year prices
    acc = tables.accounts(ds, base - 1, to_base)
    include_proposed = bool(series["include_proposed"][1] >= 0.5)
    ids = ds.sectors.ids
    restructuring, initiatives = tables.measures(ds.table("measures"), years, include_proposed, ids)
    lag = round(float(series["capacity_lag_years"][1]))
    return StaticInputs(
        ds=ds,
        sectors=ids,
        central=ds.sectors.central,
        params=ps,
        years=years,
        series=series,
        to_base_prices=to_base,
        base=acc.central,
        sector_gross=acc.sector_gross,
        sector_net=acc.sector_net,
        restructuring=restructuring,
        initiatives=initiatives,
        register=tables.register(ds.table("investments"), years, include_proposed, lag, ids),
        loans=ds.table("loans"),
        rules=tables.rules(ds.table("rules")),
        national_shares=tables.national_shares(ds, base),
        capacity_rules=_capacity_rules(ps, services, base),
        service_cost_growth=service_cost_growth(ps, services, years),
    )


def _with_service_defaults(ps: ParameterSet, services: tuple[str, ...], year: int) -> ParameterSet:
    """``ps`` with the per-service parameters it leaves at their registry defaults added as
    one-point parameters of the same value. The services layer reads a parameter the set
    has as its kept series, and looks a default up in the registry on every call: the
    values are the same, but the risk paths run the services once or twice a path."""
    declared = SERVICES_REGISTRY.paths({"service": services})
    defaults = [
        d
        for path in declared
        if path not in ps and (d := SERVICES_REGISTRY.default_parameter(path, year)) is not None
    ]
    return ps.merged(ParameterSet(defaults)) if defaults else ps


def _build_years(ps: ParameterSet, service: str, base: int) -> float:
    own = f"economy.capacity_build_years_{service}"
    path = own if own in ps else "economy.capacity_build_years"
    return REGISTRY.value(ps, path, base)


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
                build_years=max(1, round(_build_years(ps, service, base))),
            )
        )
    return tuple(rules)


# --------------------------------------------------------------------------- dynamic part
def _check_population(static: StaticInputs, pop: np.ndarray) -> None:
    years = static.years
    if pop.shape != (len(years) - 1, 2, N_AGES):
        raise ValueError(
            f"population: expected ({len(years) - 1}, 2, {N_AGES}) from {years[1]} to "
            f"{years[-1]}, found {pop.shape}"
        )


def _one_path(svc: ServiceResult, p: int) -> ServiceResult:
    """Path ``p`` of a services run on stacked paths, as a run on that path alone."""
    return replace(
        svc,
        users=svc.users[p],
        cost_nok=svc.cost_nok[p],
        fte=svc.fte[p],
        capacity=svc.capacity[p],
        gap=svc.gap[p],
        pressure_nok=svc.pressure_nok[p],
        working_age=svc.working_age[p],
        oldest=svc.oldest[p],
    )


def _dynamic(
    static: StaticInputs,
    population: np.ndarray,
    full: np.ndarray | None = None,
    first: ServiceResult | None = None,
) -> EconomyInputs:
    """The population-dependent inputs; ``full`` (the population with the accounts year)
    and ``first`` (its services run with the register's capacity) when already known."""
    years = static.years
    pop = np.asarray(population, dtype=float)
    _check_population(static, pop)
    if full is None:
        observed = base_population(static.ds, int(years[0]))
        full = np.concatenate([observed[None], pop], axis=0)
    svc = first
    if svc is None:
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
        age_shares=tables.group_shares(by_age),
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
    index = {sid: i for i, sid in enumerate(svc.services)}
    for rule in static.capacity_rules:
        i = index.get(rule.service)
        if i is None or np.isnan(svc.capacity[i]).all():
            continue
        gap = np.nan_to_num(svc.users[i] - svc.capacity[i], nan=0.0)
        # places added by this plan, open in each year: whole modules covering the largest
        # gap so far (a place once built stays)
        built = np.zeros(Y)
        modules = np.maximum(np.ceil(gap[start:] / rule.module) * rule.module, 0.0)
        built[start:] = np.maximum.accumulate(modules)
        opening = np.diff(built, prepend=0.0)
        if not opening.any():
            continue
        places[rule.service] = built
        spend = np.zeros(Y)
        for t_open in np.flatnonzero(opening):
            cost = opening[t_open] * rule.cost_per_place
            done = int(t_open) - lag
            build = rule.build_years
            for j in range(done - build + 1, done + 1):
                spend[min(max(j, start), Y - 1)] += cost / build
        gross += spend
        vat += spend * rule.vat_share
        grants += spend * rule.grant_share
    return _CapacityPlan(gross, vat, grants, places)


def with_params(inputs: EconomyInputs, params: ParameterSet) -> EconomyInputs:
    """The same inputs with the economy parameter series re-read under ``params``
    (parameters of other layers need a new `prepare`)."""
    st = inputs.static
    ps = st.params.merged(params)
    series = dict(st.series)
    for path in params:  # only the overridden series change (a risk path overrides three)
        name = path.split(".", 1)[1] if path.startswith("economy.") else ""
        if name in SERIES_NAMES:
            series[name] = REGISTRY.series(ps, path, st.years)
    static = replace(st, params=ps, series=series)
    return replace(inputs, static=static)


def with_series(inputs: EconomyInputs, series: Mapping[str, np.ndarray]) -> EconomyInputs:
    """The same inputs with some economy parameter series replaced: ``{path: values}`` on
    the internal years (accounts year to end year), as :func:`with_params` reads them from
    overridden parameters. The parameter set stays as it was (a risk path replaces three
    series; nothing after the economy's inputs reads the set)."""
    if not series:
        return inputs
    st = inputs.static
    new = dict(st.series)
    for path, values in series.items():
        name = path.split(".", 1)[1] if path.startswith("economy.") else ""
        if name in SERIES_NAMES:
            arr = np.asarray(values, dtype=float)
            if arr.shape != st.years.shape:
                raise ValueError(f"{path}: expected {len(st.years)} values, found {arr.shape}")
            new[name] = arr
    return replace(inputs, static=replace(st, series=new))
