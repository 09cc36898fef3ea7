"""The report model → one self-contained HTML page (inline CSS and SVG, no scripts, no network)."""

from __future__ import annotations

from importlib import resources
from typing import Any

import jinja2
from markupsafe import Markup

from handlingsrom.report import charts
from handlingsrom.report import format as fmt
from handlingsrom.report.format import Lang
from handlingsrom.report.i18n import t
from handlingsrom.report.model import Column

TEXT_KINDS = {"text"}


def _template_text(name: str) -> str:
    return (resources.files("handlingsrom.report") / "templates" / name).read_text("utf-8")


def html_unit(c: Column, lang: Lang) -> str:
    """The unit shown under a column header on the page (amounts are shown in millions)."""
    return t("u_mnok", lang) if c.kind == "mnok" else c.unit


def render_html(
    model: dict[str, Any], sheet_names: dict[str, str], svgs: dict[str, str] | None = None
) -> str:
    """The page. ``svgs`` (figure id → SVG) may be given when already drawn."""
    lang: Lang = model["meta"]["lang"]
    if svgs is None:
        svgs = render_charts(model)
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    template = env.from_string(_template_text("report.html.j2"))

    def cell_class(kind: str, v: Any) -> str:
        if kind == "bool" and v is not None:
            return " kept" if bool(v) else " broken"
        if kind in ("mnok", "pct", "int", "dec1") and isinstance(v, int | float) and v < 0:
            return " neg"
        return ""

    return template.render(
        meta=model["meta"],
        headline=model["headline"],
        sections=model["sections"],
        tables=model["tables"],
        figures=model["figures"],
        svgs=svgs,
        sheet_names=sheet_names,
        css=Markup(_template_text("report.css")),  # CSS is not HTML: never escaped
        shown_tables={tid for tid, tb in model["tables"].items() if tb.html},
        t=lambda key, **kw: t(key, lang, **kw),
        cell=lambda kind, v: fmt.value(v, kind, lang),
        cell_class=cell_class,
        align=lambda c: "txt" if c.kind in TEXT_KINDS else "num",
        html_unit=lambda c: html_unit(c, lang),
    )


def render_charts(model: dict[str, Any]) -> dict[str, str]:
    lang: Lang = model["meta"]["lang"]
    return {fid: charts.render(f, lang) for fid, f in model["figures"].items()}
