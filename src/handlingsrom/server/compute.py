"""The server's one door to the model: every model call of the server is in this module.

The rest of the server knows plans as *documents* (a dataset name and a scenario document:
the schema of the scenario TOML files, as JSON) and results as plain rows; it imports no
layer of the model. :class:`Engine` offers a small typed interface:

- ``datasets()``, ``indicators()``, ``columns(kind)``: what there is to plan with;
- ``check(dataset, doc, name)``: validate a document against its dataset *and* run the
  chain once (so a document the model cannot compute is refused, not stored); raises
  :class:`InvalidScenario` with every problem located by a JSON pointer into the document;
- ``chain(…)``: key figures, rules and the plan's measures and investments (milliseconds);
- ``heavy(stage, …)``: required savings, stress tests, rule risk, the report (seconds; run in
  a separate process so they neither block the server nor share the model's caches).

Every result is cached by the content hash of its inputs (the package version, the dataset's
files, the scenario document, the stage and its options), so an unchanged plan is never
computed twice and two plans with the same content share their results.

Every computation is one call of :func:`handlingsrom.plan.run_plan` with the stages the
result needs; the dataset is checked once when it is loaded (``plan.check_dataset``), the
report is written by the report layer's ``produce``.
"""

from __future__ import annotations

import hashlib
import logging
import math
import multiprocessing
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from handlingsrom import __version__
from handlingsrom.dataset import io as dataset_io
from handlingsrom.dataset.kinds import KINDS_BY_NAME
from handlingsrom.dataset.model import Dataset
from handlingsrom.economy import EconomyResult
from handlingsrom.errors import HandlingsromError, Problem
from handlingsrom.plan import (
    PlanOptions,
    PlanResult,
    SavingsOptions,
    Stage,
    check_dataset,
    run_plan,
)
from handlingsrom.scenarios import Scenario, ScenarioFileError, parse_scenario_data
from handlingsrom.server.cache import ResultCache, content_hash

log = logging.getLogger("handlingsrom.server")

SCENARIO_FILE = "scenario"  # the "file" of the problems of a document
META_KEYS = ("name", "title", "description", "source", "kind")
TABLE_KINDS = ("measures", "investments")
HEAVY_STAGES = ("savings", "stress", "risk", "report")
WAITING_DELAYS = tuple(range(11))  # the cost of waiting: start now or up to 10 years later


# --------------------------------------------------------------------------- types
@dataclass(frozen=True)
class FieldProblem:
    """One problem of a document: where (a JSON pointer), what was expected, what was found."""

    field: str
    expected: str
    found: str


class InvalidScenario(Exception):
    """A scenario document that its dataset or the model does not accept."""

    def __init__(self, problems: list[FieldProblem]):
        self.problems = problems
        super().__init__(
            "; ".join(f"{p.field}: expected {p.expected}, found {p.found}" for p in problems)
        )


class ComputeUnavailable(Exception):
    """The computation could not be run (its worker process died); worth a retry."""


@dataclass(frozen=True)
class Column:
    """One column of a table the API edits (measures, investments)."""

    name: str
    type: str  # int, float, str, bool
    description: str
    unit: str
    required: bool
    nullable: bool
    minimum: float | None
    maximum: float | None
    allowed: tuple[str, ...] | None
    example: str
    expected: str  # a human description of a valid value


@dataclass(frozen=True)
class Result:
    """A computed (or cached) result: plain data (rows of dicts, or bytes)."""

    stage: str
    key: str  # the content hash of the inputs
    data: dict[str, Any]
    seconds: float  # how long the computation took (when it was computed)
    cached: bool


# --------------------------------------------------------------------------- datasets
_DATASETS: dict[str, tuple[Dataset, str]] = {}
_DATASETS_LOCK = threading.Lock()


def dataset_names() -> list[str]:
    return list(dataset_io.embedded_datasets())


def default_dataset() -> str:
    """The embedded dataset a plan uses when none is named."""
    return dataset_io.default_dataset()


def _dataset(name: str) -> tuple[Dataset, str]:
    """The embedded dataset ``name`` (loaded and validated once per process) and the hash of
    its files."""
    with _DATASETS_LOCK:
        found = _DATASETS.get(name)
        if found is None:
            ds = dataset_io.load(name)
            check_dataset(ds).raise_for_problems()  # once: every run below skips it
            digest = hashlib.sha256()
            folder = Path(ds.origin)
            for p in sorted(folder.rglob("*")):
                if p.is_file() and "__pycache__" not in p.parts:
                    digest.update(p.relative_to(folder).as_posix().encode())
                    digest.update(hashlib.sha256(p.read_bytes()).digest())
            found = _DATASETS[name] = (ds, digest.hexdigest())
        return found


# --------------------------------------------------------------------------- documents
def _esc(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


def _pointer(*parts: object) -> str:
    return "".join("/" + _esc(str(p)) for p in parts)


def _dotted_pointer(doc: dict[str, Any], column: str | None) -> str:
    """The JSON pointer of a parser problem's dotted field (``economy.x.from``,
    ``decisions.measures.add``, ``name``)."""
    if not column:
        return ""
    for section in ("assumptions", "decisions"):
        body = doc.get(section)
        if not isinstance(body, dict):
            continue
        for key in sorted((k for k in body if "." in k), key=len, reverse=True):
            if column == key:
                return _pointer(section, key)
            if column.startswith(key + "."):
                return _pointer(section, key, column[len(key) + 1 :])
    for section in ("assumptions", "decisions"):
        if column.startswith(section + "."):
            return _pointer(section, *column[len(section) + 1 :].split(".", 1))
    return _pointer(column)


@dataclass(frozen=True)
class _Where:
    pointer: str
    action: str  # "parameter", "add", "remove", "update"
    keys: tuple[str, ...] = ()  # add/remove: the row's keys
    set_keys: tuple[str, ...] = ()
    where_keys: tuple[str, ...] = ()


def _locations(doc: dict[str, Any]) -> tuple[list[_Where], list[_Where]]:
    """Where each parameter override and table change of a valid document is, in the order
    the parser makes them."""
    params: list[_Where] = []
    tables: list[_Where] = []
    for section in ("assumptions", "decisions"):
        body = doc.get(section) or {}
        for key, spec in body.items():
            if "." in key:
                params.append(_Where(_pointer(section, key), "parameter"))
                continue
            for action, rows in spec.items():
                items = [(None, rows)] if isinstance(rows, dict) else list(enumerate(rows))
                for i, row in items:
                    ptr = _pointer(section, key, action) + ("" if i is None else _pointer(i))
                    if action == "update":
                        tables.append(
                            _Where(
                                ptr,
                                action,
                                set_keys=tuple(row.get("set") or ()),
                                where_keys=tuple(row.get("where") or ()),
                            )
                        )
                    else:
                        tables.append(_Where(ptr, action, keys=tuple(row)))
    return params, tables


def _problem_field(where: _Where, column: str | None) -> str:
    if not column or where.action == "parameter":
        return where.pointer
    if where.action == "update":
        if column in where.set_keys:
            return where.pointer + _pointer("set", column)
        if column in where.where_keys:
            return where.pointer + _pointer("where", column)
        return where.pointer + ("/where" if "," in column else "")
    if column in where.keys or (where.action == "add" and "," not in column):
        return where.pointer + _pointer(column)
    return where.pointer


def _parse(doc: Any, name: str) -> tuple[Scenario, dict[int, _Where]]:
    """The scenario of ``doc``, its changes numbered (as if lines) so that a problem found
    when applying it can be traced back to its place in the document."""
    try:
        sc = parse_scenario_data(doc, SCENARIO_FILE, default_name=name)
    except ScenarioFileError as e:
        d = doc if isinstance(doc, dict) else {}
        raise InvalidScenario(
            [FieldProblem(_dotted_pointer(d, p.column), p.expected, p.found) for p in e.problems]
        ) from None
    params, tables = _locations(doc)
    if len(params) != len(sc.parameters) or len(tables) != len(sc.tables):
        return sc, {}  # cannot happen with the parser as it is; then problems stay unlocated
    where: dict[int, _Where] = {}
    new_params = []
    for i, (op, w) in enumerate(zip(sc.parameters, params, strict=True), start=1):
        new_params.append(replace(op, line=i))
        where[i] = w
    new_tables = []
    for i, (change, w) in enumerate(zip(sc.tables, tables, strict=True), start=len(params) + 1):
        new_tables.append(replace(change, line=i, field_lines=()))
        where[i] = w
    return replace(sc, parameters=tuple(new_params), tables=tuple(new_tables)), where


def _locate(doc: dict[str, Any], where: dict[int, _Where], p: Problem) -> FieldProblem:
    w = where.get(p.row) if p.row is not None else None
    field = _problem_field(w, p.column) if w is not None else _dotted_pointer(doc, p.column)
    return FieldProblem(field, p.expected, p.found)


def _end_year(ds: Dataset, years: int | None) -> int | None:
    """The last year of a horizon of ``years`` from the base year (None: the model's)."""
    return None if years is None else ds.base_year + years - 1


def _run(
    ds: Dataset,
    doc: dict[str, Any],
    name: str,
    years: int | None,
    stages: frozenset[Stage] = frozenset({"economy"}),
    **options: Any,
) -> PlanResult:
    """The plan of ``doc`` over ``ds`` with ``stages``; problems located in ``doc``."""
    sc, where = _parse(doc, name)
    opts = PlanOptions(end_year=_end_year(ds, years), stages=stages, workers=1, **options)
    try:
        # An overflow means inputs far outside what the model is made for: refuse them.
        with np.errstate(over="raise", divide="ignore", invalid="ignore"):
            run = run_plan(ds, sc, opts, validate=False)
        if run.economy is None:
            raise InvalidScenario([FieldProblem("", "a dataset with an economy", "none")])
        for indicator, values in run.economy.key_figures.items():
            if np.isinf(np.asarray(values, dtype=float)).any():
                raise InvalidScenario(
                    [FieldProblem("", "finite key figures", f"an infinite {indicator}")]
                )
        return run
    except InvalidScenario:
        raise
    except ScenarioFileError as e:
        raise InvalidScenario([_locate(doc, where, p) for p in e.problems]) from None
    except Exception as e:  # the model refuses (or fails on) these inputs
        raise _model_failure(e) from None


def _model_failure(e: Exception) -> InvalidScenario:
    if not isinstance(e, HandlingsromError | FloatingPointError):
        log.warning("the model failed on a scenario document", exc_info=e)
    return InvalidScenario(
        [FieldProblem("", "a scenario the model can compute", f"{type(e).__name__}: {e}")]
    )


# --------------------------------------------------------------------------- rows
def _plain(value: Any) -> Any:
    """A JSON-ready scalar: NaN and infinities become None."""
    if value is None:
        return None
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        x = float(value)
        return x if math.isfinite(x) else None
    if value is pd.NA or value is pd.NaT:
        return None
    return str(value)


def rows(frame: pd.DataFrame, columns: list[str] | None = None) -> list[dict[str, Any]]:
    cols = [c for c in (columns or list(frame.columns)) if not c.startswith("_")]
    arrays = [frame[c].to_numpy() for c in cols]
    return [
        {c: _plain(v) for c, v in zip(cols, values, strict=True)}
        for values in zip(*arrays, strict=True)
    ]


def key_figure_rows(econ: EconomyResult) -> list[dict[str, Any]]:
    """``EconomyResult.key_figures_frame()`` as rows (the same table, year by year, built
    without pandas: it is most of the cost of a fresh result; a test checks they agree)."""
    from handlingsrom.economy.rules import INDICATORS

    years = [int(y) for y in econ.years]
    columns = [
        (name, INDICATORS[name][0], np.asarray(values, dtype=float).tolist())
        for name, values in econ.key_figures.items()
    ]
    return [
        {"year": year, "indicator": name, "value": _plain(values[t]), "unit": unit}
        for t, year in enumerate(years)
        for name, unit, values in columns
    ]


def _table_rows(ds: Dataset, kind: str) -> list[dict[str, Any]]:
    spec = KINDS_BY_NAME[kind]
    if not ds.has(kind):
        return []
    out = rows(ds.table(kind), spec.column_names)
    ints = [c.name for c in spec.columns if c.type == "int"]
    for row in out:
        for c in ints:
            if row[c] is not None:
                row[c] = int(row[c])
    return out


def _chain_data(ds: Dataset, doc: dict[str, Any], name: str, years: int | None) -> dict[str, Any]:
    run = _run(ds, doc, name, years)
    econ = run.economy
    assert econ is not None
    catalogue = {r.id: r for r in econ.rules}
    rule_rows = []
    for row in rows(econ.rules_frame(), ["year", "rule", "value", "threshold", "kept"]):
        r = catalogue[row["rule"]]
        rule_rows.append(
            {
                "year": row["year"],
                "rule": r.id,
                "name": r.name_en,
                "name_nb": r.name_nb,
                "indicator": r.indicator,
                "operator": r.operator,
                "value": row["value"],
                "threshold": row["threshold"],
                "unit": r.unit,
                "kept": row["kept"],
            }
        )
    return {
        "key_figures": key_figure_rows(econ),
        "rules": rule_rows,
        **{kind: _table_rows(run.dataset, kind) for kind in TABLE_KINDS},
    }


# --------------------------------------------------------------------------- heavy stages
def _heavy_data(
    stage: str, dataset: str, doc: dict[str, Any], name: str, options: dict[str, Any]
) -> dict[str, Any]:
    """One slow result (runs in a worker process)."""
    with np.errstate(over="raise", divide="ignore", invalid="ignore"):
        return _heavy_stage(stage, dataset, doc, name, options)


def _heavy_stage(
    stage: str, dataset: str, doc: dict[str, Any], name: str, options: dict[str, Any]
) -> dict[str, Any]:
    ds, _ = _dataset(dataset)
    years = options.get("years")
    if stage == "savings":
        end = ds.base_year + (years or 41) - 1
        delays = tuple(d for d in WAITING_DELAYS if ds.base_year + d <= end)
        run = _run(
            ds, doc, name, years, frozenset({"waiting"}), savings=SavingsOptions(delays=delays)
        )
        path, wait = run.savings, run.waiting
        assert path is not None and wait is not None
        return {
            "summary": {
                "start_year": int(path.start_year),
                "total_nok": _plain(path.total_nok),
                "peak_nok": _plain(path.peak_nok),
                "final_level_nok": _plain(float(path.level_nok[-1])),
                "feasible": bool(path.feasible),
            },
            "path": rows(path.path_frame()),
            "by_sector": rows(path.frame()),
            "cost_of_waiting": rows(wait.frame()),
        }
    if stage == "stress":
        run = _run(ds, doc, name, years, frozenset({"stress", "savings"}))
        if run.stress is None:
            return {"summary": [], "key_figures": []}
        return {
            "summary": rows(run.stress.summary_frame()),
            "key_figures": rows(run.stress.key_figures_frame()),
        }
    if stage == "risk":
        run = _run(
            ds,
            doc,
            name,
            years,
            frozenset({"risk"}),
            risk_paths=options["risk_paths"],
            seed=options["seed"],
        )
        risk = run.risk
        assert risk is not None
        return {
            "paths": risk.n_paths,
            "seed": risk.seed,
            "rules": rows(risk.frame()),
            "any_rule": rows(risk.any_rule_frame()),
            "quantiles": rows(risk.quantile_frame()),
        }
    if stage == "report":
        from handlingsrom.report import produce

        run = _run(
            ds,
            doc,
            name,
            years,
            frozenset(("uncertainty", "waiting", "stress", "risk")),
            population_paths=options["report_paths"],
            risk_paths=options["risk_paths"],
            seed=options["seed"],
        )
        with tempfile.TemporaryDirectory(prefix="handlingsrom-report-") as tmp:
            out = Path(tmp) / "out"
            produce(run, out, lang=options["lang"])
            return {
                "html": (out / "index.html").read_bytes(),
                "xlsx": (out / "plan.xlsx").read_bytes(),
            }
    raise ValueError(f"unknown stage {stage!r}")


def _heavy_job(
    stage: str, dataset: str, doc: dict[str, Any], name: str, options: dict[str, Any]
) -> tuple[str, Any]:
    """The worker's entry point: ("ok", data), or ("invalid", problems) / ("error", text)."""
    try:
        return "ok", _heavy_data(stage, dataset, doc, name, options)
    except InvalidScenario as e:
        return "invalid", e.problems
    except Exception as e:
        return "invalid", _model_failure(e).problems


def _adds_rows(doc: dict[str, Any]) -> bool:
    for section in ("assumptions", "decisions"):
        body = doc.get(section)
        if isinstance(body, dict):
            for key, spec in body.items():
                if "." not in key and isinstance(spec, dict) and "add" in spec:
                    return True
    return False


# --------------------------------------------------------------------------- engine
class Engine:
    """The model behind the server: light results in this process (one at a time, since the
    model's layers keep module-level caches), slow ones in a pool of worker processes;
    everything cached by content hash."""

    def __init__(
        self,
        cache_entries: int = 512,
        heavy_workers: int = 1,
        risk_paths: int = 100,
        report_paths: int = 200,
        seed: int = 2017,
        years: int | None = None,
    ):
        self.cache = ResultCache(cache_entries)
        self.heavy_workers = max(1, heavy_workers)
        self.risk_paths = risk_paths
        self.report_paths = report_paths
        self.seed = seed
        self.years = years  # the horizon from the base year (None: the model's, 41 years)
        self._model_lock = threading.Lock()
        self._pool: ProcessPoolExecutor | None = None
        self._pool_lock = threading.Lock()

    def close(self) -> None:
        with self._pool_lock:
            if self._pool is not None:
                self._pool.shutdown(wait=True, cancel_futures=True)
                self._pool = None

    # -- what there is
    def datasets(self) -> list[dict[str, Any]]:
        out = []
        for name in dataset_names():
            with self._model_lock:
                ds, digest = _dataset(name)
            m = ds.meta
            out.append(
                {
                    "name": m.name,
                    "title": m.title,
                    "municipality": m.municipality_name,
                    "municipality_number": m.municipality_number,
                    "base_year": m.base_year,
                    "data_vintage": m.data_vintage,
                    "description": m.description,
                    "sha256": digest,
                }
            )
        return out

    def has_dataset(self, name: str) -> bool:
        return name in dataset_names()

    @staticmethod
    def indicators() -> list[dict[str, str]]:
        from handlingsrom.economy.rules import INDICATORS

        return [
            {"indicator": k, "unit": unit, "description": text}
            for k, (unit, text) in INDICATORS.items()
        ]

    @staticmethod
    def columns(kind: str) -> list[Column]:
        return [
            Column(
                name=c.name,
                type=c.type,
                description=c.description,
                unit=c.unit,
                required=c.required and not c.nullable,
                nullable=c.nullable,
                minimum=c.minimum,
                maximum=c.maximum,
                allowed=c.allowed,
                example=c.example,
                expected=c.expected(),
            )
            for c in KINDS_BY_NAME[kind].columns
        ]

    @staticmethod
    def key_columns(kind: str) -> tuple[str, ...]:
        return tuple(KINDS_BY_NAME[kind].key)

    # -- results
    def _key(self, dataset: str, doc: dict[str, Any], stage: str, **options: Any) -> str:
        _, digest = _dataset(dataset)
        if stage in ("savings", "stress", "risk"):  # names and titles do not change them
            doc = {k: v for k, v in doc.items() if k not in META_KEYS}
        return content_hash(
            {"version": __version__, "dataset": [dataset, digest], "doc": doc, "stage": stage}
            | {"options": options}
        )

    def check(self, dataset: str, doc: Any, name: str) -> Result:
        """Validate ``doc`` over ``dataset`` by computing its chain (cached); raises
        :class:`InvalidScenario`."""
        if not isinstance(doc, dict):
            raise InvalidScenario([FieldProblem("", "an object of scenario keys", repr(doc))])
        return self.chain(dataset, doc, name)

    def chain(self, dataset: str, doc: dict[str, Any], name: str) -> Result:
        """Key figures, rules, measures and investments of a plan (milliseconds)."""
        with self._model_lock:
            ds, _ = _dataset(dataset)
        # The name only shows in the source of the rows a document adds ("scenario:<name>").
        named = name if _adds_rows(doc) else ""
        key = self._key(dataset, doc, "chain", name=named, years=self.years)

        def run() -> tuple[dict[str, Any], float]:
            t0 = time.perf_counter()
            with self._model_lock:
                data = _chain_data(ds, doc, name, self.years)
            return data, time.perf_counter() - t0

        (data, seconds), cached = self.cache.get_or_compute(key, run)
        return Result("chain", key, data, seconds, cached)

    def heavy(
        self, stage: str, dataset: str, doc: dict[str, Any], name: str, **opts: Any
    ) -> Result:
        """A slow result (savings, stress, risk, report), computed in a worker process."""
        if stage not in HEAVY_STAGES:
            raise ValueError(f"unknown stage {stage!r}")
        opts = {"years": self.years} | opts
        if stage in ("risk", "report"):
            opts = {"risk_paths": self.risk_paths, "seed": self.seed} | opts
        if stage == "report":
            opts = {"report_paths": self.report_paths} | opts
        key_opts = dict(opts) | ({"name": name} if stage == "report" else {})
        key = self._key(dataset, doc, stage, **key_opts)

        def run() -> tuple[dict[str, Any], float]:
            t0 = time.perf_counter()
            status, payload = self._run_heavy(stage, dataset, doc, name, opts)
            if status != "ok":
                raise InvalidScenario(payload)
            return payload, time.perf_counter() - t0

        (data, seconds), cached = self.cache.get_or_compute(key, run)
        return Result(stage, key, data, seconds, cached)

    def _run_heavy(
        self, stage: str, dataset: str, doc: dict[str, Any], name: str, opts: dict[str, Any]
    ) -> tuple[str, Any]:
        with self._pool_lock:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(
                    max_workers=self.heavy_workers,
                    mp_context=multiprocessing.get_context("spawn"),
                )
            pool = self._pool
        try:
            return pool.submit(_heavy_job, stage, dataset, doc, name, opts).result()
        except BrokenProcessPool:
            with self._pool_lock:
                if self._pool is pool:
                    self._pool = None
            pool.shutdown(wait=False, cancel_futures=True)
            raise ComputeUnavailable("the computation's worker process stopped") from None
