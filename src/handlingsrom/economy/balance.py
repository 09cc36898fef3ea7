"""Step 5 of a year: loans and funds, rolled forward in current prices (pure).

Debt, interest and fund returns are nominal, so the balance sheet is rolled year by year
in current prices (fixed amounts × the price index). Each year:

1. **Loans.** Existing loans (``loans.csv``) repay serially or as annuities at their own
   rates (floating = ``economy.interest_rate_floating``); new loans form two pools
   (non-profitable, self-financing), each repaid by balance / ``repayment_years``;
   ``fixed_share_new_loans`` of each year's new loans is fixed at that year's
   ``interest_rate_fixed`` for good, the rest floats.
2. **Result.** Net operating result = revenue − expenditure − net financial expenses +
   depreciation (the self-financing pool's capital costs are covered by fees).
3. **Funds by policy.** The result first protects the managed fund's real value, then keeps
   the buffer fund at its floor in today's prices, then finances equity at the rule's share
   of the non-profitable investments (VAT compensation counts as equity; never more);
   the rest goes to the buffer fund up to its cap and beyond it to the liquidity reserve
   (free reserves). A deficit the buffer fund cannot cover is met from the free reserves;
   only when they are spent does the buffer fund go below zero (an uncovered deficit).
   Loans finance what equity, VAT compensation and grants do not.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd


@dataclass
class ExistingLoans:
    """The loans of ``loans.csv`` (NOK of the accounts year's end), repaid as they say."""

    balance: np.ndarray
    remaining: np.ndarray
    fixed: np.ndarray
    fixed_rate: np.ndarray
    annuity: np.ndarray
    serial: np.ndarray

    @classmethod
    def of(cls, loans: pd.DataFrame) -> ExistingLoans:
        bal = loans["balance_nok"].to_numpy(dtype=float)
        years = loans["years"].to_numpy(dtype=float)
        return cls(
            balance=bal.copy(),
            remaining=years.copy(),
            fixed=(loans["rate_type"] == "fixed").to_numpy(),
            fixed_rate=loans["fixed_rate"].fillna(0.0).to_numpy(dtype=float),
            annuity=(loans["repayment"] == "annuity").to_numpy(),
            serial=bal / years,
        )

    def service(self, floating: float) -> tuple[np.ndarray, np.ndarray]:
        """This year's interest and repayment per loan at the ``floating`` rate."""
        rate = np.where(self.fixed, self.fixed_rate, floating)
        interest = self.balance * rate
        n = np.maximum(self.remaining, 1)
        with np.errstate(divide="ignore", invalid="ignore"):
            ann = np.where(rate > 0, self.balance * rate / (1 - (1 + rate) ** -n), self.balance / n)
        rep = np.where(self.annuity, ann - interest, self.serial)
        return interest, np.minimum(np.maximum(rep, 0.0), self.balance)

    def repay(self, repayment: np.ndarray) -> None:
        self.balance = self.balance - repayment
        self.remaining = np.maximum(self.remaining - 1, 0)


def existing_schedule(
    loans: pd.DataFrame | ExistingLoans, floating: np.ndarray
) -> tuple[np.ndarray, ...]:
    """(Y,) interest, repayment and year-end balance of the existing loans for the yearly
    ``floating`` rate; index 0 is the accounts year (balance: as it ended).

    ``loans`` is ``loans.csv`` or its parsed form (:meth:`ExistingLoans.of`, which a run
    parses once). Each loan is rolled on its own in plain floats (the same arithmetic as
    :meth:`ExistingLoans.service` and :meth:`ExistingLoans.repay`, without small arrays:
    a risk path runs this for its own floating rate)."""
    old = loans if isinstance(loans, ExistingLoans) else ExistingLoans.of(loans)
    rates = np.asarray(floating, dtype=float).tolist()
    Y, L = len(rates), len(old.balance)
    per_loan: list[tuple[list[float], list[float], list[float]]] = []
    for i in range(L):
        bal, remaining = float(old.balance[i]), float(old.remaining[i])
        fixed, annuity = bool(old.fixed[i]), bool(old.annuity[i])
        fixed_rate, serial = float(old.fixed_rate[i]), float(old.serial[i])
        row_int, row_rep, row_bal = [0.0] * Y, [0.0] * Y, [0.0] * Y
        for t in range(Y):
            rate = fixed_rate if fixed else rates[t]
            interest = bal * rate
            if annuity:
                n = max(remaining, 1.0)
                ann = bal * rate / (1 - (1 + rate) ** -n) if rate > 0 else bal / n
                rep = ann - interest
            else:
                rep = serial
            rep = min(max(rep, 0.0), bal)
            row_int[t], row_rep[t] = interest, rep
            if t > 0:
                bal -= rep
                remaining = max(remaining - 1, 0.0)
            row_bal[t] = bal
        per_loan.append((row_int, row_rep, row_bal))
    return tuple(
        np.array([_sum_like_numpy([row[k][t] for row in per_loan]) for t in range(Y)])
        for k in range(3)
    )


def _sum_like_numpy(values: list[float]) -> float:
    """``np.sum`` of a list, added in numpy's order: one after the other below 8 values,
    numpy's own pairwise sum from 8 on."""
    if len(values) >= 8:
        return float(np.sum(values))
    total = 0.0
    for v in values:
        total += v
    return total


@dataclass
class NewLoans:
    """New loans in two pools (non-profitable, self-financing), each with a fixed and a
    floating part; the fixed part keeps the weighted rate locked when its loans were
    taken. Plain floats: this runs once a year in the innermost loop."""

    fixed: list[float] = field(default_factory=lambda: [0.0, 0.0])
    floating: list[float] = field(default_factory=lambda: [0.0, 0.0])
    locked: list[float] = field(default_factory=lambda: [0.0, 0.0])

    def service(self, rate: float, years: float) -> tuple[list[float], list[float]]:
        """Interest and repayment per pool this year."""
        interest = [self.fixed[k] * self.locked[k] + self.floating[k] * rate for k in (0, 1)]
        return interest, [(self.fixed[k] + self.floating[k]) / years for k in (0, 1)]

    def repay_and_borrow(self, years: float, new: tuple[float, float], fixed_share: float,
                         fixed_rate: float) -> None:  # fmt: skip
        keep = 1 - 1 / years
        for k, amount in enumerate(new):
            old_fixed = self.fixed[k] * keep
            add_fixed = amount * fixed_share
            total = old_fixed + add_fixed
            if total > 0:
                self.locked[k] = (old_fixed * self.locked[k] + add_fixed * fixed_rate) / total
            self.fixed[k] = total
            self.floating[k] = self.floating[k] * keep + amount * (1 - fixed_share)

    @property
    def balance(self) -> float:
        return sum(self.fixed) + sum(self.floating)


@dataclass
class Funds:
    """Year-end fund balances, current prices."""

    buffer: float
    managed: float
    liquidity: float
    free: float


@dataclass(frozen=True)
class Financing:
    """One year's result and its use, current prices."""

    ndr: float
    protection: float
    equity: float
    to_reserve: float
    new_np: float
    new_sf: float


def finance(
    ndr: float,
    funds: Funds,
    price: float,
    *,
    protection: float,
    np_net: float,
    vat_np: float,
    sf_net: float,
    equity_share: float,
    floor: float,
    cap: float,
) -> Financing:
    """Use the year's result by the policy of the module docstring and update ``funds``."""
    funds.managed += protection
    own_needed = max(0.0, equity_share * np_net - vat_np)
    available = ndr - protection + funds.buffer - floor * price
    equity = min(own_needed, max(0.0, available))
    buffer = funds.buffer + ndr - protection - equity
    to_reserve = max(0.0, buffer - cap * price)
    buffer -= to_reserve
    funds.liquidity += buffer - funds.buffer + to_reserve
    funds.free += to_reserve
    if buffer < 0.0 < funds.free:
        # a deficit beyond the buffer fund is met from the free reserves before the buffer
        # fund goes below zero (a transfer between two funds: the liquidity is unchanged)
        draw = min(-buffer, funds.free)
        buffer += draw
        funds.free -= draw
    funds.buffer = buffer
    return Financing(ndr, protection, equity, to_reserve, np_net - vat_np - equity, sf_net)
