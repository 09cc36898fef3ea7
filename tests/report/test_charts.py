"""Charts: inline SVG, text kept as text, axis numbers in the report's language."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from handlingsrom.report import charts
from handlingsrom.report.model import Figure

LINES = Figure(
    "lines",
    "Lines & bands",
    "lines",
    {
        "x": [2017, 2018, 2019],
        "series": [{"label": "a", "y": [0.0, 0.7, 1.5], "lo": [0, 0.5, 1], "hi": [0, 1, 2]}],
        "decimals": 1,
        "refs": [{"y": 1.0, "label": "regel"}],
    },
)


def test_svg_is_inline_and_parses() -> None:
    svg = charts.render(LINES, "nb")
    assert svg.startswith("<svg") and "<?xml" not in svg
    root = ET.fromstring(svg)
    assert root.get("viewBox")
    assert root.get("width") is None  # scales with the page
    assert 'aria-label="Lines &amp; bands"' in svg


def test_axis_numbers_follow_the_language() -> None:
    nb = charts.render(LINES, "nb")
    en = charts.render(LINES, "en")
    assert ">0,5<" in nb and ">0.5<" not in nb
    assert ">0.5<" in en
    assert ">regel<" in nb  # text stays text (svg.fonttype none)


@pytest.mark.parametrize(
    "fig",
    [
        Figure(
            "p",
            "p",
            "pyramid",
            {
                "years": [2017, 2037],
                "female": [[1.0] * 106, [2.0] * 106],
                "male": [[1.0] * 106, [2.0] * 106],
                "labels": {"female": "K", "male": "M", "x": "x", "y": "y"},
            },
        ),
        Figure(
            "b",
            "b",
            "bars",
            {"categories": [1, 2], "series": [{"label": "a", "y": [1, -2]}], "stack": True},
        ),
        Figure(
            "s",
            "s",
            "stacked",
            {"x": [1, 2], "series": [{"label": "a", "y": [1, 2]}, {"label": "b", "y": [2, 1]}]},
        ),
    ],
)
def test_every_kind_draws(fig: Figure) -> None:
    root = ET.fromstring(charts.render(fig))
    paths = root.findall(".//{http://www.w3.org/2000/svg}path")
    assert len(paths) > 5


def test_unknown_kind_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown chart kind"):
        charts.render(Figure("x", "x", "pie", {}))
