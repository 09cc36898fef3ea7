"""A one-year back-test of the economy: the accounts year predicted from the year before
with the model's own rules, against what happened (pure).

What the data allow (docs/economy.md, "Back-test"): the accounts of the year before the
accounts year (``budget.csv``), the national tax level, the municipality's relative tax
level and the income-equalisation financing of that year (dated parameters), and the
observed populations. The prediction uses only what was known at the start of the year
plus the observed population (the population's own back-test is in the demography layer):

- the national tax per inhabitant grows with the model's rule (deflator × real growth);
- the municipality's tax = its previous relative level × that × its population;
- income equalisation by the formula, with the previous year's financing term scaled with
  the national tax level (once with the observed tax, to test the formula alone);
- net and gross operating expenditure grow with the deflator and the services layer's
  demographic pressure (no standard drift: the drift is estimated from this very year, so
  the gap here *is* that estimate, in sample);
- other revenue grows with prices and population; financial items are unchanged in real
  terms; the net operating result follows from the rest.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from handlingsrom.dataset.model import Dataset
from handlingsrom.demography.projection import base_population
from handlingsrom.economy.parameters import read_series
from handlingsrom.economy.prices import deflator
from handlingsrom.errors import HandlingsromError
from handlingsrom.services import run_services

ITEMS = (
    "operating_revenue",
    "gross_operating_expenditure",
    "net_operating_expenditure",
    "net_operating_result",
    "tax_income_wealth",
    "income_equalisation",
)


def one_year(ds: Dataset, year: int | None = None) -> pd.DataFrame:
    """``item, predicted_nok, observed_nok, error_nok, error_pct`` for ``year`` (default:
    the accounts year, base year − 1) predicted from ``year − 1``; NOK of ``year``."""
    y = ds.base_year - 1 if year is None else int(year)
    prev, now = _central(ds, y - 1), _central(ds, y)
    s = read_series(ds.parameters, np.array([y - 1, y]))
    d = float(deflator(s)[1])
    nat0 = float(s["national_tax_per_inhabitant"][0])
    nat_obs = float(s["national_tax_per_inhabitant"][1])
    nat = nat0 * (1 + d) * (1 + float(s["tax_real_growth"][1]))
    pops = [float(base_population(ds, t).sum()) for t in (y - 1, y, y + 1)]
    rate = float(s["income_equalisation_rate"][1])
    financing = float(s["income_equalisation_financing"][0]) / nat0

    def equalisation(tax: float, national: float) -> float:
        return pops[1] * (-rate * (tax / pops[1] - national) - financing * national)

    tax = float(s["tax_relative_to_national"][0]) * nat * pops[1]
    income_eq = equalisation(tax, nat)
    pressure = _demographic_growth(ds, y)
    growth = (1 + d) * (1 + pressure)
    other = prev["operating_revenue"] - prev["tax_income_wealth"] - prev["income_equalisation"]
    revenue = tax + income_eq + other * (1 + d) * pops[1] / pops[0]
    gross = prev["gross_operating_expenditure"] * growth
    financial = (prev["operating_revenue"] - prev["gross_operating_expenditure"]) - prev[
        "net_operating_result"
    ]
    rows = [
        ("national_tax_per_inhabitant", nat, nat_obs),
        ("tax_income_wealth", tax, now["tax_income_wealth"]),
        ("income_equalisation_formula", equalisation(now["tax_income_wealth"], nat_obs),
         now["income_equalisation"]),
        ("income_equalisation", income_eq, now["income_equalisation"]),
        ("operating_revenue", revenue, now["operating_revenue"]),
        ("net_operating_expenditure", prev["net_operating_expenditure"] * growth,
         now["net_operating_expenditure"]),
        ("gross_operating_expenditure", gross, now["gross_operating_expenditure"]),
        ("net_operating_result", revenue - gross - financial * (1 + d),
         now["net_operating_result"]),
    ]  # fmt: skip
    out = pd.DataFrame(rows, columns=["item", "predicted_nok", "observed_nok"])
    out["error_nok"] = out.predicted_nok - out.observed_nok
    out["error_pct"] = 100 * out.error_nok / out.observed_nok.abs()
    out.attrs.update(year=y, deflator=d, demographic_growth=pressure)
    return out


def _central(ds: Dataset, year: int) -> dict[str, float]:
    budget = ds.table("budget")
    rows = budget[(budget.year == year) & (budget.sector == ds.sectors.central)]
    found = dict(zip(rows["item"], rows["amount_nok"].astype(float), strict=True))
    missing = [i for i in ITEMS if i not in found]
    if missing:
        raise HandlingsromError(
            f"the back-test needs budget.csv rows for {year}: missing {', '.join(missing)}"
        )
    return found


def _demographic_growth(ds: Dataset, year: int) -> float:
    """The services layer's demographic cost pressure of ``year`` over the cost of the year
    before, on the observed populations (1 January of year − 1 to year + 1)."""
    years = np.arange(year - 1, year + 2)
    pops = np.stack([base_population(ds, int(t)) for t in years])
    svc = run_services(ds, pops, years)
    return float(svc.total_pressure()[1] / svc.total_cost()[0])
