"""Charts drawn as inline SVG by hand: small, fast, readable on a phone and in print.

Each figure is drawn twice, at a wide size for screens and print and at a narrow size for
phones (the page's CSS shows one of them), with text at the same user size in both so the
letters stay about 12 px high whatever the width. Small multiples are separate SVGs in a
CSS grid, so they reflow to one column on a phone. Labels are placed so that none overlaps
another (estimated text boxes, checked in a browser by the tests); series differ by colour
(Okabe–Ito, safe for colour-blind readers), dash pattern and width, so they stay apart in
grey. Every chart is ``role="img"`` with its finding as the accessible name. No scripts, no
fonts or files from elsewhere.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape

from handlingsrom.report import format as fmt
from handlingsrom.report.format import Lang
from handlingsrom.report.model import Figure, Untranslated

PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#999933")
DASHES = ("", "7 3", "2 2", "9 3 2 3", "4 2", "1 3", "12 4", "3 3 1 3")
RULE_COLOUR = "#B22222"
MUTED = "#8a8a8a"
FONT = 12.0  # user units; the page scales the wide charts by at most 1.25
CHAR_W = 0.62  # DejaVu Sans: average advance width per font size (a generous estimate)
WIDE = (720.0, 330.0)
NARROW = (360.0, 290.0)
PANEL = (440.0, 250.0)


def text_width(text: str, size: float = FONT) -> float:
    return len(text) * CHAR_W * size


def style_of(k: int) -> tuple[str, str]:
    return PALETTE[k % len(PALETTE)], DASHES[k % len(DASHES)]


# ---------------------------------------------------------------------------- geometry
@dataclass(frozen=True)
class Scale:
    d0: float
    d1: float
    r0: float
    r1: float

    def __call__(self, v: float) -> float:
        if self.d1 == self.d0:
            return (self.r0 + self.r1) / 2
        return self.r0 + (v - self.d0) * (self.r1 - self.r0) / (self.d1 - self.d0)


def nice_ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    """About ``n`` round tick values covering [lo, hi]."""
    if not math.isfinite(lo) or not math.isfinite(hi):
        return [0.0, 1.0]
    if hi <= lo:
        hi = lo + (abs(lo) or 1.0)
    raw = (hi - lo) / max(n, 1)
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    first = math.floor(lo / step + 1e-9) * step
    ticks = []
    v = first
    while v < hi + step * 0.999:
        ticks.append(round(v, 10))
        v += step
    return ticks


def year_ticks(x0: int, x1: int, width: float) -> list[int]:
    """Round years that fit in ``width`` pixels without touching."""
    span = max(x1 - x0, 1)
    for step in (1, 2, 5, 10, 20, 25, 50):
        n = span // step + 1
        if n * text_width("2000") * 1.6 <= width:
            break
    first = math.ceil(x0 / step) * step
    return list(range(first, x1 + 1, step))


@dataclass
class Boxes:
    """Text boxes placed so far; a new label takes the first free position."""

    placed: list[tuple[float, float, float, float]] = field(default_factory=list)
    obstacles: list[tuple[float, float, float, float]] = field(default_factory=list)  # lines

    def free(self, box: tuple[float, float, float, float], lines: bool = True) -> bool:
        x0, y0, x1, y1 = box
        others = self.placed + self.obstacles if lines else self.placed
        return all(x1 <= a or x0 >= c or y1 <= b or y0 >= d for a, b, c, d in others)

    def add(self, box: tuple[float, float, float, float]) -> None:
        self.placed.append(box)


def label_box(x: float, y: float, text: str, anchor: str, size: float = FONT) -> tuple:
    w = text_width(text, size)
    x0 = x - w if anchor == "end" else x - w / 2 if anchor == "middle" else x
    return (x0 - 1, y - size * 0.85, x0 + w + 1, y + size * 0.3)


def spread(wanted: list[float], gap: float, lo: float, hi: float) -> list[float]:
    """Positions near ``wanted`` (in order) at least ``gap`` apart within [lo, hi]."""
    order = sorted(range(len(wanted)), key=lambda i: wanted[i])
    pos = [wanted[i] for i in order]
    for i in range(1, len(pos)):
        pos[i] = max(pos[i], pos[i - 1] + gap)
    if pos and pos[-1] > hi:
        pos[-1] = hi
        for i in range(len(pos) - 2, -1, -1):
            pos[i] = min(pos[i], pos[i + 1] - gap)
    if pos and pos[0] < lo:  # too many to fit: keep the order, overlap is impossible anyway
        pos[0] = lo
        for i in range(1, len(pos)):
            pos[i] = max(pos[i], pos[i - 1] + gap)
    out = [0.0] * len(wanted)
    for k, i in enumerate(order):
        out[i] = pos[k]
    return out


# ---------------------------------------------------------------------------- SVG text
class Svg:
    def __init__(self, w: float, h: float, label: str, cls: str = ""):
        self.w, self.h = w, h
        self.parts: list[str] = []
        self.label = label
        self.cls = cls
        self.boxes = Boxes()

    def add(self, s: str) -> None:
        self.parts.append(s)

    def line(self, x0: float, y0: float, x1: float, y1: float, **attrs: Any) -> None:
        self.add(f'<line x1="{x0:.1f}" y1="{y0:.1f}" x2="{x1:.1f}" y2="{y1:.1f}"{_attrs(attrs)}/>')

    def rect(self, x: float, y: float, w: float, h: float, **attrs: Any) -> None:
        self.add(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(w, 0):.1f}" height="{max(h, 0):.1f}"'
            f"{_attrs(attrs)}/>"
        )

    def path(self, d: str, **attrs: Any) -> None:
        self.add(f'<path d="{d}"{_attrs(attrs)}/>')

    def text(
        self,
        x: float,
        y: float,
        text: str,
        anchor: str = "start",
        size: float = FONT,
        cls: str = "",
        **attrs: Any,
    ) -> None:
        """Text with a white halo (legible over lines); registered as a placed box."""
        self.boxes.add(label_box(x, y, text, anchor, size))
        c = f' class="{cls}"' if cls else ""
        self.add(
            f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size:g}"{c}'
            f"{_attrs(attrs)}>{escape(text)}</text>"
        )

    def place(
        self,
        candidates: Sequence[tuple[float, float, str]],
        text: str,
        size: float = FONT,
        **attrs: Any,
    ) -> bool:
        """Write ``text`` at the first candidate (x, y, anchor) whose box is free and inside
        the chart; False when none is."""
        for lines in (True, False):
            for x, y, anchor in candidates:
                box = label_box(x, y, text, anchor, size)
                inside = box[0] >= 0 and box[2] <= self.w and box[1] >= 0 and box[3] <= self.h
                if inside and self.boxes.free(box, lines):
                    self.text(x, y, text, anchor, size, **attrs)
                    return True
        return False

    def render(self) -> str:
        label = escape(self.label, {'"': "&quot;"})
        cls = f' class="{self.cls}"' if self.cls else ""
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {self.w:g} {self.h:g}"'
            f' role="img" aria-label="{label}"{cls}>' + "".join(self.parts) + "</svg>"
        )


def _attrs(attrs: Mapping[str, Any]) -> str:
    return "".join(
        f' {k.rstrip("_").replace("_", "-")}="{escape(str(v), {chr(34): "&quot;"})}"'
        for k, v in attrs.items()
        if v is not None and v != ""
    )


def _poly(xs: Sequence[float], ys: Sequence[float]) -> str:
    pts = [(x, y) for x, y in zip(xs, ys, strict=True) if math.isfinite(y)]
    return "M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in pts) if pts else ""


# ---------------------------------------------------------------------------- a line plot
@dataclass
class Frame:
    """The plot area of one chart and its scales."""

    svg: Svg
    x: Scale
    y: Scale
    left: float
    right: float
    top: float
    bottom: float


def _y_range(data: Mapping[str, Any], series: Sequence[Mapping[str, Any]]) -> tuple[float, float]:
    if "ylim" in data:
        return float(data["ylim"][0]), float(data["ylim"][1])
    vals: list[float] = []
    for s in series:
        for key in ("y", "lo", "hi"):
            vals += [float(v) for v in s.get(key, ()) if v is not None and math.isfinite(v)]
    vals += [float(r["y"]) for r in data.get("refs", ())]
    if "baseline" in data:
        vals.append(float(data["baseline"]))
    lo, hi = (min(vals), max(vals)) if vals else (0.0, 1.0)
    pad = (hi - lo) * 0.06 or 1.0
    if "ymin" in data and lo >= float(data["ymin"]):
        return float(data["ymin"]), hi + pad
    return lo - pad, hi + pad


def _frame(
    svg: Svg,
    x0: float,
    x1: float,
    lo: float,
    hi: float,
    lang: Lang,
    decimals: int,
    unit: str,
    right: float,
    year_axis: bool = True,
) -> tuple[Frame, list[float]]:
    ticks = nice_ticks(lo, hi, 5 if svg.h > 250 else 4)
    lo, hi = min(lo, ticks[0]), max(hi, ticks[-1])
    labels = [fmt.number(v, decimals, lang) for v in ticks]
    left = 8 + max(text_width(s) for s in labels)
    top = 22.0
    bottom = svg.h - 24
    frame = Frame(
        svg,
        Scale(x0, x1, left, svg.w - right),
        Scale(lo, hi, bottom, top),
        left,
        svg.w - right,
        top,
        bottom,
    )
    svg.text(4, top - 9, unit, "start", FONT - 1, cls="unit", fill="#555")
    for v, s in zip(ticks, labels, strict=True):
        yy = frame.y(v)
        svg.line(left, yy, frame.right, yy, stroke="#e3e3e3", stroke_width=1)
        svg.text(left - 5, yy + 4, s, "end", FONT - 1, fill="#444")
    for yr in year_ticks(int(x0), int(x1), frame.right - left) if year_axis else ():
        xx = frame.x(yr)
        svg.line(xx, bottom, xx, bottom + 4, stroke="#666")
        svg.text(xx, bottom + 17, str(yr), "middle", FONT - 1, fill="#444")
    svg.line(left, bottom, frame.right, bottom, stroke="#666")
    return frame, ticks


def _shade(f: Frame, shade: Mapping[str, Any] | None) -> None:
    if not shade:
        return
    a, b = f.x(float(shade["from"]) - 0.5), f.x(float(shade["to"]) + 0.5)
    a, b = max(a, f.left), min(b, f.right)
    f.svg.rect(a, f.top, b - a, f.bottom - f.top, fill="#eef3f8")
    f.svg.place(
        [(a + 3, f.top + 12, "start"), (b + 3, f.top + 12, "start")],
        shade["label"],
        FONT - 1,
        fill="#3d5a80",
    )


def _refs(f: Frame, refs: Sequence[Mapping[str, Any]]) -> None:
    for r in refs:
        yy = f.y(float(r["y"]))
        f.svg.line(
            f.left, yy, f.right, yy, stroke=RULE_COLOUR, stroke_width=1.4, stroke_dasharray="6 3"
        )


def _ref_labels(f: Frame, refs: Sequence[Mapping[str, Any]]) -> None:
    for r in refs:
        yy = f.y(float(r["y"]))
        xs = (f.left + 4, (f.left + f.right) / 2, f.right - 4)
        cands = [
            (xs[0], yy - 5, "start"),
            (xs[0], yy + 14, "start"),
            (xs[1], yy - 5, "middle"),
            (xs[1], yy + 14, "middle"),
            (xs[2], yy - 5, "end"),
            (xs[2], yy + 14, "end"),
        ]
        f.svg.place(cands, r["label"], FONT - 1, fill=RULE_COLOUR, cls="halo")


def _series_paths(f: Frame, xs: Sequence[float], series: Sequence[Mapping[str, Any]]) -> None:
    px = [f.x(float(v)) for v in xs]
    for k, s in enumerate(series):
        colour, dash = style_of(int(s.get("style", k)))
        if s.get("muted"):
            colour, dash = MUTED, ""
        if "lo" in s and "hi" in s:
            lo = [f.y(float(v)) for v in s["lo"]]
            hi = [f.y(float(v)) for v in s["hi"]]
            d = (
                _poly(px, hi)
                + "L"
                + "L".join(
                    f"{x:.1f},{y:.1f}" for x, y in zip(reversed(px), reversed(lo), strict=True)
                )
                + "Z"
            )
            f.svg.path(d, fill=colour, fill_opacity="0.16", stroke="none")
    for k, s in enumerate(series):
        colour, dash = style_of(int(s.get("style", k)))
        width = 2.6 if s.get("emphasis") else 1.8
        if s.get("muted"):
            colour, dash, width = MUTED, "", 1.6
        py = [f.y(float(v)) if v is not None else math.nan for v in s["y"]]
        d = _poly(px, py)
        f.svg.path(
            d,
            fill="none",
            stroke=colour,
            stroke_width=width,
            stroke_dasharray=dash,
            stroke_linejoin="round",
        )
        _obstacles(f.svg, px, py)


def _obstacles(svg: Svg, px: Sequence[float], py: Sequence[float]) -> None:
    """Register a drawn line as boxes along it, so labels are placed off the line."""
    for k in range(len(px) - 1):
        if not (math.isfinite(py[k]) and math.isfinite(py[k + 1])):
            continue
        steps = max(1, int(abs(py[k + 1] - py[k]) // 6))
        for j in range(steps + 1):
            x = px[k] + (px[k + 1] - px[k]) * j / steps
            y = py[k] + (py[k + 1] - py[k]) * j / steps
            svg.boxes.obstacles.append((x - 2, y - 2, x + 2, y + 2))


def _end_labels(f: Frame, xs: Sequence[float], series: Sequence[Mapping[str, Any]]) -> None:
    ends = []
    for s in series:
        ys = [v for v in s["y"] if v is not None and math.isfinite(v)]
        ends.append(f.y(float(ys[-1])) + 4 if ys else f.bottom)
    pos = spread(ends, FONT + 2, f.top + FONT, f.bottom)
    x = f.x(float(xs[-1])) + 6
    for k, (s, y) in enumerate(zip(series, pos, strict=True)):
        colour = MUTED if s.get("muted") else style_of(int(s.get("style", k)))[0]
        f.svg.text(
            x,
            y,
            s.get("short", s["label"]),
            "start",
            FONT,
            fill=colour,
            font_weight="bold" if s.get("emphasis") else None,
        )


def _marks(f: Frame, marks: Sequence[Mapping[str, Any]]) -> None:
    for m in marks:
        xx, yy = f.x(float(m["x"])), f.y(float(m["y"]))
        f.svg.add(
            f'<circle cx="{xx:.1f}" cy="{yy:.1f}" r="4" fill="#fff" stroke="#111" '
            'stroke-width="1.6"/>'
        )
        f.svg.boxes.add((xx - 5, yy - 5, xx + 5, yy + 5))
    for m in marks:
        xx, yy = f.x(float(m["x"])), f.y(float(m["y"]))
        text = m["label"]
        cands = [
            (xx - 8, yy + 18, "end"),
            (xx + 8, yy - 9, "start"),
            (xx - 8, yy - 9, "end"),
            (xx + 8, yy + 18, "start"),
            (xx, yy - 14, "middle"),
            (xx, yy + 22, "middle"),
            (xx - 8, yy + 34, "end"),
            (xx - 8, yy - 26, "end"),
            (xx - 8, yy + 50, "end"),
        ]
        f.svg.place(cands, text, FONT, fill="#111", cls="halo")


def _end_label_width(series: Sequence[Mapping[str, Any]]) -> float:
    return max((text_width(s.get("short", s["label"])) for s in series), default=0.0)


def draw_lines(
    data: Mapping[str, Any],
    lang: Lang,
    w: float,
    h: float,
    label: str,
    end_labels: bool | None = None,
) -> Svg:
    xs = [float(v) for v in data["x"]]
    series = data["series"]
    if end_labels is None:
        end_labels = len(series) > 1 and _end_label_width(series) <= 0.28 * w
    right = 12 + (_end_label_width(series) + 8 if end_labels else 0.0)
    svg = Svg(w, h, label)
    lo, hi = _y_range(data, series)
    f, _ = _frame(
        svg,
        xs[0],
        xs[-1],
        lo,
        hi,
        lang,
        int(data.get("decimals", 0)),
        data.get("unit", ""),
        right,
    )
    _shade(f, data.get("shade"))
    if "baseline" in data:
        yy = f.y(float(data["baseline"]))
        svg.line(f.left, yy, f.right, yy, stroke="#555", stroke_width=1)
    _refs(f, data.get("refs", ()))
    _series_paths(f, xs, series)
    if end_labels:
        _end_labels(f, xs, series)
    _marks(f, data.get("marks", ()))
    _ref_labels(f, data.get("refs", ()))
    return svg


# ---------------------------------------------------------------------------- bars
def draw_bars(data: Mapping[str, Any], lang: Lang, w: float, h: float, label: str) -> Svg:
    cats = list(data["categories"])
    series = data["series"]
    stack = bool(data.get("stack"))
    n = len(cats)
    up = [0.0] * n
    down = [0.0] * n
    for s in series:
        for i, v in enumerate(s["y"]):
            v = float(v or 0.0)
            if v >= 0:
                up[i] += v if stack else 0
                up[i] = up[i] if stack else max(up[i], v)
            else:
                down[i] += v if stack else 0
                down[i] = down[i] if stack else min(down[i], v)
    lo, hi = min(0.0, *down), max(0.0, *up)
    hi += (hi - lo) * 0.05 or 1.0
    svg = Svg(w, h, label)
    decimals = int(data.get("decimals", 0))
    f, _ = _frame(svg, 0, n, lo, hi, lang, decimals, data.get("unit", ""), 12.0, year_axis=False)
    band = (f.right - f.left) / max(n, 1)
    bar = band * (0.72 if stack else 0.8 / max(len(series), 1))
    base_up = [0.0] * n
    base_down = [0.0] * n
    for k, s in enumerate(series):
        colour = style_of(int(s.get("style", k)))[0]
        for i, v in enumerate(s["y"]):
            v = float(v or 0.0)
            x0 = f.left + band * i + (band - (bar if stack else bar * len(series))) / 2
            if not stack:
                x0 += bar * k
            if v >= 0:
                b = base_up[i] if stack else 0.0
                y0, y1 = f.y(b + v), f.y(b)
                if stack:
                    base_up[i] += v
            else:
                b = base_down[i] if stack else 0.0
                y0, y1 = f.y(b), f.y(b + v)
                if stack:
                    base_down[i] += v
            svg.rect(x0, y0, bar, y1 - y0, fill=colour, stroke="#fff", stroke_width=0.6)
    zero = f.y(0.0)
    svg.line(f.left, zero, f.right, zero, stroke="#444")
    every = max(
        1, math.ceil(n * text_width(str(cats[0]) if cats else "0000") * 1.5 / (f.right - f.left))
    )
    for i, c in enumerate(cats):
        if i % every == 0:
            svg.text(
                f.left + band * (i + 0.5), f.bottom + 17, str(c), "middle", FONT - 1, fill="#444"
            )
    return svg


# ---------------------------------------------------------------------------- pyramid
def draw_pyramid(data: Mapping[str, Any], lang: Lang, w: float, h: float, label: str) -> Svg:
    years = data["years"]
    female = [[float(v) for v in a] for a in data["female"]]
    male = [[float(v) for v in a] for a in data["male"]]
    top_age = min(len(female[0]), 101)
    peak = max(max(a[:top_age]) for a in female + male)
    ticks = nice_ticks(0, peak, 3 if w < 500 else 4)
    span = ticks[-1]
    svg = Svg(w, h, label)
    tick_half = text_width(fmt.number(span, 0, lang), FONT - 1) / 2 + 2
    left_pad = max(text_width("100") + 10, tick_half)
    right_pad = max(8.0, tick_half)
    mid = left_pad + (w - left_pad - right_pad) / 2
    half = (w - left_pad - right_pad) / 2
    top, bottom = 34.0, h - 24
    x = Scale(0, span, 0, half)
    y = Scale(0, top_age, bottom, top)
    for a in range(0, top_age + 1, 20):
        yy = y(a)
        svg.line(left_pad, yy, w - right_pad, yy, stroke="#e3e3e3")
        svg.text(left_pad - 5, yy + 4, str(a), "end", FONT - 1, fill="#444")
    svg.text(4, 14, data["labels"]["y"], "start", FONT - 1, fill="#555")
    for v in ticks:
        for sign in (-1, 1):
            if v == 0 and sign > 0:
                continue
            xx = mid + sign * x(v)
            svg.line(xx, bottom, xx, bottom + 4, stroke="#666")
            svg.text(xx, bottom + 17, fmt.number(v, 0, lang), "middle", FONT - 1, fill="#444")
    svg.line(left_pad, bottom, w - right_pad, bottom, stroke="#666")
    for k in range(len(years)):
        colour, dash = style_of(k)
        for sign, arr in ((-1, female[k]), (1, male[k])):
            pts = []
            for a in range(top_age):
                xx = mid + sign * x(arr[a])
                pts += [(xx, y(a)), (xx, y(a + 1))]
            d = "M" + "L".join(f"{px:.1f},{py:.1f}" for px, py in pts)
            if k == 0:
                fill = "#c6dbef" if sign < 0 else "#fdd0a2"
                svg.path(
                    d + f"L{mid:.1f},{y(top_age):.1f}L{mid:.1f},{y(0):.1f}Z",
                    fill=fill,
                    stroke="none",
                )
            svg.path(d, fill="none", stroke=colour, stroke_width=1.8, stroke_dasharray=dash)
    svg.line(mid, top, mid, bottom, stroke="#444")
    svg.text(left_pad + 2, top - 8, data["labels"]["female"], "start", FONT, font_weight="bold")
    svg.text(w - 10, top - 8, data["labels"]["male"], "end", FONT, font_weight="bold")
    return svg


# ---------------------------------------------------------------------------- figures
Drawer = Callable[[Mapping[str, Any], Lang, float, float, str], Svg]
DRAWERS: dict[str, Drawer] = {"lines": draw_lines, "bars": draw_bars, "pyramid": draw_pyramid}


def legend(entries: Sequence[tuple[str, int, bool]], cls: str = "") -> str:
    """An HTML legend: (label, style index, muted) with a swatch in the series' style."""
    items = []
    for text, k, muted in entries:
        colour, dash = (MUTED, "") if muted else style_of(k)
        swatch = (
            '<svg viewBox="0 0 28 10" width="28" height="10" aria-hidden="true">'
            f'<line x1="1" y1="5" x2="27" y2="5" stroke="{colour}" stroke-width="3"'
            + (f' stroke-dasharray="{dash}"' if dash else "")
            + "/></svg>"
        )
        items.append(f"<li>{swatch}{escape(text)}</li>")
    c = f" {cls}" if cls else ""
    return f'<ul class="legend{c}">' + "".join(items) + "</ul>" if items else ""


def _legend_entries(fig: Figure) -> list[tuple[str, int, bool]]:
    data = fig.data
    if fig.kind == "pyramid":
        return [(str(y), k, False) for k, y in enumerate(data["years"])]
    series = data["panels"][0]["series"] if fig.kind == "panels" else data["series"]
    return [
        (s["label"], int(s.get("style", k)), bool(s.get("muted"))) for k, s in enumerate(series)
    ]


def render(fig: Figure, lang: Lang = "nb") -> str:
    """The figure as HTML: a legend where one is needed, then the wide and the narrow SVG
    (or the grid of small multiples). The accessible name of each SVG is the finding."""
    label = fig.alt
    if fig.kind == "panels":
        return _render_panels(fig, lang)
    draw = DRAWERS.get(fig.kind)
    if draw is None:
        raise ValueError(f"figure {fig.id}: unknown chart kind {fig.kind!r}")
    size = tuple(fig.data.get("size", WIDE))
    wide = draw(fig.data, lang, size[0], size[1], label)
    narrow_data = dict(fig.data)
    if fig.kind == "lines":
        narrow = draw_lines(narrow_data, lang, *NARROW, label, end_labels=False)
        series = fig.data["series"]
        has_end = len(series) > 1 and _end_label_width(series) <= 0.28 * size[0]
    else:
        narrow = draw(narrow_data, lang, *NARROW, label)
        has_end = False
    wide.cls, narrow.cls = "wide", "narrow"
    entries = _legend_entries(fig)
    show = len(entries) > 1 or (fig.kind in ("pyramid", "bars") and len(entries) >= 1)
    leg = legend(entries, "narrow-only" if has_end else "") if show else ""
    return leg + wide.render() + narrow.render()


def _render_panels(fig: Figure, lang: Lang) -> str:
    data = fig.data
    panels = data["panels"]
    common = {k: v for k, v in data.items() if k != "panels"}
    if data.get("shared_y", True):
        ranges = [_y_range({**common, **p}, p["series"]) for p in panels]
        common["ylim"] = (min(a for a, _ in ranges), max(b for _, b in ranges))
    out = []
    for p in panels:
        label = f"{p['title']}: {p.get('alt') or fig.alt}"
        svg = draw_lines({**common, **p}, lang, *PANEL, label, end_labels=False)
        nb = ' lang="nb"' if isinstance(p["title"], Untranslated) else ""
        out.append(
            f'<div class="panel"><div class="ptitle" aria-hidden="true"{nb}>'
            f"{escape(p['title'])}</div>{svg.render()}</div>"
        )
    entries = _legend_entries(fig)
    leg = legend(entries) if len(entries) > 1 else ""
    return leg + '<div class="panels">' + "".join(out) + "</div>"
