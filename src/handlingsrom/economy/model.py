"""The yearly simulation: operating budget, revenues, financing, loans, funds, key figures
and financial rules (`simulate`, `EconomyResult`).

Operating items are computed for all years at once in fixed prices of the base year; the
balance sheet (loans, funds) is rolled forward year by year in current prices, since
debt, interest and fund returns are nominal. Key figures are reported in fixed prices
(current-price amounts divided by the deflator index) unless current prices are asked for.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from handlingsrom.economy.inputs import EconomyInputs, cost_index, with_params
from handlingsrom.economy.rules import INDICATORS, Rule
from handlingsrom.errors import HandlingsromError
from handlingsrom.params import ParameterSet

SECTOR_ITEMS: tuple[str, ...] = (
    "base_frame",
    "demographic_compensation",
    "service_changes",
    "restructuring",
    "new_needs",
    "initiatives",
    "investment_operating_costs",
    "extra_savings",
    "net_operating_expenditure",
    "specific_revenue",
    "gross_operating_expenditure",
)
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
) -> EconomyResult:
    """Roll the economy forward from the accounts year to the end year.

    ``params`` overrides economy parameters (other layers' parameters need a new
    `prepare`). ``savings_nok`` (S, Y): extra restructuring savings in NOK, fixed
    base-year prices, for the plan years base..end; positive = lower expenditure.
    """
    if params is not None and len(params):
        inputs = with_params(inputs, params)
    st = inputs.static
    s = st.series
    years = st.years
    Y = len(years)
    S = len(st.sectors)
    extra = np.zeros((S, Y))
    if savings_nok is not None:
        sv = np.asarray(savings_nok, dtype=float)
        if sv.shape != (S, Y - 1):
            raise ValueError(f"savings_nok: expected shape ({S}, {Y - 1}), found {sv.shape}")
        extra[:, 1:] = sv

    # ---------------------------------------------------------------- prices
    deflator = s["wage_growth"] * s["deflator_wage_share"] + s["price_growth"] * (
        1 - s["deflator_wage_share"]
    )
    growth = np.ones(Y)
    growth[2:] = 1 + deflator[2:]
    price = np.cumprod(growth)  # 1 in the base year (index 1)
    price[0] = 1 / st.to_base_prices

    # ---------------------------------------------------------------- operating, fixed prices
    comp = s["compensation_rate"]
    cost = inputs.sector_cost
    pressure = inputs.sector_pressure
    # The frames start from the accounts' net expenditure of each sector (a sector's services
    # need not cover all of it); from there they move with the services' cost.
    base_frame = np.repeat(st.sector_net[:, None], Y, axis=1)
    cum_pressure = np.cumsum(pressure * np.where(np.arange(Y) >= 1, 1.0, 0.0), axis=1)
    demo_comp = np.cumsum(comp * pressure * (np.arange(Y) >= 1), axis=1)
    service_changes = cost - cost[:, :1] - cum_pressure
    # nye behov finansiert av omstilling: the part of the restructuring (negative = saving)
    # that funds new needs rather than lowering the frames
    new_needs = -(1.0 - s["restructuring_net_share"]) * st.restructuring
    net = (
        base_frame
        + demo_comp
        + service_changes
        + st.restructuring
        + new_needs
        + st.initiatives
        + st.running_costs
        - extra
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        activity = np.where(cost[:, :1] != 0, cost / cost[:, :1], 1.0)
    specific = (st.sector_gross - st.sector_net)[:, None] * activity
    gross_sector = net + specific

    pop = inputs.pop_total
    b = st.base
    k = st.to_base_prices
    years_since = years - years[0]
    nat_tax = s["national_tax_per_inhabitant"] * k * (1 + s["tax_real_growth"]) ** years_since
    tax_pc = s["tax_relative_to_national"] * nat_tax
    tax = tax_pc * pop
    gap = tax_pc - nat_tax
    extra_comp = s["income_equalisation_extra_rate"] * np.maximum(
        0.0, s["income_equalisation_extra_threshold"] * nat_tax - tax_pc
    )
    income_eq = pop * (
        -s["income_equalisation_rate"] * gap + extra_comp - s["income_equalisation_financing"] * k
    )
    index, national_need = cost_index(st, inputs.age_shares)
    innb = s["innbyggertilskudd"] * national_need ** s["state_demographic_compensation"] * pop
    expense_eq = (index - 1) * s["expense_need_per_inhabitant"] * national_need * pop
    specific_total = specific.sum(axis=0)
    other_pc = (
        b["operating_revenue"] - specific_total[0] - tax[0] - income_eq[0] - innb[0] - expense_eq[0]
    ) / pop[0]
    other_general = other_pc * pop

    # depreciation grows with investment (fixed prices)
    inv_generic = np.where(years >= s["investment_generic_from"], 1.0, 0.0)
    inv_generic[0] = 0.0
    generic = s["investment_per_inhabitant"] * pop * inv_generic
    sf_share = s["investment_self_financing_share"]
    zero = np.zeros(Y)
    cap_inv = zero if inputs.capacity_invest is None else inputs.capacity_invest
    cap_vat = zero if inputs.capacity_vat is None else inputs.capacity_vat
    cap_grants = zero if inputs.capacity_grants is None else inputs.capacity_grants
    inv_np = st.invest_gross[0] + generic * (1 - sf_share) + cap_inv
    inv_sf = st.invest_gross[1] + generic * sf_share
    vat_np = st.invest_vat[0] + generic * (1 - sf_share) * s["investment_vat_share"] + cap_vat
    vat_sf = st.invest_vat[1]
    grants_np = st.invest_grants[0] + cap_grants
    grants_sf = st.invest_grants[1]
    invest = inv_np + inv_sf
    life = s["asset_life"]
    # existing assets run out linearly over the asset life (their replacement is part of the
    # investment level); new investment is depreciated from the year after
    run_out = np.clip(1 - years_since / life, 0.0, 1.0)
    dep = b["depreciation"] * run_out + np.concatenate([[0.0], np.cumsum(invest[:-1] / life[1:])])
    gross_exp = gross_sector.sum(axis=0) + dep
    revenue_fixed = tax + income_eq + innb + expense_eq + other_general + specific_total

    # ---------------------------------------------------------------- accounts-year calibration
    # Balances are nominal: the accounts year's year-end balances enter the base year as they
    # are; flows of the accounts year are converted back from base-year prices with ``k``.
    nfe_acc = (
        (b["operating_revenue"] - b["gross_operating_expenditure"])
        - (b["net_operating_result"] - b["depreciation"])
    ) / k
    return_acc = b["managed_fund_return"] / k
    loans = st.loans
    bal = loans["balance_nok"].to_numpy(dtype=float)
    lyears = loans["years"].to_numpy(dtype=float)
    fixed = (loans["rate_type"] == "fixed").to_numpy()
    fixed_rate = loans["fixed_rate"].fillna(0.0).to_numpy(dtype=float)
    annuity = (loans["repayment"] == "annuity").to_numpy()
    floating = s["interest_rate_floating"]
    serial_rep = bal / lyears

    def existing_service(
        balance: np.ndarray, remaining: np.ndarray, rate_float: float
    ) -> tuple[np.ndarray, np.ndarray]:
        rate = np.where(fixed, fixed_rate, rate_float)
        interest = balance * rate
        with np.errstate(divide="ignore", invalid="ignore"):
            ann = np.where(
                rate > 0,
                balance * rate / (1 - (1 + rate) ** -np.maximum(remaining, 1)),
                balance / np.maximum(remaining, 1),
            )
        rep = np.where(annuity, ann - interest, serial_rep)
        rep = np.minimum(np.maximum(rep, 0.0), balance)
        return interest, rep

    i0, r0 = existing_service(bal, lyears, float(floating[0]))
    other_fin = (nfe_acc - (i0.sum() + r0.sum() - return_acc)) * k  # base-year prices

    # ---------------------------------------------------------------- roll forward, current prices
    fixed_share = s["fixed_share_new_loans"]
    fixed_new = s["interest_rate_fixed"]
    n_rep = s["repayment_years"]
    kf = {name: np.full(Y, np.nan) for name in INDICATORS}
    out_interest = np.zeros(Y)
    out_rep = np.zeros(Y)
    out_return = np.zeros(Y)
    out_nfe = np.zeros(Y)
    out_sf_fees = np.zeros(Y)
    out_ndr = np.zeros(Y)
    out_protect = np.zeros(Y)
    out_equity = np.zeros(Y)
    out_loans = np.zeros(Y)
    out_debt = np.zeros(Y)
    out_buffer = np.zeros(Y)
    out_mf = np.zeros(Y)
    out_liq = np.zeros(Y)
    out_free = np.zeros(Y)

    # new loans: [non-profitable, self-financing] x [fixed, floating] balances; the fixed
    # part keeps the average rate locked when its loans were taken
    pools = np.zeros((2, 2))
    locked = np.zeros(2)
    pool_np = pool_sf = 0.0
    remaining = lyears.copy()
    buffer = b["buffer_fund"] / k
    mf = b["managed_fund"] / k
    liq = b["liquidity_reserve"] / k
    free = b["free_reserves"] / k
    out_debt[0] = bal.sum() + pool_np + pool_sf
    out_buffer[0], out_mf[0], out_liq[0], out_free[0] = buffer, mf, liq, free
    out_nfe[0] = nfe_acc
    out_ndr[0] = b["net_operating_result"] / k
    out_interest[0], out_rep[0], out_return[0] = i0.sum(), r0.sum(), return_acc
    floor = s["buffer_fund_floor"]
    cap = s["buffer_fund_cap"]
    for t in range(1, Y):
        p = price[t]
        ie, re = existing_service(bal, remaining, float(floating[t]))
        rates = np.array([locked, [floating[t], floating[t]]]).T  # (2 pools, fixed/floating)
        pool_int = (pools * rates).sum(axis=1)
        pool_rep = pools / float(n_rep[t])
        rep_np, rep_sf = float(pool_rep[0].sum()), float(pool_rep[1].sum())
        int_np, int_sf = float(pool_int[0]), float(pool_int[1])
        interest = float(ie.sum()) + int_np + int_sf
        rep = float(re.sum()) + rep_np + rep_sf
        ret = mf * float(s["managed_fund_return"][t])
        nfe = interest + rep - ret + other_fin * p
        sf_fees = int_sf + rep_sf
        revenue = revenue_fixed[t] * p + sf_fees
        expenditure = gross_exp[t] * p
        ndr = revenue - expenditure - nfe + dep[t] * p
        protect = mf * float(s["price_growth"][t]) * float(s["managed_fund_protection"][t])
        mf += protect
        np_net = (inv_np[t] - grants_np[t]) * p
        own_needed = max(0.0, float(s["equity_share_target"][t]) * np_net - vat_np[t] * p)
        # the result first keeps the buffer fund at its floor in today's prices (a nominal
        # balance left flat would erode with inflation), then finances equity
        available = ndr - protect + buffer - float(floor[t]) * p
        equity = min(own_needed, max(0.0, available))
        # a surplus above the buffer cap finances investments instead of loans
        above_cap = buffer + ndr - protect - equity - float(cap[t]) * p
        if above_cap > 0:
            equity += min(above_cap, max(0.0, np_net - vat_np[t] * p - equity))
        new_buffer = buffer + ndr - protect - equity
        new_np = np_net - vat_np[t] * p - equity
        new_sf = (inv_sf[t] - vat_sf[t] - grants_sf[t]) * p
        bal = bal - re
        remaining = np.maximum(remaining - 1, 0)
        pools -= pool_rep
        fs = float(fixed_share[t])
        for k_pool, new in enumerate((new_np, new_sf)):
            add_fixed = new * fs
            total_fixed = pools[k_pool, 0] + add_fixed
            if total_fixed > 0:
                locked[k_pool] = (
                    pools[k_pool, 0] * locked[k_pool] + add_fixed * float(fixed_new[t])
                ) / total_fixed
            pools[k_pool, 0] = total_fixed
            pools[k_pool, 1] += new * (1 - fs)
        pool_np, pool_sf = float(pools[0].sum()), float(pools[1].sum())
        liq += new_buffer - buffer
        buffer = new_buffer
        out_interest[t], out_rep[t], out_return[t], out_nfe[t] = interest, rep, ret, nfe
        out_sf_fees[t], out_ndr[t], out_protect[t], out_equity[t] = sf_fees, ndr, protect, equity
        out_loans[t] = new_np + new_sf
        out_debt[t] = float(bal.sum()) + pool_np + pool_sf
        out_buffer[t], out_mf[t], out_liq[t], out_free[t] = buffer, mf, liq, free

    # ---------------------------------------------------------------- key figures (fixed prices)
    def fixed_p(x: np.ndarray) -> np.ndarray:
        return x / price

    revenue_all = revenue_fixed + fixed_p(out_sf_fees)
    kf["population"] = pop
    kf["tax_income_wealth"] = tax
    kf["innbyggertilskudd"] = innb
    kf["expense_equalisation"] = expense_eq
    kf["income_equalisation"] = income_eq
    kf["block_grant"] = innb + expense_eq + income_eq
    kf["free_revenue"] = tax + kf["block_grant"]
    kf["free_revenue_per_inhabitant"] = kf["free_revenue"] / pop
    kf["other_general_revenue"] = other_general
    kf["specific_revenue"] = specific_total + fixed_p(out_sf_fees)
    kf["operating_revenue"] = revenue_all
    kf["net_operating_expenditure"] = net.sum(axis=0)
    kf["depreciation"] = dep
    kf["operating_expenditure"] = gross_exp
    group_share = b["group_entities_revenue"] / b["operating_revenue"]
    kf["operating_frame"] = (gross_exp - dep) * (1 - group_share)
    kf["gross_operating_result"] = revenue_all - gross_exp
    kf["gross_operating_result_pct"] = 100 * kf["gross_operating_result"] / revenue_all
    kf["interest_expenses"] = fixed_p(out_interest)
    kf["repayments"] = fixed_p(out_rep)
    kf["managed_fund_return"] = fixed_p(out_return)
    kf["other_financial_expenses"] = np.full(Y, other_fin)
    kf["net_financial_expenses"] = fixed_p(out_nfe)
    kf["net_operating_result"] = fixed_p(out_ndr)
    kf["net_operating_result_pct"] = 100 * kf["net_operating_result"] / revenue_all
    kf["restructuring"] = -st.restructuring.sum(axis=0) + extra.sum(axis=0)
    kf["restructuring_net"] = kf["restructuring"] - new_needs.sum(axis=0)
    kf["investment_expenditure"] = invest
    kf["investment_non_profitable"] = inv_np
    kf["investment_capacity"] = cap_inv
    kf["investment_fte"] = zero if st.investment_fte is None else st.investment_fte
    kf["vat_compensation"] = vat_np + vat_sf
    kf["investment_grants"] = grants_np + grants_sf
    kf["equity_transfer"] = fixed_p(out_equity)
    kf["new_loans"] = fixed_p(out_loans)
    kf["loan_debt"] = fixed_p(out_debt)
    kf["loan_debt_pct"] = 100 * kf["loan_debt"] / revenue_all
    with np.errstate(divide="ignore", invalid="ignore"):
        base_np = inv_np - grants_np
        kf["equity_financing_pct"] = np.where(
            base_np > 0, 100 * (kf["equity_transfer"] + vat_np) / base_np, np.nan
        )
    kf["buffer_fund"] = fixed_p(out_buffer)
    kf["free_reserves"] = fixed_p(out_free)
    kf["managed_fund"] = fixed_p(out_mf)
    kf["managed_fund_protection"] = fixed_p(out_protect)
    kf["liquidity_reserve"] = fixed_p(out_liq)
    kf["cost_index"] = index
    kf["deflator_index"] = price

    accounts = {name: float(v[0]) for name, v in kf.items()}
    plan = slice(1, Y)
    figures = {name: v[plan] for name, v in kf.items()}
    rule_values = {r.id: figures[r.indicator] for r in st.rules}
    kept = {r.id: r.check(rule_values[r.id]) for r in st.rules}
    sector_items = {
        "base_frame": base_frame,
        "demographic_compensation": demo_comp,
        "service_changes": service_changes,
        "restructuring": st.restructuring,
        "new_needs": new_needs,
        "initiatives": st.initiatives,
        "investment_operating_costs": st.running_costs,
        "extra_savings": -extra,
        "net_operating_expenditure": net,
        "specific_revenue": specific,
        "gross_operating_expenditure": gross_sector,
    }
    return EconomyResult(
        years=years[plan],
        key_figures=figures,
        rules=list(st.rules),
        rule_values=rule_values,
        kept=kept,
        sector_items={k_: v[:, plan] for k_, v in sector_items.items()},
        deflator_index=price[plan],
        accounts_year=accounts,
        sectors=st.sectors,
        central=st.central,
    )
