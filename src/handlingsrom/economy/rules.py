"""Key figures (their units and definitions) and the financial rules checked on them."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# name -> (unit, definition). Amounts in NOK (fixed prices of the base year unless a frame
# is asked for in current prices); shares in percent.
INDICATORS: dict[str, tuple[str, str]] = {
    "population": ("persons", "Residents on 1 January"),
    "tax_income_wealth": (
        "NOK",
        "Tax on income and wealth: tax per inhabitant relative to the national average × the "
        "national average × population",
    ),
    "innbyggertilskudd": ("NOK", "Innbyggertilskudd: equal grant per inhabitant × population"),
    "expense_equalisation": (
        "NOK",
        "Utgiftsutjevning: (cost index − 1) × national expense need per inhabitant × population",
    ),
    "income_equalisation": (
        "NOK",
        "Inntektsutjevning: −60 % of the tax gap to the national average (+35 % below 90 %) "
        "minus the per-inhabitant financing of the additional compensation, × population",
    ),
    "block_grant": (
        "NOK",
        "Rammetilskudd: innbyggertilskudd + expense equalisation + income equalisation",
    ),
    "free_revenue": ("NOK", "Frie inntekter: tax on income and wealth + block grant"),
    "free_revenue_per_inhabitant": ("NOK", "Free revenue / population"),
    "other_general_revenue": (
        "NOK",
        "General revenue besides tax and block grant (calibrated to the accounts year, held per "
        "inhabitant)",
    ),
    "specific_revenue": (
        "NOK",
        "Fees, sales, rents, refunds (incl. VAT compensation on operations) and earmarked "
        "grants: the sectors' gross minus net expenditure, scaled with their activity, plus "
        "fees covering the capital costs of self-financing investments",
    ),
    "operating_revenue": (
        "NOK",
        "Driftsinntekter: free + other general + specific revenue (− budget prudence in the "
        "budget basis)",
    ),
    "net_operating_expenditure": (
        "NOK",
        "Netto driftsutgifter: the sectors' net frames (base + demographic compensation + "
        "service changes + measures + operating consequences − extra savings)",
    ),
    "depreciation": (
        "NOK",
        "Avskrivninger: the accounts-year level running out linearly over the asset life + "
        "new investment / asset life from the year after",
    ),
    "operating_expenditure": (
        "NOK",
        "Brutto driftsutgifter: net operating expenditure + specific revenue (excluding the "
        "self-financing capital-cost fees) + depreciation",
    ),
    "operating_frame": (
        "NOK",
        "Driftsramme (the HP's operating frame): operating expenditure excluding depreciation "
        "and the group entities (municipality proper)",
    ),
    "gross_operating_result": ("NOK", "Brutto driftsresultat: operating revenue − expenditure"),
    "gross_operating_result_pct": ("percent", "Gross operating result / operating revenue"),
    "interest_expenses": ("NOK", "Interest on existing and new loans"),
    "repayments": ("NOK", "Avdrag: principal repayments on existing and new loans"),
    "managed_fund_return": ("NOK", "Return on the managed fund (forvaltningsfond)"),
    "liquidity_return": (
        "NOK",
        "Return on the liquidity reserve (economy.liquidity_return × the reserve at the start "
        "of the year)",
    ),
    "other_financial_expenses": (
        "NOK",
        "Other net financial expenses (calibrated to the accounts year, fixed prices)",
    ),
    "net_financial_expenses": (
        "NOK",
        "Netto finansutgifter: interest + repayments − managed-fund return − liquidity return "
        "+ other",
    ),
    "net_operating_result": (
        "NOK",
        "Netto driftsresultat: gross operating result − net financial expenses + depreciation",
    ),
    "net_operating_result_pct": ("percent", "Resultatgrad: net operating result / revenue"),
    "standard_growth": (
        "NOK",
        "Real unit-cost growth beyond demography (the standard drift) in the sectors' frames",
    ),
    "net_operating_expenditure_per_inhabitant": ("NOK", "Net operating expenditure / population"),
    "tax_per_inhabitant": ("NOK", "Tax on income and wealth / population"),
    "budget_prudence": (
        "NOK",
        "Revenue the budget basis does not count on (economy.budget_result_margin × revenue); "
        "0 in the expected outcome",
    ),
    "restructuring": (
        "NOK",
        "The year's total restructuring savings: restructuring measures (as a positive saving) "
        "+ extra savings given to the simulation",
    ),
    "restructuring_net": (
        "NOK",
        "Net restructuring savings: gross restructuring (above) − new needs funded by it "
        "(nye behov finansiert av omstilling, (1 − economy.restructuring_net_share) × the "
        "restructuring measures); extra savings from the simulation count in full",
    ),
    "investment_expenditure": (
        "NOK",
        "Brutto investeringsutgifter: what is spent of the plan (register, capacity, renewal, "
        "long-term level) and of the funds carried over",
    ),
    "investment_planned": (
        "NOK",
        "The year's investment plan before execution (register, capacity, renewal, level)",
    ),
    "investment_renewal": ("NOK", "Planned renewal of the building stock (within the plan)"),
    "investment_carried_over": ("NOK", "Investment funds not yet spent at the year's end"),
    "investment_non_profitable": ("NOK", "Investments that do not pay for themselves"),
    "investment_capacity": (
        "NOK",
        "Long-term capacity investments planned from the services' gaps (part of the above)",
    ),
    "investment_fte": ("FTE", "Staff added by completed investment projects (register `fte`)"),
    "vat_compensation": ("NOK", "VAT compensation on investments"),
    "investment_grants": ("NOK", "Investment grants"),
    "equity_transfer": (
        "NOK",
        "Transfer from operations and the buffer fund to the investment accounts",
    ),
    "new_loans": ("NOK", "Låneopptak: investments − VAT compensation − grants − equity"),
    "loan_debt": ("NOK", "Lånegjeld at year end: previous + new loans − repayments"),
    "loan_debt_pct": ("percent", "Loan debt / operating revenue"),
    "equity_financing_pct": (
        "percent",
        "Egenkapitalfinansiering: (equity transfer + VAT compensation) / (non-profitable "
        "investment − its grants)",
    ),
    "buffer_fund": (
        "NOK",
        "Bufferfond at year end: previous + net operating result − managed-fund protection − "
        "equity transfer − what goes beyond its cap to the free reserves (negative = an "
        "accumulated deficit)",
    ),
    "free_reserves": (
        "NOK",
        "Other free reserves (disposisjonsfond) at year end: previous + the result beyond the "
        "buffer fund's cap",
    ),
    "managed_fund": (
        "NOK",
        "Forvaltningsfond at year end: previous + the share of price growth set aside",
    ),
    "managed_fund_protection": ("NOK", "Set aside from the result to keep the fund's value"),
    "liquidity_reserve": (
        "NOK",
        "Likviditetsreserve at year end: previous + the change in buffer fund and free reserves",
    ),
    "cost_index": ("ratio", "Expense-need index of the cost key relative to the nation"),
    "deflator_index": ("ratio", "Price level (municipal deflator) relative to the base year"),
}


@dataclass(frozen=True)
class Rule:
    """A financial rule: ``indicator operator threshold`` must hold every year."""

    id: str
    name_nb: str
    name_en: str
    indicator: str
    operator: str
    threshold: float
    unit: str

    def check(self, values: np.ndarray) -> np.ndarray:
        """Kept (True) or broken per year; a missing value (NaN, e.g. no investment) is kept."""
        v = np.asarray(values, dtype=float)
        tol = 1e-9 * max(1.0, abs(self.threshold))  # rounding in the roll-forward
        with np.errstate(invalid="ignore"):
            ops = {
                ">=": v >= self.threshold - tol,
                "<=": v <= self.threshold + tol,
                ">": v > self.threshold,
                "<": v < self.threshold,
            }
        return ops[self.operator] | np.isnan(v)
