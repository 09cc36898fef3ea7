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
does not depend on later years), so a forward solve finds the smallest level year by year
(:func:`greedy`): in year ``t`` the smallest ``L[t] ≥ L[t-1]`` keeping every rule of year
``t`` given the earlier years (bisection). When even the cap is not enough, the earlier
years must save more: the solve raises them to the floors the cap implies
(``L[t-k] ≥ L*[t] − Σ cap``) and restarts from there.

**The smallest total.** The forward solve gives the smallest level year by year, not the
smallest total: raising earlier years for the cap can cost more than starting the cuts
later and steeper. :func:`solve` therefore also solves forward from every later start year
up to the first year a rule breaks without savings (later starts keep the rules of the
years before, which need no savings) and keeps the path with the smallest (discounted)
total. A later start's candidates are a subset of an earlier start's, so the smallest total
never falls when the start is later: the cost-of-waiting curve is monotone by construction.

**Infeasible is a result.** When no path within the cap keeps a rule in some year (the
cap is too slow: ``short_of_cap``; or no saving within reach keeps it: ``unreachable``),
the path says which rule, from which year and by how much (``shortfall_nok``), and
``feasible`` is false. Which years no path can keep is a test, not a search: two economy
runs, the fastest path the cap allows and the ceiling in every year, tell them (rules are
monotone in savings, and every path the search considers lies below both); the path then
saves as fast as it may up to the last such year (what comes closest) and the search is
confined to the years after it. The solve is bounded: after ``max_evaluations`` economy runs it
stops with "no solution within N economy runs" (``stopped``), never searching for minutes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
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
DEFAULT_MAX_EVALUATIONS = 5_000  # economy runs per forward solve before it gives up


class _OutOfRuns(Exception):
    """The forward solve used its budget of economy runs."""


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
    # (Y,) how far the level falls short of what the rules need (0 where they are kept; a
    # lower bound in ``unreachable`` years)
    shortfall_nok: np.ndarray = field(default_factory=lambda: np.zeros(0))
    stopped: str = ""  # why the solve stopped early ("" when it finished)
    discount_rate: float = 0.0  # of the objective (the discounted total)

    @property
    def discounted_total_nok(self) -> float:
        """The objective: Σ level[t] / (1 + r)^(t − first year)."""
        return float((self.level_nok * _discount(len(self.years), self.discount_rate)).sum())

    @property
    def infeasible(self) -> dict[str, int]:
        """Rule id -> the first year it cannot be kept (empty when the path is feasible)."""
        first: dict[str, int] = {}
        for y, rules in sorted({**self.short_of_cap, **self.unreachable}.items()):
            for rule in rules:
                first.setdefault(rule, int(y))
        for y, rules in sorted(self.broken_before_start.items()):
            for rule in rules:
                first[rule] = min(first.get(rule, int(y)), int(y))
        return first

    def message(self) -> str:
        """One line in English: every rule kept, or which cannot be, from when, the gap."""
        if self.stopped:
            return f"no solution: {self.stopped}"
        if self.feasible:
            return "every rule kept"
        parts = [f"{rule} from {year}" for rule, year in sorted(self.infeasible.items())]
        gap = float(np.nansum(self.shortfall_nok))
        return (
            "the rules cannot be kept within the pace limit: "
            + ", ".join(parts)
            + f" (short by {gap / 1e6:,.0f} MNOK over the horizon)".replace(",", " ")
        )

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
        broken = [
            " ".join(
                sorted({*self.short_of_cap.get(int(y), ()), *self.unreachable.get(int(y), ())})
            )
            for y in self.years
        ]
        return pd.DataFrame(
            {
                "year": self.years,
                "level_nok": self.level_nok,
                "increment_nok": self.increment_nok,
                "cap_nok": self.cap_nok,
                "binding_rule": list(self.binding),
                "tightest_rule": list(self.tightest) if self.tightest else [""] * n,
                "margin": self.margin if len(self.margin) else np.full(n, np.nan),
                "rules_not_kept": broken,
                "shortfall_nok": self.shortfall_nok if len(self.shortfall_nok) else np.zeros(n),
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


def _discount(n: int, rate: float) -> np.ndarray:
    return (1.0 + rate) ** -np.arange(n, dtype=float)


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
    discount_rate: float = 0.0,
    max_evaluations: int = DEFAULT_MAX_EVALUATIONS,
    _cache: dict[int, SavingsPath] | None = None,
) -> SavingsPath:
    """The persistent savings path from ``start_year`` with the smallest discounted total
    that keeps the rules (see the module docstring): the forward solve from the start year
    and from each later year up to the first year a rule breaks without savings."""
    years = np.asarray(years)
    start = int(years[0]) if start_year is None else int(start_year)
    cache = {} if _cache is None else _cache

    def forward(first: int) -> SavingsPath:
        if first not in cache:
            cache[first] = greedy(evaluate, years, frame_nok, shares, first, max_growth,
                                  tolerance_nok, rules, sectors, discount_rate,
                                  max_evaluations)  # fmt: skip
        return cache[first]

    best = forward(start)
    if best.stopped or not best.feasible or not best.level_nok.any():
        return best
    # starts later than the first year with savings and no later than the first year a rule
    # breaks without savings: each keeps the rules of the years before it
    first_cut = int(years[np.flatnonzero(best.level_nok > 0)[0]])
    last_start = _first_broken(evaluate, years, shares, rules)
    later = [int(y) for y in years if first_cut < y <= last_start]
    for first in later:
        if first < start:
            continue
        candidate = forward(first)
        if (
            candidate.feasible
            and not candidate.stopped
            and candidate.discounted_total_nok < (best.discounted_total_nok - 1e-6)
        ):
            best = candidate
    return replace(best, start_year=start, cap_nok=_cap(years, frame_nok, start, max_growth))


def _cap(years: np.ndarray, frame_nok: np.ndarray, start: int, max_growth: float) -> np.ndarray:
    return np.where(years >= start, max_growth * np.abs(np.asarray(frame_nok, dtype=float)), 0.0)


def _first_broken(
    evaluate: Evaluate, years: np.ndarray, shares: np.ndarray, rules: Sequence[str] | None
) -> int:
    """The first year a rule breaks without savings (the last year when none does)."""
    base = evaluate(shares * np.zeros(len(years))[None, :])
    ids = [r.id for r in base.rules]
    ignore = frozenset(ids) - frozenset(ids if rules is None else rules)
    for t in range(len(years)):
        if _broken(base, t, ignore):
            return int(years[t])
    return int(years[-1])


def greedy(
    evaluate: Evaluate,
    years: np.ndarray,
    frame_nok: np.ndarray,
    shares: np.ndarray,
    start_year: int | None = None,
    max_growth: float = DEFAULT_MAX_GROWTH,
    tolerance_nok: float = DEFAULT_TOLERANCE_NOK,
    rules: Sequence[str] | None = None,
    sectors: Sequence[str] = (),
    discount_rate: float = 0.0,
    max_evaluations: int = DEFAULT_MAX_EVALUATIONS,
) -> SavingsPath:
    """The forward solve: the smallest level year by year from ``start_year`` that keeps
    the rules (``frame_nok`` (Y,) is the frame the cap refers to; ``shares`` (S, Y) spreads
    the level over sectors; ``rules`` limits the rules to keep)."""
    years = np.asarray(years)
    n_years = len(years)
    start = int(years[0]) if start_year is None else int(start_year)
    t0 = int(np.searchsorted(years, start))
    frame_nok = np.asarray(frame_nok, dtype=float)
    cap = _cap(years, frame_nok, start, max_growth)
    ceiling = CEILING_SHARE * float(np.abs(frame_nok).max())
    level = np.zeros(n_years)
    floor = np.zeros(n_years)
    shortfall = np.zeros(n_years)
    floor_reason = [""] * n_years
    binding = [""] * n_years
    unreachable: dict[int, set[str]] = {}
    short: dict[int, set[str]] = {}  # rules the cap kept from being kept
    evaluations = 0
    stopped = ""

    def run(lv: np.ndarray) -> Outcome:
        nonlocal evaluations
        if evaluations >= max_evaluations:
            raise _OutOfRuns
        evaluations += 1
        return evaluate(shares * lv[None, :])

    base = run(level)
    all_ids = [r.id for r in base.rules]
    ignore = frozenset(all_ids) - frozenset(all_ids if rules is None else rules)
    broken_before = {
        int(years[t]): tuple(b) for t in range(min(t0, n_years)) if (b := _broken(base, t, ignore))
    }
    # once the floors are the fastest path from the start (saving as fast as the cap allows),
    # no earlier year can save more: a later year that is still short stays short
    full_pace = False
    t = t0
    try:
        if t0 < n_years:
            full_pace = _test_feasible(
                run, years, cap, ceiling, t0, ignore, floor, floor_reason, unreachable
            )
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
                    shortfall[t] = max(shortfall[t], ceiling - prev)
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
            first = _raise_earlier(
                level, floor, floor_reason, cap, t, t0, need, broken[0], full_pace
            )
            if first == -1:
                full_pace = True
                first = t0
            if first == t:
                level[t:] = prev + cap[t]
                binding[t] = broken[0]
                shortfall[t] = need - level[t]
                short.setdefault(year, set()).update(broken)
                t += 1
                continue
            level[first:] = 0.0
            binding[first:] = [""] * (n_years - first)
            t = first
    except _OutOfRuns:
        stopped = f"no solution within {max_evaluations} economy runs"
    for year in unreachable:  # a lower bound: no saving within reach keeps them (a year
        if year in short:  # also short of the cap has the gap of the rules savings move)
            continue
        t = int(np.searchsorted(years, year))
        shortfall[t] = max(shortfall[t], ceiling - (level[t - 1] if t > 0 else 0.0))
    final = evaluate(shares * level[None, :])
    kept_all = not stopped and all(not _broken(final, t, ignore) for t in range(t0, n_years))
    # The rule closest to its threshold among those savings move that year.
    nudged = evaluate(shares * (level + max_growth * np.abs(frame_nok))[None, :])
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
        evaluations=evaluations + 2,
        outcome=final,
        shortfall_nok=shortfall,
        stopped=stopped,
        discount_rate=discount_rate,
    )


def _test_feasible(
    run: Callable[[np.ndarray], Outcome],
    years: np.ndarray,
    cap: np.ndarray,
    ceiling: float,
    t0: int,
    ignore: frozenset[str],
    floor: np.ndarray,
    reason: list[str],
    unreachable: dict[int, set[str]],
) -> bool:
    """Which years no path can keep, from two economy runs instead of a search.

    Every path the search considers lies below the fastest one (saving as fast as the cap
    allows from the start, never beyond the ceiling) and below the ceiling path (the
    ceiling in every year from the start). Rules being monotone in savings, a
    rule the ceiling path breaks in a year is unreachable that year (recorded in
    ``unreachable``, left out of the search); a rule only the fastest path breaks cannot be
    kept within the pace limit. When there is such a year, the floors up to the last
    one become the fastest path — the path that comes closest — and True is returned (the
    search then raises no earlier year: it is confined to the years after it)."""
    n_years = len(years)
    fastest = np.minimum(np.cumsum(cap), ceiling)
    fast = run(fastest)
    doomed = [t for t in range(t0, n_years) if _broken(fast, t, ignore)]
    if not doomed:
        return False
    top = run(np.where(np.arange(n_years) >= t0, ceiling, 0.0))
    short: list[tuple[int, str]] = []
    for t in doomed:
        beyond = _broken(top, t, ignore)
        if beyond:
            unreachable.setdefault(int(years[t]), set()).update(beyond)
        left = _broken(fast, t, ignore | frozenset(beyond))
        if left:
            short.append((t, left[0]))
    if not short:
        return False
    k = 0
    for t in range(t0, short[-1][0] + 1):
        while short[k][0] < t:
            k += 1
        floor[t], reason[t] = fastest[t], short[k][1]
    return True


def _raise_earlier(
    level: np.ndarray,
    floor: np.ndarray,
    reason: list[str],
    cap: np.ndarray,
    t: int,
    t0: int,
    need: float,
    rule: str,
    maxed: bool,
) -> int:
    """The cap is too tight in year ``t``: raise the floors of earlier years to what the cap
    implies (``L[t-k] ≥ need − Σ cap``). Returns the first year raised, ``t`` when none can
    be (the cap has already been used from the start), or -1 when even saving as fast as
    allowed from the start is too late (the floors are then the fastest path)."""
    if maxed:
        return t
    raised: dict[int, float] = {}
    first = t
    for k in range(t - 1, t0 - 2, -1):
        required = need - cap[k + 1 : t + 1].sum()
        current = level[k] if k >= t0 else 0.0
        if required <= current + 1e-6:
            break
        if k < t0:
            fastest = np.cumsum(cap)
            for j in range(t0, t):
                if fastest[j] > floor[j]:
                    floor[j], reason[j] = fastest[j], rule
            return -1
        raised[k] = required
        first = k
    for k, required in raised.items():
        floor[k] = max(floor[k], required)
        reason[k] = rule
    return first


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
    later (kommuneloven §14-10). The measured cost of a delay is the savings made over the
    horizon plus the gap left open while waiting.

    **Never falling.** An earlier start can always do what a later one does, so the true
    cost of a later start is never lower. Among starts that keep every rule the solve's
    totals are monotone by construction; a start past the *point of no return* (a rule
    broken while waiting, or the pace limit too slow) is reported as such, and its
    ``total_nok`` is at least the total of the start before it (the measured figure, whose
    one-year gaps understate a broken rule's cost, is ``measured_total_nok``).
    """

    paths: tuple[SavingsPath, ...]
    delays: tuple[int, ...]
    gap_nok: tuple[float, ...]

    def kept(self, i: int) -> bool:
        """Whether the start of delay ``delays[i]`` keeps every rule in every year."""
        p = self.paths[i]
        return p.feasible and not p.broken_before_start and not p.stopped

    @property
    def point_of_no_return(self) -> int | None:
        """The last start year that keeps every rule, when a later one in the curve does
        not (None when every start keeps them, or none does)."""
        ok = [self.kept(i) for i in range(len(self.paths))]
        if all(ok) or not ok[0]:
            return None
        last = max(i for i, k in enumerate(ok) if k)
        return self.paths[last].start_year

    def message(self) -> str:
        """ "The rules cannot be kept after year X without cuts of Y" (or that they can)."""
        year = self.point_of_no_return
        if year is None:
            if self.paths and not self.kept(0):
                return "the rules cannot be kept even when the cuts start now"
            return "every start in the curve keeps the rules"
        i = [p.start_year for p in self.paths].index(year) + 1
        cuts = self.paths[i].total_nok + self.gap_nok[i]
        return (
            f"the rules cannot be kept after {year} without cuts of {cuts / 1e6:,.0f} MNOK".replace(
                ",", " "
            )
            + f" (a start in {self.paths[i].start_year}: {self.paths[i].message()})"
        )

    def frame(self) -> pd.DataFrame:
        """``delay_years, total_nok, peak_nok`` then ``start_year, savings_total_nok,
        gap_while_waiting_nok, final_level_nok, feasible, rule_years_broken_waiting,
        measured_total_nok, discounted_total_nok, status``."""
        measured = [p.total_nok + g for p, g in zip(self.paths, self.gap_nok, strict=True)]
        total = np.maximum.accumulate(np.asarray(measured)) if measured else np.zeros(0)
        return pd.DataFrame(
            {
                "delay_years": list(self.delays),
                "total_nok": total,
                "peak_nok": [p.peak_nok for p in self.paths],
                "start_year": [p.start_year for p in self.paths],
                "savings_total_nok": [p.total_nok for p in self.paths],
                "gap_while_waiting_nok": list(self.gap_nok),
                "final_level_nok": [float(p.level_nok[-1]) for p in self.paths],
                "feasible": [self.kept(i) for i in range(len(self.paths))],
                "rule_years_broken_waiting": [
                    sum(len(v) for v in p.broken_before_start.values()) for p in self.paths
                ],
                "measured_total_nok": measured,
                "discounted_total_nok": [p.discounted_total_nok for p in self.paths],
                "status": [_status(p) for p in self.paths],
            }
        )


PAST_NO_RETURN = "not solved: past the point of no return"


def _past_no_return(earlier: SavingsPath, years: np.ndarray, start: int) -> SavingsPath:
    """The entry of a start later than one that already cannot keep the rules."""
    n = len(years)
    return replace(
        earlier,
        start_year=start,
        level_nok=np.zeros(n),
        savings_nok=np.zeros_like(earlier.savings_nok),
        increment_nok=np.zeros(n),
        binding=("",) * n,
        feasible=False,
        evaluations=0,
        outcome=None,
        stopped=f"{PAST_NO_RETURN} (a start in {earlier.start_year} cannot keep the rules)",
    )


def _status(p: SavingsPath) -> str:
    if p.stopped.startswith(PAST_NO_RETURN):
        return "past_point_of_no_return"
    if p.stopped:
        return "stopped"
    if p.broken_before_start:
        return "rules_broken_while_waiting"
    if p.unreachable:
        return "unreachable"
    if p.short_of_cap or not p.feasible:
        return "pace_too_slow"
    return "kept"


def waiting(
    evaluate: Evaluate,
    years: np.ndarray,
    frame_nok: np.ndarray,
    shares: np.ndarray,
    delays: Sequence[int] = tuple(range(11)),
    start_year: int | None = None,
    **kwargs: Any,
) -> WaitingCost:
    """Solve once per delay: savings may start only ``delay`` years after ``start_year``.
    The forward solves are shared between the delays (a start no later than the first cut
    of an earlier start's feasible path gives the same path)."""
    first = int(years[0]) if start_year is None else int(start_year)
    cache: dict[int, SavingsPath] = {}
    paths: list[SavingsPath] = []
    short: SavingsPath | None = None  # the first start that cannot keep the rules from itself
    for d in delays:
        start = first + d
        if short is not None:
            # an earlier start cannot keep the rules, so no later one can (its options are
            # a subset): past the point of no return, reported as such, not solved again
            paths.append(_past_no_return(short, years, start))
            continue
        known = [p for y, p in cache.items() if y <= start and p.feasible and not p.stopped]
        for p in known:
            cut = np.flatnonzero(p.level_nok > 0)
            if start not in cache and (not len(cut) or start <= int(years[cut[0]])):
                cache[start] = replace(p, start_year=start)
        paths.append(solve(evaluate, years, frame_nok, shares, start_year=start, _cache=cache,
                           **kwargs))  # fmt: skip
        if not paths[-1].feasible and not paths[-1].stopped:
            short = paths[-1]
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
    return WaitingCost(paths=tuple(paths), delays=tuple(int(d) for d in delays), gap_nok=gaps)


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
