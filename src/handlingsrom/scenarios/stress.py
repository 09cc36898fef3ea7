"""Stress tests side by side with the baseline: key figures, rules, required savings (pure).

The four built-in tests are Bærum's LDIP 2018–2037 stress tests
(``baerum-hp-2017-2020/ldip_stress_tests.csv``): a revenue shortfall growing to 4 % over 20
years, interest +2 percentage points, a higher investment level in the last 10 years, and
an earlier development area (Avtjerna from 2030). Each is a scenario file in the default
dataset (``scenarios/*.toml``); the same texts are built in here so that the computational
core needs no file access (a test checks that the files and the texts agree). A dataset
may bring other stress tests: pass them as ``scenarios``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from handlingsrom.dataset.model import Dataset
from handlingsrom.params import ParameterSet
from handlingsrom.scenarios.chain import ChainResult, compare, run_chain, with_params
from handlingsrom.scenarios.model import BASELINE, Scenario, parse_scenario
from handlingsrom.scenarios.savings import DEFAULT_MAX_GROWTH, SavingsPath
from handlingsrom.scenarios.solve import required_savings_for

LDIP_SOURCE = "baerum-hp-2017-2020/ldip_stress_tests.csv"

BUILTIN_STRESS_TESTS: dict[str, str] = {
    "ldip-inntektssvikt": '''# LDIP stress test 1 of 4 (hand-authored; must equal the text in
# handlingsrom/scenarios/stress.py).
name = "ldip-inntektssvikt"
title = "Inntektssvikt opp mot 4 % over 20 år"
description = """Revenue shortfall: the free income (tax on income and wealth, income \\
equalisation and the block grant) falls short of the baseline by a share growing linearly \\
from 0.2 % in 2018 to 4 % in 2037 and staying there. Modelled by scaling the national tax \\
per inhabitant (Bærum's tax and its income equalisation follow it), the innbyggertilskudd \\
and the expense need per inhabitant by the same factor."""
source = "baerum-hp-2017-2020/ldip_stress_tests.csv"
kind = "stress"

[assumptions]
"economy.national_tax_per_inhabitant" = { scale = 0.96, from = 2018, ramp_years = 20 }
"economy.innbyggertilskudd" = { scale = 0.96, from = 2018, ramp_years = 20 }
"economy.expense_need_per_inhabitant" = { scale = 0.96, from = 2018, ramp_years = 20 }
''',
    "ldip-rente": '''# LDIP stress test 2 of 4 (hand-authored; must equal the text in
# handlingsrom/scenarios/stress.py).
name = "ldip-rente"
title = "Renten 2 prosentpoeng høyere"
description = """Interest +2 percentage points above the baseline path from 2018 on every \\
new and floating loan (existing fixed loans keep their rate until they mature). The return \\
on the managed fund is left unchanged: a pure cost stress."""
source = "baerum-hp-2017-2020/ldip_stress_tests.csv"
kind = "stress"

[assumptions]
"economy.interest_rate_floating" = { add = 0.02, from = 2018 }
"economy.interest_rate_fixed" = { add = 0.02, from = 2018 }
''',
    "ldip-investeringstakt": '''# LDIP stress test 3 of 4 (hand-authored; must equal the text in
# handlingsrom/scenarios/stress.py).
name = "ldip-investeringstakt"
title = "Høyere investeringsnivå de siste 10 årene"
description = """A higher investment level in the last 10 years of the 20-year plan: from \\
2027 the long-term investment level per inhabitant is raised to the average gross \\
investment per inhabitant of the baseline in 2017-2026 (the LDIP definition: the average \\
level of the first ten years). The figure below was measured on the baseline with \\
`handlingsrom stress` (column investment_per_inhabitant_first_10_years of \\
stress_summary.csv) and is checked by tests/scenarios/test_chain.py."""
source = "baerum-hp-2017-2020/ldip_stress_tests.csv"
kind = "stress"

[assumptions]
"economy.investment_per_inhabitant" = { set = 12500, from = 2027 }
''',
    "ldip-avtjerna": '''# LDIP stress test 4 of 4 (hand-authored; must equal the text in
# handlingsrom/scenarios/stress.py).
name = "ldip-avtjerna"
title = "Avtjerna bygges ut fra 2030"
description = """An earlier development area: Avtjerna (planned after 2037) is brought \\
forward to 2030. ASSUMPTIONS (no size is published in the data): 1 500 dwellings built \\
over 2030-2039 with about 2.4 residents each, i.e. 360 more net migrants a year in \\
2030-2039 than the baseline; its investment needs are a 4-parallel primary school (about \\
670 pupils; cost 320 MNOK = Høvik school's 239.5 MNOK for 3 parallels scaled to 4) and a \\
kindergarten of 150 places (assumed 120 MNOK), both built 2028-2030. Their running costs and \\
staff follow from the services layer (more pupils and children), so the rows add none."""
source = "baerum-hp-2017-2020/ldip_stress_tests.csv"
kind = "stress"

[assumptions]
"demography.net_migration" = { add = 360, from = 2030, to = 2039 }

[[decisions.investments.add]]
id = "avtjerna-skole"
name = "Avtjerna skole (stress test)"
sector = "Barn og unge"
category = "grunnskole"
status = "proposed"
cost_nok = 320e6
start_year = 2028
completion_year = 2030
profile = "0.2;0.5;0.3"
vat_share = 0.2
grant_nok = 0
self_financing = false
running_cost_nok = 0
fte = 0
service = "grunnskole"
capacity = 670
note = "assumption: 4-parallel school, cost scaled from Høvik (239.5 MNOK, 3-parallel, 2013)"

[[decisions.investments.add]]
id = "avtjerna-barnehage"
name = "Avtjerna barnehage (stress test)"
sector = "Barn og unge"
category = "barnehage"
status = "proposed"
cost_nok = 120e6
start_year = 2028
completion_year = 2030
profile = "0.2;0.5;0.3"
vat_share = 0.2
grant_nok = 0
self_financing = false
running_cost_nok = 0
fte = 0
service = "barnehage"
capacity = 150
note = "assumption: 150 places, cost assumed (no published cost in the data)"
''',
}


def builtin_stress_tests() -> tuple[Scenario, ...]:
    """The four LDIP stress tests as scenarios (parsed from the built-in texts)."""
    return tuple(
        parse_scenario(text, f"scenarios/{name}.toml")
        for name, text in BUILTIN_STRESS_TESTS.items()
    )


@dataclass(frozen=True)
class StressResult:
    """The baseline and each stress test, run through the whole chain."""

    runs: tuple[ChainResult, ...]  # baseline first
    savings: dict[str, SavingsPath]  # scenario -> required savings (empty when not solved)

    def key_figures_frame(self) -> pd.DataFrame:
        """``scenario, year, indicator, value, unit``."""
        return compare(self.runs, "key_figures")

    def rules_frame(self) -> pd.DataFrame:
        """``scenario, year, rule, value, threshold, kept``."""
        return compare(self.runs, "rules")

    def summary_frame(self) -> pd.DataFrame:
        """One row per scenario: rule-years broken and the required savings."""
        rows: list[dict[str, Any]] = []
        for run in self.runs:
            econ = run.economy
            kept = econ.kept
            years = run.years
            broken = sum(int((~pd.Series(v).astype(bool)).sum()) for v in kept.values())
            first = [int(years[i]) for v in kept.values() for i, k in enumerate(v) if not k]
            path = self.savings.get(run.name)
            row: dict[str, Any] = {
                "scenario": run.name,
                "title": run.scenario.title or "Baseline",
                "rules_broken": " ".join(r.id for r in econ.rules if not kept[r.id].all()),
                "rule_years_broken": broken,
                "first_year_broken": min(first) if first else None,
                "net_operating_result_pct_mean": float(
                    pd.Series(econ.key_figures["net_operating_result_pct"]).mean()
                ),
                "loan_debt_pct_last": float(econ.key_figures["loan_debt_pct"][-1]),
                "investment_per_inhabitant_first_10_years": float(
                    (econ.key_figures["investment_expenditure"] / econ.key_figures["population"])[
                        :10
                    ].mean()
                ),
            }
            if path is not None:
                row.update(
                    {
                        "savings_total_nok": path.total_nok,
                        "savings_peak_nok": path.peak_nok,
                        "savings_final_level_nok": float(path.level_nok[-1]),
                        "savings_feasible": path.feasible,
                    }
                )
            rows.append(row)
        return pd.DataFrame(rows)


def stress_tests(
    ds: Dataset,
    scenarios: Sequence[Scenario] | None = None,
    params: ParameterSet | None = None,
    base_year: int | None = None,
    end_year: int | None = None,
    with_savings: bool = True,
    max_growth: float = DEFAULT_MAX_GROWTH,
) -> StressResult:
    """Run the baseline and each stress test (default: the four LDIP tests) side by side;
    with ``with_savings`` also solve the required savings of each."""
    tests = builtin_stress_tests() if scenarios is None else tuple(scenarios)
    base_ds = with_params(ds, params)
    runs = [run_chain(base_ds, BASELINE, base_year=base_year, end_year=end_year)]
    runs += [run_chain(base_ds, sc, base_year=base_year, end_year=end_year) for sc in tests]
    savings: dict[str, SavingsPath] = {}
    if with_savings:
        for run in runs:
            savings[run.name] = required_savings_for(run, max_growth=max_growth)
    return StressResult(runs=tuple(runs), savings=savings)
