"""The national files embedded in the package: every municipality's population and the
national vital rates, for `handlingsrom national` (src/handlingsrom/national/data/).

    python -m tools.build_default.national [--shared ../shared/data]

Population by municipality (2024 borders), single year of age and sex on 1 January
2005–2017 (S1), wide by age (one row per municipality, year and sex); national m(x),
ASFR and births by sex 1967–2016 (S2, S3), as in the default dataset. Only information
available in early 2017 is used. Files are gzip-compressed with a fixed time stamp so that
a rebuild from the same data gives the same bytes.
"""

from __future__ import annotations

import argparse
import gzip
import io
from pathlib import Path

import pandas as pd

from tools.build_default.common import BASE_YEAR, SOURCES
from tools.build_default.demography import births_table, fertility_table, mortality_table

OUT = Path(__file__).parents[2] / "src" / "handlingsrom" / "national" / "data"
OPEN_AGE = 105
SOURCE_IDS = ("S1", "S2", "S3")


def _gz(df: pd.DataFrame, path: Path) -> None:
    text = df.to_csv(index=False, lineterminator="\n")
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0, compresslevel=9) as f:
        f.write(text.encode("utf-8"))
    path.write_bytes(buf.getvalue())


def population_wide(shared: Path) -> pd.DataFrame:
    """``municipality,year,sex,source,0,…,105``: persons on 1 January by age (S1)."""
    d = pd.read_csv(
        shared / "population_municipalities_by_age_sex.csv.gz",
        dtype={"municipality_number_2024": str},
    )
    d = d[d.year <= BASE_YEAR]
    if d.age.max() > OPEN_AGE:
        raise ValueError(f"ages above the open age {OPEN_AGE} in the municipal population")
    wide = d.pivot_table(
        index=["municipality_number_2024", "year", "sex"],
        columns="age",
        values="population",
        aggfunc="sum",
    )
    wide = wide.reindex(columns=range(OPEN_AGE + 1))
    if wide.isna().any().any():
        raise ValueError("missing ages in the municipal population")
    wide = wide.astype(int)
    wide.columns = [str(a) for a in wide.columns]
    wide = wide.reset_index().rename(columns={"municipality_number_2024": "municipality"})
    wide.insert(3, "source", "S1")
    return wide.sort_values(["municipality", "year", "sex"])


def municipalities(shared: Path) -> pd.DataFrame:
    m = pd.read_csv(shared / "municipalities.csv", dtype=str)
    m = m.rename(
        columns={
            "municipality_number_2024": "municipality",
            "municipality_name": "name",
            "county_name": "county",
        }
    )
    return m.assign(source="S1")[["municipality", "name", "county", "source"]].sort_values(
        "municipality"
    )


def sources() -> pd.DataFrame:
    rows = [
        {"id": k, "title": t, "publisher": p, "url": u, "licence": lic, "notes": n}
        for k, (t, p, u, lic, n) in SOURCES.items()
        if k in SOURCE_IDS
    ]
    df = pd.DataFrame(rows)
    df.loc[df.id == "S1", "notes"] = (
        "all 357 municipalities with 2024 numbers and borders, 1 January 2005–2017; earlier "
        "municipalities mapped to 2024 borders by population weights (split municipalities "
        "are approximations); Vindafjord (1160) and Aure (1576) from 2006"
    )
    return df


def build(shared: Path, out: Path = OUT) -> None:
    out.mkdir(parents=True, exist_ok=True)
    _gz(population_wide(shared), out / "population.csv.gz")
    _gz(mortality_table(shared), out / "mortality.csv.gz")
    _gz(fertility_table(shared), out / "fertility.csv.gz")
    births_table(shared).to_csv(out / "births.csv", index=False, lineterminator="\n")
    municipalities(shared).to_csv(out / "municipalities.csv", index=False, lineterminator="\n")
    sources().to_csv(out / "sources.csv", index=False, lineterminator="\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--shared", type=Path, default=Path(__file__).parents[3] / "shared" / "data"
    )
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    build(args.shared, args.out)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
