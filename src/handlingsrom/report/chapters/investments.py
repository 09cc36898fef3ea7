"""Investments by project and year, and how each year's investments are financed."""

from __future__ import annotations

import numpy as np
import pandas as pd

from handlingsrom.report.context import ReportContext
from handlingsrom.report.model import (
    Blocks,
    Chapter,
    Column,
    Figure,
    FigureRef,
    Status,
    Table,
    TableRef,
    Text,
)
from handlingsrom.report.parts import key_figure_table, project_spending, row_basis, sources_cell
from handlingsrom.report.tables import frame_table, year_columns, year_key

FINANCING = ("new_loans", "equity_transfer", "vat_compensation", "investment_grants")


def build(ctx: ReportContext) -> Chapter:
    title = ctx.tr("ch_investments")
    register = ctx.table("investments")
    if ctx.missing("economy") or register is None:
        why = " ".join(ctx.tr("not_available", what=w) for w in ctx.missing("economy"))
        return Chapter("investments", title, (Text(why or ctx.tr("no_investments"), "missing"),))
    reg = register[register.status == "adopted"] if "status" in register else register
    reg = reg[(reg.start_year <= ctx.hp_end) & (reg.completion_year >= ctx.base)]
    spend = project_spending(reg, ctx.hp_years)
    projects = _projects_table(ctx, reg, spend)
    financing = key_figure_table(
        ctx,
        "investment_financing",
        ctx.tr("t_inv_financing"),
        ("investment_expenditure", *FINANCING),
        ctx.hp_years,
        ctx.tr("sheet_inv_financing"),
        note=ctx.tr("note_inv_financing", basis=ctx.basis_text(ctx.basis)),
    )
    figure = _financing_figure(ctx)
    blocks: Blocks = [
        Text(_text(ctx, reg, spend)),
        TableRef(projects.id),
        TableRef(financing.id),
        FigureRef(figure.id),
    ]
    return Chapter(
        "investments", title, tuple(blocks), tables=(projects, financing), figures=(figure,)
    )


def _assumed(ctx: ReportContext, reg: pd.DataFrame) -> np.ndarray:
    return np.array(
        [
            row_basis(ctx, r.get("source"), r.get("note")) == "assumed"
            for r in reg.to_dict("records")
        ],
        dtype=bool,
    )


def _text(ctx: ReportContext, reg: pd.DataFrame, spend: np.ndarray) -> str:
    total_model = sum(ctx.at("investment_expenditure", y) for y in ctx.hp_years)
    in_hp = spend.sum(axis=1)
    assumed = float(in_hp[_assumed(ctx, reg)].sum())
    register = float(in_hp.sum())
    return ctx.tr(
        "inv_text",
        base=ctx.base,
        hp_end=ctx.hp_end,
        total=ctx.mnok(total_model),
        register=ctx.mnok(register),
        n=len(reg),
        assumed=ctx.mnok(assumed),
        share=ctx.pct(100 * assumed / register if register else 0.0, 0),
        other=ctx.tr("inv_other", other=ctx.mnok(total_model - register))
        if abs(total_model - register) >= 0.5e6
        else "",
        basis=ctx.basis_text(ctx.basis),
    )


def _projects_table(ctx: ReportContext, reg: pd.DataFrame, spend: np.ndarray) -> Table:
    sectors = ctx.result.dataset.sectors
    assumed = _assumed(ctx, reg)
    order = np.lexsort((reg.completion_year.to_numpy(), assumed))  # published first
    data: dict[str, list[object]] = {
        k: []
        for k in (
            "id",
            "name",
            "sector",
            "basis",
            "cost_nok",
            "completion_year",
            "capacity",
            "source",
            "note",
        )
    }
    for y in ctx.hp_years:
        data[year_key(y)] = []
    records = reg.to_dict("records")
    status: list[list[Status]] = []
    for i in order:
        r = records[i]
        data["id"].append(r["id"])
        data["name"].append(ctx.untranslated(str(r["name"])))
        data["sector"].append(sectors.name(str(r["sector"]), ctx.lang))
        data["basis"].append(ctx.tr("basis_assumed" if assumed[i] else "basis_published"))
        data["cost_nok"].append(float(r["cost_nok"]))
        for j, y in enumerate(ctx.hp_years):
            data[year_key(y)].append(float(spend[i, j]))
        data["completion_year"].append(int(r["completion_year"]))
        cap = r.get("capacity")
        data["capacity"].append(None if cap is None or cap != cap else float(cap))
        data["source"].append(sources_cell(ctx, r.get("source")))
        note = r.get("note")
        data["note"].append("" if note is None or note != note else str(note))
        row_status: list[Status] = [None] * (9 + len(ctx.hp_years))
        row_status[4] = "assumed" if assumed[i] else None
        status.append(row_status)
    frame = pd.DataFrame(data)
    frame.attrs["price_basis"] = ctx.basis
    mill = ctx.tr("u_mnok")
    cols = [
        Column("id", ctx.tr("c_id"), "text", html=False),
        Column("name", ctx.tr("c_project"), "name"),
        Column("sector", ctx.tr("c_sector"), "text"),
        Column("basis", ctx.tr("c_basis"), "text"),
        Column("cost_nok", ctx.tr("c_cost_total"), "mnok", mill),
        Column("completion_year", ctx.tr("c_completed"), "year"),
        Column("capacity", ctx.tr("c_capacity"), "int", ctx.tr("u_places")),
        Column("source", ctx.tr("c_source"), "sources"),
        Column("note", ctx.tr("c_note"), "text", html=False),
        *year_columns(ctx.hp_years, "mnok", mill),
    ]
    frame = frame[[c.key for c in cols]]
    return frame_table(
        frame,
        "investments",
        ctx.tr("t_investments", base=ctx.base, hp_end=ctx.hp_end),
        cols,
        sheet=ctx.tr("sheet_investments"),
        status=status,
        note=ctx.tr("note_investments", basis=ctx.basis_text(ctx.basis)),
    )


def _financing_figure(ctx: ReportContext) -> Figure:
    series = [
        {"label": ctx.tr(f"kf_{k}"), "y": (ctx.kf(k) / 1e6).tolist()}
        for k in FINANCING
        if ctx.has_kf(k)
    ]
    invest = ctx.kf("investment_expenditure")
    peak = int(np.nanargmax(invest))
    later = ctx.years > ctx.hp_end
    mean_later = float(np.nanmean(invest[later])) if later.any() else float("nan")
    alt = ctx.tr(
        "fig_inv_alt",
        year=int(ctx.years[peak]),
        peak=ctx.mnok(invest[peak]),
        mean=ctx.mnok(mean_later),
        after=ctx.hp_end,
        end=ctx.end,
        loans=ctx.pct(100 * np.nansum(ctx.kf("new_loans")) / np.nansum(invest), 0),
    )
    data = {
        "categories": ctx.years.tolist(),
        "series": series,
        "stack": True,
        "unit": ctx.tr("u_mnok"),
    }
    return Figure(
        "investments",
        ctx.tr("fig_inv"),
        "bars",
        data,
        alt,
        ctx.tr("fig_inv_caption", basis=ctx.basis_text(ctx.basis)),
    )
