"""The national back-test harness on a handful of municipalities and base years."""

from __future__ import annotations

import numpy as np
import pytest

from handlingsrom.demography import noise
from handlingsrom.demography.backtest import hamilton_perry
from handlingsrom.demography.projection import project_data
from handlingsrom.national import backtest as bt
from handlingsrom.national import data
from handlingsrom.national.methods import BENCHMARKS, by_name, candidates

SMALL = ("0301", "3201", "1151")  # Oslo, Bærum, Utsira (the smallest)


@pytest.fixture(scope="module")
def result() -> bt.BacktestArrays:
    nd = data.load()
    methods = by_name(["default", "level-w12-f0", "rate-w3-f0"])
    return bt.backtest_chunk([(n, nd.municipality(n)) for n in SMALL], [2006, 2010, 2012], methods)


def test_shapes_horizons_and_benchmarks(result):
    assert result.methods == ("default", "level-w12-f0", "rate-w3-f0", *BENCHMARKS)
    assert result.projected.shape == (3, 3, 10, 5, 9)
    # Never past 2017: base 2012 has horizons 1–5 only, base 2006 has 1–10.
    assert (
        np.isnan(result.observed[:, 2, 5:]).all() and not np.isnan(result.observed[:, 2, :5]).any()
    )
    assert not np.isnan(result.observed[:, 0]).any()


def test_projection_and_observation_are_the_real_ones(result):
    nd = data.load()
    d = nd.municipality("3201")
    p = project_data(d, 2010, 2017, by_name(["level-w12-f0"])[0].params())
    # Bærum (row 1), base 2010 (column 1), horizon 7, method 1, group "total" (last).
    assert result.projected[1, 1, 6, 1, -1] == pytest.approx(p.total()[-1])
    assert result.observed[1, 1, 6, -1] == d.population(2017).sum()
    hp = hamilton_perry(d, 2010, 7, 5)
    assert result.projected[1, 1, 6, 4, -1] == pytest.approx(hp[-1].sum())
    err = result.errors_pct()[1, 1, 6, 1, -1]
    assert err == pytest.approx(100 * (p.total()[-1] / d.population(2017).sum() - 1))


def test_criterion_weights_horizons_and_size_classes_equally(result):
    crit = bt.criterion(result)
    assert list(crit.index) == list(result.methods)
    # Recompute by hand for one method: horizons × size classes, age groups only.
    ape = np.abs(result.errors_pct())[..., :8]
    cls = bt.size_class(result.base_total)
    by_h = []
    for h in range(10):
        seen = ~np.isnan(result.observed[:, :, h, 0])
        per = [np.nanmean(ape[:, :, h, 0][(cls == c) & seen]) for c in set(cls[seen].tolist())]
        by_h.append(np.mean(per))
    assert crit["default"] == pytest.approx(np.mean(by_h))
    head = bt.headline(result)
    assert head.criterion.is_monotonic_increasing
    assert {"total_h5", "groups_h5", "total_h10", "groups_h10"} <= set(head.columns)


def test_summary_and_errors_frames(result):
    s = bt.summary(result)
    assert set(s.size_class) >= {"all", "≥ 50 000", "< 2 000"}
    row = s[(s.method == "default") & (s.horizon == 1) & (s.size_class == "all")]
    assert set(row.group) == {g[0] for g in bt.GROUPS}
    e = bt.errors_frame(result)
    assert len(e) == int((~np.isnan(result.projected[..., 0])).sum())
    assert e.horizon.between(1, 10).all() and set(e.municipality) == set(SMALL)


def test_pit_and_coverage():
    nd = data.load()
    d = nd.municipality("3201")
    prm = by_name(["default"])[0].params()
    a = bt.pit_municipality(d, "3201", [2010, 2012], prm, 40, seed=3)
    b = bt.pit_municipality(d, "3201", [2010, 2012], prm, 40, seed=3)
    np.testing.assert_array_equal(a, b)
    valid = a[~np.isnan(a)]
    assert ((valid >= 0) & (valid <= 1)).all()
    cov = bt.coverage(a[None])
    assert set(cov.columns) >= {"horizon", "group", "inside_80", "inside_95"}
    assert (cov.inside_95 >= cov.inside_80).all()
    hist = bt.pit_histogram(a[None])
    assert hist.groupby("what").share.sum().to_numpy() == pytest.approx([1.0, 1.0])


def test_candidates_are_distinct():
    names = [m.name for m in candidates()]
    assert len(names) == len(set(names)) == 54 + 5
    settings = {m.settings for m in candidates()}
    assert len(settings) == 54 + 5


def test_the_noise_table_is_the_one_the_embedded_data_gives():
    nd = data.load()
    measured = bt.residual_variance_schedule([(n, nd.municipality(n)) for n in nd.numbers])
    np.testing.assert_allclose(noise.RESIDUAL_VARIANCE, measured, atol=0.00005 + 1e-12)
