"""A section per sector, as in a published action programme: the frame and how it is built,
the sector's measures and initiatives (published or assumed), and its services and staff."""

from __future__ import annotations

import pandas as pd

from handlingsrom.report.context import ReportContext
from handlingsrom.report.model import (
    Blocks,
    Chapter,
    Column,
    Heading,
    Status,
    Table,
    TableRef,
    Text,
)
from handlingsrom.report.parts import row_basis, sources_cell
from handlingsrom.report.tables import frame_table, series_at, wide, year_columns

FRAME_ITEMS = (
    "base_frame",
    "demographic_compensation",
    "service_changes",
    "standard_growth",
    "restructuring",
    "new_needs",
    "initiatives",
    "investment_operating_costs",
    "extra_savings",
    "net_operating_expenditure",
)

SAVING_ITEMS = ("restructuring", "extra_savings")  # positive = a saving (docs/design.md §3)


def build(ctx: ReportContext) -> Chapter:
    title = ctx.tr("ch_sectors")
    if ctx.missing("economy"):
        why = " ".join(ctx.tr("not_available", what=w) for w in ctx.missing("economy"))
        return Chapter("sectors", title, (Text(why, "missing"),))
    blocks: Blocks = [Text(ctx.tr("sectors_intro", base=ctx.base, hp_end=ctx.hp_end))]
    tables: list[Table] = []
    for k, sector in enumerate(ctx.economy.sectors, start=1):
        parts = [
            _frame_table(ctx, k, sector),
            _measures_table(ctx, k, sector),
            _services_table(ctx, k, sector),
        ]
        blocks += [Heading(ctx.sector_name(sector), f"sector-{k}"), Text(_text(ctx, sector))]
        for table in parts:
            if table is not None:
                tables.append(table)
                blocks.append(TableRef(table.id))
    return Chapter("sectors", title, tuple(blocks), tables=tuple(tables))


def _text(ctx: ReportContext, sector: str) -> str:
    net = ctx.sector_item("net_operating_expenditure")[sector]
    a, b = net[ctx.idx(ctx.base)], net[ctx.idx(ctx.hp_end)]
    text = ctx.tr(
        "sector_frame",
        base=ctx.base,
        hp_end=ctx.hp_end,
        a=ctx.mnok(a),
        b=ctx.mnok(b),
        change=ctx.pct(100 * (b - a) / a if a else 0.0),
        basis=ctx.basis_text(ctx.basis),
    )
    if not ctx.missing("services"):
        svc = ctx.services
        fte = svc.fte_by_sector().get(sector)
        names = [
            ctx.named(nb, en)
            for nb, en, s in zip(svc.names_nb, svc.names_en, svc.sector, strict=True)
            if s == sector
        ]
        if fte is not None and names:
            text += " " + ctx.tr(
                "sector_services",
                names=", ".join(names),
                fte0=ctx.num(fte[0]),
                fte1=ctx.num(fte[ctx.idx(ctx.hp_end)]),
                hp_end=ctx.hp_end,
            )
    return text


def _frame_table(ctx: ReportContext, k: int, sector: str) -> Table:
    years = ctx.hp_years
    rows = [
        (
            item,
            ctx.tr(f"item_{item}"),
            "mnok",
            # savings are positive in the model; a frame table shows every line as a change
            [
                -v if item in SAVING_ITEMS else v
                for v in series_at(ctx.sector_item(item)[sector], ctx.years.tolist(), years)
            ],
        )
        for item in FRAME_ITEMS
    ]
    frame = wide(rows, years, ctx.basis)
    cols = [
        Column("indicator", ctx.tr("c_id"), "text", html=False),
        Column("name", ctx.tr("c_item"), "text"),
        *year_columns(years, "mnok", ctx.tr("u_mnok")),
    ]
    return frame_table(
        frame,
        f"sector_{k}_frame",
        ctx.tr("t_sector_frame", sector=ctx.sector_name(sector)),
        cols,
        sheet=ctx.tr("sheet_sector_frame", k=k),
        note=ctx.tr("note_frame", basis=ctx.basis_text(ctx.basis)),
    )


def _measures_table(ctx: ReportContext, k: int, sector: str) -> Table | None:
    measures = ctx.table("measures")
    if measures is None:
        return None
    m = measures[(measures.sector == sector) & (measures.start_year <= ctx.hp_end)]
    if m.empty:
        return None
    initiatives = ctx.table("initiatives")
    names = (
        {}
        if initiatives is None
        else {
            str(r["id"]): ctx.named(str(r["name_nb"]), r.get("name_en"))
            for r in initiatives.to_dict("records")
        }
    )
    rows, status = [], []
    for r in m.sort_values(["kind", "start_year"], kind="stable").to_dict("records"):
        basis = row_basis(ctx, r.get("source"), r.get("note"))
        amount = float(r["amount_nok"])
        unknown = basis == "assumed" and amount == 0
        rows.append(
            {
                "id": r["id"],
                "name": ctx.untranslated(str(r["name"])),
                "kind": ctx.tr(f"measure_{r['kind']}"),
                "initiative": names.get(str(r.get("initiative")), ""),
                "start_year": int(r["start_year"]),
                "amount_nok": None if unknown else amount,
                "status": ctx.tr(f"status_{r['status']}"),
                "basis": ctx.tr("basis_unknown_amount" if unknown else f"basis_{basis}"),
                "source": sources_cell(ctx, r.get("source")),
                "note": ""
                if r.get("note") is None or r.get("note") != r.get("note")
                else r["note"],
            }
        )
        row_status: list[Status] = [None] * 10
        if basis == "assumed":
            row_status[5] = row_status[7] = "assumed"
        status.append(row_status)
    frame = pd.DataFrame(rows)
    frame.attrs["price_basis"] = ctx.basis
    mill = ctx.tr("u_mnok")
    cols = [
        Column("id", ctx.tr("c_id"), "text", html=False),
        Column("name", ctx.tr("c_measure"), "name"),
        Column("kind", ctx.tr("c_kind"), "text"),
        Column("initiative", ctx.tr("c_initiative"), "text"),
        Column("start_year", ctx.tr("c_start"), "year"),
        Column("amount_nok", ctx.tr("c_effect"), "mnok", mill),
        Column("status", ctx.tr("c_status"), "text"),
        Column("basis", ctx.tr("c_basis"), "text"),
        Column("source", ctx.tr("c_source"), "sources"),
        Column("note", ctx.tr("c_note"), "text", html=False),
    ]
    return frame_table(
        frame,
        f"sector_{k}_measures",
        ctx.tr("t_sector_measures", sector=ctx.sector_name(sector)),
        cols,
        sheet=ctx.tr("sheet_sector_measures", k=k),
        status=status,
        note=ctx.tr("note_measures", basis=ctx.basis_text(ctx.basis)),
    )


def _services_table(ctx: ReportContext, k: int, sector: str) -> Table | None:
    if ctx.missing("services"):
        return None
    svc = ctx.services
    idx = [i for i, s in enumerate(svc.sector) if s == sector]
    if not idx:
        return None
    j1 = ctx.idx(ctx.hp_end)
    rows = []
    for i in idx:
        everyone = svc.unit[i].startswith("inhabitant")
        rows.append(
            {
                "service": svc.services[i],
                "name": ctx.named(svc.names_nb[i], svc.names_en[i]),
                "users_base": None if everyone else float(svc.users[i, 0]),
                "users_hp_end": None if everyone else float(svc.users[i, j1]),
                "target_group_base": float(svc.users[i, 0]) if everyone else None,
                "fte_base": float(svc.fte[i, 0]),
                "fte_hp_end": float(svc.fte[i, j1]),
                "cost_base_nok": float(svc.cost_nok[i, 0]),
                "gap_opens": svc.gap_opens().get(svc.services[i]),
            }
        )
    frame = pd.DataFrame(rows)
    basis = f"fixed {svc.calibration_year}" if svc.calibration_year else ctx.basis
    frame.attrs["price_basis"] = basis
    b, e = ctx.base, ctx.hp_end
    cols = [
        Column("service", ctx.tr("c_id"), "text", html=False),
        Column("name", ctx.tr("c_service"), "text"),
        Column("users_base", ctx.tr("c_users_year", year=b), "int", ctx.tr("u_persons")),
        Column("users_hp_end", ctx.tr("c_users_year", year=e), "int", ctx.tr("u_persons")),
        Column("target_group_base", ctx.tr("c_target_group", year=b), "int", ctx.tr("u_persons")),
        Column("fte_base", ctx.tr("c_fte_year", year=b), "int", ctx.tr("u_fte")),
        Column("fte_hp_end", ctx.tr("c_fte_year", year=e), "int", ctx.tr("u_fte")),
        Column("cost_base_nok", ctx.tr("c_cost_year", year=b), "mnok", ctx.tr("u_mnok")),
        Column("gap_opens", ctx.tr("c_gap_year"), "year"),
    ]
    frame["gap_opens"] = frame["gap_opens"].astype(object).where(frame["gap_opens"].notna(), None)
    return frame_table(
        frame,
        f"sector_{k}_services",
        ctx.tr("t_sector_services", sector=ctx.sector_name(sector)),
        cols,
        sheet=ctx.tr("sheet_sector_services", k=k),
        note=ctx.tr("note_sector_services", basis=ctx.basis_text(basis)),
    )
