"""Parameters whose values change over time.

A :class:`Parameter` is a history: values keyed by the year they take effect. Reading it
"as of 2031" returns the latest value whose year is not later than 2031 (``step``), or a
straight line between the surrounding points (``linear``). Before the first year the first
value holds, so a parameter dated from the base year also serves a back-test.

A :class:`ParameterSet` is an immutable mapping of dotted paths (``demography.tfr``) to
parameters. Scenarios never change a set in place: :meth:`ParameterSet.with_overrides`
returns a new set (copy-on-write) and leaves the baseline untouched.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Literal

import numpy as np

from handlingsrom.errors import ParameterError

Interpolation = Literal["step", "linear"]
MEMO_SIZE = 32  # year sets kept per parameter (a run asks for a handful)


@dataclass(frozen=True)
class ValuePoint:
    """One dated value and where it comes from."""

    year: int
    value: float
    source: str = ""
    line: int | None = field(default=None, compare=False)  # line in its file, if read from one


@dataclass(frozen=True)
class Parameter:
    """A time-dated parameter with unit, description and a source per value."""

    path: str
    points: tuple[ValuePoint, ...]
    unit: str = ""
    description: str = ""
    interpolation: Interpolation = "step"
    origin: str = field(default="", compare=False)  # the file it was read from, if any
    line: int | None = field(default=None, compare=False)  # the line of its name there
    _years: np.ndarray = field(init=False, repr=False, compare=False)
    _values: np.ndarray = field(init=False, repr=False, compare=False)
    # series already read, by the years asked for (a run reads the same ones again and again)
    _memo: dict[bytes, np.ndarray] = field(init=False, repr=False, compare=False)
    # override years -> how they merge with the points (``series_overridden``)
    _merges: dict[bytes, tuple[np.ndarray, np.ndarray, np.ndarray]] = field(
        init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        if not self.points:
            raise ParameterError(f"parameter {self.path}: expected at least one value, found none")
        pts = tuple(sorted(self.points, key=lambda p: p.year))
        years = [p.year for p in pts]
        if len(set(years)) != len(years):
            raise ParameterError(f"parameter {self.path}: expected distinct years, found {years}")
        object.__setattr__(self, "points", pts)
        object.__setattr__(self, "_years", np.array(years, dtype=np.int64))
        object.__setattr__(self, "_values", np.array([p.value for p in pts], dtype=float))
        object.__setattr__(self, "_memo", {})
        object.__setattr__(self, "_merges", {})

    def at(self, year: int) -> float:
        """The value in force in ``year``."""
        return float(self.series([year])[0])

    def series(self, years: Iterable[int]) -> np.ndarray:
        """Values for each year in ``years`` as a float array (a new array each call).

        The values of the years asked for are kept (a parameter is immutable): the risk
        paths and the savings solver read the same series thousands of times in a run."""
        if isinstance(years, np.ndarray) and years.dtype == np.int64 and years.ndim == 1:
            ys = years
        else:
            ys = np.asarray(list(years), dtype=np.int64)
        key = ys.tobytes()
        hit = self._memo.get(key)
        if hit is None:
            if len(self._memo) >= MEMO_SIZE:
                self._memo.clear()
            hit = self._memo[key] = self._read(ys)
        return hit.copy()

    def _read(self, ys: np.ndarray) -> np.ndarray:
        if self.interpolation == "linear":
            return np.interp(ys, self._years, self._values)
        idx = np.searchsorted(self._years, ys, side="right") - 1
        return self._values[np.clip(idx, 0, None)]

    def series_overridden(
        self, override_years: np.ndarray, values: np.ndarray, years: np.ndarray
    ) -> np.ndarray:
        """``self.overridden(dict(zip(override_years, values))).series(years)`` without
        building the parameter: the same points in the same order, read the same way (a
        risk path overrides three parameters in every year; the merge of the years is
        kept, only the values change from path to path)."""
        oy = np.asarray(override_years, dtype=np.int64)
        key = oy.tobytes()
        merge = self._merges.get(key)
        if merge is None:
            if len(set(oy.tolist())) != len(oy):
                raise ParameterError(f"parameter {self.path}: expected distinct override years")
            keep = np.flatnonzero(~np.isin(self._years, oy))
            all_years = np.concatenate([self._years[keep], oy])
            order = np.argsort(all_years, kind="stable")
            if len(self._merges) >= MEMO_SIZE:
                self._merges.clear()
            merge = self._merges[key] = (keep, order, all_years[order])
        keep_idx, order, merged_years = merge
        merged = np.concatenate([self._values[keep_idx], np.asarray(values, dtype=float)])[order]
        ys = np.asarray(years, dtype=np.int64)
        if self.interpolation == "linear":
            return np.interp(ys, merged_years, merged)
        idx = np.searchsorted(merged_years, ys, side="right") - 1
        return merged[np.clip(idx, 0, None)]

    def source_at(self, year: int) -> str:
        idx = int(np.searchsorted(self._years, year, side="right")) - 1
        return self.points[max(idx, 0)].source

    def overridden(self, values: Mapping[int, float], source: str = "scenario") -> Parameter:
        """A copy with ``values`` added or replacing the points of the same year."""
        kept = [p for p in self.points if p.year not in values]
        new = [ValuePoint(int(y), float(v), source) for y, v in values.items()]
        return replace(self, points=tuple(kept + new))


class ParameterSet(Mapping[str, Parameter]):
    """An immutable collection of parameters keyed by dotted path."""

    def __init__(self, parameters: Iterable[Parameter] = ()):
        items: dict[str, Parameter] = {}
        for p in parameters:
            if p.path in items:
                raise ParameterError(f"parameter {p.path} is defined twice")
            items[p.path] = p
        self._items = MappingProxyType(items)

    def __getitem__(self, path: str) -> Parameter:
        try:
            return self._items[path]
        except KeyError:
            near = [k for k in self._items if k.split(".")[-1] == path.split(".")[-1]]
            hint = f"; did you mean {near[0]}?" if near else ""
            raise ParameterError(f"unknown parameter {path!r}{hint}") from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __reduce__(self) -> tuple[type[ParameterSet], tuple[tuple[Parameter, ...]]]:
        return (ParameterSet, (tuple(self._items.values()),))

    def __contains__(self, path: object) -> bool:
        return path in self._items

    def get(self, path: str, default: Parameter | None = None) -> Parameter | None:  # type: ignore[override]
        return self._items.get(path, default)

    def __len__(self) -> int:
        return len(self._items)

    def value(self, path: str, year: int) -> float:
        return self[path].at(year)

    def series(self, path: str, years: Iterable[int]) -> np.ndarray:
        return self[path].series(years)

    def get_value(self, path: str, year: int, default: float) -> float:
        """The value of ``path`` in ``year``, or ``default`` when the set has no such parameter."""
        return self._items[path].at(year) if path in self._items else default

    def merged(self, other: ParameterSet) -> ParameterSet:
        """A new set with ``other``'s parameters added; ``other`` wins on the same path."""
        items = dict(self._items)
        items.update(other._items)
        return ParameterSet(items.values())

    def with_overrides(
        self, overrides: Mapping[str, Mapping[int, float]], source: str = "scenario"
    ) -> ParameterSet:
        """A new set where each path's history gets the given ``{year: value}`` points.

        An empty mapping returns a set equal to this one.
        """
        items = dict(self._items)
        for path, values in overrides.items():
            items[path] = self[path].overridden(values, source)
        return ParameterSet(items.values())
