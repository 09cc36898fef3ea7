"""Scenarios as data: time-dated overrides over the baseline, parsed from TOML text (pure).

A scenario keeps **assumptions** (what we expect to happen: population, interest, wage and
price growth, tax growth, grants) apart from **decisions** (what the council decides:
measures, investments, fees). Both sections hold the same two kinds of change:

- parameter overrides, keyed by a dotted parameter path (``"economy.interest_rate"``), in
  one of the forms ``0.03`` (a constant for every year), ``{2018 = 0.03, 2020 = 0.04}``
  (dated values), ``{set = 0.03, from = 2018, to = 2020}``, ``{add = 0.02, from = 2018}``,
  ``{scale = 0.96, from = 2018, ramp_years = 20}``;
- table changes, keyed by an input kind without a dot (``measures``): ``add`` rows,
  ``remove`` rows matching some columns, ``update`` rows (``where`` + ``set``).

The format is documented in ``docs/scenarios.md``. Reading the file is the shell's job;
this module parses its text. Scenarios combine with :func:`combine` (``a+b``: later wins).
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from handlingsrom.errors import Problem, ScenarioError

Category = Literal["assumption", "decision"]
TableAction = Literal["add", "remove", "update"]

_TOP_KEYS = ("name", "title", "description", "source", "kind", "assumptions", "decisions")
_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.+-]*$")
_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")
_FORM_KEYS = {"set", "add", "scale", "from", "to", "ramp_years"}


class ScenarioFileError(ScenarioError):
    """A scenario file (or a scenario applied to a dataset) has problems; lists them all."""

    def __init__(self, source: str, problems: Sequence[Problem]):
        self.source = source
        self.problems = list(problems)
        n = len(self.problems)
        shown = "; ".join(str(p) for p in self.problems[:3])
        more = f" (and {n - 3} more)" if n > 3 else ""
        super().__init__(f"scenario {source} has {n} problem{'s' if n != 1 else ''}: {shown}{more}")


@dataclass(frozen=True)
class ParamOverride:
    """One change of a time-dated parameter.

    ``form`` is ``values`` (dated points in ``values``), ``set``, ``add`` or ``scale`` (with
    ``amount``, applied to the years ``start``..``end``; ``None`` = from the first year /
    without end). With ``ramp_years`` the effect grows linearly over that many years
    (1/n of ``amount`` in the first year) and then stays.
    """

    path: str
    category: Category
    form: Literal["values", "set", "add", "scale"]
    values: tuple[tuple[int, float], ...] = ()
    amount: float = 0.0
    start: int | None = None
    end: int | None = None
    ramp_years: int | None = None
    file: str = ""
    line: int | None = None


@dataclass(frozen=True)
class TableChange:
    """One change of a table: add a row, remove matching rows or update matching rows."""

    kind: str
    category: Category
    action: TableAction
    row: tuple[tuple[str, Any], ...] = ()  # add: the row; update: the new values
    where: tuple[tuple[str, Any], ...] = ()  # remove/update: columns that must match
    file: str = ""
    line: int | None = None
    field_lines: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class Scenario:
    """A named set of overrides. The empty scenario (no changes) is the baseline."""

    name: str = "baseline"
    title: str = ""
    description: str = ""
    source: str = ""
    kind: str = ""
    parameters: tuple[ParamOverride, ...] = ()
    tables: tuple[TableChange, ...] = ()
    file: str = ""

    @property
    def is_empty(self) -> bool:
        return not self.parameters and not self.tables

    def changes(self) -> tuple[ParamOverride | TableChange, ...]:
        out: list[ParamOverride | TableChange] = [*self.parameters, *self.tables]
        return tuple(out)

    def assumptions(self) -> tuple[ParamOverride | TableChange, ...]:
        """The changes of the ``[assumptions]`` section."""
        return tuple(c for c in self.changes() if c.category == "assumption")

    def decisions(self) -> tuple[ParamOverride | TableChange, ...]:
        """The changes of the ``[decisions]`` section."""
        return tuple(c for c in self.changes() if c.category == "decision")


BASELINE = Scenario()


def combine(*scenarios: Scenario) -> Scenario:
    """One scenario applying each of ``scenarios`` in turn (later wins on the same item).

    Its name joins the names with ``+`` (``baseline`` parts are left out), so a combination
    has a stable id; combining nothing (or only baselines) gives the baseline.
    """
    parts = [s for s in scenarios if not (s.is_empty and s.name == "baseline")]
    if not parts:
        return BASELINE
    if len(parts) == 1:
        return parts[0]
    return Scenario(
        name="+".join(s.name for s in parts),
        title=" + ".join(s.title or s.name for s in parts),
        description=" Then: ".join(s.description for s in parts if s.description),
        source="+".join(dict.fromkeys(s.source for s in parts if s.source)),
        kind="combined",
        parameters=tuple(p for s in parts for p in s.parameters),
        tables=tuple(t for s in parts for t in s.tables),
        file="+".join(s.file for s in parts if s.file),
    )


# --------------------------------------------------------------------------- parsing
def parse_scenario(text: str, file: str, default_name: str | None = None) -> Scenario:
    """Parse the TOML text of a scenario file; raise :class:`ScenarioFileError` on problems.

    Only the form of the file is checked here; :func:`handlingsrom.scenarios.apply` checks
    the parameter paths, tables and columns against a dataset.
    """
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        message = str(e)
        where = _TOML_POSITION.search(message)
        line = int(where.group(1)) if where else None
        message = _TOML_POSITION.sub("", message).strip()
        raise ScenarioFileError(file, [Problem(file, line, None, "valid TOML", message)]) from None
    return _parse_doc(doc, file, default_name, _Lines(text))


def parse_scenario_data(doc: Any, file: str, default_name: str | None = None) -> Scenario:
    """Parse a scenario given as data (the TOML file's tables as a dict, e.g. from JSON).

    The same checks as :func:`parse_scenario`; problems carry no line numbers.
    """
    if not isinstance(doc, dict):
        raise ScenarioFileError(
            file, [Problem(file, None, None, "a table (object) of scenario keys", repr(doc))]
        )
    return _parse_doc(doc, file, default_name, _Lines(""))


def _parse_doc(doc: dict[str, Any], file: str, default_name: str | None, lines: _Lines) -> Scenario:
    problems: list[Problem] = []
    for key in doc:
        if key not in _TOP_KEYS:
            problems.append(
                Problem(
                    file,
                    lines.key(key),
                    key,
                    "only the keys " + ", ".join(_TOP_KEYS),
                    f"unknown key {key!r}",
                )
            )
    meta: dict[str, str] = {}
    for key in ("name", "title", "description", "source", "kind"):
        value = doc.get(key, "")
        if not isinstance(value, str):
            problems.append(Problem(file, lines.key(key), key, "text", repr(value)))
            value = ""
        meta[key] = value
    name = meta["name"] or default_name or ""
    if not name or not _NAME_RE.match(name):
        problems.append(
            Problem(
                file,
                lines.key("name"),
                "name",
                "a short name of letters, digits, '-', '_' or '.'",
                repr(name) if name else "nothing",
            )
        )
    params: list[ParamOverride] = []
    tables: list[TableChange] = []
    for section, category in (("assumptions", "assumption"), ("decisions", "decision")):
        body = doc.get(section, {})
        if not isinstance(body, dict):
            problems.append(
                Problem(file, lines.key(section), section, "a table", type(body).__name__)
            )
            continue
        for key, spec in body.items():
            if "." in key:
                override = _parse_override(key, spec, category, file, lines, problems)  # type: ignore[arg-type]
                if override is not None:
                    params.append(override)
            else:
                tables.extend(
                    _parse_table_changes(section, key, spec, category, file, lines, problems)  # type: ignore[arg-type]
                )
    if problems:
        raise ScenarioFileError(file, problems)
    return Scenario(
        name=name,
        title=meta["title"],
        description=meta["description"],
        source=meta["source"],
        kind=meta["kind"],
        parameters=tuple(params),
        tables=tuple(tables),
        file=file,
    )


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if not math.isfinite(float(value)):
        return None
    return float(value)


def _year(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int) and 1800 <= value <= 2200:
        return value
    if isinstance(value, str) and value.strip().isdigit():
        y = int(value.strip())
        return y if 1800 <= y <= 2200 else None
    return None


def _parse_override(
    path: str,
    spec: Any,
    category: Category,
    file: str,
    lines: _Lines,
    problems: list[Problem],
) -> ParamOverride | None:
    line = lines.key(path)
    n_before = len(problems)
    if _number(spec) is not None:
        return ParamOverride(path, category, "set", amount=float(spec), file=file, line=line)
    if not isinstance(spec, dict):
        problems.append(
            Problem(
                file,
                line,
                path,
                "a number, {year = value, …} or {set|add|scale = number, from = year, …}",
                repr(spec),
            )
        )
        return None
    if not spec:
        problems.append(Problem(file, line, path, "at least one year or form", "{}"))
        return None
    if all(_year(k) is not None for k in spec):
        values: list[tuple[int, float]] = []
        for k, v in spec.items():
            x = _number(v)
            if x is None:
                problems.append(Problem(file, line, f"{path}.{k}", "a number", repr(v)))
            else:
                values.append((int(k), x))
        if len(problems) > n_before:
            return None
        return ParamOverride(
            path, category, "values", values=tuple(sorted(values)), file=file, line=line
        )
    for k in spec:
        if k not in _FORM_KEYS:
            problems.append(
                Problem(
                    file,
                    line,
                    f"{path}.{k}",
                    "years, or the keys set, add, scale, from, to, ramp_years",
                    f"unknown key {k!r}",
                )
            )
    forms = [k for k in ("set", "add", "scale") if k in spec]
    if len(forms) != 1:
        problems.append(
            Problem(
                file,
                line,
                path,
                "exactly one of set, add, scale",
                ", ".join(forms) if forms else "none",
            )
        )
        return None
    form = forms[0]
    amount = _number(spec[form])
    if amount is None:
        problems.append(Problem(file, line, f"{path}.{form}", "a number", repr(spec[form])))
    start = end = ramp = None
    if "from" in spec:
        start = _year(spec["from"])
        if start is None or isinstance(spec["from"], str):
            problems.append(
                Problem(file, line, f"{path}.from", "a year such as 2018", repr(spec["from"]))
            )
    if "to" in spec:
        end = _year(spec["to"])
        if end is None or isinstance(spec["to"], str):
            problems.append(
                Problem(file, line, f"{path}.to", "a year such as 2037", repr(spec["to"]))
            )
    if start is not None and end is not None and end < start:
        problems.append(
            Problem(file, line, f"{path}.to", f"a year not before from ({start})", str(end))
        )
    if "ramp_years" in spec:
        r = spec["ramp_years"]
        if isinstance(r, bool) or not isinstance(r, int) or r < 1:
            problems.append(
                Problem(file, line, f"{path}.ramp_years", "a whole number ≥ 1", repr(r))
            )
        else:
            ramp = r
    if len(problems) > n_before or amount is None:
        return None
    return ParamOverride(
        path,
        category,
        form,  # type: ignore[arg-type]
        amount=amount,
        start=start,
        end=end,
        ramp_years=ramp,
        file=file,
        line=line,
    )


def _parse_table_changes(
    section: str,
    kind: str,
    spec: Any,
    category: Category,
    file: str,
    lines: _Lines,
    problems: list[Problem],
) -> list[TableChange]:
    out: list[TableChange] = []
    if not isinstance(spec, dict):
        problems.append(
            Problem(
                file,
                lines.key(kind),
                f"{section}.{kind}",
                "a parameter path with a dot (economy.x) or a table with add/remove/update",
                repr(spec),
            )
        )
        return out
    for action, rows in spec.items():
        where = f"{section}.{kind}.{action}"
        if action not in ("add", "remove", "update"):
            problems.append(
                Problem(
                    file,
                    lines.header(where) or lines.key(action),
                    where,
                    "add, remove or update",
                    f"unknown action {action!r}",
                )
            )
            continue
        if isinstance(rows, dict):
            rows = [rows]
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            problems.append(
                Problem(file, lines.key(action), where, "a list of rows ([[…]])", repr(rows))
            )
            continue
        for i, row in enumerate(rows):
            line = lines.header(where, i)
            flines = tuple((k, ln) for k in row if (ln := lines.field_after(k, line)) is not None)
            if action == "add":
                out.append(
                    TableChange(
                        kind,
                        category,
                        "add",
                        row=tuple(row.items()),
                        file=file,
                        line=line,
                        field_lines=flines,
                    )
                )
            elif action == "remove":
                if not row:
                    problems.append(Problem(file, line, where, "columns to match", "an empty row"))
                    continue
                out.append(
                    TableChange(
                        kind,
                        category,
                        "remove",
                        where=tuple(row.items()),
                        file=file,
                        line=line,
                        field_lines=flines,
                    )
                )
            else:
                match = row.get("where")
                new = row.get("set")
                extra = set(row) - {"where", "set"}
                if not isinstance(match, dict) or not match or not isinstance(new, dict) or extra:
                    problems.append(
                        Problem(
                            file,
                            line,
                            where,
                            "where = {column = value, …} and set = {column = value, …}",
                            repr(row),
                        )
                    )
                    continue
                out.append(
                    TableChange(
                        kind,
                        category,
                        "update",
                        row=tuple(new.items()),
                        where=tuple(match.items()),
                        file=file,
                        line=line,
                        field_lines=flines,
                    )
                )
    return out


class _Lines:
    """Best-effort line numbers of keys and array-of-table headers in TOML text."""

    def __init__(self, text: str):
        self.lines = text.splitlines()

    def key(self, key: str) -> int | None:
        pat = re.compile(r'^\s*(?:"' + re.escape(key) + r'"|' + re.escape(key) + r")\s*=")
        for i, ln in enumerate(self.lines):
            if pat.match(ln):
                return i + 1
        return None

    def header(self, dotted: str, index: int = 0) -> int | None:
        parts = [re.escape(p) for p in dotted.split(".")]
        pat = re.compile(r"^\s*\[\[\s*" + r"\s*\.\s*".join(parts) + r"\s*\]\]")
        n = 0
        for i, ln in enumerate(self.lines):
            if pat.match(ln):
                if n == index:
                    return i + 1
                n += 1
        return None

    def field_after(self, key: str, start: int | None) -> int | None:
        if start is None:
            return None
        pat = re.compile(r"^\s*(?:\"" + re.escape(key) + r"\"|" + re.escape(key) + r")\s*=")
        for i in range(start, len(self.lines)):
            ln = self.lines[i]
            if ln.lstrip().startswith("["):
                return None
            if pat.match(ln):
                return i + 1
        return None
