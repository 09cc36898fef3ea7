"""One schema table per input kind: it drives validation and the generated docs page."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    import pandas as pd

    from handlingsrom.errors import Problem

ColumnType = Literal["int", "float", "str", "bool"]


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


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


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

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]
