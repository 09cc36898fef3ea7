"""The checks of `docs/services.md` against figures the model is not tuned to.

They compare the model on the observed population with the KOSTRA 2015 accounts and the
national TBU pressure, both read from the shared data (outside the repo). Without them the
doc's checks are left as they are.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

from handlingsrom.dataset.model import Dataset
from handlingsrom.demography import base_population
from handlingsrom.services import ServiceResult, run_services
from tools.doc_figures.common import and_list, num

BACKTEST_SERVICES = ("barnehage", "grunnskole", "hjemmetjenester", "institusjon")
TBU_SHOWN = range(2011, 2016)  # the years the doc quotes pair by pair
TBU_FIGURE = "Figur 3.10"
TBU_SERIES = "faktisk"  # the actual population change, not the budget-time forecast


def observed_run(ds: Dataset, first: int, last: int) -> tuple[ServiceResult, list[int]]:
    """`run_services` on the observed population of 1 January `first`..`last`."""
    years = list(range(first, last + 1))
    pop = np.stack([base_population(ds, y) for y in years])
    return run_services(ds, pop, np.array(years)), years


def accounts_2015(shared: Path) -> pd.DataFrame:
    """The 2015 rows of net operating expenditure of the KOSTRA file."""
    k = pd.read_csv(shared / "kostra_baerum_expenditure.csv", dtype={"kostra_code": str})
    return k[(k.year == 2015) & (k.measure == "net_operating_expenditure")]


def service_accounts(accounts: pd.DataFrame, kostra: str) -> float:
    """A service's net expenditure (NOK): the sum of its KOSTRA functions or FGK areas."""
    total = 0.0
    for code in kostra.split("+"):
        level = "service_area" if code.startswith("FGK") else "kostra_function"
        row = accounts[(accounts.level == level) & (accounts.kostra_code == code)]
        total += row.amount_1000_nok.iloc[0] * 1000
    return total


def signed(pct: float) -> str:
    """A growth rate as the doc writes it: "+1.4 %", "−1.2 %"."""
    return f"{pct:+.1f} %".replace("-", "−")


def backtest(ds: Dataset, shared: Path) -> dict[str, str]:
    """Model 2015 cost against the 2015 accounts, and the growth to 2016 of both."""
    result, years = observed_run(ds, 2010, 2017)
    catalogue = ds.table("services").set_index("service")
    accounts = accounts_2015(shared)
    i15, i16 = years.index(2015), years.index(2016)
    cost, model_growth, accounts_growth = [], [], []
    for sid in BACKTEST_SERVICES:
        model = result.cost_nok[list(result.services).index(sid)]
        actual = service_accounts(accounts, catalogue.kostra[sid])
        cost.append(f"`{sid}` {num(model[i15] / 1e6, 1)} vs {num(actual / 1e6, 1)}")
        model_growth.append(signed(100 * (model[i16] / model[i15] - 1)))
        # model 2016 = the 2016 accounts (the calibration year is reproduced exactly)
        accounts_growth.append(signed(100 * (model[i16] / actual - 1)))
    return {
        "backtest-cost": ", ".join(cost),
        "backtest-model-growth": and_list(model_growth),
        "backtest-accounts-growth": and_list(accounts_growth),
    }


def tbu_comparison(ds: Dataset, shared: Path) -> pd.DataFrame:
    """Per year: the model's pressure for Bærum and Bærum's population share of TBU's."""
    tbu = pd.read_csv(shared / "tbu_demographic_cost_pressure_national.csv")
    tbu = tbu[tbu.figure.str.startswith(TBU_FIGURE) & tbu.series.str.startswith(TBU_SERIES)]
    tbu = tbu.set_index("year").value
    result, years = observed_run(ds, 2005, 2017)
    model = pd.Series(result.total_pressure() / 1e6, index=years)
    national = ds.table("national_population").groupby("year").population.sum()
    share = ds.table("population").groupby("year").population.sum() / national
    frame = pd.DataFrame({"model": model, "tbu": tbu, "share": share}).dropna()
    frame["share_of_tbu"] = frame.share * frame.tbu
    frame["ratio"] = frame.model / frame.share_of_tbu
    return frame


def tbu(ds: Dataset, shared: Path) -> dict[str, str]:
    frame = tbu_comparison(ds, shared)
    shown = frame.loc[list(TBU_SHOWN)]
    pairs = [f"{y} {r.model:.1f} vs {r.share_of_tbu:.1f}" for y, r in shown.iterrows()]
    return {
        "tbu-pairs": ", ".join(pairs),
        "tbu-ratio": f"{shown.ratio.min():.1f}–{shown.ratio.max():.1f}",
        "tbu-ratio-all": f"{frame.ratio.min():.1f}–{frame.ratio.max():.1f}",
        "tbu-years": f"{frame.index.min()}–{frame.index.max()}",
        "tbu-share-first": f"{100 * frame.share.iloc[0]:.2f} %",
        "tbu-share-last": f"{100 * frame.share.iloc[-1]:.2f} %",
    }


def figures(ds: Dataset, shared: Path) -> dict[str, str]:
    """The checks' marked figures, or none (with a note) when the shared data are missing."""
    if not (shared / "kostra_baerum_expenditure.csv").exists():
        print(f"no shared data in {shared}: the checks are left as they are", file=sys.stderr)
        return {}
    return backtest(ds, shared) | tbu(ds, shared)
