"""One plan run for any municipality: :func:`run_plan` runs the whole chain over a dataset
and a scenario and returns a frozen, typed :class:`PlanResult`; :func:`check_dataset` runs
every layer's checks of a dataset before anything is computed.

The CLI, the report and the server stand on this package; nothing else orchestrates the
chain.
"""

from handlingsrom.plan.options import (
    STAGE_TITLES,
    STAGES,
    PlanOptions,
    SavingsOptions,
    Stage,
    with_needs,
)
from handlingsrom.plan.result import (
    AGE_GROUPS,
    PlanResult,
    PopulationBands,
    group_totals,
    price_basis,
    support_ratio,
)
from handlingsrom.plan.run import run_plan
from handlingsrom.plan.validate import Validation, check_dataset

__all__ = [
    "AGE_GROUPS",
    "STAGES",
    "STAGE_TITLES",
    "PlanOptions",
    "PlanResult",
    "PopulationBands",
    "SavingsOptions",
    "Stage",
    "Validation",
    "check_dataset",
    "group_totals",
    "price_basis",
    "run_plan",
    "support_ratio",
    "with_needs",
]
