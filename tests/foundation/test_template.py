"""`new-dataset` writes a fillable template; `import-xlsx` reads a filled workbook back."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from handlingsrom.dataset import io as dataset_io
from handlingsrom.dataset import template
from handlingsrom.dataset.kinds import KINDS
from handlingsrom.dataset.model import Dataset
from handlingsrom.errors import DatasetError, HandlingsromError
from tests.foundation.cli_helpers import run_cli


@pytest.fixture(scope="session")
def template_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("tpl") / "my-kommune"
    code, out, err = run_cli(["new-dataset", str(dest)])
    assert code == 0, err
    assert "Wrote a dataset template" in out
    return dest


@pytest.fixture(scope="session")
def filled_workbook(
    template_folder: Path, default_dataset: Dataset, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """The template's workbook filled with the default dataset's tables and metadata."""
    wb = load_workbook(template_folder / template.WORKBOOK)
    ws = wb[template.DATASET_SHEET]
    meta = default_dataset.meta
    for row in ws.iter_rows(min_row=2):
        field = row[0].value
        if field in ("name", "title", "municipality_name", "base_year", "data_vintage"):
            row[1].value = getattr(meta, field)
        elif field == "municipality_number":
            row[1].value = int(meta.municipality_number)  # as Excel would store "0219"
        elif field == "sources":
            row[1].value = ", ".join(meta.sources)
    for kind in KINDS:
        ws = wb[kind.name]
        ws.delete_rows(2, ws.max_row)
        if kind.name not in default_dataset.tables:
            continue
        table = default_dataset.table(kind.name)[kind.column_names]
        for record in table.itertuples(index=False, name=None):
            ws.append([template._excel_value(v) for v in record])
    path = tmp_path_factory.mktemp("filled") / "filled.xlsx"
    wb.save(path)
    return path


def test_template_has_every_kind_with_header_and_a_row(template_folder: Path) -> None:
    for kind in KINDS:
        lines = (template_folder / kind.filename).read_text(encoding="utf-8").splitlines()
        assert lines[0] == ",".join(kind.column_names), kind.name
        assert len(lines) >= 2, kind.name
    readme = (template_folder / "README.txt").read_text(encoding="utf-8")
    assert "same for every Norwegian municipality" in " ".join(readme.split())


def test_template_prefills_the_national_tables(
    template_folder: Path, default_dataset: Dataset
) -> None:
    mort = pd.read_csv(template_folder / "mortality.csv")
    assert len(mort) == len(default_dataset.table("mortality"))
    births = pd.read_csv(template_folder / "births.csv")
    assert set(births["area"]) == {"nation"}
    pop = pd.read_csv(template_folder / "population.csv")
    assert len(pop) == 1  # the municipality's own table: an example row only


def test_template_parameters_are_the_defaults(template_folder: Path) -> None:
    default_params = sorted(p.name for p in (dataset_io.resolve() / "parameters").glob("*.yaml"))
    params = sorted(p.name for p in (template_folder / "parameters").glob("*.yaml"))
    assert params == default_params


def test_template_toml_is_valid_toml_with_comments(template_folder: Path) -> None:
    import tomllib

    text = (template_folder / "dataset.toml").read_text(encoding="utf-8")
    raw = tomllib.loads(text)
    assert raw["name"] == "my-kommune"
    assert raw["base_year"] == 2017
    assert "# municipality_number (required)" in text


def test_workbook_sheets_headers_and_comments(template_folder: Path) -> None:
    wb = load_workbook(template_folder / template.WORKBOOK)
    assert wb.sheetnames[0] == template.README_SHEET
    assert wb.sheetnames[1] == template.DATASET_SHEET
    assert wb.sheetnames[-1] == template.PARAMETERS_SHEET
    assert [k.name for k in KINDS] == wb.sheetnames[2:-1]
    ws = wb["population"]
    assert [c.value for c in ws[1]] == KINDS[0].column_names
    assert ws.freeze_panes == "A2"
    assert ws["A1"].font.bold
    comment = ws["D1"].comment.text
    assert "Number of residents" in comment and "persons" in comment and "required" in comment


def test_refuses_to_overwrite(template_folder: Path, tmp_path: Path) -> None:
    before = sorted(p.name for p in template_folder.iterdir())
    code, _out, err = run_cli(["new-dataset", str(template_folder)])
    assert code == 1
    assert "expected a new or empty folder" in err and "Traceback" not in err
    assert sorted(p.name for p in template_folder.iterdir()) == before
    empty = tmp_path / "empty"
    empty.mkdir()
    code, _out, err = run_cli(["new-dataset", str(empty)])
    assert code == 0, err


def test_round_trip_through_the_workbook(
    filled_workbook: Path, default_dataset: Dataset, tmp_path: Path
) -> None:
    dest = tmp_path / "imported"
    code, out, err = run_cli(["import-xlsx", str(filled_workbook), str(dest)])
    assert code == 0, err
    assert "valid" in out
    assert dataset_io.validate_folder(dest) == []
    ds = dataset_io.load_folder(dest)
    assert ds.meta.municipality_number == "0219"
    assert ds.meta.base_year == default_dataset.meta.base_year
    assert set(ds.tables) == set(default_dataset.tables)
    for name, table in default_dataset.tables.items():
        mine = ds.table(name).drop(columns="_row").reset_index(drop=True)
        theirs = table.drop(columns="_row").reset_index(drop=True)
        # Excel keeps 15 significant digits, so floats agree to that precision, not bit for bit
        pd.testing.assert_frame_equal(
            mine, theirs, check_dtype=False, check_exact=False, rtol=1e-13, obj=name
        )
    assert set(ds.parameters) == set(default_dataset.parameters)
    for path, p in default_dataset.parameters.items():
        got = ds.parameters[path]
        assert [(q.year, q.source) for q in got.points] == [(q.year, q.source) for q in p.points]
        assert [q.value for q in got.points] == pytest.approx([q.value for q in p.points], 1e-13)
        assert (got.interpolation, got.unit) == (p.interpolation, p.unit), path
        assert got.description == p.description, path


def test_import_reports_sheet_and_excel_row_and_writes_nothing(
    filled_workbook: Path, tmp_path: Path
) -> None:
    wb = load_workbook(filled_workbook)
    wb["population"]["D5"] = "many"
    wb["population"].insert_rows(3)  # a blank row: Excel rows no longer match CSV lines
    wb["dataset"]["B2"] = "Not A Name"
    wb.create_sheet("notes")
    bad = tmp_path / "bad.xlsx"
    wb.save(bad)
    dest = tmp_path / "out"
    with pytest.raises(DatasetError) as info:
        template.import_xlsx(bad, dest)
    messages = [str(p) for p in info.value.problems]
    assert (
        "population (sheet):6:population: expected a whole number from 0 to 10 000 000 (persons), "
        "found 'many'" in messages
    )
    assert any(m.startswith("dataset (sheet):2:name: expected a short name") for m in messages)
    assert any(m.startswith("notes (sheet):-:-: expected only the sheets") for m in messages)
    assert not dest.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["bad.xlsx"]  # no temporary folder left
    code, _out, err = run_cli(["import-xlsx", str(bad), str(dest)])
    assert code == 1 and "Traceback" not in err
    assert "population (sheet):6:population:" in err


def test_import_maps_parameter_problems_to_rows(filled_workbook: Path, tmp_path: Path) -> None:
    wb = load_workbook(filled_workbook)
    ws = wb["parameters"]
    ws.append(["testns.growth", 2017, "lots", "fraction", "step", "S1", "a test parameter"])
    row = ws.max_row
    bad = tmp_path / "bad.xlsx"
    wb.save(bad)
    with pytest.raises(DatasetError) as info:
        template.import_xlsx(bad, tmp_path / "out")
    messages = [str(p) for p in info.value.problems]
    assert (
        f"parameters (sheet):{row}:testns.growth.values.2017: expected a number (fraction), "
        "found 'lots'" in messages
    )


def test_import_of_a_missing_sheet_and_a_non_workbook(
    filled_workbook: Path, tmp_path: Path
) -> None:
    wb = load_workbook(filled_workbook)
    del wb["mortality"]
    del wb["dataset"]
    bad = tmp_path / "bad.xlsx"
    wb.save(bad)
    with pytest.raises(DatasetError) as info:
        template.import_xlsx(bad, tmp_path / "out")
    messages = [str(p) for p in info.value.problems]
    assert messages == [
        "dataset (sheet):-:-: expected a sheet 'dataset' with the fields of dataset.toml, "
        "found no such sheet",
        "mortality (sheet):-:-: expected a sheet 'mortality', found no such sheet",
    ]
    text = tmp_path / "not.xlsx"
    text.write_text("hello", encoding="utf-8")
    with pytest.raises(HandlingsromError, match=r"expected an \.xlsx workbook"):
        template.import_xlsx(text, tmp_path / "out2")
    code, _out, err = run_cli(["import-xlsx", str(tmp_path / "nope.xlsx"), str(tmp_path / "o")])
    assert code == 1 and err.strip() == f"error: {tmp_path / 'nope.xlsx'}: no such workbook"


def test_import_accepts_an_existing_empty_folder(filled_workbook: Path, tmp_path: Path) -> None:
    dest = tmp_path / "empty"
    dest.mkdir()
    template.import_xlsx(filled_workbook, dest)
    assert (dest / "population.csv").exists()
    shutil.rmtree(dest)


def test_an_unfilled_template_says_what_to_fill_in(template_folder: Path) -> None:
    problems = [str(p) for p in dataset_io.validate_folder(template_folder)]
    assert "dataset.toml:9:title: expected a title (text), found ''" in problems
    assert any(p.startswith("dataset.toml:15:municipality_name:") for p in problems)
