"""The services layer's part of the default dataset: the service catalogue calibrated to the
KOSTRA accounts of 2016, coverage by age band, aggregate capacity in 2017, and the levers.

Derivations (documented in docs/services.md):
- Net and gross cost of each service: the sum of its KOSTRA functions (or its service area)
  in 2016, NOK 1000 × 1000. The KOSTRA service areas (FGK*) without property management
  (FGK6a, which overlaps the others: functions 221, 222, 261 … are in both) add up to the
  municipality's net operating expenditure but for NOK 14 000; the `residual` service is the
  total minus every other service, so the catalogue adds up exactly.
- Coverage by age band, cost weights, wage shares and facility units are assumptions
  (source ASV), each a number a user can change in the dataset.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import yaml

from tools.build_default.common import OUT, SOURCES, write_csv

CALIBRATION_YEAR = 2016
CAPACITY_YEAR = 2017  # facilities file: capacity that existed at the start of the plan

SOURCES.update(
    {
        "S4": (
            "KOSTRA: Bærum's gross and net operating expenditure by service area and function, "
            "group accounts (SSB tables 12137, 12362, 13553)",
            "Statistics Norway (SSB)",
            "https://www.ssb.no/statbank/table/12362",
            "CC BY 4.0 / NLOD 2.0",
            "2016 figures in NOK 1000 converted to NOK; summed per service (see docs/services.md)",
        ),
        "HP1": (
            "Bærum kommune: need analyses for kindergartens 2016–2035 (hearing 2016), schools "
            "2016–2025, and nursing homes and care housing 2017–2036 (hearing draft 2017)",
            "Bærum kommune",
            "https://www.baerum.kommune.no/politikk-og-samfunn/politikk/kunngjoringer-og-"
            "horinger/horing---barnehagebehovsanalyse-2016-2035/",
            "public document",
            "≈8 000 kindergarten places in 2016 (stated as approximate)",
        ),
        "ASV": (
            "Assumption of the services layer (coverage by age, cost weights, wage shares, "
            "facility counts, levers); see docs/services.md",
            "Handlingsrom",
            "",
            "MIT",
            "order-of-magnitude figures to be replaced with the municipality's own",
        ),
    }
)

# id, name_nb, name_en, sector, programme area, KOSTRA functions or FGK areas, unit,
# variable share, wage share (assumption)
CATALOGUE: tuple[tuple[str, str, str, str, str, str, str, float, float], ...] = (
    (
        "helsestasjon",
        "Helsestasjon og skolehelsetjeneste",
        "Health station and school health service",
        "Bistand og omsorg",
        "Kommunehelse",
        "232",
        "child or youth 0–19",
        1.0,
        0.8,
    ),
    (
        "barnehage",
        "Barnehage",
        "Kindergarten",
        "Barn og unge",
        "Barnehager",
        "FGK7",
        "child in kindergarten",
        1.0,
        0.7,
    ),
    (
        "grunnskole",
        "Grunnskole",
        "Primary and lower secondary school",
        "Barn og unge",
        "Grunnskoleopplæring",
        "202+222+223",
        "pupil",
        1.0,
        0.7,
    ),
    (
        "sfo",
        "Skolefritidsordning (SFO)",
        "After-school care",
        "Barn og unge",
        "Grunnskoleopplæring",
        "215",
        "child in after-school care",
        1.0,
        0.8,
    ),
    (
        "voksenopplaering",
        "Voksenopplæring",
        "Adult education",
        "Barn og unge",
        "Grunnskoleopplæring",
        "213",
        "inhabitant 20–66",
        1.0,
        0.7,
    ),
    (
        "barnevern",
        "Barnevern",
        "Child welfare",
        "Barn og unge",
        "Barnevern",
        "FGK13",
        "inhabitant 0–17",
        1.0,
        0.45,
    ),
    (
        "hjemmetjenester",
        "Hjemmetjenester og aktivisering",
        "Home-based care and activities",
        "Bistand og omsorg",
        "Pleie og omsorg",
        "234+254",
        "recipient of home-based care",
        1.0,
        0.8,
    ),
    (
        "institusjon",
        "Sykehjem (institusjon)",
        "Nursing homes (institutional care)",
        "Bistand og omsorg",
        "Pleie og omsorg",
        "253+261",
        "resident (place)",
        1.0,
        0.6,
    ),
    (
        "helse",
        "Legetjenester og annen helse",
        "GPs and other health services",
        "Bistand og omsorg",
        "Kommunehelse",
        "233+241+256",
        "inhabitant",
        1.0,
        0.6,
    ),
    (
        "sosial",
        "Sosialtjeneste",
        "Social services and assistance",
        "Bistand og omsorg",
        "Sosialtjeneste og bolig",
        "FGK12",
        "inhabitant 18–66",
        1.0,
        0.3,
    ),
    (
        "bolig",
        "Kommunale boliger",
        "Municipal housing",
        "Bistand og omsorg",
        "Sosialtjeneste og bolig",
        "FGK16",
        "inhabitant",
        0.0,
        0.1,
    ),
    (
        "kultur",
        "Kultur og fritid",
        "Culture and leisure",
        "Miljø, idrett og kultur",
        "Kultur og fritid",
        "FGK2",
        "inhabitant",
        1.0,
        0.5,
    ),
    (
        "administrasjon",
        "Administrasjon og politisk styring",
        "Administration and political governance",
        "Organisasjon, styring og utvikling",
        "Administrasjon",
        "FGK1a+FGK1b",
        "inhabitant",
        0.5,
        0.6,
    ),
    (
        "fellesutgifter",
        "Fellesutgifter",
        "Common expenses",
        "Organisasjon, styring og utvikling",
        "Administrasjon",
        "FGK1c",
        "inhabitant",
        0.0,
        0.0,
    ),
    (
        "residual",
        "Øvrige tjenester (rest)",
        "Other services (residual)",
        "Miljø, idrett og kultur",
        "VAR, kirke, brann, plan, næring, samferdsel",
        "total − the others (FGK3+FGK4+FGK5+FGK14+FGK15+FGK17 and NOK 14 000 unallocated)",
        "inhabitant",
        0.0,
        0.2,
    ),
)

# service, age_from, age_to, coverage, cost weight (all assumptions, source ASV)
COVERAGE: tuple[tuple[str, int, int, float, float], ...] = (
    ("helsestasjon", 0, 0, 1.0, 4.0),
    ("helsestasjon", 1, 5, 1.0, 1.0),
    ("helsestasjon", 6, 19, 1.0, 0.5),
    ("barnehage", 1, 2, 0.82, 2.0),
    ("barnehage", 3, 5, 0.97, 1.0),
    ("grunnskole", 6, 15, 0.97, 1.0),
    ("sfo", 6, 9, 0.8, 1.0),
    ("voksenopplaering", 20, 66, 1.0, 1.0),
    ("barnevern", 0, 17, 1.0, 1.0),
    ("hjemmetjenester", 0, 66, 0.015, 2.0),
    ("hjemmetjenester", 67, 79, 0.065, 1.0),
    ("hjemmetjenester", 80, 89, 0.28, 1.0),
    ("hjemmetjenester", 90, 105, 0.55, 1.0),
    ("institusjon", 0, 66, 0.0004, 1.0),
    ("institusjon", 67, 79, 0.01, 1.0),
    ("institusjon", 80, 89, 0.07, 1.0),
    ("institusjon", 90, 105, 0.25, 1.0),
    ("helse", 0, 66, 1.0, 1.0),
    ("helse", 67, 79, 1.0, 1.5),
    ("helse", 80, 105, 1.0, 2.0),
    ("sosial", 18, 66, 1.0, 1.0),
    ("bolig", 0, 105, 1.0, 1.0),
    ("kultur", 0, 105, 1.0, 1.0),
    ("administrasjon", 0, 105, 1.0, 1.0),
    ("fellesutgifter", 0, 105, 1.0, 1.0),
    ("residual", 0, 105, 1.0, 1.0),
)

# Services whose unit size (places per facility) matters: number of units in 2017 (assumption),
# unit-size elasticity of unit cost (assumption), size of a new unit from extra capacity.
UNITS: dict[str, tuple[int, float, float]] = {
    "barnehage": (145, 0.1, 200.0),  # ≈55 places per kindergarten; Nansenparken 200
    "grunnskole": (55, 0.1, 784.0),  # ≈300 pupils per school; 4-parallel 1–7 = 4×7×28
    "institusjon": (12, 0.1, 131.0),  # ≈65 places per home; Lindelia 131
}


def _kostra(shared: Path) -> pd.DataFrame:
    k = pd.read_csv(shared / "kostra_baerum_expenditure.csv", dtype={"kostra_code": str})
    return k[k.year == CALIBRATION_YEAR]


def _amount(k: pd.DataFrame, codes: str, measure: str) -> float:
    """Sum of KOSTRA functions or service areas ``a+b+c`` in NOK (the data are NOK 1000)."""
    total = 0.0
    for code in codes.split("+"):
        level = "service_area" if code.startswith("FGK") else "kostra_function"
        rows = k[(k.level == level) & (k.kostra_code == code) & (k.measure == measure)]
        if len(rows) != 1:
            raise ValueError(f"KOSTRA {code} {measure} {CALIBRATION_YEAR}: {len(rows)} rows")
        total += float(rows.amount_1000_nok.iloc[0]) * 1000
    return total


def _total(k: pd.DataFrame, measure: str) -> float:
    rows = k[(k.level == "municipality_total") & (k.measure == measure)]
    return float(rows.amount_1000_nok.iloc[0]) * 1000


def catalogue(shared: Path) -> pd.DataFrame:
    k = _kostra(shared)
    rows = []
    for sid, nb, en, sector, area, codes, unit, var, wage in CATALOGUE:
        if sid == "residual":
            net = gross = float("nan")
        else:
            net = _amount(k, codes, "net_operating_expenditure")
            gross = _amount(k, codes, "gross_operating_expenditure")
        rows.append(
            {
                "service": sid,
                "name_nb": nb,
                "name_en": en,
                "sector": sector,
                "programme_area": area,
                "kostra": codes,
                "unit": unit,
                "calibration_year": CALIBRATION_YEAR,
                "net_cost_nok": net,
                "gross_cost_nok": gross,
                "variable_share": var,
                "wage_share": wage,
                "source": "S4+ASV",
            }
        )
    df = pd.DataFrame(rows)
    known = df.service != "residual"
    for col, measure in (
        ("net_cost_nok", "net_operating_expenditure"),
        ("gross_cost_nok", "gross_operating_expenditure"),
    ):
        df.loc[~known, col] = _total(k, measure) - df.loc[known, col].sum()
    df["net_cost_nok"] = df.net_cost_nok.round(0).astype("int64")
    df["gross_cost_nok"] = df.gross_cost_nok.round(0).astype("int64")
    return df


def coverage() -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "service": s,
                "age_from": lo,
                "age_to": hi,
                "sex": "all",
                "coverage": cov,
                "cost_weight": w,
                "source": "ASV",
            }
            for s, lo, hi, cov, w in COVERAGE
        ]
    )


def _demand(shared: Path, service: str, year: int) -> float:
    """Modelled users of ``service`` on 1 January ``year`` (observed population)."""
    pop = pd.read_csv(shared / "population_baerum_by_age_sex.csv")
    pop = pop[pop.year == year]
    users = 0.0
    for s, lo, hi, cov, _ in COVERAGE:
        if s == service:
            users += cov * pop[(pop.age >= lo) & (pop.age <= hi)].population.sum()
    return users


def facilities(shared: Path) -> pd.DataFrame:
    need = pd.read_csv(shared / "baerum-hp-2017-2020" / "service_need_analyses.csv")
    kg = need[(need.service == "barnehage") & (need.what == "baseline capacity")]
    kg_places = float(kg.value.iloc[0])
    rows = [
        {
            "service": "barnehage",
            "facility": "Existing kindergartens, municipal and private (aggregate)",
            "district": "all",
            "places": kg_places,
            "units": UNITS["barnehage"][0],
            "opened": "",
            "closed": "",
            "source": "HP1+ASV",
        }
    ]
    # No public facility list for schools and nursing homes in the shared data: assume the
    # capacity in 2017 equals the modelled demand on 1 January 2017 (rounded to 10 places).
    for sid, name in (
        ("grunnskole", "Existing schools (aggregate; assumed full in 2017)"),
        ("institusjon", "Existing nursing homes (aggregate; assumed full in 2017)"),
    ):
        rows.append(
            {
                "service": sid,
                "facility": name,
                "district": "all",
                "places": round(_demand(shared, sid, CAPACITY_YEAR), -1),
                "units": UNITS[sid][0],
                "opened": "",
                "closed": "",
                "source": "S1+ASV",
            }
        )
    return pd.DataFrame(rows)


def _param(description: str, unit: str, value: float, source: str = "ASV") -> dict[str, object]:
    return {
        "description": description,
        "unit": unit,
        "values": {CALIBRATION_YEAR: {"value": value, "source": source}},
        "interpolation": "step",
    }


def parameters() -> dict[str, object]:
    out: dict[str, object] = {
        "wage_cost_per_fte_nok": _param(
            "Assumption: average yearly wage cost of one FTE (årsverk) incl. social costs and "
            "pension, 2016 prices; FTEs = gross cost × wage share / this",
            "NOK per FTE",
            650_000.0,
        ),
    }
    for sid, nb, *_ in CATALOGUE:
        out[f"{sid}.coverage_change"] = _param(
            f"Lever: relative change of the coverage of {nb} from the year given "
            "(0.05 = 5 % more users per inhabitant of the target group)",
            "fraction",
            0.0,
        )
        out[f"{sid}.efficiency"] = _param(
            f"Lever: yearly efficiency gain of {nb} (unit cost falls by this share each year "
            "after the calibration year)",
            "fraction per year",
            0.0,
        )
        out[f"{sid}.standard_change"] = _param(
            f"Lever: change of standard of {nb} from the year given (0.1 = unit cost and FTEs "
            "per user 10 % higher)",
            "fraction",
            0.0,
        )
    for sid, (_, elasticity, new_size) in UNITS.items():
        out[f"{sid}.unit_size_elasticity"] = _param(
            f"Assumption: elasticity of the unit cost of {sid} to the average unit size "
            "(0.1: 10 % larger average units give about 1 % lower unit cost)",
            "elasticity",
            elasticity,
        )
        out[f"{sid}.new_unit_size"] = _param(
            f"Assumption: places per new unit when extra capacity of {sid} is added",
            "places per unit",
            new_size,
        )
    return out


def build(shared: Path, out: Path = OUT) -> None:
    cat = catalogue(shared)
    k = _kostra(shared)
    total = _total(k, "net_operating_expenditure")
    if int(cat.net_cost_nok.sum()) != round(total):
        raise ValueError(f"catalogue sums to {cat.net_cost_nok.sum()}, KOSTRA total {total}")
    write_csv(cat, out / "services.csv")
    write_csv(coverage(), out / "service_coverage.csv")
    write_csv(facilities(shared), out / "facilities.csv")
    pdir = out / "parameters"
    pdir.mkdir(exist_ok=True)
    text = (
        "# Generated by `python -m tools.build_default` (tools/build_default/services.py).\n"
        "# Levers and assumptions of the services layer; see docs/services.md.\n"
    )
    text += yaml.safe_dump(parameters(), sort_keys=False, allow_unicode=True, width=100)
    (pdir / "services.yaml").write_text(text, encoding="utf-8")
