"""Helpers shared by the scenario tests."""

from __future__ import annotations

import numpy as np

from handlingsrom.dataset.model import Dataset
from handlingsrom.scenarios import Scenario, parse_scenario, run_chain

END = 2036  # the 20-year horizon 2017–2036


def raised_target(ds: Dataset, above_min: float | None = None, name: str = "tight") -> Scenario:
    """A scenario in which the resultatgrad rule binds within the horizon whatever the default
    economy's margins are: its threshold is set to the baseline's lowest net operating result
    (percent) plus ``above_min`` (default: to the baseline's median)."""
    base = run_chain(ds, end_year=END).economy.key_figures["net_operating_result_pct"]
    target = float(np.median(base)) if above_min is None else float(base.min()) + above_min
    return parse_scenario(
        f'name = "{name}"\n[[decisions.rules.update]]\nwhere = {{ id = "resultatgrad" }}\n'
        f"set = {{ threshold = {target!r} }}\n",
        f"{name}.toml",
    )
