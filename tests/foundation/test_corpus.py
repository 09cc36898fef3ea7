"""The corpus writer materialises every case: one folder per defect, each invalid."""

from __future__ import annotations

from pathlib import Path

from handlingsrom.dataset import io as dataset_io
from tests.foundation.corpus import write_corpus
from tests.foundation.test_bad_datasets import CASES


def test_write_corpus(tmp_path: Path) -> None:
    folders = write_corpus(tmp_path / "corpus")
    assert [f.name for f in folders] == ["valid-mini", *(c.id for c in CASES)]
    assert dataset_io.validate_folder(folders[0]) == []
    assert dataset_io.validate_folder(folders[1]) != []
