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
from handlingsrom.report.i18n import t
from handlingsrom.report.writer import csv_value
from handlingsrom.report.xlsx import header


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


def test_workbook_sheets_match_the_csv_files_money_in_millions(default_run: RunInfo) -> None:
    """Each sheet holds its table's cells; money is in millions (as on the page and as the
    header says), the CSV in kroner."""
    wb = openpyxl.load_workbook(default_run.out / "plan.xlsx", read_only=True)
    model = default_run.model
    lang = model.meta["lang"]
    assert wb.sheetnames[0] == t("xl_contents", lang)
    assert wb.sheetnames[1:] == [tb.sheet for tb in model.tables.values()]
    for tid, table in model.tables.items():
        rows = list(wb[table.sheet].iter_rows(values_only=True))
        heads = [header(table, j, lang) for j in range(len(table.columns))]
        assert list(rows[0]) == heads, tid
        for j, c in enumerate(table.columns):
            if c.kind == "mnok":
                assert heads[j].endswith("(mill. kr)"), (tid, heads[j])
        csv_rows = read_csv(default_run.out / "tables" / f"{tid}.csv")
        assert len(rows) == len(csv_rows), tid
        for i, (xrow, crow) in enumerate(zip(rows[1:], csv_rows[1:], strict=True)):
            xrow = tuple(xrow) + (None,) * (len(crow) - len(xrow))  # empty cells at the end
            for j, (x, c) in enumerate(zip(xrow, crow, strict=True)):
                scale = 1e6 if table.cell_kind(i, j) == "mnok" else 1.0
                if isinstance(x, float | int) and not isinstance(x, bool):
                    # the workbook keeps millions to six decimals: within one krone
                    assert x * scale == pytest.approx(float(c), rel=1e-9, abs=1.0), (tid, i, j)
                else:
                    assert csv_value(x) == c, (tid, i, j)
    wb.close()


def test_workbook_sheet_names_are_short_unique_and_meaningful(
    default_run: RunInfo, default_run_en: RunInfo
) -> None:
    """Each language names its sheets itself (no names cut at 31 characters, no "(2)")."""
    for run in (default_run, default_run_en):
        names = [tb.sheet for tb in run.model.tables.values()]
        assert len({n.lower() for n in names}) == len(names)
        assert all(len(n) <= 31 and not re.search(r"\(\d+\)$", n) for n in names)
        wb = openpyxl.load_workbook(run.out / "plan.xlsx", read_only=True)
        assert wb.sheetnames[1:] == names
        wb.close()
    assert "HP hovedtall" in [tb.sheet for tb in default_run.model.tables.values()]
    assert "AP main figures" in [tb.sheet for tb in default_run_en.model.tables.values()]


def test_workbook_rules_carry_their_values(default_run: RunInfo) -> None:
    """The rules sheets give each rule's value, requirement and margin, not only kept."""
    wb = openpyxl.load_workbook(default_run.out / "plan.xlsx", read_only=True)
    table = default_run.model.tables["rules"]
    rows = list(wb[table.sheet].iter_rows(values_only=True))
    head = rows[0]
    assert {"Verdi", "Krav", "Margin", "Holdt", "Enhet"} <= set(head)
    e = default_run.result.economy
    assert e is not None
    values = {(r[0], r[1]): r for r in rows[1:]}
    buffer = next(r for r in e.rules if r.unit == "NOK")
    row = values[(int(e.years[0]), buffer.id)]
    rec = dict(zip(head, row, strict=True))
    assert rec["Verdi"] == pytest.approx(float(e.rule_values[buffer.id][0]) / 1e6)
    assert rec["Krav"] == pytest.approx(buffer.threshold / 1e6)
    assert rec["Enhet"] == "mill. kr"
    hp = list(wb[default_run.model.tables["hp_rules"].sheet].iter_rows(values_only=True))
    assert any(isinstance(v, float) for v in hp[1])  # values, not only TRUE/FALSE
    wb.close()


def test_workbook_headers_are_frozen_bold_with_units(default_run: RunInfo) -> None:
    wb = openpyxl.load_workbook(default_run.out / "plan.xlsx")
    ws = wb[default_run.model.tables["age_groups"].sheet]
    assert ws.freeze_panes == "A2"
    assert all(c.font.bold for c in ws[1])
    assert any("(personer)" in str(c.value) for c in ws[1])
    assert "#,##0" in {c.number_format for c in ws[2]}
    assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:")
    contents = wb[wb.sheetnames[0]]
    bases = {row[3] for row in contents.iter_rows(min_row=7, values_only=True)}
    assert "faste 2017-priser" in bases
    wb.close()


def test_run_json_records_inputs_sources_and_timings(
    default_run: RunInfo, default_dataset: Dataset
) -> None:
    record = json.loads((default_run.out / "run.json").read_text("utf-8"))
    assert record["version"]
    assert record["dataset"]["name"] == default_dataset.meta.name
    assert record["dataset"]["data_vintage"] == default_dataset.meta.data_vintage
    ids = {s["id"] for s in record["sources"]}
    assert ids == set(default_dataset.table("sources")["id"])
    assert set(record["parameters"]) >= set(default_dataset.parameters)
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
    # nothing loads from the network; links to the sources are links, not resources
    assert not re.search(r"""src=["']https?://|<link |url\(""", page)
    links = re.findall(r"""<a href=["'](https?://[^"']+)""", page)
    assert links
    assert page.count('<figure id="fig-') == len(default_run.model.figures)
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
