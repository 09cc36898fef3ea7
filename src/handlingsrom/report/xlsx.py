"""The report model → plan.xlsx: a contents sheet, then one sheet per table.

Each sheet has a bold, frozen header row with the unit of every column, numbers stored as
numbers with a number format, and an autofilter. Number formats are written in the file
format's invariant syntax (``#,##0``, ``0.0%``); Excel shows them with the reader's locale,
so a Norwegian Excel shows ``1 234 567`` and ``4,3 %``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from handlingsrom.report.format import Lang
from handlingsrom.report.model import Table, clean, rounded

NUMBER_FORMATS = {
    "year": "0",
    "int": "#,##0",
    "dec1": "#,##0.0",
    "dec2": "#,##0.00",
    "dec3": "0.000",
    "mnok": "#,##0",  # stored in NOK; the header says so
    "pct": "0.0",  # stored in percent; the header says so
    "frac": "0.0%",
}
_BAD = re.compile(r"[\[\]:*?/\\]")
CONTENTS = {"nb": "Innhold", "en": "Contents"}
HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")


def sheet_names(tables: dict[str, Table], lang: Lang) -> dict[str, str]:
    """A unique Excel sheet name (≤ 31 characters) for each table, from its title."""
    used = {CONTENTS[lang].lower()}
    out = {}
    for tid, table in tables.items():
        name = _BAD.sub("-", table.sheet or table.title)[:31].strip() or tid[:31]
        candidate, k = name, 2
        while candidate.lower() in used:
            suffix = f" ({k})"
            candidate = name[: 31 - len(suffix)] + suffix
            k += 1
        used.add(candidate.lower())
        out[tid] = candidate
    return out


def write_xlsx(model: dict[str, Any], path: Path, names: dict[str, str]) -> None:
    """Write the workbook (openpyxl's write-only mode: streamed, fast for long tables)."""
    lang: Lang = model["meta"]["lang"]
    wb = Workbook(write_only=True)
    contents = wb.create_sheet(CONTENTS[lang])
    for letter, width in zip("ABCD", (34, 44, 30, 60), strict=True):
        contents.column_dimensions[letter].width = width
    title = WriteOnlyCell(contents, model["meta"]["title"])
    title.font = Font(bold=True, size=14)
    contents.append([title])
    contents.append([model["meta"]["subtitle"]])
    contents.append([model["meta"]["vintage"]])
    contents.append([])
    head = (
        ("Ark", "Tabell", "CSV", "Merknad") if lang == "nb" else ("Sheet", "Table", "CSV", "Note")
    )
    contents.append([_bold(contents, h) for h in head])
    for tid, table in model["tables"].items():
        contents.append([names[tid], table.title, f"tables/{tid}.csv", table.note])

    for tid, table in model["tables"].items():
        ws = wb.create_sheet(names[tid])
        ws.freeze_panes = "A2"
        for j, c in enumerate(table.columns, start=1):
            width = max([len(c.header())] + [len(str(r[j - 1])) for r in table.rows[:200]])
            ws.column_dimensions[get_column_letter(j)].width = min(max(10, width + 2), 60)
        if table.rows:
            ws.auto_filter.ref = f"A1:{get_column_letter(len(table.columns))}{len(table.rows) + 1}"
        header = []
        for c in table.columns:
            cell = _bold(ws, c.header())
            cell.fill = HEADER_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            header.append(cell)
        ws.append(header)
        kinds = [c.kind for c in table.columns]
        per_row = "num" in kinds
        formats = [NUMBER_FORMATS.get(k) for k in kinds]
        for i, row in enumerate(table.rows):
            if per_row:
                formats = [NUMBER_FORMATS.get(table.cell_kind(i, j)) for j in range(len(kinds))]
            out: list[Any] = []
            for v, number_format in zip(row, formats, strict=True):
                value = xlsx_value(v)
                if number_format and isinstance(value, int | float) and not isinstance(value, bool):
                    cell = WriteOnlyCell(ws, value)
                    cell.number_format = number_format
                    out.append(cell)
                else:
                    out.append(value)
            ws.append(out)
    wb.save(path)


def _bold(ws: Any, value: Any) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value)
    cell.font = Font(bold=True)
    return cell


def xlsx_value(v: Any) -> Any:
    """The value stored in a cell: the same rounding as the CSV files."""
    v = clean(v)
    if isinstance(v, float):
        return rounded(v)
    return v
