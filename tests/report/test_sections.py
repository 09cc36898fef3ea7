"""The numbers of the report's sections on the default data match the layers' results."""

from __future__ import annotations

import numpy as np
import pytest

from handlingsrom.report import RunInfo
from handlingsrom.report.model import Table


def table(run: RunInfo, tid: str) -> Table:
    tables = run.model["tables"]
    if tid not in tables:
        pytest.skip(f"{tid}: not available ({run.result.skipped})")
    return tables[tid]


def by_key(t: Table, key: str) -> list:  # type: ignore[type-arg]
    return t.column(key)


def test_sections_in_order_with_nothing_missing(default_run: RunInfo) -> None:
    ids = [s.id for s in default_run.model["sections"]]
    assert ids == ["challenge", "services", "hp", "long", "act", "stress", "sources"]
    assert default_run.result.skipped == {}
    for s in default_run.model["sections"]:
        assert s.items or s.id == "sources", s.id


def test_services_summary_matches_the_services_layer(default_run: RunInfo) -> None:
    t = table(default_run, "services_summary")
    r = default_run.result.services
    base = default_run.model["meta"]["base_year"]
    assert by_key(t, "service_id") == list(r.services)
    assert np.allclose(by_key(t, f"users_{base}"), r.users[:, 0])
    assert np.allclose(by_key(t, f"cost_{base}_nok"), r.cost_nok[:, 0])
    opens = r.gap_opens()
    assert by_key(t, "gap_opens") == [opens[s] for s in r.services]


def test_rules_table_marks_each_rule_each_year(default_run: RunInfo) -> None:
    t = table(default_run, "hp_rules")
    e = default_run.result.economy
    base = default_run.model["meta"]["base_year"]
    years = np.asarray(e.years)
    for row in t.rows:
        rid = row[0]
        for c, v in zip(t.columns, row, strict=True):
            if c.key.startswith("kept_"):
                y = int(c.key.removeprefix("kept_"))
                assert y >= base
                assert v == bool(np.asarray(e.kept[rid])[years == y][0]), (rid, y)
    assert len(t.rows) == len(e.rules)


def test_sector_frames_add_up(default_run: RunInfo) -> None:
    t = table(default_run, "hp_frames")
    *sectors, total = t.rows
    for j in range(1, len(t.columns)):
        assert sum(r[j] for r in sectors) == pytest.approx(total[j])


def test_key_figures_match_the_economy(default_run: RunInfo) -> None:
    t = table(default_run, "hp_key_figures")
    e = default_run.result.economy
    years = np.asarray(e.years)
    for row in t.rows:
        key = row[0]
        for c, v in zip(t.columns, row, strict=True):
            if c.key.startswith("y"):
                expected = np.asarray(e.key_figures[key])[years == int(c.key[1:])][0]
                assert v == pytest.approx(expected), (key, c.key)


def test_required_savings_match_the_solver(default_run: RunInfo) -> None:
    t = table(default_run, "required_savings")
    path = default_run.result.savings
    years = np.asarray(path.years)
    base = default_run.model["meta"]["base_year"]
    level = np.asarray(path.level_nok)[years >= base]
    assert np.allclose(by_key(t, "level_nok"), level)
    assert np.all(np.diff(level) >= -1e-6)  # a saving once made stays
    w = table(default_run, "cost_of_waiting")
    assert by_key(w, "delay_years") == sorted(by_key(w, "delay_years"))
    totals = np.asarray(by_key(w, "total_nok"))
    assert np.allclose(
        totals,
        np.asarray(by_key(w, "savings_total_nok")) + np.asarray(by_key(w, "gap_while_waiting_nok")),
    )


def test_stress_baseline_is_the_reported_baseline(default_run: RunInfo) -> None:
    t = table(default_run, "stress_tests")
    assert t.rows[0][0] == "baseline"
    e = default_run.result.economy
    base = default_run.model["meta"]["base_year"]
    years = np.asarray(e.years)
    ndr = np.asarray(e.key_figures["net_operating_result_pct"])[years >= base]
    mean = by_key(t, "net_operating_result_pct_mean")[0]
    assert mean == pytest.approx(float(ndr.mean()), rel=1e-6)
    assert len(t.rows) == 5  # the baseline and the four LDIP stress tests


def test_rule_risk_is_a_probability(default_run: RunInfo) -> None:
    t = table(default_run, "rule_risk")
    for row in t.rows:
        for c, v in zip(t.columns, row, strict=True):
            if c.key.startswith("p_break_"):
                assert 0.0 <= v <= 1.0
    anyrow = next(r for r in t.rows if r[0] == "any")
    for row in t.rows:
        for j, c in enumerate(t.columns):
            if c.key.startswith("p_break_"):
                assert row[j] <= anyrow[j] + 1e-12  # any rule ≥ each rule


def test_the_waiting_sentence_says_which_way_the_total_moves() -> None:
    from handlingsrom.report.sections.scenarios import _waiting_sentence

    assert "øker" in _waiting_sentence(100e6, 300e6, "nb")
    assert "lavere" in _waiting_sentence(300e6, 100e6, "nb")
    assert "endrer ikke" in _waiting_sentence(100e6, 100.2e6, "nb")
    assert "raises" in _waiting_sentence(100e6, 300e6, "en")
    assert "lower" in _waiting_sentence(300e6, 100e6, "en")
