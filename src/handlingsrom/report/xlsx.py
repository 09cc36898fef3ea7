"""The report model → plan.xlsx: a contents sheet, then one sheet per table.

Each sheet has the table's own short name, a bold frozen header row with the unit of every
column, numbers stored as numbers with a number format, and an autofilter. Money is stored
in millions of kroner, as the page shows it (the CSV files keep kroner); the header and the
contents sheet say so, with the price basis. Number formats are written in the file
format's invariant syntax (``#,##0.0``, ``0.0%``); Excel shows them with the reader's
locale, so a Norwegian Excel shows ``1 234,5`` and ``4,3 %``.

The workbook is written directly as Office Open XML (a zip of a few XML parts, strings
inline): about twenty times faster than a general library for the 80 000 cells of a run,
and openpyxl reads it back cell by cell (tested).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from handlingsrom.report.format import Lang
from handlingsrom.report.i18n import t
from handlingsrom.report.model import ReportModel, Table, clean, rounded

NUMBER_FORMATS = {
    "year": "0",
    "int": "#,##0",
    "dec1": "#,##0.0",
    "dec2": "#,##0.00",
    "dec3": "0.000",
    "upto3": "0.000",  # the page trims the zeros; the workbook keeps a fixed format
    "mnok": "#,##0.0",  # stored in millions of kroner; the header says so
    "pct": "0.0",  # stored in percent; the header says so
    "frac": "0.0%",
    "num": "#,##0.0",
}
SCALE = {"mnok": 1e-6}
CONTENTS_HEAD = ("xl_sheet", "xl_table", "xl_csv", "xl_basis", "xl_note")

# Styles: 0 plain, 1 header (bold, fill, wrap), 2 bold, 3 title, then one per number format.
_FORMATS = sorted(set(NUMBER_FORMATS.values()))
_BUILTIN = {"0": 1, "#,##0": 3, "#,##0.00": 4}
_STYLE_OF = {f: 4 + i for i, f in enumerate(_FORMATS)}


def header(table: Table, j: int, lang: Lang) -> str:
    """A column's header: label and unit (money in millions)."""
    c = table.columns[j]
    unit = t("u_mnok", lang) if c.kind == "mnok" else c.unit
    return f"{c.label} ({unit})" if unit else c.label


def cell_value(table: Table, i: int, j: int) -> Any:
    """The value stored in a cell: money in millions, rounded as the CSV files are."""
    v = clean(table.rows[i][j])
    if isinstance(v, bool) or not isinstance(v, int | float):
        return v
    scale = SCALE.get(table.cell_kind(i, j))
    if scale is None:
        return rounded(v) if isinstance(v, float) else v
    return rounded(float(v) * scale)


def _col(j: int) -> str:
    name = ""
    j += 1
    while j:
        j, r = divmod(j - 1, 26)
        name = chr(65 + r) + name
    return name


def _text(ref: str, value: str, style: int = 0) -> str:
    s = f' s="{style}"' if style else ""
    return f'<c r="{ref}" t="inlineStr"{s}><is><t xml:space="preserve">{_esc(value)}</t></is></c>'


def _esc(value: str) -> str:
    # XML 1.0 forbids most control characters; none belong in a report cell.
    clean_text = "".join(ch for ch in value if ch >= " " or ch in "\t\n")
    return escape(clean_text)


def _cell(ref: str, value: Any, kind: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        fmt = NUMBER_FORMATS.get(kind)
        s = f' s="{_STYLE_OF[fmt]}"' if fmt else ""
        return f'<c r="{ref}"{s}><v>{value!r}</v></c>'
    return _text(ref, str(value))


def _sheet(rows: list[list[str]], widths: list[float], frozen: bool, filter_ref: str) -> str:
    parts = [
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    ]
    if frozen:
        parts.append(
            '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" '
            'topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
            '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/>'
            "</sheetView></sheetViews>"
        )
    parts.append(
        "<cols>"
        + "".join(
            f'<col min="{j + 1}" max="{j + 1}" width="{w:.1f}" customWidth="1"/>'
            for j, w in enumerate(widths)
        )
        + "</cols><sheetData>"
    )
    for i, cells in enumerate(rows, start=1):
        parts.append(f'<row r="{i}">' + "".join(cells) + "</row>")
    parts.append("</sheetData>")
    if filter_ref:
        parts.append(f'<autoFilter ref="{filter_ref}"/>')
    parts.append("</worksheet>")
    return "".join(parts)


def _table_sheet(table: Table, lang: Lang) -> tuple[str, str]:
    heads = [header(table, j, lang) for j in range(len(table.columns))]
    letters = [_col(j) for j in range(len(heads))]
    rows = [[_text(f"{letters[j]}1", h, 1) for j, h in enumerate(heads)]]
    for i in range(len(table.rows)):
        r = i + 2
        rows.append(
            [
                _cell(f"{letters[j]}{r}", cell_value(table, i, j), table.cell_kind(i, j))
                for j in range(len(heads))
            ]
        )
    widths = [
        min(
            max(10.0, max([len(h) / 2 + 2] + [len(str(row[j])) for row in table.rows[:200]]) + 2),
            60.0,
        )
        for j, h in enumerate(heads)
    ]
    ref = f"A1:{letters[-1]}{len(table.rows) + 1}" if table.rows else ""
    return _sheet(rows, widths, True, ref), ref


def _contents(model: ReportModel, lang: Lang) -> str:
    rows = [
        [_text("A1", model.meta["title"], 3)],
        [_text("A2", model.meta["subtitle"])],
        [_text("A3", model.meta["vintage"])],
        [_text("A4", t("files_note", lang))],
        [],
    ]
    heads = [t(k, lang) for k in CONTENTS_HEAD]
    rows.append([_text(f"{_col(j)}6", h, 2) for j, h in enumerate(heads)])
    for tid, table in model.tables.items():
        basis = ""
        if table.price_basis:
            year = table.price_basis.split()[-1]
            basis = (
                t("basis_fixed", lang, year=year)
                if table.price_basis.startswith("fixed")
                else t("basis_current", lang)
            )
        r = len(rows) + 1
        values = (table.sheet, table.title, f"tables/{tid}.csv", basis, table.note)
        rows.append([_text(f"{_col(j)}{r}", v) for j, v in enumerate(values) if v])
    return _sheet(rows, [26, 50, 30, 20, 70], False, "")


def _absolute(ref: str) -> str:
    """``A1:H42`` → ``$A$1:$H$42``."""
    return ":".join(re.sub(r"([A-Z]+)(\d+)", r"$\1$\2", part) for part in ref.split(":"))


def _styles() -> str:
    custom = [f for f in _FORMATS if f not in _BUILTIN]
    num_fmts = "".join(
        f'<numFmt numFmtId="{164 + k}" formatCode="{escape(f)}"/>' for k, f in enumerate(custom)
    )
    ids = {f: _BUILTIN.get(f, 164 + custom.index(f) if f in custom else 0) for f in _FORMATS}
    xfs = "".join(
        f'<xf numFmtId="{ids[f]}" fontId="0" fillId="0" borderId="0" applyNumberFormat="1"/>'
        for f in _FORMATS
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<numFmts count="{len(custom)}">{num_fmts}</numFmts>'
        '<fonts count="3"><font><sz val="11"/><name val="Calibri"/></font>'
        '<font><b/><sz val="11"/><name val="Calibri"/></font>'
        '<font><b/><sz val="14"/><name val="Calibri"/></font></fonts>'
        '<fills count="3"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill>'
        '<fill><patternFill patternType="solid"><fgColor rgb="FFDCE6F1"/></patternFill></fill>'
        "</fills>"
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
        "</cellStyleXfs>"
        f'<cellXfs count="{4 + len(_FORMATS)}">'
        '<xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
        '<xf numFmtId="0" fontId="1" fillId="2" borderId="0" applyFont="1" applyFill="1" '
        'applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>'
        '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" applyFont="1"/>'
        '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" applyFont="1"/>'
        f"{xfs}</cellXfs>"
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"
    )


def write_xlsx(model: ReportModel, path: Path) -> None:
    """Write the workbook: a contents sheet, then one sheet per table of the model."""
    lang: Lang = model.meta["lang"]
    names = [t("xl_contents", lang), *(tb.sheet for tb in model.tables.values())]
    sheets = [(_contents(model, lang), "")]
    sheets += [_table_sheet(tb, lang) for tb in model.tables.values()]
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    defined = "".join(
        f'<definedName name="_xlnm._FilterDatabase" localSheetId="{k}" hidden="1">'
        f"'{escape(names[k])}'!{_absolute(ref)}"
        "</definedName>"
        for k, (_, ref) in enumerate(sheets)
        if ref
    )
    workbook = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="{main}" '
        f'xmlns:r="{rel}"><sheets>'
        + "".join(
            f'<sheet name="{escape(n, {chr(34): "&quot;"})}" sheetId="{k + 1}" r:id="rId{k + 1}"/>'
            for k, n in enumerate(names)
        )
        + "</sheets>"
        + (f"<definedNames>{defined}</definedNames>" if defined else "")
        + "</workbook>"
    )
    ws_type = f"{rel}/worksheet"
    wb_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(
            f'<Relationship Id="rId{k + 1}" Type="{ws_type}" Target="worksheets/sheet{k + 1}.xml"/>'
            for k in range(len(names))
        )
        + f'<Relationship Id="rId{len(names) + 1}" Type="{rel}/styles" Target="styles.xml"/>'
        "</Relationships>"
    )
    ct = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{ct}.sheet.main+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{ct}.styles+xml"/>'
        + "".join(
            f'<Override PartName="/xl/worksheets/sheet{k + 1}.xml" '
            f'ContentType="{ct}.worksheet+xml"/>'
            for k in range(len(names))
        )
        + "</Types>"
    )
    root_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as z:
        z.writestr("[Content_Types].xml", types)
        z.writestr("_rels/.rels", root_rels)
        z.writestr("xl/workbook.xml", workbook)
        z.writestr("xl/_rels/workbook.xml.rels", wb_rels)
        z.writestr("xl/styles.xml", _styles())
        for k, (xml, _) in enumerate(sheets):
            z.writestr(f"xl/worksheets/sheet{k + 1}.xml", xml)
