"""Reusable whole-table checks for input kinds."""

from __future__ import annotations

import pandas as pd

from handlingsrom.dataset.schema import TableCheck
from handlingsrom.errors import Problem


def contiguous_ages(group_by: tuple[str, ...], start: int | None = 0) -> TableCheck:
    """Ages within each group must run without gaps (from ``start`` when given)."""

    def check(df: pd.DataFrame, file: str) -> list[Problem]:
        problems: list[Problem] = []
        if df.empty:
            return problems
        for keys, g in df.groupby(list(group_by), sort=True):
            ages = sorted(int(a) for a in g["age"].unique())
            label = ", ".join(f"{k}={v}" for k, v in zip(group_by, _tuple(keys), strict=True))
            lo = ages[0] if start is None else start
            missing = sorted(set(range(lo, ages[-1] + 1)) - set(ages))
            if missing:
                # the line of the first row after the gap (or the group's last line)
                after = g.loc[g["age"] > missing[0], "_row"]
                row = int(after.iloc[0]) if len(after) else int(g["_row"].max())
                problems.append(
                    Problem(
                        file,
                        row,
                        "age",
                        f"every age from {lo} to {ages[-1]} for {label}",
                        f"no row for age {_ranges(missing)}",
                    )
                )
        return problems

    groups = ", ".join(f"`{g}`" for g in group_by)
    frm = f" from age {start}" if start is not None else " from the lowest age"
    check.__doc__ = f"Ages run without gaps{frm} to the highest age within each {groups}."
    return check


def both_sexes(group_by: tuple[str, ...]) -> TableCheck:
    """Each group must have rows for both female and male."""

    def check(df: pd.DataFrame, file: str) -> list[Problem]:
        problems: list[Problem] = []
        if df.empty:
            return problems
        for keys, g in df.groupby(list(group_by), sort=True):
            have = set(g["sex"])
            missing = {"female", "male"} - have
            if missing:
                label = ", ".join(f"{k}={v}" for k, v in zip(group_by, _tuple(keys), strict=True))
                problems.append(
                    Problem(
                        file,
                        int(g["_row"].min()),
                        "sex",
                        f"rows for both female and male for {label}",
                        f"none for {', '.join(sorted(missing))}",
                    )
                )
        return problems

    groups = ", ".join(f"`{g}`" for g in group_by)
    check.__doc__ = f"Every {groups} has rows for both `female` and `male`."
    return check


def _tuple(keys: object) -> tuple[object, ...]:
    return keys if isinstance(keys, tuple) else (keys,)


def _ranges(values: list[int]) -> str:
    """[1, 2, 3, 7] -> '1–3, 7'."""
    out: list[str] = []
    start = prev = values[0]
    for v in [*values[1:], None]:  # type: ignore[list-item]
        if v is not None and v == prev + 1:
            prev = v
            continue
        out.append(str(start) if start == prev else f"{start}–{prev}")
        if v is not None:
            start = prev = v
    return ", ".join(out)


def year_gaps(consequence: str) -> TableCheck:
    """A warning when the years of a table have gaps: the model uses the years present and
    ``consequence`` says what that means."""

    def check(df: pd.DataFrame, file: str) -> list[Problem]:
        if df.empty:
            return []
        years = sorted(int(y) for y in df["year"].unique())
        missing = sorted(set(range(years[0], years[-1] + 1)) - set(years))
        if not missing:
            return []
        first_after = df.loc[df["year"] > missing[0], "_row"]
        row = int(first_after.iloc[0]) if len(first_after) else None
        return [
            Problem(
                file,
                row,
                "year",
                f"every year from {years[0]} to {years[-1]}",
                f"no rows for {_ranges(missing)} ({consequence})",
            )
        ]

    check.__doc__ = f"Warning: a gap in the years ({consequence})."
    return check
