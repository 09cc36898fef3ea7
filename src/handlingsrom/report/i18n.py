"""The report's words in bokmål (the default) and English.

Every label the report, the workbook and the console summary show comes from
:data:`TEXTS`; :func:`t` looks one up. A missing key is a bug and raises ``KeyError``
(tested: both languages have the same keys).
"""

from __future__ import annotations

from handlingsrom.report.format import Lang

TEXTS: dict[str, dict[str, str]] = {
    # --- page
    "report_title": {"nb": "Handlingsrom — {municipality}", "en": "Handlingsrom — {municipality}"},
    "subtitle": {
        "nb": "Langsiktig analyse og handlingsprogram {hp_start}–{hp_end}, med utsyn til {end}",
        "en": "Long-term analysis and action programme {hp_start}–{hp_end}, looking ahead to {end}",
    },
    "motto": {"nb": "Tenke langt og handle nå", "en": "Think long, act now"},
    "toc": {"nb": "Innhold", "en": "Contents"},
    "generated": {
        "nb": "Laget med Handlingsrom {version} fra datasettet «{dataset}» ({vintage}).",
        "en": "Made with Handlingsrom {version} from the dataset “{dataset}” ({vintage}).",
    },
    "scenario_files": {"nb": "Scenariofiler", "en": "Scenario files"},
    "baseline_only": {
        "nb": "Grunnlaget uten scenariofiler.",
        "en": "The baseline, with no scenario files.",
    },
    "headline": {"nb": "Hovedtall", "en": "Headline figures"},
    "not_available": {
        "nb": "Ikke beregnet: {what}.",
        "en": "Not computed: {what}.",
    },
    # --- why a stage was not computed (handlingsrom.plan.result.SKIP_REASONS)
    "skip_no_economy_tables": {
        "nb": "datasettet har ingen økonomitabeller (budget.csv og de andre)",
        "en": "the dataset has no economy tables (budget.csv and the others)",
    },
    "skip_no_service_catalogue": {
        "nb": "datasettet har ingen tjenestekatalog (services.csv)",
        "en": "the dataset has no service catalogue (services.csv)",
    },
    "skip_no_population_paths": {
        "nb": "ingen stokastiske befolkningsbaner ble bedt om (--paths 0)",
        "en": "no stochastic population paths were asked for (--paths 0)",
    },
    "skip_no_stress_tests": {
        "nb": 'datasettet definerer ingen stresstester (scenariofiler med kind = "stress")',
        "en": 'the dataset defines no stress tests (scenario files with kind = "stress")',
    },
    "skip_no_risk_paths": {
        "nb": "ingen risikobaner ble bedt om (--risk-paths 0)",
        "en": "no risk paths were asked for (--risk-paths 0)",
    },
    "source_label": {"nb": "Kilde", "en": "Source"},
    "files_note": {
        "nb": "Alle tabeller finnes også i plan.xlsx og som CSV-filer i mappen tables/.",
        "en": "Every table is also in plan.xlsx and as CSV files in the folder tables/.",
    },
    "more_tables": {
        "nb": "Flere tabeller (i plan.xlsx og tables/)",
        "en": "More tables (in plan.xlsx and tables/)",
    },
    "print_hint": {
        "nb": "Skriv ut siden (Ctrl+P) for en PDF.",
        "en": "Print the page (Ctrl+P) for a PDF.",
    },
    # --- sections
    "s_challenge": {"nb": "1. Utfordringsbildet", "en": "1. The challenge"},
    "s_services": {"nb": "2. Tjenester", "en": "2. Services"},
    "s_hp": {
        "nb": "3. Handlingsprogram {hp_start}–{hp_end}",
        "en": "3. Action programme {hp_start}–{hp_end}",
    },
    "s_long": {"nb": "4. Det lange løpet", "en": "4. The long term"},
    "s_act": {"nb": "5. Handle nå eller betale senere", "en": "5. Act now or pay later"},
    "s_stress": {"nb": "6. Stresstester og risiko", "en": "6. Stress tests and risk"},
    "s_sources": {"nb": "7. Forutsetninger og kilder", "en": "7. Assumptions and sources"},
    # --- section 1
    "challenge_intro": {
        "nb": "Befolkningen 1. januar {base} var {pop}. Framskrivingen gir {pop_end} i {end}. "
        "Antall innbyggere 80 år og eldre går fra {old_base} til {old_end}, og det er "
        "{ratio_end} innbyggere i yrkesaktiv alder (20–66 år) per innbygger 80+ i {end} "
        "mot {ratio_base} i {base}.",
        "en": "The population on 1 January {base} was {pop}. The projection gives {pop_end} "
        "in {end}. Residents aged 80 and over go from {old_base} to {old_end}, and there are "
        "{ratio_end} working-age residents (20–66) per resident 80+ in {end} against "
        "{ratio_base} in {base}.",
    },
    "fig_pyramid": {
        "nb": "Befolkningspyramide {years}",
        "en": "Population pyramid {years}",
    },
    "fig_pyramid_caption": {
        "nb": "Personer etter alder og kjønn 1. januar. Kvinner til venstre, menn til høyre.",
        "en": "Persons by age and sex on 1 January. Women on the left, men on the right.",
    },
    "fig_agegroups": {"nb": "Aldersgrupper over tid", "en": "Age groups over time"},
    "fig_agegroups_caption_bands": {
        "nb": "Indeks, {base} = 100. Linjen er hovedframskrivingen; båndet viser 5.–95. "
        "persentil av {n} stokastiske baner.",
        "en": "Index, {base} = 100. The line is the main projection; the band shows the "
        "5th–95th percentile of {n} stochastic paths.",
    },
    "fig_agegroups_caption": {
        "nb": "Indeks, {base} = 100 (hovedframskrivingen; usikkerhetsbånd ikke tilgjengelig).",
        "en": "Index, {base} = 100 (main projection; uncertainty bands not available).",
    },
    "fig_support": {
        "nb": "Innbyggere 20–66 år per innbygger 80 år og eldre",
        "en": "Residents aged 20–66 per resident aged 80+",
    },
    "fig_support_caption": {
        "nb": "Færre i yrkesaktiv alder per eldre: et mål på hvor mange som kan bære omsorgen.",
        "en": "Fewer of working age per elderly resident: a gauge of who can carry the care.",
    },
    "t_agegroups": {"nb": "Befolkning etter aldersgruppe", "en": "Population by age group"},
    "t_population": {
        "nb": "Befolkning etter alder og kjønn",
        "en": "Population by age and sex",
    },
    "t_population_note": {
        "nb": "Kun i plan.xlsx og tables/population.csv (ett år per rad og alder).",
        "en": "Only in plan.xlsx and tables/population.csv (one row per year and age).",
    },
    "t_bands": {"nb": "Usikkerhet i aldersgruppene", "en": "Uncertainty in the age groups"},
    "t_diagnostics": {"nb": "Merknader fra framskrivingen", "en": "Notes from the projection"},
    # --- columns
    "c_year": {"nb": "År", "en": "Year"},
    "c_age": {"nb": "Alder", "en": "Age"},
    "c_sex": {"nb": "Kjønn", "en": "Sex"},
    "c_population": {"nb": "Befolkning", "en": "Population"},
    "c_group": {"nb": "Aldersgruppe", "en": "Age group"},
    "c_p5": {"nb": "5. persentil", "en": "5th percentile"},
    "c_p50": {"nb": "Median", "en": "Median"},
    "c_p95": {"nb": "95. persentil", "en": "95th percentile"},
    "c_total": {"nb": "I alt", "en": "Total"},
    "c_support": {"nb": "20–66 år per 80+", "en": "20–66 per 80+"},
    "c_service": {"nb": "Tjeneste", "en": "Service"},
    "c_sector": {"nb": "Sektor", "en": "Sector"},
    "c_unit": {"nb": "Enhet", "en": "Unit"},
    "c_users": {"nb": "Brukere", "en": "Users"},
    "c_capacity": {"nb": "Kapasitet", "en": "Capacity"},
    "c_gap": {"nb": "Kapasitetsgap", "en": "Capacity gap"},
    "c_gap_year": {"nb": "Gap åpner seg", "en": "Gap opens"},
    "c_fte": {"nb": "Årsverk", "en": "FTE"},
    "c_cost": {"nb": "Netto driftsutgift", "en": "Net operating cost"},
    "c_pressure": {"nb": "Demografikostnad", "en": "Demographic cost pressure"},
    "c_item": {"nb": "Post", "en": "Item"},
    "c_amount": {"nb": "Beløp", "en": "Amount"},
    "c_indicator": {"nb": "Nøkkeltall", "en": "Key figure"},
    "c_value": {"nb": "Verdi", "en": "Value"},
    "c_rule": {"nb": "Handlingsregel", "en": "Financial rule"},
    "c_threshold": {"nb": "Krav", "en": "Threshold"},
    "c_kept": {"nb": "Holdt", "en": "Kept"},
    "c_path": {"nb": "Parameter", "en": "Parameter"},
    "c_description": {"nb": "Beskrivelse", "en": "Description"},
    "c_source": {"nb": "Kilde", "en": "Source"},
    "c_id": {"nb": "Id", "en": "Id"},
    "c_title": {"nb": "Tittel", "en": "Title"},
    "c_publisher": {"nb": "Utgiver", "en": "Publisher"},
    "c_url": {"nb": "Adresse", "en": "Address"},
    "c_licence": {"nb": "Lisens", "en": "Licence"},
    "c_notes": {"nb": "Merknad", "en": "Notes"},
    "c_scenario": {"nb": "Scenario", "en": "Scenario"},
    "c_probability": {"nb": "Sannsynlighet for brudd", "en": "Probability of breaking"},
    "c_savings": {"nb": "Nødvendig omstilling", "en": "Required savings"},
    "c_start": {"nb": "Oppstartsår", "en": "Start year"},
    "c_cost_of_waiting": {"nb": "Kostnad ved å vente", "en": "Cost of waiting"},
    "c_name": {"nb": "Navn", "en": "Name"},
    "c_initiative": {"nb": "Satsing / tiltak", "en": "Initiative / measure"},
    "c_project": {"nb": "Prosjekt", "en": "Project"},
    "c_file": {"nb": "Fil", "en": "File"},
    "c_sha256": {"nb": "SHA-256", "en": "SHA-256"},
    "c_stage": {"nb": "Trinn", "en": "Stage"},
    "c_seconds": {"nb": "Tid", "en": "Time"},
    "female": {"nb": "Kvinner", "en": "Women"},
    "male": {"nb": "Menn", "en": "Men"},
    # --- units (data units, shown in xlsx headers)
    "u_persons": {"nb": "personer", "en": "persons"},
    "u_nok": {"nb": "kr", "en": "NOK"},
    "u_mnok": {"nb": "mill. kr", "en": "NOK million"},
    "u_pct": {"nb": "%", "en": "%"},
    "u_fte": {"nb": "årsverk", "en": "FTE"},
    "u_ratio": {"nb": "forhold", "en": "ratio"},
    "u_years": {"nb": "år", "en": "years"},
    "u_seconds": {"nb": "sekunder", "en": "seconds"},
    "u_index": {"nb": "indeks", "en": "index"},
    # --- section 7
    "sources_intro": {
        "nb": "Datagrunnlag: {vintage}. Hvert tall i datasettet bærer en kilde-id fra "
        "sources.csv; run.json lister alle parametre med verdi og kilde per år.",
        "en": "Data vintage: {vintage}. Every number in the dataset carries a source id from "
        "sources.csv; run.json lists every parameter with its value and source by year.",
    },
    "t_sources": {"nb": "Kilder", "en": "Sources"},
    "t_parameters": {"nb": "Forutsetninger (parametre)", "en": "Assumptions (parameters)"},
    "t_timings": {"nb": "Kjøretid per trinn", "en": "Run time per stage"},
    "t_scenarios": {"nb": "Scenariofiler", "en": "Scenario files"},
    "no_parameters": {
        "nb": "Datasettet har ingen tidsdaterte parametre ennå.",
        "en": "The dataset has no time-dated parameters yet.",
    },
    # --- headline
    "h_population": {"nb": "Innbyggere {year}", "en": "Residents {year}"},
    "h_population_end": {"nb": "Innbyggere {year}", "en": "Residents {year}"},
    "h_old_end": {"nb": "Innbyggere 80+ i {year}", "en": "Residents 80+ in {year}"},
    "h_support_end": {"nb": "20–66 år per 80+ i {year}", "en": "20–66 per 80+ in {year}"},
    "h_ndr": {"nb": "Netto driftsresultat {year}", "en": "Net operating result {year}"},
    "h_debt": {"nb": "Lånegjeld {year}", "en": "Loan debt {year}"},
    "h_savings": {"nb": "Nødvendig omstilling", "en": "Required savings"},
    "h_rules": {"nb": "Handlingsregler holdt {years}", "en": "Financial rules kept {years}"},
}

# Age groups of the challenge picture, as in the TBU's demographic-cost tables.
AGE_GROUP_LABELS: dict[str, dict[str, str]] = {
    "0-5": {"nb": "0–5 år", "en": "0–5"},
    "6-15": {"nb": "6–15 år", "en": "6–15"},
    "16-19": {"nb": "16–19 år", "en": "16–19"},
    "20-66": {"nb": "20–66 år", "en": "20–66"},
    "67-79": {"nb": "67–79 år", "en": "67–79"},
    "80-89": {"nb": "80–89 år", "en": "80–89"},
    "90+": {"nb": "90 år +", "en": "90+"},
}


def t(key: str, lang: Lang = "nb", **kwargs: object) -> str:
    """The text ``key`` in ``lang``, with ``{name}`` fields filled from ``kwargs``."""
    text = TEXTS[key][lang]
    return text.format(**kwargs) if kwargs else text
