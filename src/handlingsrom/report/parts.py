"""Parts that several chapters use: key-figure and rule tables, the first broken rule, the
uncertainty of a probability, the basis of a dataset row (published or assumed), and the
investment register spread over its years. Chapters import these, never each other.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from handlingsrom.economy import EconomyResult
from handlingsrom.economy.rules import Rule
from handlingsrom.report.context import ReportContext
from handlingsrom.report.model import Column, Status, Table
from handlingsrom.report.tables import (
    frame_table,
    series_at,
    wide,
    with_basis,
    year_columns,
    year_key,
)

# Key figures and their format kind (money in NOK is shown in millions).
KF_KIND: dict[str, str] = {
    "net_operating_result_pct": "pct",
    "gross_operating_result_pct": "pct",
    "loan_debt_pct": "pct",
    "equity_financing_pct": "pct",
    "population": "int",
    "cost_index": "dec3",
}
ASSUMPTION_WORDS = ("assumption", "assumed", "forutsetning", "antatt", "anslag")


def kf_kind(name: str) -> str:
    return KF_KIND.get(name, "mnok")


def kind_unit(ctx: ReportContext, kind: str) -> str:
    """The unit a format kind is shown in (the workbook's unit column)."""
    return {"mnok": ctx.tr("u_mnok"), "pct": ctx.tr("u_pct"), "int": ctx.tr("u_persons")}.get(
        kind, ""
    )


def kf_name(ctx: ReportContext, name: str) -> str:
    return ctx.tr(f"kf_{name}")


def key_figure_table(
    ctx: ReportContext,
    id: str,
    title: str,
    keys: Sequence[str],
    years: Sequence[int],
    sheet: str,
    note: str = "",
) -> Table:
    """Key figures (rows) × years (columns), as an action programme prints them."""
    keys = [k for k in keys if ctx.has_kf(k)]
    rows = [
        (k, kf_name(ctx, k), kf_kind(k), series_at(ctx.kf(k), ctx.years.tolist(), years))
        for k in keys
    ]
    frame = wide(rows, years, ctx.basis)
    frame["unit"] = [kind_unit(ctx, r[2]) for r in rows]
    cols = [
        Column("indicator", ctx.tr("c_id"), "text", html=False),
        Column("name", ctx.tr("c_indicator"), "text"),
        Column("unit", ctx.tr("c_unit"), "text", html=False),
        *year_columns(years),
    ]
    return frame_table(
        frame,
        id,
        title,
        cols,
        sheet=sheet,
        row_kinds=[r[2] for r in rows],
        note=note or ctx.tr("note_money", basis=ctx.basis_text(ctx.basis)),
    )


def rules_table(
    ctx: ReportContext,
    id: str,
    title: str,
    years: Sequence[int],
    sheet: str,
    economy: EconomyResult | None = None,
) -> Table:
    """Each rule: its requirement, its value each year (marked kept or broken) and the
    margin in the last year (value − requirement, in the rule's unit)."""
    rules = ctx.rules if economy is None else tuple(economy.rules)
    all_years = [int(y) for y in ctx.years]
    data: dict[str, list[Any]] = {"rule": [], "name": [], "requirement": [], "unit": []}
    for y in years:
        data[year_key(y)] = []
    data["margin"], data["kept_all"] = [], []
    status: list[list[Status]] = []
    kinds: list[str] = []
    for r in rules:
        values = series_at(ctx.rule_values(r.id, economy), all_years, years)
        kept = [bool(ctx.kept(r.id, economy)[all_years.index(y)]) for y in years]
        data["rule"].append(r.id)
        data["name"].append(ctx.rule_name(r))
        data["requirement"].append(ctx.rule_requirement(r))
        data["unit"].append(r.unit)
        for y, v in zip(years, values, strict=True):
            data[year_key(y)].append(v)
        data["margin"].append(values[-1] - r.threshold if values else None)
        data["kept_all"].append(all(kept))
        kinds.append(_rule_kind(r))
        status.append([None] * 4 + [("kept" if k else "broken") for k in kept] + [None, None])
    frame = with_basis(pd.DataFrame(data), ctx.basis)
    last = years[-1] if years else ctx.end
    cols = [
        Column("rule", ctx.tr("c_id"), "text", html=False),
        Column("name", ctx.tr("c_rule"), "text"),
        Column("requirement", ctx.tr("c_requirement"), "text"),
        Column("unit", ctx.tr("c_unit"), "text", html=False),
        *year_columns(years),
        Column("margin", ctx.tr("c_margin", year=last), "num"),
        Column("kept_all", ctx.tr("c_kept_all"), "bool"),
    ]
    return frame_table(
        frame,
        id,
        title,
        cols,
        sheet=sheet,
        row_kinds=kinds,
        status=status,
        note=ctx.tr("note_rules", basis=ctx.basis_text(ctx.basis)),
    )


def _rule_kind(rule: Rule) -> str:
    return (
        "pct"
        if rule.unit in ("percent", "%")
        else "mnok"
        if rule.unit in ("NOK", "nok")
        else ("dec2")
    )


@dataclass(frozen=True)
class Break:
    year: int
    rules: tuple[Rule, ...]


def first_break(
    ctx: ReportContext, economy: EconomyResult | None = None, after: int | None = None
) -> Break | None:
    """The first year (from ``after``, default the base year) a rule breaks, and which."""
    rules = ctx.rules if economy is None else tuple(economy.rules)
    start = ctx.base if after is None else after
    for j, y in enumerate(int(v) for v in ctx.years):
        if y < start:
            continue
        broken = tuple(r for r in rules if not ctx.kept(r.id, economy)[j])
        if broken:
            return Break(y, broken)
    return None


def broken_in(ctx: ReportContext, years: Sequence[int]) -> list[tuple[Rule, list[int]]]:
    """Rules broken in any of ``years``, with those years."""
    out = []
    for r in ctx.rules:
        kept = ctx.kept(r.id)
        bad = [y for y in years if not kept[ctx.idx(y)]]
        if bad:
            out.append((r, bad))
    return out


def story_rule(ctx: ReportContext) -> Rule | None:
    """The rule a one-chart story is told with: the first to break, else the one on the net
    operating result, else the first rule."""
    br = first_break(ctx)
    if br is not None:
        return br.rules[0]
    for r in ctx.rules:
        if r.indicator == "net_operating_result_pct":
            return r
    return ctx.rules[0] if ctx.rules else None


def wilson(p: float, n: int, z: float = 1.96) -> tuple[float, float]:
    """The 95 % Wilson interval of a share ``p`` observed in ``n`` paths."""
    if n <= 0 or not math.isfinite(p):
        return (math.nan, math.nan)
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return (max(0.0, centre - half), min(1.0, centre + half))


def row_basis(ctx: ReportContext, source: Any, note: Any) -> str:
    """ "published" or "assumed": a row is assumed (in part) when one of its sources is an
    assumption or its note says it rests on one."""
    text = "" if note is None or note != note else str(note).lower()
    if ctx.is_assumption(source) or any(w in text for w in ASSUMPTION_WORDS):
        return "assumed"
    return "published"


def sources_cell(ctx: ReportContext, source: Any) -> str:
    """Source ids joined by ' + ' (the page links each to the list of sources)."""
    return " + ".join(ctx.source_ids(source))


def project_spending(table: pd.DataFrame, years: Sequence[int]) -> np.ndarray:
    """(projects, years) gross spending of each register row: its cost spread over
    ``start_year``… by its ``profile`` (even shares without one), as the economy spreads it
    (a test checks the sums against the economy's inputs)."""
    out = np.zeros((len(table), len(years)))
    pos = {int(y): j for j, y in enumerate(years)}
    for i, r in enumerate(table.to_dict("records")):
        start, done = int(r["start_year"]), int(r["completion_year"])
        prof = r.get("profile")
        if isinstance(prof, str) and prof.strip():
            shares = [float(x) for x in prof.split(";")]
        else:
            shares = [1.0 / (done - start + 1)] * (done - start + 1)
        for k, share in enumerate(shares):
            if start + k in pos:
                out[i, pos[start + k]] += share * float(r["cost_nok"])
    return out
