"""Shared fixtures: the embedded default dataset, loaded once per session; and the groups of
tests that share an expensive session fixture, kept on one pytest-xdist worker."""

from __future__ import annotations

import pytest

from handlingsrom.dataset import io as dataset_io
from handlingsrom.dataset.model import Dataset

# `make test` runs the suite on every core (pytest-xdist, ``--dist loadgroup``): a session
# fixture is then made once per worker. The tests that share an expensive one are sent to
# one worker together, so that it is made once.
REPORT_RUN = ("default_run", "default_run_en")  # run_plan + produce, tests/report/conftest.py


def _group(item: pytest.Item) -> str | None:
    path = item.nodeid.split("::")[0]
    if path.startswith("tests/dashboard/"):
        # one live `handlingsrom serve` (its cache of the whole horizon's heavy results
        # filled once) and one headless Chromium, tests/dashboard/conftest.py
        return "dashboard"
    if path == "tests/report/test_browser.py" or any(
        name in REPORT_RUN for name in getattr(item, "fixturenames", ())
    ):
        return "report-default-run"
    return None


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        group = _group(item)
        if group is not None:
            item.add_marker(pytest.mark.xdist_group(group))


@pytest.fixture(scope="session")
def default_dataset() -> Dataset:
    return dataset_io.load()
