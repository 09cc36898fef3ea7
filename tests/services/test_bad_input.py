"""Bad service rows give file:row:column errors naming what was expected and found."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from handlingsrom.dataset import io as dataset_io
from handlingsrom.errors import DatasetError


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    dst = tmp_path / "ds"
    shutil.copytree(dataset_io.resolve(), dst)
    return dst


def edit(folder: Path, file: str, line: int, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` on line ``line`` (1 = header) of ``file``."""
    path = folder / file
    lines = path.read_text(encoding="utf-8").split("\n")
    assert old in lines[line - 1], (old, lines[line - 1])
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    path.write_text("\n".join(lines), encoding="utf-8")


def problems(folder: Path) -> list[str]:
    with pytest.raises(DatasetError) as info:
        dataset_io.load_folder(folder)
    return [str(p) for p in info.value.problems]


def test_unknown_sector(folder: Path) -> None:
    edit(folder, "services.csv", 3, "Barn og unge", "Skole")
    found = problems(folder)
    assert any(
        p.startswith("services.csv:3:sector: expected a sector of sectors.csv (Barn og unge")
        and "'Skole'" in p
        for p in found
    ), found


def test_number_that_is_not_a_number(folder: Path) -> None:
    edit(folder, "services.csv", 4, "1494460000", "1494460 kr")
    found = problems(folder)
    assert any(p.startswith("services.csv:4:net_cost_nok: expected a number") for p in found)


def test_variable_share_out_of_range(folder: Path) -> None:
    edit(folder, "services.csv", 3, ",1.0,0.7,", ",1.5,0.7,")
    found = problems(folder)
    assert "services.csv:3:variable_share: expected a number from 0 to 1 (fraction), found 1.5" in (
        found
    )


def test_coverage_for_an_unknown_service(folder: Path) -> None:
    edit(folder, "service_coverage.csv", 5, "barnehage,", "barnehagen,")
    found = problems(folder)
    assert (
        "service_coverage.csv:5:service: expected a service listed in services.csv, "
        "found 'barnehagen'" in found
    )


def test_service_without_coverage(folder: Path) -> None:
    path = folder / "service_coverage.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    path.write_text(
        "\n".join(line for line in lines if not line.startswith("sfo,")), encoding="utf-8"
    )
    found = problems(folder)
    assert any(p.startswith("services.csv:5:service:") and "'sfo' with none" in p for p in found)


def test_band_ending_before_it_starts(folder: Path) -> None:
    edit(folder, "service_coverage.csv", 7, "grunnskole,6,15,", "grunnskole,6,5,")
    found = problems(folder)
    assert "service_coverage.csv:7:age_to: expected an age ≥ age_from (6), found 5" in found


def test_overlapping_bands(folder: Path) -> None:
    edit(folder, "service_coverage.csv", 6, "barnehage,3,5,", "barnehage,2,5,")
    found = problems(folder)
    assert any(
        p.startswith("service_coverage.csv:6:age_from: expected age bands of barnehage")
        for p in found
    ), found


def test_facility_of_an_unknown_service(folder: Path) -> None:
    edit(folder, "facilities.csv", 2, "barnehage,", "kindergarten,")
    found = problems(folder)
    assert (
        "facilities.csv:2:service: expected a service listed in services.csv, "
        "found 'kindergarten'" in found
    )


def test_facility_closing_before_it_opens(folder: Path) -> None:
    edit(folder, "facilities.csv", 2, ",all,8000.0,145,,,", ",all,8000.0,145,2020,2019,")
    found = problems(folder)
    assert "facilities.csv:2:closed: expected a year after opened (2020), found 2019" in found
