"""Parameter files (`parameters/<namespace>.yaml`): what is read, and every malformed case."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from handlingsrom.dataset import io as dataset_io
from handlingsrom.errors import Problem
from tests.foundation.mini import make_mini_dataset

FILE = "parameters/ns.yaml"


def parse(text: str) -> tuple[list, list[str]]:
    problems: list[Problem] = []
    params = dataset_io.parse_parameters(text, "ns", FILE, problems)
    return params, [str(p) for p in problems]


def test_a_well_formed_file() -> None:
    params, problems = parse(
        """\
growth:
  description: Growth per year
  unit: fraction
  interpolation: linear
  source: S1
  values:
    2017: {value: 0.02, source: S2}
    2020: 0.03
"""
    )
    assert problems == []
    (p,) = params
    assert p.path == "ns.growth"
    assert (p.unit, p.interpolation, p.description) == ("fraction", "linear", "Growth per year")
    assert [(q.year, q.value, q.source) for q in p.points] == [
        (2017, 0.02, "S2"),
        (2020, 0.03, "S1"),
    ]
    assert p.at(2018) == pytest.approx(0.02 + 0.01 / 3)


BAD = [
    ("invalid-yaml", "a: [1, 2\nb: 3\n", f"{FILE}:2:-", ("valid YAML", "did not find")),
    ("not-a-mapping", "- 1\n- 2\n", f"{FILE}:1:-", ("a mapping of parameter names", "list")),
    (
        "no-values",
        "growth:\n  unit: fraction\n",
        f"{FILE}:1:ns.growth",
        ("a mapping with description, unit and values",),
    ),
    (
        "unknown-field",
        "growth:\n  units: x\n  values: {2017: 1}\n",
        f"{FILE}:2:ns.growth.units",
        ("only description, unit, values, interpolation, source", "'units'"),
    ),
    (
        "values-not-a-mapping",
        "growth:\n  values: [1, 2]\n",
        f"{FILE}:2:ns.growth.values",
        ("a mapping of year: value", "[1, 2]"),
    ),
    (
        "empty-values",
        "growth:\n  values: {}\n",
        f"{FILE}:2:ns.growth.values",
        ("at least one year: value", "none"),
    ),
    (
        "year-not-a-year",
        "growth:\n  values:\n    soon: 1\n",
        f"{FILE}:3:ns.growth.values",
        ("a year such as 2017", "'soon'"),
    ),
    (
        "year-out-of-range",
        "growth:\n  values:\n    17: 1\n",
        f"{FILE}:3:ns.growth.values",
        ("a year such as 2017", "17"),
    ),
    (
        "text-for-a-number",
        "growth:\n  unit: NOK\n  values:\n    2017: {value: many}\n",
        f"{FILE}:4:ns.growth.values.2017",
        ("a number (NOK)", "'many'"),
    ),
    (
        "boolean-for-a-number",
        "growth:\n  values:\n    2017: true\n",
        f"{FILE}:3:ns.growth.values.2017",
        ("a number", "True"),
    ),
    (
        "not-finite",
        "growth:\n  values:\n    2017: .nan\n",
        f"{FILE}:3:ns.growth.values.2017",
        ("a number", "nan"),
    ),
    (
        "missing-value-key",
        "growth:\n  values:\n    2017: {valu: 1}\n",
        f"{FILE}:3:ns.growth.values.2017",
        ("a number", "None"),
    ),
    (
        "bad-interpolation",
        "growth:\n  interpolation: cubic\n  values: {2017: 1}\n",
        f"{FILE}:2:ns.growth.interpolation",
        ("step or linear", "'cubic'"),
    ),
    (
        "duplicate-year",
        "growth:\n  values:\n    2017: 1\n    2017: 2\n",
        f"{FILE}:4:ns.growth.values.2017",
        ("each year once", "first at line 3"),
    ),
    (
        "duplicate-field",
        "growth:\n  unit: a\n  unit: b\n  values: {2017: 1}\n",
        f"{FILE}:3:ns.growth.unit",
        ("each field once", "a second 'unit' (first at line 2)"),
    ),
]


@pytest.mark.parametrize(
    ("text", "location", "words"), [b[1:] for b in BAD], ids=[b[0] for b in BAD]
)
def test_malformed_parameter_files(text: str, location: str, words: tuple[str, ...]) -> None:
    _params, problems = parse(text)
    hits = [p for p in problems if p.startswith(location + ":")]
    assert hits, problems
    for word in words:
        assert word in hits[0], (word, hits[0])


def test_an_empty_file_has_no_parameters() -> None:
    assert parse("") == ([], [])


def test_parameter_files_in_a_folder(tmp_path: Path) -> None:
    folder = make_mini_dataset(tmp_path / "mini")
    shutil.rmtree(folder / "parameters", ignore_errors=True)
    (folder / "parameters").mkdir()
    (folder / "parameters" / "ns.yaml").write_text("growth:\n  values: {2017: 0.5}\n", "utf-8")
    (folder / "parameters" / "other.yaml").write_bytes(b"growth:\n  description: \xe6\n")
    problems = [str(p) for p in dataset_io.validate_folder(folder)]
    assert problems == [
        "parameters/other.yaml:2:-: expected UTF-8 text, found byte 0xe6 "
        "(looks like Latin-1/Windows-1252: save the file as UTF-8)"
    ]
    (folder / "parameters" / "other.yaml").unlink()
    ds = dataset_io.load_folder(folder)
    assert ds.parameters.value("ns.growth", 2030) == 0.5
