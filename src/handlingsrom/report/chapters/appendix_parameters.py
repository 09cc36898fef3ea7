"""Appendix A: every parameter of the run, one row each on the page and every dated value in
the workbook, with its unit and sources."""

from __future__ import annotations

from typing import Any

import pandas as pd

from handlingsrom.report.context import ReportContext
from handlingsrom.report.model import Chapter, Column, Table, TableRef, Text
from handlingsrom.report.tables import frame_table

PERCENT_UNITS = ("fraction", "fraction per year")


def build(ctx: ReportContext) -> Chapter:
    params = ctx.result.params
    title = ctx.tr("ch_appendix_parameters")
    if not len(params):
        return Chapter(
            "appendix-parameters", title, (Text(ctx.tr("no_parameters"), "note"),), appendix=True
        )
    tables = (_parameters_table(ctx), _points_table(ctx))
    blocks = (
        Text(ctx.tr("params_intro", n=len(params))),
        TableRef(tables[0].id),
        TableRef(tables[1].id),
    )
    return Chapter("appendix-parameters", title, blocks, tables=tables, appendix=True)


def _value(ctx: ReportContext, unit: str, v: float) -> float:
    return 100 * v if unit in PERCENT_UNITS else v


def _unit(ctx: ReportContext, unit: str) -> str:
    key = "unit_" + unit.replace(" ", "_")
    return ctx.tr(key) if ctx.has_text(key) else unit


def _parameters_table(ctx: ReportContext) -> Table:
    params = ctx.result.params
    rows: list[dict[str, Any]] = []
    for path in sorted(params):
        p = params[path]
        pts = list(p.points)
        start = ([pt for pt in pts if pt.year <= ctx.base] or pts[:1])[-1]
        later = [pt for pt in pts if pt.year > start.year]
        rows.append(
            {
                "path": path,
                "description": ctx.localised(p.description),
                "unit": _unit(ctx, p.unit),
                "value": _value(ctx, p.unit, start.value),
                "changes": "; ".join(
                    f"{pt.year}: {ctx.num_trimmed(_value(ctx, p.unit, pt.value))}"
                    for pt in later[:4]
                )
                + (" …" if len(later) > 4 else ""),
                "source": " + ".join(sorted({s for pt in pts for s in ctx.source_ids(pt.source)})),
            }
        )
    cols = [
        Column("path", ctx.tr("c_parameter"), "text"),
        Column("description", ctx.tr("c_description"), "long"),
        Column("unit", ctx.tr("c_unit"), "text"),
        Column("value", ctx.tr("c_value_base", year=ctx.base), "upto3"),
        Column("changes", ctx.tr("c_changes"), "text"),
        Column("source", ctx.tr("c_source"), "sources"),
    ]
    return frame_table(
        pd.DataFrame(rows),
        "parameters",
        ctx.tr("t_parameters"),
        cols,
        sheet=ctx.tr("sheet_parameters"),
        note=ctx.tr("note_parameters"),
    )


def _points_table(ctx: ReportContext) -> Table:
    params = ctx.result.params
    rows = [
        {
            "path": path,
            "year": pt.year,
            "value": pt.value,
            "unit": params[path].unit,
            "source": pt.source,
        }
        for path in sorted(params)
        for pt in params[path].points
    ]
    cols = [
        Column("path", ctx.tr("c_parameter"), "text"),
        Column("year", ctx.tr("c_year"), "year"),
        Column("value", ctx.tr("c_value"), "dec3"),
        Column("unit", ctx.tr("c_unit"), "text"),
        Column("source", ctx.tr("c_source"), "sources"),
    ]
    return frame_table(
        pd.DataFrame(rows),
        "parameter_values",
        ctx.tr("t_parameter_values"),
        cols,
        sheet=ctx.tr("sheet_parameter_values"),
        html=False,
        note=ctx.tr("note_parameter_values"),
    )
