"""A tiny fictitious municipality, «Småvik»: about 2 500 residents, its own three sectors, two
services and no stress tests. Its national tables come from the embedded default; every
local figure is invented (source ``T``) and chosen so that the sums can be followed by hand.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pandas as pd

from handlingsrom.dataset import io as dataset_io

SCALE = 0.02  # of the default's population
SECTORS = (
    ("Oppvekst", "Oppvekst", "Childhood and education", "sector"),
    ("Helse og omsorg", "Helse og omsorg", "Health and care", "sector"),
    ("Samfunn", "Samfunn og fellestjenester", "Community and shared services", "sector"),
    ("Finans", "Finansposter", "Financial items", "central"),
)
NATIONAL = ("mortality.csv", "fertility.csv", "births.csv", "national_population.csv")

TOML = """\
name = "smavik"
title = "Småvik kommune (fiktiv)"
municipality_number = "9999"
municipality_name = "Småvik"
base_year = 2017
data_vintage = "Fiktive tall for testene"
sources = ["T", "S1", "S2", "S3"]
"""

ECONOMY_YAML = """\
wage_growth: {unit: fraction, description: wage growth, values: {2016: 0.027}, source: T}
price_growth: {unit: fraction, description: price growth, values: {2016: 0.02}, source: T}
deflator_wage_share: {unit: fraction, description: wage share, values: {2016: 0.6}, source: T}
tax_relative_to_national:
  {unit: ratio, description: relative tax, values: {2016: 0.8}, source: T}
national_tax_per_inhabitant:
  {unit: NOK, description: national tax, values: {2016: 28000}, source: T}
income_equalisation_rate: {unit: fraction, description: rate, values: {2016: 0.6}, source: T}
income_equalisation_extra_rate:
  {unit: fraction, description: extra rate, values: {2016: 0.35}, source: T}
income_equalisation_extra_threshold:
  {unit: fraction, description: threshold, values: {2016: 0.9}, source: T}
innbyggertilskudd: {unit: NOK, description: grant, values: {2016: 23000}, source: T}
expense_need_per_inhabitant: {unit: NOK, description: need, values: {2016: 50000}, source: T}
cost_key_age_0: {unit: fraction, description: weight, values: {2016: 0.006}, source: T}
cost_key_age_1_5: {unit: fraction, description: weight, values: {2016: 0.13}, source: T}
cost_key_age_6_15: {unit: fraction, description: weight, values: {2016: 0.29}, source: T}
cost_key_age_16_22: {unit: fraction, description: weight, values: {2016: 0.022}, source: T}
cost_key_age_23_66: {unit: fraction, description: weight, values: {2016: 0.1}, source: T}
cost_key_age_67_79: {unit: fraction, description: weight, values: {2016: 0.046}, source: T}
cost_key_age_80_89: {unit: fraction, description: weight, values: {2016: 0.067}, source: T}
cost_key_age_90: {unit: fraction, description: weight, values: {2016: 0.043}, source: T}
interest_rate_floating: {unit: fraction, description: rate, values: {2016: 0.02}, source: T}
interest_rate_fixed: {unit: fraction, description: rate, values: {2016: 0.03}, source: T}
repayment_years: {unit: years, description: years, values: {2016: 30}, source: T}
equity_share_target: {unit: fraction, description: target, values: {2016: 0.25}, source: T}
"""

M = 1e6


def _write(rows: list[dict[str, object]], path: Path) -> None:
    pd.DataFrame(rows).to_csv(path, index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)


def make_tiny_dataset(dest: Path) -> Path:
    """Write Småvik to ``dest`` and return it."""
    default = dataset_io.resolve()
    dest.mkdir(parents=True, exist_ok=True)
    (dest / "dataset.toml").write_text(TOML, encoding="utf-8")
    for name in NATIONAL:
        shutil.copyfile(default / name, dest / name)
    pop = pd.read_csv(default / "population.csv")
    pop = pop[pop.year >= 2010].copy()
    pop["population"] = (pop["population"] * SCALE).round().astype(int)
    pop.to_csv(dest / "population.csv", index=False, lineterminator="\n")
    sources = pd.read_csv(default / "sources.csv", dtype=str, keep_default_na=False)
    sources = sources[sources.id.isin(["S1", "S2", "S3"])].copy()
    sources.loc[sources.id == "S1", "notes"] = "the default's population scaled (fictitious)"
    extra = {
        "id": "T",
        "title": "Fictitious figures for the tests",
        "publisher": "Handlingsrom",
        "url": "",
        "licence": "MIT",
        "notes": "invented",
    }
    sources = pd.concat([sources, pd.DataFrame([extra])], ignore_index=True).fillna("")
    sources.to_csv(dest / "sources.csv", index=False, lineterminator="\n")
    _write(
        [
            {"id": i, "name_nb": nb, "name_en": en, "kind": k, "source": "T"}
            for i, nb, en, k in SECTORS
        ],
        dest / "sectors.csv",
    )
    service = {
        "programme_area": "-",
        "kostra": "-",
        "calibration_year": 2016,
        "wage_share": 0.7,
        "source": "T",
    }
    _write(
        [
            {**service, "service": "barnehage", "name_nb": "Barnehage", "name_en": "Kindergarten",
             "sector": "Oppvekst", "unit": "child", "net_cost_nok": 20 * M,
             "gross_cost_nok": 24 * M, "variable_share": 0.9},
            {**service, "service": "omsorg", "name_nb": "Pleie og omsorg", "name_en": "Care",
             "sector": "Helse og omsorg", "unit": "resident 80+", "net_cost_nok": 30 * M,
             "gross_cost_nok": 34 * M, "variable_share": 0.8},
        ],
        dest / "services.csv",
    )  # fmt: skip
    band = {"sex": "all", "cost_weight": 1.0, "source": "T"}
    _write(
        [
            {**band, "service": "barnehage", "age_from": 1, "age_to": 5, "coverage": 0.9},
            {**band, "service": "omsorg", "age_from": 80, "age_to": 105, "coverage": 0.3},
        ],
        dest / "service_coverage.csv",
    )
    budget = [
        ("Oppvekst", "gross_operating_expenditure", 70 * M),
        ("Oppvekst", "net_operating_expenditure", 60 * M),
        ("Helse og omsorg", "gross_operating_expenditure", 110 * M),
        ("Helse og omsorg", "net_operating_expenditure", 95 * M),
        ("Samfunn", "gross_operating_expenditure", 20 * M),
        ("Samfunn", "net_operating_expenditure", 15 * M),
        # revenue 214 − gross expenditure 208 (the sectors' 200 + depreciation 8) = 6; with
        # net financial expenses of 10 and depreciation added back the result is 4
        ("Finans", "operating_revenue", 214 * M),
        ("Finans", "gross_operating_expenditure", 208 * M),
        ("Finans", "net_operating_expenditure", 170 * M),
        ("Finans", "net_operating_result", 4 * M),
        ("Finans", "depreciation", 8 * M),
        ("Finans", "loan_debt", 100 * M),
        ("Finans", "buffer_fund", 10 * M),
        ("Finans", "liquidity_reserve", 10 * M),
        ("Finans", "managed_fund", 0.0),
        ("Finans", "managed_fund_return", 0.0),
    ]
    _write(
        [
            {"year": 2016, "sector": s, "item": i, "amount_nok": a, "source": "T"}
            for s, i, a in budget
        ],
        dest / "budget.csv",
    )
    _write(
        [{"id": "omst", "name": "Omstilling", "sector": "Samfunn", "kind": "restructuring",
          "initiative": "none", "start_year": 2018, "end_year": "", "amount_nok": -1 * M,
          "ramp_years": 2, "status": "adopted", "source": "T"}],
        dest / "measures.csv",
    )  # fmt: skip
    _write(
        [{"id": "bhg", "name": "Ny barnehage", "sector": "Oppvekst", "category": "kindergarten",
          "status": "adopted", "cost_nok": 30 * M, "start_year": 2018, "completion_year": 2019,
          "profile": "0.5;0.5", "vat_share": 0.2, "grant_nok": 0, "self_financing": False,
          "running_cost_nok": 0, "fte": 0, "service": "barnehage", "capacity": 40, "source": "T"}],
        dest / "investments.csv",
    )  # fmt: skip
    _write(
        [{"id": "lan", "name": "Lån", "balance_nok": 100 * M, "rate_type": "floating",
          "fixed_rate": "", "repayment": "serial", "years": 25, "self_financing": False,
          "source": "T"}],
        dest / "loans.csv",
    )  # fmt: skip
    _write(
        [
            {"id": "ndr", "name_nb": "Netto driftsresultat", "name_en": "Net operating result",
             "indicator": "net_operating_result_pct", "operator": ">=", "threshold": 1.5,
             "unit": "percent", "source": "T"},
            {"id": "buffer", "name_nb": "Bufferfond", "name_en": "Buffer fund",
             "indicator": "buffer_fund", "operator": ">=", "threshold": 5 * M, "unit": "NOK",
             "source": "T"},
        ],
        dest / "rules.csv",
    )  # fmt: skip
    (dest / "parameters").mkdir(exist_ok=True)
    (dest / "parameters" / "economy.yaml").write_text(ECONOMY_YAML, encoding="utf-8")
    return dest
