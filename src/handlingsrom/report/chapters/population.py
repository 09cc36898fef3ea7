"""The challenge: the population by age and sex, the age groups over time with their
uncertainty (a small chart per group), and working-age residents per resident 80+."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from handlingsrom.plan import AGE_GROUPS, group_totals, support_ratio
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
from handlingsrom.report.tables import frame_table


def build(ctx: ReportContext) -> Chapter:
    pop = ctx.result.population.population
    groups = group_totals(pop)
    ratio = support_ratio(pop)
    figures = [_pyramid(ctx, pop), _groups(ctx, groups), _support(ctx, ratio)]
    tables = [_groups_table(ctx, pop, groups, ratio), *_workbook_tables(ctx, pop)]
    blocks: Blocks = [Text(_text(ctx, pop, ratio))]
    blocks += [FigureRef(f.id) for f in figures]
    blocks += (
        [
            Text(
                " ".join(ctx.tr("not_available", what=w) for w in ctx.missing("uncertainty")),
                "missing",
            )
        ]
        if ctx.missing("uncertainty")
        else []
    )
    blocks += [TableRef(t.id) for t in tables]
    return Chapter(
        "population",
        ctx.tr("ch_population"),
        tuple(blocks),
        tables=tuple(tables),
        figures=tuple(figures),
    )


def _text(ctx: ReportContext, pop: np.ndarray, ratio: np.ndarray) -> str:
    total = pop.sum(axis=(1, 2))
    old = pop[:, :, 80:].sum(axis=(1, 2))
    return ctx.tr(
        "pop_text",
        base=ctx.base,
        end=ctx.end,
        pop=ctx.num(total[0]),
        pop_end=ctx.num(total[-1]),
        old=ctx.num(old[0]),
        old_end=ctx.num(old[-1]),
        r0=ctx.num(ratio[0], 1),
        r1=ctx.num(ratio[-1], 1),
    )


def _pyramid(ctx: ReportContext, pop: np.ndarray) -> Figure:
    years = [y for y in (ctx.base, ctx.cal.offset(20), ctx.cal.offset(40)) if y is not None]
    idx = [ctx.idx(y) for y in years]
    old = [float(pop[i, :, 80:].sum()) for i in idx]
    data = {
        "years": years,
        "female": [pop[i, 0].tolist() for i in idx],
        "male": [pop[i, 1].tolist() for i in idx],
        "labels": {"female": ctx.tr("female"), "male": ctx.tr("male"), "y": ctx.tr("c_age")},
    }
    alt = ctx.tr(
        "fig_pyramid_alt", first=years[0], last=years[-1], a=ctx.num(old[0]), z=ctx.num(old[-1])
    )
    return Figure(
        "pyramid",
        ctx.tr("fig_pyramid", years=", ".join(map(str, years))),
        "pyramid",
        data,
        alt,
        ctx.tr("fig_pyramid_caption"),
    )


def _group_label(ctx: ReportContext, gid: str) -> str:
    return ctx.tr(f"age_{gid}")


def _groups(ctx: ReportContext, groups: dict[str, np.ndarray]) -> Figure:
    bands = ctx.bands
    panels = []
    for gid, _, _ in AGE_GROUPS:
        v = groups[gid]
        s: dict[str, Any] = {"label": ctx.tr("projection"), "y": v.tolist()}
        if bands is not None:
            s["lo"], s["hi"] = bands.groups[gid][0].tolist(), bands.groups[gid][-1].tolist()
        change = 100 * (v[-1] - v[0]) / v[0] if v[0] else 0.0
        panels.append(
            {
                "title": _group_label(ctx, gid),
                "series": [s],
                "alt": ctx.tr(
                    "group_alt",
                    a=ctx.num(v[0]),
                    z=ctx.num(v[-1]),
                    end=ctx.end,
                    change=ctx.pct(change, 0),
                ),
            }
        )
    fastest = max(AGE_GROUPS, key=lambda g: groups[g[0]][-1] / max(groups[g[0]][0], 1))[0]
    g = groups[fastest]
    alt = ctx.tr(
        "fig_groups_alt",
        group=_group_label(ctx, fastest),
        a=ctx.num(g[0]),
        z=ctx.num(g[-1]),
        end=ctx.end,
    )
    caption = (
        ctx.tr("fig_groups_caption_bands", n=ctx.num(bands.n_paths))
        if bands
        else ctx.tr("fig_groups_caption")
    )
    data = {
        "x": ctx.years.tolist(),
        "panels": panels,
        "shared_y": False,
        "ymin": 0.0,
        "unit": ctx.tr("u_persons"),
    }
    return Figure("age_groups", ctx.tr("fig_groups"), "panels", data, alt, caption)


def _support(ctx: ReportContext, ratio: np.ndarray) -> Figure:
    s: dict[str, Any] = {"label": ctx.tr("c_support"), "y": ratio.tolist(), "emphasis": True}
    if ctx.bands is not None:
        s["lo"], s["hi"] = ctx.bands.support[0].tolist(), ctx.bands.support[-1].tolist()
    alt = ctx.tr(
        "fig_support_alt",
        base=ctx.base,
        end=ctx.end,
        a=ctx.num(ratio[0], 1),
        z=ctx.num(ratio[-1], 1),
    )
    data = {
        "x": ctx.years.tolist(),
        "series": [s],
        "unit": ctx.tr("u_ratio_support"),
        "decimals": 0,
        "ymin": 0.0,
    }
    return Figure(
        "support", ctx.tr("fig_support"), "lines", data, alt, ctx.tr("fig_support_caption")
    )


def _groups_table(
    ctx: ReportContext, pop: np.ndarray, groups: dict[str, np.ndarray], ratio: np.ndarray
) -> Table:
    data: dict[str, Any] = {"year": [int(y) for y in ctx.years]}
    cols = [Column("year", ctx.tr("c_year"), "year")]
    for gid, _, _ in AGE_GROUPS:
        key = "age_" + gid.replace("-", "_").replace("+", "_plus")
        data[key] = groups[gid].tolist()
        cols.append(Column(key, _group_label(ctx, gid), "int", ctx.tr("u_persons")))
    data["total"] = pop.sum(axis=(1, 2)).tolist()
    data["working_age_per_80_plus"] = ratio.tolist()
    cols += [
        Column("total", ctx.tr("c_total"), "int", ctx.tr("u_persons")),
        Column("working_age_per_80_plus", ctx.tr("c_support"), "dec1"),
    ]
    shown = [ctx.idx(y) for y in ctx.long_years]
    return frame_table(
        pd.DataFrame(data),
        "age_groups",
        ctx.tr("t_age_groups"),
        cols,
        sheet=ctx.tr("sheet_age_groups"),
        shown=shown,
        note=ctx.tr("note_jan1"),
    )


def _workbook_tables(ctx: ReportContext, pop: np.ndarray) -> list[Table]:
    out = []
    bands = ctx.bands
    if bands is not None:
        frame = (
            bands.frame()
            .pivot_table(
                index=["year", "group"], columns="quantile", values="population", sort=False
            )
            .reset_index()
        )
        frame.columns = ["year", "age_group", "p5", "p50", "p95"]
        cols = [
            Column("year", ctx.tr("c_year"), "year"),
            Column("age_group", ctx.tr("c_group"), "text"),
            *(
                Column(k, ctx.tr(f"c_{k}"), "int", ctx.tr("u_persons"))
                for k in ("p5", "p50", "p95")
            ),
        ]
        out.append(
            frame_table(
                frame,
                "age_group_bands",
                ctx.tr("t_bands"),
                cols,
                sheet=ctx.tr("sheet_bands"),
                html=False,
                note=ctx.tr("note_bands", n=ctx.num(bands.n_paths)),
            )
        )
    frame = ctx.result.population.to_frame()
    cols = [
        Column("year", ctx.tr("c_year"), "year"),
        Column("age", ctx.tr("c_age"), "int", ctx.tr("u_years_age")),
        Column("sex", ctx.tr("c_sex"), "text"),
        Column("population", ctx.tr("c_population"), "dec1", ctx.tr("u_persons")),
    ]
    out.append(
        frame_table(
            frame,
            "population",
            ctx.tr("t_population"),
            cols,
            sheet=ctx.tr("sheet_population"),
            html=False,
            note=ctx.tr("note_jan1"),
        )
    )
    return out
