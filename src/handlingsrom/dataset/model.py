"""The in-memory dataset: metadata, validated tables and time-dated parameters (no I/O)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

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
class Sectors:
    """The municipality's sectors (from ``sectors.csv``), in the order the report shows them,
    and the id of the central items (outside the sectors)."""

    ids: tuple[str, ...]
    names_nb: tuple[str, ...]
    names_en: tuple[str, ...]
    central: str = ""
    central_nb: str = ""
    central_en: str = ""

    def __len__(self) -> int:
        return len(self.ids)

    def index(self, sector: str) -> int:
        return self.ids.index(sector)

    def name(self, sector: str, lang: str = "nb") -> str:
        """The display name of a sector (or of the central items) in ``lang``."""
        if sector == self.central and self.central:
            return self.central_nb if lang == "nb" else self.central_en
        if sector not in self.ids:
            return sector
        i = self.ids.index(sector)
        return self.names_nb[i] if lang == "nb" else self.names_en[i]

    @classmethod
    def of_table(cls, table: pd.DataFrame) -> Sectors:
        rows = table[table["kind"] == "sector"]
        central = table[table["kind"] == "central"]
        c = central.iloc[0] if len(central) else None
        return cls(
            ids=tuple(str(v) for v in rows["id"]),
            names_nb=tuple(str(v) for v in rows["name_nb"]),
            names_en=tuple(str(v) for v in rows["name_en"]),
            central="" if c is None else str(c["id"]),
            central_nb="" if c is None else str(c["name_nb"]),
            central_en="" if c is None else str(c["name_en"]),
        )


NO_SECTORS = Sectors((), (), ())


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
    # The texts of the dataset's scenario files (``scenarios/<name>.toml``) by name: its
    # stress tests and other alternatives. The scenarios layer parses them.
    scenarios: Mapping[str, str] = field(default_factory=dict)

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

    @cached_property
    def sectors(self) -> Sectors:
        """The sectors of ``sectors.csv`` (none when the dataset has no such file)."""
        table = self.tables.get("sectors")
        return NO_SECTORS if table is None else Sectors.of_table(table)


# What a valid value of each dataset.toml field looks like, for error messages.
_FIELD_EXPECTED: dict[str, str] = {
    "name": "a short name of lower-case letters, digits and hyphens (e.g. oslo-2024)",
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
