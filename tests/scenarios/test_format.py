"""Scenario files: parsing, errors with file/line/field, applying, combining."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from handlingsrom.dataset.kinds import KINDS_BY_NAME
from handlingsrom.dataset.model import Dataset, DatasetMeta
from handlingsrom.dataset.validate import convert_table
from handlingsrom.params import Parameter, ParameterSet, ValuePoint
from handlingsrom.scenarios.apply import apply
from handlingsrom.scenarios.model import BASELINE, ScenarioFileError, combine, parse_scenario

MEASURES_CSV = [
    {
        "id": "omst-2017",
        "name": "Restructuring 2017",
        "sector": "Barn og unge",
        "kind": "restructuring",
        "initiative": "none",
        "start_year": "2017",
        "end_year": "",
        "amount_nok": "-50000000",
        "ramp_years": "1",
        "status": "adopted",
        "source": "",
        "note": "",
    },
    {
        "id": "trygg",
        "name": "Trygg",
        "sector": "Barn og unge",
        "kind": "initiative",
        "initiative": "Trygg",
        "start_year": "2018",
        "end_year": "2020",
        "amount_nok": "10000000",
        "ramp_years": "1",
        "status": "proposed",
        "source": "",
        "note": "",
    },
]


def mini_dataset() -> Dataset:
    kind = KINDS_BY_NAME["measures"]
    raw = pd.DataFrame(MEASURES_CSV, dtype=object)
    raw["_row"] = [2, 3]
    typed, problems = convert_table(kind, raw, "measures.csv")
    assert problems == []
    params = ParameterSet(
        [
            Parameter(
                "economy.interest_rate_floating", (ValuePoint(2017, 0.02), ValuePoint(2020, 0.03))
            ),
            Parameter(
                "economy.tax_real_growth",
                (ValuePoint(2017, 0.01), ValuePoint(2030, 0.02)),
                interpolation="linear",
            ),
        ]
    )
    meta = DatasetMeta(
        name="mini",
        title="Mini",
        municipality_number="0219",
        municipality_name="Mini",
        base_year=2017,
    )
    return Dataset(meta=meta, tables={"measures": typed}, parameters=params)


def test_empty_scenario_is_the_baseline_exactly() -> None:
    ds = mini_dataset()
    empty = parse_scenario('name = "empty"\n', "empty.toml")
    assert empty.is_empty
    new_ds, params = apply(ds, empty)
    assert new_ds is ds and params is ds.parameters
    assert apply(ds, BASELINE)[0] is ds


def test_add_form_with_from_and_to() -> None:
    ds = mini_dataset()
    sc = parse_scenario(
        'name = "r"\n[assumptions]\n'
        '"economy.interest_rate_floating" = { add = 0.02, from = 2018, to = 2025 }\n',
        "r.toml",
    )
    _, params = apply(ds, sc)
    years = np.arange(2015, 2031)
    before = ds.parameters.series("economy.interest_rate_floating", years)
    after = params.series("economy.interest_rate_floating", years)
    diff = after - before
    assert np.allclose(diff[(years >= 2018) & (years <= 2025)], 0.02)
    assert np.allclose(diff[(years < 2018) | (years > 2025)], 0.0)
    # the baseline parameter set is untouched
    assert ds.parameters.value("economy.interest_rate_floating", 2019) == 0.02


def test_linear_parameter_unchanged_before_from() -> None:
    ds = mini_dataset()
    sc = parse_scenario(
        'name = "t"\n[assumptions]\n"economy.tax_real_growth" = { scale = 0.5, from = 2025 }\n',
        "t.toml",
    )
    _, params = apply(ds, sc)
    years = np.arange(2017, 2040)
    before = ds.parameters.series("economy.tax_real_growth", years)
    after = params.series("economy.tax_real_growth", years)
    assert np.allclose(after[years < 2025], before[years < 2025])
    assert np.allclose(after[years >= 2025], 0.5 * before[years >= 2025])


def test_ramp_reaches_full_effect() -> None:
    ds = mini_dataset()
    sc = parse_scenario(
        'name = "s"\n[assumptions]\n'
        '"economy.interest_rate_floating" = { add = -0.04, from = 2018, ramp_years = 20 }\n',
        "s.toml",
    )
    _, params = apply(ds, sc)
    d = params.series(
        "economy.interest_rate_floating", [2018, 2027, 2037, 2050]
    ) - ds.parameters.series("economy.interest_rate_floating", [2018, 2027, 2037, 2050])
    assert np.allclose(d, [-0.002, -0.02, -0.04, -0.04])


def test_dated_values_and_constant() -> None:
    ds = mini_dataset()
    sc = parse_scenario(
        'name = "v"\n[assumptions]\n"economy.interest_rate_floating" = { 2019 = 0.05 }\n'
        '"economy.tax_real_growth" = 0.0\n',
        "v.toml",
    )
    _, params = apply(ds, sc)
    assert params.value("economy.interest_rate_floating", 2019) == 0.05
    assert params.value("economy.interest_rate_floating", 2018) == 0.02
    assert params.series("economy.tax_real_growth", [2017, 2030, 2060]).tolist() == [0, 0, 0]


def test_table_changes_add_remove_update() -> None:
    ds = mini_dataset()
    text = """name = "d"
[[decisions.measures.add]]
id = "new"
name = "New saving"
sector = "Bistand og omsorg"
kind = "restructuring"
initiative = "none"
start_year = 2019
amount_nok = -20e6
ramp_years = 2
status = "adopted"

[[decisions.measures.remove]]
id = "trygg"

[[decisions.measures.update]]
where = { id = "omst-2017" }
set = { amount_nok = -60e6, end_year = 2030 }
"""
    new_ds, _ = apply(ds, parse_scenario(text, "d.toml"))
    m = new_ds.table("measures").set_index("id")
    assert set(m.index) == {"omst-2017", "new"}
    assert m.loc["new", "amount_nok"] == -20e6
    assert m.loc["new", "source"] == "scenario:d"
    assert m.loc["omst-2017", "amount_nok"] == -60e6
    assert m.loc["omst-2017", "end_year"] == 2030
    assert len(ds.table("measures")) == 2  # the baseline is untouched


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            'name = "x"\n[assumptions]\n"economy.interest" = { add = 0.02 }\n',
            "x.toml:3:economy.interest: expected a parameter of dataset mini",
        ),
        (
            'name = "x"\n[assumptions]\n"economy.interest_rate_floating" = { add = "two" }\n',
            "x.toml:3:economy.interest_rate_floating.add: expected a number, found 'two'",
        ),
        (
            'name = "x"\n\n[[decisions.measures.add]]\nid = "a"\nbudget = 3\n',
            "x.toml:5:budget: expected a column of measures.csv",
        ),
        (
            'name = "x"\n[[decisions.measures.add]]\nid = "a"\nname = "A"\n'
            'sector = "Barn og unge"\nkind = "restructuring"\ninitiative = "none"\n'
            'start_year = 2019\namount_nok = "lots"\nramp_years = 1\nstatus = "adopted"\n',
            "x.toml:9:amount_nok: expected a number (NOK), found 'lots'",
        ),
        (
            'name = "x"\n[[decisions.measures.remove]]\nid = "nope"\n',
            "x.toml:2:id: expected a row of measures.csv with id='nope', found no such row",
        ),
        (
            'name = "x"\n[[decisions.budgets.add]]\nid = "a"\n',
            "x.toml:2:budgets: expected a table (input kind)",
        ),
        ('name = "x"\nfoo = 1\n', "x.toml:2:foo: expected only the keys"),
        ('name = "x"\n[assumptions\n', "x.toml:2:-: expected valid TOML"),
        (
            'name = "x"\n[assumptions]\n'
            '"economy.interest_rate_floating" = { add = 1, from = 2020, to = 2019 }\n',
            "x.toml:3:economy.interest_rate_floating.to: expected a year not before from (2020), "
            "found 2019",
        ),
    ],
)
def test_bad_scenarios_name_file_line_field(text: str, expected: str) -> None:
    ds = mini_dataset()
    with pytest.raises(ScenarioFileError) as err:
        apply(ds, parse_scenario(text, "x.toml"))
    assert any(str(p).startswith(expected) for p in err.value.problems), err.value.problems


def test_combine_later_wins_and_has_stable_name() -> None:
    ds = mini_dataset()
    a = parse_scenario(
        'name = "a"\n[assumptions]\n"economy.interest_rate_floating" = 0.04\n', "a.toml"
    )
    b = parse_scenario(
        'name = "b"\n[assumptions]\n"economy.interest_rate_floating" = 0.06\n', "b.toml"
    )
    ab = combine(a, b)
    assert ab.name == "a+b"
    assert combine(b, a).name == "b+a"
    _, p_ab = apply(ds, ab)
    _, p_ba = apply(ds, combine(b, a))
    assert p_ab.value("economy.interest_rate_floating", 2030) == 0.06
    assert p_ba.value("economy.interest_rate_floating", 2030) == 0.04
    assert combine() is BASELINE
    assert combine(BASELINE, a) is a


def test_assumptions_kept_apart_from_decisions() -> None:
    text = """name = "both"
[assumptions]
"economy.interest_rate_floating" = { add = 0.01 }
[decisions]
"economy.tax_real_growth" = { set = 0.0, from = 2020 }
[[decisions.measures.remove]]
id = "trygg"
"""
    sc = parse_scenario(text, "both.toml")
    assert [c.category for c in sc.assumptions()] == ["assumption"]
    assert len(sc.decisions()) == 2


def test_parameter_with_a_layer_default_can_be_changed() -> None:
    """A parameter the dataset does not list but the economy reads with a default."""
    ds = mini_dataset()
    assert "economy.include_proposed" not in set(ds.parameters)
    sc = parse_scenario(
        'name = "p"\n[decisions]\n"economy.include_proposed" = { set = 0, from = 2020 }\n', "p.toml"
    )
    _, params = apply(ds, sc)
    assert params.series("economy.include_proposed", [2019, 2020, 2040]).tolist() == [1, 0, 0]


def test_rows_added_to_a_table_the_dataset_lacks() -> None:
    ds = mini_dataset()
    assert not ds.has("loans")
    text = """name = "l"
[[decisions.loans.add]]
id = "new"
name = "A new loan"
balance_nok = 1e9
rate_type = "fixed"
fixed_rate = 0.03
repayment = "serial"
years = 30
self_financing = false
"""
    new_ds, _ = apply(ds, parse_scenario(text, "l.toml"))
    loans = new_ds.table("loans")
    assert len(loans) == 1 and loans.balance_nok.iloc[0] == 1e9
    assert loans.fixed_rate.iloc[0] == 0.03


def test_a_cross_column_check_of_the_kind_applies_to_added_rows() -> None:
    ds = mini_dataset()
    text = """name = "l"
[[decisions.loans.add]]
id = "new"
name = "A fixed loan without a rate"
balance_nok = 1e9
rate_type = "fixed"
repayment = "serial"
years = 30
self_financing = false
"""
    with pytest.raises(ScenarioFileError) as err:
        apply(ds, parse_scenario(text, "l.toml"))
    assert str(err.value.problems[0]).startswith(
        "l.toml:2:fixed_rate: expected the fixed rate of a fixed loan"
    )
