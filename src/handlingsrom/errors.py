"""Every error Handlingsrom raises on purpose derives from :class:`HandlingsromError`.

The CLI turns these into a one-line message and a non-zero exit code; anything else is a bug.
"""

from __future__ import annotations

from dataclasses import dataclass


class HandlingsromError(Exception):
    """Base class for expected, user-facing errors."""


@dataclass(frozen=True)
class Problem:
    """One problem found in an input: where it is, what was expected, what was found."""

    file: str
    row: int | None
    column: str | None
    expected: str
    found: str

    def __str__(self) -> str:
        row = "-" if self.row is None else str(self.row)
        column = "-" if self.column is None else self.column
        return f"{self.file}:{row}:{column}: expected {self.expected}, found {self.found}"


class DatasetError(HandlingsromError):
    """A dataset failed validation; carries every problem found."""

    def __init__(self, source: str, problems: list[Problem], total: int | None = None):
        self.source = source
        self.problems = problems
        n = len(problems) if total is None else total  # total: when `problems` is a part
        self.total = n
        first = str(problems[0]) if problems else "no details"
        super().__init__(f"dataset {source} has {n} problem{'s' if n != 1 else ''}; first: {first}")


class ParameterError(HandlingsromError):
    """A time-dated parameter is missing or malformed."""


class ScenarioError(HandlingsromError):
    """A scenario file or override is malformed."""
