"""Numbers as people read them: bokmål (a no-break space between thousands, a decimal
comma, a true minus sign, "mill. kr", "%") or English."""

from __future__ import annotations

import math

NBSP = "\u00a0"
MINUS = "\u2212"


def number(value: float | None, decimals: int = 0, lang: str = "nb") -> str:
    """``value`` with ``decimals`` decimals and grouped thousands; "–" when undefined."""
    if value is None or not math.isfinite(value):
        return "–"
    text = f"{abs(value):,.{decimals}f}"
    if lang == "nb":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", NBSP)
    rounded_zero = float(f"{abs(value):.{decimals}f}") == 0.0
    sign = "" if value >= 0 or rounded_zero else (MINUS if lang == "nb" else "-")
    return sign + text


def mnok(value: float | None, lang: str = "nb", decimals: int | None = None) -> str:
    """An amount in NOK as million kroner: "1 234 mill. kr" / "NOK 1,234 million"."""
    if value is None or not math.isfinite(value):
        return "–"
    m = value / 1e6
    d = decimals if decimals is not None else (0 if abs(m) >= 100 else 1)
    return (
        f"{number(m, d, lang)}{NBSP}mill.{NBSP}kr"
        if lang == "nb"
        else f"NOK{NBSP}{number(m, d, lang)}{NBSP}m"
    )


def pct(value: float | None, lang: str = "nb", decimals: int = 1) -> str:
    """A share already in percent: "4,3 %" / "4.3%"."""
    if value is None or not math.isfinite(value):
        return "–"
    return (
        f"{number(value, decimals, lang)}{NBSP}%"
        if lang == "nb"
        else f"{number(value, decimals, lang)}%"
    )


def value(v: float | None, unit: str, lang: str = "nb") -> str:
    """A key figure in its unit: NOK as million kroner, percent as a share, persons whole."""
    if unit == "NOK":
        return mnok(v, lang)
    if unit == "percent":
        return pct(v, lang)
    if unit in ("persons", "FTE", "places"):
        return number(v, 0, lang)
    return number(v, 2, lang)


def signed(text: str, v: float | None) -> str:
    """``text`` with a leading + for a positive difference."""
    return ("+" + text) if v is not None and v > 0 and not text.startswith("+") else text
