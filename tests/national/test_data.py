"""The embedded national files: complete, consistent with the default dataset, and a bad
file gives an error naming file, row and column."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import numpy as np
import pytest

from handlingsrom.demography import assumptions as asm
from handlingsrom.errors import DatasetError
from handlingsrom.national import data


def test_every_municipality_and_year():
    nd = data.load()
    assert len(nd.numbers) == 357
    assert all(len(n) == 4 and n.isdigit() for n in nd.numbers)
    assert nd.years[0] == 2005 and nd.years[-1] == 2017  # nothing after early 2017
    assert nd.rates.mort_years[-1] == 2016 and nd.rates.fert_years[-1] == 2016
    # Vindafjord and Aure lack 2005 rows; everyone else has 2005–2017.
    assert nd.municipality("1160").pop_years[0] == 2006
    assert nd.municipality("0301").pop_years[0] == 2005
    assert set(nd.sources) >= {"S1", "S2", "S3"}


def test_baerum_matches_the_default_dataset(default_dataset):
    nd = data.load()
    ours = asm.data_from_dataset(default_dataset)
    theirs = nd.municipality("3201")  # Bærum's 2024 number
    np.testing.assert_array_equal(theirs.pop_years, ours.pop_years)
    np.testing.assert_array_equal(theirs.pop, ours.pop)
    np.testing.assert_allclose(theirs.mx[-1], ours.mx[-1])
    np.testing.assert_allclose(theirs.asfr[-1], ours.asfr[-1])


def test_unknown_municipality_is_a_clear_error():
    with pytest.raises(asm.DemographyError, match="unknown municipality '9999'"):
        data.load().municipality("9999")


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(data._folder(), folder)
    return folder


def _edit_population(folder: Path, line: int, column: int, value: str) -> None:
    path = folder / "population.csv.gz"
    lines = gzip.decompress(path.read_bytes()).decode().split("\n")
    cells = lines[line - 1].split(",")
    cells[column] = value
    lines[line - 1] = ",".join(cells)
    path.write_bytes(gzip.compress("\n".join(lines).encode()))


def test_bad_cell_names_file_row_and_column(tmp_path):
    folder = _copy(tmp_path)
    _edit_population(folder, 5, 4 + 30, "-3")  # age 30 of the 4th data row
    with pytest.raises(DatasetError) as e:
        data.load(folder)
    assert str(e.value.problems[0]) == (
        "population.csv.gz:5:30: expected an integer in [0, 1e+07], found '-3'"
    )


def test_bad_sex_and_unknown_source(tmp_path):
    folder = _copy(tmp_path)
    _edit_population(folder, 2, 2, "both")
    _edit_population(folder, 3, 3, "S99")
    with pytest.raises(DatasetError) as e:
        data.load(folder)
    shown = [str(p) for p in e.value.problems]
    assert any(s.startswith("population.csv.gz:2:sex: expected one of female, male") for s in shown)
    assert any(s.startswith("population.csv.gz:3:source:") for s in shown)


def test_missing_file_and_bad_header(tmp_path):
    folder = _copy(tmp_path)
    (folder / "births.csv").unlink()
    with pytest.raises(DatasetError, match=r"births\.csv"):
        data.load(folder)
    folder = _copy(tmp_path / "again")
    text = (folder / "municipalities.csv").read_text().replace("county", "fylke", 1)
    (folder / "municipalities.csv").write_text(text)
    with pytest.raises(DatasetError, match=r"municipalities\.csv:1:county"):
        data.load(folder)
