"""The report model's building blocks: tables and figures as plain data.

A :class:`Table` is the single source of one table in every output: its rows hold plain
Python values (numbers stay numbers), the CSV writes them with the machine ``key`` of each
column, the workbook with the localised ``label (unit)`` and a number format, and the HTML
formats each cell by the column's ``kind`` (see :func:`handlingsrom.report.format.value`).

A :class:`Figure` holds the data of one chart (``kind`` plus ``data``); the charts module
draws it. Nothing here does I/O.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd


@dataclass(frozen=True)
class Column:
    key: str  # CSV header, English, unit in the name where useful: cost_nok, population
    label: str  # localised header without unit
    kind: str = "int"  # format kind: text, year, int, dec1, dec2, mnok, pct, frac, bool
    unit: str = ""  # localised unit of the stored value ("kr", "personer", "%")
    html: bool = True  # False: only in the workbook and CSV (e.g. machine ids)

    def header(self) -> str:
        """The workbook header: label and the unit of the stored value."""
        return f"{self.label} ({self.unit})" if self.unit else self.label


@dataclass(frozen=True)
class Table:
    id: str  # also the CSV file stem and (shortened) the sheet name
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Any, ...], ...]
    note: str = ""
    html: bool = True  # False: only in the workbook and CSV (too long to read on a page)
    html_years: tuple[int, ...] | None = None  # show only these years in the HTML
    sheet: str = ""  # a short sheet name for the workbook (default: from the title)
    # For tables whose rows are indicators of different units (columns of kind "num"): the
    # format kind of each row.
    row_kinds: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        n = len(self.columns)
        for i, row in enumerate(self.rows):
            if len(row) != n:
                raise ValueError(f"table {self.id}: row {i} has {len(row)} cells, expected {n}")
        if self.row_kinds is not None and len(self.row_kinds) != len(self.rows):
            raise ValueError(f"table {self.id}: expected a row kind per row")

    def cell_kind(self, i: int, j: int) -> str:
        """The format kind of cell (row i, column j)."""
        kind = self.columns[j].kind
        if kind == "num" and self.row_kinds is not None:
            return self.row_kinds[i]
        return kind

    def html_cells(self) -> list[list[tuple[Column, Any, str]]]:
        """The page's rows: (column, value, format kind) for each shown cell."""
        shown = self.html_columns()
        keep = None
        if self.html_years is not None:
            idx = next((i for i, c in enumerate(self.columns) if c.key == "year"), None)
            if idx is not None:
                keep = (idx, set(self.html_years))
        out = []
        for i, row in enumerate(self.rows):
            if keep is not None and row[keep[0]] not in keep[1]:
                continue
            out.append([(c, row[j], self.cell_kind(i, j)) for j, c in shown])
        return out

    def html_columns(self) -> tuple[tuple[int, Column], ...]:
        """(index, column) of the columns shown on the page."""
        return tuple((i, c) for i, c in enumerate(self.columns) if c.html)

    def column(self, key: str) -> list[Any]:
        i = [c.key for c in self.columns].index(key)
        return [r[i] for r in self.rows]

    def to_records(self) -> list[dict[str, Any]]:
        keys = [c.key for c in self.columns]
        return [dict(zip(keys, (clean(v) for v in r), strict=True)) for r in self.rows]


@dataclass(frozen=True)
class Figure:
    id: str
    title: str
    kind: str  # pyramid, lines, bars, stacked
    data: dict[str, Any]
    caption: str = ""


@dataclass
class Section:
    id: str
    title: str
    intro: list[str] = field(default_factory=list)
    # ("figure", id) | ("table", id) | ("text", a paragraph placed between the others)
    items: list[tuple[str, str]] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # what could not be shown, and why


def clean(v: Any) -> Any:
    """A plain Python scalar (NumPy scalars unwrapped, NaN → None) for CSV/JSON/xlsx."""
    if v is None:
        return None
    if hasattr(v, "item") and not isinstance(v, str | bytes):
        v = v.item()
    if isinstance(v, float) and (math.isnan(v) or math.isinf(v)):
        return None
    return v


def rounded(v: float) -> float:
    """The stored precision of a number in the CSV files and the workbook: six decimals and
    at most 15 significant digits (what a spreadsheet keeps)."""
    return float(f"{round(v, 6):.15g}")


def records(frame: pd.DataFrame) -> Iterable[Any]:
    """The rows of a frame as named tuples. The columns' types are only known at run time,
    so each field is ``Any`` (pandas-stubs types it as every possible scalar, None included)."""
    return frame.itertuples(index=False)
