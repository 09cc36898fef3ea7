"""Numbers the way a Norwegian planner reads them (bokmål), or in English.

Bokmål: a narrow no-break space (U+202F) between thousands, a decimal comma, a true minus
sign (U+2212) and "mill. kr" for millions of kroner. English: comma thousands, a decimal
point, a hyphen-minus and "NOK million". Missing values (None, NaN) print as an en dash.

These functions are used by the HTML report and the console summary; the CSV files keep
plain machine numbers and the workbook keeps numbers as numbers with a number format.
"""

from __future__ import annotations

import math
from typing import Literal

Lang = Literal["nb", "en"]

THIN = "\u202f"  # narrow no-break space: the thousands separator in bokmål
MINUS = "\u2212"
MISSING = "\u2013"


def _is_missing(x: float | int | None) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def number(x: float | int | None, decimals: int = 0, lang: Lang = "nb") -> str:
    """``1234567.891`` → ``1 234 567,9`` (nb, one decimal) or ``1,234,567.9`` (en)."""
    if _is_missing(x):
        return MISSING
    assert x is not None
    value = float(x)
    if math.isinf(value):
        return ("" if value > 0 else "-") + "∞"
    text = f"{abs(value):,.{decimals}f}"
    # A value that rounds to zero prints without a sign.
    negative = value < 0 and any(c not in "0.," for c in text)
    if lang == "nb":
        text = text.replace(",", THIN).replace(".", ",")
        return (MINUS if negative else "") + text
    return ("-" if negative else "") + text


def number_trimmed(x: float | int | None, decimals: int = 3, lang: Lang = "nb") -> str:
    """Up to ``decimals`` decimals without trailing zeros: ``5`` → ``5`` (not ``5,000``,
    which a Norwegian reader takes for five thousand), ``1.25`` → ``1,25``."""
    text = number(x, decimals, lang)
    point = "," if lang == "nb" else "."
    if decimals > 0 and point in text and text[-1].isdigit():
        text = text.rstrip("0").rstrip(point)
    return text


def millions(x: float | int | None, decimals: int = 1, lang: Lang = "nb") -> str:
    """NOK as millions: ``-12_345_678`` → ``−12,3 mill. kr`` / ``NOK -12.3 million``."""
    if _is_missing(x):
        return MISSING
    assert x is not None
    n = number(float(x) / 1e6, decimals, lang)
    return f"{n} mill.{THIN}kr" if lang == "nb" else f"NOK {n} million"


def millions_plain(x: float | int | None, decimals: int = 1, lang: Lang = "nb") -> str:
    """Millions without the unit, for table cells whose header carries the unit."""
    if _is_missing(x):
        return MISSING
    assert x is not None
    return number(float(x) / 1e6, decimals, lang)


def percent(x: float | int | None, decimals: int = 1, lang: Lang = "nb") -> str:
    """A value already in percent: ``4.25`` → ``4,3 %`` (nb, narrow space) / ``4.3%`` (en)."""
    if _is_missing(x):
        return MISSING
    assert x is not None
    n = number(x, decimals, lang)
    return f"{n}{THIN}%" if lang == "nb" else f"{n}%"


def fraction_pct(x: float | int | None, decimals: int = 1, lang: Lang = "nb") -> str:
    """A fraction shown as percent: ``0.0425`` → ``4,3 %``."""
    if _is_missing(x):
        return MISSING
    assert x is not None
    return percent(float(x) * 100, decimals, lang)


def rule_value(x: float | int | None, unit: str, lang: Lang = "nb") -> str:
    """A financial rule's value in its unit: percent, NOK (as millions) or a plain number."""
    if unit in ("percent", "%"):
        return percent(x, 1, lang)
    if unit in ("NOK", "nok"):
        return millions(x, 0, lang)
    return number(x, 2, lang)


def value(x: object, kind: str, lang: Lang = "nb") -> str:
    """Format one table cell by its column kind.

    Kinds: ``text`` (also ``name``: a name from the dataset, and ``sources``: source ids),
    ``year`` (no separator), ``int``, ``dec1``, ``dec2``, ``dec3``, ``upto3`` (at most three
    decimals, no trailing zeros), ``mnok`` (NOK shown
    in millions with one decimal), ``pct`` (a value in percent), ``frac`` (a fraction shown as
    percent), ``bool`` (kept/broken mark).
    """
    if kind in ("text", "name", "sources", "anchor", "url", "ci", "long"):
        return "" if x is None else str(x)
    if kind == "yesno":
        if x is None:
            return MISSING
        return ("ja" if x else "nei") if lang == "nb" else ("yes" if x else "no")
    if kind == "bool":
        if x is None or (isinstance(x, float) and math.isnan(x)):
            return MISSING
        return "✓" if bool(x) else "✗"
    if x is None or isinstance(x, str):
        return MISSING if x is None else x
    v = float(x)  # type: ignore[arg-type]  # a number-like cell (int, float, NumPy scalar)
    if kind == "year":
        return MISSING if math.isnan(v) else str(int(v))
    if kind == "int":
        return number(v, 0, lang)
    if kind == "dec1":
        return number(v, 1, lang)
    if kind == "dec2":
        return number(v, 2, lang)
    if kind == "dec3":
        return number(v, 3, lang)
    if kind == "upto3":
        return number_trimmed(v, 3, lang)
    if kind == "mnok":
        return millions_plain(v, 1, lang)
    if kind == "pct":
        return percent(v, 1, lang)
    if kind == "frac":
        return fraction_pct(v, 1, lang)
    if kind == "num":
        return number(v, 1, lang)
    if kind == "pp":
        return ("+" if v > 0.05 else "") + percent(v, 1, lang)
    raise ValueError(f"unknown column kind {kind!r}")
