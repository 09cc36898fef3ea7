"""A small valid dataset cut from the embedded default, for the bad-dataset corpus.

``make_mini_dataset(dest)`` writes population for 2016–2017, national rates and births for
2016 and the national population for 2017, every row sorted so that the line of each row
is known (see :func:`population_line`). Input kinds that other layers add are copied from
the default unchanged, and so are its parameters, so the mini dataset stays valid as the
schema grows.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pandas as pd

from handlingsrom.dataset import io as dataset_io
from handlingsrom.dataset.kinds import KINDS

OPEN_AGE = 105
POPULATION_YEARS = (2016, 2017)
SEXES = ("female", "male")

MINI_TOML = """\
# A mini dataset cut from baerum-2017 for the tests.
name = "mini"
title = "Mini dataset for tests"
municipality_number = "0219"
municipality_name = "Bærum"
base_year = 2017
sources = ["S1", "S2"]
"""

# kind -> (years kept, sort order)
_CUTS: dict[str, tuple[tuple[int, ...], list[str]]] = {
    "population": (POPULATION_YEARS, ["year", "sex", "age"]),
    "national_population": ((2017,), ["year", "sex", "age"]),
    "mortality": ((2016,), ["year", "sex", "age"]),
    "fertility": ((2016,), ["year", "age"]),
    "births": ((2016,), ["year", "area", "sex"]),
}


def population_line(year: int, sex: str, age: int) -> int:
    """The line of a row in the mini population.csv (the header is line 1)."""
    ages = OPEN_AGE + 1
    return 2 + POPULATION_YEARS.index(year) * 2 * ages + SEXES.index(sex) * ages + age


def make_mini_dataset(dest: Path) -> Path:
    default = dataset_io.resolve()
    dest.mkdir(parents=True, exist_ok=True)
    (dest / "dataset.toml").write_text(MINI_TOML, encoding="utf-8")
    for kind in KINDS:
        src = default / kind.filename
        if not src.exists():
            continue
        if kind.name not in _CUTS:
            shutil.copyfile(src, dest / kind.filename)
            continue
        years, order = _CUTS[kind.name]
        df = pd.read_csv(src, dtype=str, keep_default_na=False)
        df = df[df["year"].astype(int).isin(years)]
        df = df.assign(**{c: df[c].astype(int) for c in ("year", "age") if c in df})
        df = df.sort_values(order, kind="stable")
        df.to_csv(dest / kind.filename, index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    if (default / "parameters").is_dir():
        shutil.copytree(default / "parameters", dest / "parameters")
    return dest
