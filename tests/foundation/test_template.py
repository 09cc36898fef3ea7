"""`new-dataset` writes a fillable template; `import-xlsx` reads a filled workbook back."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook

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
def template_workbook(template_folder: Path) -> Workbook:
    """The template's workbook as written, loaded once (openpyxl takes seconds) for the
    tests that only read it."""
    return load_workbook(template_folder / template.WORKBOOK)


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
    ws = wb[template.PARAMETERS_SHEET]  # the municipality's parameters, as a user fills them
    ws.delete_rows(2, ws.max_row)
    for p in default_dataset.parameters.values():
        for q in p.points:
            ws.append([p.path, q.year, q.value, p.unit, p.interpolation, q.source, p.description])
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


def _template_parameters(folder: Path) -> dict[str, object]:
    problems: list[object] = []
    out = {}
    for path in (folder / "parameters").glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        for p in dataset_io.parse_parameters(text, path.stem, path.name, problems):  # type: ignore[arg-type]
            out[p.path] = p
    assert problems == []
    return out


def test_template_parameters_start_neutral(template_folder: Path, default_dataset: Dataset) -> None:
    """Only what is the same for every municipality is copied from the reference: none of
    its own parameters (net migration, fertility, its tax level, its funds and rules)."""
    from handlingsrom.scenarios.parameters import REGISTRY

    params = _template_parameters(template_folder)
    for path in (
        "demography.net_migration",
        "demography.tfr",
        "economy.tax_relative_to_national",
        "economy.buffer_fund_floor",
        "economy.equity_share_target",
    ):
        assert path in default_dataset.parameters
        assert path not in params, path
    assert params, "the national parameters are copied"
    for path, p in params.items():
        spec = REGISTRY.spec(path)
        assert spec is not None and not spec.municipal, path
        assert p.points == default_dataset.parameters[path].points  # type: ignore[attr-defined]
    national = [
        p
        for p, s in ((p, REGISTRY.spec(p)) for p in default_dataset.parameters)
        if s is not None and not s.municipal
    ]
    assert sorted(params) == sorted(national)
    text = (template_folder / "parameters" / "economy.yaml").read_text(encoding="utf-8")
    assert "#   tax_relative_to_national (ratio):" in text and "required" in text
    readme = (template_folder / "README.txt").read_text(encoding="utf-8")
    assert "economy.buffer_fund_floor (NOK): the default 0 is assumed" in readme


def test_a_template_for_a_municipality_starts_from_its_own_population(tmp_path: Path) -> None:
    dest = tmp_path / "utsira"
    code, out, err = run_cli(["new-dataset", str(dest), "--municipality", "utsira"])
    assert code == 0, err
    assert "for Utsira (1151)" in out
    pop = pd.read_csv(dest / "population.csv")
    assert sorted(pop["year"].unique()) == list(range(2005, 2018))
    assert 150 < pop.loc[pop["year"] == 2017, "population"].sum() < 300
    import tomllib

    meta = tomllib.loads((dest / "dataset.toml").read_text(encoding="utf-8"))
    assert (meta["municipality_number"], meta["municipality_name"]) == ("1151", "Utsira")
    assert meta["title"] == "Utsira 2017" and meta["base_year"] == 2017
    for kind in KINDS:  # the population layer alone: a valid dataset as it is
        if not kind.required:
            (dest / kind.filename).unlink()
    code, out, err = run_cli(["validate", str(dest)])
    assert code == 0, err
    code, out, err = run_cli(["project", "--data", str(dest), "--end-year", "2057"])
    assert code == 0, err
    frame = pd.read_csv(__import__("io").StringIO(out))
    total = frame.groupby("year")["population"].sum()
    assert 0.5 < total[2057] / total[2017] < 1.5  # no inherited net migration of another place


@pytest.mark.parametrize("query", ["Nowhere", "9999", "a"])
def test_an_unknown_or_ambiguous_municipality_is_one_line(tmp_path: Path, query: str) -> None:
    code, _out, err = run_cli(["new-dataset", str(tmp_path / "x"), "--municipality", query])
    assert code == 1 and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert not (tmp_path / "x").exists()


def test_template_toml_is_valid_toml_with_comments(template_folder: Path) -> None:
    import tomllib

    text = (template_folder / "dataset.toml").read_text(encoding="utf-8")
    raw = tomllib.loads(text)
    assert raw["name"] == "my-kommune"
    assert raw["base_year"] == 2017
    assert "# municipality_number (required)" in text


def test_workbook_sheets_headers_and_comments(template_workbook: Workbook) -> None:
    wb = template_workbook
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


def test_the_workbook_parameter_sheet_lists_the_registry(template_workbook: Workbook) -> None:
    from handlingsrom.scenarios.parameters import REGISTRY

    wb = template_workbook
    rows = list(wb[template.PARAMETERS_SHEET].iter_rows(min_row=2, values_only=True))
    paths = {r[0] for r in rows}
    declared = {s.path for s in REGISTRY.values() if not s.placeholders}
    assert declared <= paths
    by_path = {r[0]: r for r in rows}
    tax = by_path["economy.tax_relative_to_national"]
    assert tax[2] is None and "required" in tax[6]  # left to fill, no value from the reference
    assert "estimated from the data" in by_path["demography.net_migration"][6]


def test_import_skips_a_parameter_row_left_without_a_value() -> None:
    header = tuple(name for name, _ in template.PARAMETER_COLUMNS)
    rows = [
        header,
        ("economy.tax_relative_to_national", None, None, "ratio", "step", None, "fill me"),
        ("economy.wage_growth", 2017, 0.03, "fraction", "step", "S1", "wages"),
    ]
    problems: list[object] = []
    out = template._parameter_yaml(rows, "parameters (sheet)", problems)  # type: ignore[arg-type]
    assert problems == []
    text, _lines = out["economy"]
    assert "wage_growth" in text and "tax_relative_to_national" not in text
