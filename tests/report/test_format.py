"""Norwegian and English number formatting."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from handlingsrom.report import format as fmt
from handlingsrom.report.i18n import TEXTS

NNBSP = "\u202f"


def test_bokmal_thousands_decimal_comma_and_minus() -> None:
    assert fmt.number(1234567.891, 1) == f"1{NNBSP}234{NNBSP}567,9"
    assert fmt.number(-1234.5, 0) == "\u22121" + NNBSP + "234"  # round half to even: 1234
    assert fmt.number(999, 0) == "999"
    assert fmt.number(-0.04, 1) == "0,0"  # rounds to zero: no sign
    assert fmt.number(float("nan")) == "\u2013"
    assert fmt.number(None) == "\u2013"


def test_trimmed_numbers_drop_trailing_zeros_only() -> None:
    # "5,000" reads as five thousand to a Norwegian: a parameter of 5 years shows as 5.
    assert fmt.number_trimmed(5.0) == "5"
    assert fmt.number_trimmed(50.0) == "50"
    assert fmt.number_trimmed(1.25) == "1,25"
    assert fmt.number_trimmed(0.0123) == "0,012"
    assert fmt.number_trimmed(500_000_000.0) == f"500{NNBSP}000{NNBSP}000"
    assert fmt.number_trimmed(-2.5) == "\u22122,5"
    assert fmt.number_trimmed(-0.0001) == "0"
    assert fmt.number_trimmed(1500.0, 3, "en") == "1,500"
    assert fmt.number_trimmed(1.5, 3, "en") == "1.5"
    assert fmt.number_trimmed(None) == "\u2013"
    assert fmt.value(5.0, "upto3") == "5"


def test_english() -> None:
    assert fmt.number(1234567.891, 1, "en") == "1,234,567.9"
    assert fmt.number(-2500, 0, "en") == "-2,500"
    assert fmt.millions(-12_345_678, 1, "en") == "NOK -12.3 million"


def test_millions_and_percent() -> None:
    assert fmt.millions(6_746_826_000) == f"6{NNBSP}746,8 mill.{NNBSP}kr"
    assert fmt.percent(4.25, 1) == f"4,2{NNBSP}%" or fmt.percent(4.25, 1) == f"4,3{NNBSP}%"
    assert fmt.percent(8.7, 1) == f"8,7{NNBSP}%"
    assert fmt.fraction_pct(0.04, 1) == f"4,0{NNBSP}%"
    assert fmt.percent(8.7, 1, "en") == "8.7%"


def test_cell_kinds() -> None:
    assert fmt.value(2017, "year") == "2017"
    assert fmt.value(True, "bool") == "✓"
    assert fmt.value(False, "bool") == "✗"
    assert fmt.value(12_500_000.0, "mnok") == "12,5"
    assert fmt.value("Bærum", "text") == "Bærum"


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False))
def test_bokmal_round_trips(x: float) -> None:
    text = fmt.number(x, 2)
    back = float(text.replace(NNBSP, "").replace(",", ".").replace("\u2212", "-"))
    assert math.isclose(back, round(x, 2), abs_tol=0.0051)
    assert "." not in text and " " not in text


def test_both_languages_have_every_text() -> None:
    for key, texts in TEXTS.items():
        assert set(texts) == {"nb", "en"}, key
        assert all(texts.values()), key
