"""Results → the report model: a plain dict with every table, figure and text of the report.

The model is the single source of the HTML page, the workbook, the CSV tables and run.json:
nothing downstream computes a number. Keys: ``meta``, ``headline`` (list of
``{key, label, value, text}``), ``sections`` (list of :class:`Section`), ``tables``
(id → :class:`Table`), ``figures`` (id → :class:`Figure`). No I/O here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from handlingsrom.economy import EconomyResult
from handlingsrom.plan import AGE_GROUPS, PlanResult, Stage, group_totals, support_ratio
from handlingsrom.report import format as fmt
from handlingsrom.report.format import Lang
from handlingsrom.report.i18n import AGE_GROUP_LABELS, t
from handlingsrom.report.model import Column, Figure, Section, Table, clean
from handlingsrom.scenarios import RiskResult, SavingsPath, StressResult, WaitingCost
from handlingsrom.services import ServiceResult

HP_YEARS = 4  # the action programme covers the base year and the three after it


def _offset_years(years: np.ndarray, offsets: Sequence[int]) -> list[int]:
    base = int(years[0])
    have = {int(y) for y in years}
    return [base + k for k in offsets if base + k in have]


def build_model(
    out: PlanResult,
    *,
    lang: Lang = "nb",
    version: str = "",
    scenarios: Sequence[dict[str, str]] = (),
    sources: Sequence[dict[str, str]] = (),
) -> dict[str, Any]:
    """The report model of one run. ``sources`` are the rows of the dataset's sources.csv."""
    ds = out.dataset
    years = out.population.years
    base, end = int(years[0]), int(years[-1])
    hp_end = min(base + HP_YEARS - 1, end)
    meta = {
        "title": t("report_title", lang, municipality=ds.meta.municipality_name),
        "subtitle": t("subtitle", lang, hp_start=base, hp_end=hp_end, end=end),
        "motto": t("motto", lang),
        "municipality": ds.meta.municipality_name,
        "dataset": ds.meta.name,
        "dataset_title": ds.meta.title,
        "origin": ds.origin,
        "vintage": ds.meta.data_vintage,
        "base_year": base,
        "end_year": end,
        "hp_years": [base, hp_end],
        "lang": lang,
        "version": version,
        "scenarios": list(scenarios),
        "n_paths": out.bands.n_paths if out.bands is not None else 0,
        "seed": out.options.seed,
        "missing": {k: t(f"skip_{v}", lang) for k, v in out.skipped.items()},
    }
    b = _Builder(out, lang)
    b.challenge()
    b.services_section()
    b.hp_section(hp_end)
    b.long_term()
    b.act_now()
    b.stress_section()
    b.sources_section(sources, scenarios)
    return {
        "meta": meta,
        "headline": b.headline,
        "sections": b.sections,
        "tables": b.tables,
        "figures": b.figures,
    }


class _Builder:
    def __init__(self, out: PlanResult, lang: Lang):
        self.out = out
        self.lang: Lang = lang
        self.years = out.population.years
        self.sectors: tuple[str, ...] = out.dataset.sectors.ids
        self.base = int(self.years[0])
        self.end = int(self.years[-1])
        self.sections: list[Section] = []
        self.tables: dict[str, Table] = {}
        self.figures: dict[str, Figure] = {}
        self.headline: list[dict[str, Any]] = []

    # ------------------------------------------------------------------ helpers
    def tr(self, key: str, **kw: Any) -> str:
        return t(key, self.lang, **kw)

    def col(self, key: str, label_key: str, kind: str = "int", unit_key: str = "") -> Column:
        return Column(key, self.tr(label_key), kind, self.tr(unit_key) if unit_key else "")

    def add_table(self, section: Section, table: Table) -> None:
        if table.id in self.tables:
            raise ValueError(f"duplicate table id {table.id}")
        self.tables[table.id] = table
        section.items.append(("table", table.id))

    def add_figure(self, section: Section, fig: Figure) -> None:
        self.figures[fig.id] = fig
        section.items.append(("figure", fig.id))

    # The results of the stages a section needs (the section is only built when they ran).
    @property
    def economy(self) -> EconomyResult:
        assert self.out.economy is not None
        return self.out.economy

    @property
    def services(self) -> ServiceResult:
        assert self.out.services is not None
        return self.out.services

    @property
    def savings(self) -> SavingsPath:
        assert self.out.savings is not None
        return self.out.savings

    @property
    def waiting(self) -> WaitingCost:
        assert self.out.waiting is not None
        return self.out.waiting

    @property
    def stress(self) -> StressResult:
        assert self.out.stress is not None
        return self.out.stress

    @property
    def risk(self) -> RiskResult:
        assert self.out.risk is not None
        return self.out.risk

    def sector_name(self, sector: str) -> str:
        """A sector's display name in the report's language (from sectors.csv)."""
        return self.out.dataset.sectors.name(sector, self.lang)

    def head(self, key: str, label: str, value: Any, text: str) -> None:
        self.headline.append({"key": key, "label": label, "value": clean(value), "text": text})

    def missing(self, section: Section, *stages: Stage) -> bool:
        """Note the stages that did not run; True when any is missing."""
        gone = [self.tr(f"skip_{self.out.skipped[s]}") for s in stages if s in self.out.skipped]
        for what in gone:
            section.missing.append(self.tr("not_available", what=what))
        return bool(gone)

    # ------------------------------------------------------------------ 1. challenge
    def challenge(self) -> None:
        lang, years, proj = self.lang, self.years, self.out.population
        s = Section("challenge", self.tr("s_challenge"))
        pop = proj.population
        total = pop.sum(axis=(1, 2))
        groups = group_totals(pop)
        old = groups["80-89"] + groups["90+"]
        ratio = support_ratio(pop)
        s.intro.append(
            self.tr(
                "challenge_intro",
                base=self.base,
                end=self.end,
                pop=fmt.number(total[0], 0, lang),
                pop_end=fmt.number(total[-1], 0, lang),
                old_base=fmt.number(old[0], 0, lang),
                old_end=fmt.number(old[-1], 0, lang),
                ratio_base=fmt.number(ratio[0], 1, lang),
                ratio_end=fmt.number(ratio[-1], 1, lang),
            )
        )
        self.head(
            "population",
            self.tr("h_population", year=self.base),
            total[0],
            fmt.number(total[0], 0, lang),
        )
        self.head(
            "population_end",
            self.tr("h_population_end", year=self.end),
            total[-1],
            fmt.number(total[-1], 0, lang),
        )
        self.head(
            "old_end", self.tr("h_old_end", year=self.end), old[-1], fmt.number(old[-1], 0, lang)
        )
        self.head(
            "support_end",
            self.tr("h_support_end", year=self.end),
            ratio[-1],
            fmt.number(ratio[-1], 1, lang),
        )

        # Pyramid at the base year, +20 and +40.
        pyr_years = _offset_years(years, (0, 20, 40))
        idx = [int(np.searchsorted(years, y)) for y in pyr_years]
        self.add_figure(
            s,
            Figure(
                "pyramid",
                self.tr("fig_pyramid", years=", ".join(map(str, pyr_years))),
                "pyramid",
                {
                    "years": pyr_years,
                    "female": [pop[i, 0].tolist() for i in idx],
                    "male": [pop[i, 1].tolist() for i in idx],
                    "labels": {
                        "female": self.tr("female"),
                        "male": self.tr("male"),
                        "x": self.tr("u_persons"),
                        "y": self.tr("c_age"),
                    },
                },
                self.tr("fig_pyramid_caption"),
            ),
        )

        # Age groups over time as an index, with bands when stochastic paths ran.
        bands = self.out.bands
        series = []
        for gid, _, _ in AGE_GROUPS:
            v = groups[gid]
            ref = v[0] if v[0] > 0 else 1.0
            entry: dict[str, Any] = {
                "label": AGE_GROUP_LABELS[gid][lang],
                "y": (100 * v / ref).tolist(),
            }
            if bands is not None:
                entry["lo"] = (100 * bands.groups[gid][0] / ref).tolist()
                entry["hi"] = (100 * bands.groups[gid][2] / ref).tolist()
            series.append(entry)
        caption = (
            self.tr("fig_agegroups_caption_bands", base=self.base, n=bands.n_paths)
            if bands is not None
            else self.tr("fig_agegroups_caption", base=self.base)
        )
        self.add_figure(
            s,
            Figure(
                "agegroups",
                self.tr("fig_agegroups"),
                "lines",
                {
                    "x": years.tolist(),
                    "series": series,
                    "ylabel": self.tr("u_index"),
                    "baseline": 100,
                },
                caption,
            ),
        )
        if bands is None:
            self.missing(s, "uncertainty")

        sup: dict[str, Any] = {"label": self.tr("c_support"), "y": ratio.tolist()}
        if bands is not None:
            sup["lo"] = bands.support[0].tolist()
            sup["hi"] = bands.support[2].tolist()
        self.add_figure(
            s,
            Figure(
                "support",
                self.tr("fig_support"),
                "lines",
                {"x": years.tolist(), "series": [sup], "ylabel": self.tr("u_ratio"), "ymin": 0},
                self.tr("fig_support_caption"),
            ),
        )

        # Tables: age groups by year (every year in the files, selected years on the page).
        cols = [self.col("year", "c_year", "year")]
        cols += [
            Column(
                f"age_{g.replace('-', '_').replace('+', '_plus')}",
                AGE_GROUP_LABELS[g][lang],
                "int",
                self.tr("u_persons"),
            )
            for g, _, _ in AGE_GROUPS
        ]
        cols += [
            self.col("total", "c_total", "int", "u_persons"),
            self.col("working_age_per_80_plus", "c_support", "dec2", "u_ratio"),
        ]
        rows = []
        for i, y in enumerate(years):
            rows.append(
                (
                    int(y),
                    *[float(groups[g][i]) for g, _, _ in AGE_GROUPS],
                    float(total[i]),
                    float(ratio[i]),
                )
            )
        show = tuple(_offset_years(years, (0, 1, 2, 3, 5, 10, 15, 20, 30, 40)))
        self.add_table(
            s,
            Table("age_groups", self.tr("t_agegroups"), tuple(cols), tuple(rows), html_years=show),
        )

        if bands is not None:
            bcols = (
                self.col("year", "c_year", "year"),
                self.col("age_group", "c_group", "text"),
                self.col("p5", "c_p5", "int", "u_persons"),
                self.col("p50", "c_p50", "int", "u_persons"),
                self.col("p95", "c_p95", "int", "u_persons"),
            )
            brows = []
            for i, y in enumerate(years):
                for g, _, _ in AGE_GROUPS:
                    q = bands.groups[g][:, i]
                    brows.append((int(y), g, float(q[0]), float(q[1]), float(q[2])))
            self.add_table(
                s, Table("age_group_bands", self.tr("t_bands"), bcols, tuple(brows), html=False)
            )

        # The full projection by single year of age and sex: workbook and CSV only.
        pcols = (
            self.col("year", "c_year", "year"),
            self.col("age", "c_age", "int", "u_years"),
            self.col("sex", "c_sex", "text"),
            self.col("population", "c_population", "dec1", "u_persons"),
        )
        prow = []
        for i, y in enumerate(years):
            for sx, sex in enumerate(("female", "male")):
                for a in range(pop.shape[2]):
                    prow.append((int(y), a, sex, float(pop[i, sx, a])))
        self.add_table(
            s,
            Table(
                "population",
                self.tr("t_population"),
                pcols,
                tuple(prow),
                note=self.tr("t_population_note"),
                html=False,
            ),
        )
        self.sections.append(s)

    # ------------------------------------------------------------------ 2. services
    def services_section(self) -> None:
        s = Section("services", self.tr("s_services"))
        self.sections.append(s)
        if self.missing(s, "services"):
            return
        from handlingsrom.report.sections import services as sec

        sec.build(self, s)

    # ------------------------------------------------------------------ 3. action programme
    def hp_section(self, hp_end: int) -> None:
        s = Section("hp", self.tr("s_hp", hp_start=self.base, hp_end=hp_end))
        self.sections.append(s)
        if self.missing(s, "economy"):
            return
        from handlingsrom.report.sections import economy as sec

        sec.build_hp(self, s, hp_end)

    # ------------------------------------------------------------------ 4. long term
    def long_term(self) -> None:
        s = Section("long", self.tr("s_long"))
        self.sections.append(s)
        if self.missing(s, "economy"):
            return
        from handlingsrom.report.sections import economy as sec

        sec.build_long(self, s)

    # ------------------------------------------------------------------ 5. act now
    def act_now(self) -> None:
        s = Section("act", self.tr("s_act"))
        self.sections.append(s)
        if self.missing(s, "savings"):
            return
        from handlingsrom.report.sections import scenarios as sec

        sec.build_act(self, s)

    # ------------------------------------------------------------------ 6. stress and risk
    def stress_section(self) -> None:
        s = Section("stress", self.tr("s_stress"))
        self.sections.append(s)
        if not self.missing(s, "stress"):
            from handlingsrom.report.sections import scenarios as sec

            sec.build_stress(self, s)
        if not self.missing(s, "risk"):
            from handlingsrom.report.sections import scenarios as sec

            sec.build_risk(self, s)

    # ------------------------------------------------------------------ 7. sources
    def sources_section(
        self, sources: Sequence[dict[str, str]], scenarios: Sequence[dict[str, str]]
    ) -> None:
        s = Section("sources", self.tr("s_sources"))
        s.intro.append(self.tr("sources_intro", vintage=self.out.dataset.meta.data_vintage))
        s.intro.append(self.tr("files_note"))
        params = self.out.params
        if len(params):
            cols: tuple[Column, ...] = (
                self.col("path", "c_path", "text"),
                self.col("description", "c_description", "text"),
                self.col("unit", "c_unit", "text"),
                self.col("year", "c_year", "year"),
                self.col("value", "c_value", "dec3"),
                self.col("source", "c_source", "text"),
            )
            rows: list[tuple[Any, ...]] = []
            for path in sorted(params):
                p = params[path]
                for pt in p.points:
                    rows.append((path, p.description, p.unit, pt.year, pt.value, pt.source))
            self.add_table(s, Table("parameters", self.tr("t_parameters"), cols, tuple(rows)))
        else:
            s.intro.append(self.tr("no_parameters"))
        if scenarios:
            cols = (self.col("file", "c_file", "text"), self.col("sha256", "c_sha256", "text"))
            rows = [(sc["path"], sc["sha256"]) for sc in scenarios]
            self.add_table(s, Table("scenario_files", self.tr("t_scenarios"), cols, tuple(rows)))
        cols = (
            self.col("id", "c_id", "text"),
            self.col("title", "c_title", "text"),
            self.col("publisher", "c_publisher", "text"),
            self.col("url", "c_url", "text"),
            self.col("licence", "c_licence", "text"),
            self.col("notes", "c_notes", "text"),
        )
        rows = [
            tuple(src.get(k, "") for k in ("id", "title", "publisher", "url", "licence", "notes"))
            for src in sources
        ]
        self.add_table(s, Table("sources", self.tr("t_sources"), cols, tuple(rows)))
        self.sections.append(s)
