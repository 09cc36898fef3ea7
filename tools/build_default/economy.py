"""The economy layer's part of the default dataset: base accounts, measures, investments,
loans, financial rules and the `economy.*` parameters.

Every figure is either transcribed from the shared data (KOSTRA, KDD, Bærum's published
HP 2017–2020 and annual report 2016), derived from it by the arithmetic written here, or a
documented assumption (source ``ECON-A``) that a user can change. See docs/economy.md.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import yaml

from tools.build_default.common import BASE_YEAR, LAST_RATE_YEAR, OUT, SOURCES, write_csv

SOURCES.setdefault(
    "S4",
    (
        "KOSTRA tables 12137, 12362, 13553 (Bærum, group accounts)",
        "Statistics Norway (SSB)",
        "https://www.ssb.no/statbank/table/12362",
        "CC BY 4.0 / NLOD 2.0",
        "NOK 1000 converted to NOK",
    ),
)
SOURCES.update(
    {
        "KDD": (
            "Final income equalisation per municipality, internettinntektsutj_<year>kom.xlsx "
            "(tax per inhabitant, national average, equalisation)",
            "Ministry of Local Government and Modernisation (KMD/KDD)",
            "https://www.regjeringen.no/contentassets/7bd453aad58a4769ba02659fd7da5647/"
            "internettinntektsutj_2016kom.xlsx",
            "NLOD 2.0",
            "Bærum 2015 and 2016",
        ),
        "BK-HP": (
            "Bærum kommune: Handlingsprogram 2017–2020, press releases of 28.09.2016 and the "
            "adoption of 07.12.2016",
            "Bærum kommune",
            "https://www.baerum.kommune.no/politiske-saker/"
            "budsjett-og-handlingsprogram-2017-2020-vedtatt/",
            "public document",
            "headline figures, measures and named investments as published",
        ),
        "BK-AR": (
            "Bærum kommune: Årsrapport 2016, årsberetning",
            "Bærum kommune",
            "https://www.baerum.kommune.no/styringsdokumenter/arsrapport-2016/arsberetning/",
            "public document",
            "outcomes 2016 of the municipality proper (kommunekassen) and the financial rules",
        ),
        "BK-INV": (
            "Bærum kommune: investeringsprosjekter 2008–2015 (final costs of completed projects)",
            "Bærum kommune",
            "https://www.baerum.kommune.no/aktuelt/investeringsprosjekter-2008-2015/",
            "public document",
            "unit costs: Solvik 100-room nursing home 280 MNOK; Høvik 3-parallel school "
            "239.5 MNOK; Jong school 2->3 parallels 51 MNOK",
        ),
        "NB": (
            "Norges Bank: inflation target 2.5 % (regulation on monetary policy of 2001, in "
            "force until March 2018)",
            "Norges Bank / Ministry of Finance",
            "https://www.norges-bank.no",
            "public",
            "used as the long-term price growth",
        ),
        "ECON-A": (
            "Documented assumption of the economy layer (see docs/economy.md)",
            "Handlingsrom",
            "",
            "MIT",
            "not an observation: a modelling choice a user should review and may override",
        ),
    }
)

SECTOR_OF_AREA = {
    # KOSTRA service area -> Bærum sector (budget_structure.csv; Eiendomsforvaltning FGK6a
    # overlaps the premises functions of the other areas and is left out of the sum).
    "FGK7": "Barn og unge",
    "FGK8b": "Barn og unge",
    "FGK13": "Barn og unge",
    "FGK9": "Bistand og omsorg",
    "FGK12": "Bistand og omsorg",
    "FGK16": "Bistand og omsorg",
    "FGK2": "Miljø, idrett og kultur",
    "FGK3": "Miljø, idrett og kultur",
    "FGK4": "Miljø, idrett og kultur",
    "FGK5": "Miljø, idrett og kultur",
    "FGK14": "Miljø, idrett og kultur",
    "FGK15": "Miljø, idrett og kultur",
    "FGK17": "Miljø, idrett og kultur",
    "FGK1a": "Organisasjon, styring og utvikling",
    "FGK1b": "Organisasjon, styring og utvikling",
    "FGK1c": "Organisasjon, styring og utvikling",
}
CENTRAL = "Sentrale poster"
MNOK = 1e6
K = 1000.0  # KOSTRA figures are NOK 1000

# Assumed building-cost growth from a reference project's completion to the base year.
BUILD_COST_GROWTH = 0.03
VAT_BUILDINGS = 0.18  # share of a building project's cost refunded as VAT compensation


# Bærum's sectors (hovedutvalg, budget_structure.csv) in the order of its action programme,
# with English names (the project's translation), and the row of the central items.
SECTORS: tuple[tuple[str, str, str], ...] = (
    ("Barn og unge", "Children and youth", "sector"),
    ("Bistand og omsorg", "Assistance and care", "sector"),
    ("Miljø, idrett og kultur", "Environment, sports and culture", "sector"),
    ("Organisasjon, styring og utvikling", "Organisation, governance and development", "sector"),
    (CENTRAL, "Central items", "central"),
)

# The main initiatives (satsinger) of HP 2017–2020 (measures_omstilling_satsinger.csv), with
# English names (the project's translation).
INITIATIVES: tuple[tuple[str, str], ...] = (
    ("Trygg", "Safe: an inclusive upbringing and learning environment"),
    ("Frivillighet og sosialt entreprenørskap", "Volunteering and social entrepreneurship"),
    ("Klimaklok", "Climate-wise municipality"),
    ("Kompetanse og kapasitet", "Competence and capacity"),
    ("Bærum i verden", "Bærum in the world"),
)


def _sectors() -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"id": sid, "name_nb": sid, "name_en": en, "kind": kind, "source": "BK-HP"}
            for sid, en, kind in SECTORS
        ]
    )


def _initiatives() -> pd.DataFrame:
    return pd.DataFrame(
        [{"id": iid, "name_nb": iid, "name_en": en, "source": "BK-HP"} for iid, en in INITIATIVES]
    )


def build(shared: Path, out: Path = OUT) -> None:
    hp = shared / "baerum-hp-2017-2020"
    write_csv(_sectors(), out / "sectors.csv")
    write_csv(_initiatives(), out / "initiatives.csv")
    accounts = _budget(shared, hp)
    write_csv(pd.concat([_previous_accounts(shared, hp), accounts]), out / "budget.csv")
    kostra = pd.read_csv(shared / "kostra_baerum_expenditure.csv")
    school = kostra[
        (kostra.year == LAST_RATE_YEAR)
        & (kostra.kostra_code == "FGK8b")
        & (kostra.measure == "net_operating_expenditure")
    ]
    write_csv(_measures(accounts, float(school.amount_1000_nok.iloc[0]) * K), out / "measures.csv")
    write_csv(_investments(hp), out / "investments.csv")
    write_csv(_loans(accounts), out / "loans.csv")
    write_csv(_rules(hp), out / "rules.csv")
    (out / "parameters").mkdir(exist_ok=True)
    text = yaml.safe_dump(
        _with_accounts_year(_parameters(shared)), sort_keys=False, allow_unicode=True, width=100
    )
    header = "# Generated by `python -m tools.build_default` (tools/build_default/economy.py).\n"
    (out / "parameters" / "economy.yaml").write_text(header + text, encoding="utf-8")


# --------------------------------------------------------------------------- accounts
def _budget(shared: Path, hp: Path) -> pd.DataFrame:
    year = LAST_RATE_YEAR
    kostra = pd.read_csv(shared / "kostra_baerum_expenditure.csv")
    kostra = kostra[kostra.year == year]
    rows: list[dict[str, object]] = []

    def add(sector: str, item: str, amount: float, source: str, note: str) -> None:
        rows.append(
            {
                "year": year,
                "sector": sector,
                "item": item,
                "amount_nok": round(amount, 0),
                "source": source,
                "note": note,
            }
        )

    areas, tot = _add_kostra(kostra, add)

    add(
        CENTRAL,
        "loan_debt",
        tot["net_loan_debt"],
        "S4+ECON-A",
        "KOSTRA net loan debt, taken as the interest-bearing debt for investments (assumption)",
    )
    tax = pd.read_csv(shared / "kostra_baerum_tax_revenue.csv")
    add(
        CENTRAL,
        "tax_income_wealth",
        float(tax[tax.year == year].amount_1000_nok.iloc[0]) * K,
        "S4",
        "KOSTRA AG12 tax on income and wealth",
    )
    eq = pd.read_csv(shared / "income_equalization_baerum.csv")
    add(
        CENTRAL,
        "income_equalisation",
        float(eq[eq.year == year].income_equalization_1000_nok.iloc[0]) * K,
        "KDD",
        "KDD final income equalisation (negative = Bærum pays)",
    )
    # Gross expenditure outside the service areas: interpreted as depreciation. Cross-check:
    # the annual report's gross operating result (1224 MNOK, before depreciation) minus
    # KOSTRA's (revenue - expenditure = 751 MNOK) is 473 MNOK.
    inside = areas[
        (areas.measure == "gross_operating_expenditure") & areas.kostra_code.isin(SECTOR_OF_AREA)
    ].amount_1000_nok.sum()
    add(
        CENTRAL,
        "depreciation",
        tot["gross_operating_expenditure"] - inside * K,
        "S4+BK-AR+ECON-A",
        "derived: KOSTRA gross operating expenditure minus the service areas' sum; assumed to "
        "be depreciation (annual report: 1224 - 751 = 473 MNOK)",
    )
    kf = pd.read_csv(hp / "key_figures_actual_2015_2016.csv")
    kf = kf[kf.year == year].set_index("indicator").value
    add(
        CENTRAL,
        "group_entities_revenue",
        tot["gross_operating_revenue"] - kf["sum_driftsinntekter_implisitt"] * MNOK,
        "S4+BK-AR",
        "derived: KOSTRA group revenue minus the annual report's implied revenue of the "
        "municipality proper (847 / 8.7 %)",
    )
    add(CENTRAL, "buffer_fund", kf["bufferfond_utgaaende"] * MNOK, "BK-AR", "year-end balance")
    add(
        CENTRAL,
        "liquidity_reserve",
        kf["likviditetsreserve_utgaaende"] * MNOK,
        "BK-AR",
        "year-end balance",
    )
    add(
        CENTRAL,
        "managed_fund",
        kf["forvaltningsfond_netto_avkastning_belop"]
        / kf["forvaltningsfond_netto_avkastning"]
        * 100
        * MNOK,
        "BK-AR+ECON-A",
        "derived: return 128 MNOK / 5.6 % (approximate fund size)",
    )
    add(
        CENTRAL,
        "managed_fund_return",
        kf["forvaltningsfond_netto_avkastning_belop"] * MNOK,
        "BK-AR",
        "net return 2016",
    )
    add(
        CENTRAL,
        "free_reserves",
        0.0,
        "ECON-A",
        "assumption: other free reserves (disposisjonsfond beyond the buffer fund) not known; 0",
    )
    return pd.DataFrame(rows)


def _add_kostra(
    kostra: pd.DataFrame,
    add: Callable[[str, str, float, str, str], None],
    *extra: tuple[str, str],
) -> tuple[pd.DataFrame, pd.Series]:
    """One accounts year's KOSTRA rows: each sector's gross and net operating expenditure
    (the sum of its service areas) and the municipality's totals (plus ``extra`` totals as
    (item, KOSTRA measure)). Returns the service areas and the totals (NOK)."""
    areas = kostra[kostra.level == "service_area"]
    for sector in dict.fromkeys(SECTOR_OF_AREA.values()):
        codes = [c for c, s in SECTOR_OF_AREA.items() if s == sector]
        sel = areas[areas.kostra_code.isin(codes)]
        for item in ("gross_operating_expenditure", "net_operating_expenditure"):
            amount = sel[sel.measure == item].amount_1000_nok.sum() * K
            add(sector, item, amount, "S4", "sum of KOSTRA service areas " + "+".join(codes))
    tot = kostra[kostra.level == "municipality_total"].set_index("measure").amount_1000_nok * K
    for item, measure in (
        ("operating_revenue", "gross_operating_revenue"),
        ("gross_operating_expenditure", "gross_operating_expenditure"),
        ("net_operating_expenditure", "net_operating_expenditure"),
        ("net_operating_result", "net_operating_result"),
        ("gross_investment", "gross_investment_expenditure"),
        *extra,
    ):
        add(CENTRAL, item, tot[measure], "S4", f"KOSTRA municipality total ({measure})")
    return areas, tot


def _previous_accounts(shared: Path, hp: Path) -> pd.DataFrame:
    """The year before the accounts year (2015), for the economy's one-year back-test
    (docs/economy.md): KOSTRA totals and sectors, tax, income equalisation and the
    liquidity reserve (derived: 2016 balance − its change)."""
    year = LAST_RATE_YEAR - 1
    kostra = pd.read_csv(shared / "kostra_baerum_expenditure.csv")
    kostra = kostra[kostra.year == year]
    rows: list[dict[str, object]] = []

    def add(sector: str, item: str, amount: float, source: str, note: str) -> None:
        rows.append({"year": year, "sector": sector, "item": item, "amount_nok": round(amount, 0),
                     "source": source, "note": note})  # fmt: skip

    _add_kostra(kostra, add, ("loan_debt", "net_loan_debt"))
    tax = pd.read_csv(shared / "kostra_baerum_tax_revenue.csv")
    add(CENTRAL, "tax_income_wealth", float(tax[tax.year == year].amount_1000_nok.iloc[0]) * K,
        "S4", "KOSTRA AG12 tax on income and wealth")  # fmt: skip
    eq = pd.read_csv(shared / "income_equalization_baerum.csv")
    add(CENTRAL, "income_equalisation",
        float(eq[eq.year == year].income_equalization_1000_nok.iloc[0]) * K, "KDD",
        "KDD final income equalisation (negative = Bærum pays)")  # fmt: skip
    kf = pd.read_csv(hp / "key_figures_actual_2015_2016.csv")
    kf = kf[kf.year == year].set_index("indicator").value
    add(CENTRAL, "liquidity_reserve", kf["likviditetsreserve_utgaaende"] * MNOK, "BK-AR",
        "derived in the annual report 2016: 1 185 − 483 MNOK")  # fmt: skip
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- measures
def _measures(accounts: pd.DataFrame, school_net: float) -> pd.DataFrame:
    """The adopted HP 2017–2020 measures. The restructuring path (118 MNOK in 2017, about
    228 MNOK in 2019) is split over sectors in proportion to their 2016 net expenditure,
    leaving out school (grunnskole was shielded from new reductions in HP 2017–2020)."""
    net = accounts[
        (accounts.sector != CENTRAL) & (accounts.item == "net_operating_expenditure")
    ].set_index("sector")["amount_nok"]
    # school is shielded: take grunnskole's 2016 net expenditure (FGK8b) out of Barn og unge
    weights = net.copy()
    weights["Barn og unge"] -= school_net
    weights = weights.clip(lower=0) / weights.clip(lower=0).sum()
    rows: list[dict[str, object]] = []
    for sector, w in weights.items():
        slug = _slug(str(sector))
        note = (
            f"assumption: share {w:.3f} of the published total (proportional to 2016 net "
            "expenditure, grunnskole shielded)"
        )
        rows.append(
            {
                "id": f"omst-2017-{slug}",
                "name": "Omstillingstiltak HP 2017–2020, nivå 2017",
                "sector": sector,
                "kind": "restructuring",
                "initiative": "none",
                "start_year": BASE_YEAR,
                "end_year": None,
                "amount_nok": round(-118 * MNOK * w),
                "ramp_years": 1,
                "status": "adopted",
                "source": "BK-HP+ECON-A",
                "note": note,
            }
        )
        rows.append(
            {
                "id": f"omst-2019-{slug}",
                "name": "Omstillingstiltak HP 2017–2020, opptrapping til 2019",
                "sector": sector,
                "kind": "restructuring",
                "initiative": "none",
                "start_year": BASE_YEAR + 1,
                "end_year": None,
                "amount_nok": round(-(228 - 118) * MNOK * w),
                "ramp_years": 2,
                "status": "adopted",
                "source": "BK-HP+ECON-A",
                "note": note + "; 228 - 118 MNOK phased in over 2018-2019",
            }
        )
    initiatives = [
        ("forskning-innovasjon", "Forsknings- og innovasjonsfond", "Organisasjon, styring og "
         "utvikling", "none", 10 * MNOK, "10 MNOK per year (adopted 07.12.2016)"),
        ("ensomhet-frivillighet", "Ensomhet og frivillighet", "Bistand og omsorg",
         "Frivillighet og sosialt entreprenørskap", 5 * MNOK,
         "about 5 MNOK (adopted 07.12.2016); assumed to continue"),
        ("trygg", "Trygg: inkluderende oppvekst og læringsmiljø", "Barn og unge", "Trygg", 0.0,
         "amount not published: 0 NOK in the default (set it to model the initiative)"),
        ("klimaklok", "Tiltak for en klimaklok kommune", "Miljø, idrett og kultur", "Klimaklok",
         0.0, "amount not published: 0 NOK in the default"),
        ("baerum-i-verden", "Bærum i verden", "Organisasjon, styring og utvikling",
         "Bærum i verden", 0.0, "amount not published: 0 NOK in the default"),
        ("kompetanse-kapasitet", "Kompetanse og kapasitet", "Organisasjon, styring og utvikling",
         "Kompetanse og kapasitet", 0.0, "amount not published: 0 NOK in the default"),
    ]  # fmt: skip
    for mid, name, sector, tag, amount, note in initiatives:
        rows.append(
            {
                "id": mid,
                "name": name,
                "sector": sector,
                "kind": "initiative",
                "initiative": tag,
                "start_year": BASE_YEAR,
                "end_year": None,
                "amount_nok": amount,
                "ramp_years": 1,
                "status": "adopted",
                "source": "BK-HP" if amount else "BK-HP+ECON-A",
                "note": note,
            }
        )
    out = pd.DataFrame(rows)
    out["end_year"] = out["end_year"].astype("Int64")
    return out


def _slug(sector: str) -> str:
    return {
        "Barn og unge": "bu",
        "Bistand og omsorg": "bo",
        "Miljø, idrett og kultur": "mik",
        "Organisasjon, styring og utvikling": "osu",
    }[sector]


# --------------------------------------------------------------------------- investments
def _investments(hp: Path) -> pd.DataFrame:
    """The HP 2017–2020 programme: named projects priced from published costs or the unit
    costs of comparable completed projects, and a balancing row up to the published total."""
    refs = pd.read_csv(hp / "investments_planned.csv")

    def ref_cost(prefix: str) -> tuple[float, int]:
        r = refs[refs.project.str.startswith(prefix)].iloc[0]
        done = int(str(r.planned_completion_hp2017_2020)[:4])
        return float(r.cost_mnok) * MNOK, done

    def grown(cost: float, done: int) -> float:
        return cost * (1 + BUILD_COST_GROWTH) ** (BASE_YEAR - done)

    solvik, solvik_done = ref_cost("Solvik")  # 100 rooms
    hovik, hovik_done = ref_cost("Høvik")  # 3 parallels
    jong, jong_done = ref_cost("Jong")  # +1 parallel
    per_place = grown(solvik, solvik_done) / 100
    per_parallel = grown(hovik, hovik_done) / 3
    per_ext_parallel = grown(jong, jong_done)
    kg_place = 0.6 * MNOK  # assumption: no comparable kindergarten in the data
    pupils_primary_parallel = 7 * 25  # assumption: 7 grades x 25 pupils per class
    pupils_lower_sec_parallel = 3 * 25  # assumption: 3 grades x 25 pupils

    b = "Barn og unge"
    o = "Bistand og omsorg"
    m = "Miljø, idrett og kultur"
    s = "Organisasjon, styring og utvikling"
    unit_note = "cost from the unit cost of {ref} grown {g:.0%}/yr to {y} (assumption)"
    projects = [
        # id, name, sector, category, cost, start, done, profile, service, capacity, source, note
        ("bekkestua", "Bekkestua barneskole (ny, 4-parallell)", b, "school", 4 * per_parallel,
         2017, 2019, "0.2;0.5;0.3", "grunnskole", 4 * pupils_primary_parallel, "BK-HP+BK-INV",
         unit_note.format(ref="Høvik skole (3-parallel, 239.5 MNOK)", g=BUILD_COST_GROWTH,
                          y=BASE_YEAR) + "; capacity 7 grades x 25 pupils x 4 (assumption)"),
        ("levre", "Levre barneskole (ny, 4-parallell)", b, "school", 4 * per_parallel,
         2018, 2020, "0.2;0.5;0.3", "grunnskole", 4 * pupils_primary_parallel, "BK-HP+BK-INV",
         unit_note.format(ref="Høvik skole", g=BUILD_COST_GROWTH, y=BASE_YEAR)),
        ("emma-hjorth", "Emma Hjorth barneskole (utvidelse til 3-parallell)", b, "school",
         per_ext_parallel, 2019, 2020, "0.5;0.5", "grunnskole", pupils_primary_parallel,
         "BK-HP+BK-INV", unit_note.format(ref="Jong skole (+1 parallel, 51 MNOK)",
                                          g=BUILD_COST_GROWTH, y=BASE_YEAR)
         + "; assumed +1 parallel"),
        ("ramstad", "Ramstad ungdomsskole (utvidelse til 8-parallell)", b, "school",
         per_ext_parallel, 2017, 2017, "", "grunnskole", 2 * pupils_lower_sec_parallel,
         "BK-HP+BK-INV", "remaining cost in 2017 assumed equal to one extension parallel; "
         "capacity +2 parallels x 3 grades x 25 (assumption)"),
        ("nansenparken", "Nansenparken barnehage (Fornebu, 200 plasser)", b, "kindergarten",
         200 * kg_place, 2017, 2018, "0.4;0.6", "barnehage", 200.0, "BK-HP+ECON-A",
         "200 places (published); cost 0.6 MNOK per place (assumption)"),
        ("ostre-barnehage", "Ny barnehage Østre Bærum", b, "kindergarten", 100 * kg_place,
         2018, 2019, "0.4;0.6", "barnehage", 100.0, "BK-HP+ECON-A",
         "size not published: 100 places and 0.6 MNOK per place (assumption)"),
        ("lindelia", "Lindelia bo- og behandlingssenter (131 plasser)", o, "nursing home",
         131 * per_place, 2017, 2019, "0.2;0.4;0.4", "institusjon", 131.0, "BK-HP+BK-INV",
         unit_note.format(ref="Solvik (100 rooms, 280 MNOK)", g=BUILD_COST_GROWTH, y=BASE_YEAR)),
        ("demenslandsby", "Demenslandsby (Carpe Diem, Dønski; 158 plasser)", o, "nursing home",
         158 * per_place, 2018, 2020, "0.2;0.4;0.4", "institusjon", 158.0, "BK-HP+BK-INV",
         unit_note.format(ref="Solvik", g=BUILD_COST_GROWTH, y=BASE_YEAR)),
        ("rykkinn-bibliotek", "Rykkinn bibliotek (oppgradering)", m, "culture", 20 * MNOK, 2017,
         2017, "", "", None, "BK-HP+ECON-A", "cost not published: 20 MNOK (assumption)"),
        ("elvebredden", "Elvebredden / Elvepromenaden Sandvika (oppgradering)", m,
         "urban development",
         50 * MNOK, 2017, 2017, "", "", None, "BK-HP", "50 MNOK in 2017 (published)"),
        ("digitalt-forstevalg", "Digitalt førstevalg", s, "IT", 450 * MNOK,
         2017, 2020, "", "", None, "BK-HP", "450 MNOK to 2020 (published), spread evenly"),
    ]  # fmt: skip
    rows = []
    for pid, name, sector, cat, cost, start, done, prof, svc, cap, src, note in projects:
        building = cat not in ("IT",)
        grant = 0.0
        if cat == "nursing home":
            grant = 0.4 * cost  # assumption: Husbanken investeringstilskudd about 40 % of cost
            note += "; Husbanken grant 40 % of cost (assumption)"
        rows.append(
            {
                "id": pid,
                "name": name,
                "sector": sector,
                "category": cat,
                "status": "adopted",
                "cost_nok": round(cost, -5),
                "start_year": start,
                "completion_year": done,
                "profile": prof,
                "vat_share": VAT_BUILDINGS if building else 0.2,
                "grant_nok": round(grant, -5),
                "self_financing": False,
                "running_cost_nok": 0.0,
                "fte": 0.0,
                "service": svc,
                "capacity": cap,
                "source": src,
                "note": note
                + ("; running costs are in the services layer's cost per user" if svc else ""),
            }
        )
    named = sum(r["cost_nok"] for r in rows)
    total = 7800 * MNOK
    rest = total - named
    # The press release: lower than the previous HP in 2017, considerably higher in 2018-19.
    profile = "0.20;0.28;0.28;0.24"
    for pid, name, share, selffin in (
        ("ovrige-ikke-rentable", "Øvrige investeringer HP 2017–2020 (ikke spesifisert)",
         0.7, False),
        ("ovrige-selvfinansierende", "Selvfinansierende investeringer (vann, avløp, boliger)",
         0.3, True),
    ):  # fmt: skip
        rows.append(
            {
                "id": pid,
                "name": name,
                "sector": "Organisasjon, styring og utvikling"
                if not selffin
                else "Miljø, idrett og kultur",
                "category": "other",
                "status": "adopted",
                "cost_nok": round(rest * share, -5),
                "start_year": BASE_YEAR,
                "completion_year": BASE_YEAR + 3,
                "profile": profile,
                "vat_share": 0.16 if not selffin else 0.0,
                "grant_nok": 0.0,
                "self_financing": selffin,
                "running_cost_nok": 0.0,
                "fte": 0.0,
                "service": "",
                "capacity": None,
                "source": "BK-HP+ECON-A",
                "note": f"balancing row: published total 7 800 MNOK minus the named projects "
                f"({named / MNOK:.0f} MNOK), share {share:.0%} (assumption); profile "
                f"{profile} (assumption from the press release's wording)",
            }
        )
    return pd.DataFrame(rows)


def _unnamed_investments(hp: Path) -> float:
    """The action programme's investments 2017–2020 not in a named project (NOK)."""
    rows = _investments(hp)
    return float(rows[rows.id.str.startswith("ovrige")].cost_nok.sum())


# --------------------------------------------------------------------------- loans, rules
def _loans(accounts: pd.DataFrame) -> pd.DataFrame:
    debt = float(
        accounts[(accounts.sector == CENTRAL) & (accounts.item == "loan_debt")].amount_nok.iloc[0]
    )
    note = "assumption: terms of the existing debt not published"
    return pd.DataFrame(
        [
            {
                "id": "existing-fixed",
                "name": "Existing loans, fixed rate",
                "balance_nok": round(debt * 0.5, -3),
                "rate_type": "fixed",
                "fixed_rate": 0.025,
                "repayment": "serial",
                "years": 25,
                "self_financing": False,
                "source": "S4+ECON-A",
                "note": note + "; half of the debt fixed at 2.5 %, 25 years serial",
            },
            {
                "id": "existing-floating",
                "name": "Existing loans, floating rate",
                "balance_nok": round(debt * 0.5, -3),
                "rate_type": "floating",
                "fixed_rate": None,
                "repayment": "serial",
                "years": 25,
                "self_financing": False,
                "source": "S4+ECON-A",
                "note": note + "; half of the debt floating, 25 years serial",
            },
        ]
    )


def _rules(hp: Path) -> pd.DataFrame:
    src = pd.read_csv(hp / "financial_rules.csv").set_index("rule_id")
    rows = [
        ("resultatgrad", "net_operating_result_pct", "percent", 1.0),
        ("ek_finansiering", "equity_financing_pct", "percent", 1.0),
        ("bufferfond", "buffer_fund", "NOK", MNOK),
        ("likviditetsreserve", "liquidity_reserve", "NOK", MNOK),
    ]
    out = []
    for rid, indicator, unit, scale in rows:
        r = src.loc[rid]
        out.append(
            {
                "id": rid,
                "name_nb": r.rule_no,
                "name_en": r.rule_en,
                "indicator": indicator,
                "operator": r.operator,
                "threshold": float(r.target) * scale,
                "unit": unit,
                "source": "BK-AR",
            }
        )
    return pd.DataFrame(out)


# --------------------------------------------------------------------------- parameters
def _with_accounts_year(params: dict[str, object]) -> dict[str, object]:
    """Give every parameter an explicit value for the accounts year (the base year's value
    when it has none), so that a scenario changing a parameter from the base year on does
    not also change the accounts year the model is calibrated to."""
    for spec in params.values():
        values = spec["values"]  # type: ignore[index]
        first = min(values)
        if first > LAST_RATE_YEAR:
            values[LAST_RATE_YEAR] = dict(values[first])
            params_sorted = dict(sorted(values.items()))
            values.clear()
            values.update(params_sorted)
    return params


def _p(
    description: str,
    unit: str,
    values: dict[int, tuple[float, str]],
    interpolation: str = "step",
) -> dict[str, object]:
    return {
        "description": description,
        "unit": unit,
        "interpolation": interpolation,
        "values": {y: {"value": float(v), "source": s} for y, (v, s) in values.items()},
    }


def _capacity_parameters() -> dict[str, object]:
    """Unit costs of long-term capacity: from the comparable completed projects, as in the
    investment register (fixed prices of the base year)."""
    a = "ECON-A"
    grow = (1 + BUILD_COST_GROWTH) ** (BASE_YEAR - 2015)
    grow_school = (1 + BUILD_COST_GROWTH) ** (BASE_YEAR - 2013)
    specs = {
        # service: (cost per place, source, how, module, grant share, build years, module how)
        "institusjon": (280e6 / 100 * grow, "BK-INV+ECON-A", "Solvik 280 MNOK / 100 rooms, "
                        "grown 3 %/yr from 2015", 130.0, 0.4, 3,
                        "130 places, the size of Lindelia (131) in HP 2017–2020"),
        "grunnskole": (239.5e6 / (3 * 7 * 25) * grow_school, "BK-INV+ECON-A", "Høvik 239.5 MNOK "
                       "/ 525 pupils (3 parallels x 7 grades x 25), grown 3 %/yr from 2013",
                       700.0, 0.0, 3, "700 pupils, a 4-parallel school as Bekkestua and Levre "
                       "in HP 2017–2020 (larger units)"),
        "barnehage": (0.6e6, a, "0.6 MNOK per place (assumption: no comparable project in the "
                      "data)", 200.0, 0.0, 2, "200 places, the size of Nansenparken in "
                      "HP 2017–2020 (larger units)"),
    }  # fmt: skip
    out: dict[str, object] = {}
    for service, (cost, src, how, module, grant, build, module_how) in specs.items():
        out[f"capacity_cost_{service}"] = _p(
            f"Investment per new {service} place, fixed prices: {how}",
            "NOK",
            {BASE_YEAR: (round(cost, -3), src)},
        )
        out[f"capacity_module_{service}"] = _p(
            f"Places per new {service} project: {module_how}",
            "places",
            {BASE_YEAR: (module, "BK-HP+ECON-A")},
        )
        out[f"capacity_build_years_{service}"] = _p(
            f"Years of spending up to a new {service} project's completion, as the register's "
            "projects of the type (assumption)",
            "years",
            {BASE_YEAR: (float(build), a)},
        )
        out[f"capacity_vat_share_{service}"] = _p(
            "Share of the cost refunded as VAT compensation", "fraction",
            {BASE_YEAR: (VAT_BUILDINGS, a)},
        )  # fmt: skip
        if grant:
            out[f"capacity_grant_share_{service}"] = _p(
                "Share of the cost covered by Husbanken's investment grant (assumption)",
                "fraction",
                {BASE_YEAR: (grant, a)},
            )
    return out


def _restructuring_net_share(shared: Path) -> float:
    """Net saving / restructuring in the latest programme that published both (HP 2016–2019:
    27 / 128 MNOK in 2016)."""
    file = shared / "baerum-hp-2017-2020" / "measures_omstilling_satsinger.csv"
    df = pd.read_csv(file)
    df = df[df.hp_vintage == "HP 2016-2019"]
    both = df[df.type == "omstilling"].merge(
        df[df.type == "netto_innsparing"], on="year", suffixes=("_gross", "_net")
    )
    if both.empty:
        raise ValueError(f"{file}: expected omstilling and netto_innsparing rows for one year")
    row = both.sort_values("year").iloc[-1]
    return round(float(row.value_net) / float(row.value_gross), 4)


WAGE_SHARE = 0.6  # the deflator's wage weight (economy.deflator_wage_share)
WAGE_GROWTH = {BASE_YEAR: 0.027, BASE_YEAR + 3: 0.035}  # assumption (ECON-A)
PRICE_GROWTH = 0.025  # Norges Bank's inflation target then (NB)
LONG_RUN_FROM = 2030  # the year the long-run real rates are reached


def real_wage_growth(wage: float, price: float = PRICE_GROWTH) -> float:
    """Wage growth beyond the municipal deflator: (1 + w) / (1 + deflator) − 1."""
    return (1 + wage) / (1 + WAGE_SHARE * wage + (1 - WAGE_SHARE) * price) - 1


def standard_drift_2016(shared: Path) -> dict[str, float]:
    """Bærum's real growth of net operating expenditure 2015 → 2016 beyond demography (the
    standard drift of that year), TBU-style: the real increase of KOSTRA's net operating
    expenditure (deflated with 0.6 × the assumed wage growth 2.7 % + 0.4 × the CPI 3.6 %
    of 2016) minus the demographic increase — each service's 2016 net cost per resident
    of its target group × the change of that group during 2016 (kindergarten 1–5, school
    6–15, care 80+ or 67+: the two care drivers give the range), the rest of the net
    expenditure × the growth of the total population. All amounts NOK 1000 of 2016."""
    kostra = pd.read_csv(shared / "kostra_baerum_expenditure.csv")
    tot = kostra[
        (kostra.level == "municipality_total") & (kostra.measure == "net_operating_expenditure")
    ]
    net = tot.set_index("year").amount_1000_nok
    kf = pd.read_csv(shared / "baerum-hp-2017-2020" / "key_figures_actual_2015_2016.csv")
    cpi = float(kf[(kf.year == 2016) & (kf.indicator == "kpi")].value.iloc[0]) / 100
    deflator = WAGE_SHARE * WAGE_GROWTH[BASE_YEAR] + (1 - WAGE_SHARE) * cpi
    real_increase = float(net[2016] - net[2015] * (1 + deflator))
    tg = pd.read_csv(shared / "kostra_baerum_net_expenditure_per_target_group_DERIVED.csv")

    def group(service: str, target: str) -> tuple[float, float, float]:
        rows = tg[(tg.service == service) & (tg.target_group == target)].set_index("year")
        cost = float(rows.net_operating_expenditure_1000_nok[2016])
        per = cost / float(rows.target_group_population_31dec[2016])
        change = float(
            rows.target_group_population_31dec[2016] - rows.target_group_population_31dec[2015]
        )
        return cost, per * change, change

    kg, kg_d, _ = group("barnehage", "1-5")
    sc, sc_d, _ = group("grunnskole", "6-15")
    care, care80, _ = group("pleie_og_omsorg", "80+")
    _, care67, _ = group("pleie_og_omsorg", "67+")
    pop = pd.read_csv(shared / "population_baerum_by_age_sex.csv")
    totals = pop.groupby("year").population.sum()
    rest = float(net[2016]) - kg - sc - care
    rest_d = rest * float(totals[2017] / totals[2016] - 1)
    base = float(net[2015]) * (1 + deflator)
    out = {"deflator": deflator, "real_increase": real_increase / base}
    for name, care_d in (("care80", care80), ("care67", care67)):
        demographic = kg_d + sc_d + care_d + rest_d
        out[f"demographic_{name}"] = demographic / base
        out[f"drift_{name}"] = (real_increase - demographic) / base
    out["drift"] = round(0.5 * (out["drift_care80"] + out["drift_care67"]), 4)
    return out


def _parameters(shared: Path) -> dict[str, object]:
    eq = pd.read_csv(shared / "income_equalization_baerum.csv").set_index("year")
    e = eq.loc[LAST_RATE_YEAR]
    rel = float(e.tax_before_pct_of_national_avg) / 100
    # 2016 was lifted by extraordinary dividend payouts; from the base year the plan assumes
    # the average of 2015 and 2016 (assumption).
    rel_avg = float(eq.tax_before_pct_of_national_avg.mean()) / 100
    nat = float(e.national_avg_tax_nok_per_inhabitant)
    # The part of the equalisation not explained by 60 % of the gap: each municipality's
    # per-inhabitant share of financing the additional compensation (derived).
    gap = float(e.tax_before_equalization_nok_per_inhabitant) - nat
    financing = -(float(e.income_equalization_nok_per_inhabitant) + 0.6 * gap)
    e15 = eq.loc[LAST_RATE_YEAR - 1]
    rel15 = float(e15.tax_before_pct_of_national_avg) / 100
    nat15 = float(e15.national_avg_tax_nok_per_inhabitant)
    gap15 = float(e15.tax_before_equalization_nok_per_inhabitant) - nat15
    financing15 = -(float(e15.income_equalization_nok_per_inhabitant) + 0.6 * gap15)
    a = "ECON-A"
    drift = standard_drift_2016(shared)
    long_run = real_wage_growth(WAGE_GROWTH[BASE_YEAR + 3])
    hp = shared / "baerum-hp-2017-2020"
    kfa = pd.read_csv(hp / "key_figures_actual_2015_2016.csv").set_index("indicator").value
    fund = (
        float(kfa["forvaltningsfond_netto_avkastning_belop"])
        / float(kfa["forvaltningsfond_netto_avkastning"])
        * 100
        * MNOK
    )
    rest = _unnamed_investments(hp)
    kostra = pd.read_csv(shared / "kostra_baerum_expenditure.csv")
    tot = kostra[(kostra.year == LAST_RATE_YEAR) & (kostra.level == "municipality_total")]
    gross = tot.set_index("measure").amount_1000_nok * K
    areas = kostra[(kostra.year == LAST_RATE_YEAR) & (kostra.level == "service_area")]
    inside = (
        areas[
            (areas.measure == "gross_operating_expenditure")
            & areas.kostra_code.isin(SECTOR_OF_AREA)
        ].amount_1000_nok.sum()
        * K
    )
    deflator17 = WAGE_SHARE * WAGE_GROWTH[BASE_YEAR] + (1 - WAGE_SHARE) * PRICE_GROWTH
    dep17 = (gross["gross_operating_expenditure"] - inside) * (1 + deflator17)
    pop = pd.read_csv(shared / "population_baerum_by_age_sex.csv")
    pop17 = int(pop[pop.year == BASE_YEAR].population.sum())
    other_pc = (rest - 4 * dep17) / 4 / pop17
    return {
        "wage_growth": _p(
            "Nominal wage growth per year (assumption)",
            "fraction",
            {y: (w, a) for y, w in WAGE_GROWTH.items()},
        ),
        "price_growth": _p(
            "Consumer price growth per year",
            "fraction",
            {BASE_YEAR: (PRICE_GROWTH, "NB")},
        ),
        "real_cost_growth": _p(
            "Real unit-cost growth beyond demography and the deflator (standard drift). "
            "2017–2020: 0, the action programme's new needs are the budget item new_needs; "
            f"2021: {drift['drift']:.2%}, Bærum's 2016 (KOSTRA net operating expenditure "
            f"2015→2016, real {drift['real_increase']:.2%}, minus demography "
            f"{drift['demographic_care67']:.2%}–{drift['demographic_care80']:.2%}; midpoint "
            "of the two care drivers); falling linearly to the long-run rate in "
            f"{LONG_RUN_FROM}: {long_run:.2%}, the real growth of the tax base (standards "
            "follow income in the long run)",
            "fraction",
            {
                BASE_YEAR: (0.0, a),
                BASE_YEAR + 3: (0.0, a),
                BASE_YEAR + 4: (drift["drift"], "S4+S1+BK-AR+ECON-A"),
                LONG_RUN_FROM: (round(long_run, 4), a),
            },
            interpolation="linear",
        ),
        "deflator_wage_share": _p(
            "Weight of wages in the municipal deflator (about 60 %; Bærum's wage share of "
            "expenditure was about 66 % in 2016)",
            "fraction",
            {BASE_YEAR: (0.6, a)},
        ),
        "compensation_rate": _p(
            "Share of the services layer's demographic cost pressure added to the sector "
            "frames (1 = full demographic compensation)",
            "fraction",
            {BASE_YEAR: (1.0, a)},
        ),
        "tax_relative_to_national": _p(
            "Tax on income and wealth per inhabitant relative to the national average (2016 "
            "observed; from the base year the 2015–2016 average: assumption)",
            "ratio",
            {
                LAST_RATE_YEAR - 1: (rel15, "KDD"),
                LAST_RATE_YEAR: (rel, "KDD"),
                BASE_YEAR: (round(rel_avg, 4), "KDD+ECON-A"),
            },
        ),
        "national_tax_per_inhabitant": _p(
            "National average tax on income and wealth per inhabitant, NOK of its year (2015 "
            "for the back-test; the model grows the 2016 level)",
            "NOK",
            {LAST_RATE_YEAR - 1: (nat15, "KDD"), LAST_RATE_YEAR: (nat, "KDD")},
        ),
        "tax_real_growth": _p(
            "Real growth per year of the national tax per inhabitant beyond the municipal "
            "deflator: the tax base follows wages, (1 + wage growth) / (1 + deflator) − 1 "
            "from the wage and price assumptions (no growth of employment per inhabitant; "
            "the 2016 tax boom is not extrapolated)",
            "fraction",
            {y: (round(real_wage_growth(w), 5), a) for y, w in WAGE_GROWTH.items()},
        ),
        "block_grant_real_growth": _p(
            "Real growth per year of the per-inhabitant grant and the national expense need "
            "beyond the deflator and the nation's demography: as the tax base (assumption: "
            "the state keeps the sector's free revenue in step with the economy)",
            "fraction",
            {y: (round(real_wage_growth(w), 5), a) for y, w in WAGE_GROWTH.items()},
        ),
        "income_equalisation_rate": _p(
            "Symmetric income equalisation: share of the gap to the national average",
            "fraction",
            {BASE_YEAR: (0.60, "KDD")},
        ),
        "income_equalisation_extra_rate": _p(
            "Additional compensation below the threshold",
            "fraction",
            {BASE_YEAR: (0.35, "KDD")},
        ),
        "income_equalisation_extra_threshold": _p(
            "Threshold of the additional compensation, share of the national average",
            "fraction",
            {BASE_YEAR: (0.90, "KDD")},
        ),
        "income_equalisation_financing": _p(
            "Per-inhabitant share of financing the additional compensation, NOK of 2016 "
            "(derived: equalisation per inhabitant minus 60 % of the gap)",
            "NOK",
            {
                LAST_RATE_YEAR - 1: (round(financing15, 2), "KDD"),
                LAST_RATE_YEAR: (round(financing, 2), "KDD"),
            },
        ),
        "innbyggertilskudd": _p(
            "Innbyggertilskudd (equal grant per inhabitant), NOK of the base year (assumption; "
            "replace with the state budget's figure)",
            "NOK",
            {BASE_YEAR: (23_000.0, a)},
        ),
        "expense_need_per_inhabitant": _p(
            "National expense need per inhabitant used in utgiftsutjevning, NOK of the base "
            "year (assumption)",
            "NOK",
            {BASE_YEAR: (50_000.0, a)},
        ),
        **{
            f"cost_key_{g}": _p(
                f"Cost-key weight of inhabitants aged {g.replace('age_', '').replace('_', '–')} "
                "(assumption modelled on the structure of the 2017 key)",
                "fraction",
                {BASE_YEAR: (w, a)},
            )
            for g, w in (
                ("age_0", 0.006),
                ("age_1_5", 0.13),
                ("age_6_15", 0.29),
                ("age_16_22", 0.022),
                ("age_23_66", 0.10),
                ("age_67_79", 0.046),
                ("age_80_89", 0.067),
                ("age_90", 0.043),
            )
        },
        "cost_index_other": _p(
            "Bærum's index on the cost key's non-age criteria (assumption: national average)",
            "ratio",
            {BASE_YEAR: (1.0, a)},
        ),
        "national_ageing_follows": _p(
            "How far the nation's age structure is assumed to move like the municipality's "
            "(1 = alike, so the cost index holds; 0 = the nation stays as in the base year); "
            "no national projection is in the data (assumption)",
            "fraction",
            {BASE_YEAR: (1.0, a)},
        ),
        "state_demographic_compensation": _p(
            "Elasticity of the innbyggertilskudd per inhabitant to the nation's expense need "
            "per inhabitant (1 = the state funds the sector's demographic costs; assumption)",
            "fraction",
            {BASE_YEAR: (1.0, a)},
        ),
        "interest_rate_floating": _p(
            "Floating interest rate on loans (assumption in the shape of the forward curve of "
            "early 2017: a slow rise from the low 2016 level, policy rate 0.5 % since March "
            "2016; long run 3.5 % = the 2.5 % inflation target + 1 % real, reached in 2030)",
            "fraction",
            {
                BASE_YEAR: (0.017, a),
                BASE_YEAR + 3: (0.022, a),
                LONG_RUN_FROM: (0.035, a),
            },
            interpolation="linear",
        ),
        "liquidity_return": _p(
            "Return on the liquidity reserve: the floating loan rate less 0.5 percentage "
            "point (deposits earn less than loans cost; assumption)",
            "fraction",
            {
                BASE_YEAR: (0.012, a),
                BASE_YEAR + 3: (0.017, a),
                LONG_RUN_FROM: (0.030, a),
            },
            interpolation="linear",
        ),
        "interest_rate_fixed": _p(
            "Fixed interest rate on the fixed part of new loans (assumption: a term premium "
            "above the floating rate while rates are low, the same long-run 3.5 %)",
            "fraction",
            {BASE_YEAR: (0.023, a), LONG_RUN_FROM: (0.035, a)},
            interpolation="linear",
        ),
        "fixed_share_new_loans": _p(
            "Share of new loans taken at a fixed rate (assumption)",
            "fraction",
            {BASE_YEAR: (0.3, a)},
        ),
        "repayment_years": _p(
            "Repayment period of new loans (the legal minimum repayment: debt / weighted "
            "remaining life of the assets; assumption 30 years)",
            "years",
            {BASE_YEAR: (30.0, a)},
        ),
        "managed_fund_return": _p(
            "Nominal return on the managed fund (assumption; 2016 budget 85 MNOK = 3.7 %, "
            "outcome 5.6 %)",
            "fraction",
            {BASE_YEAR: (0.04, a)},
        ),
        "managed_fund_return_budget": _p(
            "Return of the managed fund the budget counts on (budget basis): 2016 budget "
            f"85 MNOK / the fund {fund / MNOK:.0f} MNOK",
            "fraction",
            {BASE_YEAR: (round(85 * MNOK / fund, 4), "BK-AR")},
        ),
        "budget_result_margin": _p(
            "Revenue the budget holds back against the expected outcome (budget basis): the "
            "2016 gross operating result beat its budget by 361 MNOK of about 9 736 MNOK "
            "revenue (annual report 2016)",
            "fraction",
            {BASE_YEAR: (round(361 / 9736, 4), "BK-AR")},
        ),
        "managed_fund_protection": _p(
            "Share of price growth on the managed fund set aside to keep its real value",
            "fraction",
            {BASE_YEAR: (1.0, a)},
        ),
        "asset_life": _p(
            "Average depreciation period of new investments (assumption)",
            "years",
            {BASE_YEAR: (40.0, a)},
        ),
        "equity_share_target": _p(
            "Financing policy: share of non-profitable investments (net of grants) financed by "
            "own funds (VAT compensation and transfers from operations and the buffer fund)",
            "fraction",
            {BASE_YEAR: (0.5, "BK-AR")},
        ),
        "buffer_fund_floor": _p(
            "The buffer fund is drawn for equity financing only down to this balance",
            "NOK",
            {BASE_YEAR: (100e6, "BK-AR")},
        ),
        "investment_per_inhabitant": _p(
            "Gross investment per inhabitant after the register ends besides capacity and "
            "renewal (roads, IT, culture, water, sewage, housing), fixed prices: the action "
            "programme's unnamed investments 2017–2020 less renewal at the 2016 depreciation, "
            f"per inhabitant of 2017: ({rest / MNOK:.0f} − 4 × {dep17 / MNOK:.0f}) MNOK / 4 / "
            f"{pop17} (assumption)",
            "NOK",
            {BASE_YEAR: (round(other_pc, -1), "BK-HP+S4+ECON-A")},
        ),
        "investment_execution_rate": _p(
            "Share of the investment funds available in a year that is spent (2016: 1 063 of "
            "1 559 MNOK; expected outcome)",
            "fraction",
            {BASE_YEAR: (round(1063 / 1559, 3), "BK-AR")},
        ),
        "investment_carry_over": _p(
            "Investment funds carried into 2017: 2016 available 1 559 − spent 1 063 MNOK "
            "(assumption: all unspent funds are carried over)",
            "NOK",
            {LAST_RATE_YEAR: ((1559 - 1063) * MNOK, "BK-AR+ECON-A")},
        ),
        "renewal_from": _p(
            "First year of renewal investments in the building stock (the register's unnamed "
            "rows hold them in 2017–2020)",
            "year",
            {BASE_YEAR: (BASE_YEAR + 4, a)},
        ),
        "renewal_share": _p(
            "Renewal as a share of the building stock's depreciation (1: the stock keeps its "
            "real value; assumption)",
            "fraction",
            {BASE_YEAR: (1.0, a)},
        ),
        "investment_generic_from": _p(
            "First year of the long-term investment level (after the HP period)",
            "year",
            {BASE_YEAR: (BASE_YEAR + 4, a)},
        ),
        "buffer_fund_cap": _p(
            "The buffer fund's cap: a surplus beyond it goes to the liquidity reserve (free "
            "reserves), not to more equity than the rule's share (assumption, fixed prices "
            "of the base year)",
            "NOK",
            {BASE_YEAR: (500e6, a)},
        ),
        "restructuring_net_share": _p(
            "Share of the restructuring measures that is a net saving; the rest (1 − share) "
            "funds new needs and initiatives (nye behov finansiert av omstilling) and enters the "
            "sector frames as the budget item `new_needs`. Default: the latest published ratio "
            "as of early 2017, HP 2016–2019: net saving 27 of 128 MNOK restructuring in 2016 "
            "(assumption: the same ratio holds for HP 2017–2020 and the long term). Set 1.0 to "
            "treat every krone of restructuring as a net saving",
            "fraction",
            {BASE_YEAR: (_restructuring_net_share(shared), "BK-HP")},
        ),
        "include_proposed": _p(
            "1 = proposed (not yet adopted) measures and investments count; 0 = adopted only",
            "flag",
            {BASE_YEAR: (1.0, a)},
        ),
        "capacity_lag_years": _p(
            "Years from a project's completion to the capacity counting in the services layer",
            "years",
            {BASE_YEAR: (1.0, a)},
        ),
        "capacity_investment_from": _p(
            "First year in which new places are planned where users exceed capacity (after "
            "the HP register)",
            "year",
            {BASE_YEAR: (BASE_YEAR + 4, a)},
        ),
        "capacity_build_years": _p(
            "Years of spending up to a capacity project's completion (assumption)",
            "years",
            {BASE_YEAR: (3.0, a)},
        ),
        **_capacity_parameters(),
        "investment_self_financing_share": _p(
            "Self-financing share of the long-term investment level: the register's 30 % "
            "self-financing share of the unnamed investments, all in the part beside renewal "
            "(assumption)",
            "fraction",
            {BASE_YEAR: (round(0.3 * rest / (rest - 4 * dep17), 3), a)},
        ),
        "investment_vat_share": _p(
            "VAT compensation share of the long-term non-profitable investments (assumption)",
            "fraction",
            {BASE_YEAR: (0.16, a)},
        ),
    }
