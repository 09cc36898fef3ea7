"""Sections 3 and 4: the four-year action programme and the long term (economy layer)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from handlingsrom.report import format as fmt
from handlingsrom.report.model import Column, Figure, Section, Table, records

if TYPE_CHECKING:
    from handlingsrom.report.build import _Builder

# Key figures shown in the report: id -> (bokmål, English, format kind).
KEY_FIGURES: dict[str, tuple[str, str, str]] = {
    "tax_income_wealth": ("Skatt på inntekt og formue", "Tax on income and wealth", "mnok"),
    "block_grant": ("Rammetilskudd", "Block grant", "mnok"),
    "free_revenue": ("Frie inntekter", "Unrestricted revenue", "mnok"),
    "operating_revenue": ("Driftsinntekter", "Operating revenue", "mnok"),
    "operating_expenditure": ("Driftsutgifter", "Operating expenditure", "mnok"),
    "gross_operating_result": ("Brutto driftsresultat", "Gross operating result", "mnok"),
    "net_financial_expenses": ("Netto finansutgifter", "Net financial expenses", "mnok"),
    "net_operating_result": ("Netto driftsresultat", "Net operating result", "mnok"),
    "net_operating_result_pct": (
        "Netto driftsresultat i % av driftsinntektene",
        "Net operating result, % of revenue",
        "pct",
    ),
    "restructuring": ("Omstilling", "Restructuring savings", "mnok"),
    "investment_expenditure": ("Investeringsutgifter", "Investment expenditure", "mnok"),
    "new_loans": ("Låneopptak", "New loans", "mnok"),
    "loan_debt": ("Lånegjeld", "Loan debt", "mnok"),
    "loan_debt_pct": ("Lånegjeld i % av driftsinntektene", "Loan debt, % of revenue", "pct"),
    "equity_financing_pct": ("Egenkapitalfinansiering", "Equity financing", "pct"),
    "buffer_fund": ("Bufferfond", "Buffer fund", "mnok"),
    "liquidity_reserve": ("Likviditetsreserve", "Liquidity reserve", "mnok"),
}
REVENUE_FIGURES = (
    "tax_income_wealth",
    "block_grant",
    "free_revenue",
    "operating_revenue",
)


def _label(key: str, lang: str) -> str:
    entry = KEY_FIGURES.get(key)
    if entry is None:
        return key
    return entry[0] if lang == "nb" else entry[1]


def _rule_name(rule: Any, lang: str) -> str:
    return str(rule.name_nb if lang == "nb" else rule.name_en)


def _years_from(result: Any, base: int) -> tuple[np.ndarray, np.ndarray]:
    """The result's years from the base year on, and a mask selecting them."""
    years = np.asarray(result.years)
    mask = years >= base
    return years[mask], mask


def _wide(
    b: _Builder,
    tid: str,
    title: str,
    keys: list[str],
    values: dict[str, np.ndarray],
    years: np.ndarray,
    *,
    kinds: dict[str, str] | None = None,
    sheet: str = "",
    note: str = "",
) -> Table:
    """Rows = indicators, columns = years: how an action programme reads."""
    lang = b.lang
    cols = [
        Column("indicator", b.tr("c_indicator"), "text", html=False),
        Column("name", b.tr("c_indicator"), "text"),
        Column("unit", b.tr("c_unit"), "text", html=False),
    ]
    for y in years:
        cols.append(Column(f"y{int(y)}", str(int(y)), "num"))
    rows = []
    for k in keys:
        kind = (kinds or {}).get(k) or KEY_FIGURES.get(k, ("", "", "mnok"))[2]
        unit = b.tr("u_nok") if kind == "mnok" else b.tr("u_pct") if kind == "pct" else ""
        rows.append((k, _label(k, lang), unit, *[float(v) for v in values[k]]))
    # Cells of the year columns carry their row's kind: kept in the "kinds" mapping.
    if not note:
        note = (
            f"Beløp i mill. kr, faste {b.base}-priser; andeler i prosent."
            if lang == "nb"
            else f"Amounts in NOK million, fixed {b.base} prices; shares in percent."
        )
    return Table(
        tid,
        title,
        tuple(cols),
        tuple(rows),
        sheet=sheet,
        note=note,
        row_kinds=tuple(
            (kinds or {}).get(k) or KEY_FIGURES.get(k, ("", "", "mnok"))[2] for k in keys
        ),
    )


def build_hp(b: _Builder, s: Section, hp_end: int) -> None:
    e = b.economy
    lang = b.lang
    base = b.base
    years, mask = _years_from(e, base)
    hp = (years >= base) & (years <= hp_end)
    hp_years = years[hp]
    kf = {k: np.asarray(v, dtype=float)[mask] for k, v in e.key_figures.items()}

    ndr = kf["net_operating_result_pct"]
    kept_all = {r.id: np.asarray(e.kept[r.id], dtype=bool)[mask] for r in e.rules}
    n_rules = len(e.rules)
    kept_hp = sum(int(kept_all[r.id][hp].all()) for r in e.rules)
    s.intro.append(
        (
            "Netto driftsresultat er {ndr0} av driftsinntektene i {base} og {ndr1} i {end}. "
            "{kept} av {n} handlingsregler holdes i hele perioden {base}–{end}."
            if lang == "nb"
            else "The net operating result is {ndr0} of revenue in {base} and {ndr1} in {end}. "
            "{kept} of {n} financial rules are kept throughout {base}–{end}."
        ).format(
            ndr0=fmt.percent(ndr[0], 1, lang),
            ndr1=fmt.percent(ndr[hp][-1], 1, lang),
            base=base,
            end=hp_end,
            kept=kept_hp,
            n=n_rules,
        )
    )
    budget_basis = b.out.economy_budget
    if budget_basis is not None and budget_basis.basis != e.basis:
        bud = np.asarray(budget_basis.key_figures["net_operating_result_pct"], dtype=float)[mask]
        s.intro.append(
            (
                "Tallene er forventet utfall: det modellen venter skal skje. Budsjettgrunnlaget "
                "— det handlingsprogrammet ville vist, med forsiktig budsjetterte inntekter og "
                "avkastning og hele investeringsplanen brukt — gir netto driftsresultat {b0} i "
                "{base} og {b1} i {end}."
                if lang == "nb"
                else "The figures are the expected outcome: what the model expects to happen. "
                "The budget basis — what the action programme would show, with revenue and "
                "returns budgeted prudently and the whole investment plan spent — gives a net "
                "operating result of {b0} in {base} and {b1} in {end}."
            ).format(
                b0=fmt.percent(bud[0], 1, lang),
                b1=fmt.percent(bud[hp][-1], 1, lang),
                base=base,
                end=hp_end,
            )
        )
    b.head("ndr", b.tr("h_ndr", year=hp_end), ndr[hp][-1], fmt.percent(ndr[hp][-1], 1, lang))
    b.head(
        "rules_hp",
        b.tr("h_rules", years=f"{base}–{hp_end}"),
        kept_hp,
        f"{kept_hp} / {n_rules}",
    )

    # Revenues.
    rev = [k for k in REVENUE_FIGURES if k in kf]
    b.add_table(
        s,
        _wide(
            b,
            "hp_revenue",
            "Inntekter" if lang == "nb" else "Revenue",
            rev,
            {k: kf[k][hp] for k in rev},
            hp_years,
        ),
    )

    # Sector frames from the budget frame.
    budget = e.budget_frame()
    budget = budget[(budget.year >= base) & (budget.year <= hp_end)]
    if not budget.empty:
        for table in _budget_tables(b, budget):
            b.add_table(s, table)

    # Measures by initiative and investments, from the dataset's tables.
    ds = b.out.dataset
    if ds.has("measures"):
        b.add_table(s, _measures_table(b, ds.table("measures"), base, hp_end))
    if ds.has("investments"):
        b.add_table(s, _investments_table(b, ds.table("investments"), base, hp_end))

    # Key figures.
    keys = [k for k in KEY_FIGURES if k in kf and k not in REVENUE_FIGURES]
    b.add_table(
        s,
        _wide(
            b,
            "hp_key_figures",
            "Nøkkeltall" if lang == "nb" else "Key figures",
            keys,
            {k: kf[k][hp] for k in keys},
            hp_years,
        ),
    )

    # Rules kept or broken per year.
    b.add_table(s, _rules_table(b, e, mask, hp, hp_years, "hp_rules"))


def _rules_table(
    b: _Builder, e: Any, mask: np.ndarray, sel: np.ndarray, years: np.ndarray, tid: str
) -> Table:
    lang = b.lang
    cols = [
        Column("rule", b.tr("c_id"), "text", html=False),
        Column("name", b.tr("c_rule"), "text"),
        Column("requirement", b.tr("c_threshold"), "text"),
    ]
    cols += [Column(f"kept_{int(y)}", str(int(y)), "bool") for y in years]
    rows = []
    for r in e.rules:
        kept = np.asarray(e.kept[r.id], dtype=bool)[mask][sel]
        if r.unit in ("NOK", "nok"):
            thr = fmt.millions(r.threshold, 0, lang)
        elif r.unit in ("percent", "%"):
            thr = fmt.percent(r.threshold, 1, lang)
        else:
            thr = fmt.number(r.threshold, 2, lang)
        op = {">=": "≥", "<=": "≤"}.get(r.operator, r.operator)
        rows.append((r.id, _rule_name(r, lang), f"{op} {thr}", *[bool(k) for k in kept]))
    return Table(
        tid,
        "Handlingsregler: holdt (✓) eller brutt (✗)"
        if lang == "nb"
        else "Financial rules: kept (✓) or broken (✗)",
        tuple(cols),
        tuple(rows),
        sheet="Handlingsregler" if lang == "nb" else "Financial rules",
    )


BUDGET_ITEMS: dict[str, tuple[str, str]] = {
    "base_frame": ("Videreført ramme", "Base frame"),
    "demographic_compensation": ("Demografikompensasjon", "Demographic compensation"),
    "service_changes": ("Endringer i tjenestene", "Service changes"),
    "standard_growth": (
        "Standardvekst (realvekst i enhetskostnader)",
        "Standard growth (real unit costs)",
    ),
    "restructuring": ("Omstillingstiltak", "Restructuring measures"),
    "new_needs": ("Nye behov finansiert av omstilling", "New needs funded by restructuring"),
    "initiatives": ("Satsinger og andre tiltak", "Initiatives and other measures"),
    "investment_operating_costs": (
        "Driftskonsekvenser av investeringer",
        "Operating costs of investments",
    ),
    "extra_savings": ("Ekstra omstilling", "Extra savings"),
    "net_operating_expenditure": ("Netto driftsramme", "Net operating frame"),
}


def _row(frame: pd.DataFrame, label: str) -> pd.Series:
    """One row of a frame whose index is unique (a pivot table's), as a Series."""
    row = frame.loc[label]
    assert isinstance(row, pd.Series), f"{label!r}: not a unique row label"
    return row


def _budget_tables(b: _Builder, budget: pd.DataFrame) -> list[Table]:
    """Sector frames (sector × year), how the frames change (item × year, all sectors), and
    the whole budget frame (workbook and CSV only)."""
    lang = b.lang
    years = sorted(int(y) for y in budget.year.unique())
    mill = b.tr("u_nok")
    ycols = [Column(f"amount_{y}_nok", str(y), "mnok", mill) for y in years]

    frames = budget[(budget.item == "net_operating_expenditure")]
    frames = frames[frames.sector.isin(b.sectors)]
    piv = frames.pivot_table(index="sector", columns="year", values="amount_nok", aggfunc="sum")
    rows: list[tuple[Any, ...]] = []
    for sec in b.sectors:
        if sec in piv.index:
            rows.append(
                (b.sector_name(sec), *[float(_row(piv, sec).get(y, np.nan)) for y in years])
            )
    if rows:
        rows.append((b.tr("c_total"), *[float(piv[y].sum()) for y in years]))
    t1 = Table(
        "hp_frames",
        "Sektorrammer" if lang == "nb" else "Sector frames",
        (Column("sector", b.tr("c_sector"), "text"), *ycols),
        tuple(rows),
        note=(
            "Netto driftsramme per sektor, faste priser."
            if lang == "nb"
            else "Net operating frame by sector, fixed prices."
        ),
    )

    parts = budget[budget.item.isin(BUDGET_ITEMS) & budget.sector.isin(b.sectors)]
    piv2 = parts.pivot_table(index="item", columns="year", values="amount_nok", aggfunc="sum")
    rows2 = []
    for item, (nb, en) in BUDGET_ITEMS.items():
        if item in piv2.index:
            rows2.append(
                (
                    item,
                    nb if lang == "nb" else en,
                    *[float(_row(piv2, item).get(y, np.nan)) for y in years],
                )
            )
    t2 = Table(
        "hp_frame_changes",
        "Rammene bygd opp" if lang == "nb" else "How the frames are built",
        (
            Column("item", b.tr("c_id"), "text", html=False),
            Column("name", b.tr("c_item"), "text"),
            *ycols,
        ),
        tuple(rows2),
        note=(
            "Alle sektorer samlet; omstilling og ekstra omstilling er innsparinger "
            "(positive tall trekkes fra), de andre postene legges til."
            if lang == "nb"
            else "All sectors together; restructuring and extra savings are savings "
            "(positive amounts are subtracted), the other items are added."
        ),
    )

    rows3 = tuple(
        (int(r.year), str(r.sector), str(r.item), float(r.amount_nok)) for r in records(budget)
    )
    t3 = Table(
        "budget",
        "Budsjett per sektor og post" if lang == "nb" else "Budget by sector and item",
        (
            b.col("year", "c_year", "year"),
            b.col("sector", "c_sector", "text"),
            b.col("item", "c_item", "text"),
            b.col("amount_nok", "c_amount", "mnok", "u_nok"),
        ),
        rows3,
        html=False,
    )
    return [t1, t2, t3]


# Values of measures.csv / investments.csv shown in the report's language.
MEASURE_KINDS: dict[str, tuple[str, str]] = {
    "restructuring": ("Omstilling", "Restructuring"),
    "initiative": ("Satsing", "Initiative"),
    "other": ("Annet tiltak", "Other measure"),
}
STATUSES: dict[str, tuple[str, str]] = {
    "adopted": ("Vedtatt", "Adopted"),
    "proposed": ("Foreslått", "Proposed"),
}


def _value_label(labels: dict[str, tuple[str, str]], value: object, lang: str) -> str:
    nb, en = labels.get(str(value), (str(value), str(value)))
    return nb if lang == "nb" else en


def _measures_table(b: _Builder, measures: pd.DataFrame, base: int, hp_end: int) -> Table:
    lang = b.lang
    m = measures[measures.start_year <= hp_end]
    m = m.sort_values(["kind", "initiative", "sector", "start_year"], kind="stable")
    cols = (
        Column("id", b.tr("c_id"), "text", html=False),
        Column("name", b.tr("c_initiative"), "text"),
        Column("sector", b.tr("c_sector"), "text"),
        Column("kind", "Type" if lang == "nb" else "Kind", "text"),
        Column("initiative", "Satsing" if lang == "nb" else "Initiative", "text"),
        Column("start_year", b.tr("c_start"), "year"),
        Column(
            "amount_nok",
            "Årlig virkning" if lang == "nb" else "Annual effect",
            "mnok",
            b.tr("u_nok"),
        ),
        Column("status", "Status", "text"),
        Column("source", b.tr("c_source"), "text"),
    )
    rows = tuple(
        (
            r.id,
            r.name,
            b.sector_name(str(r.sector)),
            _value_label(MEASURE_KINDS, r.kind, lang),
            None if str(r.initiative) in ("none", "", "nan") else str(r.initiative),
            int(r.start_year),
            float(r.amount_nok),
            _value_label(STATUSES, r.status, lang),
            r.source,
        )
        for r in records(m)
    )
    return Table(
        "hp_measures",
        "Tiltak og satsinger" if lang == "nb" else "Measures and initiatives",
        cols,
        rows,
        note=(
            "Negativt beløp = innsparing. Full årlig virkning fra oppstartsåret "
            "(opptrapping i measures.csv)."
            if lang == "nb"
            else "Negative amount = saving. Full annual effect from the start year "
            "(ramp-up in measures.csv)."
        ),
    )


def _investments_table(b: _Builder, inv: pd.DataFrame, base: int, hp_end: int) -> Table:
    lang = b.lang
    v = inv[inv.start_year <= hp_end].sort_values(["completion_year", "sector"], kind="stable")
    cols = (
        Column("id", b.tr("c_id"), "text", html=False),
        Column("name", b.tr("c_project"), "text"),
        Column("sector", b.tr("c_sector"), "text"),
        Column("cost_nok", "Kostnad" if lang == "nb" else "Cost", "mnok", b.tr("u_nok")),
        Column("start_year", b.tr("c_start"), "year"),
        Column("completion_year", "Ferdig" if lang == "nb" else "Completed", "year"),
        Column("service", b.tr("c_service"), "text", html=False),
        Column("capacity", b.tr("c_capacity"), "int", b.tr("u_persons")),
        Column("status", "Status", "text"),
        Column("source", b.tr("c_source"), "text"),
    )
    rows = tuple(
        (
            r.id,
            r.name,
            b.sector_name(str(r.sector)),
            float(r.cost_nok),
            int(r.start_year),
            int(r.completion_year),
            r.service if isinstance(r.service, str) else None,
            float(r.capacity) if r.capacity == r.capacity else None,
            _value_label(STATUSES, r.status, lang),
            r.source,
        )
        for r in records(v)
    )
    total = float(v.cost_nok.sum())
    return Table(
        "hp_investments",
        "Investeringer" if lang == "nb" else "Investments",
        cols,
        rows,
        note=(f"Sum: {fmt.millions(total, 0, lang)}."),
    )


def build_long(b: _Builder, s: Section) -> None:
    e = b.economy
    lang = b.lang
    years, mask = _years_from(e, b.base)
    kf = {k: np.asarray(v, dtype=float)[mask] for k, v in e.key_figures.items()}
    x = years.tolist()
    risk = b.out.risk
    fan = risk.fan if risk is not None else None

    def series(key: str, scale: float = 1.0) -> dict[str, Any]:
        entry: dict[str, Any] = {"label": _label(key, lang), "y": (kf[key] / scale).tolist()}
        if risk is not None and fan is not None and key in fan and len(risk.quantiles) >= 2:
            q = np.asarray(fan[key], dtype=float)
            rmask = np.isin(np.asarray(risk.years), years)
            entry["lo"] = (q[0][rmask] / scale).tolist()
            entry["hi"] = (q[-1][rmask] / scale).tolist()
        return entry

    refs = {r.indicator: r.threshold for r in e.rules}
    mill = b.tr("u_mnok")
    band_note = ""
    if risk is not None:
        band_note = (
            f" Båndet: {risk.quantiles[0]:.0%}–{risk.quantiles[-1]:.0%} av {risk.n_paths} "
            "stokastiske baner (befolkning, rente, skattenivå)."
            if lang == "nb"
            else f" Band: {risk.quantiles[0]:.0%}–{risk.quantiles[-1]:.0%} of {risk.n_paths} "
            "stochastic paths (population, interest, tax level)."
        )
    ndr_refs = (
        [
            {
                "y": refs["net_operating_result_pct"],
                "label": ("Handlingsregel" if lang == "nb" else "Rule"),
            }
        ]
        if "net_operating_result_pct" in refs
        else []
    )
    b.add_figure(
        s,
        Figure(
            "ndr",
            _label("net_operating_result_pct", lang),
            "lines",
            {
                "x": x,
                "series": [series("net_operating_result_pct")],
                "ylabel": "%",
                "decimals": 1,
                "refs": ndr_refs,
                "baseline": 0,
            },
            (
                "Netto driftsresultat i prosent av driftsinntektene."
                if lang == "nb"
                else "Net operating result as a share of operating revenue."
            )
            + band_note,
        ),
    )
    b.add_figure(
        s,
        Figure(
            "debt",
            _label("loan_debt", lang),
            "lines",
            {"x": x, "series": [series("loan_debt", 1e6)], "ylabel": mill, "ymin": 0},
            (
                "Lånegjeld ved årets slutt, faste priser."
                if lang == "nb"
                else "Loan debt at year end, fixed prices."
            )
            + band_note,
        ),
    )
    fund_keys = [k for k in ("buffer_fund", "liquidity_reserve") if k in kf]
    fund_refs = [{"y": refs[k] / 1e6, "label": _label(k, lang)} for k in fund_keys if k in refs]
    b.add_figure(
        s,
        Figure(
            "funds",
            "Fond og likviditet" if lang == "nb" else "Funds and liquidity",
            "lines",
            {
                "x": x,
                "series": [series(k, 1e6) for k in fund_keys],
                "ylabel": mill,
                "refs": fund_refs,
                "baseline": 0,
            },
            (
                "Bufferfond og likviditetsreserve ved årets slutt; stiplet: handlingsregelens krav."
                if lang == "nb"
                else "Buffer fund and liquidity reserve at year end; dashed: the rule's floor."
            )
            + band_note,
        ),
    )

    sel = [
        y
        for y in (b.base, b.base + 4, b.base + 10, b.base + 20, b.base + 30, b.base + 40)
        if y in set(years.tolist())
    ]
    idx = np.isin(years, sel)
    keys = [k for k in KEY_FIGURES if k in kf]
    b.add_table(
        s,
        _wide(
            b,
            "long_key_figures",
            "Nøkkeltall på lang sikt" if lang == "nb" else "Long-term key figures",
            keys,
            {k: kf[k][idx] for k in keys},
            years[idx],
        ),
    )
    b.add_table(s, _rules_table(b, e, mask, idx, years[idx], "long_rules"))

    # Every key figure and year: workbook and CSV only.
    frame = e.key_figures_frame()
    frame = frame[frame.year >= b.base]
    cols: tuple[Column, ...] = (
        b.col("year", "c_year", "year"),
        b.col("indicator", "c_indicator", "text"),
        Column("value", b.tr("c_value"), "dec2"),
        b.col("unit", "c_unit", "text"),
    )
    rows: tuple[tuple[Any, ...], ...] = tuple(
        (int(r.year), str(r.indicator), float(r.value), str(r.unit)) for r in records(frame)
    )
    b.add_table(
        s,
        Table(
            "key_figures",
            "Alle nøkkeltall per år" if lang == "nb" else "Every key figure by year",
            cols,
            rows,
            html=False,
        ),
    )
    frame = e.rules_frame()
    frame = frame[frame.year >= b.base]
    cols = (
        b.col("year", "c_year", "year"),
        b.col("rule", "c_rule", "text"),
        Column("value", b.tr("c_value"), "dec2"),
        Column("threshold", b.tr("c_threshold"), "dec2"),
        b.col("kept", "c_kept", "bool"),
    )
    rows = tuple(
        (int(r.year), str(r.rule), float(r.value), float(r.threshold), bool(r.kept))
        for r in records(frame)
    )
    b.add_table(
        s,
        Table(
            "rules",
            "Handlingsregler per år" if lang == "nb" else "Financial rules by year",
            cols,
            rows,
            html=False,
        ),
    )
