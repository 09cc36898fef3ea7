"""The long term (+20 and +40 years) without new measures: the result, debt and funds against
the rules, what moves the result, and the key figures at the same milestone years."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from handlingsrom.report.context import ReportContext
from handlingsrom.report.model import (
    Blocks,
    Chapter,
    Column,
    Figure,
    FigureRef,
    Table,
    TableRef,
    Text,
)
from handlingsrom.report.parts import first_break, key_figure_table, kf_name, rules_table
from handlingsrom.report.tables import frame_table, with_basis

LONG_FIGURES = (
    "population",
    "operating_revenue",
    "operating_expenditure",
    "net_financial_expenses",
    "net_operating_result",
    "net_operating_result_pct",
    "investment_expenditure",
    "loan_debt",
    "loan_debt_pct",
    "equity_financing_pct",
    "buffer_fund",
    "liquidity_reserve",
)
DRIVERS = ("operating_revenue", "operating_expenditure", "net_financial_expenses")


def build(ctx: ReportContext) -> Chapter:
    title = ctx.tr("ch_long")
    if ctx.missing("economy"):
        why = " ".join(ctx.tr("not_available", what=w) for w in ctx.missing("economy"))
        return Chapter("long", title, (Text(why, "missing"),))
    years = ctx.long_years
    tables = [
        key_figure_table(
            ctx,
            "long_key_figures",
            ctx.tr("t_long_key_figures"),
            LONG_FIGURES,
            years,
            ctx.tr("sheet_long_key_figures"),
        ),
        rules_table(ctx, "long_rules", ctx.tr("t_long_rules"), years, ctx.tr("sheet_long_rules")),
        _drivers_table(ctx),
        *_workbook_tables(ctx),
    ]
    figures = [_result_figure(ctx), _balance_figure(ctx)]
    blocks: Blocks = [
        Text(_text(ctx)),
        FigureRef(figures[0].id),
        Text(_drivers_text(ctx)),
        TableRef(tables[2].id),
        FigureRef(figures[1].id),
        TableRef(tables[0].id),
        TableRef(tables[1].id),
        *(TableRef(t.id) for t in tables[3:]),
    ]
    return Chapter("long", title, tuple(blocks), tables=tuple(tables), figures=tuple(figures))


def _text(ctx: ReportContext) -> str:
    y20 = ctx.year_20()
    br = first_break(ctx)
    broken_end = [ctx.rule_name(r) for r in ctx.rules if not ctx.kept(r.id)[-1]]
    text = ctx.tr(
        "long_text",
        y20=y20,
        end=ctx.end,
        ndr20=ctx.pct(ctx.at("net_operating_result_pct", y20)),
        ndr_end=ctx.pct(ctx.at("net_operating_result_pct", ctx.end)),
        debt20=ctx.pct(ctx.at("loan_debt_pct", y20)),
        debt_end=ctx.pct(ctx.at("loan_debt_pct", ctx.end)),
    )
    if br is None:
        return text + " " + ctx.tr("long_all_kept", end=ctx.end)
    return (
        text
        + " "
        + ctx.tr(
            "long_first_break",
            year=br.year,
            rules=", ".join(ctx.rule_name(r) for r in br.rules),
            end=ctx.end,
            broken=", ".join(broken_end) or ctx.tr("none"),
        )
    )


def _drivers_table(ctx: ReportContext) -> Table:
    years = ctx.long_years
    rows: list[dict[str, Any]] = []
    for k in DRIVERS:
        v = ctx.kf(k)
        row: dict[str, Any] = {"indicator": k, "name": kf_name(ctx, k)}
        for y in years[1:]:
            row[f"change_{y}_nok"] = float(v[ctx.idx(y)] - v[0])
        rows.append(row)
    frame = with_basis(pd.DataFrame(rows), ctx.basis)
    mill = ctx.tr("u_mnok")
    cols = [
        Column("indicator", ctx.tr("c_id"), "text", html=False),
        Column("name", ctx.tr("c_indicator"), "text"),
        *(Column(f"change_{y}_nok", str(y), "mnok", mill) for y in years[1:]),
    ]
    return frame_table(
        frame,
        "long_drivers",
        ctx.tr("t_long_drivers", base=ctx.base),
        cols,
        sheet=ctx.tr("sheet_long_drivers"),
        note=ctx.tr("note_drivers", base=ctx.base, basis=ctx.basis_text(ctx.basis)),
    )


def _drivers_text(ctx: ReportContext) -> str:
    y = ctx.year_20()
    d = {k: ctx.at(k, y) - ctx.at(k, ctx.base) for k in DRIVERS}
    text = ctx.tr(
        "drivers_text",
        base=ctx.base,
        year=y,
        rev=ctx.mnok(d["operating_revenue"]),
        exp=ctx.mnok(d["operating_expenditure"]),
        fin=ctx.mnok(d["net_financial_expenses"]),
    )
    return text + " " + _jump_text(ctx)


def _jump_text(ctx: ReportContext) -> str:
    """The largest rise of the result from one year to the next after the programme, in
    its measured parts (a kink in the curve a reader will ask about)."""
    ndr = ctx.kf("net_operating_result_pct")
    later = [j for j in range(1, len(ndr)) if int(ctx.years[j]) > ctx.hp_end + 1]
    if not later:
        return ""
    j = max(later, key=lambda k: ndr[k] - ndr[k - 1])
    if ndr[j] - ndr[j - 1] < 0.3:
        return ""
    parts = ("repayments", "interest_expenses", "operating_revenue", "operating_expenditure")
    diff = {k: ctx.mnok(ctx.kf(k)[j] - ctx.kf(k)[j - 1]) for k in parts}
    return ctx.tr("jump_text", year=int(ctx.years[j]), pp=ctx.num(ndr[j] - ndr[j - 1], 1), **diff)


def _fan(ctx: ReportContext, key: str, scale: float = 1.0) -> dict[str, Any]:
    out: dict[str, Any] = {}
    risk = ctx.risk
    if risk is not None and key in risk.fan and len(risk.quantiles) >= 2:
        q = np.asarray(risk.fan[key], dtype=float)
        out["lo"] = (ctx.align(risk.years, q[0]) / scale).tolist()
        out["hi"] = (ctx.align(risk.years, q[-1]) / scale).tolist()
    return out


def _result_figure(ctx: ReportContext) -> Figure:
    key = "net_operating_result_pct"
    ndr = ctx.kf(key)
    rule = next((r for r in ctx.rules if r.indicator == key), None)
    refs = (
        []
        if rule is None
        else [{"y": rule.threshold, "label": ctx.tr("ref_rule", req=ctx.rule_requirement(rule))}]
    )
    br = first_break(ctx)
    marks = []
    if rule is not None and br is not None and rule in br.rules:
        marks = [
            {
                "x": br.year,
                "y": float(ndr[ctx.idx(br.year)]),
                "label": ctx.tr("story_break", year=br.year),
            }
        ]
    series = [{"label": kf_name(ctx, key), "y": ndr.tolist(), "emphasis": True, **_fan(ctx, key)}]
    alt = ctx.tr(
        "fig_ndr_alt",
        base=ctx.base,
        end=ctx.end,
        a=ctx.pct(ndr[0]),
        z=ctx.pct(ndr[-1]),
        lo=ctx.pct(float(np.nanmin(ndr))),
        year=int(ctx.years[int(np.nanargmin(ndr))]),
    )
    band = ctx.tr("band_note", n=ctx.num(ctx.risk.n_paths)) if ctx.risk is not None else ""
    data = {
        "x": ctx.years.tolist(),
        "series": series,
        "unit": ctx.tr("u_pct_revenue"),
        "decimals": 1,
        "refs": refs,
        "marks": marks,
        "baseline": 0.0,
        "shade": {"from": ctx.base, "to": ctx.hp_end, "label": ctx.tr("shade_hp")},
    }
    return Figure(
        "long_ndr", kf_name(ctx, key), "lines", data, alt, ctx.tr("fig_ndr_caption") + band
    )


def _balance_figure(ctx: ReportContext) -> Figure:
    """Debt and funds as small multiples, each with its own scale and rule line."""
    panels = []
    rules = {r.indicator: r for r in ctx.rules}
    for key in ("loan_debt_pct", "buffer_fund", "liquidity_reserve"):
        if not ctx.has_kf(key):
            continue
        scale = 1.0 if key.endswith("_pct") else 1e6
        v = ctx.kf(key) / scale
        rule = rules.get(key)
        refs = (
            []
            if rule is None
            else [
                {
                    "y": rule.threshold / scale,
                    "label": ctx.tr("ref_rule", req=ctx.rule_requirement(rule)),
                }
            ]
        )
        unit = ctx.tr("u_pct_revenue") if scale == 1.0 else ctx.tr("u_mnok")
        panels.append(
            {
                "title": kf_name(ctx, key),
                "unit": unit,
                "refs": refs,
                "series": [{"label": kf_name(ctx, key), "y": v.tolist(), **_fan(ctx, key, scale)}],
                "alt": ctx.tr(
                    "panel_alt",
                    a=ctx.num(v[0], 0),
                    z=ctx.num(v[-1], 0),
                    base=ctx.base,
                    end=ctx.end,
                    unit=unit,
                ),
            }
        )
    alt = "; ".join(f"{p['title']}: {p['alt']}" for p in panels) + "."
    data = {"x": ctx.years.tolist(), "panels": panels, "shared_y": False, "ymin": 0.0}
    band = ctx.tr("band_note", n=ctx.num(ctx.risk.n_paths)) if ctx.risk is not None else ""
    return Figure(
        "long_balance",
        ctx.tr("fig_balance"),
        "panels",
        data,
        alt,
        ctx.tr("fig_balance_caption", basis=ctx.basis_text(ctx.basis)) + band,
    )


def _workbook_tables(ctx: ReportContext) -> list[Table]:
    kf = ctx.result.key_figures_frame()
    kf = kf[kf.year >= ctx.base]
    kinds = {"NOK": "mnok", "percent": "pct", "persons": "int"}
    row_kinds = [
        "int" if i.endswith("_per_inhabitant") else kinds.get(u, "dec3")
        for i, u in zip(kf.indicator, kf.unit, strict=True)
    ]
    shown = {"NOK": ctx.tr("u_kr"), "percent": ctx.tr("u_pct"), "persons": ctx.tr("u_persons")}
    kf = kf.assign(
        unit_shown=[
            ctx.tr("u_mnok") if k == "mnok" else shown.get(u, u)
            for k, u in zip(row_kinds, kf.unit, strict=True)
        ]
    )
    cols = [
        Column("year", ctx.tr("c_year"), "year"),
        Column("indicator", ctx.tr("c_indicator"), "text"),
        Column("value", ctx.tr("c_value"), "num"),
        Column("unit", ctx.tr("c_unit_data"), "text"),
        Column("unit_shown", ctx.tr("c_unit"), "text"),
    ]
    tables = [
        frame_table(
            kf,
            "key_figures",
            ctx.tr("t_kf_all"),
            cols,
            sheet=ctx.tr("sheet_kf_all"),
            html=False,
            row_kinds=row_kinds,
            note=ctx.tr("note_kf_all", basis=ctx.basis_text(ctx.basis)),
        ),
    ]
    rules = ctx.result.rules_frame()
    rules = rules[rules.year >= ctx.base].assign(margin=lambda f: f.value - f.threshold)
    units = {r.id: r.unit for r in ctx.rules}
    rule_kinds = [
        "pct" if units[r] in ("percent", "%") else "mnok" if units[r] in ("NOK", "nok") else "dec2"
        for r in rules.rule
    ]
    names = {"pct": ctx.tr("u_pct"), "mnok": ctx.tr("u_mnok"), "dec2": ""}
    rules = with_basis(rules.assign(unit=[names[k] for k in rule_kinds]), ctx.basis)
    tables.append(
        frame_table(
            rules,
            "rules",
            ctx.tr("t_rules_all"),
            [
                Column("year", ctx.tr("c_year"), "year"),
                Column("rule", ctx.tr("c_rule"), "text"),
                Column("value", ctx.tr("c_value"), "num"),
                Column("threshold", ctx.tr("c_requirement"), "num"),
                Column("margin", ctx.tr("c_margin_plain"), "num"),
                Column("unit", ctx.tr("c_unit"), "text"),
                Column("kept", ctx.tr("c_kept"), "bool"),
            ],
            sheet=ctx.tr("sheet_rules_all"),
            html=False,
            row_kinds=rule_kinds,
            note=ctx.tr("note_rules_all", basis=ctx.basis_text(ctx.basis)),
        )
    )
    return tables
