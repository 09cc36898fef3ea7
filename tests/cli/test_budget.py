"""Every stage has a time budget proportional to its work; a run over budget stops with a
message naming the stage and leaves nothing behind."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from handlingsrom.plan.budget import BudgetExceeded, stage_budgets, stage_timer


def test_budgets_grow_with_the_work() -> None:
    small = stage_budgets(years=21, population_paths=100, risk_paths=100, delays=10, stress_tests=4)
    large = stage_budgets(years=41, population_paths=200, risk_paths=200, delays=10, stress_tests=4)
    for stage in ("population", "uncertainty", "waiting", "stress", "risk"):
        assert large[stage].seconds > small[stage].seconds, stage
    assert "41 years × 10 delays" in large["waiting"].work
    one = stage_budgets(41, 200, 200, 10, 4, workers=1)
    assert one["waiting"].seconds > large["waiting"].seconds  # it waits for the stress tests


def test_the_default_run_has_minutes_per_stage() -> None:
    b = stage_budgets(years=41, population_paths=200, risk_paths=100, delays=10, stress_tests=4)
    assert 120 < b["waiting"].seconds < 600 and b["validate"].seconds >= 60


def test_a_stage_over_its_budget_raises_and_the_timer_is_off_afterwards() -> None:
    budgets = stage_budgets(41, 0, 0, 0, 0)
    expected = r"stage 'population' did not finish within"
    with pytest.raises(BudgetExceeded, match=expected), stage_timer(budgets, 0.0002) as arm:
        arm("population")  # 0.0002 × (60 + 41) s = 20 ms
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            time.sleep(0.01)
    with stage_timer(budgets, scale=0.0002) as arm:
        arm("population")
        arm("no-such-stage")  # a stage without a budget: the timer is off
        time.sleep(0.1)


def test_a_run_over_budget_stops_with_one_line_and_leaves_nothing(tmp_path: Path) -> None:
    exe = Path(sys.executable).with_name("handlingsrom")
    env = {**os.environ, "HANDLINGSROM_BUDGET_SCALE": "0.00001"}
    out = tmp_path / "out"
    proc = subprocess.run(
        [str(exe), "run", "--out", str(out), "-q"],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert proc.returncode == 1, proc.stderr
    last = proc.stderr.strip().splitlines()[-1]
    assert last.startswith("error: stage '") and "time budget" in last
    assert "Traceback" not in proc.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_bad_budget_scale_is_one_line(tmp_path: Path) -> None:
    exe = Path(sys.executable).with_name("handlingsrom")
    env = {**os.environ, "HANDLINGSROM_BUDGET_SCALE": "fast"}
    proc = subprocess.run(
        [str(exe), "run", "--out", str(tmp_path / "o"), "-q"],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert proc.returncode == 1
    assert proc.stderr.strip() == (
        "error: HANDLINGSROM_BUDGET_SCALE: expected a number such as 2, found 'fast'"
    )
