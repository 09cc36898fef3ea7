"""The bad-dataset corpus: one defect per case, each with its exact location and message.

Every case copies the mini dataset (cut from the default, see ``mini.py``) to a temporary
folder, applies one mutation and checks that validation reports the problem at the expected
``file:row:column`` with the expected words — in the library, and through the CLI with a
non-zero exit and no traceback. A few cases are variations a spreadsheet produces that must
be accepted (semicolons and decimal commas, a BOM, CRLF, thin-space thousands).
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from handlingsrom.dataset import io as dataset_io
from handlingsrom.errors import DatasetError, Problem
from handlingsrom.plan import check_dataset
from tests.foundation.cli_helpers import run_cli
from tests.foundation.mini import make_mini_dataset, population_line

POP = "population.csv"
L5 = 5  # line 5 of the mini population.csv: 2016, age 3, female
L_2017_F_50 = population_line(2017, "female", 50)
L_2017_M_0 = population_line(2017, "male", 0)


@pytest.fixture(scope="session")
def mini_dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_mini_dataset(tmp_path_factory.mktemp("mini") / "mini")


@pytest.fixture
def mini(mini_dataset: Path, tmp_path: Path) -> Path:
    dest = tmp_path / "ds"
    shutil.copytree(mini_dataset, dest)
    return dest


# --------------------------------------------------------------------------- mutations
def _lines(folder: Path, file: str) -> list[str]:
    return (folder / file).read_text(encoding="utf-8").split("\n")


def _write_lines(folder: Path, file: str, lines: list[str]) -> None:
    (folder / file).write_text("\n".join(lines), encoding="utf-8")


def set_cell(file: str, line: int, column: str, value: str) -> Callable[[Path], None]:
    def mutate(folder: Path) -> None:
        lines = _lines(folder, file)
        header = lines[0].split(",")
        cells = lines[line - 1].split(",")
        cells[header.index(column)] = value
        lines[line - 1] = ",".join(cells)
        _write_lines(folder, file, lines)

    return mutate


def delete_lines(file: str, keep: Callable[[int, str], bool]) -> Callable[[Path], None]:
    def mutate(folder: Path) -> None:
        lines = _lines(folder, file)
        _write_lines(folder, file, [x for n, x in enumerate(lines, 1) if n == 1 or keep(n, x)])

    return mutate


def map_lines(file: str, f: Callable[[int, str], str]) -> Callable[[Path], None]:
    def mutate(folder: Path) -> None:
        lines = _lines(folder, file)
        _write_lines(folder, file, [f(n, x) if x else x for n, x in enumerate(lines, 1)])

    return mutate


def drop_column(file: str, column: str) -> Callable[[Path], None]:
    def mutate(folder: Path) -> None:
        lines = _lines(folder, file)
        i = lines[0].split(",").index(column)
        out = []
        for x in lines:
            cells = x.split(",")
            out.append(",".join(cells[:i] + cells[i + 1 :]) if x else x)
        _write_lines(folder, file, out)

    return mutate


def write_bytes(file: str, data: bytes) -> Callable[[Path], None]:
    def mutate(folder: Path) -> None:
        (folder / file).parent.mkdir(parents=True, exist_ok=True)
        (folder / file).write_bytes(data)

    return mutate


def edit_toml(old: str, new: str) -> Callable[[Path], None]:
    def mutate(folder: Path) -> None:
        text = (folder / "dataset.toml").read_text(encoding="utf-8")
        assert old in text
        (folder / "dataset.toml").write_text(text.replace(old, new), encoding="utf-8")

    return mutate


def remove(file: str) -> Callable[[Path], None]:
    return lambda folder: (folder / file).unlink()


def latin1_cell(folder: Path) -> None:
    lines = _lines(folder, POP)
    data = "\n".join(lines).encode("utf-8")
    good = "\n".join(lines[: L5 - 1]).encode("utf-8") + b"\n"
    bad_line = lines[L5 - 1].rsplit(",", 1)[0].encode() + b",S\xf8"
    rest = data[len(good) + len(lines[L5 - 1].encode()) :]
    (folder / POP).write_bytes(good + bad_line + rest)


def duplicate_line5(folder: Path) -> None:
    lines = _lines(folder, POP)
    while lines and lines[-1] == "":
        lines.pop()
    _write_lines(folder, POP, [*lines, lines[L5 - 1], ""])


def n_pop_lines(folder: Path) -> int:
    return len([x for x in _lines(folder, POP) if x])


def edit_rows(
    file: str, change: Callable[[list[dict[str, str]]], list[dict[str, str]]]
) -> Callable[[Path], None]:
    """Rewrite a CSV file through the csv module (quoted fields stay intact)."""

    def mutate(folder: Path) -> None:
        text = (folder / file).read_text(encoding="utf-8")
        reader = csv.DictReader(io.StringIO(text))
        header = list(reader.fieldnames or [])
        rows = change(list(reader))
        header += [k for r in rows[:1] for k in r if k not in header]  # columns added
        buf = io.StringIO()
        writer = csv.DictWriter(buf, header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        (folder / file).write_text(buf.getvalue(), encoding="utf-8")

    return mutate


def set_where(
    file: str, where: Callable[[dict[str, str]], bool], column: str, value: Callable[[str], str]
) -> Callable[[Path], None]:
    def change(rows: list[dict[str, str]]) -> list[dict[str, str]]:
        for r in rows:
            if where(r):
                r[column] = value(r[column])
        return rows

    return edit_rows(file, change)


def edit_text(file: str, pattern: str, new: str, dotall: bool = False) -> Callable[[Path], None]:
    def mutate(folder: Path) -> None:
        text = (folder / file).read_text(encoding="utf-8")
        changed, n = re.subn(pattern, new, text, flags=re.M | (re.S if dotall else 0))
        assert n, (file, pattern)
        (folder / file).write_text(changed, encoding="utf-8")

    return mutate


def drop_yaml_block(file: str, name: str) -> Callable[[Path], None]:
    """Delete one parameter (its key line and the indented lines under it)."""
    return edit_text(file, rf"^{name}:\n(?:[ ].*\n|\n)*", "")


def line_of(file: str, pattern: str) -> Callable[[Path], int]:
    """The line (1-based) of the first line of ``file`` matching ``pattern``."""

    def find(folder: Path) -> int:
        lines = (folder / file).read_text(encoding="utf-8").split("\n")
        return next(n for n, x in enumerate(lines, 1) if re.search(pattern, x))

    return find


ECON = "parameters/economy.yaml"
BOTH_2016 = {"year": "2016"}


def _is(**kv: str) -> Callable[[dict[str, str]], bool]:
    return lambda r: all(r[k] == v for k, v in kv.items())


def _add_mortality_2014(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    return [{**r, "year": "2014"} for r in rows] + rows


@dataclass(frozen=True)
class Case:
    id: str
    mutate: Callable[[Path], None]
    location: str  # the problem's "file:row:column" (row may depend on the file: see below)
    words: tuple[str, ...]
    # {line} in the location: the line this finds in the mutated dataset
    line: Callable[[Path], int] | None = None


YAML_TEXT_NUMBER = b"""\
growth:
  description: A test parameter
  unit: fraction
  values:
    2017: {value: a lot, source: S1}
"""
YAML_DUPLICATE = b"""\
growth:
  unit: fraction
  values: {2017: 0.01}
growth:
  unit: fraction
  values: {2017: 0.02}
"""

CASES: list[Case] = [
    Case("missing-file", remove("mortality.csv"), "mortality.csv:-:-", ("no such file",)),
    Case(
        "missing-column",
        drop_column(POP, "sex"),
        "population.csv:1:sex",
        ("a column 'sex'", "no such column"),
    ),
    Case(
        "unknown-column",
        map_lines(POP, lambda n, x: x + (",kommune" if n == 1 else ",0219")),
        "population.csv:1:kommune",
        ("only the columns year, age, sex, population", "unknown column 'kommune'"),
    ),
    Case(
        "negative-population",
        set_cell(POP, L5, "population", "-3"),
        "population.csv:5:population",
        ("a whole number from 0 to 10 000 000 (persons)", "found -3"),
    ),
    Case(
        "fractional-population",
        set_cell(POP, L5, "population", "12.5"),
        "population.csv:5:population",
        ("a whole number", "found 12.5"),
    ),
    Case(
        "duplicate-rows",
        duplicate_line5,
        "population.csv:{last}:year,age,sex",
        ("one row per year, age, sex", "year=2016, age=3, sex=female (first at line 5)"),
    ),
    Case(
        "gap-in-ages",
        delete_lines(POP, lambda n, _x: n != L_2017_F_50),
        f"population.csv:{L_2017_F_50}:age",
        ("every age from 0 to 105 for year=2017, sex=female", "no row for age 50"),
    ),
    Case(
        "text-in-number",
        set_cell(POP, L5, "population", "many"),
        "population.csv:5:population",
        ("a whole number", "found 'many'"),
    ),
    Case(
        "wrong-encoding",
        latin1_cell,
        "population.csv:5:-",
        ("UTF-8 text", "byte 0xf8", "Latin-1"),
    ),
    Case("empty-file", write_bytes(POP, b""), "population.csv:-:-", ("a header row", "empty file")),
    Case(
        "only-header",
        delete_lines(POP, lambda _n, _x: False),
        "population.csv:-:-",
        ("at least one data row", "only the header"),
    ),
    Case(
        "base-year-outside-data",
        edit_toml("base_year = 2017", "base_year = 2030"),
        "dataset.toml:6:base_year",
        ("population.csv (2016–2017)", "found 2030"),
    ),
    Case(
        "sex-other-than-female-male",
        set_cell(POP, L5, "sex", "F"),
        "population.csv:5:sex",
        ("one of female, male", "found 'F'"),
    ),
    Case(
        "toml-missing-base-year",
        edit_toml("base_year = 2017\n", ""),
        "dataset.toml:-:base_year",
        ("a field base_year", "found nothing"),
    ),
    Case(
        "toml-bad-municipality-number",
        edit_toml('"0219"', '"219"'),
        "dataset.toml:4:municipality_number",
        ("four-digit municipality number", "found '219'"),
    ),
    Case(
        "toml-invalid",
        edit_toml('title = "Mini', "title = Mini"),
        "dataset.toml:3:-",
        ("valid TOML", "invalid value"),
    ),
    Case(
        "toml-wrong-encoding",
        lambda f: (f / "dataset.toml").write_bytes(
            (f / "dataset.toml").read_text(encoding="utf-8").encode("latin-1")
        ),
        "dataset.toml:5:-",
        ("UTF-8 text", "byte 0xe6", "Latin-1"),
    ),
    Case(
        "toml-empty-title",
        edit_toml('title = "Mini dataset for tests"', 'title = ""'),
        "dataset.toml:3:title",
        ("a title (text)", "found ''"),
    ),
    Case(
        "toml-unknown-field",
        edit_toml("base_year = 2017", "base_year = 2017\nbudget_year = 2017"),
        "dataset.toml:7:budget_year",
        ("only the fields name, title", "found 2017"),
    ),
    Case(
        "toml-unknown-source-id",
        edit_toml('sources = ["S1", "S2"]', 'sources = ["S1", "S7"]'),
        "dataset.toml:7:sources",
        ("ids listed in sources.csv", "found 'S7'"),
    ),
    Case(
        "wrong-field-count",
        map_lines(POP, lambda n, x: x + ",extra" if n == L5 else x),
        "population.csv:5:-",
        ("5 fields as in the header", "found 6 fields"),
    ),
    Case(
        "unknown-source-id",
        set_cell(POP, L5, "source", "S9"),
        "population.csv:5:source",
        ("an id listed in sources.csv", "found 'S9'"),
    ),
    Case(
        "yaml-text-for-number",
        write_bytes("parameters/testns.yaml", YAML_TEXT_NUMBER),
        "parameters/testns.yaml:5:testns.growth.values.2017",
        ("a number (fraction)", "found 'a lot'"),
    ),
    Case(
        "yaml-duplicate-parameter",
        write_bytes("parameters/testns.yaml", YAML_DUPLICATE),
        "parameters/testns.yaml:4:testns.growth",
        ("each parameter once", "a second 'growth' (first at line 1)"),
    ),
    Case(
        "nan-text-in-number",
        set_cell(POP, L5, "population", "NaN"),
        "population.csv:5:population",
        ("a whole number", "found 'NaN'"),
    ),
    Case(
        "age-above-maximum",
        set_cell(POP, L5, "age", "121"),
        "population.csv:5:age",
        ("a whole number from 0 to 120 (years)", "found 121"),
    ),
    Case(
        "open-age-differs",
        delete_lines(POP, lambda n, _x: n != population_line(2017, "male", 105)),
        f"population.csv:{population_line(2017, 'male', 104)}:age",
        ("the same open (highest) age 105", "highest age 104 for year=2017, sex=male"),
    ),
    Case(
        "year-missing-one-sex",
        delete_lines(POP, lambda n, _x: n < L_2017_M_0),
        f"population.csv:{population_line(2017, 'female', 0)}:sex",
        ("both female and male for year=2017", "none for male"),
    ),
    Case(
        "utf16",
        lambda f: (f / POP).write_bytes((f / POP).read_text(encoding="utf-8").encode("utf-16")),
        "population.csv:1:-",
        ("UTF-8 text", "UTF-16"),
    ),
    Case(
        "unknown-file",
        write_bytes("populasjon.csv", b"year,age\n"),
        "populasjon.csv:-:-",
        ("only the files", "an unknown file 'populasjon.csv'"),
    ),
    Case(
        "repeated-column",
        map_lines(POP, lambda n, x: x + (",age" if n == 1 else ",1")),
        "population.csv:1:age",
        ("each column once", "'age' twice"),
    ),
    Case(
        "overlong-field",
        set_cell(POP, L5, "source", '"' + "x" * 200_000 + '"'),
        "population.csv:5:-",
        ("CSV text", "field larger than field limit"),
    ),
    Case(
        "column-name-in-another-case",
        map_lines(POP, lambda n, x: x.replace("population", "Population") if n == 1 else x),
        "population.csv:1:Population",
        ("unknown column 'Population' (did you mean 'population'?)",),
    ),
    Case(
        "empty-required-cell",
        set_cell(POP, L5, "sex", ""),
        "population.csv:5:sex",
        ("one of female, male", "an empty cell"),
    ),
]


# The cases of issue 14 (nothing absurd gets through): each an error at its place.
CASES += [
    Case(
        "population-1e300",
        set_cell(POP, L5, "population", "1e300"),
        "population.csv:5:population",
        ("a whole number from 0 to 10 000 000 (persons)", "found 1e300"),
    ),
    Case(
        "population-10-to-the-30",
        set_cell(POP, L5, "population", "1" + "0" * 30),
        "population.csv:5:population",
        ("a whole number from 0 to 10 000 000", "found 1000000000000000000000000000000"),
    ),
    Case(
        "mortality-1e300",
        set_cell("mortality.csv", 5, "mx", "1e300"),
        "mortality.csv:5:mx",
        ("a number from 0 to 10 (per person-year)", "found 1e300"),
    ),
    Case(
        "mortality-3-at-every-age",
        set_where("mortality.csv", lambda r: True, "mx", lambda _v: "3"),
        "mortality.csv:2:mx",
        ("life expectancy at birth of 15–150 years for year=2016, sex=female", "0.4 years"),
    ),
    Case(
        "mortality-0-at-every-age",
        set_where("mortality.csv", lambda r: True, "mx", lambda _v: "0"),
        "mortality.csv:2:mx",
        ("life expectancy at birth of 15–150 years", "found no deaths at all"),
    ),
    Case(
        "fertility-above-10",
        set_where("fertility.csv", lambda r: True, "asfr", lambda _v: "0.5"),
        "fertility.csv:2:asfr",
        ("a total fertility rate of at most 10 for year=2016", "found 22"),
    ),
    Case(
        "population-0-in-the-base-year",
        set_where(POP, _is(year="2017"), "population", lambda _v: "0"),
        f"population.csv:{population_line(2017, 'female', 0)}:population",
        ("residents in 2017", "0 in every age and sex"),
    ),
    Case(
        "population-0-everywhere",
        set_where(POP, lambda r: True, "population", lambda _v: "0"),
        "population.csv:-:population",
        ("residents on 1 January 2017 (the base year)", "0 in every age and sex"),
    ),
    Case(
        "coverage-500-percent",
        set_cell("service_coverage.csv", 2, "coverage", "5.0"),
        "service_coverage.csv:2:coverage",
        ("a coverage of at most 1 for helsestasjon", "max_coverage", "found 5"),
    ),
    Case(
        "floating-interest-500-percent",
        edit_text(ECON, r"(interest_rate_floating:.*?value: )0\.017", r"\g<1>5.0", dotall=True),
        ECON + ":{line}:economy.interest_rate_floating.values.2016",
        ("a value from -0.05 to 0.3 (fraction)", "found 5"),
        line=lambda f: line_of(ECON, r"value: 5\.0")(f) - 1,  # the year's line
    ),
    Case(
        "negative-loan-balance",
        set_where("loans.csv", _is(id="existing-fixed"), "balance_nok", lambda _v: "-5e9"),
        "loans.csv:2:balance_nok",
        ("a number ≥ 0 (NOK)", "found -5e9"),
    ),
    Case(
        "negative-loan-debt-in-the-accounts",
        set_where("budget.csv", _is(item="loan_debt"), "amount_nok", lambda _v: "-1000"),
        "budget.csv:{line}:amount_nok",
        ("an amount ≥ 0 for loan_debt (NOK)", "found -1000"),
        line=line_of("budget.csv", r",loan_debt,"),
    ),
    Case(
        "a-required-parameter-missing",
        drop_yaml_block(ECON, "repayment_years"),
        ECON + ":-:economy.repayment_years",
        ("a value for economy.repayment_years", "no such parameter"),
    ),
    Case(
        "population-only-in-the-base-year",
        edit_rows(POP, lambda rows: [r for r in rows if r["year"] == "2017"]),
        "population.csv:-:year",
        ("data to estimate the assumptions", "at least one earlier year"),
    ),
    Case(
        "number-beyond-1e15",
        set_where("budget.csv", _is(item="depreciation"), "amount_nok", lambda _v: "1e300"),
        "budget.csv:{line}:amount_nok",
        ("no larger than 1e15 in size", "found 1e300"),
        line=line_of("budget.csv", r",depreciation,"),
    ),
]


def _location(case: Case, folder: Path) -> str:
    location = case.location
    if case.line is not None:
        location = location.replace("{line}", str(case.line(folder)))
    if "{last}" in location:
        location = location.replace("{last}", str(n_pop_lines(folder)))
    return location


def every_problem(folder: Path) -> list[Problem]:
    """What loading finds, or when the dataset loads, what every layer's checks find."""
    try:
        ds = dataset_io.load_folder(folder)
    except DatasetError as e:
        return e.problems
    return list(check_dataset(ds).problems)


def _matching(problems: list[Problem], location: str) -> list[str]:
    return [str(p) for p in problems if str(p).startswith(location + ":")]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_dataset_is_reported_exactly(case: Case, mini: Path) -> None:
    case.mutate(mini)
    problems = every_problem(mini)
    hits = _matching(problems, _location(case, mini))
    assert hits, f"no problem at {_location(case, mini)}; got {[str(p) for p in problems]}"
    message = hits[0]
    for word in case.words:
        assert word in message, f"{word!r} not in {message!r}"
    assert ": expected " in message and ", found " in message


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_dataset_fails_in_the_cli_without_traceback(case: Case, mini: Path) -> None:
    case.mutate(mini)
    location = _location(case, mini)
    for argv in (["validate", str(mini)], ["run", "--data", str(mini), "--out", str(mini / "o")]):
        code, out, err = run_cli(argv)
        assert code == 1, (argv, code, out, err)
        assert "Traceback" not in err + out
        assert location + ":" in err, err
        assert err.strip().splitlines()[-1].startswith("error: ")


def test_the_mini_dataset_is_valid(mini: Path) -> None:
    assert dataset_io.validate_folder(mini) == []
    ds = dataset_io.load_folder(mini)
    assert ds.table("population").year.unique().tolist() == [2016, 2017]
    code, out, _err = run_cli(["validate", str(mini)])
    assert code == 0 and "valid" in out


def test_the_line_numbers_of_the_mini_population(mini: Path) -> None:
    pop = dataset_io.load_folder(mini).table("population")
    row = pop[(pop.year == 2017) & (pop.sex == "male") & (pop.age == 7)]
    assert row["_row"].item() == population_line(2017, "male", 7)


# --------------------------------------------------------------------------- accepted variants
def test_semicolons_and_decimal_commas_are_accepted(mini: Path) -> None:
    before = dataset_io.load_folder(mini).table("mortality")
    text = (mini / "mortality.csv").read_text(encoding="utf-8")
    text = text.replace(",", ";").replace(".", ",")
    (mini / "mortality.csv").write_text(text, encoding="utf-8")
    after = dataset_io.load_folder(mini).table("mortality")
    assert after["mx"].tolist() == before["mx"].tolist()
    assert (after["mx"] > 0).any()


def test_tabs_are_accepted(mini: Path) -> None:
    before = dataset_io.load_folder(mini).table("fertility")
    text = (mini / "fertility.csv").read_text(encoding="utf-8").replace(",", "\t")
    (mini / "fertility.csv").write_text(text, encoding="utf-8")
    after = dataset_io.load_folder(mini).table("fertility")
    assert after["asfr"].tolist() == before["asfr"].tolist()


def test_the_default_dataset_is_valid_in_the_cli() -> None:
    code, out, err = run_cli(["validate"])
    assert code == 0, err
    assert out.strip().endswith(": valid")
    code, out, err = run_cli(["datasets"])
    assert code == 0, err
    assert out.startswith("baerum-2017 (default)\t")


def test_bom_crlf_trailing_spaces_and_a_trailing_empty_column_are_accepted(mini: Path) -> None:
    before = dataset_io.load_folder(mini).table("population")
    lines = [x for x in _lines(mini, POP) if x]
    spaced = [", ".join(x.split(",")) + " ," for x in lines]
    (mini / POP).write_bytes(b"\xef\xbb\xbf" + "\r\n".join(spaced).encode("utf-8") + b"\r\n")
    after = dataset_io.load_folder(mini).table("population")
    cols = ["year", "age", "sex", "population", "source"]
    assert after[cols].equals(before[cols])


@pytest.mark.parametrize("text", ["1\u202f234", "1\u00a0234", "1 234", "1234.0"])
def test_thousands_separators_in_whole_numbers_are_accepted(mini: Path, text: str) -> None:
    set_cell(POP, L5, "population", text)(mini)
    pop = dataset_io.load_folder(mini).table("population")
    assert pop.loc[pop["_row"] == L5, "population"].item() == 1234


def test_problem_count_is_capped() -> None:
    many = [Problem("f.csv", i, "c", "x", "y") for i in range(2, 500)]
    capped = dataset_io.cap_problems(many, "ds", limit=10)
    assert len(capped) == 11
    assert str(capped[-1]) == "ds:-:-: expected at most 10 problems listed, found 488 more"
    assert dataset_io.cap_problems(many[:5], "ds", limit=10) == many[:5]


def test_many_bad_rows_are_reported_in_part(mini: Path) -> None:
    map_lines(POP, lambda n, x: x if n == 1 else x.replace(",S1", ",S9"))(mini)
    with pytest.raises(DatasetError) as info:
        dataset_io.load_folder(mini)
    assert 1 <= len(info.value.problems) <= dataset_io.MAX_PROBLEMS + 1
    assert "problems; first: population.csv:2:source" in str(info.value)


def test_a_subprocess_gets_one_line_per_problem_and_exit_1(mini: Path) -> None:
    set_cell(POP, L5, "population", "many")(mini)
    exe = Path(sys.executable).with_name("handlingsrom")
    proc = subprocess.run(
        [str(exe), "validate", str(mini)], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert proc.stderr.splitlines()[0] == (
        "population.csv:5:population: expected a whole number from 0 to 10 000 000 (persons), "
        "found 'many'"
    )


def test_a_missing_folder_is_one_line(tmp_path: Path) -> None:
    code, _out, err = run_cli(["validate", str(tmp_path / "nowhere")])
    assert code == 1
    assert err.strip() == f"error: {tmp_path / 'nowhere'}: no such dataset folder"


def test_dataset_error_counts_every_problem_when_listing_a_part() -> None:
    part = [Problem("f.csv", 2, "c", "x", "y")]
    assert str(DatasetError("ds", part, total=500)).startswith("dataset ds has 500 problems;")
    assert str(DatasetError("ds", part)).startswith("dataset ds has 1 problem;")


def test_validate_takes_a_path_or_an_embedded_name(tmp_path: Path) -> None:
    code, out, _err = run_cli(["validate", "--dataset", "baerum-2017"])
    assert code == 0 and out.strip().endswith("baerum-2017: valid")
    code, _out, err = run_cli(["validate", "--dataset", "nope"])
    assert code == 1 and "unknown dataset 'nope'; embedded datasets: baerum-2017" in err
    code, _out, err = run_cli(["validate", str(tmp_path), "--dataset", "baerum-2017"])
    assert code == 1 and err.strip() == "error: give either PATH or --dataset, not both"


def test_validate_counts_every_problem_when_it_lists_a_part(
    mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dataset_io, "MAX_PROBLEMS", 3)
    map_lines(POP, lambda n, x: x if n == 1 else x.replace(",S1", ",S9"))(mini)
    code, _out, err = run_cli(["validate", str(mini)])
    lines = err.strip().splitlines()
    assert code == 1
    assert len(lines) == 5  # 3 problems, the count of the rest, the summary
    assert lines[3].startswith(f"{mini}:-:-: expected at most 3 problems listed, found ")
    more = int(lines[3].split("found ")[1].split()[0])
    assert lines[4] == f"error: {mini}: {3 + more} problems"


def test_an_unreadable_file_is_a_problem(mini: Path) -> None:
    (mini / POP).unlink()
    (mini / POP).mkdir()  # reading a folder fails like a file without permission
    code, _out, err = run_cli(["validate", str(mini)])
    assert code == 1 and "Traceback" not in err
    assert (
        err.splitlines()[0] == "population.csv:-:-: expected a readable file, found Is a directory"
    )


# --------------------------------------------------------------------------- warnings
# Possible but implausible, or assumed for the user: a warning that names what was found or
# assumed; `validate` passes with it, `validate --strict` fails.
WARNING_CASES: list[Case] = [
    Case(
        "fertility-0-everywhere",
        set_where("fertility.csv", lambda r: True, "asfr", lambda _v: "0"),
        "fertility.csv:2:asfr",
        ("a plausible total fertility rate (1–4 children per woman", "year=2016", "found 0"),
    ),
    Case(
        "a-parameter-falls-back-to-its-default",
        drop_yaml_block(ECON, "compensation_rate"),
        ECON + ":-:economy.compensation_rate",
        ("a value for economy.compensation_rate", "found none: the default 1 is assumed"),
    ),
    Case(
        "a-gap-in-the-mortality-years",
        edit_rows("mortality.csv", _add_mortality_2014),
        "mortality.csv:{line}:year",
        ("every year from 2014 to 2016", "no rows for 2015", "trend"),
        line=lambda f: 2 + 2 * 106,  # the first row after the gap: 2016, female, age 0
    ),
    Case(
        "a-jump-in-the-population",
        set_where(POP, _is(year="2017"), "population", lambda v: str(2 * int(v))),
        f"population.csv:{population_line(2017, 'female', 0)}:population",
        ("a total within ±25% of the year before (122348 in 2016", "(+103%)"),
    ),
    Case(
        "more-residents-than-the-nation",
        set_cell(POP, L_2017_F_50, "population", "9000000"),
        f"population.csv:{population_line(2017, 'female', 0)}:population",
        ("at most the national population of 2017", "residents"),
    ),
    Case(
        "accounts-per-inhabitant-far-outside-norway",
        set_where(
            "budget.csv",
            _is(sector="Sentrale poster", item="net_operating_expenditure"),
            "amount_nok",
            lambda v: str(float(v) * 1000),
        ),
        "budget.csv:{line}:amount_nok",
        ("a plausible net_operating_expenditure per inhabitant", "NOK per inhabitant"),
        line=line_of("budget.csv", r"^2016,Sentrale poster,net_operating_expenditure"),
    ),
    Case(
        "a-fixed-rate-of-20-percent",
        set_where("loans.csv", _is(id="existing-fixed"), "fixed_rate", lambda _v: "0.2"),
        "loans.csv:2:fixed_rate",
        ("a plausible value (≤ 0.15 fraction; Norwegian municipal loans", "found 0.2"),
    ),
]


@pytest.mark.parametrize("case", WARNING_CASES, ids=[c.id for c in WARNING_CASES])
def test_an_implausible_dataset_is_valid_with_a_warning(case: Case, mini: Path) -> None:
    case.mutate(mini)
    location = _location(case, mini)
    ds = dataset_io.load_folder(mini)
    found = check_dataset(ds)
    assert not found.problems, [str(p) for p in found.problems]
    hits = _matching(list(found.warnings), location)
    assert hits, f"no warning at {location}; got {[str(w) for w in found.warnings]}"
    assert any(all(w in hit for w in case.words) for hit in hits), (case.words, hits)
    code, out, err = run_cli(["validate", str(mini)])
    assert code == 0 and "valid (" in out, err
    assert f"warning: {location}:" in err
    code, _out, err = run_cli(["validate", "--strict", str(mini)])
    assert code == 1
    assert err.strip().splitlines()[-1].startswith("error: ")


def test_the_default_dataset_has_no_warnings() -> None:
    code, out, err = run_cli(["validate", "--strict"])
    assert code == 0, err
    assert "warning" not in err and out.strip().endswith(": valid")


def test_a_run_records_the_warnings_in_run_json(mini: Path, tmp_path: Path) -> None:
    drop_yaml_block(ECON, "compensation_rate")(mini)
    out = tmp_path / "out"
    argv = ["run", "--data", str(mini), "--out", str(out), "-q", "--paths", "0"]
    code, _out, err = run_cli([*argv, "--risk-paths", "0"])
    assert code == 0, err
    record = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert any("economy.compensation_rate" in w and "default 1" in w for w in record["warnings"])


def test_a_coverage_above_1_is_accepted_when_the_service_allows_it(mini: Path) -> None:
    set_cell("service_coverage.csv", 2, "coverage", "3.5")(mini)
    edit_rows(
        "services.csv",
        lambda rows: [{**r, "max_coverage": "4" if i == 0 else ""} for i, r in enumerate(rows)],
    )(mini)
    assert every_problem(mini) == []
