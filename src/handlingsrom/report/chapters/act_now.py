"""Act now or pay later: the lasting savings that keep the rules, year by year and by sector,
and what it costs to start later."""

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
    Heading,
    Table,
    TableRef,
    Text,
)
from handlingsrom.report.tables import frame_table, with_basis
from handlingsrom.scenarios import SavingsPath

NEW_CUT_NOK = 0.5e6  # below half a million a level change is the solver's tolerance
SHOWN_DELAYS = (0, 5, 10)


def build(ctx: ReportContext) -> Chapter:
    title = ctx.tr("ch_act")
    if ctx.missing("savings"):
        why = " ".join(ctx.tr("not_available", what=w) for w in ctx.missing("savings"))
        return Chapter("act", title, (Text(why, "missing"),))
    path = ctx.savings
    table = _savings_table(ctx, path)
    blocks: Blocks = [
        Text(_text(ctx, path)),
        Text(
            ctx.tr(
                "act_adopted_note",
                year=ctx.hp_end,
                adopted=ctx.mnok(ctx.at("restructuring", ctx.hp_end)),
            ),
            "note",
        ),
    ]
    figures = [_paths_figure(ctx)]
    blocks += [FigureRef(figures[0].id), TableRef(table.id)]
    tables = [table]
    if ctx.waiting is not None and len(ctx.waiting.delays) > 1:
        waiting_table = _waiting_table(ctx)
        figures.append(_waiting_figure(ctx))
        tables.append(waiting_table)
        blocks += [
            Heading(ctx.tr("h3_waiting")),
            Text(_waiting_text(ctx)),
            FigureRef(figures[-1].id),
            TableRef(waiting_table.id),
        ]
    return Chapter("act", title, tuple(blocks), tables=tuple(tables), figures=tuple(figures))


def _on_calendar(ctx: ReportContext, path: SavingsPath, values: Any) -> np.ndarray:
    return ctx.align(path.years, values)


def _text(ctx: ReportContext, path: SavingsPath) -> str:
    incr = _on_calendar(ctx, path, path.increment_nok)
    level = _on_calendar(ctx, path, path.level_nok)
    cuts = np.flatnonzero(incr > NEW_CUT_NOK)
    if cuts.size == 0:
        return ctx.tr("act_none", end=ctx.end)
    first = int(ctx.years[cuts[0]])
    peak = int(np.nanargmax(incr))
    binding = [b for b in np.asarray(path.binding, dtype=object) if b]
    names = {r.id: ctx.rule_name(r) for r in ctx.rules}
    rule = names.get(str(binding[0]), str(binding[0])) if binding else ctx.tr("none")
    text = ctx.tr(
        "act_text",
        first=first,
        rule=rule,
        end=ctx.end,
        l_end=ctx.mnok(level[-1]),
        share=ctx.pct(100 * level[-1] / ctx.at("operating_expenditure", ctx.end)),
        peak=ctx.mnok(incr[peak]),
        peak_year=int(ctx.years[peak]),
        basis=ctx.basis_text(ctx.basis),
    )
    if not path.feasible:
        text += " " + ctx.tr("act_infeasible")
    return text


def _savings_table(ctx: ReportContext, path: SavingsPath) -> Table:
    level = _on_calendar(ctx, path, path.level_nok)
    incr = _on_calendar(ctx, path, path.increment_nok)
    binding = dict(zip((int(y) for y in path.years), path.binding, strict=True))
    names = {r.id: ctx.rule_name(r) for r in ctx.rules}
    expenditure = ctx.kf("operating_expenditure")
    data: dict[str, list[Any]] = {
        "year": [int(y) for y in ctx.years],
        "level_nok": level.tolist(),
        "increment_nok": incr.tolist(),
        "share_of_expenditure": (level / expenditure).tolist(),
        "binding_rule": [names.get(binding.get(int(y), ""), "") for y in ctx.years],
    }
    for k in range(len(path.sectors)):
        data[f"sector_{k + 1}_nok"] = _on_calendar(ctx, path, path.savings_nok[k]).tolist()
    frame = with_basis(pd.DataFrame(data), ctx.basis)
    shown_years = set(ctx.long_years) | {
        int(y) for y, v in zip(ctx.years, incr, strict=True) if v > NEW_CUT_NOK
    }
    mill = ctx.tr("u_mnok")
    cols = [
        Column("year", ctx.tr("c_year"), "year"),
        Column("level_nok", ctx.tr("c_savings_level"), "mnok", mill),
        Column("increment_nok", ctx.tr("c_new_cuts"), "mnok", mill),
        Column("share_of_expenditure", ctx.tr("c_share_expenditure"), "frac", "%"),
        Column("binding_rule", ctx.tr("c_binding_rule"), "text"),
        *(
            Column(f"sector_{k + 1}_nok", ctx.sector_name(s), "mnok", mill)
            for k, s in enumerate(path.sectors)
        ),
    ]
    return frame_table(
        frame,
        "required_savings",
        ctx.tr("t_required_savings"),
        cols,
        sheet=ctx.tr("sheet_required_savings"),
        shown=[j for j, y in enumerate(data["year"]) if y in shown_years],
        note=ctx.tr("note_savings", basis=ctx.basis_text(ctx.basis)),
    )


def _paths_figure(ctx: ReportContext) -> Figure:
    waiting = ctx.waiting
    paths = [(0, ctx.savings)]
    if waiting is not None:
        paths = [
            (d, p) for d, p in zip(waiting.delays, waiting.paths, strict=True) if d in SHOWN_DELAYS
        ]
    series: list[dict[str, Any]] = []
    for _, p in paths:  # paths that coincide are one line with every start year in its label
        y = _on_calendar(ctx, p, p.level_nok) / 1e6
        same = next((s for s in series if np.allclose(s["y"], y, atol=0.5)), None)
        if same is not None:
            same["starts"].append(p.start_year)
            continue
        series.append(
            {
                "starts": [p.start_year],
                "y": y.tolist(),
                "style": len(series),
                "emphasis": not series,
            }
        )
    for s in series:
        s["label"] = ctx.tr("start_in", year=", ".join(str(v) for v in s.pop("starts")))
    first = paths[0][1]
    level = _on_calendar(ctx, first, first.level_nok)
    alt = ctx.tr(
        "fig_paths_alt",
        end=ctx.end,
        a=ctx.mnok(level[-1]),
        z=ctx.mnok(float(paths[-1][1].level_nok[-1])),
        start=paths[-1][1].start_year,
    )
    data = {"x": ctx.years.tolist(), "series": series, "unit": ctx.tr("u_mnok"), "ymin": 0.0}
    return Figure(
        "savings_paths",
        ctx.tr("fig_paths"),
        "lines",
        data,
        alt,
        ctx.tr("fig_paths_caption", basis=ctx.basis_text(ctx.basis)),
    )


def _waiting_frame(ctx: ReportContext) -> pd.DataFrame:
    assert ctx.waiting is not None
    return with_basis(ctx.waiting.frame(), ctx.basis)


def _waiting_text(ctx: ReportContext) -> str:
    wf = _waiting_frame(ctx)
    a, z = float(wf.total_nok.iloc[0]), float(wf.total_nok.iloc[-1])
    d = int(wf.delay_years.iloc[-1])
    key = "wait_more" if z > a + 0.5e6 else "wait_less" if z < a - 0.5e6 else "wait_same"
    return (
        ctx.tr("wait_explain", base=ctx.base, end=ctx.end)
        + " "
        + ctx.tr(key, d=d, a=ctx.mnok(a), z=ctx.mnok(z), start=int(wf.start_year.iloc[-1]))
    )


def _waiting_figure(ctx: ReportContext) -> Figure:
    wf = _waiting_frame(ctx)
    x = [int(v) for v in wf.start_year]
    series = [
        {"label": ctx.tr("c_wait_total"), "y": (wf.total_nok / 1e6).tolist(), "emphasis": True},
        {"label": ctx.tr("c_wait_savings"), "y": (wf.savings_total_nok / 1e6).tolist(), "style": 1},
        {"label": ctx.tr("c_wait_gap"), "y": (wf.gap_while_waiting_nok / 1e6).tolist(), "style": 2},
    ]
    a, z = float(wf.total_nok.iloc[0]), float(wf.total_nok.iloc[-1])
    alt = ctx.tr("fig_wait_alt", a=ctx.mnok(a), z=ctx.mnok(z), first=x[0], last=x[-1])
    data = {"x": x, "series": series, "unit": ctx.tr("u_mnok"), "ymin": 0.0}
    return Figure(
        "waiting",
        ctx.tr("fig_wait"),
        "lines",
        data,
        alt,
        ctx.tr("fig_wait_caption", basis=ctx.basis_text(ctx.basis), end=ctx.end),
    )


def _waiting_table(ctx: ReportContext) -> Table:
    wf = _waiting_frame(ctx)
    mill = ctx.tr("u_mnok")
    cols = [
        Column("delay_years", ctx.tr("c_delay"), "int", ctx.tr("u_years")),
        Column("start_year", ctx.tr("c_start"), "year"),
        Column("total_nok", ctx.tr("c_wait_total"), "mnok", mill),
        Column("savings_total_nok", ctx.tr("c_wait_savings"), "mnok", mill),
        Column("gap_while_waiting_nok", ctx.tr("c_wait_gap"), "mnok", mill),
        Column("peak_nok", ctx.tr("c_peak_cut"), "mnok", mill),
        Column("final_level_nok", ctx.tr("c_final_level", end=ctx.end), "mnok", mill),
        Column("feasible", ctx.tr("c_feasible"), "bool"),
    ]
    return frame_table(
        wf,
        "cost_of_waiting",
        ctx.tr("t_waiting"),
        cols,
        sheet=ctx.tr("sheet_waiting"),
        note=ctx.tr("note_waiting", basis=ctx.basis_text(ctx.basis), end=ctx.end),
    )
