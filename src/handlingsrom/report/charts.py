"""Draw the report's figures as inline SVG with matplotlib (Agg, no JavaScript, no network).

Charts are made to read in print: white background, dark text, a colour-blind-safe palette
(Okabe–Ito) plus distinct line styles so lines stay apart in grey, and axis numbers in the
report's language (thin-space thousands and decimal comma in bokmål). Text stays text in the
SVG (``svg.fonttype = none``) so it is sharp, searchable and small.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import FuncFormatter, MaxNLocator

from handlingsrom.report import format as fmt
from handlingsrom.report.format import Lang
from handlingsrom.report.model import Figure

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442")
STYLES = ("-", "--", "-.", ":", (0, (5, 1)), (0, (3, 1, 1, 1, 1, 1)), "-", "--")
WIDTH_IN = 7.2

RC: dict[RcKeyType, Any] = {
    "svg.fonttype": "none",
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#dddddd",
    "grid.linewidth": 0.6,
    "axes.axisbelow": True,
    "legend.frameon": False,
    "figure.dpi": 100,
}


def _formatter(lang: Lang, decimals: int = 0) -> FuncFormatter:
    return FuncFormatter(lambda v, _pos: fmt.number(v, decimals, lang))


def render(fig: Figure, lang: Lang = "nb") -> str:
    """The figure as an ``<svg>`` element (no XML prolog), ready to inline in HTML."""
    draw = DRAWERS.get(fig.kind)
    if draw is None:
        raise ValueError(f"figure {fig.id}: unknown chart kind {fig.kind!r}")
    with plt.rc_context(RC | {"svg.hashsalt": fig.id}):
        mfig = draw(fig.data, lang)
        buf = io.StringIO()
        try:
            mfig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None})
        finally:
            plt.close(mfig)
    svg = buf.getvalue()
    svg = svg[svg.index("<svg") :]
    # Scale with the page: drop the fixed size, keep the viewBox.
    svg = re.sub(r'<svg([^>]*?) width="[^"]+" height="[^"]+"', r"<svg\1", svg, count=1)
    return svg.replace("<svg", f'<svg role="img" aria-label="{_attr(fig.title)}"', 1)


def _attr(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


# ---------------------------------------------------------------------------- drawers
def _pyramid(data: dict[str, Any], lang: Lang) -> Any:
    years = data["years"]
    labels = data["labels"]
    fig, ax = plt.subplots(figsize=(WIDTH_IN, 4.6))
    ages = np.arange(len(data["female"][0]))
    # Each age is a band from a - 0.5 to a + 0.5: outline and fill share the same steps.
    ys = np.repeat(ages, 2) + np.tile([-0.5, 0.5], len(ages))
    for k, year in enumerate(years):
        f = np.repeat(np.asarray(data["female"][k], dtype=float), 2)
        m = np.repeat(np.asarray(data["male"][k], dtype=float), 2)
        colour, style = PALETTE[k % len(PALETTE)], STYLES[k % len(STYLES)]
        if k == 0:  # the base year filled, the later years as outlines
            ax.fill_betweenx(ys, -f, 0, color="#c6dbef", linewidth=0)
            ax.fill_betweenx(ys, 0, m, color="#fdd0a2", linewidth=0)
        ax.plot(-f, ys, color=colour, linestyle=style, linewidth=1.3, label=str(year))
        ax.plot(m, ys, color=colour, linestyle=style, linewidth=1.3)
    ax.axvline(0, color="#444444", linewidth=0.8)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: fmt.number(abs(v), 0, lang)))
    ax.set_ylim(0, min(len(ages), 101))
    ax.set_ylabel(labels["y"])
    ax.set_xlabel(labels["x"])
    lim = ax.get_xlim()
    span = max(abs(lim[0]), abs(lim[1]))
    ax.set_xlim(-span, span)
    ax.text(0.02, 0.97, labels["female"], transform=ax.transAxes, va="top", fontweight="bold")
    ax.text(
        0.98, 0.97, labels["male"], transform=ax.transAxes, va="top", ha="right", fontweight="bold"
    )
    ax.legend(loc="upper center", ncol=len(years), bbox_to_anchor=(0.5, -0.12))
    return fig


def _lines(data: dict[str, Any], lang: Lang) -> Any:
    x = np.asarray(data["x"])
    fig, ax = plt.subplots(figsize=(WIDTH_IN, 3.6))
    for k, s in enumerate(data["series"]):
        colour, style = PALETTE[k % len(PALETTE)], STYLES[k % len(STYLES)]
        if "lo" in s and "hi" in s:
            ax.fill_between(x, s["lo"], s["hi"], color=colour, alpha=0.18, linewidth=0)
        ax.plot(x, s["y"], color=colour, linestyle=style, linewidth=1.6, label=s["label"])
    if "baseline" in data:
        ax.axhline(data["baseline"], color="#666666", linewidth=0.8)
    for k, ref in enumerate(data.get("refs", ())):
        ax.axhline(ref["y"], color="#B22222", linewidth=1.0, linestyle=(0, (4, 2)))
        ax.annotate(
            ref["label"],
            (x[0] + (x[-1] - x[0]) * 0.45 * k, ref["y"]),  # staggered: close lines stay legible
            xytext=(2, 3),
            textcoords="offset points",
            color="#B22222",
            fontsize=8,
        )
    if "ymin" in data:
        ax.set_ylim(bottom=data["ymin"])
    ax.set_ylabel(data.get("ylabel", ""))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.yaxis.set_major_formatter(_formatter(lang, data.get("decimals", 0)))
    _legend_below(ax, len(data["series"]))
    return fig


def _bars(data: dict[str, Any], lang: Lang) -> Any:
    """Bars: categories on x, one bar per series side by side, or stacked (``stack``)."""
    cats = data["categories"]
    series = data["series"]
    stack = bool(data.get("stack"))
    fig, ax = plt.subplots(figsize=(WIDTH_IN, 3.6))
    n = max(len(series), 1)
    width = 0.8 if stack else 0.8 / n
    xs = np.arange(len(cats))
    hatches = ("", "//", "..", "xx", "\\\\", "--")
    up = np.zeros(len(cats))  # stacks grow away from zero: positives up, negatives down
    down = np.zeros(len(cats))
    for k, s in enumerate(series):
        y = np.nan_to_num(np.asarray(s["y"], dtype=float))
        offset = 0.0 if stack else (k - (n - 1) / 2) * width
        bottom = np.where(y >= 0, up, down)
        ax.bar(
            xs + offset,
            y,
            width,
            bottom=bottom if stack else None,
            label=s["label"],
            color=PALETTE[k % len(PALETTE)],
            hatch=hatches[k % len(hatches)],
            edgecolor="white",
            linewidth=0.5,
        )
        if stack:
            up = up + np.where(y >= 0, y, 0.0)
            down = down + np.where(y < 0, y, 0.0)
    ax.set_xticks(
        xs,
        [str(c) for c in cats],
        rotation=data.get("rotation", 0),
        ha="right" if data.get("rotation") else "center",
    )
    ax.axhline(0, color="#444444", linewidth=0.8)
    ax.set_ylabel(data.get("ylabel", ""))
    ax.yaxis.set_major_formatter(_formatter(lang, data.get("decimals", 0)))
    ax.grid(axis="x", visible=False)
    _legend_below(ax, n)
    return fig


def _stacked(data: dict[str, Any], lang: Lang) -> Any:
    """Stacked areas over years."""
    x = np.asarray(data["x"])
    fig, ax = plt.subplots(figsize=(WIDTH_IN, 3.6))
    ys = [np.asarray(s["y"], dtype=float) for s in data["series"]]
    ax.stackplot(
        x, *ys, labels=[s["label"] for s in data["series"]], colors=PALETTE[: len(ys)], alpha=0.85
    )
    ax.set_ylabel(data.get("ylabel", ""))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.yaxis.set_major_formatter(_formatter(lang, data.get("decimals", 0)))
    _legend_below(ax, len(ys))
    return fig


def _legend_below(ax: Any, n: int) -> None:
    """A legend under the plot, so the plot keeps the page's full width."""
    if n > 1:
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=min(n, 3), fontsize=8.5)


DRAWERS: dict[str, Callable[[dict[str, Any], Lang], Any]] = {
    "pyramid": _pyramid,
    "lines": _lines,
    "bars": _bars,
    "stacked": _stacked,
}
