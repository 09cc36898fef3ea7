"""What a plan run computes and how: :class:`PlanOptions` (typed, validated, immutable)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal, get_args

from handlingsrom.errors import HandlingsromError
from handlingsrom.scenarios import Scenario
from handlingsrom.scenarios.savings import (
    DEFAULT_MAX_EVALUATIONS,
    DEFAULT_MAX_GROWTH,
    Allocation,
)

# The economy's basis: what the model expects to happen, or what the action programme
# would show (docs/economy.md, "Budget basis and expected outcome").
Basis = Literal["expected", "budget"]

Stage = Literal[
    "population", "uncertainty", "services", "economy", "savings", "waiting", "stress", "risk"
]
STAGES: tuple[Stage, ...] = get_args(Stage)

# What each stage needs computed before it.
NEEDS: dict[Stage, tuple[Stage, ...]] = {
    "population": (),
    "uncertainty": ("population",),
    "services": ("population",),
    "economy": ("services",),
    "savings": ("economy",),
    "waiting": ("savings",),
    "stress": ("economy",),
    "risk": ("economy",),
}

# English names of the stages, for progress displays and run.json.
STAGE_TITLES: dict[Stage, str] = {
    "population": "Population projection",
    "uncertainty": "Stochastic population paths",
    "services": "Service demand, capacity and staff",
    "economy": "Budget, key figures and financial rules",
    "savings": "Required savings",
    "waiting": "The cost of waiting",
    "stress": "Stress tests",
    "risk": "Probability of breaking each rule",
}

MAX_PATHS = 100_000  # stochastic paths: more say nothing new and take minutes


def with_needs(stages: Iterable[Stage]) -> frozenset[Stage]:
    """``stages`` and every stage they need."""
    out: set[Stage] = set()
    todo = list(stages)
    while todo:
        s = todo.pop()
        if s not in out:
            out.add(s)
            todo.extend(NEEDS[s])
    return frozenset(out)


@dataclass(frozen=True)
class SavingsOptions:
    """How the required savings are solved (see :mod:`handlingsrom.scenarios.savings`)."""

    start_year: int | None = None  # default: the base year
    max_growth: float = DEFAULT_MAX_GROWTH  # fraction of the operating frame per year
    allocation: Allocation = "pro_rata"
    protected: tuple[str, ...] = ()  # sector ids, with allocation "protected"
    shares: tuple[float, ...] | None = None  # with allocation "shares", in sector order
    rules: tuple[str, ...] | None = None  # the rules to keep (default: every rule)
    delays: tuple[int, ...] = tuple(range(11))  # of the cost-of-waiting curve
    discount_rate: float = 0.0  # of the objective: the smallest discounted total
    max_evaluations: int = DEFAULT_MAX_EVALUATIONS  # economy runs per forward solve

    def __post_init__(self) -> None:
        if not 0 < self.max_growth <= 0.5:
            raise HandlingsromError(
                f"savings max_growth: expected a fraction in (0, 0.5], found {self.max_growth}"
            )
        if self.allocation not in get_args(Allocation):
            raise HandlingsromError(
                f"savings allocation: expected pro_rata, protected or shares, "
                f"found {self.allocation!r}"
            )
        if not -0.5 < self.discount_rate <= 0.5:
            raise HandlingsromError(
                f"savings discount_rate: expected a fraction in (-0.5, 0.5], found "
                f"{self.discount_rate}"
            )
        if self.max_evaluations < 1:
            raise HandlingsromError(
                f"savings max_evaluations: expected at least 1, found {self.max_evaluations}"
            )
        if any(d < 0 or d > 40 for d in self.delays):
            raise HandlingsromError(
                f"savings delays: expected 0 to 40 years, found {list(self.delays)}"
            )


@dataclass(frozen=True)
class PlanOptions:
    """What :func:`handlingsrom.plan.run_plan` computes, and how."""

    end_year: int | None = None  # default: base year + 40
    # default: the dataset's; an earlier one uses only what was known then (a back-test)
    base_year: int | None = None
    stages: frozenset[Stage] = frozenset(STAGES)  # the stages wanted; what they need is added
    population_paths: int = 200  # stochastic population paths for the uncertainty bands
    risk_paths: int = 1000  # paths of population, interest and tax for the rule risk
    seed: int = 2017
    savings: SavingsOptions = field(default_factory=SavingsOptions)
    risk_with_savings: bool = False  # apply the required-savings path on every risk path
    stress_savings: bool = True  # solve the required savings of each stress test
    # The stress tests to run beside the plan (None: the dataset's own, kind = "stress").
    stress_tests: tuple[Scenario, ...] | None = None
    workers: int = 2  # processes: 2 runs the stress tests and risk beside the savings
    # The basis of the economy the rules, savings, stress tests and risk are computed on:
    # "expected" (what the model expects to happen) or "budget" (the action programme's
    # view). The plan result carries both economies either way.
    basis: Basis = "expected"

    def __post_init__(self) -> None:
        unknown = set(self.stages) - set(STAGES)
        if unknown:
            raise HandlingsromError(
                f"stages: expected some of {', '.join(STAGES)}, found {sorted(unknown)}"
            )
        for name in ("population_paths", "risk_paths"):
            n = getattr(self, name)
            if not 0 <= n <= MAX_PATHS:
                raise HandlingsromError(f"{name}: expected 0 to {MAX_PATHS}, found {n}")
        if self.basis not in get_args(Basis):
            raise HandlingsromError(
                f"basis: expected one of {', '.join(get_args(Basis))}, found {self.basis!r}"
            )
        if self.workers < 1:
            raise HandlingsromError(f"workers: expected at least 1, found {self.workers}")

    @property
    def wanted(self) -> frozenset[Stage]:
        """The stages to compute: those asked for and what they need."""
        return with_needs(self.stages)
