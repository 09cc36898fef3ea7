"""Services: demand, capacity against users, staff by sector and the demographic cost
pressure. Users are counted as the yearly mean (mid-year), costs in the services' own
calibration-year prices; both are said where they are shown."""

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
from handlingsrom.report.tables import frame_table, with_basis
from handlingsrom.services import ServiceResult


def build(ctx: ReportContext) -> Chapter:
    title = ctx.tr("ch_services")
    if ctx.missing("services"):
        why = " ".join(ctx.tr("not_available", what=w) for w in ctx.missing("services"))
        return Chapter("services", title, (Text(why, "missing"),))
    svc = ctx.services
    figures = [
        f
        for f in (_demand(ctx, svc), _capacity(ctx, svc), _fte(ctx, svc), _pressure(ctx, svc))
        if f is not None
    ]
    tables = [
        _summary_table(ctx, svc),
        _staff_table(ctx, svc),
        _pressure_table(ctx, svc),
        _by_year(ctx, svc),
    ]
    blocks: Blocks = [Text(_text(ctx, svc)), Text(ctx.tr("services_counting"), "note")]
    blocks += [FigureRef(f.id) for f in figures] + [TableRef(t.id) for t in tables]
    return Chapter("services", title, tuple(blocks), tables=tuple(tables), figures=tuple(figures))


def _name(ctx: ReportContext, svc: ServiceResult, i: int) -> str:
    return ctx.named(svc.names_nb[i], svc.names_en[i])


def _basis(svc: ServiceResult, fallback: str) -> str:
    return f"fixed {svc.calibration_year}" if svc.calibration_year else fallback


def _text(ctx: ReportContext, svc: ServiceResult) -> str:
    y20 = ctx.year_20()
    fte = svc.total_fte()
    opens = svc.gap_opens()
    gaps = [f"{_name(ctx, svc, i)} ({opens[s]})" for i, s in enumerate(svc.services) if opens[s]]
    return ctx.tr(
        "services_text",
        base=ctx.base,
        cost=ctx.mnok(svc.total_cost()[0]),
        basis=ctx.basis_text(_basis(svc, ctx.basis)),
        fte=ctx.num(fte[0]),
        fte20=ctx.num(fte[ctx.idx(y20)]),
        y20=y20,
        gaps=", ".join(gaps) if gaps else ctx.tr("none"),
    )


def _users_based(svc: ServiceResult) -> list[int]:
    return [
        i
        for i in range(len(svc.services))
        if not svc.unit[i].startswith("inhabitant") and svc.users[i, 0] > 0
    ]


def _demand(ctx: ReportContext, svc: ServiceResult) -> Figure | None:
    idx = _users_based(svc)
    if not idx:
        return None
    panels = []
    growth = []
    for i in idx:
        u = svc.users[i]
        growth.append(u[-1] / u[0])
        panels.append(
            {
                "title": _name(ctx, svc, i),
                "series": [{"label": ctx.tr("c_users"), "y": u.tolist()}],
                "alt": ctx.tr(
                    "group_alt",
                    a=ctx.num(u[0]),
                    z=ctx.num(u[-1]),
                    end=ctx.end,
                    change=ctx.pct(100 * (u[-1] / u[0] - 1), 0),
                ),
            }
        )
    top = idx[int(np.argmax(growth))]
    alt = ctx.tr(
        "fig_demand_alt",
        service=_name(ctx, svc, top),
        end=ctx.end,
        change=ctx.pct(100 * (max(growth) - 1), 0),
    )
    data = {
        "x": ctx.years.tolist(),
        "panels": panels,
        "shared_y": False,
        "ymin": 0.0,
        "unit": ctx.tr("u_users"),
    }
    return Figure("demand", ctx.tr("fig_demand"), "panels", data, alt, ctx.tr("fig_demand_caption"))


def _capacity(ctx: ReportContext, svc: ServiceResult) -> Figure | None:
    idx = [i for i in range(len(svc.services)) if np.isfinite(svc.capacity[i]).any()]
    if not idx:
        return None
    panels = []
    opens = svc.gap_opens()
    for i in idx:
        o = opens[svc.services[i]]
        panels.append(
            {
                "title": _name(ctx, svc, i),
                "series": [
                    {"label": ctx.tr("c_users"), "y": svc.users[i].tolist(), "emphasis": True},
                    {
                        "label": ctx.tr("c_capacity"),
                        "y": np.nan_to_num(svc.capacity[i]).tolist(),
                        "style": 1,
                    },
                ],
                "alt": ctx.tr("capacity_alt_gap", year=o)
                if o
                else ctx.tr("capacity_alt_ok", end=ctx.end),
            }
        )
    first = [(opens[svc.services[i]], _name(ctx, svc, i)) for i in idx if opens[svc.services[i]]]
    alt = (
        ctx.tr("fig_capacity_alt", first=min(first)[1], year=min(first)[0])
        if first
        else (ctx.tr("fig_capacity_alt_none", end=ctx.end))
    )
    data = {
        "x": ctx.years.tolist(),
        "panels": panels,
        "shared_y": False,
        "ymin": 0.0,
        "unit": ctx.tr("u_places_users"),
    }
    return Figure(
        "capacity", ctx.tr("fig_capacity"), "panels", data, alt, ctx.tr("fig_capacity_caption")
    )


def _fte(ctx: ReportContext, svc: ServiceResult) -> Figure:
    by = svc.fte_by_sector()
    sectors = [s for s in ctx.result.dataset.sectors.ids if s in by]
    series = [{"label": ctx.sector_name(s), "y": by[s].tolist()} for s in sectors]
    total = svc.total_fte()
    y20 = ctx.year_20()
    alt = ctx.tr(
        "fig_fte_alt", base=ctx.base, y20=y20, a=ctx.num(total[0]), z=ctx.num(total[ctx.idx(y20)])
    )
    data = {"x": ctx.years.tolist(), "series": series, "unit": ctx.tr("u_fte"), "ymin": 0.0}
    return Figure("fte", ctx.tr("fig_fte"), "lines", data, alt, ctx.tr("fig_fte_caption"))


def _pressure(ctx: ReportContext, svc: ServiceResult) -> Figure | None:
    years = [y for y in ctx.years.tolist() if ctx.base < y <= ctx.base + 10]
    if not years:
        return None
    by = svc.pressure_by_sector()
    sectors = [s for s in ctx.result.dataset.sectors.ids if s in by]
    series = [
        {"label": ctx.sector_name(s), "y": [by[s][ctx.idx(y)] / 1e6 for y in years]}
        for s in sectors
    ]
    total = [sum(by[s][ctx.idx(y)] for s in sectors) for y in years]
    basis = _basis(svc, ctx.basis)
    alt = ctx.tr(
        "fig_pressure_alt",
        a=years[0],
        z=years[-1],
        mean=ctx.mnok(float(np.mean(total))),
        sum=ctx.mnok(float(np.sum(total))),
    )
    data = {"categories": years, "series": series, "stack": True, "unit": ctx.tr("u_mnok")}
    return Figure(
        "pressure",
        ctx.tr("fig_pressure"),
        "bars",
        data,
        alt,
        ctx.tr("fig_pressure_caption", basis=ctx.basis_text(basis)),
    )


def _summary_table(ctx: ReportContext, svc: ServiceResult) -> Table:
    y20 = ctx.year_20()
    j = ctx.idx(y20)
    opens = svc.gap_opens()
    rows = []
    for i, sid in enumerate(svc.services):
        everyone = svc.unit[i].startswith("inhabitant")
        cap = float(svc.capacity[i, 0])
        rows.append(
            {
                "service_id": sid,
                "service": _name(ctx, svc, i),
                "sector": ctx.sector_name(svc.sector[i]),
                "users_base": None if everyone else float(svc.users[i, 0]),
                "users_y20": None if everyone else float(svc.users[i, j]),
                "target_group_base": float(svc.users[i, 0]) if everyone else None,
                "capacity_base": cap if np.isfinite(cap) else None,
                "gap_opens": opens[sid],
                "fte_base": float(svc.fte[i, 0]),
                "fte_y20": float(svc.fte[i, j]),
                "cost_base_nok": float(svc.cost_nok[i, 0]),
            }
        )
    frame = with_basis(pd.DataFrame(rows).astype({"gap_opens": object}), _basis(svc, ctx.basis))
    frame["gap_opens"] = [v if v == v else None for v in frame["gap_opens"]]
    b, p, f, m = ctx.base, ctx.tr("u_persons"), ctx.tr("u_fte"), ctx.tr("u_mnok")
    cols = [
        Column("service_id", ctx.tr("c_id"), "text", html=False),
        Column("service", ctx.tr("c_service"), "text"),
        Column("sector", ctx.tr("c_sector"), "text"),
        Column("users_base", ctx.tr("c_users_year", year=b), "int", p),
        Column("users_y20", ctx.tr("c_users_year", year=y20), "int", p),
        Column("target_group_base", ctx.tr("c_target_group", year=b), "int", p),
        Column("capacity_base", ctx.tr("c_capacity_year", year=b), "int", ctx.tr("u_places")),
        Column("gap_opens", ctx.tr("c_gap_year"), "year"),
        Column("fte_base", ctx.tr("c_fte_year", year=b), "int", f),
        Column("fte_y20", ctx.tr("c_fte_year", year=y20), "int", f),
        Column("cost_base_nok", ctx.tr("c_cost_year", year=b), "mnok", m),
    ]
    return frame_table(
        frame,
        "services_summary",
        ctx.tr("t_services"),
        cols,
        sheet=ctx.tr("sheet_services"),
        note=ctx.tr("note_services", basis=ctx.basis_text(frame.attrs["price_basis"])),
    )


def _staff_table(ctx: ReportContext, svc: ServiceResult) -> Table:
    ratios = svc.staff_ratios()
    frame = pd.DataFrame(
        {
            "year": [int(y) for y in svc.years],
            **{
                k: ratios[k]
                for k in ("working_age", "residents_80_plus", "fte", "working_age_per_fte")
            },
        }
    )
    p = ctx.tr("u_persons_mean")
    cols = [
        Column("year", ctx.tr("c_year"), "year"),
        Column("working_age", ctx.tr("c_working_age"), "int", p),
        Column("residents_80_plus", ctx.tr("c_80_plus"), "int", p),
        Column("fte", ctx.tr("c_fte"), "int", ctx.tr("u_fte")),
        Column("working_age_per_fte", ctx.tr("c_working_age_per_fte"), "dec1"),
    ]
    return frame_table(
        frame,
        "staff",
        ctx.tr("t_staff"),
        cols,
        sheet=ctx.tr("sheet_staff"),
        shown=[ctx.idx(y) for y in ctx.long_years],
        note=ctx.tr("note_staff"),
    )


def _pressure_table(ctx: ReportContext, svc: ServiceResult) -> Table:
    by = svc.pressure_by_sector()
    sectors = [s for s in ctx.result.dataset.sectors.ids if s in by]
    data: dict[str, Any] = {"year": [int(y) for y in svc.years]}
    for k, s in enumerate(sectors, start=1):
        data[f"sector_{k}_nok"] = by[s].tolist()
    data["total_nok"] = svc.pressure_nok.sum(axis=0).tolist()
    basis = _basis(svc, ctx.basis)
    frame = with_basis(pd.DataFrame(data), basis)
    m = ctx.tr("u_mnok")
    cols = [
        Column("year", ctx.tr("c_year"), "year"),
        *(
            Column(f"sector_{k}_nok", ctx.sector_name(s), "mnok", m)
            for k, s in enumerate(sectors, start=1)
        ),
        Column("total_nok", ctx.tr("c_total"), "mnok", m),
    ]
    shown = [j for j, y in enumerate(data["year"]) if ctx.base < y <= ctx.base + 10]
    return frame_table(
        frame,
        "demographic_pressure",
        ctx.tr("t_pressure"),
        cols,
        sheet=ctx.tr("sheet_pressure"),
        shown=shown,
        note=ctx.tr("note_pressure", basis=ctx.basis_text(basis)),
    )


def _by_year(ctx: ReportContext, svc: ServiceResult) -> Table:
    frame = with_basis(
        svc.to_frame().merge(svc.pressure_frame()[["year", "service", "pressure_nok"]]),
        _basis(svc, ctx.basis),
    )
    p = ctx.tr("u_persons_mean")
    cols = [
        Column("year", ctx.tr("c_year"), "year"),
        Column("service", ctx.tr("c_service"), "text"),
        Column("users", ctx.tr("c_users"), "dec1", p),
        Column("capacity", ctx.tr("c_capacity"), "dec1", ctx.tr("u_places")),
        Column("gap", ctx.tr("c_gap"), "dec1", p),
        Column("fte", ctx.tr("c_fte"), "dec1", ctx.tr("u_fte")),
        Column("cost_nok", ctx.tr("c_cost"), "mnok", ctx.tr("u_mnok")),
        Column("pressure_nok", ctx.tr("c_pressure"), "mnok", ctx.tr("u_mnok")),
    ]
    return frame_table(
        frame,
        "services",
        ctx.tr("t_services_by_year"),
        cols,
        sheet=ctx.tr("sheet_services_by_year"),
        html=False,
        note=ctx.tr("note_services", basis=ctx.basis_text(frame.attrs["price_basis"])),
    )
