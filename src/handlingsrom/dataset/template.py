"""Fillable dataset templates (CSV and .xlsx) and import of a filled workbook (file I/O).

:func:`new_dataset` writes a folder a planner can fill: ``dataset.toml`` (commented), one CSV
per input kind with its header and an example row, the national tables pre-filled from a
reference dataset (they are the same for every Norwegian municipality), optionally the
municipality's own population from the national files, a ``README.txt`` and
``template.xlsx`` with one sheet per input kind. The parameters start neutral: only those
that are the same for every municipality (national rates, method settings) are taken from
the reference; a municipality's own (``ParamSpec.municipal``: its tax base, its rules and
funds, estimated population levels, per-service settings) are never inherited — the
required ones are left for the user (``validate`` lists them) and the others fall back to
the registry's default (``validate`` warns and names it).

:func:`import_xlsx` turns a filled workbook back into a dataset folder, validates it and
reports problems by sheet and Excel row. Both write to a temporary folder next to the
destination and rename it at the end, so a failure never leaves a half-written folder.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
import tempfile
import textwrap
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font
from openpyxl.utils.exceptions import InvalidFileException

from handlingsrom.dataset import io as dataset_io
from handlingsrom.dataset.kinds import KINDS, KINDS_BY_NAME
from handlingsrom.dataset.model import Dataset, DatasetMeta, Units
from handlingsrom.dataset.schema import Column, InputKind
from handlingsrom.errors import DatasetError, HandlingsromError, Problem
from handlingsrom.params import Parameter, ParamSpec, Registry

README_SHEET = "Read me"
DATASET_SHEET = "dataset"
PARAMETERS_SHEET = "parameters"
WORKBOOK = "template.xlsx"
# Tables that are the same for every Norwegian municipality: pre-filled from the reference.
# Rows of a table with an `area` column are kept only for area `nation`.
NATIONAL_KINDS: tuple[str, ...] = ("mortality", "fertility", "births", "national_population")
PARAMETER_COLUMNS: tuple[tuple[str, str], ...] = (
    ("path", "Dotted path <namespace>.<name>; the namespace is the YAML file's name"),
    ("year", "Year the value takes effect"),
    ("value", "The value (a number, in the unit)"),
    ("unit", "Unit of the value"),
    ("interpolation", "step (value holds until the next year given) or linear"),
    ("source", "Id of the source (see the sources sheet) or a note on the assumption"),
    ("description", "What the parameter means"),
)


# --------------------------------------------------------------------------- new-dataset
@dataclass(frozen=True)
class Municipality:
    """A municipality's own data to pre-fill a template with (from the national files)."""

    number: str
    name: str
    population: pd.DataFrame  # year, age, sex, population, source


def template_parameters(
    reference: Dataset, specs: Iterable[ParamSpec]
) -> tuple[list[Parameter], list[ParamSpec]]:
    """The reference's parameters a new dataset may start from (those declared and the same
    for every municipality), and the declared parameters the user must give or may review
    (the municipality's own: ``ParamSpec.municipal``, not families)."""
    registry = Registry(specs)
    kept = []
    for path, p in reference.parameters.items():
        spec = registry.spec(path)
        if spec is not None and not spec.municipal:
            kept.append(p)
    to_fill = [
        s for s in registry.values() if s.municipal and not s.estimated and not s.placeholders
    ]
    return kept, to_fill


def new_dataset(
    dest: Path,
    reference: Dataset,
    reference_folder: Path,
    specs: Iterable[ParamSpec] = (),
    municipality: Municipality | None = None,
) -> Path:
    """Write a fillable dataset folder at ``dest`` (which must be new or empty).

    ``specs`` (the parameter registry) decide which of the reference's parameters are
    national and copied; with none, no parameter is copied. ``municipality`` pre-fills
    ``population.csv`` and the municipality's number and name."""
    check_destination(dest)
    specs = list(specs)
    tables = {k.name: _template_rows(k, reference) for k in KINDS}
    base_year = reference.meta.base_year
    if municipality is not None:
        tables["population"] = _typed_rows(KINDS_BY_NAME["population"], municipality.population)
        base_year = int(municipality.population["year"].max())
    kept, to_fill = template_parameters(reference, specs)
    used = {
        sid.strip()
        for name in (*NATIONAL_KINDS, "population")
        if name in tables and "source" in tables[name]
        for ids in tables[name]["source"].dropna().astype(str)
        for sid in ids.split("+")
        if sid.strip()
    }
    if "sources" in reference.tables:
        src = reference.tables["sources"]
        cited = used | {  # the sources of the parameters copied from the reference, too
            sid.strip() for p in kept for point in p.points for sid in point.source.split("+")
        }
        tables["sources"] = _typed_rows(KINDS_BY_NAME["sources"], src[src["id"].isin(cited)])
        used &= set(src["id"])
    name = re.sub(r"[^a-z0-9-]+", "-", dest.name.lower()).strip("-") or "my-dataset"
    meta = DatasetMeta.model_construct(  # a template: title and names left for the user
        name=name,
        title="" if municipality is None else f"{municipality.name} {base_year}",
        municipality_number="0000" if municipality is None else municipality.number,
        municipality_name="" if municipality is None else municipality.name,
        base_year=base_year,
        data_vintage="",
        description="",
        sources=sorted(used),
    )

    def write(tmp: Path) -> None:
        (tmp / "dataset.toml").write_text(_commented_toml(meta), encoding="utf-8")
        for kind in KINDS:
            _write_csv(tmp / kind.filename, kind, tables[kind.name])
        (tmp / "parameters").mkdir()
        for namespace, text in parameter_files(kept, to_fill, reference.meta.name).items():
            (tmp / "parameters" / f"{namespace}.yaml").write_text(text, encoding="utf-8")
        (tmp / "README.txt").write_text(_readme(reference, to_fill), encoding="utf-8")
        kept_paths = {p.path for p in kept}
        others = [
            s for s in specs if not s.placeholders and s.path not in kept_paths and s not in to_fill
        ]
        write_workbook(tmp / WORKBOOK, meta, tables, kept, reference, [*to_fill, *others])

    return _write_atomically(dest, write)


def _what_to_fill(spec: ParamSpec) -> str:
    if spec.required:
        return "required: give the municipality's own value"
    if spec.estimated:
        return "estimated from the data unless you set it"
    if spec.default is None:
        return "optional: leave it empty to switch it off"
    return f"the default {_number(spec.default)} is assumed until you set it"


def _number(x: float) -> str:
    return str(int(x)) if float(x).is_integer() and abs(x) < 1e15 else f"{x:g}"


def parameter_files(
    kept: Iterable[Parameter], to_fill: Iterable[ParamSpec], reference: str
) -> dict[str, str]:
    """``parameters/<namespace>.yaml`` texts: the national parameters copied from the
    reference, after a comment listing the municipality's own parameters to fill in."""
    by_ns: dict[str, list[Parameter]] = {}
    for p in kept:
        by_ns.setdefault(p.path.split(".", 1)[0], []).append(p)
    fill: dict[str, list[ParamSpec]] = {}
    for spec in to_fill:
        fill.setdefault(spec.namespace, []).append(spec)
    out: dict[str, str] = {}
    for ns in sorted(set(by_ns) | set(fill)):
        lines = [f"# parameters/{ns}.yaml: time-dated parameters of the {ns} layer."]
        if ns in by_ns:
            lines.append(
                f"# The values below are the same for every municipality, copied from {reference}:"
            )
            lines.append("# review them, or update them to a later year.")
        if ns in fill:
            lines.append("#")
            lines.append("# Your municipality's own parameters (none is copied from another one):")
            for spec in fill[ns]:
                name = spec.path.split(".", 1)[1]
                lines.append(f"#   {name} ({spec.unit}): {spec.description}; {_what_to_fill(spec)}")
            lines.append("# Give one like this:")
            lines.append("#   NAME:")
            lines.append("#     unit: UNIT")
            lines.append("#     values:")
            lines.append("#       2017: {value: 1.0, source: MY-SOURCE}")
        lines.append("")
        for p in by_ns.get(ns, []):
            lines += _parameter_yaml_lines(p)
        out[ns] = "\n".join(lines) + "\n"
    return out


def _parameter_yaml_lines(p: Parameter) -> list[str]:
    name = p.path.split(".", 1)[1]
    out = [f"{name}:"]
    if p.description:
        out.append(f"  description: {json.dumps(p.description, ensure_ascii=False)}")
    if p.unit:
        out.append(f"  unit: {json.dumps(p.unit, ensure_ascii=False)}")
    out.append(f"  interpolation: {p.interpolation}")
    out.append("  values:")
    for pt in p.points:
        source = json.dumps(pt.source, ensure_ascii=False)
        out.append(f"    {pt.year}: {{value: {pt.value!r}, source: {source}}}")
    return out


def _template_rows(kind: InputKind, reference: Dataset) -> pd.DataFrame:
    """The national tables from the reference, else one example row."""
    if kind.name in NATIONAL_KINDS and kind.name in reference.tables:
        t = reference.tables[kind.name]
        if "area" in t.columns:
            t = t[t["area"] == "nation"]
        return _typed_rows(kind, t)
    example = {c.name: _parse_example(c) for c in kind.columns}
    return pd.DataFrame([example], columns=kind.column_names)


def _typed_rows(kind: InputKind, t: pd.DataFrame) -> pd.DataFrame:
    return t.reindex(columns=kind.column_names).reset_index(drop=True)


def _parse_example(col: Column) -> object:
    text = col.example
    if text == "":
        return None
    try:
        if col.type == "int":
            return int(text)
        if col.type == "float":
            return float(text)
    except ValueError:
        return text
    if col.type == "bool":
        return text.lower() in ("true", "1", "yes", "ja")
    return text


def _cell_text(value: object) -> str:
    """A CSV cell for a value from a table or a workbook (whole floats without ``.0``)."""
    if value is None:
        return ""
    if isinstance(value, bool | np.bool_):
        return "true" if value else "false"
    if isinstance(value, float | np.floating):
        number = float(value)
        if np.isnan(number):
            return ""
        if number.is_integer() and abs(number) < 1e15:
            return str(int(number))
        return repr(number)
    if isinstance(value, int | np.integer):
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _write_csv(path: Path, kind: InputKind, rows: pd.DataFrame) -> None:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(kind.column_names)
    for record in rows.itertuples(index=False, name=None):
        writer.writerow([_cell_text(v) for v in record])
    path.write_text(buf.getvalue(), encoding="utf-8")


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(json.dumps(str(v), ensure_ascii=False) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)


def _commented_toml(meta: DatasetMeta) -> str:
    lines = [
        "# dataset.toml: what this dataset is. Fill in the fields, then run",
        "#     handlingsrom validate THIS-FOLDER",
        "# Fields marked (required) must be given; text goes in double quotes.",
        "",
    ]
    for name, info in DatasetMeta.model_fields.items():
        if name == "units":
            continue
        need = "required" if info.is_required() else "optional"
        lines.append(f"# {name} ({need}): {info.description}")
        lines.append(f"{name} = {_toml_value(getattr(meta, name))}")
        lines.append("")
    lines.append("# Units of the tables: amounts in NOK (not NOK 1000), rates as fractions (0.04).")
    lines.append("[units]")
    for name, info in Units.model_fields.items():
        lines.append(f"# {info.description}")
        lines.append(f"{name} = {_toml_value(getattr(meta.units, name))}")
    return "\n".join(lines) + "\n"


def _readme(reference: Dataset, to_fill: Sequence[ParamSpec] = ()) -> str:
    files = ", ".join(KINDS_BY_NAME[k].filename for k in NATIONAL_KINDS if k in KINDS_BY_NAME)
    national = textwrap.fill(
        f"Pre-filled national tables: {files} hold national figures (mortality, fertility, "
        f"births and population of Norway) copied from the dataset {reference.meta.name}. "
        "They are the same for every Norwegian municipality, so keep them (or update them to "
        "a later year). sources.csv lists the sources they and the parameters come from; add "
        "a row for each source of your own figures.",
        88,
    )
    return f"""\
A Handlingsrom dataset template
===============================

Fill this folder in, either as CSV files or in template.xlsx, then check it:

    handlingsrom validate THIS-FOLDER
    handlingsrom import-xlsx template.xlsx NEW-FOLDER   (when you filled the workbook)

dataset.toml     name, municipality number, base year, units and sources (commented).
*.csv            one file per input kind, with its header and an example row. Every column
                 is described in docs/inputs.md and in the workbook's header comments.
parameters/      time-dated parameters (YAML). Those that are the same for every
                 municipality are copied from {reference.meta.name}: review them. Your
                 municipality's own are not copied from anyone (listed below and at the
                 top of each file); population levels (net migration, fertility) are
                 estimated from your population.csv unless you set them.
template.xlsx    the same inputs as a workbook: one sheet per input kind.

{national}
{_fill_text(to_fill)}
Units: amounts in NOK (not NOK 1000); rates and shares as fractions (0.04, not 4);
population counts on 1 January; flows (births, deaths, accounts) for the calendar year.
Files are UTF-8; comma, semicolon or tab separated; a decimal comma is accepted.
"""


def _fill_text(to_fill: Sequence[ParamSpec]) -> str:
    if not to_fill:
        return ""
    lines = ["Your municipality's own parameters (parameters/<namespace>.yaml):"]
    for spec in to_fill:
        lines.append(f"  {spec.path} ({spec.unit}): {_what_to_fill(spec)}")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- workbook
def write_workbook(
    path: Path,
    meta: DatasetMeta,
    tables: dict[str, pd.DataFrame],
    parameters: Iterable[Any],
    reference: Dataset,
    to_fill: Sequence[ParamSpec] = (),
) -> None:
    """``template.xlsx``: a read-me sheet, the dataset fields, one sheet per kind, parameters
    (the national ones with their values, then one empty row for every other parameter of
    the registry: the municipality's own to fill in, the estimated, optional and defaulted
    ones to set if wanted; a row without a value is not imported)."""
    wb = Workbook()
    readme = wb.active
    assert readme is not None
    readme.title = README_SHEET
    for line in [*_readme(reference, to_fill).splitlines(), "", *_sheet_guide()]:
        readme.append([line])
    readme.column_dimensions["A"].width = 100
    bold = Font(bold=True)

    ds = wb.create_sheet(DATASET_SHEET)
    ds.append(["field", "value", "description"])
    for name, info in DatasetMeta.model_fields.items():
        if name == "units":
            for uname, uinfo in Units.model_fields.items():
                ds.append([f"units.{uname}", getattr(meta.units, uname), uinfo.description])
            continue
        value = getattr(meta, name)
        value = ", ".join(value) if isinstance(value, list) else value
        need = "required" if info.is_required() else "optional"
        ds.append([name, value, f"{info.description} ({need})"])
        if name == "municipality_number":
            ds.cell(ds.max_row, 2).number_format = "@"  # keep the leading zero
    _style_header(ds, bold, widths=(22, 40, 70))

    for kind in KINDS:
        ws = wb.create_sheet(kind.name[:31])
        ws.append(kind.column_names)
        for c, cell in zip(kind.columns, ws[1], strict=True):
            need = "required" if c.required else "optional column"
            empty = "; may be empty" if c.nullable else ""
            unit = f"\nUnit: {c.unit}" if c.unit else ""
            text = f"{c.description}{unit}\nExpected: {c.expected()}\n({need}{empty})"
            cell.comment = Comment(text, "handlingsrom", width=300, height=120)
        for record in tables[kind.name].itertuples(index=False, name=None):
            ws.append([_excel_value(v) for v in record])
        _style_header(ws, bold, widths=tuple(max(10, len(n) + 4) for n in kind.column_names))

    ps = wb.create_sheet(PARAMETERS_SHEET)
    ps.append([name for name, _ in PARAMETER_COLUMNS])
    for cell, (_, description) in zip(ps[1], PARAMETER_COLUMNS, strict=True):
        cell.comment = Comment(description, "handlingsrom", width=300, height=80)
    for p in parameters:
        for point in p.points:
            ps.append(
                [
                    p.path,
                    point.year,
                    point.value,
                    p.unit,
                    p.interpolation,
                    point.source,
                    p.description,
                ]
            )
    for spec in to_fill:
        ps.append(
            [
                spec.path,
                None,
                None,
                spec.unit,
                "step",
                None,
                f"{spec.description} ({_what_to_fill(spec)})",
            ]
        )
    _style_header(ps, bold, widths=(36, 8, 14, 16, 14, 20, 60))
    wb.save(path)


def _sheet_guide() -> list[str]:
    lines = ["Sheets", "------", f"{DATASET_SHEET}: the fields of dataset.toml (one per row)."]
    for kind in KINDS:
        need = "required" if kind.required else "optional"
        lines.append(f"{kind.name[:31]}: {kind.title} ({kind.filename}, {need}).")
    lines.append(
        f"{PARAMETERS_SHEET}: time-dated parameters, one row per parameter and year "
        "(written to parameters/<namespace>.yaml); the rows without a value are your "
        "municipality's own parameters to fill in (a row left without a value is skipped)."
    )
    lines.append("Hover over a header cell to see the column's description, unit and range.")
    return lines


def _excel_value(value: object) -> object:
    if value is None:
        return None
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating | float):
        return None if np.isnan(value) else float(value)
    return value


def _style_header(ws: Any, bold: Font, widths: Sequence[int]) -> None:
    for cell in ws[1]:
        cell.font = bold
        cell.alignment = Alignment(vertical="top")
    ws.freeze_panes = "A2"
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[ws.cell(1, i).column_letter].width = width


# --------------------------------------------------------------------------- import-xlsx
def import_xlsx(file: Path, dest: Path) -> Path:
    """Turn a filled workbook into a dataset folder at ``dest`` and validate it.

    Raises :class:`DatasetError` with problems located by sheet and Excel row, and leaves
    nothing at ``dest`` when the workbook is not a valid dataset.
    """
    check_destination(dest)
    if not file.is_file():
        raise HandlingsromError(f"{file}: no such workbook")
    try:
        wb = load_workbook(file, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as e:
        raise HandlingsromError(f"{file}: expected an .xlsx workbook, found {e}") from None
    try:
        sheets = {ws.title: list(ws.iter_rows(values_only=True)) for ws in wb.worksheets}
    finally:
        wb.close()

    problems: list[Problem] = []
    # file in the folder -> (sheet label, {line in the file: row in the sheet})
    where: dict[str, tuple[str, dict[int, int]]] = {}
    fields: dict[str, int] = {}  # dataset.toml field -> row in the dataset sheet

    def write(tmp: Path) -> None:
        for title, rows in sheets.items():
            label = f"{title} (sheet)"
            if title in (README_SHEET, "Les meg"):
                continue
            if title == DATASET_SHEET:
                text, field_rows = _dataset_toml(rows)
                (tmp / "dataset.toml").write_text(text, encoding="utf-8")
                where["dataset.toml"] = (label, {})
                fields.update(field_rows)
            elif title == PARAMETERS_SHEET:
                for name, (text, lines) in _parameter_yaml(rows, label, problems).items():
                    (tmp / "parameters").mkdir(exist_ok=True)
                    (tmp / "parameters" / f"{name}.yaml").write_text(text, encoding="utf-8")
                    where[f"parameters/{name}.yaml"] = (label, lines)
            elif title in KINDS_BY_NAME:
                kind = KINDS_BY_NAME[title]
                text, lines = _sheet_csv(rows)
                (tmp / kind.filename).write_text(text, encoding="utf-8")
                where[kind.filename] = (label, lines)
            else:
                known = [README_SHEET, DATASET_SHEET, *KINDS_BY_NAME, PARAMETERS_SHEET]
                problems.append(
                    Problem(
                        label,
                        None,
                        None,
                        "only the sheets " + ", ".join(known),
                        f"an unknown sheet {title!r}",
                    )
                )
        if DATASET_SHEET not in sheets:
            problems.append(
                Problem(
                    f"{DATASET_SHEET} (sheet)",
                    None,
                    None,
                    f"a sheet {DATASET_SHEET!r} with the fields of dataset.toml",
                    "no such sheet",
                )
            )
        for problem in dataset_io.validate_folder(tmp):
            if problem.file == "dataset.toml" and DATASET_SHEET not in sheets:
                continue  # reported above as a missing sheet
            problems.append(_locate(problem, where, fields))
        if problems:
            raise DatasetError(str(file), problems)

    return _write_atomically(dest, write)


def _locate(
    problem: Problem,
    where: dict[str, tuple[str, dict[int, int]]],
    field_rows: dict[str, int],
) -> Problem:
    """A problem in a written file, moved to the sheet and Excel row it came from."""
    file = problem.file
    if file not in where:
        by_file = {k.filename: k.name for k in KINDS}
        if file in by_file:
            name = by_file[file]
            return Problem(f"{name} (sheet)", None, None, f"a sheet {name!r}", "no such sheet")
        return problem
    label, lines = where[file]
    row = problem.row
    if file == "dataset.toml":
        row = field_rows.get(problem.column or "")
    elif row is not None:
        row = lines.get(row, row)
    return Problem(label, row, problem.column, problem.expected, problem.found)


def _sheet_csv(rows: list[tuple[Any, ...]]) -> tuple[str, dict[int, int]]:
    """CSV text of a kind's sheet, and the map from CSV line to Excel row."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    lines: dict[int, int] = {}
    if not rows:
        return "", lines
    header = [_cell_text(v).strip() for v in rows[0]]
    while header and header[-1] == "":
        header.pop()
    writer.writerow(header)
    lines[1] = 1
    line = 1
    for excel_row, values in enumerate(rows[1:], start=2):
        cells = [_cell_text(v) for v in values]
        while len(cells) > len(header) and cells[-1].strip() == "":
            cells.pop()
        cells += [""] * (len(header) - len(cells))  # a short row: its last cells are empty
        if not any(c.strip() for c in cells):
            continue
        writer.writerow([c.replace("\r\n", " ").replace("\n", " ") for c in cells])
        line += 1
        lines[line] = excel_row
    return buf.getvalue(), lines


def _dataset_toml(rows: list[tuple[Any, ...]]) -> tuple[str, dict[str, int]]:
    """dataset.toml text from the dataset sheet, and the Excel row of each field."""
    top: list[str] = []
    units: list[str] = []
    lines: dict[str, int] = {}
    for excel_row, values in enumerate(rows[1:], start=2):
        if not values or values[0] is None:
            continue
        field = str(values[0]).strip()
        value = values[1] if len(values) > 1 else None
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        if field == "municipality_number" and isinstance(value, int | float):
            value = f"{int(value):04d}"  # Excel drops the leading zero of a number
        elif field == "sources":
            value = [s.strip() for s in str(value).split(",") if s.strip()]
        elif isinstance(value, float) and value.is_integer():
            value = int(value)
        elif isinstance(value, str):
            value = value.strip()
        key = field.removeprefix("units.")
        target = units if field.startswith("units.") else top
        target.append(f"{json.dumps(key) if not _bare(key) else key} = {_toml_value(value)}")
        lines[field] = excel_row
    text = "\n".join(top) + "\n"
    if units:
        text += "\n[units]\n" + "\n".join(units) + "\n"
    return text, lines


def _bare(key: str) -> bool:
    return re.fullmatch(r"[A-Za-z0-9_-]+", key) is not None


def _parameter_yaml(
    rows: list[tuple[Any, ...]], label: str, problems: list[Problem]
) -> dict[str, tuple[str, dict[int, int]]]:
    """YAML text per namespace from the parameters sheet, with YAML line -> Excel row."""
    if not rows:
        return {}
    header = [_cell_text(v).strip() for v in rows[0]]
    missing = [n for n, _ in PARAMETER_COLUMNS[:3] if n not in header]
    for name in missing:
        problems.append(
            Problem(label, 1, name, f"a column {name!r}", "no such column"),
        )
    if missing:
        return {}
    idx = {h: i for i, h in enumerate(header)}
    # namespace -> name -> {fields, points: [(excel row, year, value, source)]}
    params: dict[str, dict[str, dict[str, Any]]] = {}
    for excel_row, values in enumerate(rows[1:], start=2):

        def get(col: str, values: tuple[Any, ...] = values) -> Any:
            i = idx.get(col)
            return values[i] if i is not None and i < len(values) else None

        path = get("path")
        if path is None or not str(path).strip():
            if any(v is not None and str(v).strip() for v in values):
                problems.append(Problem(label, excel_row, "path", "a path such as a.b", "nothing"))
            continue
        path = str(path).strip()
        if "." not in path:
            problems.append(
                Problem(label, excel_row, "path", "a path <namespace>.<name>", repr(path))
            )
            continue
        value = get("value")
        if value is None or (isinstance(value, str) and not value.strip()):
            continue  # a parameter to fill in that was left empty: not set
        namespace, name = path.split(".", 1)
        spec = params.setdefault(namespace, {}).setdefault(name, {"row": excel_row, "points": []})
        for field in ("unit", "interpolation", "description"):
            if get(field) is not None and str(get(field)).strip():
                spec.setdefault(field, str(get(field)).strip())
        spec["points"].append((excel_row, get("year"), get("value"), get("source")))

    out: dict[str, tuple[str, dict[int, int]]] = {}
    for namespace, specs in params.items():
        text: list[str] = []
        lines: dict[int, int] = {}
        for name, spec in specs.items():
            text.append(f"{name}:")
            lines[len(text)] = spec["row"]
            for field in ("description", "unit", "interpolation"):
                if field in spec:
                    text.append(f"  {field}: {json.dumps(spec[field], ensure_ascii=False)}")
                    lines[len(text)] = spec["row"]
            text.append("  values:")
            lines[len(text)] = spec["row"]
            for excel_row, year, value, source in spec["points"]:
                y = _yaml_scalar(year, int)
                v = _yaml_scalar(value, float)
                s = json.dumps("" if source is None else str(source), ensure_ascii=False)
                text.append(f"    {y}: {{value: {v}, source: {s}}}")
                lines[len(text)] = excel_row
        out[namespace] = ("\n".join(text) + "\n", lines)
    return out


def _yaml_scalar(value: object, kind: Callable[[Any], Any]) -> str:
    """A number as YAML; anything else quoted, so that the validator names it."""
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, int | float):
        if kind is int and float(value).is_integer():
            return str(int(value))
        return repr(float(value)) if kind is float else repr(value)
    text = str(value).strip().replace("\u00a0", "").replace(" ", "")
    try:
        return str(int(text)) if kind is int else repr(float(text.replace(",", ".")))
    except ValueError:
        return json.dumps(str(value), ensure_ascii=False)


# --------------------------------------------------------------------------- folders
def check_destination(dest: Path) -> None:
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        what = "a folder with files in it" if dest.is_dir() else "a file"
        raise HandlingsromError(
            f"{dest}: expected a new or empty folder, found {what} (nothing was overwritten)"
        )


def _write_atomically(dest: Path, write: Callable[[Path], None]) -> Path:
    """Run ``write`` on a temporary folder next to ``dest``; rename it to ``dest`` on success."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".tmp"))
    try:
        write(tmp)
        if dest.exists():
            dest.rmdir()  # empty (checked before)
        tmp.rename(dest)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return dest
