"""The embedded default dataset loads, validates and holds only what was known in early 2017."""

from __future__ import annotations

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
