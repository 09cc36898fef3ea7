"""What every chapter reads: the plan run, the language, and small accessors over the result.

A chapter is a pure function ``build(ctx) -> Chapter``; it takes everything from a
:class:`ReportContext`. The accessors here are the one place that knows where a figure
lives in :class:`~handlingsrom.plan.PlanResult` (so a field the economy adds later is wired
in here, not in every chapter): key figures and rule values aligned to the run's calendar,
the years of the action programme and of the long term, sector names, sources and whether a
source is an assumption, and the words of the catalogue.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from handlingsrom.calendar import Calendar
from handlingsrom.economy import EconomyResult
from handlingsrom.economy.rules import Rule
from handlingsrom.plan import PlanResult, Stage
from handlingsrom.plan.result import PopulationBands
from handlingsrom.report import format as fmt
from handlingsrom.report.format import Lang
from handlingsrom.report.i18n import has, t
from handlingsrom.report.model import Untranslated
from handlingsrom.scenarios import RiskResult, SavingsPath, StressResult, WaitingCost
from handlingsrom.services import ServiceResult

ASSUMPTION_PUBLISHER = "Handlingsrom"  # sources the model's authors made: assumptions, estimates


class NotComputed(LookupError):
    """A chapter asked for a stage the run did not compute (a bug: check ``missing`` first)."""


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    publisher: str
    url: str
    licence: str
    notes: str

    @property
    def assumption(self) -> bool:
        """Made by the model's authors (an assumption or an estimate), not published data."""
        return self.publisher.strip() == ASSUMPTION_PUBLISHER


@dataclass(frozen=True)
class ReportContext:
    result: PlanResult
    lang: Lang = "nb"
    version: str = ""
    scenario_files: tuple[Mapping[str, str], ...] = field(default=())

    # ------------------------------------------------------------------ words
    def tr(self, key: str, **kw: Any) -> str:
        return t(key, self.lang, **kw)

    def has_text(self, key: str) -> bool:
        return has(key)

    def named(self, nb: str, en: Any) -> str:
        """A name the dataset gives in bokmål and (maybe) English, in the report's language;
        an untranslated name stays bokmål (the page marks it)."""
        if self.lang == "en" and isinstance(en, str) and en.strip():
            return en[:1].upper() + en[1:]
        return self.untranslated(nb)

    def untranslated(self, nb: str) -> str:
        """A bokmål-only name: as it is in bokmål, marked as untranslated in English."""
        return Untranslated(nb) if self.lang == "en" else nb

    @cached_property
    def _translations(self) -> list[tuple[str, str]]:
        """(bokmål, English) of every name the dataset translates, longest first."""
        ds = self.result.dataset
        pairs = {}
        for kind in ("sectors", "initiatives", "services", "rules"):
            if ds.has(kind):
                frame = ds.table(kind)
                for nb, en in zip(frame["name_nb"], frame["name_en"], strict=True):
                    if isinstance(en, str) and en.strip() and str(nb) != en:
                        pairs[str(nb)] = en
        return sorted(pairs.items(), key=lambda p: -len(p[0]))

    def localised(self, text: str) -> str:
        """Dataset text (e.g. a parameter's description) with the names the dataset
        translates in the report's language."""
        if self.lang == "nb":
            return text
        for nb, en in self._translations:
            text = text.replace(nb, en)
        return text

    def sector_name(self, sector: str) -> str:
        return self.result.dataset.sectors.name(sector, self.lang)

    def rule_name(self, rule: Rule) -> str:
        return self.named(rule.name_nb, rule.name_en)

    def num(self, v: float | None, decimals: int = 0) -> str:
        return fmt.number(v, decimals, self.lang)

    def num_trimmed(self, v: float | None, decimals: int = 3) -> str:
        return fmt.number_trimmed(v, decimals, self.lang)

    def mnok(self, v: float | None, decimals: int = 0) -> str:
        return fmt.millions(v, decimals, self.lang)

    def pct(self, v: float | None, decimals: int = 1) -> str:
        return fmt.percent(v, decimals, self.lang)

    def rule_value(self, rule: Rule, v: float | None) -> str:
        return fmt.rule_value(v, rule.unit, self.lang)

    def rule_requirement(self, rule: Rule) -> str:
        op = {">=": "≥", "<=": "≤", ">": ">", "<": "<"}.get(rule.operator, rule.operator)
        return f"{op} {self.rule_value(rule, rule.threshold)}"

    def basis_text(self, basis: str | None) -> str:
        """``fixed 2017`` → "faste 2017-priser" / "fixed 2017 prices"; ``current`` likewise."""
        if not basis:
            return ""
        if basis.startswith("fixed "):
            return self.tr("basis_fixed", year=basis.split()[1])
        return self.tr("basis_current")

    # ------------------------------------------------------------------ calendar
    @property
    def cal(self) -> Calendar:
        return self.result.calendar

    @property
    def years(self) -> np.ndarray:
        return self.cal.years

    @property
    def base(self) -> int:
        return self.cal.base_year

    @property
    def end(self) -> int:
        return self.cal.end_year

    @property
    def hp_end(self) -> int:
        return self.cal.hp_end

    @property
    def hp_years(self) -> list[int]:
        return [int(y) for y in self.cal.hp_years]

    @property
    def long_years(self) -> list[int]:
        """The years the long-term tables show: the base year, the action programme's last
        year, then +10, +20, +30, +40 within the run (the same set in every table)."""
        wanted = {self.base, self.hp_end, *(self.base + k for k in (10, 20, 30, 40))}
        return sorted(y for y in wanted if y <= self.end)

    def year_20(self) -> int:
        return self.cal.offset(20) or self.end

    @property
    def basis(self) -> str:
        """The price basis of the economy's money: fixed prices of the base year."""
        return self.result.price_basis("fixed")

    # ------------------------------------------------------------------ stages
    def missing(self, *stages: Stage) -> list[str]:
        """Why each of ``stages`` was not computed (empty when all were)."""
        skipped = self.result.skipped
        return [self.tr(f"skip_{skipped[s]}") for s in stages if s in skipped]

    def _need(self, value: Any, stage: str) -> Any:
        if value is None:
            raise NotComputed(f"the report needs the {stage} stage, which this run left out")
        return value

    @property
    def economy(self) -> EconomyResult:
        return self._need(self.result.economy, "economy")  # type: ignore[no-any-return]

    @property
    def services(self) -> ServiceResult:
        return self._need(self.result.services, "services")  # type: ignore[no-any-return]

    @property
    def savings(self) -> SavingsPath:
        return self._need(self.result.savings, "savings")  # type: ignore[no-any-return]

    @property
    def waiting(self) -> WaitingCost | None:
        return self.result.waiting

    @property
    def stress(self) -> StressResult:
        return self._need(self.result.stress, "stress")  # type: ignore[no-any-return]

    @property
    def risk(self) -> RiskResult | None:
        return self.result.risk

    @property
    def bands(self) -> PopulationBands | None:
        return self.result.bands

    # ------------------------------------------------------------------ economy accessors
    def align(self, years: Sequence[Any] | np.ndarray, values: Any) -> np.ndarray:
        """``values`` given for ``years``, on the run's calendar (NaN where missing)."""
        out = np.full(len(self.years), np.nan)
        pos = {int(y): i for i, y in enumerate(self.years)}
        vals = np.asarray(values, dtype=float)
        for y, v in zip(years, vals, strict=True):
            if int(y) in pos:
                out[pos[int(y)]] = v
        return out

    def idx(self, year: int) -> int:
        return int(year) - self.base

    def kf(self, name: str, economy: EconomyResult | None = None) -> np.ndarray:
        """A key figure on the calendar (fixed prices of the base year for money)."""
        e = economy or self.economy
        return self.align(e.years, e.key_figures[name])

    def has_kf(self, name: str) -> bool:
        return self.result.economy is not None and name in self.result.economy.key_figures

    def at(self, name: str, year: int, economy: EconomyResult | None = None) -> float:
        return float(self.kf(name, economy)[self.idx(year)])

    @property
    def rules(self) -> tuple[Rule, ...]:
        return tuple(self.economy.rules)

    def kept(self, rule_id: str, economy: EconomyResult | None = None) -> np.ndarray:
        e = economy or self.economy
        return self.align(e.years, e.kept[rule_id]).astype(bool)

    def rule_values(self, rule_id: str, economy: EconomyResult | None = None) -> np.ndarray:
        e = economy or self.economy
        return self.align(e.years, e.rule_values[rule_id])

    def sector_item(self, item: str) -> dict[str, np.ndarray]:
        """A budget item by sector id on the calendar (fixed prices; signed as a change of
        net expenditure: a saving is negative)."""
        e = self.economy
        arr = e.sector_items[item]
        return {s: self.align(e.years, arr[i]) for i, s in enumerate(e.sectors)}

    # ------------------------------------------------------------------ dataset
    def table(self, kind: str) -> pd.DataFrame | None:
        ds = self.result.dataset
        return ds.table(kind) if ds.has(kind) else None

    @cached_property
    def sources(self) -> dict[str, Source]:
        frame = self.table("sources")
        if frame is None:
            return {}

        def cell(v: Any) -> str:
            return "" if v is None or v != v else str(v)

        out = {}
        for r in frame.to_dict("records"):
            src = Source(
                *(cell(r.get(k)) for k in ("id", "title", "publisher", "url", "licence", "notes"))
            )
            out[src.id] = src
        return out

    def source_ids(self, value: Any) -> tuple[str, ...]:
        if value is None or value != value:
            return ()
        return tuple(s.strip() for s in str(value).split("+") if s.strip())

    def is_assumption(self, source: Any) -> bool:
        """Whether a row's figure rests (in part) on an assumption source."""
        return any(self.sources[s].assumption for s in self.source_ids(source) if s in self.sources)
