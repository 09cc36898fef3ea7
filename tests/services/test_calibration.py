"""The calibration year reproduces the KOSTRA accounts it was derived from."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from handlingsrom.dataset.model import Dataset
from handlingsrom.demography import base_population
from handlingsrom.services import catalogue, run_services

# The municipality's net operating expenditure in 2016 (KOSTRA, group accounts), NOK: the
# input the catalogue was built from, not an output of the model.
KOSTRA_NET_2016_NOK = 6_746_826_000
SHARED = Path(__file__).parents[3] / "shared" / "data" / "kostra_baerum_expenditure.csv"


def observed(ds: Dataset, first: int, last: int) -> tuple[np.ndarray, np.ndarray]:
    years = np.arange(first, last + 1)
    return np.stack([base_population(ds, int(y)) for y in years]), years


def test_every_service_is_in_a_sector_of_the_dataset(default_dataset: Dataset) -> None:
    sectors = default_dataset.sectors
    assert set(catalogue(default_dataset).sector) <= set(sectors.ids)
    assert sectors.central and sectors.central not in sectors.ids


def test_calibration_year_reproduces_kostra_per_service_and_in_total(
    default_dataset: Dataset,
) -> None:
    pop, years = observed(default_dataset, 2016, 2017)
    result = run_services(default_dataset, pop, years)
    table = default_dataset.table("services")
    expected = table["net_cost_nok"].to_numpy(dtype=float)
    assert result.years[0] == catalogue(default_dataset).calibration_year == 2016
    np.testing.assert_allclose(result.cost_nok[:, 0], expected, rtol=0, atol=0.01)
    assert abs(result.cost_nok[:, 0].sum() - KOSTRA_NET_2016_NOK) < 1.0
    assert table["net_cost_nok"].sum() == KOSTRA_NET_2016_NOK


@pytest.mark.skipif(not SHARED.exists(), reason="the shared KOSTRA file is not present")
def test_catalogue_matches_the_kostra_functions_it_names(default_dataset: Dataset) -> None:
    k = pd.read_csv(SHARED, dtype={"kostra_code": str})
    k = k[(k.year == 2016) & (k.measure == "net_operating_expenditure")]
    table = default_dataset.table("services")
    checked = 0
    for sid, codes, net in zip(table.service, table.kostra, table.net_cost_nok, strict=True):
        if sid == "residual":
            continue
        total = 0.0
        for code in codes.split("+"):
            level = "service_area" if code.startswith("FGK") else "kostra_function"
            row = k[(k.level == level) & (k.kostra_code == code)]
            assert len(row) == 1, (sid, code)
            total += float(row.amount_1000_nok.iloc[0]) * 1000
        assert net == pytest.approx(total, abs=0.5), sid
        checked += 1
    assert checked == len(table) - 1
    total = k[k.level == "municipality_total"].amount_1000_nok.iloc[0] * 1000
    assert table.net_cost_nok.sum() == total


def test_every_service_has_a_sector_and_sectors_sum_to_total(default_dataset: Dataset) -> None:
    pop, years = observed(default_dataset, 2010, 2017)
    result = run_services(default_dataset, pop, years)
    sectors = default_dataset.sectors.ids
    assert set(result.sector) <= set(sectors)
    by_sector = result.cost_by_sector()
    assert set(by_sector) == set(sectors)
    np.testing.assert_allclose(sum(by_sector.values()), result.total_cost(), rtol=1e-12)
    # The care services' cost rises with the number of old people in a back-test 2010→2017.
    i = result.services.index("institusjon")
    assert result.cost_nok[i, -1] > result.cost_nok[i, 0]


def test_fte_in_calibration_year_follows_gross_cost_and_wage_share(
    default_dataset: Dataset,
) -> None:
    pop, years = observed(default_dataset, 2016, 2017)
    result = run_services(default_dataset, pop, years)
    table = default_dataset.table("services")
    wage = default_dataset.parameters.value("services.wage_cost_per_fte_nok", 2016)
    staff_cost = table.gross_cost_nok.to_numpy(float) * table.wage_share.to_numpy(float)
    expected = np.maximum(staff_cost, 0) / wage
    np.testing.assert_allclose(result.fte[:, 0], expected, rtol=1e-9)


@pytest.mark.skipif(not SHARED.exists(), reason="the shared KOSTRA file is not present")
def test_back_test_2015_is_close_to_the_2015_accounts(default_dataset: Dataset) -> None:
    """Observed population 2010–2017 with 2016 unit costs: the large age-driven services'
    2015 cost lies within 6 % of the 2015 accounts (which are in 2015 prices)."""
    k = pd.read_csv(SHARED, dtype={"kostra_code": str})
    k = k[(k.year == 2015) & (k.measure == "net_operating_expenditure")]
    pop, years = observed(default_dataset, 2010, 2017)
    result = run_services(default_dataset, pop, years)
    table = default_dataset.table("services").set_index("service")
    t = list(years).index(2015)
    for sid in ("barnehage", "grunnskole", "hjemmetjenester", "institusjon"):
        actual = 0.0
        for code in str(table.loc[sid, "kostra"]).split("+"):
            level = "service_area" if code.startswith("FGK") else "kostra_function"
            row = k[(k.level == level) & (k.kostra_code == code)]
            actual += float(row.amount_1000_nok.iloc[0]) * 1000
        model = result.cost_nok[result.services.index(sid), t]
        assert abs(model / actual - 1) < 0.06, (sid, model, actual)
