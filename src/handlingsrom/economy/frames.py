"""Step 3 of a year: the operating frames of the sectors, in fixed prices (pure).

Each sector's net operating expenditure is built from named items (``SECTOR_ITEMS``):

    net = base_frame + demographic_compensation + service_changes + standard_growth
          − restructuring + new_needs + initiatives + investment_operating_costs
          − extra_savings

``restructuring`` and ``extra_savings`` are savings, positive = lower expenditure (the one
sign for restructuring, ``docs/design.md`` §3); every other item is an amount added.
``standard_growth`` is the real unit-cost growth beyond demography (the standard drift) on
the frame before measures. Gross expenditure adds the sectors' specific revenue (fees,
refunds, earmarked grants), scaled with their activity.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from handlingsrom.economy.parameters import REGISTRY
from handlingsrom.economy.prices import real_growth_index
from handlingsrom.params import ParameterSet

if TYPE_CHECKING:
    from handlingsrom.economy.inputs import EconomyInputs

SECTOR_ITEMS: tuple[str, ...] = (
    "base_frame",
    "demographic_compensation",
    "service_changes",
    "standard_growth",
    "restructuring",
    "new_needs",
    "initiatives",
    "investment_operating_costs",
    "extra_savings",
    "net_operating_expenditure",
    "specific_revenue",
    "gross_operating_expenditure",
)
# Items that are savings (positive = lower net expenditure): subtracted in the sum.
SAVING_ITEMS: frozenset[str] = frozenset({"restructuring", "extra_savings"})
# The items whose signed sum is the net operating expenditure.
NET_PARTS: tuple[str, ...] = SECTOR_ITEMS[: SECTOR_ITEMS.index("net_operating_expenditure")]


@dataclass(frozen=True)
class OperatingFrames:
    """Every sector item as (S, Y), NOK in fixed prices of the base year."""

    items: dict[str, np.ndarray]

    @property
    def net(self) -> np.ndarray:
        return self.items["net_operating_expenditure"]

    @property
    def specific(self) -> np.ndarray:
        return self.items["specific_revenue"]

    @property
    def gross(self) -> np.ndarray:
        return self.items["gross_operating_expenditure"]


def operating_frames(inputs: EconomyInputs, extra: np.ndarray) -> OperatingFrames:
    """The sector items of every year; ``extra`` (S, Y): the solver's extra savings."""
    st = inputs.static
    s = st.series
    Y = len(st.years)
    cost = inputs.sector_cost
    pressure = inputs.sector_pressure * (np.arange(Y) >= 1)
    base_frame = np.repeat(st.sector_net[:, None], Y, axis=1)
    demo_comp = np.cumsum(s["compensation_rate"] * pressure, axis=1)
    service_changes = cost - cost[:, :1] - np.cumsum(pressure, axis=1)
    before_measures = base_frame + demo_comp + service_changes
    standard = (real_growth_index(standard_rates(inputs)) - 1) * before_measures
    # nye behov finansiert av omstilling: the part of the restructuring that funds new needs
    new_needs = (1.0 - s["restructuring_net_share"]) * st.restructuring
    net = (
        before_measures
        + standard
        - st.restructuring
        + new_needs
        + st.initiatives
        + st.running_costs
        - extra
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        activity = np.where(cost[:, :1] != 0, cost / cost[:, :1], 1.0)
    specific = (st.sector_gross - st.sector_net)[:, None] * activity
    items = {
        "base_frame": base_frame,
        "demographic_compensation": demo_comp,
        "service_changes": service_changes,
        "standard_growth": standard,
        "restructuring": st.restructuring,
        "new_needs": new_needs,
        "initiatives": st.initiatives,
        "investment_operating_costs": st.running_costs,
        "extra_savings": extra,
        "net_operating_expenditure": net,
        "specific_revenue": specific,
        "gross_operating_expenditure": net + specific,
    }
    return OperatingFrames(items)


def standard_rates(inputs: EconomyInputs) -> np.ndarray:
    """(S, Y) each sector's real unit-cost growth: its services' own rates
    (``economy.real_cost_growth_<service>``, else the general ``real_cost_growth``) weighted
    by their accounts-year cost; the part of the sector's frame no service covers grows by
    the general rate."""
    st = inputs.static
    general = st.series["real_cost_growth"]
    rates = np.repeat(general[None, :], len(st.sectors), axis=0)
    own = st.service_cost_growth
    if not own:
        return rates
    svc = inputs.services
    for service, rate in own.items():
        i = svc.services.index(service)
        sector = svc.sector[i]
        if sector not in st.sectors:
            continue
        s_idx = st.sectors.index(sector)
        frame = st.sector_net[s_idx]
        if frame <= 0:
            continue
        weight = float(svc.cost_nok[i, 0]) * st.to_base_prices / frame
        rates[s_idx] += weight * (rate - general)
    return rates


def service_cost_growth(
    ps: ParameterSet, services: tuple[str, ...], years: np.ndarray
) -> dict[str, np.ndarray]:
    """The services with their own ``economy.real_cost_growth_<service>`` as (Y,) series."""
    return {
        sid: REGISTRY.series(ps, f"economy.real_cost_growth_{sid}", years)
        for sid in services
        if f"economy.real_cost_growth_{sid}" in ps
    }
