"""The yearly simulation (`simulate`, `EconomyResult`): the named steps in order.

1. prices (:mod:`~handlingsrom.economy.prices`): the deflator and the price index;
2. operating frames (:mod:`~handlingsrom.economy.frames`): each sector's items;
3. income system (:mod:`~handlingsrom.economy.income`): tax and block grant;
4. revenue (here): other general revenue calibrated to the accounts year, budget prudence;
5. investments (:mod:`~handlingsrom.economy.investments`): plan, execution, depreciation;
6. loans, result and funds (:mod:`~handlingsrom.economy.balance`), year by year in
   current prices since debt, interest and fund returns are nominal;
7. key figures (:mod:`~handlingsrom.economy.figures`) in fixed prices, and the rules.

Steps 2–5 compute all years at once in fixed prices of the base year. ``basis`` chooses
the **expected outcome** (what the model expects to happen: the investment plan executed
at the historical rate, the managed fund's expected return) or the **budget basis** (what
the action programme would show: the plan spent as adopted, the fund's budgeted return
and the revenue the budget holds back, ``economy.budget_result_margin``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from handlingsrom.economy.balance import Funds, NewLoans, finance
from handlingsrom.economy.figures import key_figures
from handlingsrom.economy.frames import SECTOR_ITEMS, OperatingFrames, operating_frames
from handlingsrom.economy.income import IncomeSystem, income_system
from handlingsrom.economy.inputs import EconomyInputs, with_params
from handlingsrom.economy.investments import BUDGET, EXPECTED, InvestmentPlan, investment_plan
from handlingsrom.economy.prices import price_index
from handlingsrom.economy.rules import INDICATORS, Rule
from handlingsrom.errors import HandlingsromError
from handlingsrom.params import ParameterSet

BASES: dict[str, str] = {
    EXPECTED: "expected outcome: what the model expects to happen",
    BUDGET: "budget basis: what the action programme would show",
}

CENTRAL_ITEMS: tuple[str, ...] = (
    "tax_income_wealth",
    "innbyggertilskudd",
    "expense_equalisation",
    "income_equalisation",
    "other_general_revenue",
    "depreciation",
    "interest_expenses",
    "repayments",
    "managed_fund_return",
    "other_financial_expenses",
    "net_operating_result",
    "equity_transfer",
    "managed_fund_protection",
)


@dataclass(frozen=True)
class EconomyResult:
    """Key figures, the operating budget by sector and the rule checks, per year."""

    years: np.ndarray
    key_figures: dict[str, np.ndarray]
    rules: list[Rule]
    rule_values: dict[str, np.ndarray]
    kept: dict[str, np.ndarray]
    sector_items: dict[str, np.ndarray]  # item -> (S, Y), fixed prices
    deflator_index: np.ndarray  # (Y,) price level relative to the base year
    accounts_year: dict[str, float] = field(default_factory=dict)  # modelled, base-year prices
    sectors: tuple[str, ...] = ()  # the sector ids, in the order of ``sector_items``' rows
    central: str = ""  # the id of the central items
    basis: str = EXPECTED  # "expected" (outcome) or "budget" (the action programme's view)

    def _factor(self, prices: str) -> np.ndarray:
        if prices == "fixed":
            return np.ones(len(self.years))
        if prices == "current":
            return self.deflator_index
        raise HandlingsromError(f"prices: expected fixed or current, found {prices!r}")

    def key_figures_frame(self, prices: str = "fixed") -> pd.DataFrame:
        """Long table ``year, indicator, value, unit`` (NOK amounts, shares in percent)."""
        f = self._factor(prices)
        parts = []
        for name, values in self.key_figures.items():
            unit = INDICATORS[name][0]
            scale = f if unit == "NOK" else 1.0
            parts.append(
                pd.DataFrame(
                    {"year": self.years, "indicator": name, "value": values * scale, "unit": unit}
                )
            )
        return pd.concat(parts, ignore_index=True).sort_values(["year"], kind="stable")

    def budget_frame(self, prices: str = "fixed") -> pd.DataFrame:
        """Long table ``year, sector, item, amount_nok``: each sector's frame from the base
        frame to gross expenditure, and the central items."""
        f = self._factor(prices)
        parts = []
        for item in SECTOR_ITEMS:
            arr = self.sector_items[item] * f
            for i, sector in enumerate(self.sectors):
                parts.append(
                    pd.DataFrame(
                        {"year": self.years, "sector": sector, "item": item, "amount_nok": arr[i]}
                    )
                )
        for item in CENTRAL_ITEMS:
            parts.append(
                pd.DataFrame(
                    {
                        "year": self.years,
                        "sector": self.central,
                        "item": item,
                        "amount_nok": self.key_figures[item] * f,
                    }
                )
            )
        return pd.concat(parts, ignore_index=True).sort_values(["year"], kind="stable")

    def rules_frame(self) -> pd.DataFrame:
        """Long table ``year, rule, value, threshold, kept`` (one row per rule and year)."""
        parts = [
            pd.DataFrame(
                {
                    "year": self.years,
                    "rule": r.id,
                    "value": self.rule_values[r.id],
                    "threshold": r.threshold,
                    "kept": self.kept[r.id],
                }
            )
            for r in self.rules
        ]
        if not parts:
            return pd.DataFrame(columns=["year", "rule", "value", "threshold", "kept"])
        return pd.concat(parts, ignore_index=True).sort_values(["year"], kind="stable")

    def accounts_frame(self) -> pd.DataFrame:
        """The modelled accounts year (the year before the base year) in its own prices:
        ``indicator, value, unit``; compare with the accounts it was calibrated to."""
        to_current = self.accounts_year.get("deflator_index", 1.0)
        rows = [
            {
                "indicator": name,
                "value": value * (to_current if INDICATORS[name][0] == "NOK" else 1.0),
                "unit": INDICATORS[name][0],
            }
            for name, value in self.accounts_year.items()
        ]
        return pd.DataFrame(rows)

    def at(self, indicator: str, year: int) -> float:
        """One key figure in one year (fixed prices)."""
        idx = int(np.searchsorted(self.years, year))
        if idx >= len(self.years) or self.years[idx] != year:
            raise HandlingsromError(f"year {year} is outside {self.years[0]}–{self.years[-1]}")
        return float(self.key_figures[indicator][idx])


def simulate(
    inputs: EconomyInputs,
    params: ParameterSet | None = None,
    savings_nok: np.ndarray | None = None,
    basis: str = EXPECTED,
) -> EconomyResult:
    """Roll the economy forward from the accounts year to the end year.

    ``params`` overrides economy parameters (other layers' parameters need a new
    `prepare`). ``savings_nok`` (S, Y): extra restructuring savings in NOK, fixed
    base-year prices, for the plan years base..end; positive = lower expenditure.
    ``basis``: ``"expected"`` (default) or ``"budget"`` (see the module docstring).
    """
    if params is not None and len(params):
        inputs = with_params(inputs, params)
    return prepare_run(inputs, basis).simulate(savings_nok)


@dataclass(frozen=True)
class PreparedRun:
    """Steps 1–5 of a run, which extra savings do not change: prices, the sector frames
    without extra savings, the income system, the investments and the other revenue.

    ``simulate(savings_nok)`` adds the savings to the frames and runs steps 6–7; the
    savings solver calls it for every path it tries (hundreds of times a solve), so the
    work that does not depend on the savings is done once (:func:`prepare_run`)."""

    inputs: EconomyInputs
    basis: str
    price: np.ndarray
    frames: OperatingFrames  # with no extra savings
    income: IncomeSystem
    invest: InvestmentPlan
    revenue: Revenue

    def simulate(self, savings_nok: np.ndarray | None = None) -> EconomyResult:
        """The run with extra restructuring savings (S, Y) in NOK (see :func:`simulate`)."""
        inputs = self.inputs
        extra = _extra_savings(inputs, savings_nok)
        frames = self.frames
        if extra.any():
            items = dict(frames.items)
            net = frames.items["net_operating_expenditure"] - extra
            items["extra_savings"] = extra
            items["net_operating_expenditure"] = net
            items["gross_operating_expenditure"] = net + frames.items["specific_revenue"]
            frames = OperatingFrames(items)
        rolled = _roll_forward(inputs, self.price, frames, self.invest, self.revenue, self.basis)
        kf = key_figures(inputs, self.price, frames, self.income, self.invest, self.revenue, rolled)
        return _result(inputs, kf, frames, self.price, self.basis)


def prepare_run(inputs: EconomyInputs, basis: str = EXPECTED) -> PreparedRun:
    """The savings-independent part of a run on ``inputs`` (see :class:`PreparedRun`)."""
    if basis not in BASES:
        raise HandlingsromError(f"basis: expected one of {', '.join(BASES)}, found {basis!r}")
    price = price_index(inputs.static.series)
    frames = operating_frames(inputs, _extra_savings(inputs, None))
    income = income_system(inputs)
    invest = investment_plan(inputs, basis)
    revenue = _revenue(inputs, frames, income, invest, basis)
    return PreparedRun(inputs, basis, price, frames, income, invest, revenue)


def _extra_savings(inputs: EconomyInputs, savings_nok: np.ndarray | None) -> np.ndarray:
    S, Y = len(inputs.static.sectors), len(inputs.static.years)
    extra = np.zeros((S, Y))
    if savings_nok is not None:
        sv = np.asarray(savings_nok, dtype=float)
        if sv.shape != (S, Y - 1):
            raise ValueError(f"savings_nok: expected shape ({S}, {Y - 1}), found {sv.shape}")
        extra[:, 1:] = sv
    return extra


@dataclass(frozen=True)
class Revenue:
    """Operating revenue besides the balance sheet's, fixed prices (Y,)."""

    fixed: np.ndarray  # free + other general + sectors' specific − budget prudence
    other_general: np.ndarray
    prudence: np.ndarray
    other_financial: float  # other net financial expenses (calibrated), fixed prices
    accounts_nfe: float  # the accounts year's net financial expenses, base-year prices


def _revenue(
    inputs: EconomyInputs,
    frames: OperatingFrames,
    income: IncomeSystem,
    invest: InvestmentPlan,
    basis: str,
) -> Revenue:
    """Other general revenue: the accounts year's revenue not explained by the income
    system and the sectors' fees, held per inhabitant. Other net financial expenses: the
    accounts year's not explained by the loans and the fund. Budget prudence (budget
    basis only): ``budget_result_margin`` × revenue."""
    st = inputs.static
    b, k, s = st.base, st.to_base_prices, st.series
    pop = inputs.pop_total
    specific = frames.specific.sum(axis=0)
    other_pc = (b["operating_revenue"] - specific[0] - income.free_revenue[0]) / pop[0]
    other_general = other_pc * pop
    total = income.free_revenue + other_general + specific
    prudence = np.zeros(len(total))
    if basis == BUDGET:
        prudence[1:] = s["budget_result_margin"][1:] * total[1:]
    nfe_acc = (b["operating_revenue"] - b["gross_operating_expenditure"]) - (
        b["net_operating_result"] - b["depreciation"]
    )
    interest, repayment, _ = st.existing_loans(s["interest_rate_floating"])
    liquidity = b["liquidity_reserve"] / k * float(s["liquidity_return"][0])
    modelled = (interest[0] + repayment[0] - b["managed_fund_return"] / k - liquidity) * k
    return Revenue(total - prudence, other_general, prudence, nfe_acc - modelled, nfe_acc / k)


def _roll_forward(
    inputs: EconomyInputs,
    price: np.ndarray,
    frames: OperatingFrames,
    invest: InvestmentPlan,
    revenue: Revenue,
    basis: str,
) -> dict[str, np.ndarray]:
    """Loans, result and funds of every year in current prices (the accounts year from the
    accounts, as they were).

    The years are a loop in plain floats (each series read once as a list): the savings
    solver and the risk paths run it thousands of times; the arithmetic is that of numpy's
    float64, in the same order."""
    st = inputs.static
    s, b, k = st.series, st.base, st.to_base_prices
    Y = len(st.years)
    fund_rate = s["managed_fund_return"]
    if basis == BUDGET and "managed_fund_return_budget" in s:
        fund_rate = s["managed_fund_return_budget"]
    gross_exp = frames.gross.sum(axis=0) + invest.depreciation
    old_int, old_rep, old_bal = st.existing_loans(s["interest_rate_floating"])
    new = NewLoans()
    funds = Funds(b["buffer_fund"] / k, b["managed_fund"] / k, b["liquidity_reserve"] / k,
                  b["free_reserves"] / k)  # fmt: skip
    rows = {n: [0.0] * Y for n in ROLLED}
    _store(rows, 0, float(old_bal[0]), new, funds, interest=float(old_int[0]),
           repayments=float(old_rep[0]), fund_return=b["managed_fund_return"] / k,
           nfe=revenue.accounts_nfe, ndr=b["net_operating_result"] / k,
           liquidity_return=funds.liquidity * float(s["liquidity_return"][0]))  # fmt: skip
    prices = price.tolist()
    floating_rates = s["interest_rate_floating"].tolist()
    repayment_years = s["repayment_years"].tolist()
    fund_rates = np.asarray(fund_rate, dtype=float).tolist()
    liquidity_rates = s["liquidity_return"].tolist()
    protection_rates = (s["price_growth"] * s["managed_fund_protection"]).tolist()
    equity_shares = s["equity_share_target"].tolist()
    floors, caps = s["buffer_fund_floor"].tolist(), s["buffer_fund_cap"].tolist()
    fixed_shares, fixed_rates = (
        s["fixed_share_new_loans"].tolist(),
        s["interest_rate_fixed"].tolist(),
    )
    old_interest, old_repayment, old_balance = old_int.tolist(), old_rep.tolist(), old_bal.tolist()
    result_before = (revenue.fixed - gross_exp + invest.depreciation).tolist()
    np_net = (invest.gross_np - invest.grants_np).tolist()
    vat_np = invest.vat_np.tolist()
    sf_net = (invest.gross_sf - invest.vat_sf - invest.grants_sf).tolist()
    other_financial = revenue.other_financial
    for t in range(1, Y):
        p, floating, n_rep = prices[t], floating_rates[t], repayment_years[t]
        pool_int, pool_rep = new.service(floating, n_rep)
        interest = old_interest[t] + pool_int[0] + pool_int[1]
        repayments = old_repayment[t] + pool_rep[0] + pool_rep[1]
        ret = funds.managed * fund_rates[t]
        liq_ret = funds.liquidity * liquidity_rates[t]
        nfe = interest + repayments - ret - liq_ret + other_financial * p
        sf_fees = pool_int[1] + pool_rep[1]
        ndr = result_before[t] * p + sf_fees - nfe
        fin = finance(
            ndr,
            funds,
            p,
            protection=funds.managed * protection_rates[t],
            np_net=np_net[t] * p,
            vat_np=vat_np[t] * p,
            sf_net=sf_net[t] * p,
            equity_share=equity_shares[t],
            floor=floors[t],
            cap=caps[t],
        )
        new.repay_and_borrow(n_rep, (fin.new_np, fin.new_sf), fixed_shares[t], fixed_rates[t])
        _store(rows, t, old_balance[t], new, funds, interest=interest, repayments=repayments,
               fund_return=ret, liquidity_return=liq_ret, nfe=nfe, ndr=ndr, sf_fees=sf_fees,
               protection=fin.protection,
               equity=fin.equity, new_loans=fin.new_np + fin.new_sf)  # fmt: skip
    return {n: np.array(v) for n, v in rows.items()}


ROLLED: tuple[str, ...] = (
    "interest", "repayments", "fund_return", "liquidity_return", "nfe", "sf_fees", "ndr",
    "protection", "equity", "new_loans", "debt", "buffer", "managed", "liquidity", "free",
)  # fmt: skip


def _store(
    out: dict[str, list[float]],
    t: int,
    old_balance: float,
    new: NewLoans,
    funds: Funds,
    **flows: float,
) -> None:
    for name, value in flows.items():
        out[name][t] = value
    out["debt"][t] = old_balance + new.balance
    out["buffer"][t], out["managed"][t] = funds.buffer, funds.managed
    out["liquidity"][t], out["free"][t] = funds.liquidity, funds.free


def _result(
    inputs: EconomyInputs,
    kf: dict[str, np.ndarray],
    frames: OperatingFrames,
    price: np.ndarray,
    basis: str,
) -> EconomyResult:
    """The plan years of every figure, the rules checked on them, the accounts year apart."""
    st = inputs.static
    plan = slice(1, len(st.years))
    figures = {name: v[plan] for name, v in kf.items()}
    rule_values = {r.id: figures[r.indicator] for r in st.rules}
    return EconomyResult(
        years=st.years[plan],
        key_figures=figures,
        rules=list(st.rules),
        rule_values=rule_values,
        kept={r.id: r.check(rule_values[r.id]) for r in st.rules},
        sector_items={name: v[:, plan] for name, v in frames.items.items()},
        deflator_index=price[plan],
        accounts_year={name: float(v[0]) for name, v in kf.items()},
        sectors=st.sectors,
        central=st.central,
        basis=basis,
    )
