"""Restructuring that funds new needs: `economy.restructuring_net_share` and the `new_needs`
budget item (nye behov finansiert av omstilling)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from handlingsrom.economy import EconomyInputs, EconomyResult, simulate
from handlingsrom.params import ParameterSet
from tests.economy.test_identities import check_identities

SHARE = "economy.restructuring_net_share"


def with_share(inputs: EconomyInputs, share: float) -> ParameterSet:
    base = inputs.static.params[SHARE]
    return ParameterSet([base.overridden({y: share for y in range(2016, 2058)})])


def test_the_default_share_is_the_published_hp_2016_ratio(default_inputs: EconomyInputs) -> None:
    ps = default_inputs.static.params
    assert ps.value(SHARE, 2017) == pytest.approx(27 / 128, abs=1e-4)
    assert ps.value(SHARE, 2040) == pytest.approx(27 / 128, abs=1e-4)


def test_new_needs_is_the_unsaved_part_of_each_sectors_restructuring(
    default_inputs: EconomyInputs, default_result: EconomyResult
) -> None:
    share = default_inputs.static.params.value(SHARE, 2017)
    items = default_result.sector_items
    restructuring = items["restructuring"]
    assert (restructuring >= 0).all() and restructuring.sum() > 0  # savings are positive
    np.testing.assert_allclose(items["new_needs"], (1 - share) * restructuring)
    assert (items["new_needs"][:, :3].sum(axis=0) > 0).all()


def test_gross_and_net_restructuring_key_figures(default_result: EconomyResult) -> None:
    r = default_result
    # the gross figure stays the published headline
    assert r.at("restructuring", 2017) == pytest.approx(118e6)
    assert r.at("restructuring", 2019) == pytest.approx(228e6)
    assert r.at("restructuring_net", 2017) == pytest.approx(118e6 * 27 / 128, rel=1e-3)
    np.testing.assert_allclose(
        r.key_figures["restructuring_net"],
        r.key_figures["restructuring"] - r.sector_items["new_needs"].sum(axis=0),
    )


def test_share_one_reproduces_the_old_result(default_inputs: EconomyInputs) -> None:
    """Share 1.0: no new needs, and the net operating result rises by exactly the new-needs
    amount of the default (fixed prices) in the years before the balance sheet feeds back
    (the first plan year; later years also earn interest on the difference)."""
    default = simulate(default_inputs)
    full = simulate(default_inputs, with_share(default_inputs, 1.0))
    assert not full.sector_items["new_needs"].any()
    np.testing.assert_array_equal(
        full.key_figures["restructuring_net"], full.key_figures["restructuring"]
    )
    needs = default.sector_items["new_needs"].sum(axis=0)
    # lower frames: net operating expenditure falls by exactly the new needs, every year
    np.testing.assert_allclose(
        default.key_figures["net_operating_expenditure"]
        - full.key_figures["net_operating_expenditure"],
        needs,
        rtol=1e-9,
    )
    np.testing.assert_allclose(
        full.key_figures["net_operating_result"][0]
        - default.key_figures["net_operating_result"][0],
        needs[0],
        rtol=1e-9,
    )
    # revenue does not depend on the share
    np.testing.assert_allclose(
        full.key_figures["operating_revenue"], default.key_figures["operating_revenue"]
    )


def test_extra_savings_are_not_reduced_by_the_share(default_inputs: EconomyInputs) -> None:
    Y = len(default_inputs.static.years) - 1
    savings = np.zeros((len(default_inputs.static.restructuring), Y))
    savings[0, :] = 50e6
    base = simulate(default_inputs)
    more = simulate(default_inputs, savings_nok=savings)
    np.testing.assert_allclose(
        base.key_figures["net_operating_expenditure"]
        - more.key_figures["net_operating_expenditure"],
        50e6,
    )
    np.testing.assert_allclose(
        more.key_figures["restructuring_net"] - base.key_figures["restructuring_net"], 50e6
    )
    np.testing.assert_allclose(more.sector_items["new_needs"], base.sector_items["new_needs"])


@settings(max_examples=10, deadline=None)
@given(share=st.floats(min_value=0.0, max_value=1.0))
def test_identities_hold_for_any_share(default_inputs: EconomyInputs, share: float) -> None:
    r = simulate(default_inputs, with_share(default_inputs, share))
    check_identities(r)
    np.testing.assert_allclose(
        r.sector_items["new_needs"], (1 - share) * r.sector_items["restructuring"]
    )
