"""Stress tests against the rules (the dataset's own), why a test comes out better or worse
than the plan, and the probability of breaking each rule with its uncertainty."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from handlingsrom.economy import EconomyResult
from handlingsrom.report.context import ReportContext
from handlingsrom.report.model import (
    Blocks,
    Chapter,
    Column,
    Figure,
    FigureRef,
    Heading,
    Table,
    TableRef,
    Text,
)
from handlingsrom.report.parts import first_break, wilson
from handlingsrom.report.tables import frame_table, with_basis

DRIVERS = ("operating_revenue", "operating_expenditure", "net_financial_expenses")


def build(ctx: ReportContext) -> Chapter:
    title = ctx.tr("ch_stress")
    blocks: Blocks = []
    tables: list[Table] = []
    figures: list[Figure] = []
    gone = ctx.missing("stress")
    if gone:
        blocks.append(Text(" ".join(ctx.tr("not_available", what=w) for w in gone), "missing"))
    else:
        table = _stress_table(ctx)
        figures += [
            _panels(ctx, "net_operating_result_pct", "stress_ndr"),
            _panels(ctx, "loan_debt_pct", "stress_debt"),
        ]
        tables += [table, _stress_key_figures(ctx)]
        blocks += [
            Text(ctx.tr("stress_intro")),
            TableRef(table.id),
            *(Text(s) for s in _explanations(ctx)),
            FigureRef(figures[0].id),
            FigureRef(figures[1].id),
            TableRef(tables[1].id),
        ]
    blocks.append(Heading(ctx.tr("h3_risk")))
    gone = ctx.missing("risk")
    if gone or ctx.risk is None:
        blocks.append(Text(" ".join(ctx.tr("not_available", what=w) for w in gone), "missing"))
    else:
        risk_table = _risk_table(ctx)
        figures.append(_risk_figure(ctx))
        tables.append(risk_table)
        blocks += [Text(_risk_text(ctx)), FigureRef(figures[-1].id), TableRef(risk_table.id)]
    return Chapter("stress", title, tuple(blocks), tables=tuple(tables), figures=tuple(figures))


def _runs(ctx: ReportContext) -> list[tuple[str, str, EconomyResult, Any]]:
    """(id, title, economy, savings) of the plan and each stress test."""
    out = []
    for k, run in enumerate(ctx.stress.runs):
        title = ctx.tr("the_plan") if k == 0 else ctx.untranslated(run.scenario.title or run.name)
        out.append((run.name, title, run.economy, run.savings))
    return out


def _stress_table(ctx: ReportContext) -> Table:
    y20 = ctx.year_20()
    rows = []
    for sid, title, econ, savings in _runs(ctx):
        br = first_break(ctx, econ)
        broken = sum(int((~ctx.kept(r.id, econ)).sum()) for r in econ.rules)
        rows.append(
            {
                "scenario": sid,
                "title": title,
                "first_year_broken": br.year if br else None,
                "rule_years_broken": broken,
                "ndr_20": ctx.at("net_operating_result_pct", y20, econ),
                "ndr_end": ctx.at("net_operating_result_pct", ctx.end, econ),
                "debt_pct_end": ctx.at("loan_debt_pct", ctx.end, econ),
                "savings_final_level_nok": None
                if savings is None
                else float(savings.level_nok[-1]),
            }
        )
    frame = with_basis(pd.DataFrame(rows), ctx.basis)
    frame["first_year_broken"] = frame["first_year_broken"].astype(object)
    cols = [
        Column("scenario", ctx.tr("c_id"), "text", html=False),
        Column("title", ctx.tr("c_scenario"), "name"),
        Column("first_year_broken", ctx.tr("c_first_broken"), "year"),
        Column("rule_years_broken", ctx.tr("c_rule_years"), "int"),
        Column("ndr_20", ctx.tr("c_ndr_year", year=y20), "pct", "%"),
        Column("ndr_end", ctx.tr("c_ndr_year", year=ctx.end), "pct", "%"),
        Column("debt_pct_end", ctx.tr("c_debt_year", year=ctx.end), "pct", "%"),
        Column(
            "savings_final_level_nok",
            ctx.tr("c_final_level", end=ctx.end),
            "mnok",
            ctx.tr("u_mnok"),
        ),
    ]
    return frame_table(
        frame,
        "stress_tests",
        ctx.tr("t_stress"),
        cols,
        sheet=ctx.tr("sheet_stress"),
        note=ctx.tr("note_stress", basis=ctx.basis_text(ctx.basis)),
    )


def _explanations(ctx: ReportContext) -> list[str]:
    """Why each test ends better or worse than the plan by the end year, in measured parts."""
    runs = _runs(ctx)
    y = ctx.end
    plan = runs[0][2]
    out = []
    for _, title, econ, _ in runs[1:]:
        d_ndr = ctx.at("net_operating_result_pct", y, econ) - ctx.at(
            "net_operating_result_pct", y, plan
        )
        diff = {k: ctx.at(k, y, econ) - ctx.at(k, y, plan) for k in DRIVERS}
        key = (
            "stress_better" if d_ndr > 0.05 else "stress_worse" if d_ndr < -0.05 else "stress_same"
        )
        out.append(
            ctx.tr(
                key,
                title=title,
                year=y,
                pp=ctx.num(abs(d_ndr), 1),
                rev=ctx.mnok(diff["operating_revenue"]),
                exp=ctx.mnok(diff["operating_expenditure"]),
                fin=ctx.mnok(diff["net_financial_expenses"]),
            )
        )
    spent = [u for _, title, econ, _ in runs[1:] if (u := _uncovered(ctx, title, econ))]
    if spent:
        basis = ctx.basis_text(ctx.basis) or ctx.tr("basis_fixed", year=ctx.base)
        out.append(ctx.tr("stress_uncovered", cases="; ".join(spent), basis=basis))
    return out


def _uncovered(ctx: ReportContext, title: str, econ: EconomyResult) -> str | None:
    """«title» YEAR (the largest uncovered deficit) when a test spends the reserves: the
    buffer fund then goes below zero, an uncovered deficit (udekket merforbruk), not a fund."""
    if "buffer_fund" not in econ.key_figures:
        return None
    fund = ctx.kf("buffer_fund", econ)
    below = np.flatnonzero(fund < -0.5e6)  # half a million kroner: not rounding
    if not below.size:
        return None
    return ctx.tr(
        "stress_uncovered_case",
        title=title,
        year=int(ctx.years[below[0]]),
        amount=ctx.mnok(-float(np.nanmin(fund))),
        worst=int(ctx.years[int(np.nanargmin(fund))]),
    )


def _panels(ctx: ReportContext, key: str, fid: str) -> Figure:
    runs = _runs(ctx)
    plan = ctx.kf(key, runs[0][2])
    rule = next((r for r in ctx.rules if r.indicator == key), None)
    refs = (
        []
        if rule is None
        else [{"y": rule.threshold, "label": ctx.tr("ref_rule", req=ctx.rule_requirement(rule))}]
    )
    panels = []
    for _, title, econ, _ in runs[1:]:
        v = ctx.kf(key, econ)
        panels.append(
            {
                "title": title,
                "refs": refs,
                "series": [
                    {"label": ctx.tr("the_plan"), "y": plan.tolist(), "muted": True},
                    {"label": ctx.tr("the_test"), "y": v.tolist(), "style": 0, "emphasis": True},
                ],
                "alt": ctx.tr(
                    "stress_panel_alt", year=ctx.end, v=ctx.pct(v[-1]), plan=ctx.pct(plan[-1])
                ),
            }
        )
    alt = "; ".join(f"{p['title']}: {p['alt']}" for p in panels) + "."
    data = {
        "x": ctx.years.tolist(),
        "panels": panels,
        "unit": ctx.tr("u_pct_revenue"),
        "decimals": 0,
    }
    if rule is not None:
        data["baseline"] = 0.0
    else:
        data["ymin"] = 0.0
    return Figure(fid, ctx.tr(f"fig_{fid}"), "panels", data, alt, ctx.tr("fig_stress_caption"))


def _stress_key_figures(ctx: ReportContext) -> Table:
    kf = ctx.stress.key_figures_frame()
    kf = kf[(kf.year >= ctx.base) & (kf.unit == "NOK")].rename(columns={"value": "value_nok"})
    kf = with_basis(kf, ctx.basis)
    cols = [
        Column("scenario", ctx.tr("c_scenario"), "text"),
        Column("year", ctx.tr("c_year"), "year"),
        Column("indicator", ctx.tr("c_indicator"), "text"),
        Column("value_nok", ctx.tr("c_value"), "mnok", ctx.tr("u_mnok")),
    ]
    return frame_table(
        kf,
        "stress_key_figures",
        ctx.tr("t_stress_kf"),
        cols,
        sheet=ctx.tr("sheet_stress_kf"),
        html=False,
        note=ctx.tr("note_money", basis=ctx.basis_text(ctx.basis)),
    )


def _risk_text(ctx: ReportContext) -> str:
    risk = ctx.risk
    assert risk is not None
    y = ctx.year_20()
    p = float(ctx.align(risk.years, risk.probability_any)[ctx.idx(y)])
    lo, hi = wilson(p, risk.n_paths)
    return ctx.tr(
        "risk_intro",
        n=ctx.num(risk.n_paths),
        seed=risk.seed,
        year=y,
        p=ctx.pct(100 * p, 0),
        lo=ctx.pct(100 * lo, 0),
        hi=ctx.pct(100 * hi, 0),
    )


def _risk_series(ctx: ReportContext) -> list[tuple[str, str, np.ndarray]]:
    risk = ctx.risk
    assert risk is not None
    out = [
        (r.id, ctx.rule_name(r), ctx.align(risk.years, risk.probability[r.id])) for r in risk.rules
    ]
    if risk.probability_any.size:
        out.append(("any", ctx.tr("any_rule"), ctx.align(risk.years, risk.probability_any)))
    return out


def _risk_figure(ctx: ReportContext) -> Figure:
    risk = ctx.risk
    assert risk is not None
    panels = []
    for _, name, p in _risk_series(ctx):
        ci = [wilson(float(v), risk.n_paths) for v in p]
        j = int(np.nanargmax(p))
        panels.append(
            {
                "title": name,
                "series": [
                    {
                        "label": ctx.tr("probability"),
                        "y": (100 * p).tolist(),
                        "lo": [100 * a for a, _ in ci],
                        "hi": [100 * b for _, b in ci],
                    }
                ],
                "alt": ctx.tr("risk_panel_alt", p=ctx.pct(100 * p[j], 0), year=int(ctx.years[j])),
            }
        )
    alt = "; ".join(f"{p['title']}: {p['alt']}" for p in panels) + "."
    data = {
        "x": ctx.years.tolist(),
        "panels": panels,
        "unit": ctx.tr("u_pct"),
        "ymin": 0.0,
        "decimals": 0,
    }
    return Figure(
        "risk",
        ctx.tr("fig_risk"),
        "panels",
        data,
        alt,
        ctx.tr("fig_risk_caption", n=ctx.num(risk.n_paths)),
    )


def _risk_table(ctx: ReportContext) -> Table:
    risk = ctx.risk
    assert risk is not None
    years = ctx.long_years
    data: dict[str, list[Any]] = {"rule": [], "name": []}
    for y in years:
        for k in (f"p_{y}", f"shown_{y}", f"p_low_{y}", f"p_high_{y}"):
            data[k] = []
    for rid, name, p in _risk_series(ctx):
        data["rule"].append(rid)
        data["name"].append(name)
        for y in years:
            v = float(p[ctx.idx(y)])
            lo, hi = wilson(v, risk.n_paths)
            data[f"p_{y}"].append(v)
            data[f"p_low_{y}"].append(lo)
            data[f"p_high_{y}"].append(hi)
            data[f"shown_{y}"].append(
                ctx.tr(
                    "risk_cell",
                    p=ctx.pct(100 * v, 0),
                    lo=ctx.num(100 * lo, 0),
                    hi=ctx.num(100 * hi, 0),
                )
            )
    cols = [
        Column("rule", ctx.tr("c_id"), "text", html=False),
        Column("name", ctx.tr("c_rule"), "text"),
    ]
    for y in years:
        cols += [
            Column(f"p_{y}", f"{ctx.tr('probability')} {y}", "frac", "%", html=False),
            Column(f"shown_{y}", str(y), "ci"),
            Column(f"p_low_{y}", f"{ctx.tr('ci_low')} {y}", "frac", "%", html=False),
            Column(f"p_high_{y}", f"{ctx.tr('ci_high')} {y}", "frac", "%", html=False),
        ]
    return frame_table(
        pd.DataFrame(data),
        "rule_risk",
        ctx.tr("t_risk"),
        cols,
        sheet=ctx.tr("sheet_risk"),
        note=ctx.tr("note_risk", n=ctx.num(risk.n_paths)),
    )
