"""Time budgets: every stage of a run finishes in a time proportional to its work, or the run
stops with a message that names the stage, its budget and the work it was given.

A budget is generous — about ten times what the stage takes for the default dataset on a
busy two-core machine — so that it never stops a run that would have finished, only one
that would search for many minutes (a savings solver restarting without end on data it
cannot satisfy, for example). The work of a stage is counted in years × paths, years ×
delays or years × stress tests (:func:`stage_budgets`).

:func:`stage_timer` arms the budget of each stage as the run reports it (``on_stage``) with
a real-time timer (``SIGALRM``); when it expires, :class:`BudgetExceeded` is raised in the
main thread, which stops the run like any error: worker processes are ended and no output
is written. Only the main thread of a process can take signals, so elsewhere the timer does
nothing. ``HANDLINGSROM_BUDGET_SCALE`` scales every budget (2 = twice as long; 0 = none).
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from types import FrameType

from handlingsrom.errors import HandlingsromError

SCALE_VARIABLE = "HANDLINGSROM_BUDGET_SCALE"


@dataclass(frozen=True)
class Budget:
    """The time a stage may take, and its work in words (for the message)."""

    seconds: float
    work: str


# Seconds per unit of work: ~10 × the default dataset's on a busy 2-core machine (the
# default: 41 years, 200 + 100 paths, 11 delays, 4 stress tests; see docs/robustness.md).
FIXED_SECONDS = 60.0
PER_YEAR = 1.0  # population, services, economy: one pass over the years
PER_YEAR_SOLVE = 0.3  # the savings solve: per year and per solve (a delay, a stress test)
PER_YEAR_PATH = 0.01  # the stochastic paths: per year and path
REPORT_SECONDS = 180.0  # the report model, its charts, the files


def stage_budgets(
    years: int,
    population_paths: int,
    risk_paths: int,
    delays: int,
    stress_tests: int,
    workers: int = 2,
) -> dict[str, Budget]:
    """The budget of every stage of a run over ``years`` years. With one worker the stress
    tests and the risk run after the savings without a stage of their own, so the savings'
    budget covers them too."""
    solves = delays + 1
    out = {
        "validate": Budget(FIXED_SECONDS, "the dataset's checks"),
        "population": Budget(FIXED_SECONDS + PER_YEAR * years, f"{years} years"),
        "uncertainty": Budget(
            FIXED_SECONDS + PER_YEAR_PATH * years * population_paths,
            f"{years} years × {population_paths} paths",
        ),
        "services": Budget(FIXED_SECONDS + PER_YEAR * years, f"{years} years"),
        "economy": Budget(FIXED_SECONDS + PER_YEAR * years, f"{years} years"),
        "savings": Budget(FIXED_SECONDS + PER_YEAR_SOLVE * years, f"{years} years, one solve"),
        "waiting": Budget(
            FIXED_SECONDS + PER_YEAR_SOLVE * years * solves,
            f"{years} years × {delays} delays, a savings solve each",
        ),
        # The stress tests and the risk run beside the savings; this is the wait after them.
        "stress": Budget(
            FIXED_SECONDS
            + PER_YEAR_SOLVE * years * 2 * stress_tests
            + PER_YEAR_PATH * years * risk_paths,
            f"{years} years × {stress_tests} stress tests (each solved twice) and "
            f"{risk_paths} risk paths",
        ),
        "risk": Budget(
            FIXED_SECONDS + PER_YEAR_PATH * years * risk_paths,
            f"{years} years × {risk_paths} paths",
        ),
        "model": Budget(REPORT_SECONDS, "the report model"),
        "charts": Budget(REPORT_SECONDS, "the charts"),
        "write": Budget(REPORT_SECONDS, "the report's files"),
    }
    if workers < 2:
        extra = out["stress"].seconds + out["risk"].seconds - 2 * FIXED_SECONDS
        for stage in ("savings", "waiting"):
            b = out[stage]
            out[stage] = Budget(b.seconds + extra, f"{b.work}, then the stress tests and risk")
    return out


class BudgetExceeded(BaseException):
    """A stage did not finish within its budget. Like KeyboardInterrupt it derives from
    BaseException: it may arrive anywhere, and no ``except Exception`` (nor a check that
    turns expected errors into problems) may take it for something else."""

    def __init__(self, stage: str, budget: Budget):
        self.stage = stage
        self.budget = budget
        super().__init__(
            f"stage {stage!r} did not finish within its time budget of {budget.seconds:.0f} s "
            f"({budget.work}); the run was stopped and nothing was written. A savings solve "
            f"that cannot keep the rules can take this long (see docs/robustness.md); "
            f"{SCALE_VARIABLE}=2 gives every stage twice the time"
        )


def budget_scale() -> float:
    """``HANDLINGSROM_BUDGET_SCALE`` (default 1; 0 or less: no budgets)."""
    text = os.environ.get(SCALE_VARIABLE, "").strip()
    if not text:
        return 1.0
    try:
        return float(text)
    except ValueError:
        raise HandlingsromError(
            f"{SCALE_VARIABLE}: expected a number such as 2, found {text!r}"
        ) from None


@contextlib.contextmanager
def stage_timer(
    budgets: Mapping[str, Budget], scale: float | None = None
) -> Iterator[Callable[[str], None]]:
    """An ``arm(stage)`` to call as each stage starts: it gives that stage its budget (a
    stage without one gets none). The timer is off again when the block ends."""
    factor = budget_scale() if scale is None else scale
    usable = threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer")
    if factor <= 0 or not usable:
        yield lambda _stage: None
        return
    current: list[str] = [""]

    def expired(_signum: int, _frame: FrameType | None) -> None:
        stage = current[0]
        raise BudgetExceeded(stage, _scaled(budgets[stage], factor))

    def arm(stage: str) -> None:
        signal.setitimer(signal.ITIMER_REAL, 0)
        current[0] = stage
        if stage in budgets:
            signal.setitimer(signal.ITIMER_REAL, _scaled(budgets[stage], factor).seconds)

    previous = signal.signal(signal.SIGALRM, expired)
    try:
        yield arm
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _scaled(budget: Budget, factor: float) -> Budget:
    return Budget(budget.seconds * factor, budget.work)
