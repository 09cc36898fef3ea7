"""One run of the main job: compute the chain, build the report model, write every output.

Outputs in the folder (written atomically, see :mod:`handlingsrom.report.writer`):
``index.html`` (self-contained report), ``plan.xlsx`` (every table as a sheet),
``tables/<id>.csv`` (the same tables, machine-readable: English column names, units in the
names, dot decimals, UTF-8) and ``run.json`` (version, dataset, sources, parameters used,
scenario files with their SHA-256, timings per stage, the headline figures).
"""

from __future__ import annotations

import dataclasses
import hashlib
import platform
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from handlingsrom import __version__
from handlingsrom.dataset.model import Dataset
from handlingsrom.params import ParameterSet
from handlingsrom.plan import STAGE_TITLES, PlanResult
from handlingsrom.report import writer
from handlingsrom.report.build import build_model
from handlingsrom.report.format import Lang
from handlingsrom.report.html import render_charts, render_html
from handlingsrom.report.model import ReportModel
from handlingsrom.report.xlsx import write_xlsx

# Stages after the chain, for the progress display.
OUTPUT_STAGES: tuple[tuple[str, str], ...] = (
    ("model", "Report model"),
    ("charts", "Charts"),
    ("write", "Writing index.html, plan.xlsx, tables, run.json"),
)
ALL_STAGES = (("validate", "Checking the dataset"), *STAGE_TITLES.items(), *OUTPUT_STAGES)


@dataclass
class RunInfo:
    """What one run produced: where, the model, and how long each stage took."""

    out: Path
    model: ReportModel
    result: PlanResult
    timings: dict[str, float] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)

    @property
    def index(self) -> Path:
        return self.out / "index.html"


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def scenario_records(paths: Sequence[Path]) -> list[dict[str, str]]:
    return [{"name": p.name, "path": str(p), "sha256": file_sha256(p)} for p in paths]


def sources_of(ds: Dataset) -> list[dict[str, str]]:
    if not ds.has("sources"):
        return []
    frame = ds.table("sources")
    cols = [c for c in frame.columns if not c.startswith("_")]
    return [
        {c: ("" if v is None or v != v else str(v)) for c, v in zip(cols, row, strict=True)}
        for row in frame[cols].itertuples(index=False, name=None)
    ]


def dataset_files(ds: Dataset) -> list[dict[str, str]]:
    """Every file of the dataset folder with its SHA-256: the exact inputs of the run."""
    folder = Path(ds.origin) if ds.origin else None
    if folder is None or not folder.is_dir():
        return []
    return [
        {"path": p.relative_to(folder).as_posix(), "sha256": file_sha256(p)}
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    ]


def parameters_record(params: ParameterSet) -> dict[str, Any]:
    return {
        path: {
            "unit": p.unit,
            "description": p.description,
            "interpolation": p.interpolation,
            "values": {str(pt.year): {"value": pt.value, "source": pt.source} for pt in p.points},
        }
        for path, p in sorted(params.items())
    }


def produce(
    result: PlanResult,
    out: Path,
    *,
    scenario_files: Sequence[Path] = (),
    lang: Lang = "nb",
    pdf: bool = False,
    on_stage: Callable[[str], None] | None = None,
    command: Sequence[str] = (),
    started: float | None = None,
) -> RunInfo:
    """Write the report of a plan run (``index.html``, ``plan.xlsx``, ``tables/*.csv``,
    ``run.json``) into ``out``, atomically. ``started``: when the run began
    (``time.perf_counter()``), for the total time in run.json."""
    writer.check_target(out.absolute())
    t_start = time.perf_counter() if started is None else started
    scenarios = scenario_records(scenario_files)
    chain = result
    timings = dict(chain.timings)

    def stage(name: str) -> float:
        if on_stage is not None:
            on_stage(name)
        return time.perf_counter()

    t0 = stage("model")
    sources = sources_of(result.dataset)
    model = build_model(chain, lang=lang, version=__version__, scenarios=scenarios)
    timings["model"] = time.perf_counter() - t0

    t0 = stage("charts")
    svgs = render_charts(model)
    timings["charts"] = time.perf_counter() - t0

    t0 = stage("write")
    page = render_html(model, svgs)
    files: list[str] = []

    def fill(tmp: Path) -> None:
        (tmp / "index.html").write_text(page, encoding="utf-8")
        write_xlsx(model, tmp / "plan.xlsx")
        (tmp / "tables").mkdir()
        for tid, table in model["tables"].items():
            writer.write_csv(table, tmp / "tables" / f"{tid}.csv")
        if pdf:
            from handlingsrom.report.pdf import print_pdf

            print_pdf(tmp / "index.html", tmp / "report.pdf")
        files.extend(sorted(str(p.relative_to(tmp)) for p in tmp.rglob("*") if p.is_file()))
        files.append("run.json")
        timings["write"] = time.perf_counter() - t0
        timings["total"] = time.perf_counter() - t_start
        record = run_record(chain, model, scenarios, sources, timings, files, command)
        writer.dump_json(record, tmp / "run.json")

    writer.write_atomic(out, fill)
    return RunInfo(out=out, model=model, result=result, timings=timings, files=files)


def _scenario_record(scenario: Any) -> dict[str, Any] | None:
    if scenario is None:
        return None
    return {
        "name": getattr(scenario, "name", ""),
        "title": getattr(scenario, "title", ""),
        "file": getattr(scenario, "file", ""),
        "changes": [
            {k: v for k, v in dataclasses.asdict(c).items() if v not in (None, (), "")}
            if dataclasses.is_dataclass(c) and not isinstance(c, type)
            else repr(c)
            for c in getattr(scenario, "changes", lambda: ())()
        ],
    }


def run_record(
    chain: PlanResult,
    model: ReportModel,
    scenarios: list[dict[str, str]],
    sources: list[dict[str, str]],
    timings: dict[str, float],
    files: list[str],
    command: Sequence[str],
) -> dict[str, Any]:
    ds = chain.dataset
    meta = model["meta"]
    return {
        writer.MARKER_KEY: True,
        "version": __version__,
        "python": platform.python_version(),
        "command": list(command),
        "language": meta["lang"],
        "dataset": {
            "name": ds.meta.name,
            "title": ds.meta.title,
            "origin": ds.origin,
            "municipality": ds.meta.municipality_name,
            "municipality_number": ds.meta.municipality_number,
            "data_vintage": ds.meta.data_vintage,
            "base_year": ds.base_year,
            "tables": {k: len(v) for k, v in sorted(ds.tables.items())},
            "files": dataset_files(ds),
        },
        "years": [meta["base_year"], meta["end_year"]],
        "sources": sources,
        "parameters": parameters_record(chain.params),
        "scenario_files": scenarios,
        "stochastic": {
            "population_paths": chain.bands.n_paths if chain.bands is not None else 0,
            "risk_paths": chain.risk.n_paths if chain.risk is not None else 0,
            "seed": chain.options.seed,
        },
        "scenario": _scenario_record(chain.scenario),
        "not_computed": dict(chain.skipped),
        "warnings": list(chain.warnings),
        "headline": model["headline"],
        # the expected outcome and the budget basis: which numbers are which
        "economy_bases": chain.bases_record(),
        "timings_seconds": {k: round(v, 4) for k, v in timings.items()},
        "files": files,
    }
