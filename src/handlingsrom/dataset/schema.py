"""One schema table per input kind: it drives validation and the generated docs page."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    import pandas as pd

    from handlingsrom.errors import Problem

ColumnType = Literal["int", "float", "str", "bool"]

# No number in a dataset is larger than this in size: beyond it a whole number no longer
# fits a float exactly and sums can overflow. Columns with their own bounds state them.
MAGNITUDE_LIMIT = 1e15


@dataclass(frozen=True)
class Column:
    """One column of an input file."""

    name: str
    type: ColumnType
    description: str
    unit: str = ""
    required: bool = True  # the column must be present
    nullable: bool = False  # a cell may be empty
    minimum: float | None = None
    maximum: float | None = None
    allowed: tuple[str, ...] | None = None
    example: str = ""
    # A plausible range: a value outside it is a warning (a problem with --strict), with
    # ``plausible_note`` saying where the range comes from.
    soft_minimum: float | None = None
    soft_maximum: float | None = None
    plausible_note: str = ""

    def expected(self) -> str:
        """A human description of a valid value, used in error messages."""
        if self.allowed:
            return "one of " + ", ".join(self.allowed)
        words = {"int": "a whole number", "float": "a number", "str": "text", "bool": "true/false"}
        text = words[self.type]
        if self.minimum is not None and self.maximum is not None:
            text += f" from {_fmt(self.minimum)} to {_fmt(self.maximum)}"
        elif self.minimum is not None:
            text += f" ≥ {_fmt(self.minimum)}"
        elif self.maximum is not None:
            text += f" ≤ {_fmt(self.maximum)}"
        if self.unit:
            text += f" ({self.unit})"
        return text

    def plausible(self) -> str:
        """The plausible range in words, e.g. ``0 to 0.1``; empty when there is none."""
        lo, hi = self.soft_minimum, self.soft_maximum
        if lo is not None and hi is not None:
            return f"{_fmt(lo)} to {_fmt(hi)}"
        if lo is not None:
            return f"≥ {_fmt(lo)}"
        if hi is not None:
            return f"≤ {_fmt(hi)}"
        return ""


def _fmt(x: float) -> str:
    if float(x).is_integer() and abs(x) < 1e6:
        return str(int(x))
    if float(x).is_integer() and abs(x) < 1e15:
        return f"{int(x):,}".replace(",", " ")
    return f"{x:g}"


# A check over a whole table: (typed frame with a ``_row`` column of file line numbers,
# file name) -> problems.
TableCheck = Callable[["pd.DataFrame", str], "list[Problem]"]


@dataclass(frozen=True)
class InputKind:
    """A kind of input: one CSV file in a dataset folder with a fixed set of columns."""

    name: str
    filename: str
    title: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    required: bool = True  # the file must exist in every dataset
    layer: str = "foundation"
    checks: Sequence[TableCheck] = field(default=())
    # Whole-table plausibility checks: what they find is a warning, not a problem.
    warnings: Sequence[TableCheck] = field(default=())

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]
