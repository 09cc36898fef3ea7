"""A plan run → the report model: every chapter built by its own pure function, then numbered
and gathered (tables and figures by id, the headline figures) with their ids and sheet names
checked to be unique. No I/O here; nothing downstream computes a number."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from types import ModuleType

from handlingsrom.plan import PlanResult
from handlingsrom.report.chapters import (
    act_now,
    appendix_parameters,
    appendix_sources,
    assumptions,
    investments,
    long_term,
    population,
    programme,
    sectors,
    services,
    stress,
    summary,
)
from handlingsrom.report.context import ReportContext
from handlingsrom.report.format import Lang
from handlingsrom.report.model import Chapter, Figure, ReportModel, Table

# In reading order: the conclusion, the decision (the programme, its sectors and
# investments), why (the long term, acting now, stress and risk), the background
# (population, services, assumptions) and the appendices.
CHAPTERS: tuple[ModuleType, ...] = (
    summary,
    programme,
    sectors,
    investments,
    long_term,
    act_now,
    stress,
    population,
    services,
    assumptions,
    appendix_parameters,
    appendix_sources,
)


def build_model(
    result: PlanResult,
    *,
    lang: Lang = "nb",
    version: str = "",
    scenarios: Sequence[dict[str, str]] = (),
) -> ReportModel:
    """The report model of one plan run."""
    ctx = ReportContext(result, lang, version, tuple(scenarios))
    chapters = _numbered(ctx, [module.build(ctx) for module in CHAPTERS])
    tables: dict[str, Table] = {}
    figures: dict[str, Figure] = {}
    sheets: set[str] = set()
    for ch in chapters:
        for t in ch.tables:
            if t.id in tables or t.sheet.lower() in sheets:
                raise ValueError(f"table {t.id} (sheet {t.sheet!r}): id or sheet name used twice")
            tables[t.id] = t
            sheets.add(t.sheet.lower())
        for f in ch.figures:
            if f.id in figures:
                raise ValueError(f"figure {f.id}: id used twice")
            figures[f.id] = f
    ds = result.dataset
    meta = {
        "title": ctx.tr("report_title", municipality=ds.meta.municipality_name),
        "subtitle": ctx.tr("subtitle", hp_start=ctx.base, hp_end=ctx.hp_end, end=ctx.end),
        "motto": ctx.tr("motto"),
        "municipality": ds.meta.municipality_name,
        "dataset": ds.meta.name,
        "dataset_title": ds.meta.title,
        "origin": ds.origin,
        "vintage": ds.meta.data_vintage,
        "base_year": ctx.base,
        "end_year": ctx.end,
        "hp_years": [ctx.base, ctx.hp_end],
        "lang": lang,
        "version": version,
        "scenarios": list(scenarios),
        "n_paths": result.bands.n_paths if result.bands is not None else 0,
        "seed": result.options.seed,
        "missing": {k: ctx.tr(f"skip_{v}") for k, v in result.skipped.items()},
    }
    headline = [h.record() for ch in chapters for h in ch.headline]
    return ReportModel(
        meta=meta, chapters=tuple(chapters), tables=tables, figures=figures, headline=headline
    )


def _numbered(ctx: ReportContext, chapters: list[Chapter]) -> list[Chapter]:
    """Main chapters numbered 1, 2, … after the conclusion; appendices A, B, …"""
    out = []
    n = a = 0
    for ch in chapters:
        if ch.id == "summary":
            out.append(ch)
        elif ch.appendix:
            out.append(
                replace(ch, title=ctx.tr("appendix_title", letter="ABCDEFGH"[a], title=ch.title))
            )
            a += 1
        else:
            n += 1
            out.append(replace(ch, title=f"{n}. {ch.title}"))
    return out
