"""The embedded default dataset loads, validates and holds only what was known in early 2017."""

from __future__ import annotations

from handlingsrom.dataset import io
from handlingsrom.dataset.model import Dataset


def test_default_population_totals_match_ssb(default_dataset: Dataset) -> None:
    totals = default_dataset.table("population").groupby("year").population.sum()
    assert totals[2005] == 104_690
    assert totals[2016] == 122_348
    assert totals[2017] == 124_008


def test_default_holds_no_later_observations(default_dataset: Dataset) -> None:
    assert default_dataset.table("population").year.max() == 2017
    for kind in ("mortality", "fertility", "births"):
        assert default_dataset.table(kind).year.max() == 2016, kind


def test_national_tfr_2016(default_dataset: Dataset) -> None:
    fert = default_dataset.table("fertility")
    assert abs(fert[fert.year == 2016].asfr.sum() - 1.7064) < 1e-6


def _ids(source: str) -> set[str]:
    """A source cell may combine ids with '+' (e.g. 'S4+ECON-A')."""
    return {part.strip() for part in source.split("+")}


def test_every_number_of_the_default_names_a_listed_source(default_dataset: Dataset) -> None:
    """Provenance: every row of every table and every dated parameter value carries a
    source id that sources.csv explains."""
    known = set(default_dataset.table("sources").id)
    missing: list[str] = []
    for kind, table in default_dataset.tables.items():
        if kind == "sources":
            continue
        assert "source" in table.columns, kind
        for i, source in enumerate(table.source.astype(str)):
            if source in ("", "nan") or not _ids(source) <= known:
                missing.append(f"{kind}.csv row {i + 2}: {source!r}")
    for path, param in default_dataset.parameters.items():
        for point in param.points:
            if not point.source or not _ids(point.source) <= known:
                missing.append(f"{path} {point.year}: {point.source!r}")
    assert missing == []


def test_provenance_file_lists_every_source(default_dataset: Dataset) -> None:
    folder = io.embedded_root() / "baerum-2017"
    text = (folder / "PROVENANCE.md").read_text(encoding="utf-8")
    for source_id in default_dataset.table("sources").id:
        assert f"| {source_id} |" in text, source_id
