"""The action programme as a municipality publishes it: a summary, the main economic
figures and revenues by year, the financial rules with their values and margins, and the
published headline figures beside the model's."""

from __future__ import annotations

import pandas as pd

from handlingsrom.report.context import ReportContext
from handlingsrom.report.model import Blocks, Chapter, Column, Heading, Table, TableRef, Text
from handlingsrom.report.parts import key_figure_table, kf_kind, rules_table
from handlingsrom.report.tables import frame_table, with_basis

MAIN_FIGURES = (
    "operating_revenue",
    "operating_expenditure",
    "operating_frame",
    "gross_operating_result",
    "net_financial_expenses",
    "net_operating_result",
    "net_operating_result_pct",
    "restructuring",
    "investment_expenditure",
    "new_loans",
    "loan_debt",
    "loan_debt_pct",
    "equity_financing_pct",
    "buffer_fund",
    "liquidity_reserve",
)
REVENUE_FIGURES = (
    "tax_income_wealth",
    "innbyggertilskudd",
    "expense_equalisation",
    "income_equalisation",
    "block_grant",
    "free_revenue",
    "other_general_revenue",
    "specific_revenue",
    "operating_revenue",
)


def build(ctx: ReportContext) -> Chapter:
    title = ctx.tr("ch_programme", start=ctx.base, end=ctx.hp_end)
    if ctx.missing("economy"):
        why = " ".join(ctx.tr("not_available", what=w) for w in ctx.missing("economy"))
        return Chapter("programme", title, (Text(why, "missing"),))
    years = ctx.hp_years
    main = key_figure_table(
        ctx,
        "hp_key_figures",
        ctx.tr("t_hp_key_figures"),
        MAIN_FIGURES,
        years,
        ctx.tr("sheet_hp_key_figures"),
    )
    revenue = key_figure_table(
        ctx,
        "hp_revenue",
        ctx.tr("t_hp_revenue"),
        REVENUE_FIGURES,
        years,
        ctx.tr("sheet_hp_revenue"),
    )
    rules = rules_table(ctx, "hp_rules", ctx.tr("t_hp_rules"), years, ctx.tr("sheet_hp_rules"))
    tables = [main, revenue, rules]
    blocks: Blocks = [
        Text(_summary(ctx)),
        *_bases(ctx),
        Text(ctx.tr("hp_starting_point", acc=ctx.cal.accounts_year), "note"),
        TableRef(main.id),
        TableRef(revenue.id),
        Heading(ctx.tr("h3_rules")),
        Text(ctx.tr("hp_rules_intro")),
        TableRef(rules.id),
        Heading(ctx.tr("h3_published")),
    ]
    published = _published_table(ctx)
    if published is None:
        blocks.append(Text(ctx.tr("no_published"), "note"))
    else:
        tables.append(published)
        blocks += [Text(ctx.tr("published_intro")), TableRef(published.id)]
    return Chapter("programme", title, tuple(blocks), tables=tuple(tables))


def _bases(ctx: ReportContext) -> list[Text]:
    """Which numbers these are: the expected outcome, with the budget basis beside it."""
    budget = ctx.result.economy_budget
    if budget is None or budget.basis == ctx.economy.basis:
        return []
    ndr = budget.key_figures["net_operating_result_pct"]
    years = list(budget.years)
    return [
        Text(
            ctx.tr(
                "hp_bases",
                b0=ctx.pct(float(ndr[years.index(ctx.base)])),
                b1=ctx.pct(float(ndr[years.index(ctx.hp_end)])),
                base=ctx.base,
                hp_end=ctx.hp_end,
            ),
            "note",
        )
    ]


def _summary(ctx: ReportContext) -> str:
    years = ctx.hp_years
    restructuring = [ctx.at("restructuring", y) for y in years]
    peak = max(range(len(years)), key=lambda j: restructuring[j])
    invest = sum(ctx.at("investment_expenditure", y) for y in years)
    ndr = [ctx.at("net_operating_result_pct", y) for y in years]
    return ctx.tr(
        "hp_summary",
        base=ctx.base,
        hp_end=ctx.hp_end,
        frame=ctx.mnok(ctx.at("operating_frame", ctx.base)),
        basis=ctx.basis_text(ctx.basis),
        r0=ctx.mnok(restructuring[0]),
        r1=ctx.mnok(restructuring[peak]),
        r_year=years[peak],
        invest=ctx.mnok(invest),
        ndr0=ctx.pct(ndr[0]),
        ndr1=ctx.pct(ndr[-1]),
        debt0=ctx.mnok(ctx.at("loan_debt", ctx.base)),
        debt1=ctx.mnok(ctx.at("loan_debt", ctx.hp_end)),
        debt_pct=ctx.pct(ctx.at("loan_debt_pct", ctx.hp_end)),
    )


def _published_table(ctx: ReportContext) -> Table | None:
    """The dataset's published headline figures (published.csv) beside the model's."""
    pub = ctx.table("published")
    if pub is None or pub.empty:
        return None
    rows = []
    for r in pub.to_dict("records"):
        key = str(r.get("key_figure") or "")
        lo, hi = int(r["year_from"]), int(r["year_to"])
        model = None
        if key and ctx.has_kf(key) and kf_kind(key) == "mnok" and ctx.base <= lo <= hi <= ctx.end:
            model = float(sum(ctx.at(key, y) for y in range(lo, hi + 1)))
        published = float(r["value_nok"])
        diff = None if model is None or not published else 100 * (model - published) / published
        rows.append(
            {
                "id": r["id"],
                "name": ctx.named(str(r["name_nb"]), r.get("name_en")),
                "years": str(lo) if lo == hi else f"{lo}–{hi}",
                "published_nok": published,
                "approximate": bool(r.get("approximate")),
                "model_nok": model,
                "difference_pct": diff,
                "key_figure": key,
                "source": str(r.get("source") or ""),
            }
        )
    frame = with_basis(pd.DataFrame(rows), ctx.basis)
    mill = ctx.tr("u_mnok")
    cols = [
        Column("id", ctx.tr("c_id"), "text", html=False),
        Column("name", ctx.tr("c_headline_figure"), "name"),
        Column("years", ctx.tr("c_years"), "text"),
        Column("published_nok", ctx.tr("c_published"), "mnok", mill),
        Column("approximate", ctx.tr("c_approximate"), "yesno"),
        Column("model_nok", ctx.tr("c_model"), "mnok", mill),
        Column("difference_pct", ctx.tr("c_difference"), "pct", "%"),
        Column("key_figure", ctx.tr("c_key_figure"), "text", html=False),
        Column("source", ctx.tr("c_source"), "sources"),
    ]
    return frame_table(
        frame,
        "hp_published",
        ctx.tr("t_hp_published"),
        cols,
        sheet=ctx.tr("sheet_hp_published"),
        note=ctx.tr("note_published", basis=ctx.basis_text(ctx.basis)),
    )
