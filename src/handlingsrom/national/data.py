"""The embedded national files (``handlingsrom/national/data``): read and check them.

``population.csv.gz`` holds every municipality's population on 1 January by single year
of age (columns ``0`` … ``105``, 105 = 105 and older) and sex, one row per municipality
(4-digit 2024 number), year and sex; ``mortality.csv.gz``, ``fertility.csv.gz`` and
``births.csv`` the national m(x), ASFR and births by sex; ``municipalities.csv`` the
names; ``sources.csv`` the source ids every row carries. Built by
``tools/build_default/national.py`` from the project's shared data (population to 2017,
rates to 2016). A bad file raises :class:`~handlingsrom.errors.DatasetError` with every
problem as ``file:row:column: expected …, found …`` (row = line in the file).
"""

from __future__ import annotations

import gzip
import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from handlingsrom.demography import assumptions as asm
from handlingsrom.demography.engine import N_AGES, OPEN_AGE
from handlingsrom.errors import DatasetError, Problem

AGE_COLUMNS = [str(a) for a in range(N_AGES)]
POPULATION_COLUMNS = ["municipality", "year", "sex", "source", *AGE_COLUMNS]
MAX_PROBLEMS = 200


@dataclass(frozen=True)
class NationalData:
    """Every municipality's population and the national rates as dense arrays."""

    numbers: tuple[str, ...]  # 4-digit 2024 municipality numbers, sorted
    names: dict[str, str]
    years: np.ndarray  # (Y,) years of the population file
    pop: np.ndarray  # (M, Y, 2, N); NaN where a municipality has no row for a year
    rates: asm.DemographicData  # national m(x), ASFR and births (population unused)
    sources: tuple[str, ...]
    national_total: np.ndarray | None = None  # (Y,) the country's population on 1 January

    def totals(self) -> np.ndarray:
        """(Y,) the country's population: the sum of the municipalities; a year where some
        have no row (2005: Vindafjord and Aure) is completed with their share of the next
        year that has them all."""
        if self.national_total is not None:
            return self.national_total
        tot = np.nansum(self.pop, axis=(0, 2, 3))
        have = ~np.isnan(self.pop[:, :, 0, 0])  # (M, Y)
        out = tot.copy()
        for y in np.flatnonzero(~have.all(axis=0)):
            full = [j for j in range(y + 1, len(self.years)) if have[:, j].all()]
            if full:
                j = full[0]
                present = np.nansum(self.pop[have[:, y], j])
                out[y] = tot[y] * tot[j] / present
        object.__setattr__(self, "national_total", out)
        return out

    def index(self, number: str) -> int:
        i = int(np.searchsorted(self.numbers, number))
        if i >= len(self.numbers) or self.numbers[i] != number:
            raise asm.DemographyError(
                f"unknown municipality {number!r}: expected a 4-digit 2024 number such as "
                f"{self.numbers[0]} (see handlingsrom/national/data/municipalities.csv)"
            )
        return i

    def municipality(self, number: str) -> asm.DemographicData:
        """The demographic arrays of one municipality (national rates shared, not copied)."""
        p = self.pop[self.index(number)]
        have = ~np.isnan(p[:, 0, 0])
        r = self.rates
        return asm.DemographicData(
            pop_years=self.years[have],
            pop=p[have],
            mort_years=r.mort_years,
            mx=r.mx,
            fert_years=r.fert_years,
            asfr=r.asfr,
            nat_births_years=r.nat_births_years,
            nat_births=r.nat_births,
            nat_pop_years=self.years,
            nat_pop_total=self.totals(),
        )

    def population(self, number: str, year: int) -> np.ndarray:
        return self.municipality(number).population(year)


def _folder() -> Path:
    return Path(__file__).parent / "data"


def _text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise DatasetError(
            str(path), [Problem(path.name, None, None, "a readable file", str(e.strerror))]
        ) from None
    if path.suffix == ".gz":
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError) as e:
            raise DatasetError(
                str(path), [Problem(path.name, None, None, "a gzip file", str(e))]
            ) from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise DatasetError(
            str(path), [Problem(path.name, None, None, "UTF-8 text", str(e))]
        ) from None


class _Checker:
    def __init__(self, name: str):
        self.name = name
        self.problems: list[Problem] = []
        self.total = 0

    def add(self, row: int | None, column: str | None, expected: str, found: object) -> None:
        self.total += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(self.name, row, column, expected, repr(found)))

    def raise_if_any(self) -> None:
        if self.problems:
            raise DatasetError(self.name, self.problems, self.total)


def _frame(path: Path, columns: list[str], check: _Checker) -> pd.DataFrame:
    frame = pd.read_csv(io.StringIO(_text(path)), dtype=str, keep_default_na=False)
    if list(frame.columns) != columns:
        missing = [c for c in columns if c not in frame.columns]
        check.add(
            1,
            missing[0] if missing else None,
            f"the header {','.join(columns[:8])}…",
            ",".join(map(str, frame.columns[:8])),
        )
        check.raise_if_any()
    return frame


def _numbers(
    frame: pd.DataFrame, column: str, check: _Checker, *, integer: bool, lo: float, hi: float
) -> np.ndarray:
    text = frame[column].to_numpy(dtype=object)
    try:  # fast path: every cell parses
        values = text.astype(float)
    except ValueError:
        values = pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype=float)
    bad = ~np.isfinite(values) | (values < lo) | (values > hi)
    if integer:
        bad |= np.isfinite(values) & (values != np.round(values))
    if bad.any():
        what = "an integer" if integer else "a number"
        for i in np.flatnonzero(bad)[:MAX_PROBLEMS]:
            check.add(int(i) + 2, column, f"{what} in [{lo:g}, {hi:g}]", frame[column].iat[i])
        check.total += max(0, int(bad.sum()) - MAX_PROBLEMS)
    return values


def _choice(frame: pd.DataFrame, column: str, allowed: set[str], check: _Checker) -> None:
    bad = ~frame[column].isin(allowed)
    for i in np.flatnonzero(bad.to_numpy())[:MAX_PROBLEMS]:
        shown = ", ".join(sorted(allowed)) if len(allowed) < 6 else "a listed id"
        check.add(int(i) + 2, column, f"one of {shown}", frame[column].iat[i])


def _long_table(path: Path, value: str, sources: set[str], sexed: bool, lo_age: int):
    check = _Checker(path.name)
    cols = ["year", "age", "sex", value, "source"] if sexed else ["year", "age", value, "source"]
    frame = _frame(path, cols, check)
    _numbers(frame, "year", check, integer=True, lo=1800, hi=2100)
    _numbers(frame, "age", check, integer=True, lo=lo_age, hi=200)
    _numbers(frame, value, check, integer=False, lo=0, hi=10)
    if sexed:
        _choice(frame, "sex", {"female", "male"}, check)
    _choice(frame, "source", sources, check)
    check.raise_if_any()
    out = frame.astype({"year": int, "age": int, value: float})
    return out


def load(folder: Path | None = None) -> NationalData:
    """Read and check the national files (default: the embedded ones)."""
    return _load(str(folder) if folder is not None else "")


@cache
def _load(folder_text: str) -> NationalData:
    folder = Path(folder_text) if folder_text else _folder()
    check = _Checker("sources.csv")
    src = _frame(
        folder / "sources.csv", ["id", "title", "publisher", "url", "licence", "notes"], check
    )
    sources = set(src["id"])
    # --- municipalities
    check = _Checker("municipalities.csv")
    mun = _frame(folder / "municipalities.csv", ["municipality", "name", "county", "source"], check)
    bad = ~mun["municipality"].str.fullmatch(r"\d{4}")
    for i in np.flatnonzero(bad.to_numpy()):
        check.add(int(i) + 2, "municipality", "a 4-digit number", mun["municipality"].iat[int(i)])
    _choice(mun, "source", sources, check)
    check.raise_if_any()
    names = dict(zip(mun["municipality"], mun["name"], strict=True))
    # --- population (wide by age)
    check = _Checker("population.csv.gz")
    pop = _frame(folder / "population.csv.gz", POPULATION_COLUMNS, check)
    bad = ~pop["municipality"].isin(set(names))
    for i in np.flatnonzero(bad.to_numpy())[:MAX_PROBLEMS]:
        check.add(
            int(i) + 2,
            "municipality",
            "a number listed in municipalities.csv",
            pop["municipality"].iat[i],
        )
    year = _numbers(pop, "year", check, integer=True, lo=1900, hi=2100)
    _choice(pop, "sex", {"female", "male"}, check)
    _choice(pop, "source", sources, check)
    cells = np.empty((len(pop), N_AGES))
    for a, col in enumerate(AGE_COLUMNS):
        cells[:, a] = _numbers(pop, col, check, integer=True, lo=0, hi=1e7)
    dup = pop.duplicated(["municipality", "year", "sex"]).to_numpy()
    for i in np.flatnonzero(dup)[:MAX_PROBLEMS]:
        check.add(
            int(i) + 2,
            "municipality",
            "one row per municipality, year and sex",
            f"{pop['municipality'].iat[i]} {pop['year'].iat[i]} {pop['sex'].iat[i]} again",
        )
    check.raise_if_any()
    numbers = tuple(sorted(set(pop["municipality"])))
    years = np.unique(year).astype(int)
    arr = np.full((len(numbers), len(years), 2, N_AGES), np.nan)
    mi = np.searchsorted(numbers, pop["municipality"].to_numpy())
    yi = np.searchsorted(years, year.astype(int))
    si = (pop["sex"].to_numpy() == "male").astype(int)
    arr[mi, yi, si] = cells
    both = ~np.isnan(arr[..., 0]).any(axis=2) | np.isnan(arr[..., 0]).all(axis=2)
    for m, y in zip(*np.nonzero(~both), strict=True):
        check.add(None, "sex", f"both sexes for {numbers[m]} in {years[y]}", "one")
    last = ~np.isnan(arr[:, -1, 0, 0])
    for m in np.flatnonzero(~last):
        check.add(None, "year", f"a row for {numbers[m]} in {years[-1]}", "none")
    for m in range(len(numbers)):
        have = np.flatnonzero(~np.isnan(arr[m, :, 0, 0]))
        if len(have) and (np.diff(have) != 1).any():
            check.add(None, "year", f"contiguous years for {numbers[m]}", "a gap")
    check.raise_if_any()
    # --- national rates
    mort = _long_table(folder / "mortality.csv.gz", "mx", sources, True, 0)
    fert = _long_table(folder / "fertility.csv.gz", "asfr", sources, False, 0)
    check = _Checker("births.csv")
    births = _frame(folder / "births.csv", ["year", "area", "sex", "births", "source"], check)
    _numbers(births, "year", check, integer=True, lo=1800, hi=2100)
    _numbers(births, "births", check, integer=True, lo=0, hi=1e7)
    _choice(births, "sex", {"female", "male"}, check)
    _choice(births, "area", {"nation"}, check)
    _choice(births, "source", sources, check)
    check.raise_if_any()
    births = births.astype({"year": int, "births": float})
    empty_pop = pd.DataFrame(
        {"year": [int(years[-1])], "age": [0], "sex": ["female"], "population": [0.0]}
    )
    rates = asm.data_from_tables(empty_pop, mort, fert, births)
    if int(mort["age"].max()) < OPEN_AGE:
        pass  # data_from_tables carries the last age's rate upwards
    return NationalData(
        numbers=numbers,
        names={k: names[k] for k in numbers},
        years=years,
        pop=arr,
        rates=rates,
        sources=tuple(sorted(sources)),
    )
