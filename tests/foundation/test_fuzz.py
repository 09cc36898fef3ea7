"""A fuzzed loader: Hypothesis damages a valid dataset and `validate` and `run` must cope.

Each example copies the mini dataset (``mini.py``) and applies one to three kinds of damage
to its files — bytes, encodings, separators, cell types and extreme values, missing and
duplicated rows and columns, broken YAML and TOML — then runs the command as a user would.
Whatever the damage, the command must

- never end in a traceback or an ``internal error`` (exit 0 or 1, one ``error:`` line last);
- never leave an output behind when it fails (no output folder, no hidden temporary folder);
- finish within a generous time budget (``BUDGET_SECONDS``: proof that nothing hangs).

The examples are derandomised so that CI sees the same ones every time (a few minutes at
most). Explore further with ``HANDLINGSROM_FUZZ_EXAMPLES=2000`` and a seed of your own
(``HANDLINGSROM_FUZZ_SEED=7``): a failure prints the damage that caused it.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from handlingsrom.dataset import io as dataset_io
from tests.foundation.cli_helpers import run_cli
from tests.foundation.mini import make_mini_dataset

EXAMPLES = int(os.environ.get("HANDLINGSROM_FUZZ_EXAMPLES", "0"))
SEED = os.environ.get("HANDLINGSROM_FUZZ_SEED")
BUDGET_SECONDS = 120.0
FUZZ = settings(
    max_examples=EXAMPLES or 30,
    deadline=None,
    derandomize=SEED is None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=True,
)


@pytest.fixture(scope="module")
def mini(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = make_mini_dataset(tmp_path_factory.mktemp("fuzz") / "mini")
    shutil.copytree(dataset_io.resolve() / "scenarios", folder / "scenarios")
    return folder


def _files(folder: Path) -> list[str]:
    out = [p.name for p in sorted(folder.glob("*.csv"))] + ["dataset.toml"]
    out += [f"parameters/{p.name}" for p in sorted((folder / "parameters").glob("*.yaml"))]
    out += [f"scenarios/{p.name}" for p in sorted((folder / "scenarios").glob("*.toml"))]
    return out


# --------------------------------------------------------------------------- damage
@dataclass(frozen=True)
class Damage:
    """One change to one file; ``describe`` is what a failing example prints."""

    file: str
    kind: str
    apply: Callable[[bytes], bytes]

    def __repr__(self) -> str:
        return f"Damage({self.file!r}, {self.kind})"


EXTREMES = [
    "0",
    "-0",
    "-1",
    "1e15",
    "1e16",
    "-1e16",
    "1e308",
    "-1e308",
    "1e400",
    "1e-320",
    "9223372036854775808",
    "-9223372036854775809",
    "NaN",
    "inf",
    "-inf",
    "0x10",
    "1_000",
    "1,5",
    "1 000",
    "1.5e3",
    "true",
    "",
    " ",
    '"',
    "null",
    "None",
    "∞",
    "١٢",  # Arabic-Indic digits
    "\u00a0",
    "2017-01-01",
    "x" * 300,
]


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


def _cell_damage(draw: st.DrawFn) -> Callable[[bytes], bytes]:
    value = draw(st.one_of(st.sampled_from(EXTREMES), st.text(max_size=12)))
    line_pick = draw(st.integers(0, 10_000))
    cell_pick = draw(st.integers(0, 50))

    def apply(data: bytes) -> bytes:
        lines = _lines(data)
        if len(lines) < 2:
            return data
        i = line_pick % len(lines)
        cells = lines[i].split(b",")
        cells[cell_pick % len(cells)] = value.encode("utf-8", "surrogatepass")
        lines[i] = b",".join(cells)
        return b"\n".join(lines)

    return apply


def _row_damage(draw: st.DrawFn) -> tuple[str, Callable[[bytes], bytes]]:
    how = draw(st.sampled_from(["delete", "duplicate", "swap", "keep-header", "reverse"]))
    a, b = draw(st.integers(0, 10_000)), draw(st.integers(0, 10_000))

    def apply(data: bytes) -> bytes:
        lines = _lines(data)
        n = len(lines)
        if n < 2:
            return data
        i, j = a % n, b % n
        if how == "delete":
            del lines[min(i, j) : max(i, j) + 1]
        elif how == "duplicate":
            lines[i:i] = lines[min(i, j) : max(i, j) + 1]
        elif how == "swap":
            lines[i], lines[j] = lines[j], lines[i]
        elif how == "keep-header":
            lines = lines[:1]
        else:
            lines = lines[:1] + lines[1:][::-1]
        return b"\n".join(lines)

    return f"rows:{how}", apply


def _column_damage(draw: st.DrawFn) -> tuple[str, Callable[[bytes], bytes]]:
    how = draw(st.sampled_from(["drop", "duplicate", "rename", "move"]))
    pick = draw(st.integers(0, 50))
    name = draw(st.sampled_from(["year", "Year", "", "x", "age ", "population"]))

    def apply(data: bytes) -> bytes:
        rows = [line.split(b",") for line in _lines(data)]
        width = len(rows[0])
        c = pick % max(width, 1)
        for k, cells in enumerate(rows):
            if len(cells) <= c:
                continue
            if how == "drop":
                del cells[c]
            elif how == "duplicate":
                cells.insert(c, cells[c])
            elif how == "rename" and k == 0:
                cells[c] = name.encode()
            elif how == "move":
                cells.append(cells.pop(c))
        return b"\n".join(b",".join(cells) for cells in rows)

    return f"columns:{how}", apply


def _bytes_damage(draw: st.DrawFn) -> tuple[str, Callable[[bytes], bytes]]:
    how = draw(
        st.sampled_from(
            ["insert", "overwrite", "truncate", "empty", "binary", "nul", "bom", "crlf", "cr"]
        )
    )
    at = draw(st.integers(0, 1_000_000))
    junk = draw(st.binary(min_size=1, max_size=16))

    def apply(data: bytes) -> bytes:
        i = at % (len(data) + 1)
        if how == "insert":
            return data[:i] + junk + data[i:]
        if how == "overwrite":
            return data[:i] + junk + data[i + len(junk) :]
        if how == "truncate":
            return data[:i]
        if how == "empty":
            return b""
        if how == "binary":
            return junk * 64
        if how == "nul":
            return data[:i] + b"\x00" + data[i:]
        if how == "bom":
            return b"\xef\xbb\xbf" + data
        if how == "crlf":
            return data.replace(b"\n", b"\r\n")
        return data.replace(b"\n", b"\r")

    return f"bytes:{how}", apply


def _encoding_damage(draw: st.DrawFn) -> tuple[str, Callable[[bytes], bytes]]:
    enc = draw(st.sampled_from(["utf-16", "utf-16-le", "latin-1", "cp1252", "utf-32"]))

    def apply(data: bytes) -> bytes:
        text = data.decode("utf-8", "replace") + "\nÆØÅ æøå,é"
        return text.encode(enc, "replace")

    return f"encoding:{enc}", apply


def _separator_damage(draw: st.DrawFn) -> tuple[str, Callable[[bytes], bytes]]:
    sep = draw(st.sampled_from([b";", b"\t", b"|", b" ", b",,", b'","']))
    every = draw(st.booleans())

    def apply(data: bytes) -> bytes:
        if every:
            return data.replace(b",", sep)
        lines = _lines(data)
        lines[0] = lines[0].replace(b",", sep)
        return b"\n".join(lines)

    return f"separator:{sep!r}{'' if every else ' (header only)'}", apply


YAML_SNIPPETS = [
    b"x: [1, 2",
    b"bad: {values: {2017: oops}}",
    b"bad: {values: {20170: 0.1}}",
    b"bad: {values: {2017: 1e400}}",
    b"bad: {values: {2017: .nan}}",
    b"bad: {values: {2017: {value: 1, value: 2}}}",
    b"bad: {unit: fraction, values: []}",
    b"bad: 3",
    b"- a list\n- at the top",
    b"a: &a [1, 1, 1, 1, 1, 1, 1, 1]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n"
    b"c: &c [*b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c]",
    b"!!python/object/apply:os.system ['echo pwned']",
    b"bad: {values: {2017: 9223372036854775808}}",
    b"\t- tab",
]
TOML_SNIPPETS = [
    b"base_year = 99999",
    b"base_year = -1",
    b'base_year = "2017"',
    b"base_year = 2017.5",
    b"base_year = 1e400",
    b'name = "x"\nname = "y"',
    b"[units]\nmoney = 3",
    b"[[assumptions]]",
    b'[assumptions]\n"economy.interest_rate_floating" = {2018 = 1e300}',
    b'[assumptions]\n"economy.interest_rate_floating" = {2018 = "high"}',
    b'[assumptions]\n"demography.tfr" = {99999 = 1.5}',
    b'[decisions]\n"nowhere.at_all" = {2018 = 1}',
    b"= broken",
]


def _structure_damage(draw: st.DrawFn, file: str) -> tuple[str, Callable[[bytes], bytes]]:
    snippets = YAML_SNIPPETS if file.endswith(".yaml") else TOML_SNIPPETS
    snippet = draw(st.sampled_from(snippets))
    replace = draw(st.booleans())

    def apply(data: bytes) -> bytes:
        return snippet + b"\n" if replace else data + b"\n" + snippet + b"\n"

    return f"structure:{snippet[:40]!r}{' (whole file)' if replace else ''}", apply


@st.composite
def damage(draw: st.DrawFn, files: list[str]) -> Damage:
    file = draw(st.sampled_from(files))
    kinds = ["bytes", "encoding", "separator", "cell", "rows", "columns"]
    if file.endswith((".yaml", ".toml")):
        kinds.append("structure")
    kind = draw(st.sampled_from(kinds))
    if kind == "cell":
        return Damage(file, "cell", _cell_damage(draw))
    make = {
        "bytes": _bytes_damage,
        "encoding": _encoding_damage,
        "separator": _separator_damage,
        "rows": _row_damage,
        "columns": _column_damage,
    }.get(kind)
    name, apply = make(draw) if make else _structure_damage(draw, file)
    return Damage(file, name, apply)


def _damaged(mini: Path, dest: Path, damages: list[Damage]) -> Path:
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(mini, dest)
    for d in damages:
        path = dest / d.file
        path.write_bytes(d.apply(path.read_bytes()))
    return dest


def _assert_clean(argv: list[str]) -> tuple[int, str, str]:
    t0 = time.monotonic()
    code, out, err = run_cli(argv)
    elapsed = time.monotonic() - t0
    assert elapsed < BUDGET_SECONDS, f"{argv[0]} took {elapsed:.0f} s"
    assert code in (0, 1), (code, err[-2000:])
    assert "Traceback" not in out + err and "internal error" not in err, err[-2000:]
    if code == 1:
        assert err.strip().splitlines()[-1].startswith("error: "), err[-2000:]
    return code, out, err


FILES = _files(dataset_io.resolve())  # the mini dataset has the default's files


def _seeded(test: Callable[..., None]) -> Callable[..., None]:
    return seed(int(SEED))(test) if SEED is not None else test


# --------------------------------------------------------------------------- the tests
@_seeded
@FUZZ
@given(damages=st.lists(damage(FILES), min_size=1, max_size=3))
def test_validate_never_crashes_on_damaged_files(
    damages: list[Damage], mini: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    folder = _damaged(mini, tmp_path_factory.getbasetemp() / "fuzz-validate", damages)
    _assert_clean(["validate", str(folder)])
    _assert_clean(["validate", "--strict", str(folder)])


# Damage that validation often accepts, so that the run itself is exercised: numbers
# scaled, zeroed or made extreme within their columns' limits.
NUMERIC_FILES = [
    "population.csv",
    "budget.csv",
    "services.csv",
    "service_coverage.csv",
    "facilities.csv",
    "measures.csv",
    "investments.csv",
    "loans.csv",
    "rules.csv",
]


AMOUNTS = {
    "population": True,  # whole numbers
    "amount_nok": False,
    "net_cost_nok": False,
    "gross_cost_nok": False,
    "coverage": False,
    "cost_weight": False,
    "places": False,
    "cost_nok": False,
    "grant_nok": False,
    "running_cost_nok": False,
    "balance_nok": False,
    "threshold": False,
    "capacity": False,
}


@st.composite
def scaling(draw: st.DrawFn) -> Damage:
    file = draw(st.sampled_from(NUMERIC_FILES))
    factor = draw(st.sampled_from([0.0, 0.001, 0.01, 0.5, 2.0, 10.0, 1000.0, -1.0]))
    share = draw(st.sampled_from([1, 3, 10]))  # every row, every third, every tenth

    def apply(data: bytes) -> bytes:
        lines = _lines(data)
        header = lines[0].decode().split(",")
        columns = {i: AMOUNTS[h] for i, h in enumerate(header) if h in AMOUNTS}
        out = [lines[0]]
        for k, line in enumerate(lines[1:]):
            cells = line.split(b",")
            if k % share or b'"' in line or len(cells) != len(header):
                out.append(line)
                continue
            for c, whole in columns.items():
                try:
                    x = float(cells[c]) * factor
                except ValueError:
                    continue
                cells[c] = str(round(x)).encode() if whole else repr(x).encode()
            out.append(b",".join(cells))
        return b"\n".join(out)

    return Damage(file, f"scale:{factor}x every {share}", apply)


RUN = settings(FUZZ, max_examples=EXAMPLES // 10 or 3)


@_seeded
@RUN
@given(damages=st.lists(st.one_of(scaling(), damage(NUMERIC_FILES)), min_size=1, max_size=2))
def test_run_never_crashes_and_leaves_nothing_behind(
    damages: list[Damage], mini: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    base = tmp_path_factory.getbasetemp()
    folder = _damaged(mini, base / "fuzz-run", damages)
    shutil.rmtree(folder / "scenarios", ignore_errors=True)  # no stress tests: a quicker run
    work = base / "fuzz-run-out"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    out = work / "out"
    argv = ["run", "--data", str(folder), "--out", str(out), "-q"]
    code, _out, _err = _assert_clean([*argv, "--paths", "5", "--risk-paths", "5"])
    left = sorted(p.name for p in work.iterdir())
    if code == 0:
        assert left == ["out"] and (out / "run.json").is_file()
    else:
        assert left == [], f"a failed run left {left}"
