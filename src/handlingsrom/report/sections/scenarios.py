"""Sections 5 and 6: act now or pay later (required savings, cost of waiting); stress tests
side by side and the probability of breaking each rule (scenarios layer)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from handlingsrom.report import format as fmt
from handlingsrom.report.model import Column, Figure, Section, Table, records
from handlingsrom.report.sections.economy import KEY_FIGURES, _label, _rule_name

if TYPE_CHECKING:
    from handlingsrom.report.build import _Builder


def _in_plan(years: np.ndarray, base: int) -> np.ndarray:
    return np.asarray(years) >= base


def build_act(b: _Builder, s: Section) -> None:
    lang = b.lang
    path = b.savings
    wait = b.waiting
    base = b.base
    mask = _in_plan(path.years, base)
    years = np.asarray(path.years)[mask]
    level = np.asarray(path.level_nok, dtype=float)[mask]
    incr = np.asarray(path.increment_nok, dtype=float)[mask]
    hp_end = min(base + 3, int(years[-1]))
    i_hp = int(np.searchsorted(years, hp_end))
    frame = b.economy.key_figures.get("operating_expenditure")

    s.intro.append(
        (
            "For å holde handlingsreglene hvert år fra {start} trengs en varig omstilling på "
            "{hp} innen {hp_end} og {end_level} innen {end}; det største nye kuttet i ett år "
            "er {peak}. {feasible}"
            if lang == "nb"
            else "To keep the financial rules every year from {start}, lasting savings of "
            "{hp} are needed by {hp_end} and {end_level} by {end}; the largest new cut in a "
            "single year is {peak}. {feasible}"
        ).format(
            start=path.start_year,
            hp=fmt.millions(level[i_hp], 0, lang),
            hp_end=hp_end,
            end_level=fmt.millions(level[-1], 0, lang),
            end=int(years[-1]),
            peak=fmt.millions(float(incr.max()) if incr.size else 0.0, 0, lang),
            feasible=(
                ""
                if path.feasible
                else (
                    "Med grensen for årlig omstilling kan ikke alle regler holdes hvert år."
                    if lang == "nb"
                    else "Within the yearly limit on new savings not every rule can be kept "
                    "every year."
                )
            ),
        )
    )
    b.head(
        "savings", b.tr("h_savings") + f" {hp_end}", level[i_hp], fmt.millions(level[i_hp], 0, lang)
    )
    end = int(years[-1])
    b.head(
        "savings_end", b.tr("h_savings") + f" {end}", level[-1], fmt.millions(level[-1], 0, lang)
    )

    sav = np.asarray(path.savings_nok, dtype=float)[:, mask]
    b.add_figure(
        s,
        Figure(
            "savings",
            "Nødvendig omstilling" if lang == "nb" else "Required savings",
            "stacked",
            {
                "x": years.tolist(),
                "series": [
                    {"label": b.sector_name(x), "y": (sav[k] / 1e6).tolist()}
                    for k, x in enumerate(path.sectors)
                ],
                "ylabel": b.tr("u_mnok"),
            },
            (
                "Varig omstilling (nivå per år) som holder handlingsreglene, fordelt på sektorene "
                "etter størrelse; faste priser."
                if lang == "nb"
                else "Lasting savings (level each year) that keep the financial rules, "
                "spread over the sectors by size; fixed prices."
            ),
        ),
    )

    mill = b.tr("u_nok")
    cols = [
        b.col("year", "c_year", "year"),
        Column("level_nok", b.tr("c_savings"), "mnok", mill),
        Column("increment_nok", "Nye kutt i året" if lang == "nb" else "New cuts", "mnok", mill),
    ]
    cols += [
        Column(f"sector_{k}_nok", b.sector_name(x), "mnok", mill, html=False)
        for k, x in enumerate(path.sectors)
    ]
    cols.append(
        Column("binding_rule", "Bindende regel" if lang == "nb" else "Binding rule", "text")
    )
    if frame is not None:
        cols.append(
            Column(
                "share_of_expenditure",
                "Andel av driftsutgiftene" if lang == "nb" else "Share of operating expenditure",
                "frac",
                "andel" if lang == "nb" else "share",
            )
        )
    binding = np.asarray(path.binding, dtype=object)[mask]
    exp_years = np.asarray(b.economy.years)
    rows = []
    for j, y in enumerate(years):
        row: list[Any] = [
            int(y),
            float(level[j]),
            float(incr[j]),
            *[float(sav[k, j]) for k in range(sav.shape[0])],
            str(binding[j]),
        ]
        if frame is not None:
            idx = np.flatnonzero(exp_years == y)
            row.append(float(level[j] / abs(frame[idx[0]])) if idx.size else None)
        rows.append(tuple(row))
    b.add_table(
        s,
        Table(
            "required_savings",
            "Nødvendig omstilling per år" if lang == "nb" else "Required savings by year",
            tuple(cols),
            tuple(rows),
            html_years=tuple(
                y
                for y in (
                    base,
                    base + 1,
                    base + 2,
                    base + 3,
                    base + 5,
                    base + 10,
                    base + 20,
                    base + 30,
                    base + 40,
                )
            ),
            sheet="Omstilling" if lang == "nb" else "Savings",
        ),
    )

    if wait is None:
        return
    wf = wait.frame()
    starts = [int(v) for v in wf.start_year]
    b.add_figure(
        s,
        Figure(
            "waiting",
            "Kostnaden ved å vente" if lang == "nb" else "The cost of waiting",
            "bars",
            {
                "categories": starts,
                "series": [
                    {
                        "label": "Omstilling over perioden"
                        if lang == "nb"
                        else "Savings over the horizon",
                        "y": (wf.savings_total_nok / 1e6).tolist(),
                    },
                    {
                        "label": "Udekket mens man venter"
                        if lang == "nb"
                        else "Gap left while waiting",
                        "y": (wf.gap_while_waiting_nok / 1e6).tolist(),
                    },
                ],
                "stack": True,
                "ylabel": b.tr("u_mnok"),
            },
            (
                "Samlet omstilling over perioden når omstillingen starter i året på aksen, pluss "
                "det som står udekket (brudd på reglene) mens man venter."
                if lang == "nb"
                else "Total savings over the horizon when restructuring starts in the year "
                "on the axis, plus the gap left open (rules broken) while waiting."
            ),
        ),
    )
    first = float(wf.total_nok.iloc[0])
    last = float(wf.total_nok.iloc[-1])
    s.intro.append(
        _waiting_sentence(first, last, lang).format(
            d=int(wf.delay_years.iloc[-1]),
            a=fmt.millions(first, 0, lang),
            z=fmt.millions(last, 0, lang),
        )
    )
    cols2 = (
        Column("delay_years", "Utsettelse" if lang == "nb" else "Delay", "int", b.tr("u_years")),
        b.col("start_year", "c_start", "year"),
        Column("total_nok", b.tr("c_cost_of_waiting"), "mnok", mill),
        Column(
            "savings_total_nok",
            "Omstilling i alt" if lang == "nb" else "Savings in total",
            "mnok",
            mill,
        ),
        Column(
            "gap_while_waiting_nok",
            "Udekket mens man venter" if lang == "nb" else "Gap while waiting",
            "mnok",
            mill,
        ),
        Column(
            "peak_nok",
            "Største årlige kutt" if lang == "nb" else "Largest yearly cut",
            "mnok",
            mill,
        ),
        Column(
            "final_level_nok", "Nivå i sluttåret" if lang == "nb" else "Final level", "mnok", mill
        ),
        Column("feasible", "Mulig" if lang == "nb" else "Feasible", "bool"),
    )
    rows2 = tuple(
        (
            int(r.delay_years),
            int(r.start_year),
            float(r.total_nok),
            float(r.savings_total_nok),
            float(r.gap_while_waiting_nok),
            float(r.peak_nok),
            float(r.final_level_nok),
            bool(r.feasible),
        )
        for r in records(wf)
    )
    b.add_table(
        s,
        Table(
            "cost_of_waiting",
            "Kostnaden ved å vente" if lang == "nb" else "The cost of waiting",
            cols2,
            rows2,
        ),
    )


def build_stress(b: _Builder, s: Section) -> None:
    lang = b.lang
    stress = b.stress
    assert stress is not None
    base = b.base
    runs = range(len(stress.runs))
    s.intro.append(
        "Kommunens egne stresstester kjørt gjennom hele kjeden, side om side med planen."
        if lang == "nb"
        else "The municipality's own stress tests run through the whole chain, beside the plan."
    )

    def title(k: int) -> str:
        if k == 0:
            return "Planen" if lang == "nb" else "The plan"
        return stress.runs[k].scenario.title or stress.runs[k].name

    def series(key: str, scale: float = 1.0) -> list[dict[str, Any]]:
        out = []
        for k in runs:
            econ = stress.runs[k].economy
            v = np.asarray(econ.key_figures[key], dtype=float)[econ.years >= base] / scale
            out.append({"label": title(k), "y": v.tolist()})
        return out

    years = np.asarray(stress.runs[0].economy.years)
    x = years[years >= base].tolist()
    b.add_figure(
        s,
        Figure(
            "stress_ndr",
            (
                _label("net_operating_result_pct", lang)
                + (" i stresstestene" if lang == "nb" else " in the stress tests")
            ),
            "lines",
            {
                "x": x,
                "series": series("net_operating_result_pct"),
                "ylabel": "%",
                "decimals": 1,
                "baseline": 0,
            },
            "Uten ny omstilling." if lang == "nb" else "Without new savings.",
        ),
    )
    b.add_figure(
        s,
        Figure(
            "stress_debt",
            _label("loan_debt", lang)
            + (" i stresstestene" if lang == "nb" else " in the stress tests"),
            "lines",
            {"x": x, "series": series("loan_debt", 1e6), "ylabel": b.tr("u_mnok"), "ymin": 0},
            "Uten ny omstilling." if lang == "nb" else "Without new savings.",
        ),
    )

    sf = stress.summary_frame()
    mill = b.tr("u_nok")
    cols = [
        Column("scenario", b.tr("c_id"), "text", html=False),
        Column("title", b.tr("c_scenario"), "text"),
        Column(
            "rule_years_broken",
            "Regelbrudd (år × regler)" if lang == "nb" else "Rule-years broken",
            "int",
        ),
        Column("first_year_broken", "Første brudd" if lang == "nb" else "First broken", "year"),
        Column(
            "net_operating_result_pct_mean",
            "Netto driftsresultat, snitt" if lang == "nb" else "Net operating result, mean",
            "pct",
            "%",
        ),
        Column(
            "loan_debt_pct_last",
            f"Lånegjeld {x[-1]}" if lang == "nb" else f"Loan debt {x[-1]}",
            "pct",
            "%",
        ),
    ]
    has_sav = "savings_total_nok" in sf.columns
    if has_sav:
        cols += [
            Column(
                "savings_final_level_nok",
                "Nødvendig omstilling, sluttnivå"
                if lang == "nb"
                else "Required savings, final level",
                "mnok",
                mill,
            ),
            Column(
                "savings_total_nok",
                "Omstilling i alt" if lang == "nb" else "Savings in total",
                "mnok",
                mill,
            ),
        ]
    rows = []
    for r, run in zip(records(sf), runs, strict=True):
        first = r.first_year_broken
        row: list[Any] = [
            str(r.scenario),
            title(run),
            int(r.rule_years_broken),
            None if first is None or first != first else int(first),
            float(r.net_operating_result_pct_mean),
            float(r.loan_debt_pct_last),
        ]
        if has_sav:
            row += [float(r.savings_final_level_nok), float(r.savings_total_nok)]
        rows.append(tuple(row))
    b.add_table(
        s,
        Table(
            "stress_tests",
            "Stresstester side om side" if lang == "nb" else "Stress tests side by side",
            tuple(cols),
            tuple(rows),
            sheet="Stresstester" if lang == "nb" else "Stress tests",
        ),
    )

    kf = stress.key_figures_frame()
    kf = kf[(kf.year >= base) & kf.indicator.isin(KEY_FIGURES)]
    cols2 = (
        b.col("scenario", "c_scenario", "text"),
        b.col("year", "c_year", "year"),
        b.col("indicator", "c_indicator", "text"),
        Column("value", b.tr("c_value"), "dec2"),
        b.col("unit", "c_unit", "text"),
    )
    rows2 = tuple(
        (str(r.scenario), int(r.year), str(r.indicator), float(r.value), str(r.unit))
        for r in records(kf)
    )
    b.add_table(
        s,
        Table(
            "stress_key_figures",
            "Nøkkeltall i stresstestene" if lang == "nb" else "Key figures in the stress tests",
            cols2,
            rows2,
            html=False,
            note=(
                "Hovedtallene; alle nøkkeltall for grunnlaget i key_figures.csv."
                if lang == "nb"
                else "The main figures; every key figure of the baseline is in key_figures.csv."
            ),
        ),
    )


def build_risk(b: _Builder, s: Section) -> None:
    lang = b.lang
    risk = b.risk
    base = b.base
    years = np.asarray(risk.years)
    mask = years >= base
    years = years[mask]
    s.items.append(
        (
            "text",
            (
                "Sannsynligheten for å bryte hver handlingsregel, fra {n} stokastiske baner for "
                "befolkning, rente og skattenivå (frø {seed}). Uten ny omstilling."
                if lang == "nb"
                else "The probability of breaking each financial rule, from {n} stochastic paths "
                "of population, interest and tax level (seed {seed}). Without new savings."
            ).format(n=risk.n_paths, seed=risk.seed),
        )
    )
    rules = list(risk.rules)
    series = [
        {
            "label": _rule_name(r, lang)[:48],
            "y": (100 * np.asarray(risk.probability[r.id])[mask]).tolist(),
        }
        for r in rules
    ]
    any_p = np.asarray(getattr(risk, "probability_any", np.zeros(0)), dtype=float)
    if any_p.size:
        y_risk = min(base + 20, int(years[-1]))
        p_risk = float(any_p[mask][int(np.searchsorted(years, y_risk))])
        b.head(
            "risk",
            ("Risiko for regelbrudd {y}" if lang == "nb" else "Risk of breaking a rule {y}").format(
                y=y_risk
            ),
            p_risk,
            fmt.fraction_pct(p_risk, 0, lang),
        )
        series.append(
            {
                "label": "Minst én regel" if lang == "nb" else "At least one rule",
                "y": (100 * any_p[mask]).tolist(),
            }
        )
    b.add_figure(
        s,
        Figure(
            "risk",
            "Sannsynlighet for å bryte handlingsreglene"
            if lang == "nb"
            else "Probability of breaking the financial rules",
            "lines",
            {"x": years.tolist(), "series": series, "ylabel": "%", "ymin": 0},
            f"{risk.n_paths} " + ("baner." if lang == "nb" else "paths."),
        ),
    )
    sel = [
        y
        for y in (
            base,
            base + 1,
            base + 2,
            base + 3,
            base + 5,
            base + 10,
            base + 20,
            base + 30,
            base + 40,
        )
        if y in set(years.tolist())
    ]
    idx = np.isin(years, sel)
    cols = [
        Column("rule", b.tr("c_id"), "text", html=False),
        Column("name", b.tr("c_rule"), "text"),
    ]
    cols += [
        Column(f"p_break_{y}", str(y), "frac", "andel" if lang == "nb" else "share") for y in sel
    ]
    rows = [
        (
            r.id,
            _rule_name(r, lang),
            *[float(v) for v in np.asarray(risk.probability[r.id])[mask][idx]],
        )
        for r in rules
    ]
    if any_p.size:
        rows.append(
            (
                "any",
                "Minst én regel" if lang == "nb" else "At least one rule",
                *[float(v) for v in any_p[mask][idx]],
            )
        )
    b.add_table(
        s,
        Table(
            "rule_risk",
            "Sannsynlighet for brudd" if lang == "nb" else "Probability of breaking",
            tuple(cols),
            tuple(rows),
        ),
    )


def _waiting_sentence(first: float, last: float, lang: str) -> str:
    """How waiting the longest delay changes the total, in words (format fields d, a, z).

    Totals within half a million count as equal. Waiting can cost less: the solve keeps the
    smallest level year by year, not the smallest total (docs/scenarios.md)."""
    if last > first + 0.5e6:
        return (
            "Å vente {d} år med å starte øker den samlede kostnaden fra {a} til {z}."
            if lang == "nb"
            else "Waiting {d} years to start raises the total cost from {a} to {z}."
        )
    if last < first - 0.5e6:
        return (
            "Å vente {d} år med å starte gir en lavere samlet kostnad ({z} mot {a}), fordi "
            "reglene brytes eller kuttene kommer senere i perioden; se tabellen."
            if lang == "nb"
            else "Waiting {d} years to start gives a lower total ({z} against {a}), because "
            "rules are broken or the cuts come later in the period; see the table."
        )
    return (
        "Å vente {d} år med å starte endrer ikke den samlede kostnaden ({a}): "
        "omstillingen trengs først senere i perioden, og det er tid nok til å trappe "
        "den opp."
        if lang == "nb"
        else "Waiting {d} years to start does not change the total cost ({a}): the "
        "savings are needed only later in the period, with time enough to build them up."
    )
