"""The year's result and the funds (economy.balance.finance): a deficit is met by the buffer
fund, then by the free reserves; the buffer fund goes below zero only when both are spent."""

from __future__ import annotations

import pytest

from handlingsrom.economy.balance import Funds, finance


def _deficit(ndr: float, buffer: float, free: float) -> Funds:
    funds = Funds(buffer=buffer, managed=0.0, liquidity=buffer + free, free=free)
    finance(ndr, funds, 1.0, protection=0.0, np_net=0.0, vat_np=0.0, sf_net=0.0,
            equity_share=0.5, floor=0.0, cap=500.0)  # fmt: skip
    return funds


def test_a_deficit_beyond_the_buffer_fund_is_met_from_the_free_reserves() -> None:
    funds = _deficit(-300.0, buffer=100.0, free=1000.0)
    assert funds.buffer == 0.0
    assert funds.free == pytest.approx(800.0)
    assert funds.liquidity == pytest.approx(800.0)  # the cash falls by the deficit only


def test_the_buffer_fund_goes_below_zero_only_when_the_free_reserves_are_spent() -> None:
    funds = _deficit(-300.0, buffer=100.0, free=50.0)
    assert funds.free == 0.0
    assert funds.buffer == pytest.approx(-150.0)
    assert funds.liquidity == pytest.approx(-150.0)


def test_a_surplus_is_unchanged_by_the_rule() -> None:
    funds = _deficit(200.0, buffer=400.0, free=10.0)
    assert funds.buffer == pytest.approx(500.0)
    assert funds.free == pytest.approx(110.0)
