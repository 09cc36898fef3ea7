"""Section 2: service demand, capacity gaps and the year each opens, staff needed."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

import numpy as np

from handlingsrom.report import format as fmt
from handlingsrom.report.model import Column, Figure, Section, Table

if TYPE_CHECKING:
    from handlingsrom.report.build import _Builder


def _offsets(years: np.ndarray, offsets: tuple[int, ...]) -> list[int]:
    base = int(years[0])
    have = {int(y) for y in years}
    return [base + k for k in offsets if base + k in have]


def build(b: _Builder, s: Section) -> None:
    r = b.services
    lang = b.lang
    years = r.years
    base = int(years[0])
    names = r.names_nb if lang == "nb" else r.names_en
    sectors = [b.sector_name(x) for x in r.sector]
    n_s = len(r.services)
    yidx = {int(y): i for i, y in enumerate(years)}
    later = _offsets(years, (10, 20, 40))
    opens = r.gap_opens()
    total_cost = r.cost_nok.sum(axis=0)
    total_fte = r.fte.sum(axis=0)
    end = int(years[-1])
    y20 = later[1] if len(later) > 1 else end

    gaps = [f"{names[i]} ({opens[sid]})" for i, sid in enumerate(r.services) if opens[sid]]
    s.intro.append(
        (
            "Tjenestene koster {cost} netto i {base} (faste {cal}-priser) og trenger "
            "{fte} årsverk; med samme dekningsgrad og enhetskostnad trengs {fte20} årsverk "
            "i {y20}. Kapasitetsgap (år gapet åpner seg): {gaps}."
            if lang == "nb"
            else "The services cost {cost} net in {base} (fixed {cal} prices) and need "
            "{fte} FTEs; at today's coverage and unit cost they need {fte20} FTEs in {y20}. "
            "Capacity gaps (year each opens): {gaps}."
        ).format(
            cost=fmt.millions(total_cost[0], 0, lang),
            base=base,
            cal=r.calibration_year or base - 1,
            fte=fmt.number(total_fte[0], 0, lang),
            fte20=fmt.number(total_fte[yidx[y20]], 0, lang),
            y20=y20,
            gaps=", ".join(gaps) if gaps else ("ingen" if lang == "nb" else "none"),
        )
    )
    b.head(
        "fte_end",
        b.tr("c_fte") + f" {y20}",
        total_fte[yidx[y20]],
        fmt.number(total_fte[yidx[y20]], 0, lang),
    )

    # Demand index for the services whose users are a target group (not all inhabitants).
    series = []
    for i in range(n_s):
        if r.unit[i] == "inhabitant" or r.users[i, 0] <= 0:
            continue
        series.append({"label": names[i], "y": (100 * r.users[i] / r.users[i, 0]).tolist()})
    b.add_figure(
        s,
        Figure(
            "demand",
            "Etterspørsel etter tjeneste" if lang == "nb" else "Demand by service",
            "lines",
            {"x": years.tolist(), "series": series, "ylabel": b.tr("u_index"), "baseline": 100},
            (f"Brukere, indeks {base} = 100." if lang == "nb" else f"Users, index {base} = 100."),
        ),
    )

    # Capacity gaps over time.
    cap_idx = [i for i in range(n_s) if np.isfinite(r.capacity[i]).any()]
    if cap_idx:
        b.add_figure(
            s,
            Figure(
                "gaps",
                "Kapasitetsgap" if lang == "nb" else "Capacity gaps",
                "lines",
                {
                    "x": years.tolist(),
                    "series": [
                        {"label": names[i], "y": np.nan_to_num(r.gap[i]).tolist()} for i in cap_idx
                    ],
                    "ylabel": "brukere" if lang == "nb" else "users",
                    "baseline": 0,
                },
                (
                    "Brukere utover kapasiteten (negativt: ledig kapasitet), med planlagte "
                    "utbygginger der de er kjent."
                    if lang == "nb"
                    else "Users beyond capacity (negative: spare capacity), with planned "
                    "expansions where known."
                ),
            ),
        )

    fte_sec = r.fte_by_sector()
    b.add_figure(
        s,
        Figure(
            "fte",
            "Årsverk etter sektor" if lang == "nb" else "FTEs by sector",
            "stacked",
            {
                "x": years.tolist(),
                "series": [
                    {"label": b.sector_name(x), "y": fte_sec[x].tolist()} for x in b.sectors
                ],
                "ylabel": b.tr("u_fte"),
            },
            (
                "Årsverk som trengs med dagens dekningsgrad og bemanning."
                if lang == "nb"
                else "FTEs needed at today's coverage and staffing."
            ),
        ),
    )

    # Summary table, one row per service.
    cols = [
        replace(b.col("service_id", "c_id", "text"), html=False),
        b.col("service", "c_service", "text"),
        b.col("sector", "c_sector", "text"),
    ]
    if lang == "en":
        cols.append(b.col("unit", "c_unit", "text"))
    cols.append(Column(f"users_{base}", f"{b.tr('c_users')} {base}", "int", b.tr("u_persons")))
    for y in later:  # +10 only in the files: the page keeps +20 and +40
        cols.append(
            Column(
                f"users_{y}",
                f"{b.tr('c_users')} {y}",
                "int",
                b.tr("u_persons"),
                html=y != base + 10,
            )
        )
    cols += [
        Column(f"capacity_{base}", f"{b.tr('c_capacity')} {base}", "int", b.tr("u_persons")),
        b.col("gap_opens", "c_gap_year", "year"),
        Column(f"fte_{base}", f"{b.tr('c_fte')} {base}", "int", b.tr("u_fte")),
        Column(f"fte_{y20}", f"{b.tr('c_fte')} {y20}", "int", b.tr("u_fte")),
        Column(f"cost_{base}_nok", f"{b.tr('c_cost')} {base}", "mnok", b.tr("u_nok")),
    ]
    rows = []
    for i, sid in enumerate(r.services):
        row: list[Any] = [sid, names[i], sectors[i]]
        if lang == "en":
            row.append(r.unit[i])
        row.append(float(r.users[i, 0]))
        row += [float(r.users[i, yidx[y]]) for y in later]
        cap = float(r.capacity[i, 0])
        row += [
            cap if np.isfinite(cap) else None,
            opens[sid],
            float(r.fte[i, 0]),
            float(r.fte[i, yidx[y20]]),
            float(r.cost_nok[i, 0]),
        ]
        rows.append(tuple(row))
    b.add_table(
        s,
        Table(
            "services_summary",
            "Tjenester: brukere, kapasitet og årsverk"
            if lang == "nb"
            else "Services: users, capacity and FTEs",
            tuple(cols),
            tuple(rows),
            sheet="Tjenester" if lang == "nb" else "Services",
        ),
    )

    # Demographic cost pressure by sector (TBU method).
    pres = r.pressure_by_sector()
    shown = [j for j, y in enumerate(years) if base < int(y) <= base + 10]
    if shown:
        b.add_figure(
            s,
            Figure(
                "pressure",
                "Demografikostnader etter sektor"
                if lang == "nb"
                else "Demographic cost pressure by sector",
                "bars",
                {
                    "categories": [int(years[j]) for j in shown],
                    "series": [
                        {"label": b.sector_name(x), "y": [pres[x][j] / 1e6 for j in shown]}
                        for x in b.sectors
                    ],
                    "stack": True,
                    "ylabel": b.tr("u_mnok"),
                },
                (
                    "Økt netto driftsutgift hvert år fra befolkningsendringen alene, med dagens "
                    "dekningsgrad og enhetskostnad (TBU-metoden); faste priser."
                    if lang == "nb"
                    else "The yearly rise in net operating cost from population change alone, "
                    "at today's coverage and unit cost (TBU method); fixed prices."
                ),
            ),
        )
    pcols = [b.col("year", "c_year", "year")]
    pcols += [
        Column(f"pressure_{k}_nok", b.sector_name(x), "mnok", b.tr("u_nok"))
        for k, x in enumerate(b.sectors)
    ]
    pcols.append(b.col("pressure_total_nok", "c_total", "mnok", "u_nok"))
    prow = []
    for j, y in enumerate(years):
        vals = [float(pres[x][j]) for x in b.sectors]
        prow.append((int(y), *vals, float(r.pressure_nok[:, j].sum())))
    b.add_table(
        s,
        Table(
            "demographic_pressure",
            "Demografikostnader etter sektor"
            if lang == "nb"
            else "Demographic cost pressure by sector",
            tuple(pcols),
            tuple(prow),
            note=(
                "Endring i netto driftsutgift fra befolkningsendringen alene, mot året før "
                "(TBU-metoden), faste priser."
                if lang == "nb"
                else "Change in net operating cost from population change alone vs the previous "
                "year (TBU method), fixed prices."
            ),
            html_years=tuple(_offsets(years, (1, 2, 3, 4, 5, 10, 15, 20, 30, 40))),
        ),
    )

    # Staff: working-age residents per FTE.
    ratios = r.staff_ratios()
    scols = (
        b.col("year", "c_year", "year"),
        Column("working_age", "20–66 år" if lang == "nb" else "20–66", "int", b.tr("u_persons")),
        Column("residents_80_plus", "80+", "int", b.tr("u_persons")),
        b.col("fte", "c_fte", "int", "u_fte"),
        Column(
            "working_age_per_fte",
            "20–66 per årsverk" if lang == "nb" else "20–66 per FTE",
            "dec1",
            b.tr("u_ratio"),
        ),
    )
    srows = tuple(
        (
            int(y),
            float(ratios["working_age"][j]),
            float(ratios["residents_80_plus"][j]),
            float(ratios["fte"][j]),
            float(ratios["working_age_per_fte"][j]),
        )
        for j, y in enumerate(years)
    )
    b.add_table(
        s,
        Table(
            "staff",
            "Bemanningsbehov" if lang == "nb" else "Staff needed",
            scols,
            srows,
            html_years=tuple(_offsets(years, (0, 4, 10, 20, 30, 40))),
        ),
    )

    # Everything per service and year: workbook and CSV only.
    lcols = (
        b.col("year", "c_year", "year"),
        b.col("service", "c_service", "text"),
        b.col("users", "c_users", "dec1", "u_persons"),
        b.col("capacity", "c_capacity", "dec1", "u_persons"),
        b.col("gap", "c_gap", "dec1", "u_persons"),
        b.col("fte", "c_fte", "dec1", "u_fte"),
        b.col("cost_nok", "c_cost", "mnok", "u_nok"),
        b.col("pressure_nok", "c_pressure", "mnok", "u_nok"),
    )
    lrows = []
    for j, y in enumerate(years):
        for i, sid in enumerate(r.services):
            cap, gap = float(r.capacity[i, j]), float(r.gap[i, j])
            lrows.append(
                (
                    int(y),
                    sid,
                    float(r.users[i, j]),
                    cap if np.isfinite(cap) else None,
                    gap if np.isfinite(gap) else None,
                    float(r.fte[i, j]),
                    float(r.cost_nok[i, j]),
                    float(r.pressure_nok[i, j]),
                )
            )
    b.add_table(
        s,
        Table(
            "services",
            "Tjenester per år" if lang == "nb" else "Services by year",
            lcols,
            tuple(lrows),
            html=False,
            note=(
                "Kun i plan.xlsx og tables/services.csv."
                if lang == "nb"
                else "Only in plan.xlsx and tables/services.csv."
            ),
        ),
    )
