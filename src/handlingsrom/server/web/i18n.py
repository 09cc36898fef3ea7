"""The dashboard's words in bokmål (the default) and English."""

from __future__ import annotations

from typing import Literal

Lang = Literal["nb", "en"]
LANGS: tuple[Lang, ...] = ("nb", "en")

PAGES: tuple[tuple[str, str, str], ...] = (
    ("overview", "Oversikt", "Overview"),
    ("population", "Befolkning", "Population"),
    ("services", "Tjenester og kapasitet", "Services and capacity"),
    ("programme", "Handlingsprogram", "Action programme"),
    ("long-term", "Det lange løpet", "The long term"),
    ("act-now", "Handle nå eller betale senere", "Act now or pay later"),
    ("risk", "Stresstester og risiko", "Stress tests and risk"),
    ("assumptions", "Forutsetninger og kilder", "Assumptions and sources"),
    ("history", "Historikk", "History"),
)

TEXT: dict[str, tuple[str, str]] = {
    "app": ("Handlingsrom", "Handlingsrom"),
    "tagline": ("Tenke langt og handle nå", "Think long, act now"),
    "skip": ("Hopp til innholdet", "Skip to content"),
    "login": ("Logg inn", "Sign in"),
    "logout": ("Logg ut", "Sign out"),
    "username": ("Brukernavn", "User name"),
    "password": ("Passord", "Password"),
    "login_failed": ("Feil brukernavn eller passord.", "Wrong user name or password."),
    "login_limited": (
        "For mange mislykkede forsøk. Prøv igjen om litt.",
        "Too many failed attempts. Try again shortly.",
    ),
    "plans": ("Planversjoner", "Plan versions"),
    "plans_intro": (
        "Hver versjon er et datasett, et scenario og et navn. Åpne en versjon for å lese og endre den; endringer lagres som et utkast.",
        "Each version is a dataset, a scenario and a name. Open a version to read and change it; changes are saved as a draft.",
    ),
    "name": ("Navn", "Name"),
    "status": ("Status", "Status"),
    "owner": ("Eier", "Owner"),
    "updated": ("Endret", "Changed"),
    "parent": ("Bygger på", "Based on"),
    "open": ("Åpne", "Open"),
    "draft": ("Utkast", "Draft"),
    "published": ("Publisert", "Published"),
    "adopted": ("Vedtatt", "Adopted"),
    "new_plan": ("Ny planversjon", "New plan version"),
    "new_plan_from": ("Ny versjon basert på", "New version based on"),
    "empty_baseline": (
        "Tomt scenario (datasettets grunnlag)",
        "Empty scenario (the dataset's baseline)",
    ),
    "create": ("Opprett", "Create"),
    "compare": ("Sammenlign", "Compare"),
    "compare_title": ("Sammenlign to versjoner", "Compare two versions"),
    "version_a": ("Versjon A", "Version A"),
    "version_b": ("Versjon B", "Version B"),
    "show": ("Vis", "Show"),
    "difference": ("Forskjell (B − A)", "Difference (B − A)"),
    "lang_switch": ("English", "Norsk"),
    "lang_switch_label": ("Switch to English", "Bytt til norsk"),
    "menu": ("Sider", "Pages"),
    "export": ("Eksporter", "Export"),
    "export_note": (
        "Eksporten gjelder den lagrede versjonen og tar noen sekunder første gang.",
        "Exports are of the saved version and take a few seconds the first time.",
    ),
    "export_unsaved": (
        "Lagre endringene først for å eksportere dem.",
        "Save your changes first to export them.",
    ),
    "report_html": ("Rapport (HTML)", "Report (HTML)"),
    "report_pdf": ("Rapport (PDF)", "Report (PDF)"),
    "workbook": ("Regneark (plan.xlsx)", "Workbook (plan.xlsx)"),
    "unsaved": ("Ulagrede endringer", "Unsaved changes"),
    "unsaved_help": (
        "Tallene på siden viser endringene dine. Lagre dem som et utkast, eller forkast dem.",
        "The figures on the page show your changes. Save them as a draft, or discard them.",
    ),
    "save": ("Lagre utkastet", "Save the draft"),
    "save_new": ("Lagre som nytt utkast", "Save as a new draft"),
    "new_name": ("Navn på det nye utkastet", "Name of the new draft"),
    "discard": ("Forkast", "Discard"),
    "saved": ("Lagret.", "Saved."),
    "conflict": (
        "Noen andre har endret planen siden du åpnet den. Lagre som nytt utkast, eller last siden på nytt.",
        "Someone else changed the plan since you opened it. Save as a new draft, or reload the page.",
    ),
    "read_only": (
        "Du kan lese denne versjonen. Endringer du gjør her, lagres som et nytt utkast.",
        "You can read this version. Changes you make here are saved as a new draft.",
    ),
    "viewer_note": ("Du har lesetilgang.", "You have read access."),
    "computing": ("Beregner …", "Computing …"),
    "updating": ("Oppdaterer …", "Updating …"),
    "problems": ("Endringen kan ikke beregnes:", "The change cannot be computed:"),
    "error": ("Noe gikk galt:", "Something went wrong:"),
    "year": ("År", "Year"),
    "from_year": ("Fra år", "From year"),
    "sector": ("Sektor", "Sector"),
    "kind": ("Type", "Kind"),
    "amount_mnok": ("Beløp (mill. kr per år)", "Amount (NOK million a year)"),
    "amount_help": ("Negativt = innsparing", "Negative = a saving"),
    "start_year": ("Startår", "Start year"),
    "end_year": ("Sluttår", "End year"),
    "ramp_years": ("Innfasing (år)", "Phase-in (years)"),
    "cost_mnok": ("Kostnad (mill. kr)", "Cost (NOK million)"),
    "completion_year": ("Ferdig år", "Completion year"),
    "delay2": ("Utsett 2 år", "Delay 2 years"),
    "remove": ("Fjern", "Remove"),
    "add": ("Legg til", "Add"),
    "add_measure": ("Nytt tiltak", "New measure"),
    "restructuring": ("Omstilling", "Restructuring"),
    "initiative": ("Satsing", "Initiative"),
    "other": ("Annet", "Other"),
    "proposed": ("Foreslått", "Proposed"),
    "changed": ("endret", "changed"),
    "added": ("ny", "new"),
    "kept": ("holdt", "kept"),
    "broken": ("brutt", "broken"),
    "target": ("Mål", "Target"),
    "rule": ("Handlingsregel", "Financial rule"),
    "rules": ("Handlingsreglene", "The financial rules"),
    "measures": ("Tiltak og satsinger", "Measures and initiatives"),
    "investments": ("Investeringer per prosjekt og år", "Investments by project and year"),
    "frames": ("Rammer per sektor", "Frames by sector"),
    "key_figures": ("Nøkkeltall", "Key figures"),
    "levers": ("Juster forutsetningene", "Adjust the assumptions"),
    "levers_help": (
        "Endringene gjelder fra året du velger; grensene er modellens. Figurer og regler oppdateres med en gang.",
        "Changes apply from the year you choose; the bounds are the model's. Charts and rules update at once.",
    ),
    "revenue_levers": ("Eiendomsskatt og gebyrer", "Property tax and fees"),
    "revenue_help": (
        "Økte inntekter i mill. kr per år (faste priser). De føres som lavere netto driftsutgifter i sektoren du velger.",
        "Added revenue in NOK million a year (fixed prices). It enters as lower net operating expenditure of the sector you choose.",
    ),
    "property_tax": ("Eiendomsskatt", "Property tax"),
    "fees": ("Gebyrer og brukerbetalinger", "Fees and user charges"),
    "lever_interest": ("Rente (endring i prosentpoeng)", "Interest (change in percentage points)"),
    "lever_tax_level": (
        "Skattenivå (skatt per innbygger i % av landet)",
        "Tax level (tax per inhabitant, % of the national average)",
    ),
    "lever_tax_real_growth": (
        "Realvekst i skattegrunnlaget (% per år)",
        "Real growth of the tax base (% a year)",
    ),
    "lever_real_cost_growth": (
        "Realvekst i enhetskostnadene (% per år)",
        "Real unit-cost growth (% a year)",
    ),
    "lever_block_grant_real_growth": (
        "Realvekst i rammetilskuddet (% per år)",
        "Real growth of the block grant (% a year)",
    ),
    "baseline_value": ("Grunnlaget", "Baseline"),
    "lever_interest_help": (
        "Flytende rente og rente på nye fastrentelån, lagt til grunnlagets rentebane.",
        "Floating rate and the rate of new fixed-rate loans, added to the baseline path.",
    ),
    "lever_tax_level_help": (
        "Skatt på inntekt og formue per innbygger i prosent av landsgjennomsnittet.",
        "Tax on income and wealth per inhabitant relative to the national average.",
    ),
    "lever_tax_real_growth_help": (
        "Årlig realvekst i skatt per innbygger utover kommunal deflator (skattegrunnlaget følger lønningene).",
        "Real growth per year of the tax base per inhabitant beyond the municipal deflator.",
    ),
    "lever_real_cost_growth_help": (
        "Årlig realvekst i tjenestenes enhetskostnader utover demografi og deflator (nye plikter, høyere standard, lønnsglidning).",
        "Real growth per year of the services' unit costs beyond demography and the deflator.",
    ),
    "lever_block_grant_real_growth_help": (
        "Årlig realvekst i innbyggertilskuddet og utgiftsbehovet utover deflator og landets demografi.",
        "Real growth per year of the per-inhabitant grant and the expense need beyond the deflator and the nation's demography.",
    ),
    "allowed_range": ("Tillatt", "Allowed"),
    "not_editable": (
        "Endret i scenarioet på en måte skjemaet ikke viser; endre det i scenariofilen.",
        "Changed in the scenario in a form this control cannot show; change it in the scenario file.",
    ),
    "savings_start": ("Omstillingen starter", "Savings start"),
    "savings_start_help": (
        "Første år kommunen kan gjennomføre ny omstilling.",
        "The first year the municipality can make new savings.",
    ),
    "hp_period": ("Handlingsprogramperioden", "The action programme period"),
    "lead": ("Hovedbudskap", "The message"),
    "history_title": ("Endringer i denne versjonen", "Changes to this version"),
    "who": ("Hvem", "Who"),
    "when": ("Når", "When"),
    "what": ("Hva", "What"),
    "before": ("Før", "Before"),
    "after": ("Etter", "After"),
    "lineage": ("Versjonen bygger på", "This version is based on"),
    "no_history": ("Ingen endringer ennå.", "No changes yet."),
    "parameters": ("Parametere i kjøringen", "Parameters of the run"),
    "parameters_help": (
        "Hver parameter modellen bruker, med verdi og kilde. Markerte rader er endret i denne versjonen.",
        "Every parameter the model uses, with its value and source. Marked rows are changed by this version.",
    ),
    "parameter": ("Parameter", "Parameter"),
    "unit": ("Enhet", "Unit"),
    "source": ("Kilde", "Source"),
    "sources": ("Kilder", "Sources"),
    "licence": ("Lisens", "Licence"),
    "description": ("Beskrivelse", "Description"),
    "scenario_doc": ("Scenarioet (JSON)", "The scenario (JSON)"),
    "total": ("I alt", "Total"),
    "later": ("Senere", "Later"),
    "service": ("Tjeneste", "Service"),
    "users": ("Brukere", "Users"),
    "capacity": ("Kapasitet", "Capacity"),
    "gap": ("Mangler plasser", "Places missing"),
    "gap_opens": ("Gap åpner", "Gap opens"),
    "fte": ("Årsverk", "FTEs"),
    "women": ("Kvinner", "Women"),
    "men": ("Menn", "Men"),
    "persons": ("Personer", "Persons"),
    "age": ("Alder", "Age"),
    "age_group": ("Aldersgruppe", "Age group"),
    "index": ("Indeks", "Index"),
    "scenario": ("Scenario", "Scenario"),
    "probability": ("Sannsynlighet", "Probability"),
    "delay": ("Utsettelse (år)", "Delay (years)"),
    "none": ("ingen", "none"),
}


def t(key: str, lang: Lang) -> str:
    nb, en = TEXT[key]
    return nb if lang == "nb" else en


def page_title(page: str, lang: Lang) -> str:
    for pid, nb, en in PAGES:
        if pid == page:
            return nb if lang == "nb" else en
    return t(page, lang)


# Key figures the dashboard names (the rest keep their id).
INDICATORS: dict[str, tuple[str, str]] = {
    "net_operating_result_pct": (
        "Netto driftsresultat i % av inntektene",
        "Net operating result, % of revenue",
    ),
    "net_operating_result": ("Netto driftsresultat", "Net operating result"),
    "loan_debt_pct": ("Lånegjeld i % av inntektene", "Loan debt, % of revenue"),
    "loan_debt": ("Lånegjeld", "Loan debt"),
    "buffer_fund": ("Bufferfond", "Buffer fund"),
    "liquidity_reserve": ("Likviditetsreserve", "Liquidity reserve"),
    "equity_financing_pct": ("Egenkapitalfinansiering i %", "Equity financing, %"),
    "operating_revenue": ("Driftsinntekter", "Operating revenue"),
    "net_operating_expenditure": ("Netto driftsutgifter", "Net operating expenditure"),
    "operating_frame": ("Driftsramme", "Operating frame"),
    "free_revenue": ("Frie inntekter", "Free revenue"),
    "tax_income_wealth": ("Skatt på inntekt og formue", "Tax on income and wealth"),
    "block_grant": ("Rammetilskudd", "Block grant"),
    "specific_revenue": (
        "Gebyrer, refusjoner og øremerkede tilskudd",
        "Fees, refunds and earmarked grants",
    ),
    "interest_expenses": ("Renteutgifter", "Interest expenses"),
    "repayments": ("Avdrag", "Repayments"),
    "investment_expenditure": ("Brutto investeringer", "Gross investment"),
    "restructuring": ("Omstilling", "Restructuring"),
    "population": ("Innbyggere", "Residents"),
    "managed_fund": ("Forvaltningsfond", "Managed fund"),
}

BUDGET_ITEMS: dict[str, tuple[str, str]] = {
    "base_frame": ("Grunnramme", "Base frame"),
    "demographic_compensation": ("Demografikompensasjon", "Demographic compensation"),
    "service_changes": ("Endringer i tjenestene", "Service changes"),
    "restructuring": ("Omstilling", "Restructuring"),
    "new_needs": ("Nye behov", "New needs"),
    "initiatives": ("Satsinger og andre tiltak", "Initiatives and other measures"),
    "investment_operating_costs": (
        "Driftskonsekvenser av investeringer",
        "Operating costs of investments",
    ),
    "extra_savings": ("Ekstra innsparing", "Extra savings"),
    "net_operating_expenditure": ("Netto driftsutgifter", "Net operating expenditure"),
}

AGE_GROUP_NAMES = {
    "0-5": "0–5",
    "6-15": "6–15",
    "16-19": "16–19",
    "20-66": "20–66",
    "67-79": "67–79",
    "80-89": "80–89",
    "90+": "90+",
}


def indicator_name(indicator: str, lang: Lang) -> str:
    names = INDICATORS.get(indicator)
    return indicator if names is None else names[0 if lang == "nb" else 1]
