"""The economy layer: operating budget by sector, revenues (tax and the income system),
measures, investments and their financing, loans, funds, key figures and financial rules."""

from handlingsrom.economy.inputs import (
    EconomyInputs,
    StaticInputs,
    prepare,
    static_inputs,
    with_params,
    with_series,
)
from handlingsrom.economy.investments import BUDGET, EXPECTED
from handlingsrom.economy.model import BASES, EconomyResult, PreparedRun, prepare_run, simulate
from handlingsrom.economy.rules import INDICATORS, Rule

__all__ = [
    "BASES",
    "BUDGET",
    "EXPECTED",
    "INDICATORS",
    "EconomyInputs",
    "EconomyResult",
    "PreparedRun",
    "Rule",
    "StaticInputs",
    "prepare",
    "prepare_run",
    "simulate",
    "static_inputs",
    "with_params",
    "with_series",
]
