"""The chapters on the default data: their numbers match the layers' results, assumptions
are marked as assumptions, and the code keeps every label in the catalogue."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import numpy as np
import pytest

from handlingsrom.report import RunInfo
from handlingsrom.report import format as fmt
from handlingsrom.report.i18n import TEXTS
from handlingsrom.report.model import Table
from handlingsrom.report.parts import project_spending, wilson

REPORT = Path(__file__).parents[2] / "src" / "handlingsrom" / "report"


def table(run: RunInfo, tid: str) -> Table:
    tables = run.model.tables
    if tid not in tables:
        pytest.skip(f"{tid}: not available ({run.result.skipped})")
    return tables[tid]


def test_chapters_in_reading_order_with_nothing_missing(default_run: RunInfo) -> None:
    ids = [c.id for c in default_run.model.chapters]
    assert ids == [
        "summary", "programme", "sectors", "investments", "long", "act", "stress",
        "population", "services", "assumptions", "appendix-parameters", "appendix-sources",
    ]  # fmt: skip
    assert default_run.result.skipped == {}
    titles = [c.title for c in default_run.model.chapters]
    assert titles[1].startswith("1. Handlingsprogram 2017–2020")
    assert titles[-1].startswith("Vedlegg B")


def test_the_conclusion_answers_the_three_questions(default_run: RunInfo) -> None:
    summary = default_run.model.chapters[0]
    lead = summary.blocks[0].text  # type: ignore[union-attr]
    e = default_run.result.economy
    assert e is not None
    hp = np.asarray(e.years) <= 2020
    kept_hp = all(bool(np.asarray(e.kept[r.id])[hp].all()) for r in e.rules)
    assert ("holdes i handlingsprogramperioden 2017–2020" in lead) == kept_hp
    broken = [
        int(y)
        for j, y in enumerate(e.years)
        if y > 2020 and not all(bool(e.kept[r.id][j]) for r in e.rules)
    ]
    if broken:
        assert f"fra {broken[0]}" in lead
    path = default_run.result.savings
    assert path is not None
    if float(path.level_nok[-1]) > 0.5e6:
        assert fmt.millions(float(path.level_nok[-1]), 0) in lead
    assert summary.figures and summary.figures[0].id == "story"


def test_a_stress_test_that_spends_the_reserves_is_called_an_uncovered_deficit(
    default_run: RunInfo,
) -> None:
    stress = default_run.result.stress
    assert stress is not None
    chapter = next(c for c in default_run.model.chapters if c.id == "stress")
    texts = [b.text for b in chapter.blocks if hasattr(b, "text")]
    said = [t for t in texts if "udekket merforbruk" in t]
    assert len(said) == 1 and "ROBEK" in said[0]
    spent = []
    for run in stress.runs[1:]:
        fund = np.asarray(run.economy.key_figures["buffer_fund"])
        below = np.flatnonzero(fund < -0.5e6)
        if below.size:
            spent.append((run, int(np.asarray(run.economy.years)[below[0]])))
    # The default data's income-shortfall test spends the reserves; each such test is named
    # with the year they run out, in one paragraph, and no other test is.
    assert spent
    for run, year in spent:
        assert f"«{run.scenario.title or run.name}» fra {year} " in said[0]
    assert said[0].count("«") == len(spent)


def test_rules_tables_show_each_value_its_requirement_and_mark(default_run: RunInfo) -> None:
    t = table(default_run, "hp_rules")
    e = default_run.result.economy
    assert e is not None
    years = np.asarray(e.years)
    assert len(t.rows) == len(e.rules)
    keys = [c.key for c in t.columns]
    for i, row in enumerate(t.rows):
        rid = row[0]
        for j, key in enumerate(keys):
            if re.fullmatch(r"y\d{4}", key):
                y = int(key[1:])
                value = np.asarray(e.rule_values[rid])[years == y][0]
                kept = bool(np.asarray(e.kept[rid])[years == y][0])
                assert row[j] == pytest.approx(value), (rid, y)
                assert t.cell_status(i, j) == ("kept" if kept else "broken")


def test_sector_frames_are_built_from_their_items(default_run: RunInfo) -> None:
    e = default_run.result.economy
    assert e is not None
    for k in range(1, len(e.sectors) + 1):
        t = table(default_run, f"sector_{k}_frame")
        *items, total = t.rows
        for j, c in enumerate(t.columns):
            if c.key.startswith("y"):
                assert sum(r[j] for r in items if r[0] != "base_frame") + items[0][j] == (
                    pytest.approx(total[j])
                )


def test_key_figures_match_the_economy(default_run: RunInfo) -> None:
    t = table(default_run, "hp_key_figures")
    e = default_run.result.economy
    assert e is not None
    years = np.asarray(e.years)
    for row in t.rows:
        for c, v in zip(t.columns, row, strict=True):
            if re.fullmatch(r"y\d{4}", c.key):
                expected = np.asarray(e.key_figures[row[0]])[years == int(c.key[1:])][0]
                assert v == pytest.approx(expected), (row[0], c.key)


def test_the_savings_table_shows_every_year_with_a_new_cut(default_run: RunInfo) -> None:
    t = table(default_run, "required_savings")
    path = default_run.result.savings
    assert path is not None
    assert np.allclose(t.column("level_nok"), path.level_nok)
    shown = {t.rows[i][0] for i in t.html_rows()}
    cuts = {int(y) for y, v in zip(path.years, path.increment_nok, strict=True) if v > 0.5e6}
    assert cuts <= shown
    if cuts:
        peak = int(path.years[int(np.argmax(path.increment_nok))])
        assert peak in shown  # the largest cut named in the text is in the table
    w = table(default_run, "cost_of_waiting")
    total = np.asarray(w.column("total_nok"))
    parts = np.asarray(w.column("savings_total_nok")) + np.asarray(
        w.column("gap_while_waiting_nok")
    )
    assert np.allclose(total, parts)


def test_the_stress_table_starts_with_the_plan(default_run: RunInfo) -> None:
    t = table(default_run, "stress_tests")
    stress = default_run.result.stress
    assert stress is not None
    assert len(t.rows) == len(stress.runs)
    assert t.rows[0][1] == "Planen"
    e = default_run.result.economy
    assert e is not None
    ndr_end = float(e.key_figures["net_operating_result_pct"][-1])
    assert t.column("ndr_end")[0] == pytest.approx(ndr_end)


def test_risk_is_a_probability_with_its_interval(default_run: RunInfo) -> None:
    t = table(default_run, "rule_risk")
    risk = default_run.result.risk
    assert risk is not None
    for row in t.rows:
        rec = dict(zip((c.key for c in t.columns), row, strict=True))
        for key, p in rec.items():
            if re.fullmatch(r"p_\d{4}", key):
                y = key[2:]
                assert rec[f"p_low_{y}"] <= p <= rec[f"p_high_{y}"]
                assert 0.0 <= p <= 1.0
    lo, hi = wilson(0.1, 1000)
    assert lo == pytest.approx(0.0829, abs=1e-3) and hi == pytest.approx(0.1202, abs=1e-3)
    assert wilson(0.0, 1000)[0] == 0.0


def test_the_investment_register_is_spread_as_the_economy_spreads_it(
    default_run: RunInfo,
) -> None:
    inputs = default_run.result.inputs
    assert inputs is not None
    ds = default_run.result.dataset
    reg = ds.table("investments")
    reg = reg[reg.status == "adopted"]
    years = [int(y) for y in inputs.plan_years]
    spend = project_spending(reg, years).sum(axis=0)
    assert np.allclose(spend, inputs.static.register.gross[:, 1:].sum(axis=0))


def test_guesses_are_never_shown_as_published(default_run: RunInfo) -> None:
    """A measure or project whose figure rests on an assumption says so; an amount that was
    not published is not shown as 0."""
    for tid, t in default_run.model.tables.items():
        if not re.fullmatch(r"sector_\d_measures|investments", tid):
            continue
        keys = [c.key for c in t.columns]
        for row in t.rows:
            rec = dict(zip(keys, row, strict=True))
            if "ECON-A" in str(rec["source"]):
                assert rec["basis"] != "Publisert", (tid, rec)
            if tid != "investments" and rec["basis"] == "Beløp ikke publisert":
                assert rec["amount_nok"] is None


def test_headline_states_figures_beside_targets(default_run: RunInfo) -> None:
    keys = [h["key"] for h in default_run.model.headline]
    assert keys[:3] == ["population", "population_end", "old_end"]
    assert {"ndr", "rules_hp", "first_break", "savings_end", "risk"} <= set(keys)
    risk = next(h for h in default_run.model.headline if h["key"] == "risk")
    assert "95 %" in risk["text"]


def test_headline_says_when_the_savings_cannot_keep_the_rules(default_run: RunInfo) -> None:
    """An amount alone would read as "this much keeps the rules"."""
    from dataclasses import replace

    from handlingsrom.report.chapters.summary import _economy_headline
    from handlingsrom.report.context import ReportContext

    path = default_run.result.savings
    assert path is not None
    broken = replace(path, feasible=False, unreachable={2050: ("x",)})
    ctx = ReportContext(replace(default_run.result, savings=broken))
    text = next(h.text for h in _economy_headline(ctx) if h.key == "savings_end")
    assert "kan ikke holdes" in text and "2050" in text
    if path.feasible:
        ctx = ReportContext(default_run.result)
        ok = next(h.text for h in _economy_headline(ctx) if h.key == "savings_end")
        assert "kan ikke holdes" not in ok


def test_no_inline_language_branches_in_the_report() -> None:
    """Every label is in the catalogue: no `if lang == ...` choosing between two texts
    (number formatting in format.py decides separators by language, which is allowed)."""
    found = []
    for path in REPORT.rglob("*.py"):
        if path.name in ("format.py", "i18n.py"):
            continue
        for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            if re.search(r"""["'][^"']*["']\s+if\s+\S*lang\s*==""", line):
                found.append(f"{path.name}:{n}")
    assert found == []


def test_every_text_the_code_asks_for_is_in_the_catalogue() -> None:
    wanted = set()
    for path in REPORT.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "attr", getattr(node.func, "id", "")) in ("tr", "t")
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                wanted.add(node.args[0].value)
    template = (REPORT / "templates" / "report.html.j2").read_text("utf-8")
    wanted |= set(re.findall(r"""\bt[m]?\(["']([a-z0-9_]+)["']""", template))
    assert sorted(wanted - set(TEXTS)) == []
    for key, texts in TEXTS.items():
        assert set(texts) == {"nb", "en"} and all(texts.values()), key


def test_chapter_builders_are_short_and_independent() -> None:
    for path in (REPORT / "chapters").glob("*.py"):
        tree = ast.parse(path.read_text("utf-8"))
        if path.name != "__init__.py":
            assert any(isinstance(n, ast.FunctionDef) and n.name == "build" for n in tree.body), (
                path.name
            )
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef):
                assert node.end_lineno - node.lineno < 80, (path.name, node.name)  # type: ignore[operator]
            if isinstance(node, ast.ImportFrom) and node.module:
                assert not node.module.startswith("handlingsrom.report.chapters"), path.name
                assert node.module != "handlingsrom.report.build", path.name


def test_published_figures_stand_beside_the_model_s(default_run: RunInfo) -> None:
    t = table(default_run, "hp_published")
    e = default_run.result.economy
    assert e is not None
    years = np.asarray(e.years)
    pub = default_run.result.dataset.table("published")
    for row, rec in zip(t.to_records(), pub.to_dict("records"), strict=True):
        sel = (years >= rec["year_from"]) & (years <= rec["year_to"])
        model = float(np.asarray(e.key_figures[rec["key_figure"]])[sel].sum())
        assert row["model_nok"] == pytest.approx(model)
        assert row["published_nok"] == rec["value_nok"]
        assert row["difference_pct"] == pytest.approx(100 * (model / rec["value_nok"] - 1))


def test_a_published_figure_must_name_a_key_figure(default_dataset) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from handlingsrom.economy.checks import published_on_key_figures

    pub = default_dataset.table("published").copy()
    assert published_on_key_figures(default_dataset) == []
    pub.loc[pub.index[0], "key_figure"] = "operating_frames"
    bad = replace(default_dataset, tables={**default_dataset.tables, "published": pub})
    problems = published_on_key_figures(bad)
    assert len(problems) == 1 and "operating_frame" in str(problems[0])
    assert str(problems[0]).startswith("published.csv:2:key_figure")
