"""The planning calendar, in one place: base year, accounts year, action-programme years and
the long-term milestones (pure; every layer and the report take their years from here).

- **Accounts year** (*regnskapsår*) = base year − 1: the last year with accounts, which the
  budget is calibrated to; population and rates are known up to it.
- **Action programme** (*handlingsprogram*, HP) = the base year and the three after it.
- **Long term** = base year + 20 and + 40 (the long-term operating analysis and investment
  plan: "good services in 20 and 40 years").
- The **end year** of a run is base year + 40 unless asked otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from handlingsrom.errors import HandlingsromError

HP_YEARS = 4  # the action programme: the base year and the three following years
LONG_TERM_OFFSETS: tuple[int, ...] = (20, 40)
DEFAULT_HORIZON = 40  # years after the base year when no end year is given
# The longest horizon a run accepts: the demographic and economic assumptions are estimated
# from 10–40 years of history; projecting them further than 100 years says nothing.
MAX_HORIZON = 100


@dataclass(frozen=True)
class Calendar:
    """The years of one plan run."""

    base_year: int
    end_year: int

    def __post_init__(self) -> None:
        if self.end_year < self.base_year:
            raise HandlingsromError(
                f"end year {self.end_year} is before the base year {self.base_year}"
            )
        if self.end_year - self.base_year > MAX_HORIZON:
            raise HandlingsromError(
                f"end year {self.end_year}: expected at most {MAX_HORIZON} years after the "
                f"base year {self.base_year} (the assumptions rest on 10–40 years of history)"
            )

    @classmethod
    def of(cls, base_year: int, end_year: int | None = None) -> Calendar:
        """The calendar from ``base_year`` to ``end_year`` (default base year + 40)."""
        return cls(base_year, base_year + DEFAULT_HORIZON if end_year is None else end_year)

    @property
    def accounts_year(self) -> int:
        return self.base_year - 1

    @property
    def years(self) -> np.ndarray:
        """The plan years: base year to end year."""
        return np.arange(self.base_year, self.end_year + 1)

    @property
    def hp_end(self) -> int:
        """The last year of the action programme (within the run)."""
        return min(self.base_year + HP_YEARS - 1, self.end_year)

    @property
    def hp_years(self) -> np.ndarray:
        return np.arange(self.base_year, self.hp_end + 1)

    @property
    def milestones(self) -> tuple[int, ...]:
        """The base year and the long-term years (+20, +40) that fall within the run."""
        later = (self.offset(k) for k in LONG_TERM_OFFSETS)
        return (self.base_year, *(y for y in later if y is not None))

    def offset(self, k: int) -> int | None:
        """Base year + ``k`` when it lies within the run, else None."""
        year = self.base_year + k
        return year if year <= self.end_year else None
