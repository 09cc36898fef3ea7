"""What each page shows, built from the API's plain results (the chain's rows, the slow
results, the dataset's details): small accessors, so that new fields of the results can be
wired in where they are read. Pure: no database, no model."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from handlingsrom.server.web import charts, fmt
from handlingsrom.server.web.i18n import (
    AGE_GROUP_NAMES,
    BUDGET_ITEMS,
    Lang,
    indicator_name,
    t,
)

LONG_TERM_INDICATORS = (
    "net_operating_result_pct",
    "loan_debt_pct",
    "buffer_fund",
    "liquidity_reserve",
)
TABLE_INDICATORS = (
    "operating_revenue",
    "net_operating_expenditure",
    "net_operating_result",
    "net_operating_result_pct",
    "investment_expenditure",
    "loan_debt",
    "loan_debt_pct",
    "buffer_fund",
    "liquidity_reserve",
    "equity_financing_pct",
    "population",
)
LEVER_MEASURES = ("eiendomsskatt", "gebyrer")  # measure ids the revenue levers write


@dataclass
class View:
    """One plan's results as the pages read them."""

    info: dict[str, Any]  # GET /api/v1/datasets/{name}
    chain: dict[str, Any]  # the chain's rows (key figures, rules, budget, …)
    lang: Lang

    # ----------------------------------------------------------- accessors
    @property
    def years(self) -> list[int]:
        return sorted({r["year"] for r in self.chain["key_figures"]})

    @property
    def base(self) -> int:
        return self.years[0]

    @property
    def end(self) -> int:
        return self.years[-1]

    @property
    def hp_years(self) -> list[int]:
        return [y for y in self.years if y < self.base + 4]

    @property
    def milestones(self) -> list[int]:
        return [y for y in (self.base + d for d in (0, 4, 10, 20, 30, 40)) if y <= self.end]

    def series(self, indicator: str) -> dict[int, float | None]:
        return {
            r["year"]: r["value"] for r in self.chain["key_figures"] if r["indicator"] == indicator
        }

    def unit(self, indicator: str) -> str:
        for r in self.chain["key_figures"]:
            if r["indicator"] == indicator:
                return str(r["unit"])
        return ""

    def value(self, indicator: str, year: int) -> str:
        return fmt.value(self.series(indicator).get(year), self.unit(indicator), self.lang)

    def rules(self) -> list[dict[str, Any]]:
        return list(self.info["rules"])

    def rule_years(self) -> dict[str, dict[int, dict[str, Any]]]:
        out: dict[str, dict[int, dict[str, Any]]] = defaultdict(dict)
        for r in self.chain["rules"]:
            out[r["rule"]][r["year"]] = r
        return out

    def rule_name(self, rule: dict[str, Any]) -> str:
        return str(rule["name_nb"] if self.lang == "nb" else rule["name_en"])

    def sector_name(self, sector: str) -> str:
        for s in [*self.info["sectors"], self.info["central"]]:
            if s["id"] == sector:
                return str(s["name_nb"] if self.lang == "nb" else s["name_en"])
        return sector

    def service_name(self, service: str) -> str:
        for s in self.info["services"]:
            if s["id"] == service:
                return str(s["name_nb"] if self.lang == "nb" else s["name_en"])
        return service

    def threshold_text(self, rule: dict[str, Any]) -> str:
        unit = "percent" if rule["unit"] == "percent" else rule["unit"]
        return f"{rule['operator'].replace('>=', '≥').replace('<=', '≤')} {fmt.value(rule['threshold'], unit, self.lang)}"

    # ----------------------------------------------------------- pieces
    def broken(self, years: list[int]) -> list[tuple[dict[str, Any], list[int]]]:
        """Each rule broken in some of ``years``, with those years."""
        by_rule = self.rule_years()
        out = []
        for rule in self.rules():
            bad = [
                y for y in years if y in by_rule[rule["id"]] and not by_rule[rule["id"]][y]["kept"]
            ]
            if bad:
                out.append((rule, bad))
        return out

    def lead(self) -> list[str]:
        """The first two sentences of the message (the third, on savings, is slow)."""
        nb = self.lang == "nb"
        hp = self.hp_years
        period = f"{hp[0]}–{hp[-1]}"
        broken = self.broken(hp)
        n = len(self.rules())
        if not broken:
            first = (
                f"Alle {n} handlingsreglene holdes i handlingsprogramperioden {period}."
                if nb
                else f"All {n} financial rules are kept in the action programme {period}."
            )
        else:
            names = "; ".join(
                f"{self.rule_name(r).lower() if nb else self.rule_name(r)} ({', '.join(map(str, ys))})"
                for r, ys in broken
            )
            first = (
                f"{len(broken)} av {n} handlingsregler brytes i {period}: {names}."
                if nb
                else f"{len(broken)} of {n} financial rules are broken in {period}: {names}."
            )
        later = [y for y in self.years if y > hp[-1]]
        broken_later = self.broken(later)
        if not broken_later:
            second = (
                f"Uten nye tiltak holdes reglene også til {self.end}."
                if nb
                else f"Without new measures the rules also hold to {self.end}."
            )
        else:
            year, rule = min((ys[0], r["id"]) for r, ys in broken_later)
            name = next(self.rule_name(r) for r in self.rules() if r["id"] == rule)
            count = sum(len(ys) for _, ys in broken_later)
            second = (
                f"Uten nye tiltak brytes en regel første gang i {year} ({name.lower()}), og i alt {count} regelår brytes til {self.end}."
                if nb
                else f"Without new measures a rule is first broken in {year} ({name.lower()}); {count} rule-years are broken to {self.end}."
            )
        return [first, second]

    def rule_cards(self) -> list[dict[str, Any]]:
        """Each rule's value at the end of the action programme and at +20, beside its
        target."""
        by_rule = self.rule_years()
        cards = []
        years = [
            self.hp_years[-1],
            *[y for y in (self.base + 20, self.end) if self.hp_years[-1] < y <= self.end],
        ]
        years = sorted(set(years))
        for rule in self.rules():
            unit = rule["unit"]
            cells = []
            for y in years:
                row = by_rule[rule["id"]].get(y)
                cells.append(
                    {
                        "year": y,
                        "value": fmt.value(row["value"] if row else None, unit, self.lang),
                        "kept": bool(row and row["kept"]),
                    }
                )
            cards.append(
                {
                    "id": rule["id"],
                    "name": self.rule_name(rule),
                    "target": self.threshold_text(rule),
                    "cells": cells,
                }
            )
        return cards

    def thresholds(self, indicator: str) -> list[dict[str, Any]]:
        out = []
        for rule in self.rules():
            if rule["indicator"] == indicator:
                label = f"{t('target', self.lang)}: {self.threshold_text(rule)}"
                scale = 1e6 if self.unit(indicator) == "NOK" else 1.0
                out.append({"label": label, "value": rule["threshold"] / scale})
        return out

    def indicator_chart(
        self,
        indicators: tuple[str, ...] | list[str],
        title: str,
        chart_id: str,
        others: dict[str, View] | None = None,
    ) -> dict[str, Any]:
        """A line chart of key figures (NOK as million kroner) with their rule thresholds;
        ``others``: more versions, one line each (a comparison)."""
        unit = self.unit(indicators[0])
        scale = 1e6 if unit == "NOK" else 1.0
        rows = []
        views = others or {"": self}
        for label, view in views.items():
            for ind in indicators:
                name = indicator_name(ind, self.lang)
                series = label if others else name
                for y, v in view.series(ind).items():
                    if v is not None:
                        rows.append({"year": y, "series": series, "value": v / scale})
        y_title = {"NOK": "mill. kr" if self.lang == "nb" else "NOK million", "percent": "%"}.get(
            unit, unit
        )
        return {
            "id": chart_id,
            "spec": charts.lines(
                rows,
                title=title,
                description=title,
                y_title=y_title,
                series_title=t("scenario", self.lang) if others else t("key_figures", self.lang),
                y_format=",.1f" if unit == "percent" else ",.0f",
                thresholds=self.thresholds(indicators[0]),
                band=(self.hp_years[0], self.hp_years[-1]),
                band_label=t("hp_period", self.lang),
                zero=unit != "percent",
                year_title=t("year", self.lang),
            ),
        }

    def key_table(
        self, years: list[int], indicators: tuple[str, ...] = TABLE_INDICATORS
    ) -> dict[str, Any]:
        return {
            "years": years,
            "rows": [
                {"name": indicator_name(i, self.lang), "cells": [self.value(i, y) for y in years]}
                for i in indicators
                if self.series(i)
            ],
        }

    def rules_table(self, years: list[int]) -> dict[str, Any]:
        by_rule = self.rule_years()
        rows = []
        for rule in self.rules():
            cells = []
            for y in years:
                row = by_rule[rule["id"]].get(y)
                cells.append(
                    {
                        "value": fmt.value(row["value"] if row else None, rule["unit"], self.lang),
                        "kept": bool(row and row["kept"]),
                    }
                )
            rows.append(
                {"name": self.rule_name(rule), "target": self.threshold_text(rule), "cells": cells}
            )
        return {"years": years, "rows": rows}

    # ----------------------------------------------------------- the action programme
    def frames(self) -> dict[str, Any]:
        years = self.hp_years
        net: dict[tuple[str, int], float] = {}
        items: dict[tuple[str, str, int], float] = {}
        for r in self.chain["budget"]:
            if r["year"] in years and r["amount_nok"] is not None:
                items[(r["sector"], r["item"], r["year"])] = r["amount_nok"]
                if r["item"] == "net_operating_expenditure":
                    net[(r["sector"], r["year"])] = r["amount_nok"]
        sectors = [s["id"] for s in self.info["sectors"]]
        rows = []
        for s in sectors:
            detail = [
                {
                    "name": BUDGET_ITEMS[item][0 if self.lang == "nb" else 1],
                    "cells": [fmt.mnok(items.get((s, item, y)), self.lang) for y in years],
                }
                for item in BUDGET_ITEMS
                if item != "net_operating_expenditure"
                and any(abs(items.get((s, item, y)) or 0) >= 5e4 for y in years)
            ]
            rows.append(
                {
                    "name": self.sector_name(s),
                    "cells": [fmt.mnok(net.get((s, y)), self.lang) for y in years],
                    "detail": detail,
                }
            )
        totals = [fmt.mnok(sum(net.get((s, y), 0.0) for s in sectors), self.lang) for y in years]
        chart_rows = [
            {"year": y, "sector": self.sector_name(s), "value": net.get((s, y), 0.0) / 1e6}
            for y in years
            for s in sectors
        ]
        title = t("frames", self.lang) + (
            " (netto driftsutgifter)" if self.lang == "nb" else " (net operating expenditure)"
        )
        spec = charts.bars(
            chart_rows,
            title=title,
            description=title,
            x_field="year",
            x_title=t("year", self.lang),
            y_title="mill. kr" if self.lang == "nb" else "NOK million",
            color_field="sector",
            color_title=t("sector", self.lang),
        )
        return {
            "years": years,
            "rows": rows,
            "totals": totals,
            "chart": {"id": "frames", "spec": spec},
        }

    def investments(self) -> dict[str, Any]:
        years = self.hp_years
        spend: dict[tuple[str, int], float] = defaultdict(float)
        for r in self.chain["investment_spending"]:
            spend[(r["id"], r["year"])] += r["amount_nok"]
        rows = []
        totals = [0.0] * (len(years) + 1)
        for inv in self.chain["investments"]:
            later = sum(v for (i, y), v in spend.items() if i == inv["id"] and y > years[-1])
            cells = [spend.get((inv["id"], y), 0.0) for y in years] + [later]
            totals = [a + b for a, b in zip(totals, cells, strict=True)]
            rows.append({"row": inv, "cells": [fmt.mnok(c, self.lang) if c else "" for c in cells]})
        return {"years": years, "rows": rows, "totals": [fmt.mnok(c, self.lang) for c in totals]}

    def measures(self) -> list[dict[str, Any]]:
        return [m for m in self.chain["measures"] if m["id"] not in LEVER_MEASURES]

    # ----------------------------------------------------------- population, services
    def population(self) -> dict[str, Any]:
        nb = self.lang == "nb"
        pop = {r["year"]: r for r in self.chain["population"]}
        first = pop[min(pop)]
        groups = list(AGE_GROUP_NAMES)
        index_rows = [
            {"year": y, "series": AGE_GROUP_NAMES[g], "value": 100 * r[g] / first[g]}
            for y, r in sorted(pop.items())
            for g in groups
            if first[g]
        ]
        total_rows = [
            {"year": y, "series": t("total", self.lang), "value": r["total"]}
            for y, r in sorted(pop.items())
        ]
        support_rows = [
            {"year": y, "series": "20–66 / 80+", "value": r["support_ratio"]}
            for y, r in sorted(pop.items())
            if r["support_ratio"] is not None
        ]
        title_total = "Innbyggere 1. januar" if nb else "Residents on 1 January"
        title_index = (
            "Aldersgrupper, indeks (første år = 100)"
            if nb
            else "Age groups, index (first year = 100)"
        )
        title_support = (
            "Innbyggere 20–66 år per innbygger 80+"
            if nb
            else "Residents aged 20–66 per resident 80+"
        )
        title_pyr = "Befolkningspyramide" if nb else "Population pyramid"
        milestones = self.milestones
        table = {
            "years": milestones,
            "rows": [
                {
                    "name": AGE_GROUP_NAMES[g],
                    "cells": [fmt.number(pop[y][g], 0, self.lang) for y in milestones],
                }
                for g in groups
            ]
            + [
                {
                    "name": t("total", self.lang),
                    "cells": [fmt.number(pop[y]["total"], 0, self.lang) for y in milestones],
                }
            ],
        }
        ys = t("year", self.lang)
        return {
            "table": table,
            "charts": [
                {
                    "id": "pop-total",
                    "spec": charts.lines(
                        total_rows,
                        title=title_total,
                        description=title_total,
                        y_title=t("persons", self.lang),
                        series_title="",
                        y_format=",.0f",
                        year_title=ys,
                    ),
                },
                {
                    "id": "pop-index",
                    "spec": charts.lines(
                        index_rows,
                        title=title_index,
                        description=title_index,
                        y_title=t("index", self.lang),
                        series_title=t("age_group", self.lang),
                        y_format=",.0f",
                        year_title=ys,
                    ),
                },
                {
                    "id": "pop-support",
                    "spec": charts.lines(
                        support_rows,
                        title=title_support,
                        description=title_support,
                        y_title="",
                        series_title="",
                        y_format=",.1f",
                        year_title=ys,
                    ),
                },
                {
                    "id": "pop-pyramid",
                    "spec": charts.pyramid(
                        self.chain["pyramid"],
                        title=title_pyr
                        + (
                            " (kvinner til venstre, menn til høyre)"
                            if nb
                            else " (women left, men right)"
                        ),
                        description=title_pyr,
                        sex_labels={"female": t("women", self.lang), "male": t("men", self.lang)},
                        x_title=t("persons", self.lang),
                        year_title=t("year", self.lang),
                        age_title=t("age", self.lang),
                    ),
                },
            ],
        }

    def services(self) -> dict[str, Any]:
        nb = self.lang == "nb"
        by: dict[str, dict[int, dict[str, Any]]] = defaultdict(dict)
        for r in self.chain["services"]:
            by[r["service"]][r["year"]] = r
        milestones = self.milestones
        rows = []
        gap_rows = []
        index_rows: list[dict[str, Any]] = []
        fte_rows: dict[int, float] = defaultdict(float)
        for s in self.info["services"]:
            sid = s["id"]
            if sid not in by:
                continue
            series = by[sid]
            first = series[min(series)]
            has_capacity = any((r["capacity"] or 0) > 0 for r in series.values())
            opens = next(
                (y for y, r in sorted(series.items()) if has_capacity and (r["gap"] or 0) > 0.5),
                None,
            )
            rows.append(
                {
                    "name": self.service_name(sid),
                    "unit": s["unit"],
                    "users": [
                        fmt.number(series[y]["users"], 0, self.lang) if y in series else "–"
                        for y in milestones
                    ],
                    "capacity": fmt.number(series[self.base]["capacity"], 0, self.lang)
                    if has_capacity
                    else "",
                    "opens": str(opens) if opens else ("–" if has_capacity else ""),
                }
            )
            for y, r in series.items():
                fte_rows[y] += r["fte"] or 0.0
                if has_capacity:
                    gap_rows.append(
                        {"year": y, "series": self.service_name(sid), "value": r["gap"] or 0.0}
                    )
            if (
                first["users"]
                and s["unit"] not in ("inhabitant",)
                and not s["unit"].startswith("inhabitant")
            ):
                index_rows.extend(
                    {
                        "year": y,
                        "series": self.service_name(sid),
                        "value": 100 * (r["users"] or 0) / first["users"],
                    }
                    for y, r in sorted(series.items())
                )
        ys = t("year", self.lang)
        title_idx = (
            "Brukere per tjeneste, indeks (første år = 100)"
            if nb
            else "Users per service, index (first year = 100)"
        )
        title_gap = (
            "Brukere utover kapasiteten (plasser som mangler)"
            if nb
            else "Users beyond capacity (places missing)"
        )
        title_fte = "Årsverk i tjenestene" if nb else "FTEs in the services"
        return {
            "years": milestones,
            "rows": rows,
            "charts": [
                {
                    "id": "svc-index",
                    "spec": charts.lines(
                        index_rows,
                        title=title_idx,
                        description=title_idx,
                        y_title=t("index", self.lang),
                        series_title=t("service", self.lang),
                        y_format=",.0f",
                        year_title=ys,
                    ),
                },
                {
                    "id": "svc-gap",
                    "spec": charts.lines(
                        gap_rows,
                        title=title_gap,
                        description=title_gap,
                        y_title=t("gap", self.lang),
                        series_title=t("service", self.lang),
                        y_format=",.0f",
                        zero=True,
                        year_title=ys,
                    ),
                },
                {
                    "id": "svc-fte",
                    "spec": charts.lines(
                        [
                            {"year": y, "series": t("fte", self.lang), "value": v}
                            for y, v in sorted(fte_rows.items())
                        ],
                        title=title_fte,
                        description=title_fte,
                        y_title=t("fte", self.lang),
                        series_title="",
                        y_format=",.0f",
                        year_title=ys,
                    ),
                },
            ],
        }


# --------------------------------------------------------------------------- slow results
def savings_view(data: dict[str, Any], view: View) -> dict[str, Any]:
    """The required savings and the cost of waiting as the pages show them."""
    nb = view.lang == "nb"
    lang = view.lang
    summary = data["summary"]
    path = data["path"]
    waiting = data["cost_of_waiting"]
    final = summary["final_level_nok"] or 0.0
    total = summary["total_nok"] or 0.0
    first_cut = next((r["year"] for r in path if (r["increment_nok"] or 0) > 5e4), None)
    if final <= 5e4:
        sentence = (
            f"Reglene holdes til {view.end} uten ny omstilling utover det som er vedtatt."
            if nb
            else f"The rules hold to {view.end} without new savings beyond those adopted."
        )
    else:
        sentence = (
            f"For å holde reglene til {view.end} trengs varig omstilling fra {first_cut}, "
            f"opp mot {fmt.mnok(final, lang)} per år i {view.end} (til sammen {fmt.mnok(total, lang)})."
            if nb
            else f"To keep the rules to {view.end}, lasting savings are needed from {first_cut}, "
            f"rising to {fmt.mnok(final, lang)} a year in {view.end} ({fmt.mnok(total, lang)} in all)."
        )
        if not summary["feasible"]:
            sentence += (
                " Selv full fart i omstillingen holder ikke alle regler."
                if nb
                else " Even savings at full pace do not keep every rule."
            )
    now = waiting[0] if waiting else None
    later = next((r for r in waiting if r["delay_years"] == 5), waiting[-1] if waiting else None)
    wait_sentence = ""
    if now and later and later is not now:
        extra = (later["total_nok"] or 0) - (now["total_nok"] or 0)
        if abs(extra) < 5e5:
            wait_sentence = (
                f"Å vente {later['delay_years']} år endrer ikke hva det koster."
                if nb
                else f"Waiting {later['delay_years']} years does not change the cost."
            )
        elif extra > 0:
            wait_sentence = (
                f"Venter kommunen {later['delay_years']} år, koster det {fmt.mnok(extra, lang)} mer i alt."
                if nb
                else f"Waiting {later['delay_years']} years costs {fmt.mnok(extra, lang)} more in all."
            )
        else:
            wait_sentence = (
                f"Å vente {later['delay_years']} år gir {fmt.mnok(-extra, lang)} lavere sum, men med brudd på reglene mens kommunen venter."
                if nb
                else f"Waiting {later['delay_years']} years totals {fmt.mnok(-extra, lang)} less, with the rules broken while waiting."
            )
    sectors = [s["id"] for s in view.info["sectors"]]
    by_sector = [
        {
            "year": r["year"],
            "sector": view.sector_name(r["sector"]),
            "value": (r["savings_nok"] or 0) / 1e6,
        }
        for r in data["by_sector"]
        if r["sector"] in sectors
    ]
    mill = "mill. kr" if nb else "NOK million"
    title_path = (
        "Nødvendig varig omstilling per år, fordelt på sektor"
        if nb
        else "Required lasting savings a year, by sector"
    )
    title_wait = (
        "Hva det koster å vente: sum omstilling og udekket gap"
        if nb
        else "The cost of waiting: savings and uncovered gap in all"
    )
    wait_rows = [
        {"delay": f"{r['start_year']}", "value": (r["total_nok"] or 0) / 1e6} for r in waiting
    ]
    names = {r["id"]: view.rule_name(r) for r in view.rules()}
    table_years = [
        r for r in path if (r["increment_nok"] or 0) > 5e4 or r["year"] in view.milestones
    ]
    return {
        "sentence": sentence,
        "wait_sentence": wait_sentence,
        "start_year": summary["start_year"],
        "total": fmt.mnok(total, lang),
        "final": fmt.mnok(final, lang),
        "feasible": summary["feasible"],
        "path_rows": [
            {
                "year": r["year"],
                "level": fmt.mnok(r["level_nok"], lang),
                "increment": fmt.mnok(r["increment_nok"], lang),
                "binding": names.get(r.get("binding_rule") or "", r.get("binding_rule") or ""),
            }
            for r in table_years
        ],
        "waiting_rows": [
            {
                "delay": r["delay_years"],
                "start": r["start_year"],
                "total": fmt.mnok(r["total_nok"], lang),
                "savings": fmt.mnok(r.get("savings_total_nok"), lang),
                "gap": fmt.mnok(r.get("gap_while_waiting_nok"), lang),
                "broken": r.get("rule_years_broken_waiting"),
            }
            for r in waiting
        ],
        "charts": [
            {
                "id": "savings-path",
                "spec": charts.bars(
                    by_sector,
                    title=title_path,
                    description=title_path,
                    x_field="year",
                    x_title=t("year", lang),
                    y_title=mill,
                    color_field="sector",
                    color_title=t("sector", lang),
                    x_type="ordinal",
                ),
            },
            {
                "id": "waiting",
                "spec": charts.bars(
                    wait_rows,
                    title=title_wait,
                    description=title_wait,
                    x_field="delay",
                    x_title=t("savings_start", lang),
                    y_title=mill,
                ),
            },
        ],
    }


def stress_view(data: dict[str, Any], view: View) -> dict[str, Any]:
    nb = view.lang == "nb"
    rows = []
    for r in data["summary"]:
        rows.append(
            {
                "name": ("Denne versjonen" if nb else "This version")
                if r.get("title") == "Baseline"
                else (r.get("title") or r.get("scenario")),
                "broken": r.get("rule_years_broken"),
                "first": r.get("first_year_broken") or "–",
                "mean": fmt.pct(r.get("net_operating_result_pct_mean"), view.lang),
                "savings": fmt.mnok(r.get("savings_total_nok"), view.lang),
            }
        )
    names = {
        r.get("scenario"): ("Denne versjonen" if nb else "This version")
        if r.get("title") == "Baseline"
        else (r.get("title") or r.get("scenario"))
        for r in data["summary"]
    }
    chart_rows = [
        {"year": r["year"], "series": names.get(r["scenario"], r["scenario"]), "value": r["value"]}
        for r in data["key_figures"]
        if r["indicator"] == "net_operating_result_pct" and r["value"] is not None
    ]
    title = (
        "Netto driftsresultat i % under stresstestene"
        if nb
        else "Net operating result, %, under the stress tests"
    )
    spec = charts.lines(
        chart_rows,
        title=title,
        description=title,
        y_title="%",
        series_title=t("scenario", view.lang),
        thresholds=view.thresholds("net_operating_result_pct"),
        band=(view.hp_years[0], view.hp_years[-1]),
        band_label=t("hp_period", view.lang),
        year_title=t("year", view.lang),
    )
    return {"rows": rows, "charts": [{"id": "stress", "spec": spec}]}


def risk_view(data: dict[str, Any], view: View) -> dict[str, Any]:
    nb = view.lang == "nb"
    names = {r["id"]: view.rule_name(r) for r in view.rules()}
    rows = [
        {
            "year": r["year"],
            "series": names.get(r["rule"], r["rule"]),
            "value": 100 * (r["probability"] or 0),
        }
        for r in data["rules"]
    ] + [
        {
            "year": r["year"],
            "series": "Minst én regel" if nb else "At least one rule",
            "value": 100 * (r["probability"] or 0),
        }
        for r in data["any_rule"]
    ]
    title = (
        f"Sannsynlighet for å bryte reglene ({data['paths']} baner)"
        if nb
        else f"Probability of breaking the rules ({data['paths']} paths)"
    )
    spec = charts.lines(
        rows,
        title=title,
        description=title,
        y_title="%",
        series_title=t("rule", view.lang),
        y_format=",.0f",
        zero=True,
        year_title=t("year", view.lang),
    )
    ms = view.milestones
    anyp = {r["year"]: r["probability"] for r in data["any_rule"]}
    table = [
        {
            "name": names.get(rule, rule),
            "cells": [
                fmt.pct(100 * p, view.lang, 0)
                if (
                    p := next(
                        (
                            r["probability"]
                            for r in data["rules"]
                            if r["rule"] == rule and r["year"] == y
                        ),
                        None,
                    )
                )
                is not None
                else "–"
                for y in ms
            ],
        }
        for rule in names
    ] + [
        {
            "name": "Minst én regel" if nb else "At least one rule",
            "cells": [fmt.pct(100 * anyp[y], view.lang, 0) if y in anyp else "–" for y in ms],
        }
    ]
    return {
        "paths": data["paths"],
        "years": ms,
        "rows": table,
        "charts": [{"id": "risk", "spec": spec}],
    }


def with_origin(rows: list[dict[str, Any]], base: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``rows`` with ``origin``: ``dataset`` (as in the dataset), ``changed`` or ``added``."""
    by_id = {r["id"]: r for r in base}
    out = []
    for r in rows:
        b = by_id.get(r["id"])
        origin = "added" if b is None else ("dataset" if b == r else "changed")
        out.append({**r, "origin": origin})
    return out
