"""The report model → one self-contained HTML page (inline CSS and SVG, no scripts, no network).

Tables get a ``<caption>`` (title, units, price basis) and sit in a labelled scroll region so
a phone scrolls the table, not the page. Names the dataset gives only in bokmål are marked
``lang="nb"`` in an English report; source ids link to the list of sources.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from handlingsrom.report import format as fmt
from handlingsrom.report import svg
from handlingsrom.report.format import Lang
from handlingsrom.report.i18n import TEXTS, t
from handlingsrom.report.model import (
    Bullets,
    Column,
    FigureRef,
    Heading,
    ReportModel,
    Table,
    TableRef,
    Text,
    Tiles,
    Untranslated,
)

TEXT_KINDS = {"text", "name", "sources", "anchor", "url", "long"}
NOWRAP_KINDS = {"sources", "ci", "anchor"}


def _template_text(name: str) -> str:
    return (Path(__file__).parent / "templates" / name).read_text("utf-8")


def html_unit(c: Column, lang: Lang) -> str:
    """The unit under a column header (money is shown in millions)."""
    return t("u_mnok", lang) if c.kind == "mnok" else c.unit


def cell_html(table: Table, i: int, j: int, lang: Lang, source_ids: set[str]) -> Markup:
    """One table cell, formatted by its kind and marked by its status."""
    v = table.rows[i][j]
    kind = table.cell_kind(i, j)
    if kind == "sources":
        ids = [s.strip() for s in str(v or "").split("+") if s.strip()]
        links = [
            Markup('<a class="src" href="#src-{0}">{0}</a>').format(s)
            if s in source_ids
            else escape(s)
            for s in ids
        ]
        return Markup(" + ").join(links)
    if kind == "anchor":
        return Markup('<span id="src-{0}">{0}</span>').format(v)
    if kind == "url":
        return Markup('<a href="{0}">{0}</a>').format(v) if v else Markup("")
    text = escape(fmt.value(v, kind, lang))
    if isinstance(v, Untranslated):
        return Markup('<i lang="nb">{}</i>').format(text)
    status = table.cell_status(i, j)
    if status == "kept":
        return Markup('{} <span class="mark" aria-label="{}">✓</span>').format(
            text, t("kept_mark", lang)
        )
    if status == "broken":
        return Markup('{} <span class="mark" aria-label="{}">✗</span>').format(
            text, t("broken_mark", lang)
        )
    if status == "assumed":
        return Markup('{} <span class="mark" aria-label="{}">*</span>').format(
            text, t("assumed_mark", lang)
        )
    return text


def cell_class(table: Table, i: int, j: int) -> str:
    kind = table.cell_kind(i, j)
    v = table.rows[i][j]
    cls = "txt" if kind in TEXT_KINDS else "num"
    if kind in NOWRAP_KINDS:
        cls += " nowrap"
    elif kind == "long":
        cls += " long"
    status = table.cell_status(i, j)
    if status:
        cls += f" {status}"
    elif kind == "bool" and v is not None:
        cls += " kept" if v else " broken"
    return cls


def has_untranslated(table: Table) -> bool:
    return any(isinstance(v, Untranslated) for row in table.rows for v in row)


def render_html(model: ReportModel, charts: dict[str, str] | None = None) -> str:
    """The page. ``charts`` (figure id → HTML) may be given when already drawn."""
    lang: Lang = model.meta["lang"]
    if charts is None:
        charts = render_charts(model)
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    template = env.from_string(_template_text("report.html.j2"))
    source_ids = set(model.tables["sources"].column("id")) if "sources" in model.tables else set()
    untranslated = lang == "en" and any(has_untranslated(tb) for tb in model.tables.values())
    return template.render(
        meta=model.meta,
        chapters=model.chapters,
        tables=model.tables,
        figures=model.figures,
        charts={k: Markup(v) for k, v in charts.items()},
        css=Markup(_template_text("report.css")),  # CSS is not HTML: never escaped
        untranslated=untranslated,
        kinds={
            "text": Text,
            "bullets": Bullets,
            "heading": Heading,
            "tiles": Tiles,
            "figure": FigureRef,
            "table": TableRef,
        },
        isa=isinstance,
        t=lambda key, **kw: t(key, lang, **kw),
        tm=lambda key, **kw: Markup(escape(TEXTS[key][lang])).format(**kw),
        cell=lambda tb, i, j: cell_html(tb, i, j, lang, source_ids),
        cell_class=cell_class,
        head_class=lambda c: "txt" if c.kind in TEXT_KINDS else "num",
        html_unit=lambda c: html_unit(c, lang),
        basis_text=lambda b: _basis_text(b, lang),
        has_untranslated=lambda tb: lang == "en" and has_untranslated(tb),
        more=lambda ch: [tb for tb in ch.tables if not tb.html],
        nb=lambda s: Markup('<i lang="nb">{}</i>').format(s) if lang == "en" else s,
    )


def _basis_text(basis: str | None, lang: Lang) -> str:
    if not basis:
        return ""
    if basis.startswith("fixed "):
        return t("basis_fixed", lang, year=basis.split()[1])
    return t("basis_current", lang)


def render_charts(model: ReportModel) -> dict[str, str]:
    lang: Lang = model.meta["lang"]
    return {fid: svg.render(f, lang) for fid, f in model.figures.items()}
