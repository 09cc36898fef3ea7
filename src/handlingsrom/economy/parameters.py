"""Every parameter the economy layer reads, declared once (see :mod:`handlingsrom.params.registry`).

The economy reads each parameter without a placeholder as a yearly series over its internal
years (:func:`read_series`); ``{service}`` stands for each service id of the dataset, for the
capacity the economy builds when a service's users outgrow its places.
"""

from __future__ import annotations

import numpy as np

from handlingsrom.params import ParameterSet, ParamSpec, Registry

LAYER = "economy"
NEVER = 1e9  # a year that never comes: "from NEVER" switches a feature off

# Age groups of the cost key (utgiftsutjevning): (parameter suffix, lowest age, highest age)
COST_KEY_GROUPS: tuple[tuple[str, int, int], ...] = (
    ("age_0", 0, 0),
    ("age_1_5", 1, 5),
    ("age_6_15", 6, 15),
    ("age_16_22", 16, 22),
    ("age_23_66", 23, 66),
    ("age_67_79", 67, 79),
    ("age_80_89", 80, 89),
    ("age_90", 90, 10_000),  # the open age group
)


def _p(name: str, unit: str, description: str, **kw: object) -> ParamSpec:
    return ParamSpec(f"economy.{name}", unit, LAYER, description, **kw)  # type: ignore[arg-type]


_RATE = {"minimum": -0.5, "maximum": 0.5}
_SHARE = {"minimum": 0.0, "maximum": 1.0}
_NOK = {"minimum": 0.0, "maximum": 1e15}

SPECS: tuple[ParamSpec, ...] = (
    # prices and wages
    _p(
        "wage_growth",
        "fraction",
        "Nominal wage growth per year",
        **_RATE,
        soft_minimum=-0.02,
        soft_maximum=0.08,
    ),
    _p(
        "price_growth",
        "fraction",
        "Price growth (consumer prices) per year",
        **_RATE,
        soft_minimum=-0.02,
        soft_maximum=0.08,
    ),
    _p(
        "deflator_wage_share",
        "fraction",
        "Wage share of the municipal deflator (the rest follows prices)",
        **_SHARE,
    ),
    _p(
        "compensation_rate",
        "fraction",
        "Share of the demographic cost pressure that the sectors' frames are compensated for",
        default=1.0,
        minimum=0.0,
        maximum=2.0,
        soft_maximum=1.0,
    ),
    # tax and the income system
    _p(
        "real_cost_growth",
        "fraction",
        "Real growth per year of the services' unit costs beyond demography and the municipal "
        "deflator (the standard drift: new duties, higher standards, wage drift)",
        default=0.0,
        minimum=-0.1,
        maximum=0.1,
        soft_minimum=-0.01,
        soft_maximum=0.03,
    ),
    _p(
        "real_cost_growth_{service}",
        "fraction",
        "Real unit-cost growth of one service (absent: economy.real_cost_growth)",
        optional=True,
        minimum=-0.1,
        maximum=0.1,
        soft_minimum=-0.01,
        soft_maximum=0.03,
    ),
    _p(
        "tax_relative_to_national",
        "ratio",
        "Tax on income and wealth per inhabitant relative to the national average",
        minimum=0.0,
        maximum=10.0,
        soft_minimum=0.5,
        soft_maximum=2.5,
        note="Norwegian municipalities range from about 0.6 to 2.2",
        local=True,
    ),
    _p(
        "national_tax_per_inhabitant",
        "NOK",
        "National average tax on income and wealth per inhabitant (current prices of its year)",
        minimum=0.0,
        maximum=1e6,
        soft_minimum=10_000.0,
        soft_maximum=100_000.0,
    ),
    _p(
        "tax_real_growth",
        "fraction",
        "Real growth per year of the national tax per inhabitant beyond the municipal "
        "deflator (the tax base follows wages)",
        default=0.0,
        minimum=-0.2,
        maximum=0.2,
        soft_minimum=-0.02,
        soft_maximum=0.04,
    ),
    _p(
        "block_grant_real_growth",
        "fraction",
        "Real growth per year of the per-inhabitant grant and the national expense need "
        "beyond the municipal deflator and the nation's demography",
        default=0.0,
        minimum=-0.2,
        maximum=0.2,
        soft_minimum=-0.02,
        soft_maximum=0.04,
    ),
    _p(
        "income_equalisation_rate",
        "fraction",
        "Income equalisation: share of the gap to the national average tax that is evened out",
        **_SHARE,
    ),
    _p(
        "income_equalisation_extra_rate",
        "fraction",
        "Extra compensation below the threshold (share of the remaining gap)",
        **_SHARE,
    ),
    _p(
        "income_equalisation_extra_threshold",
        "fraction",
        "Threshold of the extra compensation, as a share of the national average tax",
        minimum=0.0,
        maximum=2.0,
    ),
    _p(
        "income_equalisation_financing",
        "NOK",
        "Per-inhabitant financing of the extra compensation (paid by every municipality)",
        default=0.0,
        minimum=-1e5,
        maximum=1e5,
    ),
    _p(
        "innbyggertilskudd",
        "NOK",
        "Per-inhabitant grant (innbyggertilskudd)",
        **_NOK,
        soft_maximum=100_000.0,
    ),
    _p(
        "expense_need_per_inhabitant",
        "NOK",
        "National expense need per inhabitant that the cost index is applied to",
        **_NOK,
        soft_maximum=200_000.0,
    ),
    *(
        _p(
            f"cost_key_{g}",
            "fraction",
            f"Weight of the age group {g[4:]} in the cost key",
            **_SHARE,
        )
        for g, _, _ in COST_KEY_GROUPS
    ),
    _p(
        "cost_index_other",
        "ratio",
        "Index of the cost key's non-age criteria relative to the nation",
        default=1.0,
        minimum=0.0,
        maximum=10.0,
        soft_minimum=0.5,
        soft_maximum=2.0,
        local=True,
    ),
    _p(
        "national_ageing_follows",
        "fraction",
        "How far the nation's age structure follows the municipality's (1 = alike)",
        default=1.0,
        **_SHARE,
    ),
    _p(
        "state_demographic_compensation",
        "fraction",
        "Exponent of the national expense need in the per-inhabitant grant (1 = the state "
        "compensates demographic growth in full)",
        default=1.0,
        minimum=0.0,
        maximum=2.0,
    ),
    # loans and funds
    _p(
        "interest_rate_floating",
        "fraction",
        "Floating loan rate",
        minimum=-0.05,
        maximum=0.3,
        soft_minimum=0.0,
        soft_maximum=0.1,
    ),
    _p(
        "interest_rate_fixed",
        "fraction",
        "Rate of new fixed-rate loans",
        minimum=-0.05,
        maximum=0.3,
        soft_minimum=0.0,
        soft_maximum=0.1,
    ),
    _p(
        "fixed_share_new_loans",
        "fraction",
        "Share of new loans taken at a fixed rate",
        default=0.0,
        **_SHARE,
        local=True,
    ),
    _p(
        "repayment_years",
        "years",
        "Repayment time of new loans (serial)",
        minimum=1.0,
        maximum=100.0,
        local=True,
    ),
    _p(
        "managed_fund_return",
        "fraction",
        "Nominal return of the managed fund per year",
        default=0.0,
        **_RATE,
        soft_minimum=-0.1,
        soft_maximum=0.12,
    ),
    _p(
        "liquidity_return",
        "fraction",
        "Nominal return on the liquidity reserve (interest on bank deposits and money-market "
        "funds; a negative reserve pays it as short-term borrowing)",
        default=0.0,
        **_RATE,
        soft_minimum=-0.01,
        soft_maximum=0.1,
    ),
    _p(
        "managed_fund_return_budget",
        "fraction",
        "Return of the managed fund the budget counts on (budget basis; absent: the expected "
        "return)",
        optional=True,
        **_RATE,
    ),
    _p(
        "budget_result_margin",
        "fraction",
        "Share of operating revenue the budget holds back compared with the expected outcome "
        "(budget prudence; used in the budget basis only)",
        default=0.0,
        minimum=0.0,
        maximum=0.2,
        soft_maximum=0.08,
    ),
    _p(
        "managed_fund_protection",
        "fraction",
        "Share of inflation added to the managed fund each year to keep its real value",
        default=0.0,
        **_SHARE,
        local=True,
    ),
    _p(
        "asset_life",
        "years",
        "Average depreciation time of investments",
        default=40.0,
        minimum=1.0,
        maximum=200.0,
    ),
    _p(
        "equity_share_target",
        "fraction",
        "Share of non-profitable investments financed with equity (the rule's target)",
        default=0.5,
        **_SHARE,
        local=True,
    ),
    _p(
        "buffer_fund_floor",
        "NOK",
        "Lowest buffer fund the result keeps (fixed prices)",
        default=0.0,
        **_NOK,
        local=True,
    ),
    _p(
        "buffer_fund_cap",
        "NOK",
        "Buffer fund above which a surplus goes to the liquidity reserve (fixed prices)",
        default=1e15,
        **_NOK,
        local=True,
    ),
    # investments
    _p(
        "investment_per_inhabitant",
        "NOK",
        "Investment per inhabitant after the register's projects end (fixed prices)",
        default=0.0,
        **_NOK,
        soft_maximum=50_000.0,
        local=True,
    ),
    _p(
        "investment_execution_rate",
        "fraction",
        "Share of the investment funds available in a year (its plan plus what was carried "
        "over) that is spent (expected outcome; the budget basis spends the plan in full)",
        default=1.0,
        minimum=0.05,
        maximum=1.0,
        soft_minimum=0.4,
    ),
    _p(
        "investment_carry_over",
        "NOK",
        "Unspent investment funds carried into the base year (NOK of the accounts year)",
        default=0.0,
        **_NOK,
    ),
    _p(
        "renewal_from",
        "year",
        "First year of the renewal investments in the building stock (the register covers "
        "earlier years)",
        default=NEVER,
        minimum=1900.0,
        integer=True,
    ),
    _p(
        "renewal_share",
        "fraction",
        "Renewal investment as a share of the building stock's depreciation (1 = the stock "
        "keeps its real value)",
        default=1.0,
        minimum=0.0,
        maximum=3.0,
    ),
    _p(
        "investment_self_financing_share",
        "fraction",
        "Share of that investment that is self-financing (water, sewage, housing)",
        default=0.0,
        **_SHARE,
        local=True,
    ),
    _p(
        "investment_vat_share",
        "fraction",
        "VAT compensation as a share of that investment",
        default=0.0,
        minimum=0.0,
        maximum=0.2,
    ),
    _p(
        "investment_generic_from",
        "year",
        "First year of the per-inhabitant investment level",
        default=NEVER,
        minimum=1900.0,
        integer=True,
        local=True,
    ),
    _p(
        "include_proposed",
        "flag",
        "Whether proposed (not yet adopted) measures and investments count (1) or not (0)",
        default=1.0,
        minimum=0.0,
        maximum=1.0,
        integer=True,
    ),
    _p(
        "restructuring_net_share",
        "fraction",
        "Share of restructuring that lowers the frames; the rest funds new needs",
        default=1.0,
        **_SHARE,
        local=True,
    ),
    # capacity building
    _p(
        "capacity_lag_years",
        "years",
        "Years from a project's completion to its places being in use",
        default=1.0,
        minimum=0.0,
        maximum=10.0,
        integer=True,
    ),
    _p(
        "capacity_investment_from",
        "year",
        "First year the economy builds places for services whose users exceed capacity",
        default=NEVER,
        minimum=1900.0,
        integer=True,
        local=True,
    ),
    _p(
        "capacity_build_years",
        "years",
        "Years of spending per capacity project",
        default=3.0,
        minimum=1.0,
        maximum=20.0,
        integer=True,
    ),
    _p(
        "capacity_build_years_{service}",
        "years",
        "Years of spending per capacity project of one service (absent: "
        "economy.capacity_build_years)",
        optional=True,
        minimum=1.0,
        maximum=20.0,
        integer=True,
    ),
    _p(
        "capacity_cost_{service}",
        "NOK",
        "Cost per new place of the service (absent: no places are built for it)",
        optional=True,
        **_NOK,
    ),
    _p(
        "capacity_module_{service}",
        "places",
        "Places per new project of the service",
        default=1.0,
        minimum=1.0,
        maximum=1e6,
    ),
    _p(
        "capacity_grant_share_{service}",
        "fraction",
        "Share of the cost of new places covered by grants",
        default=0.0,
        **_SHARE,
    ),
    _p(
        "capacity_vat_share_{service}",
        "fraction",
        "Share of the cost of new places refunded as VAT compensation",
        default=0.0,
        minimum=0.0,
        maximum=0.2,
    ),
)

REGISTRY = Registry(SPECS)

# The parameters read as yearly series: every spec without a placeholder, by its name.
SERIES_NAMES: tuple[str, ...] = tuple(s.path.split(".", 1)[1] for s in SPECS if not s.placeholders)


def read_series(ps: ParameterSet, years: np.ndarray) -> dict[str, np.ndarray]:
    """Every economy parameter as a (len(years),) array: the set's history, else the
    declared default; a clear error for a required one that is missing. An optional
    parameter the set lacks is left out (the feature it drives is off)."""
    return {
        name: REGISTRY.series(ps, f"economy.{name}", years)
        for name in SERIES_NAMES
        if not (REGISTRY[f"economy.{name}"].optional and f"economy.{name}" not in ps)
    }
