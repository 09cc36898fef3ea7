"""Input kinds of the economy layer (budget, measures, investments, loans, rules)."""

from __future__ import annotations

import pandas as pd

from handlingsrom.dataset.schema import Column, InputKind, TableCheck
from handlingsrom.errors import Problem

# Items of the base accounts. Sector rows: gross and net operating expenditure. Central rows:
# municipality totals, revenue lines and balances the plan starts from.
SECTOR_ITEMS: tuple[str, ...] = ("gross_operating_expenditure", "net_operating_expenditure")
CENTRAL_ITEMS: tuple[str, ...] = (
    "operating_revenue",
    "gross_operating_expenditure",
    "net_operating_expenditure",
    "net_operating_result",
    "tax_income_wealth",
    "income_equalisation",
    "depreciation",
    "group_entities_revenue",
    "gross_investment",
    "loan_debt",
    "buffer_fund",
    "free_reserves",
    "liquidity_reserve",
    "managed_fund",
    "managed_fund_return",
)

# Items of the accounts that are never negative (amounts and balances; results, returns,
# income equalisation and a sector's net expenditure may be).
NON_NEGATIVE_ITEMS: tuple[str, ...] = (
    "gross_operating_expenditure",
    "operating_revenue",
    "tax_income_wealth",
    "depreciation",
    "gross_investment",
    "loan_debt",
    "buffer_fund",
    "free_reserves",
    "liquidity_reserve",
    "managed_fund",
)

_SOURCE = Column(
    "source",
    "str",
    "Id(s) of the source of the row's figure, joined by + (see sources.csv)",
    required=False,
    nullable=True,
    example="S4",
)
_NOTE = Column(
    "note",
    "str",
    "How the figure was found or derived; assumptions say so",
    required=False,
    nullable=True,
)
_SECTOR = Column(
    "sector",
    "str",
    "Sector (hovedutvalg) the row belongs to: an id of sectors.csv",
    example="Oppvekst",
)
_STATUS = Column(
    "status",
    "str",
    "Decision status; scenarios may include or drop proposed rows",
    allowed=("adopted", "proposed"),
    example="adopted",
)


def _year_order(start: str, end: str) -> TableCheck:
    def check(df: pd.DataFrame, file: str) -> list[Problem]:
        problems: list[Problem] = []
        for a, b, row in zip(df[start], df[end], df["_row"], strict=True):
            if pd.notna(b) and pd.notna(a) and b < a:
                problems.append(
                    Problem(file, int(row), end, f"a year not before {start} ({int(a)})", str(b))
                )
        return problems

    check.__doc__ = f"`{end}` is not before `{start}`."
    return check


def _profile_valid(df: pd.DataFrame, file: str) -> list[Problem]:
    """A spending profile is shares separated by ';' that sum to 1, one per year."""
    problems: list[Problem] = []
    for prof, start, done, row in zip(
        df["profile"], df["start_year"], df["completion_year"], df["_row"], strict=True
    ):
        if done < start:
            problems.append(
                Problem(
                    file,
                    int(row),
                    "completion_year",
                    f"a year not before start_year ({int(start)})",
                    str(int(done)),
                )
            )
            continue
        if not prof:
            continue
        try:
            shares = [float(x) for x in str(prof).split(";")]
        except ValueError:
            problems.append(
                Problem(file, int(row), "profile", "shares such as 0.3;0.7", repr(prof))
            )
            continue
        n = int(done - start + 1)
        if len(shares) != n or any(s < 0 for s in shares) or abs(sum(shares) - 1) > 1e-6:
            problems.append(
                Problem(
                    file,
                    int(row),
                    "profile",
                    f"{n} non-negative shares (start_year..completion_year) summing to 1",
                    repr(prof),
                )
            )
    return problems


def _capacity_has_service(df: pd.DataFrame, file: str) -> list[Problem]:
    """Capacity added names the service it is added to."""
    problems: list[Problem] = []
    for cap, svc, row in zip(df["capacity"], df["service"], df["_row"], strict=True):
        if pd.notna(cap) and cap > 0 and not svc:
            problems.append(
                Problem(
                    file, int(row), "service", "the service id the capacity is added to", "nothing"
                )
            )
    return problems


def _non_negative_items(df: pd.DataFrame, file: str) -> list[Problem]:
    """Amounts and balances (revenue, gross expenditure, tax, depreciation, investment,
    debt, funds, reserves) are not negative."""
    bad = df["item"].isin(NON_NEGATIVE_ITEMS) & (df["amount_nok"] < 0)
    return [
        Problem(file, int(r), "amount_nok", f"an amount ≥ 0 for {item} (NOK)", f"{v:g}")
        for item, v, r in zip(
            df.loc[bad, "item"], df.loc[bad, "amount_nok"], df.loc[bad, "_row"], strict=True
        )
    ][:20]


def _loan_rate(df: pd.DataFrame, file: str) -> list[Problem]:
    """A fixed loan has its fixed rate."""
    problems: list[Problem] = []
    for kind, rate, row in zip(df["rate_type"], df["fixed_rate"], df["_row"], strict=True):
        if kind == "fixed" and pd.isna(rate):
            problems.append(
                Problem(file, int(row), "fixed_rate", "the fixed rate of a fixed loan", "nothing")
            )
    return problems


BUDGET = InputKind(
    name="budget",
    filename="budget.csv",
    title="Base accounts the budget starts from",
    description=(
        "The accounts of the year before the base year (regnskap), by sector and for the "
        "municipality as a whole: gross and net operating expenditure per sector, and the "
        "central revenue lines, results and balances (loan debt, funds, liquidity reserve). "
        "The operating budget of the plan is built from these, grown by the services layer's "
        "demographic cost pressure plus measures. Amounts in NOK, current prices of `year`."
    ),
    columns=(
        Column("year", "int", "Accounts year", minimum=1900, maximum=2200, example="2016"),
        Column(
            "sector",
            "str",
            "Sector, or the central items: an id of sectors.csv",
            example="Oppvekst",
        ),
        Column(
            "item",
            "str",
            "What the amount is",
            allowed=(*SECTOR_ITEMS, *[i for i in CENTRAL_ITEMS if i not in SECTOR_ITEMS]),
            example="net_operating_expenditure",
        ),
        Column("amount_nok", "float", "Amount", unit="NOK", example="2886000000"),
        _SOURCE,
        _NOTE,
    ),
    key=("year", "sector", "item"),
    required=False,
    layer="economy",
    checks=(_non_negative_items,),
)

MEASURES = InputKind(
    name="measures",
    filename="measures.csv",
    title="Measures register (omstillingstiltak and satsinger)",
    description=(
        "Restructuring measures and new initiatives entering their sector's operating frame. "
        "`amount_nok` is the change in the sector's net operating expenditure per year once "
        "fully phased in (negative = a saving), in fixed prices of the base year; it applies "
        "from `start_year` to `end_year` (empty = to the end of the horizon) and is phased in "
        "linearly over `ramp_years` years (1 = at once)."
    ),
    columns=(
        Column("id", "str", "Short unique id", example="omst-2017"),
        Column("name", "str", "What the measure is", example="Restructuring 2017"),
        _SECTOR,
        Column(
            "kind",
            "str",
            "Restructuring (omstilling, a saving) or an initiative/other change",
            allowed=("restructuring", "initiative", "other"),
            example="restructuring",
        ),
        Column(
            "initiative",
            "str",
            "Main initiative (satsing) the row belongs to: an id of initiatives.csv, or none",
            required=False,
            nullable=True,
            example="none",
        ),
        Column("start_year", "int", "First year", minimum=1900, maximum=2200, example="2017"),
        Column(
            "end_year",
            "int",
            "Last year (empty = open-ended)",
            nullable=True,
            required=False,
            minimum=1900,
            maximum=2200,
        ),
        Column("amount_nok", "float", "Full yearly amount (negative = saving)", unit="NOK"),
        Column(
            "ramp_years",
            "int",
            "Years to phase the amount in linearly",
            minimum=1,
            maximum=50,
            example="1",
        ),
        _STATUS,
        _SOURCE,
        _NOTE,
    ),
    key=("id",),
    required=False,
    layer="economy",
    checks=(_year_order("start_year", "end_year"),),
)

INVESTMENTS = InputKind(
    name="investments",
    filename="investments.csv",
    title="Investment projects",
    description=(
        "Investment projects with cost, spending profile, financing and operating consequences. "
        "`cost_nok` is the cost within the plan (from `start_year`), fixed prices of the base "
        "year; `profile` spreads it over start_year..completion_year (empty = evenly). "
        "Capacity added to a service (from the year after completion) feeds the services layer."
    ),
    columns=(
        Column("id", "str", "Short unique id", example="lindelia"),
        Column("name", "str", "Project name", example="Lindelia bo- og behandlingssenter"),
        _SECTOR,
        Column("category", "str", "Kind of project", example="nursing home"),
        _STATUS,
        Column("cost_nok", "float", "Cost within the plan", unit="NOK", minimum=0),
        Column("start_year", "int", "First year of spending", minimum=1900, maximum=2200),
        Column("completion_year", "int", "Year completed", minimum=1900, maximum=2200),
        Column(
            "profile",
            "str",
            "Shares of the cost per year from start_year, separated by ';' (empty = even)",
            required=False,
            nullable=True,
            example="0.2;0.5;0.3",
        ),
        Column(
            "vat_share",
            "float",
            "Share of the cost refunded as VAT compensation",
            unit="fraction",
            minimum=0,
            maximum=0.2,
            example="0.2",
        ),
        Column("grant_nok", "float", "Investment grants (e.g. Husbanken)", unit="NOK", minimum=0),
        Column(
            "self_financing",
            "bool",
            "Pays for itself (fees or rents cover its capital costs; e.g. water, housing)",
        ),
        Column(
            "running_cost_nok",
            "float",
            "Change in yearly net operating cost from the year after completion",
            unit="NOK",
        ),
        Column(
            "fte",
            "float",
            "Staff added from the year after completion (FTE)",
            unit="FTE",
            minimum=0,
            required=False,
            nullable=True,
        ),
        Column(
            "service",
            "str",
            "Service id the capacity is added to (services layer)",
            required=False,
            nullable=True,
            example="institusjon",
        ),
        Column(
            "capacity",
            "float",
            "Capacity added (in the service's unit: places, pupils…)",
            required=False,
            nullable=True,
            minimum=0,
        ),
        _SOURCE,
        _NOTE,
    ),
    key=("id",),
    required=False,
    layer="economy",
    checks=(_profile_valid, _capacity_has_service),
)

LOANS = InputKind(
    name="loans",
    filename="loans.csv",
    title="Existing loan portfolio",
    description=(
        "The loans the municipality has at the start of the base year: balance, interest "
        "terms and repayment. New loans follow the `economy.*` parameters."
    ),
    columns=(
        Column("id", "str", "Short unique id", example="fixed"),
        Column("name", "str", "What the loan is"),
        Column(
            "balance_nok",
            "float",
            "Balance on 1 January of the base year",
            unit="NOK",
            minimum=0,
        ),
        Column(
            "rate_type",
            "str",
            "Fixed rate, or floating (follows economy.interest_rate_floating)",
            allowed=("fixed", "floating"),
        ),
        Column(
            "fixed_rate",
            "float",
            "Interest rate of a fixed loan",
            unit="fraction",
            required=False,
            nullable=True,
            minimum=0,
            maximum=0.5,
            soft_maximum=0.15,
            plausible_note="Norwegian municipal loans since 1990: 1–10 %",
        ),
        Column("repayment", "str", "Repayment profile", allowed=("serial", "annuity")),
        Column("years", "int", "Remaining repayment years", minimum=1, maximum=100),
        Column("self_financing", "bool", "Capital costs covered by fees or rents"),
        _SOURCE,
        _NOTE,
    ),
    key=("id",),
    required=False,
    layer="economy",
    checks=(_loan_rate,),
)

RULES = InputKind(
    name="rules",
    filename="rules.csv",
    title="Financial rules (handlingsregler)",
    description=(
        "Named checks on key figures, evaluated every year: `indicator operator threshold`. "
        "Change a threshold or add a row (e.g. a debt cap on loan_debt_pct) to change the rules."
    ),
    columns=(
        Column("id", "str", "Short unique id", example="resultatgrad"),
        Column("name_nb", "str", "Name in Norwegian"),
        Column("name_en", "str", "Name in English"),
        Column(
            "indicator", "str", "A key figure (see docs/economy.md)", example="net_operating_result"
        ),
        Column("operator", "str", "Comparison", allowed=(">=", "<=", ">", "<"), example=">="),
        Column("threshold", "float", "Threshold in the indicator's unit", example="4"),
        Column("unit", "str", "Unit of indicator and threshold", allowed=("percent", "NOK")),
        _SOURCE,
    ),
    key=("id",),
    required=False,
    layer="economy",
)

KINDS: tuple[InputKind, ...] = (BUDGET, MEASURES, INVESTMENTS, LOANS, RULES)
