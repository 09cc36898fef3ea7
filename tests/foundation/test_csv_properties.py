"""Property tests: how a table is written (separator, line ends, BOM, padding, thousands
separators) does not change what is read, and a bad cell is reported at its own line."""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from handlingsrom.dataset.io import decode, parse_csv
from handlingsrom.dataset.kinds import KINDS_BY_NAME
from handlingsrom.dataset.validate import convert_table

POPULATION = KINDS_BY_NAME["population"]


@st.composite
def populations(draw: st.DrawFn) -> list[tuple[int, int, str, int]]:
    years = draw(st.lists(st.integers(1990, 2030), min_size=1, max_size=2, unique=True))
    open_age = draw(st.integers(0, 6))
    rows = [(y, a, s) for y in years for s in ("female", "male") for a in range(open_age + 1)]
    counts = draw(st.lists(st.integers(0, 10**7), min_size=len(rows), max_size=len(rows)))
    # A year of zeros beside a year with residents is missing data, a problem of its own
    # (kinds.demography._no_empty_year): each year keeps at least one resident.
    for y in years:
        first = next(i for i, r in enumerate(rows) if r[0] == y)
        if not any(counts[i] for i, r in enumerate(rows) if r[0] == y):
            counts[first] = draw(st.integers(1, 10**7))
    order = draw(st.permutations(range(len(rows))))
    return [(*rows[i], counts[i]) for i in order]


STYLES = st.fixed_dictionaries(
    {
        "sep": st.sampled_from([",", ";", "\t"]),
        "eol": st.sampled_from(["\n", "\r\n"]),
        "bom": st.booleans(),
        "pad": st.sampled_from(["", " ", "  "]),
        "thousands": st.sampled_from(["", " ", "\u00a0", "\u202f"]),
    }
)


def _int(n: int, sep: str) -> str:
    return f"{n:,}".replace(",", sep)


def render(rows: list[tuple[int, int, str, int]], style: dict[str, object]) -> bytes:
    sep, eol, pad, th = (str(style[k]) for k in ("sep", "eol", "pad", "thousands"))
    lines = [sep.join(f"{pad}{c}{pad}" for c in ("year", "age", "sex", "population"))]
    for y, a, s, n in rows:
        lines.append(sep.join(f"{pad}{c}{pad}" for c in (y, a, s, _int(n, th))))
    data = (eol.join(lines) + eol).encode("utf-8")
    return (b"\xef\xbb\xbf" + data) if style["bom"] else data


def read(data: bytes) -> tuple[pd.DataFrame, list[str]]:
    text, problems = decode(data, "population.csv")
    assert text is not None and not problems
    header, rows, problems = parse_csv(text, "population.csv")
    assert not problems
    raw = pd.DataFrame([cells for _, cells in rows], columns=header, dtype=object)
    raw["_row"] = [line for line, _ in rows]
    typed, problems = convert_table(POPULATION, raw, "population.csv")
    return typed, [str(p) for p in problems]


@settings(max_examples=60, deadline=None)
@given(populations(), STYLES)
def test_the_format_does_not_change_the_values(
    rows: list[tuple[int, int, str, int]], style: dict[str, object]
) -> None:
    typed, problems = read(render(rows, style))
    assert problems == []
    assert list(typed[["year", "age", "sex", "population"]].itertuples(index=False, name=None)) == [
        tuple(r) for r in rows
    ]
    assert typed["_row"].tolist() == list(range(2, len(rows) + 2))


@settings(max_examples=60, deadline=None)
@given(
    populations(),
    st.data(),
    st.text(alphabet="abcxyzæøå-_", min_size=1, max_size=6),
)
def test_a_bad_cell_is_reported_at_its_line(
    rows: list[tuple[int, int, str, int]], data: st.DataObject, junk: str
) -> None:
    i = data.draw(st.integers(0, len(rows) - 1))
    lines = render(rows, {"sep": ",", "eol": "\n", "bom": False, "pad": "", "thousands": ""})
    text = lines.decode("utf-8").split("\n")
    cells = text[i + 1].split(",")
    cells[3] = junk
    text[i + 1] = ",".join(cells)
    _typed, problems = read("\n".join(text).encode("utf-8"))
    assert problems == [
        f"population.csv:{i + 2}:population: expected a whole number from 0 to 10 000 000 "
        f"(persons), found {junk!r}"
    ]
