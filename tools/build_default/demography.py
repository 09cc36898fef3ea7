"""Population, mortality, fertility and births for the default dataset."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from tools.build_default.common import BASE_YEAR, LAST_RATE_YEAR, OUT, write_csv

OPEN_AGE = 105
FIRST_RATE_YEAR = 1967  # first year of the HFD fertility series; mortality cut to match


def build(shared: Path, out: Path = OUT) -> None:
    pop = pd.read_csv(shared / "population_baerum_by_age_sex.csv")
    pop = pop[pop.year <= BASE_YEAR]
    pop = pop.assign(source="S1")[["year", "age", "sex", "population", "source"]]
    write_csv(pop.sort_values(["year", "sex", "age"]), out / "population.csv")

    nat = pd.read_csv(shared / "population_norway_counties_by_age_sex.csv")
    nat = nat[(nat.granularity_geo == "nation") & (nat.year <= BASE_YEAR)]
    nat = nat.assign(source="S1")[["year", "age", "sex", "population", "source"]]
    write_csv(nat.sort_values(["year", "sex", "age"]), out / "national_population.csv")

    mort = pd.read_csv(shared / "mortality_norway_by_age_sex.csv")
    mort = mort[
        (mort.year >= FIRST_RATE_YEAR) & (mort.year <= LAST_RATE_YEAR) & (mort.sex != "total")
    ].copy()
    # Exposure = deaths / m(x); the open group 105+ gets total deaths / total exposure.
    mort["exposure"] = (mort.deaths / mort.death_rate_mx).where(mort.death_rate_mx > 0, 0.0)
    mort["age"] = mort.age.clip(upper=OPEN_AGE)
    g = mort.groupby(["year", "sex", "age"], as_index=False)[["deaths", "exposure"]].sum()
    g["mx"] = (g.deaths / g.exposure).where(g.exposure > 0)
    # Where no one was exposed (never below 105 in these years) carry the previous age's rate.
    g["mx"] = g.groupby(["year", "sex"]).mx.ffill().round(7)
    g = g.assign(source="S2")[["year", "age", "sex", "mx", "source"]]
    write_csv(g.sort_values(["year", "sex", "age"]), out / "mortality.csv")

    fert = pd.read_csv(shared / "fertility_asfr_norway.csv")
    fert = fert[(fert.year >= FIRST_RATE_YEAR) & (fert.year <= LAST_RATE_YEAR)]
    fert = fert.assign(source="S3")[["year", "age", "asfr", "source"]]
    write_csv(fert.sort_values(["year", "age"]), out / "fertility.csv")

    births = pd.read_csv(shared / "births_norway.csv")
    births = births[
        (births.year >= FIRST_RATE_YEAR) & (births.year <= LAST_RATE_YEAR) & (births.sex != "total")
    ]
    births = births.rename(columns={"live_births": "births"}).assign(area="nation", source="S2")
    births = births[["year", "area", "sex", "births", "source"]]
    write_csv(births.sort_values(["year", "sex"]), out / "births.csv")
