"""Demand, cost, FTEs, capacity and demographic cost pressure per service and year.

For service s in year t, with P(t) the mean population during the year (the average of
1 January of t and t+1; the last year extrapolates half a year linearly):

    users(t)    = (1 + coverage_change(t)) · Σ_bands P_band(t) · coverage_band
    weighted(t) = (1 + coverage_change(t)) · Σ_bands P_band(t) · coverage_band · cost_weight_band
    k(t)        = efficiency factor(t) · (1 + standard_change(t)) · unit-size factor(t)
    cost(t)     = k(t) · (net_cal · (1 − v) + unit_cost · weighted(t))
    fte(t)      = k(t) · fte_cal · ((1 − v) + v · weighted(t) / weighted_cal)
    pressure(t) = k(t−1) · unit_cost · (1 + coverage_change(t−1)) · (W(t) − W(t−1))

where v is the service's variable share, unit_cost = net_cal · v / weighted_cal, W the
weighted users at the calibration coverage, and fte_cal = gross_cal · wage_share /
wage cost per FTE. The pressure is the TBU measure: the cost change from population change
alone at the previous year's coverage and unit cost. Amounts are in fixed prices of the
calibration year.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from handlingsrom.dataset.model import Dataset
from handlingsrom.demography.projection import N_AGES
from handlingsrom.errors import HandlingsromError
from handlingsrom.params import ParameterSet
from handlingsrom.services.catalogue import Catalogue, catalogue
from handlingsrom.services.parameters import REGISTRY

WORKING_AGE = (20, 66)
OLDEST = 80


@dataclass(frozen=True)
class ServiceResult:
    """Per service and year (arrays (S, Y), or (P, S, Y) when run on stochastic paths)."""

    years: np.ndarray
    services: tuple[str, ...]
    names_nb: tuple[str, ...]
    names_en: tuple[str, ...]
    sector: tuple[str, ...]
    unit: tuple[str, ...]
    users: np.ndarray
    cost_nok: np.ndarray
    fte: np.ndarray
    capacity: np.ndarray
    gap: np.ndarray
    pressure_nok: np.ndarray
    working_age: np.ndarray  # (Y,) or (P, Y): residents 20–66 (mean during the year)
    oldest: np.ndarray  # (Y,) or (P, Y): residents 80+ (mean during the year)
    calibration_year: int = 0
    sectors: tuple[str, ...] = ()  # every sector of the dataset, in its order

    @property
    def is_paths(self) -> bool:
        return self.users.ndim == 3

    # ------------------------------------------------------------------ aggregates
    def _by_sector(self, values: np.ndarray) -> dict[str, np.ndarray]:
        sector = np.asarray(self.sector)
        return {s: values[..., sector == s, :].sum(axis=-2) for s in self.sectors}

    def cost_by_sector(self) -> dict[str, np.ndarray]:
        """Net cost per sector, (Y,) (or (P, Y)); every sector of the dataset is present."""
        return self._by_sector(self.cost_nok)

    def pressure_by_sector(self) -> dict[str, np.ndarray]:
        """Demographic cost pressure per sector, (Y,) (or (P, Y))."""
        return self._by_sector(self.pressure_nok)

    def fte_by_sector(self) -> dict[str, np.ndarray]:
        return self._by_sector(self.fte)

    def total_cost(self) -> np.ndarray:
        return self.cost_nok.sum(axis=-2)

    def total_pressure(self) -> np.ndarray:
        return self.pressure_nok.sum(axis=-2)

    def total_fte(self) -> np.ndarray:
        return self.fte.sum(axis=-2)

    def gap_opens(self) -> dict[str, int | None]:
        """The first year each service's demand exceeds its capacity (None: never, or no
        capacity modelled). Deterministic runs only."""
        self._deterministic("gap_opens")
        out: dict[str, int | None] = {}
        for i, s in enumerate(self.services):
            over = np.flatnonzero(self.gap[i] > 0)
            out[s] = int(self.years[over[0]]) if over.size else None
        return out

    def gap_persists(self) -> dict[str, int | None]:
        """The first year from which demand exceeds capacity in every later year of the run
        (None: not open at the end, or no capacity modelled). Deterministic runs only."""
        self._deterministic("gap_persists")
        out: dict[str, int | None] = {}
        for i, s in enumerate(self.services):
            closed = np.flatnonzero(~(self.gap[i] > 0))
            if closed.size == 0:
                out[s] = int(self.years[0]) if self.gap.shape[-1] else None
            elif closed[-1] == len(self.years) - 1:
                out[s] = None
            else:
                out[s] = int(self.years[closed[-1] + 1])
        return out

    def staff_ratios(self) -> dict[str, np.ndarray]:
        """Working-age residents (20–66) per FTE needed and per resident aged 80+."""
        fte = self.total_fte()
        with np.errstate(divide="ignore", invalid="ignore"):
            return {
                "working_age": self.working_age,
                "residents_80_plus": self.oldest,
                "fte": fte,
                "working_age_per_fte": self.working_age / fte,
                "working_age_per_80_plus": self.working_age / self.oldest,
                "fte_share_of_working_age": fte / self.working_age,
            }

    # ------------------------------------------------------------------ frames
    def _deterministic(self, what: str) -> None:
        if self.is_paths:
            raise ValueError(f"{what} needs a deterministic run; select one path first")

    def path(self, p: int) -> ServiceResult:
        """One stochastic path as a deterministic result."""
        if not self.is_paths:
            raise ValueError("not a result over paths")
        return replace(
            self,
            users=self.users[p],
            cost_nok=self.cost_nok[p],
            fte=self.fte[p],
            capacity=self.capacity[p],
            gap=self.gap[p],
            pressure_nok=self.pressure_nok[p],
            working_age=self.working_age[p],
            oldest=self.oldest[p],
        )

    def window(self, first: int, last: int) -> ServiceResult:
        """The years ``first``..``last`` of this result (pressure keeps its value, which is
        relative to the year before even when that year is cut off)."""
        keep = (self.years >= first) & (self.years <= last)
        if not keep.any():
            raise ValueError(f"no years between {first} and {last} in this result")
        return replace(
            self,
            years=self.years[keep],
            users=self.users[..., keep],
            cost_nok=self.cost_nok[..., keep],
            fte=self.fte[..., keep],
            capacity=self.capacity[..., keep],
            gap=self.gap[..., keep],
            pressure_nok=self.pressure_nok[..., keep],
            working_age=self.working_age[..., keep],
            oldest=self.oldest[..., keep],
        )

    def _long(self, columns: dict[str, np.ndarray]) -> pd.DataFrame:
        S, Y = len(self.services), len(self.years)
        lead = self.users.shape[0] if self.is_paths else 1
        data: dict[str, np.ndarray] = {}
        if self.is_paths:
            data["path"] = np.repeat(np.arange(lead), Y * S)
        data["year"] = np.tile(np.repeat(self.years, S), lead)
        data["service"] = np.tile(np.asarray(self.services, dtype=object), Y * lead)
        for name, arr in columns.items():
            data[name] = np.swapaxes(np.asarray(arr), -1, -2).ravel()
        return pd.DataFrame(data)

    def to_frame(self) -> pd.DataFrame:
        """Long table ``year, service, users, cost_nok, fte, capacity, gap`` (a leading
        ``path`` column for stochastic runs); costs in fixed calibration-year prices."""
        return self._long(
            {
                "users": self.users,
                "cost_nok": self.cost_nok,
                "fte": self.fte,
                "capacity": self.capacity,
                "gap": self.gap,
            }
        )

    def pressure_frame(self) -> pd.DataFrame:
        """Long table ``year, service, sector, pressure_nok`` (demographic cost pressure)."""
        df = self._long({"pressure_nok": self.pressure_nok})
        sector = dict(zip(self.services, self.sector, strict=True))
        df.insert(3 if self.is_paths else 2, "sector", df["service"].map(sector))
        return df

    def staff_frame(self) -> pd.DataFrame:
        """Per year: working-age residents, residents 80+, FTEs needed and their ratios."""
        self._deterministic("staff_frame")
        return pd.DataFrame({"year": self.years, **self.staff_ratios()})


def _mid_year(x: np.ndarray) -> np.ndarray:
    """Mean of 1 January of t and t+1 along the last axis; the last year extrapolates."""
    if x.shape[-1] < 2:
        return x.copy()
    out = np.empty_like(x)
    out[..., :-1] = (x[..., :-1] + x[..., 1:]) / 2
    out[..., -1] = x[..., -1] + (x[..., -1] - x[..., -2]) / 2
    return out


def _series(ps: ParameterSet, path: str, years: np.ndarray) -> np.ndarray:
    """A services parameter for ``years``: the set's history, else the registry's default."""
    return REGISTRY.series(ps, path, years)


def run_services(
    ds: Dataset,
    population: np.ndarray,
    years: np.ndarray,
    params: ParameterSet | None = None,
    extra_capacity: Mapping[str, np.ndarray] | None = None,
) -> ServiceResult:
    """Users, net cost (fixed calibration-year prices), FTEs, capacity, gap and demographic
    cost pressure per service and year.

    ``population``: 1 January population (Y, 2, N_AGES) or stacked paths (P, Y, 2, N_AGES)
    for ``years`` (consecutive). ``params`` overrides the dataset's parameters.
    ``extra_capacity``: service id → (Y,) places available in each year from completed
    investment projects (a stock: the project's places in every year from its opening).
    """
    cat, ps, p4, years, cov_factor, k, capacity = _prepare(
        ds, population, years, params, extra_capacity
    )
    paths = np.asarray(population).ndim == 4
    P, Y = p4.shape[0], len(years)
    S = len(cat.ids)

    flat = p4.reshape(P, Y, 2 * N_AGES)
    users0 = _mid_year(np.einsum("pya,ka->pky", flat, cat.user_weights.reshape(S, -1)))
    weighted0 = _mid_year(np.einsum("pya,ka->pky", flat, cat.cost_weights.reshape(S, -1)))
    working = _mid_year(p4[:, :, :, WORKING_AGE[0] : WORKING_AGE[1] + 1].sum(axis=(2, 3)))
    oldest = _mid_year(p4[:, :, :, OLDEST:].sum(axis=(2, 3)))

    users = cov_factor * users0
    weighted = cov_factor * weighted0
    unit_cost = cat.unit_cost_nok[:, None]
    fixed = (cat.net_cost_nok * (1 - cat.variable_share))[:, None]
    cost = k * (fixed + unit_cost * weighted)
    fte_cal = _fte_cal(cat, ps)[:, None]
    var = cat.variable_share[:, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        rel = np.where(cat.weighted_cal[:, None] > 0, weighted / cat.weighted_cal[:, None], 0.0)
    fte = k * fte_cal * ((1 - var) + var * rel)
    pressure = np.zeros_like(cost)
    if Y > 1:
        pressure[..., 1:] = k[:, :-1] * unit_cost * cov_factor[:, :-1] * np.diff(weighted0, axis=-1)
    cap = np.broadcast_to(capacity, users.shape)
    gap = users - cap

    def out(a: np.ndarray) -> np.ndarray:
        return a if paths else a[0]

    return ServiceResult(
        years=years,
        services=cat.ids,
        names_nb=cat.names_nb,
        names_en=cat.names_en,
        sector=cat.sector,
        unit=cat.unit,
        users=out(users),
        cost_nok=out(cost),
        fte=out(fte),
        capacity=capacity if not paths else cap,
        gap=out(gap),
        pressure_nok=out(pressure),
        working_age=out(working),
        oldest=out(oldest),
        calibration_year=cat.calibration_year,
        sectors=ds.sectors.ids or tuple(dict.fromkeys(cat.sector)),
    )


def _fte_cal(cat: Catalogue, ps: ParameterSet) -> np.ndarray:
    """FTEs per service in the calibration year: gross cost × wage share / wage cost per FTE
    (never negative: a service with negative gross cost gets 0)."""
    wage = REGISTRY.value(ps, "services.wage_cost_per_fte_nok", cat.calibration_year)
    return np.maximum(cat.gross_cost_nok * cat.wage_share, 0.0) / wage


def _prepare(
    ds: Dataset,
    population: np.ndarray,
    years: np.ndarray,
    params: ParameterSet | None,
    extra_capacity: Mapping[str, np.ndarray] | None,
) -> tuple[Catalogue, ParameterSet, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Checked inputs: catalogue, parameters, population as (P, Y, 2, N_AGES), years, the
    coverage factor (S, Y), the unit-cost factor k (S, Y) and capacity (S, Y)."""
    cat = catalogue(ds)
    years = np.asarray(years, dtype=np.int64)
    pop = np.asarray(population, dtype=float)
    if pop.ndim not in (3, 4) or pop.shape[-2:] != (2, N_AGES):
        raise ValueError(
            f"population: expected (Y, 2, {N_AGES}) or (P, Y, 2, {N_AGES}), found {pop.shape}"
        )
    if pop.shape[-3] != len(years):
        raise ValueError(f"population has {pop.shape[-3]} years, years has {len(years)}")
    if len(years) > 1 and np.any(np.diff(years) != 1):
        raise ValueError("years must be consecutive")
    ps = ds.parameters if params is None else ds.parameters.merged(params)
    p4 = pop if pop.ndim == 4 else pop[None]
    cov_factor, k = _levers(cat, ps, years)
    capacity, size_factor = _capacity(cat, ps, years, extra_capacity)
    return cat, ps, p4, years, cov_factor, k * size_factor, capacity


def _levers(cat: Catalogue, ps: ParameterSet, years: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Coverage factor (S, Y) and unit-cost factor from efficiency and standard (S, Y)."""
    S, Y = len(cat.ids), len(years)
    cov = np.ones((S, Y))
    k = np.ones((S, Y))
    cal = cat.calibration_year
    span = np.arange(cal + 1, max(int(years.max()), cal) + 1)
    for i, sid in enumerate(cat.ids):
        base = f"services.{sid}."
        cov[i] = 1 + _series(ps, base + "coverage_change", years)
        std = 1 + _series(ps, base + "standard_change", years)
        eff = np.ones(Y)
        if span.size:
            cum = np.cumprod(1 - _series(ps, base + "efficiency", span))
            after = years > cal
            eff[after] = cum[years[after] - cal - 1]
        k[i] = eff * std
    return cov, k


def _capacity(
    cat: Catalogue,
    ps: ParameterSet,
    years: np.ndarray,
    extra: Mapping[str, np.ndarray] | None,
) -> tuple[np.ndarray, np.ndarray]:
    """Capacity (S, Y) (NaN where none is modelled) and the unit-size cost factor (S, Y)."""
    places, units = cat.base_capacity(years)
    has = cat.has_facilities()
    index = cat.index
    for sid, added in (extra or {}).items():
        if sid not in index:
            raise HandlingsromError(
                f"extra capacity for unknown service {sid!r}; services: {', '.join(cat.ids)}"
            )
        arr = np.asarray(added, dtype=float)
        if arr.shape != (len(years),):
            raise ValueError(
                f"extra_capacity[{sid!r}]: expected shape ({len(years)},), found {arr.shape}"
            )
        i = index[sid]
        has[i] = True
        places[i] += arr
        size = _series(ps, f"services.{sid}.new_unit_size", years)
        with np.errstate(divide="ignore", invalid="ignore"):
            units[i] += np.where(size > 0, arr / size, 0.0)
    capacity = np.where(has[:, None], places, np.nan)
    factor = np.ones_like(places)
    ref_places, ref_units = cat.base_capacity(np.array([cat.calibration_year]))
    for sid, i in index.items():
        eps = _series(ps, f"services.{sid}.unit_size_elasticity", years)
        if not eps.any() or ref_units[i, 0] <= 0 or ref_places[i, 0] <= 0:
            continue
        ref = ref_places[i, 0] / ref_units[i, 0]
        with np.errstate(divide="ignore", invalid="ignore"):
            avg = np.where(units[i] > 0, places[i] / units[i], ref)
        factor[i] = (avg / ref) ** (-eps)
    return capacity, factor


def catalogue_frame(ds: Dataset, params: ParameterSet | None = None) -> pd.DataFrame:
    """The catalogue with what the calibration derives: users, average net cost per user,
    FTEs and FTEs per user in the calibration year, and capacity at its end."""
    cat = catalogue(ds)
    ps = ds.parameters if params is None else ds.parameters.merged(params)
    cal = cat.calibration_year
    fte = _fte_cal(cat, ps)
    places, _ = cat.base_capacity(np.array([cal + 1]))
    with np.errstate(divide="ignore", invalid="ignore"):
        per_user = np.where(cat.users_cal > 0, cat.net_cost_nok / cat.users_cal, np.nan)
        fte_per_user = np.where(cat.users_cal > 0, fte / cat.users_cal, np.nan)
    table = ds.table("services")
    return pd.DataFrame(
        {
            "service": cat.ids,
            "name_en": cat.names_en,
            "sector": cat.sector,
            "kostra": cat.kostra,
            "unit": cat.unit,
            "net_cost_nok": cat.net_cost_nok,
            "gross_cost_nok": cat.gross_cost_nok,
            "variable_share": cat.variable_share,
            "users": cat.users_cal,
            "net_cost_per_user_nok": per_user,
            "wage_share": cat.wage_share,
            "fte": fte,
            "fte_per_user": fte_per_user,
            "capacity": np.where(cat.has_facilities(), places[:, 0], np.nan),
            "source": table["source"].to_numpy(),
        }
    )


def band_frame(
    ds: Dataset,
    population: np.ndarray,
    years: np.ndarray,
    params: ParameterSet | None = None,
    extra_capacity: Mapping[str, np.ndarray] | None = None,
) -> pd.DataFrame:
    """Users, net cost and pressure per service, coverage band and year (deterministic runs):
    ``year, service, band, users, cost_nok, pressure_nok``. A service's bands add up to its
    totals in :func:`run_services`; the fixed part of its cost is shared by weighted users."""
    if np.asarray(population).ndim != 3:
        raise ValueError("band_frame needs one population (Y, 2, N_AGES), not paths")
    cat, _, p4, years, cov_factor, k, _ = _prepare(ds, population, years, params, extra_capacity)
    B, Y = len(cat.band_service), len(years)
    flat = p4[0].reshape(Y, 2 * N_AGES)
    sb = cat.band_service
    users = cov_factor[sb] * _mid_year((flat @ cat.band_user_weights.reshape(B, -1).T).T)
    weighted0 = _mid_year((flat @ cat.band_cost_weights.reshape(B, -1).T).T)  # (B, Y)
    weighted = cov_factor[sb] * weighted0
    total = np.zeros((len(cat.ids), Y))
    np.add.at(total, sb, weighted)
    count = np.bincount(sb, minlength=len(cat.ids)).astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(total[sb] > 0, weighted / total[sb], 1.0 / count[sb][:, None])
    fixed = (cat.net_cost_nok * (1 - cat.variable_share))[sb][:, None]
    unit_cost = cat.unit_cost_nok[sb][:, None]
    cost = k[sb] * (fixed * share + unit_cost * weighted)
    pressure = np.zeros_like(cost)
    if Y > 1:
        pressure[:, 1:] = (
            k[sb][:, :-1] * unit_cost * cov_factor[sb][:, :-1] * np.diff(weighted0, axis=1)
        )
    return pd.DataFrame(
        {
            "year": np.tile(years, B),
            "service": np.repeat(np.asarray(cat.ids, dtype=object)[sb], Y),
            "band": np.repeat(np.asarray(cat.band_label, dtype=object), Y),
            "users": users.ravel(),
            "cost_nok": cost.ravel(),
            "pressure_nok": pressure.ravel(),
        }
    )
