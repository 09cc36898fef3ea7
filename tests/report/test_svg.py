"""Charts: inline SVG drawn by hand, text kept as text, labels placed apart, findings as
accessible names."""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET

import pytest

from handlingsrom.report import svg
from handlingsrom.report.model import Figure

SVG = "{http://www.w3.org/2000/svg}"
LINES = Figure(
    "lines",
    "Lines & bands",
    "lines",
    {
        "x": [2017, 2018, 2019, 2020],
        "series": [
            {"label": "a", "y": [0.0, 0.7, 1.5, 2.0], "lo": [0, 0.5, 1, 1], "hi": [0, 1, 2, 3]},
            {"label": "b", "y": [0.1, 0.8, 1.4, 2.1]},
        ],
        "decimals": 1,
        "refs": [{"y": 1.0, "label": "regel"}],
        "marks": [{"x": 2019, "y": 1.5, "label": "brudd"}],
        "unit": "%",
    },
    alt="The value rises from 0,0 to 2,0 by 2020.",
)


def svgs(html: str) -> list[ET.Element]:
    return [ET.fromstring(m) for m in re.findall(r"<svg xmlns.*?</svg>", html, re.S)]


def test_a_figure_is_a_wide_and_a_narrow_svg_named_by_its_finding() -> None:
    html = svg.render(LINES, "nb")
    wide, narrow = svgs(html)
    assert wide.get("class") == "wide" and narrow.get("class") == "narrow"
    for root in (wide, narrow):
        assert root.get("viewBox") and root.get("width") is None  # scales with the page
        assert root.get("role") == "img"
        assert root.get("aria-label") == LINES.alt
    assert "<script" not in html and "http://" not in html.replace(
        'xmlns="http://www.w3.org/2000/svg"', ""
    )


def test_axis_numbers_follow_the_language() -> None:
    nb, en = svg.render(LINES, "nb"), svg.render(LINES, "en")
    assert ">1,0<" in nb and ">1.0<" not in nb
    assert ">1.0<" in en and "−1,0" not in en
    assert ">regel<" in nb and ">brudd<" in nb  # text stays text


def _boxes(root: ET.Element) -> list[tuple[str, tuple[float, float, float, float]]]:
    out = []
    for el in root.iter(f"{SVG}text"):
        x, y = float(el.get("x", 0)), float(el.get("y", 0))
        size = float(el.get("font-size", svg.FONT))
        out.append(
            (
                el.text or "",
                svg.label_box(x, y, el.text or "", el.get("text-anchor", "start"), size),
            )
        )
    return out


@pytest.mark.parametrize("width", [svg.WIDE, svg.NARROW])
def test_labels_do_not_overlap_by_their_estimated_boxes(width: tuple[float, float]) -> None:
    crowded = dict(LINES.data)
    crowded["series"] = [{"label": f"series {k}", "y": [1.0 + k * 0.01] * 4} for k in range(6)]
    root = svg.draw_lines(crowded, "nb", *width, "x").render()
    boxes = _boxes(ET.fromstring(root))
    for i, (ta, a) in enumerate(boxes):
        for tb, b in boxes[i + 1 :]:
            apart = a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]
            assert apart, (ta, tb)


def test_spread_keeps_order_and_gap_within_the_range() -> None:
    pos = svg.spread([10, 11, 12, 80], 14, 0, 100)
    assert pos == sorted(pos)
    assert all(b - a >= 14 - 1e-9 for a, b in itertools.pairwise(pos))
    assert min(pos) >= 0 and max(pos) <= 100


def test_nice_ticks_cover_the_range() -> None:
    ticks = svg.nice_ticks(-2.3, 12.6)
    assert ticks[0] <= -2.3 and ticks[-1] >= 12.6
    assert len(set(round(b - a, 9) for a, b in itertools.pairwise(ticks))) == 1


@pytest.mark.parametrize(
    "fig",
    [
        Figure(
            "p",
            "p",
            "pyramid",
            {
                "years": [2017, 2037],
                "female": [[1.0] * 106] * 2,
                "male": [[1.0] * 106] * 2,
                "labels": {"female": "K", "male": "M", "y": "alder"},
            },
            alt="Flat in 2017 and 2037.",
        ),
        Figure(
            "b",
            "b",
            "bars",
            {
                "categories": [2018, 2019],
                "stack": True,
                "unit": "mill.",
                "series": [{"label": "a", "y": [1, -2]}, {"label": "b", "y": [2, 1]}],
            },
            alt="Mixed signs in 2018.",
        ),
        Figure(
            "s",
            "s",
            "panels",
            {
                "x": [1, 2, 3],
                "panels": [
                    {"title": "one", "series": [{"label": "a", "y": [1, 2, 3]}], "alt": "up 2"},
                    {"title": "two", "series": [{"label": "a", "y": [3, 2, 1]}], "alt": "down 2"},
                ],
            },
            alt="One rises, two falls by 2.",
        ),
    ],
)
def test_every_kind_draws(fig: Figure) -> None:
    roots = svgs(svg.render(fig))
    assert roots
    for root in roots:
        assert len(root.findall(f".//{SVG}path")) + len(root.findall(f".//{SVG}rect")) >= 1
        assert re.search(r"\d", root.get("aria-label", ""))


def test_a_figure_must_state_its_finding() -> None:
    with pytest.raises(ValueError, match="finding"):
        Figure("x", "Title", "lines", {}, alt="Title")


def test_unknown_kind_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown chart kind"):
        svg.render(Figure("x", "x", "pie", {}, alt="A pie of 3."))
