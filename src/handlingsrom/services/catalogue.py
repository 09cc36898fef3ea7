"""The service catalogue as arrays, calibrated to the accounts of the calibration year.

Everything here depends on the dataset's tables only (not on a projection or the levers), so
it is built once per dataset and reused for every run and every stochastic path.

Calibration: a service's unit cost is its net cost in the calibration year divided by its
*weighted users* in that year — Σ over its bands of population × coverage × cost weight —
with the population of the year taken as the average of 1 January of the year and of the
next year (the mean population during the year, which is what a year's accounts pay for).
With the observed population the calibration year therefore reproduces the accounts exactly.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass

import numpy as np

from handlingsrom.dataset.model import Dataset
from handlingsrom.demography.projection import N_AGES, OPEN_AGE, base_population
from handlingsrom.errors import DatasetError, HandlingsromError, Problem

_SEX_INDEX = {"all": (0, 1), "female": (0,), "male": (1,)}


@dataclass(frozen=True)
class Catalogue:
    """The services of a dataset as arrays over services (S) and facilities (F)."""

    ids: tuple[str, ...]
    names_nb: tuple[str, ...]
    names_en: tuple[str, ...]
    sector: tuple[str, ...]
    unit: tuple[str, ...]
    kostra: tuple[str, ...]
    calibration_year: int
    net_cost_nok: np.ndarray  # (S,) net cost in the calibration year
    gross_cost_nok: np.ndarray  # (S,)
    variable_share: np.ndarray  # (S,)
    wage_share: np.ndarray  # (S,)
    user_weights: np.ndarray  # (S, 2, N_AGES): coverage
    cost_weights: np.ndarray  # (S, 2, N_AGES): coverage × cost weight
    users_cal: np.ndarray  # (S,) users in the calibration year (mean population)
    weighted_cal: np.ndarray  # (S,) weighted users in the calibration year
    band_service: np.ndarray  # (B,) service index of each coverage band
    band_label: tuple[str, ...]  # (B,) "80–89 all"
    band_user_weights: np.ndarray  # (B, 2, N_AGES)
    band_cost_weights: np.ndarray  # (B, 2, N_AGES)
    fac_service: np.ndarray  # (F,) service index of each facility row
    fac_places: np.ndarray  # (F,)
    fac_units: np.ndarray  # (F,)
    fac_opened: np.ndarray  # (F,) first year in operation (-inf when always)
    fac_closed: np.ndarray  # (F,) first year closed (+inf when never)

    @property
    def index(self) -> dict[str, int]:
        return {s: i for i, s in enumerate(self.ids)}

    @property
    def unit_cost_nok(self) -> np.ndarray:
        """Net cost per weighted user of the variable part in the calibration year (S,)."""
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(
                self.weighted_cal > 0,
                self.net_cost_nok * self.variable_share / self.weighted_cal,
                0.0,
            )

    def has_facilities(self) -> np.ndarray:
        """(S,) True where facilities.csv lists capacity for the service."""
        out = np.zeros(len(self.ids), dtype=bool)
        out[self.fac_service] = True
        return out

    def base_capacity(self, years: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Places and units in operation per service and year from facilities.csv, (S, Y)."""
        ys = np.asarray(years, dtype=float)
        active = (self.fac_opened[:, None] <= ys[None, :]) & (
            ys[None, :] < self.fac_closed[:, None]
        )
        places = np.zeros((len(self.ids), len(ys)))
        units = np.zeros((len(self.ids), len(ys)))
        np.add.at(places, self.fac_service, active * self.fac_places[:, None])
        np.add.at(units, self.fac_service, active * self.fac_units[:, None])
        return places, units


_CACHE: dict[int, tuple[weakref.ref[Dataset], Catalogue]] = {}


def catalogue(ds: Dataset) -> Catalogue:
    """The dataset's catalogue (built once per dataset object and cached)."""
    hit = _CACHE.get(id(ds))
    if hit is not None and hit[0]() is ds:
        return hit[1]
    cat = build_catalogue(ds)
    key = id(ds)
    _CACHE[key] = (weakref.ref(ds, lambda _: _CACHE.pop(key, None)), cat)
    return cat


def build_catalogue(ds: Dataset) -> Catalogue:
    if not ds.has("services") or not ds.has("service_coverage"):
        raise HandlingsromError(
            f"dataset {ds.meta.name} has no service catalogue: expected the files services.csv "
            "and service_coverage.csv"
        )
    svc = ds.table("services")
    cov = ds.table("service_coverage")
    ids = tuple(str(s) for s in svc["service"])
    index = {s: i for i, s in enumerate(ids)}
    problems: list[Problem] = []

    years = sorted(set(int(y) for y in svc["calibration_year"]))
    cal = years[0]
    for y, row in zip(svc["calibration_year"], svc["_row"], strict=True):
        if int(y) != cal:
            problems.append(
                Problem(
                    "services.csv",
                    int(row),
                    "calibration_year",
                    f"the same calibration year for every service ({cal})",
                    str(int(y)),
                )
            )
    pop_years = (
        set(int(y) for y in ds.table("population")["year"]) if ds.has("population") else set()
    )
    if {cal, cal + 1} - pop_years:
        problems.append(
            Problem(
                "services.csv",
                int(svc["_row"].iloc[0]),
                "calibration_year",
                "a year whose population on 1 January of it and of the next year is in "
                "population.csv",
                str(cal),
            )
        )

    S = len(ids)
    user_w = np.zeros((S, 2, N_AGES))
    cost_w = np.zeros((S, 2, N_AGES))
    columns = zip(
        cov["service"].astype(str),
        cov["_row"].to_numpy(dtype=np.int64),
        cov["age_from"].to_numpy(dtype=np.int64),
        cov["age_to"].to_numpy(dtype=np.int64),
        cov["sex"].astype(str),
        cov["coverage"].to_numpy(dtype=float),
        cov["cost_weight"].to_numpy(dtype=float),
        strict=True,
    )
    band_service: list[int] = []
    band_label: list[str] = []
    band_user: list[np.ndarray] = []
    band_cost: list[np.ndarray] = []
    for service, row, age_from, age_to, sex, coverage, weight in columns:
        i = index.get(service)
        if i is None:
            problems.append(
                Problem(
                    "service_coverage.csv",
                    int(row),
                    "service",
                    "a service listed in services.csv",
                    repr(service),
                )
            )
            continue
        lo, hi = int(age_from), min(int(age_to), OPEN_AGE)
        bu = np.zeros((2, N_AGES))
        for s in _SEX_INDEX[sex]:
            bu[s, lo : hi + 1] = coverage
        user_w[i] += bu
        cost_w[i] += bu * weight
        band_service.append(i)
        band_label.append(f"{lo}–{hi} {sex}")
        band_user.append(bu)
        band_cost.append(bu * weight)
    if problems:
        raise DatasetError(ds.origin or ds.meta.name, problems)

    mean_pop = (base_population(ds, cal) + base_population(ds, cal + 1)) / 2
    users_cal = np.einsum("ksa,sa->k", user_w, mean_pop)
    weighted_cal = np.einsum("ksa,sa->k", cost_w, mean_pop)
    variable = svc["variable_share"].to_numpy(dtype=float)
    for i, row in enumerate(svc["_row"]):
        if variable[i] > 0 and weighted_cal[i] <= 0:
            problems.append(
                Problem(
                    "services.csv",
                    int(row),
                    "variable_share",
                    "0 for a service with no users in the calibration year "
                    "(check its coverage rows)",
                    str(variable[i]),
                )
            )
    if problems:
        raise DatasetError(ds.origin or ds.meta.name, problems)

    if ds.has("facilities"):
        fac = ds.table("facilities")
        known = fac["service"].isin(index)
        if not known.all():
            bad = fac[~known].iloc[0]
            raise DatasetError(
                ds.origin or ds.meta.name,
                [
                    Problem(
                        "facilities.csv",
                        int(bad["_row"]),
                        "service",
                        "a service listed in services.csv",
                        repr(bad["service"]),
                    )
                ],
            )
        fac_service = np.array([index[s] for s in fac["service"]], dtype=np.int64)
        fac_places = fac["places"].to_numpy(dtype=float)
        fac_units = fac["units"].to_numpy(dtype=float)
        fac_opened = fac["opened"].to_numpy(dtype=float)
        fac_closed = fac["closed"].to_numpy(dtype=float)
        fac_opened = np.where(np.isnan(fac_opened), -np.inf, fac_opened)
        fac_closed = np.where(np.isnan(fac_closed), np.inf, fac_closed)
    else:
        fac_service = np.zeros(0, dtype=np.int64)
        fac_places = fac_units = fac_opened = fac_closed = np.zeros(0)

    return Catalogue(
        ids=ids,
        names_nb=tuple(str(s) for s in svc["name_nb"]),
        names_en=tuple(str(s) for s in svc["name_en"]),
        sector=tuple(str(s) for s in svc["sector"]),
        unit=tuple(str(s) for s in svc["unit"]),
        kostra=tuple(str(s) for s in svc["kostra"]),
        calibration_year=cal,
        net_cost_nok=svc["net_cost_nok"].to_numpy(dtype=float),
        gross_cost_nok=svc["gross_cost_nok"].to_numpy(dtype=float),
        variable_share=variable,
        wage_share=svc["wage_share"].to_numpy(dtype=float),
        user_weights=user_w,
        cost_weights=cost_w,
        users_cal=users_cal,
        weighted_cal=weighted_cal,
        band_service=np.array(band_service, dtype=np.int64),
        band_label=tuple(band_label),
        band_user_weights=np.array(band_user).reshape(-1, 2, N_AGES),
        band_cost_weights=np.array(band_cost).reshape(-1, 2, N_AGES),
        fac_service=fac_service,
        fac_places=fac_places,
        fac_units=fac_units,
        fac_opened=fac_opened,
        fac_closed=fac_closed,
    )
