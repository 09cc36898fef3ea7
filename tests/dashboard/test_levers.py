"""The lever forms' baseline text: a constant baseline as one value, a path as its values
with their years (the base year's value alone would mislead)."""

from __future__ import annotations

from handlingsrom.server.web.routes import _baseline_text


def test_a_constant_baseline_is_one_value() -> None:
    series = {str(y): 0.017 for y in range(2017, 2058)}
    assert _baseline_text(series, 2017, 100.0, "nb") == "1,70 %"


def test_a_path_shows_its_later_values_with_their_years() -> None:
    series = {
        str(y): (0.0 if y <= 2020 else 0.0124 if y < 2030 else 0.0039) for y in range(2017, 2058)
    }
    text = _baseline_text(series, 2017, 100.0, "nb")
    assert text is not None
    assert text.startswith("0,00 % (2017)")
    assert "1,24 % (2021)" in text and "0,39 % (2030)" in text and "(2037)" in text


def test_no_baseline_is_none() -> None:
    assert _baseline_text({}, 2017, 1.0, "en") is None
