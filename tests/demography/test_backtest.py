"""Back-testing against observed populations and the two naive methods."""

from __future__ import annotations

import numpy as np
import pytest

from handlingsrom.demography import DemographyError
from handlingsrom.demography import assumptions as asm
from handlingsrom.demography.backtest import (
    METHODS,
    backtest,
    constant_growth,
    hamilton_perry,
)


def test_backtest_2010_to_2017(default_dataset):
    r = backtest(default_dataset, 2010, 2017)
    e = r.errors
    assert set(e.method) == set(METHODS)
    assert sorted(set(e.year)) == list(range(2011, 2018))
    groups = ["0", "1-5", "6-15", "16-19", "20-66", "67-79", "80-89", "90+", "total"]
    assert list(r.error_table().index) == groups
    obs = asm.data_from_dataset(default_dataset).population(2017).sum()
    row = e[(e.year == 2017) & (e.group == "total") & (e.method == "cohort-component")].iloc[0]
    assert row.observed == obs
    assert row.error_pct == pytest.approx(100 * (row.projected - obs) / obs)
    mape = r.mape_by_year()
    assert list(mape.columns) == list(METHODS)
    # The engine beats constant growth on the age structure over seven years.
    assert mape.loc[2017, "cohort-component"] < mape.loc[2017, "constant-growth"]


def test_naive_methods(default_dataset):
    data = asm.data_from_dataset(default_dataset)
    cg = constant_growth(data, 2012, 3, 2)
    g = data.population(2012).sum() / data.population(2010).sum()
    assert cg[3].sum() == pytest.approx(data.population(2012).sum() * g**1.5)
    hp = hamilton_perry(data, 2016, 1, 1)
    p15, p16 = data.population(2015), data.population(2016)
    # With a one-year window the cohort-change ratios are those of 2015 → 2016.
    np.testing.assert_allclose(hp[1][:, 1:50], p16[:, :49] * (p16[:, 1:50] / p15[:, :49]))
    assert hp[1][:, 0] == pytest.approx(p16[:, 0] / p16[0, 15:50].sum() * hp[1][0, 15:50].sum())


def test_backtest_errors(default_dataset):
    with pytest.raises(DemographyError, match="only up to 2017"):
        backtest(default_dataset, 2010, 2020)
    with pytest.raises(DemographyError, match="after the base year"):
        backtest(default_dataset, 2012, 2011)


def test_backtest_intervals(default_dataset):
    r = backtest(default_dataset, 2012, 2015, n_paths=200)
    assert r.intervals is not None
    iv = r.intervals
    assert (iv["low"] <= iv["median"]).all() and (iv["median"] <= iv["high"]).all()
    inside = (iv.low <= iv.observed) & (iv.observed <= iv.high)
    assert (iv.inside == inside).all()
    cov = r.coverage()
    assert cov is not None and list(cov.index)[-1] == "total"
    assert ((cov >= 0) & (cov <= 1)).all()
