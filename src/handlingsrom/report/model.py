"""The report model's building blocks: chapters, tables and figures as plain data.

A :class:`Table` is the single source of one table in every output: its rows hold plain
Python values (numbers stay numbers, money in NOK), the CSV writes them with the machine
``key`` of each column, the workbook with the localised ``label (unit)`` and a number format
(money in millions of kroner, as the page), and the HTML formats each cell by the column's
``kind`` (see :func:`handlingsrom.report.format.value`). A table with money carries the
price basis of all its money (one basis per table: :func:`handlingsrom.report.tables.
frame_table` refuses frames that mix them).

A :class:`Figure` holds the data of one chart (``kind`` plus ``data``) and the finding it
shows in words (``alt``); :mod:`handlingsrom.report.svg` draws it. A :class:`Chapter` is a
list of blocks in reading order with its own tables and figures. Nothing here does I/O.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import pandas as pd

MONEY_KINDS = frozenset({"mnok"})
Status = Literal["kept", "broken", "assumed"] | None


class Untranslated(str):
    """A name the dataset gives only in bokmål, shown in an English report (marked there)."""


@dataclass(frozen=True)
class Column:
    key: str  # CSV header, English, unit in the name where useful: cost_nok, population
    label: str  # localised header without unit
    kind: str = "int"  # text, name, sources, year, int, dec1, dec2, dec3, upto3, mnok, pct,
    #                   frac, pp, bool, num (the row's kind)
    unit: str = ""  # localised unit as shown on the page and in the workbook ("mill. kr")
    html: bool = True  # False: only in the workbook and CSV (e.g. machine ids)

    def header(self) -> str:
        """The workbook header: label and unit."""
        return f"{self.label} ({self.unit})" if self.unit else self.label


@dataclass(frozen=True)
class Table:
    id: str  # also the CSV file stem
    title: str  # the caption
    columns: tuple[Column, ...]
    rows: tuple[tuple[Any, ...], ...]
    sheet: str  # the workbook's sheet name (≤ 31 characters, unique)
    note: str = ""  # units, price basis and what the reader must know, under the caption
    html: bool = True  # False: only in the workbook and CSV (too long to read on a page)
    shown: tuple[int, ...] | None = None  # rows shown on the page (default: all)
    # For tables whose rows are indicators of different units (columns of kind "num"): the
    # format kind of each row.
    row_kinds: tuple[str, ...] | None = None
    # Per cell: "kept" / "broken" (a rule) or "assumed" (not a published figure); or None.
    status: tuple[tuple[Status, ...], ...] | None = None
    price_basis: str | None = None  # "fixed 2017", "current": the basis of every money cell

    def __post_init__(self) -> None:
        n = len(self.columns)
        for i, row in enumerate(self.rows):
            if len(row) != n:
                raise ValueError(f"table {self.id}: row {i} has {len(row)} cells, expected {n}")
        if self.row_kinds is not None and len(self.row_kinds) != len(self.rows):
            raise ValueError(f"table {self.id}: expected a row kind per row")
        if self.status is not None and [len(r) for r in self.status] != [n] * len(self.rows):
            raise ValueError(f"table {self.id}: expected a status per cell")
        if self.has_money and not self.price_basis:
            raise ValueError(f"table {self.id}: money without a price basis")
        if not 0 < len(self.sheet) <= 31 or any(ch in self.sheet for ch in "[]:*?/\\"):
            raise ValueError(
                f"table {self.id}: sheet name {self.sheet!r} (1–31 characters, none of []:*?/\\)"
            )

    @property
    def has_money(self) -> bool:
        kinds = {c.kind for c in self.columns} | set(self.row_kinds or ())
        return bool(kinds & MONEY_KINDS)

    def cell_kind(self, i: int, j: int) -> str:
        """The format kind of cell (row i, column j)."""
        kind = self.columns[j].kind
        if kind == "num" and self.row_kinds is not None:
            return self.row_kinds[i]
        return kind

    def cell_status(self, i: int, j: int) -> Status:
        return None if self.status is None else self.status[i][j]

    def html_columns(self) -> tuple[tuple[int, Column], ...]:
        """(index, column) of the columns shown on the page."""
        return tuple((i, c) for i, c in enumerate(self.columns) if c.html)

    def html_rows(self) -> tuple[int, ...]:
        return tuple(range(len(self.rows))) if self.shown is None else self.shown

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
    kind: str  # lines, panels, bars, pyramid
    data: Mapping[str, Any]
    alt: str  # the finding, in words: what the chart shows (its alt text)
    caption: str = ""  # how to read it: units, price basis, bands, sources

    def __post_init__(self) -> None:
        if not self.alt.strip() or self.alt.strip() == self.title.strip():
            raise ValueError(f"figure {self.id}: the alt text must state the finding")


# ---------------------------------------------------------------------------- blocks
@dataclass(frozen=True)
class Text:
    text: str
    style: str = ""  # "" | "lead" (larger) | "note" (small) | "missing" (not computed)


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Heading:
    text: str
    id: str = ""


@dataclass(frozen=True)
class Tile:
    """A key figure beside its target: label, value, target (or ''), status."""

    label: str
    value: str
    target: str = ""
    status: Status = None
    note: str = ""


@dataclass(frozen=True)
class Tiles:
    items: tuple[Tile, ...]


@dataclass(frozen=True)
class FigureRef:
    id: str


@dataclass(frozen=True)
class TableRef:
    id: str


Block = Text | Bullets | Heading | Tiles | FigureRef | TableRef
Blocks = list[Block]


@dataclass(frozen=True)
class Headline:
    """One headline figure (the console summary and run.json): its label and text."""

    key: str
    label: str
    value: Any
    text: str

    def record(self) -> dict[str, Any]:
        return {"key": self.key, "label": self.label, "value": clean(self.value), "text": self.text}


@dataclass(frozen=True)
class Chapter:
    id: str
    title: str
    blocks: tuple[Block, ...] = ()
    tables: tuple[Table, ...] = ()
    figures: tuple[Figure, ...] = ()
    headline: tuple[Headline, ...] = ()
    appendix: bool = False


@dataclass(frozen=True)
class ReportModel:
    """The whole report: the single source of the page, the workbook, the CSV files and the
    headline of run.json. Indexable by name (``model["tables"]``) for old callers."""

    meta: dict[str, Any]
    chapters: tuple[Chapter, ...]
    tables: dict[str, Table] = field(default_factory=dict)
    figures: dict[str, Figure] = field(default_factory=dict)
    headline: list[dict[str, Any]] = field(default_factory=list)

    def __getitem__(self, key: str) -> Any:
        return getattr(self, key)


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
