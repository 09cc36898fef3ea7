"""Input kinds of the municipality's organisation: its sectors and its initiatives.

Every municipality organises its budget in its own sectors (*hovedutvalg*,
*programområder*) and names its own priority initiatives (*satsinger*); the model knows
them only from these files. Other files refer to a sector by its ``id``.
"""

from __future__ import annotations

import pandas as pd

from handlingsrom.dataset.schema import Column, InputKind
from handlingsrom.errors import Problem

_SOURCE = Column(
    "source",
    "str",
    "Id(s) of the source, joined by + (see sources.csv)",
    required=False,
    nullable=True,
    example="HP1",
)


def _one_central(df: pd.DataFrame, file: str) -> list[Problem]:
    """At most one row is the central items; at least one row is a sector."""
    central = df[df["kind"] == "central"]
    problems = [
        Problem(file, int(r), "kind", "one row of kind central at most", "a second central row")
        for r in central["_row"].iloc[1:]
    ]
    if not (df["kind"] == "sector").any():
        problems.append(Problem(file, None, "kind", "at least one row of kind sector", "none"))
    return problems


SECTORS = InputKind(
    name="sectors",
    filename="sectors.csv",
    title="Sectors (hovedutvalg) and the central items",
    description=(
        "The sectors the municipality's budget is organised in, in the order the report "
        "shows them, and the row that holds the items outside the sectors (revenues, "
        "finance, reserves: `kind = central`). Services, accounts, measures and investments "
        "name their sector by its `id`; the report shows `name_nb` or `name_en`."
    ),
    columns=(
        Column("id", "str", "The sector's name as the other files use it", example="Oppvekst"),
        Column("name_nb", "str", "Name in Norwegian bokmål", example="Oppvekst"),
        Column("name_en", "str", "Name in English", example="Children and education"),
        Column(
            "kind",
            "str",
            "A sector, or the central items (one row at most)",
            allowed=("sector", "central"),
            example="sector",
        ),
        _SOURCE,
    ),
    key=("id",),
    required=False,
    layer="economy",
    checks=(_one_central,),
)

INITIATIVES = InputKind(
    name="initiatives",
    filename="initiatives.csv",
    title="Priority initiatives (satsinger)",
    description=(
        "The municipality's named priority initiatives. A measure's `initiative` is one of "
        "these ids (or empty / `none`). Without this file any text is accepted."
    ),
    columns=(
        Column("id", "str", "The initiative's name as measures.csv uses it", example="Trygg"),
        Column("name_nb", "str", "Name in Norwegian bokmål"),
        Column("name_en", "str", "Name in English"),
        _SOURCE,
    ),
    key=("id",),
    required=False,
    layer="economy",
)

PUBLISHED = InputKind(
    name="published",
    filename="published.csv",
    title="Published headline figures of the plan",
    description=(
        "The plan's headline figures as the municipality published them (operating frame, "
        "restructuring, investments), for the report's table of published figures beside the "
        "model's. `key_figure` names the model's key figure to compare with (summed over "
        "`year_from`–`year_to`); empty when the model has none. Amounts in NOK as published "
        "(current prices)."
    ),
    columns=(
        Column("id", "str", "A short id of the figure", example="frame-2017"),
        Column("name_nb", "str", "What the figure is, in Norwegian bokmål"),
        Column("name_en", "str", "What the figure is, in English"),
        Column(
            "key_figure",
            "str",
            "The model's key figure it compares with (see docs/economy.md), or empty",
            required=False,
            nullable=True,
            example="operating_frame",
        ),
        Column("year_from", "int", "First year the figure covers", example="2017"),
        Column("year_to", "int", "Last year the figure covers (a sum over the years)"),
        Column("value_nok", "float", "The published amount", unit="NOK", example="9.0e9"),
        Column(
            "approximate",
            "bool",
            'The source says about or rounds ("9 milliarder")',
            required=False,
            nullable=True,
        ),
        _SOURCE,
    ),
    key=("id",),
    required=False,
    layer="economy",
)

KINDS: tuple[InputKind, ...] = (SECTORS, INITIATIVES, PUBLISHED)
