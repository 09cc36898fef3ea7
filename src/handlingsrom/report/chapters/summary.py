"""The first screen: the conclusion in three sentences, key figures beside their targets, and
the one chart that tells the story (the rule that breaks first, with and without the
required savings)."""

from __future__ import annotations

import numpy as np

from handlingsrom.report.context import ReportContext
from handlingsrom.report.model import (
    Blocks,
    Chapter,
    Figure,
    FigureRef,
    Headline,
    Text,
    Tile,
    Tiles,
)
from handlingsrom.report.parts import first_break, story_rule, wilson
from handlingsrom.scenarios import SavingsPath

NEW_CUT_NOK = 0.5e6  # a level change below half a million is solver tolerance, not a cut


def build(ctx: ReportContext) -> Chapter:
    population = _population_headline(ctx)
    if ctx.missing("economy"):
        why = " ".join(ctx.tr("not_available", what=w) for w in ctx.missing("economy"))
        return Chapter(
            "summary", ctx.tr("ch_summary"), (Text(why, "missing"),), headline=population
        )
    lead = " ".join((_programme_sentence(ctx), _long_sentence(ctx), _savings_sentence(ctx)))
    blocks: Blocks = [Text(lead, "lead"), Tiles(_tiles(ctx))]
    figures = []
    story = _story(ctx)
    if story is not None:
        figures.append(story)
        blocks.append(FigureRef(story.id))
    blocks.append(Text(ctx.tr("summary_reading", base=ctx.base, hp_end=ctx.hp_end), "note"))
    return Chapter(
        "summary",
        ctx.tr("ch_summary"),
        tuple(blocks),
        figures=tuple(figures),
        headline=population + _economy_headline(ctx),
    )


def _programme_sentence(ctx: ReportContext) -> str:
    bad = [(r, [y for y in ctx.hp_years if not ctx.kept(r.id)[ctx.idx(y)]]) for r in ctx.rules]
    bad = [(r, ys) for r, ys in bad if ys]
    years = f"{ctx.base}–{ctx.hp_end}"
    if not bad:
        ndr = [ctx.at("net_operating_result_pct", y) for y in ctx.hp_years]
        return ctx.tr(
            "sum_hp_kept", n=len(ctx.rules), years=years, lo=ctx.pct(min(ndr)), hi=ctx.pct(max(ndr))
        )
    names = "; ".join(f"{ctx.rule_name(r)} ({ys[0]})" for r, ys in bad)
    return ctx.tr("sum_hp_broken", k=len(bad), n=len(ctx.rules), years=years, names=names)


def _long_sentence(ctx: ReportContext) -> str:
    br = first_break(ctx, after=ctx.hp_end + 1)
    if br is None:
        return ctx.tr("sum_long_kept", end=ctx.end)
    at_end = sum(1 for r in ctx.rules if not ctx.kept(r.id)[-1])
    return ctx.tr(
        "sum_long_broken",
        rule=ctx.rule_name(br.rules[0]),
        year=br.year,
        end=ctx.end,
        k=at_end,
        n=len(ctx.rules),
    )


def _first_cut(path: SavingsPath) -> int | None:
    years = np.asarray(path.years)
    idx = np.flatnonzero(np.asarray(path.increment_nok) > NEW_CUT_NOK)
    return int(years[idx[0]]) if idx.size else None


def _savings_sentence(ctx: ReportContext) -> str:
    if ctx.missing("savings"):
        return ""
    path = ctx.savings
    first = _first_cut(path)
    if first is None:
        return ctx.tr("sum_savings_none", end=ctx.end)
    level = float(path.level_nok[-1])
    share = level / ctx.at("operating_expenditure", ctx.end) * 100
    text = ctx.tr(
        "sum_savings", first=first, level=ctx.mnok(level), end=ctx.end, share=ctx.pct(share)
    )
    if not path.feasible:
        text += " " + ctx.tr("sum_infeasible")
    return text + " " + _waiting_sentence(ctx, first)


def _waiting_sentence(ctx: ReportContext, first: int) -> str:
    if ctx.waiting is None or len(ctx.waiting.delays) < 2:
        return ""
    wf = ctx.waiting.frame()
    a, z = float(wf.total_nok.iloc[0]), float(wf.total_nok.iloc[-1])
    d = int(wf.delay_years.iloc[-1])
    key = (
        "sum_wait_more" if z > a + 0.5e6 else "sum_wait_less" if z < a - 0.5e6 else "sum_wait_same"
    )
    return ctx.tr(key, d=d, a=ctx.mnok(a), z=ctx.mnok(z), first=first)


def _tiles(ctx: ReportContext) -> tuple[Tile, ...]:
    tiles = []
    y20 = ctx.year_20()
    for r in ctx.rules:
        v_hp, v_20 = ctx.rule_values(r.id)[ctx.idx(ctx.hp_end)], ctx.rule_values(r.id)[ctx.idx(y20)]
        kept_20 = bool(ctx.kept(r.id)[ctx.idx(y20)])
        note = ctx.tr(
            "tile_later", year=y20, value=ctx.rule_value(r, v_20), mark="✓" if kept_20 else "✗"
        )
        tiles.append(
            Tile(
                f"{ctx.rule_name(r)} {ctx.hp_end}",
                ctx.rule_value(r, v_hp),
                ctx.tr("tile_target", req=ctx.rule_requirement(r)),
                "kept" if ctx.kept(r.id)[ctx.idx(ctx.hp_end)] else "broken",
                note,
            )
        )
    br = first_break(ctx)
    tiles.append(
        Tile(
            ctx.tr("tile_first_break"),
            str(br.year) if br else ctx.tr("none"),
            note=ctx.rule_name(br.rules[0]) if br else ctx.tr("tile_no_break", end=ctx.end),
            status="broken" if br else "kept",
        )
    )
    if not ctx.missing("savings"):
        level = float(ctx.savings.level_nok[-1])
        tiles.append(
            Tile(
                ctx.tr("tile_savings", end=ctx.end),
                ctx.mnok(level),
                note=ctx.tr("tile_savings_note"),
            )
        )
    adopted = ctx.kf("restructuring")[ctx.idx(ctx.hp_end)]
    tiles.append(
        Tile(
            ctx.tr("tile_adopted", year=ctx.hp_end),
            ctx.mnok(adopted),
            note=ctx.tr("tile_adopted_note"),
        )
    )
    risk = ctx.risk
    if risk is not None and risk.probability_any.size:
        ry = np.asarray(risk.years)
        j = int(np.searchsorted(ry, y20))
        p = float(risk.probability_any[min(j, len(ry) - 1)])
        lo, hi = wilson(p, risk.n_paths)
        tiles.append(
            Tile(
                ctx.tr("tile_risk", year=y20),
                ctx.pct(100 * p, 0),
                note=ctx.tr(
                    "tile_risk_note",
                    lo=ctx.pct(100 * lo, 0),
                    hi=ctx.pct(100 * hi, 0),
                    n=ctx.num(risk.n_paths),
                ),
            )
        )
    return tuple(tiles)


def _story(ctx: ReportContext) -> Figure | None:
    rule = story_rule(ctx)
    if rule is None:
        return None
    scale = 1e6 if rule.unit in ("NOK", "nok") else 1.0
    base = ctx.rule_values(rule.id) / scale
    series = [{"label": ctx.tr("story_without"), "y": base.tolist(), "emphasis": True}]
    outcome = None if ctx.missing("savings") else ctx.savings.outcome
    needed = outcome is not None and _first_cut(ctx.savings) is not None
    if needed:
        series.append(
            {
                "label": ctx.tr("story_with"),
                "y": (ctx.rule_values(rule.id, outcome) / scale).tolist(),
                "style": 2,
            }
        )
    br = first_break(ctx)
    marks = []
    if br is not None and rule in br.rules:
        marks.append(
            {
                "x": br.year,
                "y": float(base[ctx.idx(br.year)]),
                "label": ctx.tr("story_break", year=br.year),
            }
        )
    alt = ctx.tr(
        "story_alt_break" if br else "story_alt_kept",
        rule=ctx.rule_name(rule),
        req=ctx.rule_requirement(rule),
        year=br.year if br else ctx.end,
        end=ctx.end,
        v_end=ctx.rule_value(rule, base[-1] * scale),
        hp_end=ctx.hp_end,
        v_hp=ctx.rule_value(rule, base[ctx.idx(ctx.hp_end)] * scale),
    )
    if needed:
        alt += " " + ctx.tr("story_alt_with")
    data = {
        "x": ctx.years.tolist(),
        "series": series,
        "unit": ctx.tr("u_pct_revenue") if scale == 1.0 else ctx.tr("u_mnok"),
        "decimals": 1 if scale == 1.0 else 0,
        "refs": [
            {
                "y": rule.threshold / scale,
                "label": ctx.tr("ref_rule", req=ctx.rule_requirement(rule)),
            }
        ],
        "shade": {"from": ctx.base, "to": ctx.hp_end, "label": ctx.tr("shade_hp")},
        "marks": marks,
        "size": (480, 280),  # beside the key figures on a wide screen
    }
    return Figure(
        "story",
        ctx.tr("fig_story", rule=ctx.rule_name(rule)),
        "lines",
        data,
        alt,
        ctx.tr("fig_story_caption", basis=ctx.basis_text(ctx.basis)),
    )


def _population_headline(ctx: ReportContext) -> tuple[Headline, ...]:
    total = ctx.result.population.population.sum(axis=(1, 2))
    old = ctx.result.population.population[:, :, 80:].sum(axis=(1, 2))
    return (
        Headline("population", ctx.tr("h_population", year=ctx.base), total[0], ctx.num(total[0])),
        Headline(
            "population_end", ctx.tr("h_population", year=ctx.end), total[-1], ctx.num(total[-1])
        ),
        Headline("old_end", ctx.tr("h_old_end", year=ctx.end), old[-1], ctx.num(old[-1])),
    )


def _economy_headline(ctx: ReportContext) -> tuple[Headline, ...]:
    kept = sum(int(all(ctx.kept(r.id)[ctx.idx(y)] for y in ctx.hp_years)) for r in ctx.rules)
    ndr = ctx.at("net_operating_result_pct", ctx.hp_end)
    out = [
        Headline("ndr", ctx.tr("h_ndr", year=ctx.hp_end), ndr, ctx.pct(ndr)),
        Headline(
            "rules_hp",
            ctx.tr("h_rules", years=f"{ctx.base}–{ctx.hp_end}"),
            kept,
            f"{kept} / {len(ctx.rules)}",
        ),
    ]
    br = first_break(ctx)
    out.append(
        Headline(
            "first_break",
            ctx.tr("h_first_break"),
            br.year if br else None,
            str(br.year) if br else ctx.tr("none"),
        )
    )
    if not ctx.missing("savings"):
        level = float(ctx.savings.level_nok[-1])
        text = ctx.mnok(level)
        if not ctx.savings.feasible and ctx.savings.infeasible:
            # an amount alone would read as "this much keeps the rules"
            year = min(ctx.savings.infeasible.values())
            text = ctx.tr("h_savings_infeasible", amount=text, year=year)
        out.append(Headline("savings_end", ctx.tr("h_savings", year=ctx.end), level, text))
    risk = ctx.risk
    if risk is not None and risk.probability_any.size:
        j = min(int(np.searchsorted(np.asarray(risk.years), ctx.year_20())), len(risk.years) - 1)
        p = float(risk.probability_any[j])
        lo, hi = wilson(p, risk.n_paths)
        out.append(
            Headline(
                "risk",
                ctx.tr("h_risk", year=ctx.year_20()),
                p,
                ctx.tr(
                    "risk_text",
                    p=ctx.pct(100 * p, 0),
                    lo=ctx.pct(100 * lo, 0),
                    hi=ctx.pct(100 * hi, 0),
                ),
            )
        )
    return tuple(out)
