"""The dataset's own scenarios (``scenarios/<name>.toml`` in its folder), parsed (pure).

A municipality keeps its stress tests (``kind = "stress"``) and its other alternatives with
its data; the model knows none of its own. ``--scenario NAME`` picks one by name.
"""

from __future__ import annotations

from handlingsrom.dataset.model import Dataset
from handlingsrom.errors import Problem
from handlingsrom.scenarios.model import Scenario, ScenarioFileError, parse_scenario

STRESS = "stress"


def dataset_scenarios(ds: Dataset) -> dict[str, Scenario]:
    """Every scenario file of the dataset by name; :class:`ScenarioFileError` lists the
    problems of every file that does not parse."""
    out: dict[str, Scenario] = {}
    problems: list[Problem] = []
    for name, text in ds.scenarios.items():
        try:
            out[name] = parse_scenario(text, f"scenarios/{name}.toml", default_name=name)
        except ScenarioFileError as e:
            problems.extend(e.problems)
    if problems:
        raise ScenarioFileError(f"{ds.meta.name}/scenarios", problems)
    return out


def stress_tests_of(ds: Dataset) -> tuple[Scenario, ...]:
    """The dataset's stress tests (its scenarios of kind ``stress``), by file name."""
    return tuple(s for s in dataset_scenarios(ds).values() if s.kind == STRESS)


def named_scenario(ds: Dataset, name: str) -> Scenario:
    """One of the dataset's scenarios by name (a clear error naming the others)."""
    found = dataset_scenarios(ds)
    if name not in found:
        known = ", ".join(found) or "none"
        raise ScenarioFileError(
            name,
            [
                Problem(
                    name,
                    None,
                    None,
                    f"a scenario file or one of the dataset's scenarios ({known})",
                    f"no scenario {name!r}",
                )
            ],
        )
    return found[name]
