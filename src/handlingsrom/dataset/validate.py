"""Pure validation: raw text cells in, typed tables and a list of problems out.

Every problem names the file, the line in the file (the header is line 1), the column, what
was expected and what was found.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from handlingsrom.dataset.schema import MAGNITUDE_LIMIT, Column, InputKind
from handlingsrom.errors import Problem

MAX_PROBLEMS_PER_COLUMN = 20
_SEPARATORS = r"[ \u00a0\u202f]"  # thousands separators accepted in numbers


def check_header(kind: InputKind, header: list[str], file: str) -> list[Problem]:
    """Missing required columns, unknown columns and repeated column names."""
    problems: list[Problem] = []
    known = set(kind.column_names)
    seen: set[str] = set()
    for name in header:
        if name in seen:
            problems.append(Problem(file, 1, name, "each column once", f"{name!r} twice"))
        seen.add(name)
        if name not in known:
            near = [k for k in kind.column_names if k.lower() == name.lower().replace(" ", "_")]
            hint = f" (did you mean {near[0]!r}?)" if near else ""
            problems.append(
                Problem(
                    file,
                    1,
                    name,
                    "only the columns " + ", ".join(kind.column_names),
                    f"unknown column {name!r}{hint}",
                )
            )
    for col in kind.columns:
        if col.required and col.name not in seen:
            problems.append(
                Problem(
                    file,
                    1,
                    col.name,
                    f"a column {col.name!r} ({col.description})",
                    "no such column",
                )
            )
    return problems


def convert_table(
    kind: InputKind, raw: pd.DataFrame, file: str
) -> tuple[pd.DataFrame, list[Problem]]:
    """Type every cell of ``raw`` (all strings, plus a ``_row`` line-number column).

    Returns the typed frame (with ``_row`` kept) and the problems found. Columns of the kind
    that the file does not have are added with empty values.
    """
    problems: list[Problem] = []
    out = pd.DataFrame({"_row": raw["_row"].astype(np.int64)})
    for col in kind.columns:
        cells = raw[col.name] if col.name in raw else pd.Series([""] * len(raw), dtype=object)
        cells = cells.astype(str).str.strip()
        values, col_problems = _convert_column(col, cells, raw["_row"], file)
        out[col.name] = values
        problems.extend(col_problems)
    if not problems and kind.key:
        problems.extend(_duplicates(kind, out, file))
    if not problems:
        for check in kind.checks:
            problems.extend(check(out, file))
    return out, problems


def _convert_column(
    col: Column, cells: pd.Series, rows: pd.Series, file: str
) -> tuple[pd.Series, list[Problem]]:
    problems: list[Problem] = []
    empty = cells.eq("")

    def report(mask: pd.Series, expected: str, found: pd.Series) -> None:
        idx = np.flatnonzero(mask.to_numpy())
        for i in idx[:MAX_PROBLEMS_PER_COLUMN]:
            problems.append(
                Problem(file, int(rows.iloc[i]), col.name, expected, str(found.iloc[i]))
            )
        if len(idx) > MAX_PROBLEMS_PER_COLUMN:
            problems.append(
                Problem(
                    file,
                    None,
                    col.name,
                    expected,
                    f"{len(idx) - MAX_PROBLEMS_PER_COLUMN} more such rows",
                )
            )

    if not col.nullable:
        report(empty, col.expected(), pd.Series(["an empty cell"] * len(cells)))

    if col.type in ("int", "float"):
        numbers = pd.to_numeric(cells.where(~empty), errors="coerce").astype(float)
        retry = ~empty & numbers.isna()
        if retry.any():
            # Accept a decimal comma and normal, no-break and thin spaces as thousands
            # separators (Excel in nb-NO); only the cells that did not parse as they are.
            fixed = cells[retry].str.replace(_SEPARATORS, "", regex=True).str.replace(",", ".")
            numbers[retry] = pd.to_numeric(fixed, errors="coerce").astype(float)
        numbers = numbers.where(np.isfinite(numbers))  # "NaN", "inf" are not numbers here
        bad = ~empty & numbers.isna()
        report(bad, col.expected(), cells.map(lambda s: f"{s!r}"))
        ok = ~empty & ~bad
        if col.type == "int":
            fractional = ok & (numbers % 1 != 0)
            report(fractional, col.expected(), cells)
            ok = ok & ~fractional
        if col.minimum is not None:
            below = ok & (numbers < col.minimum)
            report(below, col.expected(), cells)
            ok = ok & ~below
        if col.maximum is not None:
            above = ok & (numbers > col.maximum)
            report(above, col.expected(), cells)
            ok = ok & ~above
        huge = ok & (numbers.abs() > MAGNITUDE_LIMIT)
        report(huge, f"{col.expected()} no larger than 1e15 in size", cells)
        ok = ok & ~huge
        numbers = numbers.where(ok)  # a cell reported above is never cast (no overflow)
        if col.type == "int" and not col.nullable:
            return numbers.fillna(0).astype(np.int64), problems
        return numbers.astype(float), problems
    if col.type == "bool":
        lowered = cells.str.lower()
        truthy = lowered.isin(["true", "1", "yes", "ja"])
        falsy = lowered.isin(["false", "0", "no", "nei"])
        report(~empty & ~truthy & ~falsy, "true or false", cells)
        return truthy, problems
    if col.allowed is not None:
        report(~empty & ~cells.isin(col.allowed), col.expected(), cells.map(lambda s: f"{s!r}"))
    return cells.where(~empty, ""), problems


def table_warnings(kind: InputKind, df: pd.DataFrame, file: str) -> list[Problem]:
    """Implausible values of a valid table: cells outside their column's plausible range
    and what the kind's plausibility checks find. Warnings, not problems: the data may be
    right, but it is far from what Norwegian data looks like."""
    out: list[Problem] = []
    for col in kind.columns:
        if col.type not in ("int", "float") or not col.plausible() or col.name not in df:
            continue
        values = df[col.name].astype(float)
        mask = pd.Series(False, index=df.index)
        if col.soft_minimum is not None:
            mask |= values < col.soft_minimum
        if col.soft_maximum is not None:
            mask |= values > col.soft_maximum
        why = f"; {col.plausible_note}" if col.plausible_note else ""
        expected = f"a plausible value ({col.plausible()} {col.unit}".rstrip() + f"{why})"
        idx = np.flatnonzero(mask.to_numpy())
        for i in idx[:MAX_PROBLEMS_PER_COLUMN]:
            value = float(values.iloc[i])
            text = str(int(value)) if value.is_integer() and abs(value) < 1e15 else f"{value:g}"
            out.append(Problem(file, int(df["_row"].iloc[i]), col.name, expected, text))
        if len(idx) > MAX_PROBLEMS_PER_COLUMN:
            more = len(idx) - MAX_PROBLEMS_PER_COLUMN
            out.append(Problem(file, None, col.name, expected, f"{more} more such rows"))
    for check in kind.warnings:
        out.extend(check(df, file))
    return out


def _duplicates(kind: InputKind, df: pd.DataFrame, file: str) -> list[Problem]:
    key = list(kind.key)
    dup = df.duplicated(key, keep=False)
    if not dup.any():
        return []
    problems: list[Problem] = []
    for _, g in df[dup].groupby(key, sort=False):
        first = int(g["_row"].iloc[0])
        values = ", ".join(f"{k}={g[k].iloc[0]}" for k in key)
        for r in g["_row"].iloc[1:]:
            problems.append(
                Problem(
                    file,
                    int(r),
                    ",".join(key),
                    f"one row per {', '.join(key)}",
                    f"a second row for {values} (first at line {first})",
                )
            )
        if len(problems) >= MAX_PROBLEMS_PER_COLUMN:
            break
    return problems
