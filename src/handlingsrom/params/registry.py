"""The parameter registry: every parameter of the chain declared once (pure).

A :class:`ParamSpec` says what a parameter is: its dotted path (which may hold a
placeholder such as ``{service}`` for a family of parameters, one per service of the
dataset), its unit, its default (a number, *required*, or *estimated* from the data by its
layer), the layer that reads it, a description and its bounds. Hard bounds make a value an
error; soft bounds (a plausible range) make it a warning.

Each layer declares its own specs next to the code that reads them
(``<layer>/parameters.py``); a :class:`Registry` combines them. The registry is the single
source of defaults (:meth:`Registry.series`), of scenario validation ("did you mean"), of
the checks of a dataset's parameter files (:meth:`Registry.check`), and of the docs and the
Excel template.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from handlingsrom.errors import ParameterError, Problem
from handlingsrom.params.history import Parameter, ParameterSet, ValuePoint

_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


@dataclass(frozen=True)
class ParamSpec:
    """The declaration of one parameter (or of a family, with a ``{placeholder}``)."""

    path: str
    unit: str
    layer: str
    description: str
    default: float | None = None  # None: required (unless ``estimated``)
    estimated: bool = False  # the layer estimates the baseline from the data when absent
    optional: bool = False  # absent = the feature it drives is off (no default needed)
    minimum: float | None = None  # hard bounds: outside is an error
    maximum: float | None = None
    soft_minimum: float | None = None  # plausible range: outside is a warning
    soft_maximum: float | None = None
    integer: bool = False  # whole numbers only (years, counts of years)
    note: str = ""  # why the default or the bounds are what they are
    # Specific to one municipality (its tax base, its own rules, the size of its funds): a
    # new dataset never inherits another municipality's value (``new-dataset``). Estimated
    # levels and families of one parameter per service are always treated as local.
    local: bool = False

    @property
    def required(self) -> bool:
        return self.default is None and not self.estimated and not self.optional

    @property
    def municipal(self) -> bool:
        """Whether the value belongs to one municipality (see ``local``)."""
        return self.local or self.estimated or bool(self.placeholders)

    @property
    def placeholders(self) -> tuple[str, ...]:
        return tuple(_PLACEHOLDER.findall(self.path))

    @property
    def namespace(self) -> str:
        return self.path.split(".", 1)[0]

    def pattern(self) -> re.Pattern[str]:
        parts = _PLACEHOLDER.split(self.path)
        regex = "".join(
            re.escape(p) if i % 2 == 0 else f"(?P<{p}>[A-Za-z0-9_]+)" for i, p in enumerate(parts)
        )
        return re.compile(f"^{regex}$")

    def expand(self, ids: Mapping[str, Sequence[str]]) -> list[str]:
        """The concrete paths of this spec for the given ids per placeholder."""
        paths = [self.path]
        for name in self.placeholders:
            paths = [p.replace("{" + name + "}", v) for p in paths for v in ids.get(name, ())]
        return paths

    def bounds_text(self) -> str:
        """The hard range in words, e.g. ``from 0 to 1 (fraction)``."""
        lo, hi = self.minimum, self.maximum
        if lo is not None and hi is not None:
            text = f"a value from {_num(lo)} to {_num(hi)}"
        elif lo is not None:
            text = f"a value ≥ {_num(lo)}"
        elif hi is not None:
            text = f"a value ≤ {_num(hi)}"
        else:
            text = "a number"
        if self.integer:
            text = text.replace("a value", "a whole number", 1).replace(
                "a number", "a whole number"
            )
        return f"{text} ({self.unit})" if self.unit else text

    def violates(self, value: float) -> bool:
        if not math.isfinite(value):
            return True
        if self.minimum is not None and value < self.minimum - _slack(self.minimum):
            return True
        if self.maximum is not None and value > self.maximum + _slack(self.maximum):
            return True
        return self.integer and not float(value).is_integer()

    def implausible(self, value: float) -> bool:
        lo, hi = self.soft_minimum, self.soft_maximum
        return (lo is not None and value < lo - _slack(lo)) or (
            hi is not None and value > hi + _slack(hi)
        )


def _slack(bound: float) -> float:
    """Rounding room at a bound: a value set exactly to the bound stays inside it after the
    series arithmetic (0.3 comes back as 0.30000000000000004)."""
    return 1e-9 * max(1.0, abs(bound))


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() and abs(x) < 1e15 else f"{x:g}"


@dataclass(frozen=True)
class Finding:
    """A problem (an error) or a warning found in a dataset's parameters."""

    problem: Problem
    warning: bool = False


class Registry(Mapping[str, ParamSpec]):
    """An immutable collection of parameter specs keyed by (pattern) path."""

    def __init__(self, specs: Iterable[ParamSpec] = ()):
        items: dict[str, ParamSpec] = {}
        for s in specs:
            if s.path in items:
                raise ParameterError(f"parameter {s.path} is declared twice")
            items[s.path] = s
        self._items = items
        self._patterns = [(s.pattern(), s) for s in items.values() if s.placeholders]

    def __getitem__(self, path: str) -> ParamSpec:
        return self._items[path]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __add__(self, other: Registry) -> Registry:
        return Registry([*self._items.values(), *other._items.values()])

    # ------------------------------------------------------------------ lookup
    def spec(self, path: str) -> ParamSpec | None:
        """The spec declaring ``path`` (a concrete path or a pattern), or None."""
        hit = self._items.get(path)
        if hit is not None:
            return hit
        for pattern, spec in self._patterns:
            if pattern.match(path):
                return spec
        return None

    def declares(self, path: str, ids: Mapping[str, Sequence[str]] | None = None) -> bool:
        """Whether ``path`` is declared (for a family: whether its ids are known)."""
        spec = self.spec(path)
        if spec is None:
            return False
        if not spec.placeholders or ids is None:
            return True
        found = spec.pattern().match(path)
        assert found is not None
        return all(found.group(n) in ids.get(n, ()) for n in spec.placeholders)

    def paths(self, ids: Mapping[str, Sequence[str]]) -> list[str]:
        """Every concrete path for a dataset with the given ids per placeholder."""
        return [p for s in self._items.values() for p in s.expand(ids)]

    def suggest(self, path: str, ids: Mapping[str, Sequence[str]]) -> str | None:
        """The declared path closest to a mistyped one ("did you mean")."""
        candidates = self.paths(ids)
        near = difflib.get_close_matches(path, candidates, n=1, cutoff=0.6)
        if near:
            return near[0]
        tail = path.rsplit(".", 1)[-1]
        same = [c for c in candidates if c.rsplit(".", 1)[-1] == tail]
        return same[0] if same else None

    # ------------------------------------------------------------------ reading
    def value(self, ps: ParameterSet, path: str, year: int) -> float:
        """The value of ``path`` in ``year``: the set's, else the declared default."""
        return float(self.series(ps, path, np.array([year]))[0])

    def series(self, ps: ParameterSet, path: str, years: Iterable[int]) -> np.ndarray:
        """The values of ``path`` for ``years``: the set's history, else the declared
        default; a required parameter that the set lacks is an error."""
        ys = np.asarray(list(years) if not isinstance(years, np.ndarray) else years)
        if path in ps:
            return ps.series(path, ys)
        spec = self.spec(path)
        if spec is None:
            raise ParameterError(f"parameter {path!r} is not declared in the registry")
        if spec.default is None:
            what = "estimated from the data by its layer" if spec.estimated else "required"
            if spec.optional:
                what = "optional and has no default: check that it is set before reading it"
            raise ParameterError(
                f"parameter {path} is missing: it is {what} ({spec.description}; unit {spec.unit})"
            )
        return np.full(len(ys), float(spec.default))

    def default_parameter(self, path: str, year: int) -> Parameter | None:
        """The default of ``path`` as a one-point history dated ``year`` (None when the
        parameter has no constant default)."""
        spec = self.spec(path)
        if spec is None or spec.default is None:
            return None
        return Parameter(
            path=path,
            points=(ValuePoint(year, float(spec.default), "default"),),
            unit=spec.unit,
            description=f"{spec.description} (default: the dataset does not set it)",
        )

    # ------------------------------------------------------------------ checking
    def check(
        self,
        ps: ParameterSet,
        ids: Mapping[str, Sequence[str]],
        namespaces: Sequence[str] | None = None,
    ) -> list[Finding]:
        """Every problem in a dataset's parameters: an undeclared path (with "did you mean"),
        a unit other than the declared one, a value outside the hard bounds (errors) or the
        plausible range (warnings); required parameters of ``namespaces`` that are missing
        (errors); and the parameters of ``namespaces`` that the dataset does not set and
        whose declared default will be used (warnings naming the default; not for the
        families of one parameter per service or other id, whose default is "no change")."""
        out: list[Finding] = []
        for path, p in ps.items():
            file = p.origin or f"parameters/{path.split('.', 1)[0]}.yaml"
            spec = self.spec(path)
            if spec is None or not self.declares(path, ids):
                hint = self.suggest(path, ids)
                expected = (
                    f"a declared parameter (did you mean {hint}?)"
                    if hint
                    else ("a declared parameter (see docs/parameters.md)")
                )
                out.append(Finding(Problem(file, p.line, path, expected, "an unknown parameter")))
                continue
            if p.unit and spec.unit and p.unit != spec.unit:
                out.append(
                    Finding(Problem(file, p.line, f"{path}.unit", repr(spec.unit), repr(p.unit)))
                )
            for pt in p.points:
                where = f"{path}.values.{pt.year}"
                if spec.violates(pt.value):
                    out.append(
                        Finding(
                            Problem(
                                file, pt.line or p.line, where, spec.bounds_text(), _num(pt.value)
                            )
                        )
                    )
                elif spec.implausible(pt.value):
                    lo = "" if spec.soft_minimum is None else _num(spec.soft_minimum)
                    hi = "" if spec.soft_maximum is None else _num(spec.soft_maximum)
                    rng = f"{lo}–{hi}" if lo and hi else (f"≥ {lo}" if lo else f"≤ {hi}")
                    why = spec.note or "the usual range"
                    out.append(
                        Finding(
                            Problem(
                                file,
                                pt.line or p.line,
                                where,
                                f"a plausible value ({rng} {spec.unit}; {why})",
                                _num(pt.value),
                            ),
                            warning=True,
                        )
                    )
        for spec in self._items.values():
            if namespaces is not None and spec.namespace not in namespaces:
                continue
            if spec.default is not None and not spec.placeholders and spec.path not in ps:
                out.append(
                    Finding(
                        Problem(
                            f"parameters/{spec.namespace}.yaml",
                            None,
                            spec.path,
                            f"a value for {spec.path} ({spec.description}; {spec.unit})",
                            f"none: the default {_num(float(spec.default))} is assumed",
                        ),
                        warning=True,
                    )
                )
            if not spec.required:
                continue
            for path in spec.expand(ids):
                if path not in ps:
                    out.append(
                        Finding(
                            Problem(
                                f"parameters/{spec.namespace}.yaml",
                                None,
                                path,
                                f"a value for {path} ({spec.description}; {spec.unit})",
                                "no such parameter",
                            )
                        )
                    )
        return out
