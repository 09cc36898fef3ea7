"""Reading dataset folders from disk (the I/O edge of the dataset boundary)."""

from __future__ import annotations

import csv
import io
import math
import os
import re
import tempfile
import tomllib
from dataclasses import replace
from pathlib import Path
from typing import Any

import pandas as pd
import yaml
from pydantic import ValidationError

from handlingsrom.dataset.checks import DATASET_CHECKS
from handlingsrom.dataset.kinds import KINDS
from handlingsrom.dataset.model import Dataset, DatasetMeta, describe_field
from handlingsrom.dataset.schema import InputKind
from handlingsrom.dataset.validate import check_header, convert_table
from handlingsrom.errors import DatasetError, HandlingsromError, Problem
from handlingsrom.params import Parameter, ParameterSet, ValuePoint


# --------------------------------------------------------------------------- embedded data
def embedded_root() -> Path:
    return Path(__file__).parents[1] / "datasets"


def default_dataset() -> str:
    """The name of the default embedded dataset (``datasets/datasets.toml: default``)."""
    index = embedded_root() / "datasets.toml"
    try:
        return str(tomllib.loads(index.read_text(encoding="utf-8"))["default"])
    except (OSError, KeyError, tomllib.TOMLDecodeError) as e:
        raise HandlingsromError(f"{index}: cannot read the default dataset ({e})") from None


def embedded_datasets() -> dict[str, Path]:
    """Name -> folder of every dataset shipped inside the package."""
    root = embedded_root()
    return {
        p.name: p for p in sorted(root.iterdir()) if p.is_dir() and (p / "dataset.toml").exists()
    }


def resolve(dataset: str | None = None, data: str | Path | None = None) -> Path:
    """The folder of ``--data PATH`` or of the embedded ``--dataset NAME`` (default: the
    default embedded dataset)."""
    if data is not None and dataset is not None:
        raise HandlingsromError("give either --dataset or --data, not both")
    if data is not None:
        path = Path(data)
        if not path.exists():
            raise HandlingsromError(f"{path}: no such dataset folder")
        if not path.is_dir():
            raise HandlingsromError(f"{path}: expected a dataset folder, found a file")
        return path
    name = dataset or default_dataset()
    found = embedded_datasets()
    if name not in found:
        raise HandlingsromError(
            f"unknown dataset {name!r}; embedded datasets: {', '.join(found) or 'none'}"
        )
    return found[name]


def load(dataset: str | None = None, data: str | Path | None = None) -> Dataset:
    """Load and validate a dataset; raise :class:`DatasetError` with every problem found."""
    return load_folder(resolve(dataset, data))


# --------------------------------------------------------------------------- outputs
def check_writable(folder: Path) -> None:
    """Raise unless files can be created in ``folder`` (created if missing): its nearest
    existing ancestor must be a folder this process can write in. The test creates and
    removes an empty temporary folder, so it sees read-only file systems too."""
    folder = folder.absolute()
    existing = folder
    while not existing.exists():
        existing = existing.parent
    if not existing.is_dir():
        raise HandlingsromError(f"{folder}: cannot create a folder here ({existing} is a file)")
    try:
        probe = tempfile.mkdtemp(prefix=".handlingsrom-probe-", dir=existing)
    except OSError as e:
        raise HandlingsromError(
            f"{folder}: cannot write here ({e.strerror or e}); choose another place"
        ) from None
    os.rmdir(probe)


# --------------------------------------------------------------------------- folders
MAX_PROBLEMS = 200  # a dataset with more problems is reported in part (with the count)


def load_folder(folder: Path) -> Dataset:
    """Read and validate every file of the dataset at ``folder``.

    Raises :class:`DatasetError` with every problem found (at most :data:`MAX_PROBLEMS`
    listed, then one line with the number left out).
    """
    problems: list[Problem] = []
    meta = _read_meta(folder, problems)
    tables: dict[str, pd.DataFrame] = {}
    for kind in KINDS:
        path = folder / kind.filename
        if not path.exists():
            if kind.required:
                problems.append(
                    Problem(
                        kind.filename,
                        None,
                        None,
                        f"a file {kind.filename} ({kind.title})",
                        "no such file",
                    )
                )
            continue
        table, table_problems = read_table(kind, path)
        problems.extend(table_problems)
        if table is not None and not table_problems:
            tables[kind.name] = table
    problems.extend(_unknown_files(folder))
    parameters = _read_parameters(folder, problems)
    scenarios = _read_scenarios(folder, problems)
    if meta is not None and not problems:
        for check in DATASET_CHECKS:
            problems.extend(_with_toml_line(p, folder) for p in check(meta, tables))
    if problems or meta is None:
        raise DatasetError(str(folder), cap_problems(problems, str(folder)), total=len(problems))
    return Dataset(
        meta=meta, tables=tables, parameters=parameters, origin=str(folder), scenarios=scenarios
    )


def _read_scenarios(folder: Path, problems: list[Problem]) -> dict[str, str]:
    """The texts of ``scenarios/*.toml`` by file stem (parsed by the scenarios layer)."""
    sdir = folder / "scenarios"
    out: dict[str, str] = {}
    if not sdir.is_dir():
        return out
    for path in sorted(sdir.glob("*.toml")):
        text, decode_problems = read_text(path, f"scenarios/{path.name}")
        problems.extend(decode_problems)
        if text is not None:
            out[path.stem] = text
    return out


def cap_problems(problems: list[Problem], source: str, limit: int | None = None) -> list[Problem]:
    """The first ``limit`` (default :data:`MAX_PROBLEMS`) problems, and a last one saying how
    many more there were."""
    limit = MAX_PROBLEMS if limit is None else limit
    if len(problems) <= limit:
        return problems
    more = len(problems) - limit
    return [
        *problems[:limit],
        Problem(source, None, None, f"at most {limit} problems listed", f"{more} more"),
    ]


def _unknown_files(folder: Path) -> list[Problem]:
    """A CSV file that is no input kind is most likely a misspelt name: say so."""
    known = {k.filename for k in KINDS}
    problems: list[Problem] = []
    for path in sorted(folder.glob("*.csv")):
        if path.name not in known:
            problems.append(
                Problem(
                    path.name,
                    None,
                    None,
                    "only the files " + ", ".join(sorted(known)),
                    f"an unknown file {path.name!r}",
                )
            )
    return problems


def validate_folder(folder: Path) -> list[Problem]:
    """Every problem in the dataset at ``folder``; empty when it is valid."""
    try:
        load_folder(folder)
    except DatasetError as e:
        return e.problems
    return []


_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


def _read_meta(folder: Path, problems: list[Problem]) -> DatasetMeta | None:
    file = "dataset.toml"
    path = folder / file
    if not path.exists():
        problems.append(
            Problem(
                file,
                None,
                None,
                "a dataset.toml with name, municipality and base year",
                "no such file",
            )
        )
        return None
    text, decode_problems = read_text(path, file)
    if text is None:
        problems.extend(decode_problems)
        return None
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        message = str(e)
        where = _TOML_POSITION.search(message)
        line = int(where.group(1)) if where else None
        message = _TOML_POSITION.sub("", message).strip()
        message = message[:1].lower() + message[1:]
        problems.append(Problem(file, line, None, "valid TOML", message))
        return None
    meta, meta_problems = parse_meta(raw, text)
    problems.extend(meta_problems)
    return meta


def parse_meta(raw: dict[str, Any], text: str = "") -> tuple[DatasetMeta | None, list[Problem]]:
    """Validate the parsed ``dataset.toml``; problems name the field and, if found, its line."""
    try:
        return DatasetMeta.model_validate(raw), []
    except ValidationError as e:
        problems: list[Problem] = []
        for err in e.errors():
            loc = [str(p) for p in err["loc"]]
            field = ".".join(loc)
            expected = describe_field(loc, err["type"], err["msg"])
            found = "nothing" if err["type"] == "missing" else repr(err.get("input"))
            problems.append(
                Problem("dataset.toml", _toml_line(text, loc[-1]), field, expected, found)
            )
        return None, problems


def _with_toml_line(problem: Problem, folder: Path) -> Problem:
    """A dataset check's problem with a dataset.toml field, given the line of the field."""
    if problem.file != "dataset.toml" or problem.row is not None or not problem.column:
        return problem
    text = (folder / "dataset.toml").read_text(encoding="utf-8-sig")
    line = _toml_line(text, problem.column.split(".")[-1])
    return problem if line is None else replace(problem, row=line)


def _toml_line(text: str, key: str) -> int | None:
    pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
    for n, line in enumerate(text.splitlines(), start=1):
        if pattern.match(line):
            return n
    return None


# --------------------------------------------------------------------------- CSV
def read_text(path: Path, file: str) -> tuple[str | None, list[Problem]]:
    """The text of a dataset file, or the problem that kept it from being read."""
    try:
        data = path.read_bytes()
    except OSError as e:
        return None, [Problem(file, None, None, "a readable file", str(e.strerror or e))]
    return decode(data, file)


def decode(data: bytes, file: str) -> tuple[str | None, list[Problem]]:
    """UTF-8 (with or without BOM), or a problem naming the line of the first bad byte."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [Problem(file, 1, None, "UTF-8 text", "UTF-16 text (save the file as UTF-8)")]
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        byte = data[e.start]
        hint = " (looks like Latin-1/Windows-1252: save the file as UTF-8)" if byte >= 0x80 else ""
        return None, [Problem(file, line, None, "UTF-8 text", f"byte 0x{byte:02x}{hint}")]


def parse_csv(text: str, file: str) -> tuple[list[str], list[tuple[int, list[str]]], list[Problem]]:
    """Header and rows (with their line numbers). Comma, semicolon or tab separated.

    Blank lines are skipped. Empty columns at the right end of the header (as spreadsheet
    programs sometimes write them) are dropped when their cells are empty too.
    """
    problems: list[Problem] = []
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max((",", ";", "\t"), key=first.count)  # the most frequent; comma on ties
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    try:
        for cells in reader:
            if header is None:
                if not any(c.strip() for c in cells):
                    continue
                header = [c.strip() for c in cells]
                while header and header[-1] == "":
                    header.pop()
                continue
            if not "".join(cells).strip():
                continue  # blank lines are allowed
            line = reader.line_num
            while len(cells) > len(header) and cells[-1].strip() == "":
                cells = cells[:-1]
            if len(cells) != len(header):
                problems.append(
                    Problem(
                        file,
                        line,
                        None,
                        f"{len(header)} fields as in the header",
                        f"{len(cells)} fields",
                    )
                )
                continue
            rows.append((line, cells))
    except csv.Error as e:  # e.g. a field longer than the csv module's limit
        problems.append(Problem(file, reader.line_num, None, "CSV text", str(e)))
    return header or [], rows, problems


def read_table(kind: InputKind, path: Path) -> tuple[pd.DataFrame | None, list[Problem]]:
    file = path.name
    text, problems = read_text(path, file)
    if text is None:
        return None, problems
    header, rows, problems = parse_csv(text, file)
    if not header:
        return None, [
            Problem(
                file,
                None,
                None,
                "a header row with the columns " + ", ".join(kind.column_names),
                "an empty file",
            )
        ]
    problems = check_header(kind, header, file) + problems
    if problems:
        return None, problems
    if not rows:
        return None, [Problem(file, None, None, "at least one data row", "only the header")]
    raw = pd.DataFrame([cells for _, cells in rows], columns=header, dtype=object)
    raw["_row"] = [line for line, _ in rows]
    typed, problems = convert_table(kind, raw, file)
    return typed, problems  # `_row` (line in the file) is kept for later cross-checks


# --------------------------------------------------------------------------- parameters
class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """A YAML loader that remembers the line of every mapping key."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    mapping: dict[Any, Any] = {}
    lines: dict[Any, int] = {}
    duplicates: list[tuple[Any, int, int]] = []
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node)  # type: ignore[no-untyped-call]
        line = key_node.start_mark.line + 1
        if key in lines:
            duplicates.append((key, line, lines[key]))
            continue
        mapping[key] = loader.construct_object(value_node, deep=True)  # type: ignore[no-untyped-call]
        lines[key] = line
    mapping["__lines__"] = lines
    if duplicates:
        mapping["__duplicates__"] = duplicates
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _read_parameters(folder: Path, problems: list[Problem]) -> ParameterSet:
    """Every ``parameters/<namespace>.yaml``: ``name: {description, unit, values: {year: …}}``."""
    pdir = folder / "parameters"
    params: list[Parameter] = []
    if not pdir.is_dir():
        return ParameterSet()
    for path in sorted(pdir.glob("*.yaml")):
        file = f"parameters/{path.name}"
        text, decode_problems = read_text(path, file)
        if text is None:
            problems.extend(decode_problems)
            continue
        params.extend(parse_parameters(text, path.stem, file, problems))
    try:
        return ParameterSet(params)
    except HandlingsromError as e:
        problems.append(Problem("parameters", None, None, "each parameter once", str(e)))
        return ParameterSet()


def parse_parameters(
    text: str, namespace: str, file: str, problems: list[Problem]
) -> list[Parameter]:
    try:
        doc = yaml.load(text, Loader=_LineLoader)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        problems.append(
            Problem(
                file,
                mark.line + 1 if mark else None,
                None,
                "valid YAML",
                str(getattr(e, "problem", e)),
            )
        )
        return []
    if doc is None:
        return []
    if not isinstance(doc, dict):
        problems.append(Problem(file, 1, None, "a mapping of parameter names", type(doc).__name__))
        return []
    out: list[Parameter] = []
    lines = doc.pop("__lines__", {})
    _report_duplicates(doc, file, namespace, "each parameter once", problems)
    for name, spec in doc.items():
        line = lines.get(name)
        path = f"{namespace}.{name}"
        if not isinstance(spec, dict) or "values" not in spec:
            problems.append(
                Problem(file, line, path, "a mapping with description, unit and values", repr(spec))
            )
            continue
        spec_lines = spec.pop("__lines__", {})
        _report_duplicates(spec, file, path, "each field once", problems)
        unknown = set(spec) - {"description", "unit", "values", "interpolation", "source"}
        for key in sorted(unknown):
            problems.append(
                Problem(
                    file,
                    spec_lines.get(key, line),
                    f"{path}.{key}",
                    "only description, unit, values, interpolation, source",
                    repr(key),
                )
            )
        values = spec["values"]
        if not isinstance(values, dict):
            problems.append(
                Problem(
                    file,
                    spec_lines.get("values", line),
                    f"{path}.values",
                    "a mapping of year: value",
                    repr(values),
                )
            )
            continue
        vlines = values.pop("__lines__", {})
        _report_duplicates(values, file, f"{path}.values", "each year once", problems)
        default_source = str(spec.get("source", ""))
        points: list[ValuePoint] = []
        for year, v in values.items():
            vline = vlines.get(year, line)
            if not isinstance(year, int) or not 1800 <= year <= 2200:
                problems.append(
                    Problem(file, vline, f"{path}.values", "a year such as 2017", repr(year))
                )
                continue
            source = default_source
            if isinstance(v, dict):
                v.pop("__lines__", None)
                v.pop("__duplicates__", None)
                source = str(v.get("source", default_source))
                v = v.get("value")
            if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
                unit = spec.get("unit", "")
                problems.append(
                    Problem(
                        file,
                        vline,
                        f"{path}.values.{year}",
                        f"a number{f' ({unit})' if unit else ''}",
                        repr(v),
                    )
                )
                continue
            points.append(ValuePoint(year, float(v), source, line=vline))
        interpolation = spec.get("interpolation", "step")
        if interpolation not in ("step", "linear"):
            problems.append(
                Problem(
                    file,
                    spec_lines.get("interpolation", line),
                    f"{path}.interpolation",
                    "step or linear",
                    repr(interpolation),
                )
            )
            continue
        if not values and not vlines:
            problems.append(
                Problem(
                    file,
                    spec_lines.get("values", line),
                    f"{path}.values",
                    "at least one year: value",
                    "none",
                )
            )
        if points:
            out.append(
                Parameter(
                    path=path,
                    points=tuple(points),
                    unit=str(spec.get("unit", "")),
                    description=str(spec.get("description", "")),
                    interpolation=interpolation,
                    origin=file,
                    line=line,
                )
            )
    return out


def _report_duplicates(
    mapping: dict[Any, Any], file: str, prefix: str, expected: str, problems: list[Problem]
) -> None:
    """Report the keys that a YAML mapping repeats (YAML itself would keep the last silently)."""
    for key, line, first in mapping.pop("__duplicates__", []):
        problems.append(
            Problem(
                file, line, f"{prefix}.{key}", expected, f"a second {key!r} (first at line {first})"
            )
        )
