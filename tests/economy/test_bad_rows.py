"""Bad budget, measure, investment, loan and rule rows give file/row/field errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from handlingsrom.dataset import io as dataset_io
from handlingsrom.economy import prepare
from handlingsrom.errors import DatasetError


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = dataset_io.resolve()
    dst = tmp_path_factory.mktemp("ds") / "baerum"
    shutil.copytree(src, dst)
    return dst


def broken(folder: Path, tmp_path: Path, file: str, line: int, old: str, new: str) -> Path:
    """A copy of the dataset with ``old`` replaced by ``new`` on line ``line`` of ``file``."""
    out = tmp_path / "ds"
    shutil.copytree(folder, out)
    lines = (out / file).read_text(encoding="utf-8").split("\n")
    assert old in lines[line - 1], lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    (out / file).write_text("\n".join(lines), encoding="utf-8")
    return out


def problems(path: Path) -> list[str]:
    with pytest.raises(DatasetError) as e:
        dataset_io.load_folder(path)
    return [str(p) for p in e.value.problems]


@pytest.mark.parametrize(
    ("file", "line", "old", "new", "expected"),
    [
        (
            "budget.csv",
            2,
            "3230717000.0",
            "3230717 kr",
            "budget.csv:2:amount_nok: expected a number (NOK), found '3230717 kr'",
        ),
        (
            "budget.csv",
            10,
            "operating_revenue",
            "gross_investment_expenditure",
            "budget.csv:10:item: expected one of",
        ),
        (
            "measures.csv",
            2,
            "Barn og unge",
            "Skole",
            "measures.csv:2:sector: expected a sector of sectors.csv (Barn og unge",
        ),
        (
            "measures.csv",
            3,
            "restructuring,none,2018",
            "restructuring,none,20x8",
            "measures.csv:3:start_year",
        ),
        (
            "investments.csv",
            2,
            "0.2;0.5;0.3",
            "0.2;0.5",
            "investments.csv:2:profile: expected 3 non-negative shares",
        ),
        (
            "investments.csv",
            3,
            "2018,2020",
            "2018,2016",
            "investments.csv:3:completion_year: expected a year not before start_year (2018)",
        ),
        (
            "loans.csv",
            2,
            ",fixed,0.025,",
            ",fixed,,",
            "loans.csv:2:fixed_rate: expected the fixed rate",
        ),
        ("rules.csv", 2, ">=,4.0", "=>,4.0", "rules.csv:2:operator: expected one of >=, <=, >, <"),
    ],
)
def test_bad_rows_name_file_row_and_field(
    folder: Path, tmp_path: Path, file: str, line: int, old: str, new: str, expected: str
) -> None:
    found = problems(broken(folder, tmp_path, file, line, old, new))
    assert any(p.startswith(expected) for p in found), found


def test_a_rule_on_an_unknown_indicator_is_named(folder: Path, tmp_path: Path) -> None:
    path = broken(
        folder, tmp_path, "rules.csv", 2, "net_operating_result_pct", "net_operating_resultat"
    )
    ds = dataset_io.load_folder(path)
    with pytest.raises(DatasetError) as e:
        prepare(ds, 2017, 2020)
    assert str(e.value.problems[0]).startswith(
        "rules.csv:2:indicator: expected a key figure (see docs/economy.md), e.g. "
        "net_operating_result"
    )
    assert "'net_operating_resultat'" in str(e.value.problems[0])


def test_a_debt_cap_can_be_added_as_data(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "ds"
    shutil.copytree(folder, out)
    with (out / "rules.csv").open("a", encoding="utf-8") as f:
        f.write("gjeldsgrad,Lånegjeld i prosent,debt cap,loan_debt_pct,<=,50,percent,\n")
    from handlingsrom.economy import simulate

    r = simulate(prepare(dataset_io.load_folder(out), 2017, 2030))
    assert "gjeldsgrad" in r.kept
    expected = r.key_figures["loan_debt_pct"] <= 50
    assert r.kept["gjeldsgrad"].tolist() == expected.tolist()
    assert not r.kept["gjeldsgrad"].all()  # Bærum's debt is above half its revenue in 2017


def test_an_investment_for_an_unknown_service_is_named(folder: Path, tmp_path: Path) -> None:
    path = broken(folder, tmp_path, "investments.csv", 2, ",grunnskole,", ",skole,")
    with pytest.raises(DatasetError) as e:
        prepare(dataset_io.load_folder(path), 2017, 2020)
    first = str(e.value.problems[0])
    assert first.startswith("investments.csv:2:service: expected a service id of services.csv")
    assert first.endswith("found 'skole'")
