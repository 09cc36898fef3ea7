"""The plan's published headline figures (published.csv), for the report's table of the
published figures beside the model's.

Only the headlines of HP 2017–2020 that the model has a key figure for: the operating frame of
2017, the restructuring of 2017 and 2019, and the investments of 2017–2020
(``baerum-hp-2017-2020/hp_2017_2020_headline.csv``, MNOK converted to NOK).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from tools.build_default.common import write_csv

# shared item -> (id, name_nb, name_en, key figure)
ROWS: dict[tuple[str, str], tuple[str, str, str, str]] = {
    ("driftsramme_samlet", "2017"): (
        "frame-2017", "Driftsramme 2017", "Operating frame 2017", "operating_frame",
    ),
    ("omstillingstiltak", "2017"): (
        "restructuring-2017", "Omstillingstiltak 2017", "Restructuring measures 2017",
        "restructuring",
    ),
    ("omstillingstiltak", "2019"): (
        "restructuring-2019", "Omstillingstiltak 2019", "Restructuring measures 2019",
        "restructuring",
    ),
    ("investeringer_sum_2017_2020", "2017-2020"): (
        "investments-2017-2020", "Investeringer 2017–2020", "Investments 2017–2020",
        "investment_expenditure",
    ),
}  # fmt: skip


def build(shared: Path, out: Path) -> None:
    head = pd.read_csv(shared / "baerum-hp-2017-2020" / "hp_2017_2020_headline.csv", dtype=str)
    rows = []
    for r in head.to_dict("records"):
        key = (r["item"], r["year"])
        if key not in ROWS:
            continue
        rid, nb, en, figure = ROWS[key]
        years = [int(y) for y in str(r["year"]).split("-")]
        unit = str(r["unit"])
        rows.append(
            {
                "id": rid,
                "name_nb": nb,
                "name_en": en,
                "key_figure": figure,
                "year_from": years[0],
                "year_to": years[-1],
                "value_nok": float(r["value"]) * 1e6,
                "approximate": "approx" in unit or "nærmere" in unit or "milliarder" in unit,
                "source": "BK-HP",
            }
        )
    missing = set(ROWS) - {(r["item"], r["year"]) for r in head.to_dict("records")}
    if missing:
        raise ValueError(f"hp_2017_2020_headline.csv lacks {sorted(missing)}")
    write_csv(pd.DataFrame(rows), out / "published.csv")
