"""One way from a frame to a report table: :func:`frame_table`.

Every table of the report is a pandas frame first (its columns are the CSV columns) and goes
through :func:`frame_table`, which checks the columns, carries the frame's price basis
(``frame.attrs["price_basis"]``) onto the table and refuses a frame whose parts came in
different price bases (:func:`combine`). :func:`wide` lays indicators out against years, as
an action programme prints them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from handlingsrom.report.model import MONEY_KINDS, Column, Status, Table


class MixedPriceBasis(ValueError):
    """A table would hold money in more than one price basis."""


def basis_of(*frames: pd.DataFrame) -> str | None:
    """The one price basis of ``frames`` (None when none has one); mixing raises."""
    found = {str(f.attrs["price_basis"]) for f in frames if f.attrs.get("price_basis")}
    if len(found) > 1:
        raise MixedPriceBasis(f"frames in different price bases: {sorted(found)}")
    return next(iter(found), None)


def with_basis(frame: pd.DataFrame, basis: str | None) -> pd.DataFrame:
    frame.attrs["price_basis"] = basis
    return frame


def combine(frames: Sequence[pd.DataFrame], **kw: Any) -> pd.DataFrame:
    """Concatenate frames that share one price basis (else :class:`MixedPriceBasis`)."""
    basis = basis_of(*frames)
    return with_basis(pd.concat(list(frames), **kw), basis)


def frame_table(
    frame: pd.DataFrame,
    id: str,
    title: str,
    columns: Sequence[Column],
    *,
    sheet: str,
    note: str = "",
    html: bool = True,
    shown: Sequence[int] | None = None,
    row_kinds: Sequence[str] | None = None,
    status: Sequence[Sequence[Status]] | None = None,
) -> Table:
    """The table of ``frame``'s columns named by ``columns`` (keys), in that order.

    Money columns need the frame's price basis; the table keeps it."""
    keys = [c.key for c in columns]
    missing = [k for k in keys if k not in frame.columns]
    if missing:
        raise KeyError(f"table {id}: the frame has no column {missing[0]!r}")
    kinds = {c.kind for c in columns} | set(row_kinds or ())
    basis = frame.attrs.get("price_basis")
    if kinds & MONEY_KINDS and not basis:
        raise MixedPriceBasis(f"table {id}: money from a frame without a price basis")
    rows = tuple(
        tuple(_plain(v) for v in row) for row in frame[keys].itertuples(index=False, name=None)
    )
    return Table(
        id=id,
        title=title,
        columns=tuple(columns),
        rows=rows,
        sheet=sheet,
        note=note,
        html=html,
        shown=None if shown is None else tuple(shown),
        row_kinds=None if row_kinds is None else tuple(row_kinds),
        status=None if status is None else tuple(tuple(r) for r in status),
        price_basis=basis if kinds & MONEY_KINDS else None,
    )


def _plain(v: Any) -> Any:
    if isinstance(v, np.generic):
        v = v.item()
    if isinstance(v, float) and v != v:
        return None
    return v


def year_key(year: int) -> str:
    return f"y{int(year)}"


def wide(
    rows: Sequence[tuple[str, str, str, Sequence[float]]],
    years: Sequence[int],
    basis: str | None,
) -> pd.DataFrame:
    """Indicators × years: one row per ``(key, name, kind, values by year)``; the columns
    ``indicator, name, kind, y<year>…``."""
    data: dict[str, list[Any]] = {
        "indicator": [r[0] for r in rows],
        "name": [r[1] for r in rows],
        "kind": [r[2] for r in rows],
    }
    for j, y in enumerate(years):
        data[year_key(y)] = [float(r[3][j]) for r in rows]
    return with_basis(pd.DataFrame(data), basis)


def year_columns(years: Sequence[int], kind: str = "num", unit: str = "") -> list[Column]:
    return [Column(year_key(y), str(int(y)), kind, unit) for y in years]


def series_at(values: np.ndarray, all_years: Sequence[int], years: Sequence[int]) -> list[float]:
    pos = {int(y): i for i, y in enumerate(all_years)}
    return [float(values[pos[int(y)]]) for y in years]


def mapping_frame(columns: Mapping[str, Sequence[Any]], basis: str | None = None) -> pd.DataFrame:
    return with_basis(pd.DataFrame(dict(columns)), basis)
