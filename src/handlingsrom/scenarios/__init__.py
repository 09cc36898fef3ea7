"""The scenarios layer: scenarios as data, the whole chain, required savings and the cost of
waiting, stress tests and the probability of breaking each financial rule."""

from handlingsrom.scenarios.apply import apply
from handlingsrom.scenarios.chain import ChainResult, compare, run_chain, stack
from handlingsrom.scenarios.embedded import dataset_scenarios, named_scenario, stress_tests_of
from handlingsrom.scenarios.model import (
    BASELINE,
    ParamOverride,
    Scenario,
    ScenarioFileError,
    TableChange,
    combine,
    parse_scenario,
    parse_scenario_data,
)
from handlingsrom.scenarios.risk import RiskResult, rule_risk
from handlingsrom.scenarios.savings import SavingsPath, WaitingCost, sector_shares
from handlingsrom.scenarios.solve import (
    cost_of_waiting,
    cost_of_waiting_for,
    required_savings,
    required_savings_for,
)
from handlingsrom.scenarios.stress import StressResult, stress_tests

__all__ = [
    "BASELINE",
    "ChainResult",
    "ParamOverride",
    "RiskResult",
    "SavingsPath",
    "Scenario",
    "ScenarioFileError",
    "StressResult",
    "TableChange",
    "WaitingCost",
    "apply",
    "combine",
    "compare",
    "cost_of_waiting",
    "cost_of_waiting_for",
    "dataset_scenarios",
    "named_scenario",
    "parse_scenario",
    "parse_scenario_data",
    "required_savings",
    "required_savings_for",
    "rule_risk",
    "run_chain",
    "sector_shares",
    "stack",
    "stress_tests",
    "stress_tests_of",
]
