"""Applying a scenario to a dataset: new parameters and re-validated tables (pure).

The baseline dataset is never changed: :func:`apply` returns a new :class:`Dataset` (and its
:class:`ParameterSet`). An empty scenario returns the dataset itself, so an empty scenario
equals the baseline exactly.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd

from handlingsrom.dataset.kinds import KINDS_BY_NAME
from handlingsrom.dataset.model import Dataset
from handlingsrom.dataset.schema import InputKind
from handlingsrom.dataset.validate import convert_table
from handlingsrom.errors import Problem
from handlingsrom.params import Parameter, ParameterSet, ValuePoint
from handlingsrom.scenarios import parameters as registry
from handlingsrom.scenarios.model import (
    ParamOverride,
    Scenario,
    ScenarioFileError,
    TableChange,
)


def apply(ds: Dataset, scenario: Scenario | None) -> tuple[Dataset, ParameterSet]:
    """The dataset and parameter set of ``scenario`` over ``ds``.

    Raises :class:`ScenarioFileError` naming file, line and field for an unknown parameter
    path, an unknown table or column, a bad value or a row to remove that does not exist.
    """
    if scenario is None or scenario.is_empty:
        return ds, ds.parameters
    problems: list[Problem] = []
    items = dict(ds.parameters.items())
    for op in scenario.parameters:
        changed = _override(ds, items.get(op.path), op, scenario.name, problems)
        if changed is not None:
            items[op.path] = changed
    tables = dict(ds.tables)
    for change in scenario.tables:
        kind = KINDS_BY_NAME.get(change.kind)
        file = change.file or scenario.name
        if kind is None:
            problems.append(
                Problem(
                    file,
                    change.line,
                    change.kind,
                    "a table (input kind) such as " + ", ".join(sorted(KINDS_BY_NAME)),
                    f"unknown table {change.kind!r}",
                )
            )
            continue
        current = tables.get(kind.name)
        if current is None:
            current = _empty(kind)
        key = _cache_key(current, change, scenario.name)
        cached = _TABLE_CACHE.get(key) if key is not None else None
        if cached is not None and cached[0] is current:
            tables[kind.name] = cached[1]
            continue
        new = _change_table(kind, current, change, scenario.name, problems)
        if new is not None:
            tables[kind.name] = new
            if key is not None:
                if len(_TABLE_CACHE) >= _CACHE_SIZE:
                    _TABLE_CACHE.pop(next(iter(_TABLE_CACHE)))
                _TABLE_CACHE[key] = (current, new)
    if problems:
        raise ScenarioFileError(scenario.file or scenario.name, problems)
    new_params = ParameterSet(items.values())
    return replace(ds, tables=tables, parameters=new_params), new_params


# --------------------------------------------------------------------------- parameters
def _override(
    ds: Dataset,
    current: Parameter | None,
    op: ParamOverride,
    name: str,
    problems: list[Problem],
) -> Parameter | None:
    """The parameter ``op`` changes, changed; None (and a problem) when the path is not
    declared, or the change takes a value outside the parameter's hard bounds."""
    file = op.file or name
    spec = registry.REGISTRY.spec(op.path)
    if spec is None or not registry.REGISTRY.declares(op.path, registry.placeholder_ids(ds)):
        hint = registry.suggest(ds, op.path)
        problems.append(
            Problem(
                file,
                op.line,
                op.path,
                f"a parameter of dataset {ds.meta.name}"
                + (f" (did you mean {hint}?)" if hint else " (see docs/parameters.md)"),
                f"unknown parameter {op.path!r}",
            )
        )
        return None
    base = current if current is not None else registry.baseline_parameter(ds, op.path)
    if base is None:
        if op.form != "values":
            problems.append(
                Problem(
                    file,
                    op.line,
                    op.path,
                    "dated values ({2020 = …}): the dataset does not set this parameter, so "
                    "there is nothing to add to or scale",
                    f"a change of the form {op.form!r}",
                )
            )
            return None
        points = tuple(ValuePoint(y, v, f"scenario:{name}") for y, v in op.values)
        base = Parameter(op.path, points, unit=spec.unit, description=spec.description)
        changed = base
    else:
        changed = override_parameter(base, op, ds.base_year, name)
    bad = [pt for pt in changed.points if spec.violates(pt.value)]
    if bad:
        problems.append(
            Problem(
                file,
                op.line,
                op.path,
                spec.bounds_text(),
                f"{bad[0].value:g} in {bad[0].year}",
            )
        )
        return None
    return changed


def override_parameter(p: Parameter, op: ParamOverride, base_year: int, name: str) -> Parameter:
    """``p`` with the override ``op`` applied (a new parameter; ``p`` is unchanged)."""
    source = f"scenario:{name}"
    if op.form == "values":
        return p.overridden(dict(op.values), source)
    first = p.points[0].year
    last_point = p.points[-1].year
    start = op.start if op.start is not None else min(first, base_year)
    # After the last point (and after the ramp) the original holds its last value, so dense
    # yearly points up to there describe the changed history completely.
    dense_end = max(last_point, start + (op.ramp_years or 1) - 1)
    end = dense_end if op.end is None else min(op.end, max(dense_end, start))
    years = np.arange(start, end + 1)
    original = p.series(years)
    if op.ramp_years:
        weight = np.minimum(1.0, (years - start + 1) / op.ramp_years)
    else:
        weight = np.ones(len(years))
    if op.form == "set":
        values = original + weight * (op.amount - original)
    elif op.form == "add":
        values = original + weight * op.amount
    else:  # scale
        values = original * (1.0 + weight * (op.amount - 1.0))
    points = {int(y): float(v) for y, v in zip(years, values, strict=True)}
    keep: dict[int, float] = {}
    if start > first or (p.interpolation == "linear" and start > first):
        keep[start - 1] = p.at(start - 1)  # keeps a linear history unchanged before start
    if op.end is not None:
        if op.end > end:  # the changed value holds up to `to`: mark its end explicitly
            points[op.end] = points[end]
        keep[op.end + 1] = p.at(op.end + 1)
    new = [q for q in p.points if q.year < start or (op.end is not None and q.year > op.end)]
    merged = {q.year: ValuePoint(q.year, q.value, q.source) for q in new}
    for y, v in keep.items():
        merged.setdefault(y, ValuePoint(y, v, p.source_at(y)))
    for y, v in points.items():
        merged[y] = ValuePoint(y, v, source)
    return replace(p, points=tuple(merged[y] for y in sorted(merged)))


# --------------------------------------------------------------------------- tables
# Validating a changed table costs milliseconds of pandas work; a dashboard re-applies the
# same decisions many times, so the result is kept for the same base table and change
# (tables are never changed in place, so the identity of the base table is a safe key).
_CACHE_SIZE = 128
_TABLE_CACHE: dict[tuple[int, TableChange, str], tuple[pd.DataFrame, pd.DataFrame]] = {}


def clear_cache() -> None:
    """Forget the validated tables of earlier scenario applications."""
    _TABLE_CACHE.clear()


def _cache_key(
    table: pd.DataFrame, change: TableChange, scenario: str
) -> tuple[int, TableChange, str] | None:
    key = (id(table), change, scenario)
    try:
        hash(key)
    except TypeError:  # a cell value that is a list or a table: do not cache
        return None
    return key


def _empty(kind: InputKind) -> pd.DataFrame:
    raw = pd.DataFrame({c.name: pd.Series([], dtype=object) for c in kind.columns})
    raw["_row"] = pd.Series([], dtype=np.int64)
    typed, _ = convert_table(kind, raw, kind.filename)
    return typed


def _cell(value: Any) -> str:
    """A table cell as the text a CSV file would hold (the input of ``convert_table``)."""
    if value is None:
        return ""
    if isinstance(value, bool | np.bool_):
        return "true" if value else "false"
    if isinstance(value, float | np.floating):
        return "" if math.isnan(float(value)) else repr(float(value))
    if isinstance(value, int | np.integer):
        return str(int(value))
    return str(value)


def _field_line(change: TableChange, column: str | None) -> int | None:
    if column is not None:
        for k, ln in change.field_lines:
            if k == column:
                return ln
    return change.line


def _relocate(change: TableChange, found: list[Problem]) -> list[Problem]:
    """Problems from ``convert_table`` re-pointed at the scenario file's lines."""
    file = change.file or change.kind
    return [
        Problem(file, _field_line(change, p.column), p.column, p.expected, p.found) for p in found
    ]


def _convert_rows(
    kind: InputKind, rows: list[dict[str, str]], change: TableChange
) -> tuple[pd.DataFrame, list[Problem]]:
    raw = pd.DataFrame(
        {c.name: [r.get(c.name, "") for r in rows] for c in kind.columns}, dtype=object
    )
    raw["_row"] = [change.line or 0] * len(rows)
    typed, found = convert_table(kind, raw, change.file or kind.filename)
    return typed, _relocate(change, found)


def _unknown_columns(
    kind: InputKind, keys: list[str], change: TableChange, problems: list[Problem]
) -> bool:
    known = set(kind.column_names)
    bad = [k for k in keys if k not in known]
    for k in bad:
        problems.append(
            Problem(
                change.file or change.kind,
                _field_line(change, k),
                k,
                f"a column of {kind.filename}: " + ", ".join(kind.column_names),
                f"unknown column {k!r}",
            )
        )
    return bool(bad)


def _match(
    kind: InputKind, table: pd.DataFrame, change: TableChange, problems: list[Problem]
) -> np.ndarray | None:
    where = dict(change.where)
    if _unknown_columns(kind, list(where), change, problems):
        return None
    probe, found = _convert_rows(kind, [{k: _cell(v) for k, v in where.items()}], change)
    found = [p for p in found if p.column in where]
    if found:
        problems.extend(found)
        return None
    mask = np.ones(len(table), dtype=bool)
    for k in where:
        mask &= (table[k] == probe[k].iloc[0]).to_numpy()
    if not mask.any():
        text = ", ".join(f"{k}={v!r}" for k, v in where.items())
        problems.append(
            Problem(
                change.file or change.kind,
                change.line,
                ",".join(where),
                f"a row of {kind.filename} with {text}",
                "no such row",
            )
        )
        return None
    return mask


def _change_table(
    kind: InputKind,
    table: pd.DataFrame,
    change: TableChange,
    scenario: str,
    problems: list[Problem],
) -> pd.DataFrame | None:
    n_before = len(problems)
    if change.action == "add":
        row = {k: _cell(v) for k, v in change.row}
        if _unknown_columns(kind, list(row), change, problems):
            return None
        if "source" in kind.column_names and not row.get("source"):
            row["source"] = f"scenario:{scenario}"
        typed, found = _convert_rows(kind, [row], change)
        if found:
            problems.extend(found)
            return None
        new = pd.concat([table, typed[table.columns]], ignore_index=True)
    else:
        mask = _match(kind, table, change, problems)
        if mask is None:
            return None
        if change.action == "remove":
            new = table[~mask].reset_index(drop=True)
        else:
            values = dict(change.row)
            if _unknown_columns(kind, list(values), change, problems):
                return None
            rows = []
            for rec in table[mask].to_dict("records"):
                cells = {c: _cell(rec.get(c)) for c in kind.column_names}
                cells.update({k: _cell(v) for k, v in values.items()})
                rows.append(cells)
            typed, found = _convert_rows(kind, rows, change)
            if found:
                problems.extend(found)
                return None
            typed["_row"] = table.loc[mask, "_row"].to_numpy()
            new = table.copy()
            new.loc[mask, list(table.columns)] = typed[list(table.columns)].to_numpy()
            new = new.astype(table.dtypes.to_dict())
    if kind.key:
        dup = new.duplicated(list(kind.key), keep=False)
        if dup.any():
            first = new[dup].iloc[0]
            text = ", ".join(f"{k}={first[k]}" for k in kind.key)
            problems.append(
                Problem(
                    change.file or change.kind,
                    change.line,
                    ",".join(kind.key),
                    f"one row per {', '.join(kind.key)} in {kind.filename}",
                    f"a second row for {text}",
                )
            )
    if len(problems) == n_before:
        for check in kind.checks:
            problems.extend(_relocate(change, check(new, change.file or kind.filename)))
    return new if len(problems) == n_before else None
