"""Tables: one helper from a frame, one price basis per table, sheet names Excel accepts."""

from __future__ import annotations

import pandas as pd
import pytest

from handlingsrom.report.model import Column, Table
from handlingsrom.report.tables import MixedPriceBasis, combine, frame_table, with_basis

MONEY = [Column("year", "År", "year"), Column("cost_nok", "Kostnad", "mnok", "mill. kr")]


def money(basis: str | None) -> pd.DataFrame:
    return with_basis(pd.DataFrame({"year": [2017, 2018], "cost_nok": [1e6, 2e6]}), basis)


def test_a_money_table_carries_its_frame_s_price_basis() -> None:
    table = frame_table(money("fixed 2017"), "t", "T", MONEY, sheet="T")
    assert table.price_basis == "fixed 2017"
    assert table.rows == ((2017, 1e6), (2018, 2e6))


def test_money_without_a_price_basis_is_refused() -> None:
    with pytest.raises(MixedPriceBasis, match="without a price basis"):
        frame_table(money(None), "t", "T", MONEY, sheet="T")
    with pytest.raises(ValueError, match="price basis"):
        Table("t", "T", tuple(MONEY), ((2017, 1.0),), sheet="T")


def test_frames_in_two_price_bases_cannot_make_one_table() -> None:
    with pytest.raises(MixedPriceBasis, match="fixed 2016"):
        combine([money("fixed 2017"), money("fixed 2016")])
    both = combine([money("fixed 2017"), money("fixed 2017")], ignore_index=True)
    assert frame_table(both, "t", "T", MONEY, sheet="T").price_basis == "fixed 2017"


def test_a_missing_column_is_named() -> None:
    with pytest.raises(KeyError, match="cost_nok"):
        frame_table(pd.DataFrame({"year": [1]}), "t", "T", MONEY, sheet="T")


@pytest.mark.parametrize("sheet", ["", "x" * 32, "a/b", "a:b", "[a]"])
def test_sheet_names_excel_refuses_are_refused(sheet: str) -> None:
    with pytest.raises(ValueError, match="sheet name"):
        Table("t", "T", (Column("a", "A", "text"),), (("x",),), sheet=sheet)


def test_no_table_of_the_report_mixes_price_bases(default_run) -> None:  # type: ignore[no-untyped-def]
    """Every table with money names one price basis, and its note says it in words."""
    words = {"fixed 2017": "faste 2017-priser", "fixed 2016": "faste 2016-priser"}
    for table in default_run.model.tables.values():
        if table.has_money:
            assert table.price_basis in words, table.id
            assert words[table.price_basis] in table.note, (table.id, table.note)
