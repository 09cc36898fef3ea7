"""Outputs are written all or nothing, and never over a folder that is not ours."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from handlingsrom.errors import HandlingsromError
from handlingsrom.report import writer


def _fill(files: dict[str, str]):  # type: ignore[no-untyped-def]
    def fill(tmp: Path) -> None:
        for name, text in files.items():
            (tmp / name).write_text(text, encoding="utf-8")
        (tmp / "run.json").write_text(json.dumps({writer.MARKER_KEY: True}), encoding="utf-8")

    return fill


def test_new_output_replaces_the_previous_one(tmp_path: Path) -> None:
    out = tmp_path / "out"
    writer.write_atomic(out, _fill({"a.txt": "one", "old.txt": "x"}))
    writer.write_atomic(out, _fill({"a.txt": "two"}))
    assert (out / "a.txt").read_text() == "two"
    assert not (out / "old.txt").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_failed_run_leaves_the_previous_output_intact(tmp_path: Path) -> None:
    out = tmp_path / "out"
    writer.write_atomic(out, _fill({"a.txt": "good"}))

    def broken(tmp: Path) -> None:
        (tmp / "a.txt").write_text("half", encoding="utf-8")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError, match="disk full"):
        writer.write_atomic(out, broken)
    assert (out / "a.txt").read_text() == "good"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no temp folder left


def test_a_failed_first_run_leaves_nothing(tmp_path: Path) -> None:
    def broken(tmp: Path) -> None:
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        writer.write_atomic(tmp_path / "out", broken)
    assert list(tmp_path.iterdir()) == []


def test_refuses_a_folder_that_is_not_an_output(tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.docx").write_text("precious")
    with pytest.raises(HandlingsromError, match="not a Handlingsrom output"):
        writer.write_atomic(out, _fill({"a.txt": "x"}))
    assert (out / "thesis.docx").read_text() == "precious"
    file = tmp_path / "file"
    file.write_text("x")
    with pytest.raises(HandlingsromError, match="found a file"):
        writer.check_target(file)


def test_csv_values() -> None:
    assert writer.csv_value(None) == ""
    assert writer.csv_value(float("nan")) == ""
    assert writer.csv_value(True) == "true"
    assert writer.csv_value(2017) == "2017"
    assert writer.csv_value(12.0) == "12"
    assert writer.csv_value(0.1234567891) == "0.123457"
