"""The in-memory dataset: metadata, validated tables and time-dated parameters (no I/O)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

from handlingsrom.params import ParameterSet


class Units(BaseModel):
    model_config = ConfigDict(extra="forbid")
    money: str = Field("NOK", description="Unit of every amount in the dataset's tables")
    population: str = Field("persons", description="Unit of population counts")
    rates: str = Field("fraction", description="Rates and shares: fraction (0.04) not percent")


class DatasetMeta(BaseModel):
    """The contents of ``dataset.toml``."""

    model_config = ConfigDict(extra="forbid")
    name: str = Field(
        description="Short name, used with --dataset", pattern=r"^[a-z0-9][a-z0-9-]*$"
    )
    title: str = Field(description="Human title", min_length=1)
    municipality_number: str = Field(
        description="Municipality number (kommunenummer) as of the base year",
        pattern=r"^\d{4}$",
    )
    municipality_name: str = Field(description="Municipality name", min_length=1)
    base_year: int = Field(
        description="First year of the plan; population is known on 1 January of it",
        ge=1900,
        le=2200,
    )
    data_vintage: str = Field("", description="What the data set knows, in words")
    description: str = Field("", description="Free text")
    units: Units = Field(default_factory=Units)  # type: ignore[arg-type]
    sources: list[str] = Field(
        default_factory=list, description="Ids of the sources used (see sources.csv)"
    )


@dataclass(frozen=True)
class Dataset:
    """A validated municipality dataset held in memory.

    Tables are pandas frames with the columns of their input kind (typed), keyed by kind name.
    Optional kinds that the folder does not have are absent from ``tables``.
    """

    meta: DatasetMeta
    tables: Mapping[str, pd.DataFrame]
    parameters: ParameterSet = field(default_factory=ParameterSet)
    origin: str = ""

    @property
    def base_year(self) -> int:
        return self.meta.base_year

    def table(self, kind: str) -> pd.DataFrame:
        try:
            return self.tables[kind]
        except KeyError:
            raise KeyError(f"dataset {self.meta.name} has no {kind} table") from None

    def has(self, kind: str) -> bool:
        return kind in self.tables


# What a valid value of each dataset.toml field looks like, for error messages.
_FIELD_EXPECTED: dict[str, str] = {
    "name": "a short name of lower-case letters, digits and hyphens (e.g. baerum-2017)",
    "title": "a title (text)",
    "municipality_number": 'a four-digit municipality number as text (e.g. "0219")',
    "municipality_name": "the municipality's name (text)",
    "base_year": "a base year from 1900 to 2200 (e.g. 2017)",
    "sources": 'a list of source ids (e.g. ["S1", "S2"])',
}


def describe_field(loc: list[str], error_type: str, message: str) -> str:
    """The `expected …` text for a dataset.toml field that failed validation."""
    field = loc[0] if loc else ""
    if error_type == "extra_forbidden":
        allowed = DatasetMeta.model_fields if len(loc) == 1 else Units.model_fields
        return "only the fields " + ", ".join(allowed)
    if error_type == "missing":
        return f"a field {'.'.join(loc)}: " + _FIELD_EXPECTED.get(field, message.lower())
    if len(loc) == 1 and field in _FIELD_EXPECTED:
        return _FIELD_EXPECTED[field]
    return message.lower()
