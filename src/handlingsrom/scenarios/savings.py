"""Required savings and the cost of waiting, solved against any economy (pure).

The solver only needs a function ``evaluate(savings (S, Y)) -> outcome`` whose outcome has
``rules`` (objects with an ``id``), ``kept`` (rule id -> bool array (Y,)) and
``rule_values``; :class:`handlingsrom.economy.EconomyResult` is one, a hand-made toy economy
in the tests is another.

**Model of a restructuring path.** Savings are a *level* ``L[t]`` in NOK (fixed base-year
prices) that lowers expenditure in year ``t`` and every later year: a saving once made
stays. The level never falls, starts at 0 before ``start_year`` and may grow by at most
``max_growth × frame[t]`` from one year to the next (the frame: the baseline's operating
frame, given by the caller). A sector rule spreads the level over sectors: ``savings[s, t] = L[t] ×
shares[s, t]``.

**Solve.** Rules are assumed monotone in savings (more savings never breaks a rule that
held; :func:`check_monotone` tests it on a given economy). The economy is causal (year t
does not depend on later years), so a forward solve finds the smallest level year by year:
in year ``t`` the smallest ``L[t] ≥ L[t-1]`` keeping every rule of year ``t`` given the
earlier years (bisection). When even the cap is not enough, the earlier years must save
more: the solve raises them to the floors the cap implies (``L[t-k] ≥ L*[t] − Σ cap``) and
restarts from there. A rule that no level of savings within reach keeps in a year
(``unreachable``; e.g. a rule that savings do not move) is reported and not chased.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

import numpy as np
import pandas as pd


class Outcome(Protocol):
    """What the solver needs from an economy run."""

    rules: Sequence[Any]
    kept: Mapping[str, np.ndarray]
    rule_values: Mapping[str, np.ndarray]


Evaluate = Callable[[np.ndarray], Outcome]
Allocation = Literal["pro_rata", "protected", "shares"]

DEFAULT_MAX_GROWTH = 0.01  # assumption: at most 1 % of the operating frame more per year
DEFAULT_TOLERANCE_NOK = 100_000.0  # solve to NOK 0.1 million
CEILING_SHARE = 0.5  # never search beyond savings of half the frame


@dataclass(frozen=True)
class SavingsPath:
    """The smallest restructuring path that keeps the rules (or as close as the cap allows)."""

    years: np.ndarray  # (Y,)
    sectors: tuple[str, ...]
    level_nok: np.ndarray  # (Y,) total savings level in each year (persistent), NOK
    savings_nok: np.ndarray  # (S, Y) by sector
    increment_nok: np.ndarray  # (Y,) new savings in each year (level − level the year before)
    cap_nok: np.ndarray  # (Y,) the largest increment allowed each year
    start_year: int
    binding: tuple[str, ...]  # (Y,) id of the rule that sets the level ("" if none)
    unreachable: dict[int, tuple[str, ...]]  # year -> rules no savings within reach keep
    short_of_cap: dict[int, tuple[str, ...]]  # year -> rules the growth cap kept broken
    broken_before_start: dict[int, tuple[str, ...]]  # year -> rules broken while waiting
    feasible: bool  # every rule kept in every year from start_year (bar `unreachable`)
    evaluations: int
    outcome: Any = field(repr=False, default=None)  # the economy run with this path
    tightest: tuple[str, ...] = ()  # (Y,) rule with the least relative margin on the path
    margin: np.ndarray = field(default_factory=lambda: np.zeros(0))  # (Y,) its margin

    @property
    def total_nok(self) -> float:
        """The sum of the yearly savings over the horizon (NOK, fixed prices)."""
        return float(self.level_nok.sum())

    @property
    def peak_nok(self) -> float:
        """The largest new cut in a single year (NOK)."""
        return float(self.increment_nok.max()) if len(self.increment_nok) else 0.0

    def frame(self) -> pd.DataFrame:
        """``year, sector, savings_nok`` (long)."""
        y, s = np.meshgrid(self.years, np.arange(len(self.sectors)), indexing="ij")
        return pd.DataFrame(
            {
                "year": y.ravel(),
                "sector": np.asarray(self.sectors, dtype=object)[s.ravel()],
                "savings_nok": self.savings_nok.T.ravel(),
            }
        )

    def path_frame(self) -> pd.DataFrame:
        """``year, level_nok, increment_nok, cap_nok, binding_rule, tightest_rule, margin``
        (one row per year). ``binding_rule`` names the rule that made the level rise that
        year; ``tightest_rule`` the rule closest to its threshold on the final path and
        ``margin`` how far it is from it (in the rule's unit; ≥ 0 = kept), among the rules
        whose values savings move."""
        n = len(self.years)
        return pd.DataFrame(
            {
                "year": self.years,
                "level_nok": self.level_nok,
                "increment_nok": self.increment_nok,
                "cap_nok": self.cap_nok,
                "binding_rule": list(self.binding),
                "tightest_rule": list(self.tightest) if self.tightest else [""] * n,
                "margin": self.margin if len(self.margin) else np.full(n, np.nan),
            }
        )


# --------------------------------------------------------------------------- allocation
def sector_shares(
    sector_cost: np.ndarray,
    rule: Allocation = "pro_rata",
    protected: Sequence[int] = (),
    shares: Sequence[float] | None = None,
) -> np.ndarray:
    """Shares (S, Y) summing to 1 each year that spread a savings level over sectors.

    ``pro_rata``: in proportion to each sector's cost that year; ``protected``: pro rata
    over the sectors not in ``protected`` (indices); ``shares``: the given fixed shares
    (normalised).
    """
    cost = np.clip(np.asarray(sector_cost, dtype=float), 0.0, None)
    n, y = cost.shape
    if rule == "shares":
        if shares is None or len(shares) != n:
            raise ValueError(f"expected {n} sector shares, found {shares!r}")
        w = np.asarray(shares, dtype=float)
        if (w < 0).any() or w.sum() <= 0:
            raise ValueError(f"expected shares ≥ 0 with a positive sum, found {list(w)}")
        return np.repeat((w / w.sum())[:, None], y, axis=1)
    if rule == "protected":
        cost = cost.copy()
        cost[list(protected)] = 0.0
    elif rule != "pro_rata":
        raise ValueError(f"expected pro_rata, protected or shares, found {rule!r}")
    total = cost.sum(axis=0)
    if (total <= 0).any():
        raise ValueError("no unprotected sector cost left to spread the savings over")
    return cost / total


# --------------------------------------------------------------------------- solver
def _broken(outcome: Outcome, t: int, ignore: frozenset[str] = frozenset()) -> list[str]:
    return [r.id for r in outcome.rules if r.id not in ignore and not bool(outcome.kept[r.id][t])]


def margins(
    outcome: Outcome, ignore: frozenset[str] = frozenset(), nudged: Outcome | None = None
) -> tuple[list[str], np.ndarray]:
    """Per year the rule closest to its threshold (relative to the threshold) and its margin
    in the rule's unit (value − threshold for ≥, threshold − value for ≤; < 0 = broken).

    With ``nudged`` (the economy with somewhat more savings), a rule whose value savings do
    not move in a year is left out that year: a rule the economy holds at its threshold by
    construction (e.g. an equity share target) tells nothing about what binds.
    """
    rel_rows, raw_rows, ids = [], [], []
    for r in outcome.rules:
        if r.id in ignore:
            continue
        v = np.asarray(outcome.rule_values[r.id], dtype=float)
        thr = float(getattr(r, "threshold", 0.0))
        sign = -1.0 if str(getattr(r, "operator", ">=")).startswith("<") else 1.0
        raw = np.where(np.isnan(v), np.inf, sign * (v - thr))
        rel = raw / max(abs(thr), 1e-9)
        if nudged is not None:
            w = np.asarray(nudged.rule_values[r.id], dtype=float)
            inert = np.isclose(v, w, rtol=1e-9, atol=1e-9, equal_nan=True)
            rel = np.where(inert, np.inf, rel)
        raw_rows.append(raw)
        rel_rows.append(rel)
        ids.append(r.id)
    if not ids:
        return [], np.zeros(0)
    rel_all = np.vstack(rel_rows)
    raw_all = np.vstack(raw_rows)
    pick = np.argmin(rel_all, axis=0)
    cols = np.arange(rel_all.shape[1])
    found = np.isfinite(rel_all[pick, cols])
    names = [ids[i] if ok else "" for i, ok in zip(pick, found, strict=True)]
    return names, np.where(found, raw_all[pick, cols], np.nan)


def solve(
    evaluate: Evaluate,
    years: np.ndarray,
    frame_nok: np.ndarray,
    shares: np.ndarray,
    start_year: int | None = None,
    max_growth: float = DEFAULT_MAX_GROWTH,
    tolerance_nok: float = DEFAULT_TOLERANCE_NOK,
    rules: Sequence[str] | None = None,
    sectors: Sequence[str] = (),
) -> SavingsPath:
    """The smallest persistent savings path from ``start_year`` that keeps the rules.

    ``frame_nok`` (Y,) is the operating frame the growth cap refers to; ``shares`` (S, Y)
    spreads the level over sectors; ``rules`` limits the rules to keep (default: all).
    """
    years = np.asarray(years)
    n_years = len(years)
    start = int(years[0]) if start_year is None else int(start_year)
    t0 = int(np.searchsorted(years, start))
    frame_nok = np.asarray(frame_nok, dtype=float)
    cap = np.where(years >= start, max_growth * np.abs(frame_nok), 0.0)
    ceiling = CEILING_SHARE * float(np.abs(frame_nok).max())
    level = np.zeros(n_years)
    floor = np.zeros(n_years)
    floor_reason = [""] * n_years
    binding = [""] * n_years
    unreachable: dict[int, set[str]] = {}
    short: dict[int, set[str]] = {}  # rules the cap kept from being kept
    evaluations = 0

    def run(lv: np.ndarray) -> Outcome:
        nonlocal evaluations
        evaluations += 1
        return evaluate(shares * lv[None, :])

    base = run(level)
    all_ids = [r.id for r in base.rules]
    ignore = frozenset(all_ids) - frozenset(all_ids if rules is None else rules)
    broken_before = {
        int(years[t]): tuple(b) for t in range(min(t0, n_years)) if (b := _broken(base, t, ignore))
    }
    maxed: set[int] = set()  # years whose rules even the fastest path could not keep
    restarts = 0
    t = t0
    while t < n_years:
        year = int(years[t])
        prev = level[t - 1] if t > 0 else 0.0
        lo = max(prev, floor[t])
        skip = ignore | frozenset(unreachable.get(year, ()))
        trial = level.copy()
        trial[t:] = lo
        broken = _broken(run(trial), t, skip)
        if not broken:
            level[t:] = lo
            binding[t] = floor_reason[t] if lo > prev else ""
            t += 1
            continue
        hi = prev + cap[t]
        trial[t:] = hi
        if _broken(run(trial), t, skip):
            hi = ceiling
            trial[t:] = hi
            still = _broken(run(trial), t, skip)
            if still:  # no savings within reach keep these rules this year: do not chase
                unreachable.setdefault(year, set()).update(still)
                continue
        while hi - lo > tolerance_nok:
            mid = 0.5 * (lo + hi)
            trial[t:] = mid
            b = _broken(run(trial), t, skip)
            if b:
                lo, broken = mid, b
            else:
                hi = mid
        need = hi
        if need - prev <= cap[t] + 1e-6:
            level[t:] = need
            binding[t] = broken[0]
            t += 1
            continue
        # The cap is too tight: earlier years must already save more.
        first = t
        restarts += 1
        if restarts > 10 * n_years:  # a safety net: never loop without end
            maxed.add(year)
        if year not in maxed:
            raised: dict[int, float] = {}
            for k in range(t - 1, t0 - 2, -1):
                required = need - cap[k + 1 : t + 1].sum()
                current = level[k] if k >= t0 else 0.0
                if required <= current + 1e-6:
                    break
                if k < t0:  # even saving as fast as allowed from the start is too late
                    first = -1
                    break
                raised[k] = required
                first = k
            if first != -1:
                for k, required in raised.items():
                    floor[k] = max(floor[k], required)
                    floor_reason[k] = broken[0]
        if first == -1:
            # Save as fast as the cap allows from the start, then take what is left.
            maxed.add(year)
            fastest = np.cumsum(cap)
            for k in range(t0, t):
                if fastest[k] > floor[k]:
                    floor[k] = fastest[k]
                    floor_reason[k] = broken[0]
            first = t0
        if first == t:
            level[t:] = prev + cap[t]
            binding[t] = broken[0]
            short.setdefault(year, set()).update(broken)
            t += 1
            continue
        level[first:] = 0.0
        binding[first:] = [""] * (n_years - first)
        t = first
    final = run(level)
    kept_all = all(
        not _broken(final, t, ignore | frozenset(unreachable.get(int(years[t]), ())))
        for t in range(t0, n_years)
    )
    # The rule closest to its threshold among those savings move that year.
    nudged = run(level + max_growth * np.abs(frame_nok))
    tightest, margin = margins(final, ignore, nudged)
    return SavingsPath(
        tightest=tuple(tightest),
        margin=margin,
        years=years,
        sectors=tuple(sectors),
        level_nok=level,
        savings_nok=shares * level[None, :],
        increment_nok=np.diff(level, prepend=0.0),
        cap_nok=cap,
        start_year=start,
        binding=tuple(binding),
        unreachable={y: tuple(sorted(v)) for y, v in unreachable.items()},
        short_of_cap={y: tuple(sorted(v)) for y, v in short.items()},
        broken_before_start=broken_before,
        feasible=kept_all,
        evaluations=evaluations,
        outcome=final,
    )


def uniform_cut_breaks(
    evaluate: Evaluate, path: SavingsPath, factor: float = 0.99, rules: Sequence[str] | None = None
) -> bool:
    """True when scaling the whole path by ``factor`` (< 1) breaks a rule in some year from
    the start year on (that savings can keep): the minimality check of the issue."""
    out = evaluate(path.savings_nok * factor)
    ids = [r.id for r in out.rules]
    ignore = frozenset(ids) - frozenset(ids if rules is None else rules)
    t0 = int(np.searchsorted(path.years, path.start_year))
    for t in range(t0, len(path.years)):
        skip = ignore | frozenset(path.unreachable.get(int(path.years[t]), ()))
        if _broken(out, t, skip):
            return True
    return False


def check_monotone(
    evaluate: Evaluate, shape: np.ndarray, levels: Sequence[float]
) -> dict[str, list[int]]:
    """Where a rule that held at a lower savings level breaks at a higher one.

    Runs the economy with ``shape × level`` for increasing ``levels`` and returns
    rule id -> years where monotonicity fails (empty when the rules are monotone).
    """
    failures: dict[str, list[int]] = {}
    previous: Mapping[str, np.ndarray] | None = None
    for lv in sorted(levels):
        out = evaluate(shape * lv)
        if previous is not None:
            for r in out.rules:
                bad = previous[r.id] & ~np.asarray(out.kept[r.id], dtype=bool)
                if bad.any():
                    failures.setdefault(r.id, []).extend(int(i) for i in np.flatnonzero(bad))
        previous = {r.id: np.asarray(out.kept[r.id], dtype=bool) for r in out.rules}
    return {k: sorted(set(v)) for k, v in failures.items()}


@dataclass(frozen=True)
class WaitingCost:
    """The same solve with savings allowed only from ``first + delay`` (the crisis curve).

    While waiting, the rules may break; the cut each such year needed (``gap``: the
    smallest saving in that year alone that keeps its rules, see :func:`year_gaps`) is not
    made but does not vanish either: it is met from reserves and debt, or must be covered
    later (kommuneloven §14-10). The total cost of a delay is therefore the savings made
    over the horizon plus the gap left open while waiting.
    """

    paths: tuple[SavingsPath, ...]
    delays: tuple[int, ...]
    gap_nok: tuple[float, ...]

    def frame(self) -> pd.DataFrame:
        """``delay_years, total_nok, peak_nok`` then ``start_year, savings_total_nok,
        gap_while_waiting_nok, final_level_nok, feasible, rule_years_broken_waiting``."""
        pairs = zip(self.paths, self.gap_nok, strict=True)
        return pd.DataFrame(
            {
                "delay_years": list(self.delays),
                "total_nok": [p.total_nok + g for p, g in pairs],
                "peak_nok": [p.peak_nok for p in self.paths],
                "start_year": [p.start_year for p in self.paths],
                "savings_total_nok": [p.total_nok for p in self.paths],
                "gap_while_waiting_nok": list(self.gap_nok),
                "final_level_nok": [float(p.level_nok[-1]) for p in self.paths],
                "feasible": [p.feasible for p in self.paths],
                "rule_years_broken_waiting": [
                    sum(len(v) for v in p.broken_before_start.values()) for p in self.paths
                ],
            }
        )


def waiting(
    evaluate: Evaluate,
    years: np.ndarray,
    frame_nok: np.ndarray,
    shares: np.ndarray,
    delays: Sequence[int] = tuple(range(11)),
    start_year: int | None = None,
    **kwargs: Any,
) -> WaitingCost:
    """Solve once per delay: savings may start only ``delay`` years after ``start_year``."""
    first = int(years[0]) if start_year is None else int(start_year)
    paths = tuple(
        solve(evaluate, years, frame_nok, shares, start_year=first + d, **kwargs) for d in delays
    )
    gap = year_gaps(
        evaluate,
        years,
        frame_nok,
        shares,
        until=first + max(delays, default=0),
        rules=kwargs.get("rules"),
        tolerance_nok=kwargs.get("tolerance_nok", DEFAULT_TOLERANCE_NOK),
    )
    gaps = tuple(float(gap[(years >= first) & (years < first + d)].sum()) for d in delays)
    return WaitingCost(paths=paths, delays=tuple(int(d) for d in delays), gap_nok=gaps)


def year_gaps(
    evaluate: Evaluate,
    years: np.ndarray,
    frame_nok: np.ndarray,
    shares: np.ndarray,
    until: int,
    rules: Sequence[str] | None = None,
    tolerance_nok: float = DEFAULT_TOLERANCE_NOK,
) -> np.ndarray:
    """Per year before ``until``: the smallest saving *in that year alone* (none in any other)
    that keeps its rules — what waiting leaves open that year (0 where the rules hold).

    Rules that no saving within reach keeps are left out."""
    years = np.asarray(years)
    out = np.zeros(len(years))
    zero = np.zeros(len(years))
    base = evaluate(shares * zero[None, :])
    ids = [r.id for r in base.rules]
    ignore = frozenset(ids) - frozenset(ids if rules is None else rules)
    ceiling = CEILING_SHARE * float(np.abs(frame_nok).max())
    for t in range(len(years)):
        if years[t] >= until or not _broken(base, t, ignore):
            continue
        level = zero.copy()
        level[t] = ceiling
        still = frozenset(_broken(evaluate(shares * level[None, :]), t, ignore))
        skip = ignore | still
        if not _broken(base, t, skip):
            continue
        lo, hi = 0.0, ceiling
        while hi - lo > tolerance_nok:
            level[t] = 0.5 * (lo + hi)
            if _broken(evaluate(shares * level[None, :]), t, skip):
                lo = level[t]
            else:
                hi = level[t]
        out[t] = hi
    return out
