"""Shared helpers and the source register of the default dataset."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

OUT = Path(__file__).parents[2] / "src" / "handlingsrom" / "datasets" / "baerum-2017"

# Base year of the default: the information set of HP 2017–2020.
BASE_YEAR = 2017
LAST_RATE_YEAR = BASE_YEAR - 1

# id -> (title, publisher, url, licence, notes). Layers add their own entries.
SOURCES: dict[str, tuple[str, str, str, str, str]] = {
    "S1": (
        "Population by municipality, single year of age and sex, 1 January (table 07459), "
        "as packaged in the R package csdata",
        "Statistics Norway (SSB); packaged by the Norwegian Institute of Public Health",
        "https://www.ssb.no/statbank/table/07459",
        "CC BY 4.0 / NLOD 2.0",
        "Bærum 3201 (2024 numbering; 0219 in 2017, borders unchanged), 2005–2017",
    ),
    "S2": (
        "Human Mortality Database, Norway: Deaths_1x1, Mx_1x1, Population, Births",
        "Max Planck Institute for Demographic Research, UC Berkeley, INED",
        "https://www.mortality.org",
        "CC BY 4.0",
        "m(x) for ages 105+ recomputed as total deaths / total exposure of ages 105–110+",
    ),
    "S3": (
        "Human Fertility Database, Norway period age-specific fertility rates (NORasfrRR)",
        "Max Planck Institute for Demographic Research and Vienna Institute of Demography",
        "https://www.humanfertility.org",
        "CC BY 4.0",
        "ages 12 and 55 are open (12- and 55+)",
    ),
}


def write_csv(df: pd.DataFrame, path: Path) -> None:
    df.to_csv(path, index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)


def write_sources(out: Path) -> None:
    rows = [
        {"id": k, "title": t, "publisher": p, "url": u, "licence": lic, "notes": n}
        for k, (t, p, u, lic, n) in sorted(SOURCES.items())
    ]
    write_csv(pd.DataFrame(rows), out / "sources.csv")
