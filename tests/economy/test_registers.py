"""The measures and investment registers become yearly arrays as documented."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from handlingsrom.economy import EconomyInputs
from handlingsrom.economy.tables import measures as parse_measures
from handlingsrom.economy.tables import register

YEARS = np.arange(2016, 2023)
SECTORS = (
    "Barn og unge",
    "Bistand og omsorg",
    "Miljø, idrett og kultur",
    "Organisasjon, styring og utvikling",
)


def measures(**row: object) -> pd.DataFrame:
    base = {
        "id": "m",
        "sector": "Bistand og omsorg",
        "kind": "restructuring",
        "start_year": 2018,
        "end_year": np.nan,
        "amount_nok": -90.0,
        "ramp_years": 3,
        "status": "adopted",
    }
    base.update(row)
    return pd.DataFrame([base])


def test_a_measure_phases_in_linearly_and_ends() -> None:
    # a change in net expenditure of -90 in measures.csv is a saving of 90 (positive)
    restructuring, other = parse_measures(measures(end_year=2021), YEARS, True, SECTORS)
    assert restructuring[1].tolist() == [0, 0, 30, 60, 90, 90, 0]
    assert not restructuring[[0, 2, 3]].any() and not other.any()


def test_proposed_measures_can_be_left_out() -> None:
    table = measures(status="proposed", kind="initiative", amount_nok=5.0, ramp_years=1)
    _, other = parse_measures(table, YEARS, True, SECTORS)
    assert other[1].tolist() == [0, 0, 5, 5, 5, 5, 5]
    _, other = parse_measures(table, YEARS, False, SECTORS)
    assert not other.any()


def test_an_investment_spends_its_profile_and_opens_capacity(
    default_inputs: EconomyInputs,
) -> None:
    table = pd.DataFrame(
        [
            {
                "status": "adopted",
                "start_year": 2015,  # spending before the base year is history
                "completion_year": 2018,
                "profile": "0.1;0.2;0.3;0.4",
                "cost_nok": 100.0,
                "self_financing": False,
                "vat_share": 0.2,
                "grant_nok": 10.0,
                "sector": "Barn og unge",
                "running_cost_nok": 7.0,
                "service": "barnehage",
                "capacity": 50.0,
            }
        ]
    )
    inv = register(table, YEARS, True, 1, SECTORS)
    assert inv.gross[0].tolist() == pytest.approx([0, 30, 40, 0, 0, 0, 0])
    assert inv.vat[0].tolist() == pytest.approx([0, 6, 8, 0, 0, 0, 0])
    assert inv.grants[0].tolist() == pytest.approx([0, 3, 4, 0, 0, 0, 0])
    assert not inv.gross[1].any()
    # open from the year after completion (capacity_lag_years = 1)
    assert inv.capacity["barnehage"].tolist() == [0, 0, 0, 50, 50, 50, 50]
    assert inv.running[0].tolist() == [0, 0, 0, 7, 7, 7, 7]


def test_a_population_of_the_wrong_shape_is_refused(default_inputs: EconomyInputs) -> None:
    with pytest.raises(ValueError, match="population: expected"):
        default_inputs.with_population(np.zeros((5, 2, 106)))
