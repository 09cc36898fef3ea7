"""Vega-Lite chart specifications, built from plain rows (pure: no server, no model).

The dashboard embeds them with the vendored vega-embed (SVG, tooltips on hover, the
bokmål number format); the same functions can give the static report its specs (rendered to
SVG) once it draws Vega-Lite. Every chart: a title and a description (for screen readers),
units in the axis titles, the legend below the plot (never over the data), values on hover,
colours that keep 3:1 contrast on white, dashed rule thresholds.
"""

from __future__ import annotations

from typing import Any

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
# Colour-blind-safe and at least 3:1 against white (WCAG 2.1 1.4.11).
PALETTE = (
    "#1f5fa6",
    "#b5480b",
    "#2a7d4f",
    "#8a3b8f",
    "#6b5a00",
    "#a3213a",
    "#4d6d8a",
    "#333333",
    "#0b7a8a",
    "#7a4f1f",
)
THRESHOLD = "#a3213a"
HEIGHT = 260

# d3-format locales for vega-embed's formatLocale option.
FORMAT_LOCALES: dict[str, dict[str, Any]] = {
    "nb": {
        "decimal": ",",
        "thousands": "\u00a0",
        "grouping": [3],
        "currency": ["", "\u00a0kr"],
        "minus": "\u2212",
    },
    "en": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["NOK ", ""]},
}


def _base(title: str, description: str, height: int = HEIGHT) -> dict[str, Any]:
    return {
        "$schema": SCHEMA,
        "title": {"text": title, "anchor": "start", "fontSize": 14},
        "description": description,
        "width": "container",
        "height": height,
        "autosize": {"type": "fit-x", "contains": "padding"},
        "config": {
            "font": "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif",
            "axis": {
                "labelFontSize": 12,
                "titleFontSize": 12,
                "labelColor": "#222",
                "titleColor": "#222",
            },
            "legend": {
                "orient": "bottom",
                "direction": "horizontal",
                "columns": 2,
                "labelFontSize": 12,
                "titleFontSize": 12,
                "labelLimit": 420,
                "symbolStrokeWidth": 3,
            },
            "range": {"category": list(PALETTE)},
            "view": {"stroke": None},
        },
    }


def _year_x(title: str = "") -> dict[str, Any]:
    return {
        "field": "year",
        "type": "quantitative",
        "title": title or None,
        "axis": {"format": "d", "tickMinStep": 1, "labelOverlap": True},
        "scale": {"zero": False, "nice": False},
    }


def lines(
    rows: list[dict[str, Any]],
    *,
    title: str,
    description: str,
    y_title: str,
    series_title: str,
    y_format: str = ",.1f",
    thresholds: list[dict[str, Any]] | None = None,
    band: tuple[int, int] | None = None,
    band_label: str = "",
    zero: bool = False,
    height: int = HEIGHT,
    year_title: str = "År",
) -> dict[str, Any]:
    """Lines of ``rows`` (year, series, value), one per series, with optional dashed
    thresholds (label, value) and a shaded band of years (the action programme)."""
    spec = _base(title, description, height)
    layers: list[dict[str, Any]] = []
    if band is not None:
        layers.append(
            {
                "data": {"values": [{"from": band[0], "to": band[1], "label": band_label}]},
                "mark": {"type": "rect", "color": "#e8eef6", "tooltip": False},
                "encoding": {
                    "x": {"field": "from", "type": "quantitative"},
                    "x2": {"field": "to"},
                },
            }
        )
    series_enc = {"field": "series", "type": "nominal", "title": series_title, "sort": None}
    layers.append(
        {
            "data": {"values": rows},
            "mark": {"type": "line", "strokeWidth": 2.5, "interpolate": "monotone"},
            "encoding": {
                "x": _year_x(),
                "y": {
                    "field": "value",
                    "type": "quantitative",
                    "title": y_title,
                    "axis": {"format": y_format},
                    "scale": {"zero": zero},
                },
                "color": series_enc,
                "strokeDash": series_enc,
            },
        }
    )
    layers.append(
        {
            "data": {"values": rows},
            "mark": {"type": "point", "filled": True, "size": 30, "opacity": 0},
            "encoding": {
                "x": _year_x(),
                "y": {"field": "value", "type": "quantitative"},
                "color": {**series_enc, "legend": None},
                "tooltip": [
                    {"field": "series", "type": "nominal", "title": series_title},
                    {"field": "year", "type": "quantitative", "title": year_title, "format": "d"},
                    {
                        "field": "value",
                        "type": "quantitative",
                        "title": y_title,
                        "format": y_format,
                    },
                ],
            },
        }
    )
    if thresholds:
        layers.append(
            {
                "data": {"values": thresholds},
                "mark": {
                    "type": "rule",
                    "strokeDash": [6, 4],
                    "strokeWidth": 2,
                    "color": THRESHOLD,
                },
                "encoding": {
                    "y": {"field": "value", "type": "quantitative"},
                    "tooltip": [
                        {"field": "label", "type": "nominal", "title": " "},
                        {
                            "field": "value",
                            "type": "quantitative",
                            "format": y_format,
                            "title": y_title,
                        },
                    ],
                },
            }
        )
        layers.append(
            {
                "data": {"values": thresholds},
                "mark": {
                    "type": "text",
                    "align": "left",
                    "dx": 4,
                    "dy": -7,
                    "color": THRESHOLD,
                    "fontSize": 11,
                },
                "encoding": {
                    "x": {"value": 4},
                    "y": {"field": "value", "type": "quantitative"},
                    "text": {"field": "label"},
                },
            }
        )
    spec["layer"] = layers
    spec["resolve"] = {"scale": {"color": "independent", "strokeDash": "independent"}}
    return spec


def bars(
    rows: list[dict[str, Any]],
    *,
    title: str,
    description: str,
    x_field: str,
    x_title: str,
    y_title: str,
    color_field: str | None = None,
    color_title: str = "",
    y_format: str = ",.0f",
    x_type: str = "ordinal",
    height: int = HEIGHT,
    highlight: Any = None,
) -> dict[str, Any]:
    """Bars of ``rows`` (x, value[, colour]); stacked when a colour field is given."""
    spec = _base(title, description, height)
    enc: dict[str, Any] = {
        "x": {
            "field": x_field,
            "type": x_type,
            "title": x_title,
            "axis": {"labelAngle": 0, "labelOverlap": "greedy", "labelSeparation": 6},
        },
        "y": {
            "field": "value",
            "type": "quantitative",
            "title": y_title,
            "axis": {"format": y_format},
        },
        "tooltip": [
            {"field": x_field, "type": x_type, "title": x_title},
            *(
                [{"field": color_field, "type": "nominal", "title": color_title}]
                if color_field
                else []
            ),
            {"field": "value", "type": "quantitative", "title": y_title, "format": y_format},
        ],
    }
    if color_field:
        enc["color"] = {"field": color_field, "type": "nominal", "title": color_title, "sort": None}
    elif highlight is not None:
        enc["color"] = {
            "condition": {"test": f"datum['{x_field}'] == {highlight!r}", "value": PALETTE[1]},
            "value": PALETTE[0],
        }
    else:
        enc["color"] = {"value": PALETTE[0]}
    spec["data"] = {"values": rows}
    spec["mark"] = {"type": "bar", "tooltip": True}
    spec["encoding"] = enc
    return spec


def pyramid(
    rows: list[dict[str, Any]],
    *,
    title: str,
    description: str,
    sex_labels: dict[str, str],
    x_title: str,
    year_title: str,
    age_title: str,
) -> dict[str, Any]:
    """Population pyramids (year, sex, age, population): women left, men right, one line
    per year, so that the years can be read on top of each other."""
    spec = _base(title, description, 340)
    data = [
        {
            "year": str(r["year"]),
            "sex": sex_labels[r["sex"]],
            "age": r["age"],
            "value": -r["population"] if r["sex"] == "female" else r["population"],
            "persons": r["population"],
        }
        for r in rows
        if r["population"] is not None
    ]
    spec["data"] = {"values": data}
    spec["mark"] = {"type": "line", "strokeWidth": 2, "interpolate": "step"}
    spec["encoding"] = {
        "y": {"field": "age", "type": "quantitative", "title": age_title},
        "x": {
            "field": "value",
            "type": "quantitative",
            "title": x_title,
            "axis": {"labelExpr": "format(abs(datum.value), ',.0f')"},
        },
        "order": {"field": "age"},
        "detail": {"field": "sex"},
        "color": {"field": "year", "type": "nominal", "title": year_title},
        "strokeDash": {"field": "year", "type": "nominal", "title": year_title},
        "tooltip": [
            {"field": "year", "type": "nominal", "title": year_title},
            {"field": "sex", "type": "nominal", "title": " "},
            {"field": "age", "type": "quantitative", "title": age_title},
            {"field": "persons", "type": "quantitative", "format": ",.0f", "title": x_title},
        ],
    }
    return spec
