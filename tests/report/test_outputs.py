"""The outputs of a run on the default data: tables, workbook, CSV files and run.json."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import numpy as np
import openpyxl
import pytest

from handlingsrom.dataset.model import Dataset
from handlingsrom.report import RunInfo
from handlingsrom.report.writer import csv_value
from handlingsrom.report.xlsx import CONTENTS


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def test_every_file_is_written(default_run: RunInfo) -> None:
    out = default_run.out
    assert (out / "index.html").is_file()
    assert (out / "plan.xlsx").is_file()
    assert (out / "run.json").is_file()
    for tid in default_run.model["tables"]:
        assert (out / "tables" / f"{tid}.csv").is_file(), tid
    leftovers = [p.name for p in out.parent.iterdir() if p.name.startswith(".")]
    assert leftovers == []


def test_age_groups_add_up_to_the_observed_population(
    default_run: RunInfo, default_dataset: Dataset
) -> None:
    rows = read_csv(default_run.out / "tables" / "age_groups.csv")
    header, first = rows[0], rows[1]
    base = default_dataset.base_year
    assert first[0] == str(base)
    pop = default_dataset.table("population")
    observed = int(pop[pop.year == base].population.sum())
    groups = [float(v) for k, v in zip(header, first, strict=True) if k.startswith("age_")]
    assert sum(groups) == pytest.approx(observed)
    assert float(first[header.index("total")]) == pytest.approx(observed)
    # Every year's groups add up to its total.
    for row in rows[1:]:
        g = [float(v) for k, v in zip(header, row, strict=True) if k.startswith("age_")]
        assert sum(g) == pytest.approx(float(row[header.index("total")]), rel=1e-9)


def test_population_csv_matches_the_projection(default_run: RunInfo) -> None:
    rows = read_csv(default_run.out / "tables" / "population.csv")
    assert rows[0] == ["year", "age", "sex", "population"]
    proj = default_run.result.population
    assert len(rows) - 1 == proj.population.size
    total_last = sum(float(r[3]) for r in rows[1:] if r[0] == str(proj.years[-1]))
    assert total_last == pytest.approx(proj.population[-1].sum(), rel=1e-9)


def test_workbook_sheets_match_the_csv_files(default_run: RunInfo) -> None:
    wb = openpyxl.load_workbook(default_run.out / "plan.xlsx", read_only=True)
    model = default_run.model
    lang = model["meta"]["lang"]
    assert wb.sheetnames[0] == CONTENTS[lang]
    assert len(wb.sheetnames) == 1 + len(model["tables"])
    for (tid, table), sheet in zip(model["tables"].items(), wb.sheetnames[1:], strict=True):
        ws = wb[sheet]
        rows = list(ws.iter_rows(values_only=True))
        assert list(rows[0]) == [c.header() for c in table.columns], tid
        csv_rows = read_csv(default_run.out / "tables" / f"{tid}.csv")
        assert len(rows) == len(csv_rows), tid
        for xrow, crow in zip(rows[1:], csv_rows[1:], strict=True):
            assert [csv_value(v) for v in xrow] == crow, tid
    wb.close()


def test_workbook_headers_are_frozen_bold_with_units(default_run: RunInfo) -> None:
    wb = openpyxl.load_workbook(default_run.out / "plan.xlsx")
    ws = wb[wb.sheetnames[1]]
    assert ws.freeze_panes == "A2"
    assert all(c.font.bold for c in ws[1])
    assert any("(personer)" in str(c.value) for c in ws[1])
    formats = {c.number_format for c in ws[2]}
    assert "#,##0" in formats


def test_run_json_records_inputs_sources_and_timings(
    default_run: RunInfo, default_dataset: Dataset
) -> None:
    record = json.loads((default_run.out / "run.json").read_text("utf-8"))
    assert record["version"]
    assert record["dataset"]["name"] == default_dataset.meta.name
    assert record["dataset"]["data_vintage"] == default_dataset.meta.data_vintage
    ids = {s["id"] for s in record["sources"]}
    assert ids == set(default_dataset.table("sources")["id"])
    assert set(record["parameters"]) == set(default_dataset.parameters)
    for stage in ("population", "services", "economy", "charts", "write", "total"):
        assert record["timings_seconds"][stage] >= 0
    assert record["stochastic"] == {"population_paths": 40, "risk_paths": 20, "seed": 7}
    assert "index.html" in record["files"] and "plan.xlsx" in record["files"]
    inputs = {f["path"]: f["sha256"] for f in record["dataset"]["files"]}
    assert "population.csv" in inputs and "sources.csv" in inputs
    assert all(len(h) == 64 for h in inputs.values())


def test_html_is_self_contained_and_norwegian(default_run: RunInfo) -> None:
    page = default_run.index.read_text("utf-8")
    assert '<html lang="nb">' in page
    assert "<script" not in page
    assert not re.search(r"""(src|href)=["']https?://""", page)
    assert page.count("<svg") == len(default_run.model["figures"])
    total = default_run.result.population.population[0].sum()
    shown = f"{round(total):,}".replace(",", "\u202f")
    assert shown in page  # the base-year population in Norwegian format


def test_english_report(default_run_en: RunInfo) -> None:
    page = default_run_en.index.read_text("utf-8")
    assert '<html lang="en">' in page
    assert "The challenge" in page
    total = default_run_en.result.population.population[0].sum()
    assert f"{round(total):,}" in page


def test_uncertainty_bands_contain_the_median(default_run: RunInfo) -> None:
    bands = default_run.result.bands
    if bands is None:
        pytest.skip(f"not available: {default_run.result.skipped.get('uncertainty')}")
    for g, q in bands.groups.items():
        assert np.all(q[0] <= q[1] + 1e-9) and np.all(q[1] <= q[2] + 1e-9), g
