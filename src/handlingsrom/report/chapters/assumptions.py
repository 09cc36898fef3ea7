"""The key assumptions in a short list, in the report's language, and how to read the
report's figures (prices, the starting point, what counts as an assumption)."""

from __future__ import annotations

from handlingsrom.params import Parameter
from handlingsrom.report.context import ReportContext
from handlingsrom.report.model import Blocks, Bullets, Chapter, Heading, Text

# The parameters a council should know before trusting the figures, in reading order.
KEY_PARAMETERS = (
    "demography.net_migration",
    "demography.tfr",
    "economy.wage_growth",
    "economy.price_growth",
    "economy.tax_real_growth",
    "economy.interest_rate_floating",
    "economy.compensation_rate",
    "economy.restructuring_net_share",
    "economy.investment_per_inhabitant",
    "economy.capacity_investment_from",
)
PERCENT_UNITS = ("fraction", "fraction per year")


def build(ctx: ReportContext) -> Chapter:
    params = ctx.result.params
    items = [_bullet(ctx, params[p]) for p in KEY_PARAMETERS if p in params]
    options = ctx.result.options
    items.append(ctx.tr("assume_savings_cap", cap=ctx.pct(100 * options.savings.max_growth)))
    blocks: Blocks = [
        Text(ctx.tr("assume_intro", vintage=ctx.result.dataset.meta.data_vintage)),
        Bullets(tuple(items)),
        Heading(ctx.tr("h3_reading")),
        Bullets(
            tuple(
                ctx.tr(k, base=ctx.base, acc=ctx.cal.accounts_year)
                for k in ("read_prices", "read_start", "read_assumed", "read_signs", "read_counts")
            )
        ),
    ]
    if ctx.scenario_files:
        names = ", ".join(sc["name"] for sc in ctx.scenario_files)
        blocks.append(Text(ctx.tr("assume_scenarios", names=names)))
    else:
        blocks.append(Text(ctx.tr("baseline_only"), "note"))
    return Chapter("assumptions", ctx.tr("ch_assumptions"), tuple(blocks))


def value_text(ctx: ReportContext, unit: str, v: float) -> str:
    if unit in PERCENT_UNITS:
        return ctx.pct(100 * v, 1)
    if unit == "NOK":
        return ctx.mnok(v, 1) if abs(v) >= 1e6 else f"{ctx.num(v)} {ctx.tr('u_kr')}"
    if unit == "year":
        return str(int(v))
    if unit in ("children per woman", "ratio", "factor", "coefficient", "elasticity"):
        return ctx.num(v, 2)
    return ctx.num(v, 0 if abs(v) >= 10 else 2)


def _bullet(ctx: ReportContext, p: Parameter) -> str:
    points = list(p.points)
    first = [pt for pt in points if pt.year <= ctx.base] or points[:1]
    start = first[-1]
    later = [pt for pt in points if pt.year > start.year][:3]
    text = value_text(ctx, p.unit, start.value)
    for pt in later:
        text += " " + ctx.tr("from_year", year=pt.year, value=value_text(ctx, p.unit, pt.value))
    sources = sorted({s for pt in points for s in ctx.source_ids(pt.source)})
    kind = ctx.tr("basis_assumed" if ctx.is_assumption("+".join(sources)) else "basis_published")
    return ctx.tr(
        "assume_item",
        label=ctx.tr(f"param_{p.path}"),
        value=text,
        kind=kind,
        sources=" + ".join(sources) or ctx.tr("none"),
    )
