"""The report's words in bokmål (the default) and English: one catalogue, no inline language.

Every label the report, the workbook and the console summary show comes from
:data:`TEXTS`; :func:`t` looks one up. A missing key is a bug and raises ``KeyError``
(tested: both languages have the same keys, and every key the code asks for exists).
Names the dataset gives (sectors, rules, measures, projects) come from the dataset.
"""

from __future__ import annotations

from handlingsrom.report.format import Lang


def _pairs(**entries: tuple[str, str]) -> dict[str, dict[str, str]]:
    return {k: {"nb": nb, "en": en} for k, (nb, en) in entries.items()}


PAGE = _pairs(
    report_title=("Handlingsrom — {municipality}", "Handlingsrom — {municipality}"),
    subtitle=(
        "Handlingsprogram {hp_start}–{hp_end} og langsiktig analyse til {end}",
        "Action programme {hp_start}–{hp_end} and long-term analysis to {end}",
    ),
    motto=("Tenke langt og handle nå", "Think long, act now"),
    toc=("Innhold", "Contents"),
    generated=(
        "Laget med Handlingsrom {version} fra datasettet «{dataset}» ({vintage}).",
        "Made with Handlingsrom {version} from the dataset “{dataset}” ({vintage}).",
    ),
    scenario_files=("Scenariofiler", "Scenario files"),
    baseline_only=(
        "Rapporten viser grunnlaget uten scenariofiler.",
        "The report shows the baseline, with no scenario files.",
    ),
    headline=("Hovedtall", "Headline figures"),
    not_available=("Ikke beregnet: {what}.", "Not computed: {what}."),
    print_hint=("Skriv ut siden (Ctrl+P) for en PDF.", "Print the page (Ctrl+P) for a PDF."),
    more_tables=(
        "Flere tabeller (i plan.xlsx og tables/)",
        "More tables (in plan.xlsx and tables/)",
    ),
    table_files=(
        "Også i plan.xlsx, arket «{sheet}», og i tables/{id}.csv.",
        "Also in plan.xlsx, sheet “{sheet}”, and in tables/{id}.csv.",
    ),
    untranslated=(
        "Navn i kursiv finnes bare på bokmål i datasettet.",
        "Names in italics are given only in Norwegian by the dataset (it has no English "
        "name for them).",
    ),
    appendix_title=("Vedlegg {letter}: {title}", "Appendix {letter}: {title}"),
    files_note=(
        "Alle tabeller finnes også i plan.xlsx (beløp i mill. kr) og som CSV-filer i mappen "
        "tables/ (beløp i kroner); run.json beskriver kjøringen.",
        "Every table is also in plan.xlsx (amounts in NOK million) and as CSV files in the "
        "folder tables/ (amounts in NOK); run.json describes the run.",
    ),
    xl_contents=("Innhold", "Contents"),
    xl_sheet=("Ark", "Sheet"),
    xl_table=("Tabell", "Table"),
    xl_csv=("CSV-fil (kroner)", "CSV file (NOK)"),
    xl_basis=("Prisgrunnlag", "Price basis"),
    xl_note=("Merknad", "Note"),
    kept_mark=("holdt", "kept"),
    broken_mark=("brutt", "broken"),
    assumed_mark=("forutsetning", "assumption"),
    none=("ingen", "none"),
)

SKIP = _pairs(
    skip_no_economy_tables=(
        "datasettet har ingen økonomitabeller (budget.csv og de andre)",
        "the dataset has no economy tables (budget.csv and the others)",
    ),
    skip_no_service_catalogue=(
        "datasettet har ingen tjenestekatalog (services.csv)",
        "the dataset has no service catalogue (services.csv)",
    ),
    skip_no_population_paths=(
        "ingen stokastiske befolkningsbaner ble bedt om (--paths 0)",
        "no stochastic population paths were asked for (--paths 0)",
    ),
    skip_no_stress_tests=(
        'datasettet definerer ingen stresstester (scenariofiler med kind = "stress")',
        'the dataset defines no stress tests (scenario files with kind = "stress")',
    ),
    skip_no_risk_paths=(
        "ingen risikobaner ble bedt om (--risk-paths 0)",
        "no risk paths were asked for (--risk-paths 0)",
    ),
)

CHAPTERS = _pairs(
    ch_summary=("Konklusjon", "Conclusion"),
    ch_programme=("Handlingsprogram {start}–{end}", "Action programme {start}–{end}"),
    ch_sectors=("Sektorene", "The sectors"),
    ch_investments=("Investeringer og finansiering", "Investments and financing"),
    ch_long=("Det lange løpet", "The long term"),
    ch_act=("Handle nå eller betale senere", "Act now or pay later"),
    ch_stress=("Stresstester og risiko", "Stress tests and risk"),
    ch_population=("Utfordringsbildet: befolkningen", "The challenge: the population"),
    ch_services=("Tjenester, kapasitet og bemanning", "Services, capacity and staff"),
    ch_assumptions=("Viktige forutsetninger", "Key assumptions"),
    ch_appendix_parameters=("Alle parametre", "Every parameter"),
    ch_appendix_sources=("Kilder", "Sources"),
    h3_rules=("Handlingsreglene", "The financial rules"),
    h3_published=("Publiserte hovedtall og modellen", "Published headline figures and the model"),
    h3_waiting=("Kostnaden ved å vente", "The cost of waiting"),
    h3_risk=("Sannsynligheten for å bryte reglene", "The probability of breaking the rules"),
    h3_reading=("Slik leses tallene", "How to read the figures"),
)

SUMMARY = _pairs(
    sum_hp_kept=(
        "Alle {n} handlingsreglene holdes i handlingsprogramperioden {years}; netto "
        "driftsresultat ligger på {lo}–{hi} av driftsinntektene.",
        "All {n} financial rules are kept in the action programme {years}; the net operating "
        "result is {lo}–{hi} of operating revenue.",
    ),
    sum_hp_broken=(
        "{k} av {n} handlingsregler brytes i handlingsprogramperioden {years}: {names}.",
        "{k} of {n} financial rules are broken in the action programme {years}: {names}.",
    ),
    sum_long_kept=(
        "Uten nye tiltak holdes alle reglene hvert år til {end}.",
        "Without new measures every rule is kept every year to {end}.",
    ),
    sum_long_broken=(
        "Uten nye tiltak brytes regelen «{rule}» fra {year}, og i {end} er {k} av {n} regler "
        "brutt.",
        "Without new measures the rule “{rule}” breaks from {year}, and in {end} {k} of {n} "
        "rules are broken.",
    ),
    sum_savings=(
        "For å holde reglene trengs varige innsparinger utover de vedtatte tiltakene fra "
        "{first}, {level} per år i {end} ({share} av driftsutgiftene).",
        "Keeping the rules takes lasting savings beyond the adopted measures from {first}: "
        "{level} a year by {end} ({share} of operating expenditure).",
    ),
    sum_savings_none=(
        "Reglene holdes uten innsparinger utover de vedtatte tiltakene til {end}.",
        "The rules are kept without savings beyond the adopted measures to {end}.",
    ),
    sum_infeasible=(
        "Med grensen for hvor raskt innsparingene kan øke, holdes likevel ikke alle regler "
        "hvert år.",
        "Within the limit on how fast savings can grow, not every rule is kept every year.",
    ),
    h_savings_infeasible=(
        "{amount}, men reglene kan ikke holdes innenfor tempogrensen (fra {year})",
        "{amount}, but the rules cannot be kept within the pace limit (from {year})",
    ),
    sum_wait_more=(
        "Venter kommunen {d} år med å starte, øker den samlede kostnaden fra {a} til {z}.",
        "If the municipality waits {d} years to start, the total cost rises from {a} to {z}.",
    ),
    sum_wait_less=(
        "Å vente {d} år gir en lavere samlet innsparing ({z} mot {a}), men da brytes reglene "
        "i ventetiden (kapittel 5).",
        "Waiting {d} years gives lower total savings ({z} against {a}), but the rules are "
        "broken while waiting (chapter 5).",
    ),
    sum_wait_same=(
        "Fordi behovet først kommer i {first}, endrer det ikke den samlede kostnaden ({a}) å "
        "vente inntil {d} år med å starte.",
        "Since the need comes only in {first}, waiting up to {d} years to start does not change "
        "the total cost ({a}).",
    ),
    summary_reading=(
        "Alle beløp er i faste {base}-priser. «Uten nye tiltak» betyr med de vedtatte "
        "omstillingstiltakene og investeringene i handlingsprogrammet {base}–{hp_end}, men "
        "ingen nye innsparinger etterpå.",
        "All amounts are in fixed {base} prices. “Without new measures” means with the adopted "
        "restructuring measures and investments of the action programme {base}–{hp_end}, but "
        "no new savings after it.",
    ),
    tile_target=("Krav {req}", "Requirement {req}"),
    tile_later=("{year}: {value} {mark}", "{year}: {value} {mark}"),
    tile_first_break=(
        "Første regelbrudd uten nye tiltak",
        "First rule broken without new measures",
    ),
    tile_no_break=("ingen til {end}", "none to {end}"),
    tile_savings=("Nødvendig ny innsparing i {end}", "New savings needed by {end}"),
    tile_savings_note=("per år, utover vedtatt omstilling", "a year, beyond adopted restructuring"),
    tile_adopted=("Vedtatt omstilling {year}", "Adopted restructuring {year}"),
    tile_adopted_note=("per år, innarbeidet i rammene", "a year, in the frames"),
    tile_risk=("Risiko for regelbrudd {year}", "Risk of breaking a rule {year}"),
    tile_risk_note=("95 % usikkerhet {lo}–{hi}; {n} baner", "95 % interval {lo}–{hi}; {n} paths"),
    story_without=("Uten nye tiltak", "Without new measures"),
    story_with=("Med nødvendig innsparing", "With the required savings"),
    story_break=("Under kravet fra {year}", "Below the requirement from {year}"),
    story_alt_break=(
        "{rule}: {v_hp} i {hp_end}; uten nye tiltak er kravet ({req}) brutt fra {year}, og "
        "verdien er {v_end} i {end}.",
        "{rule}: {v_hp} in {hp_end}; without new measures the requirement ({req}) is broken "
        "from {year}, and the value is {v_end} in {end}.",
    ),
    story_alt_kept=(
        "{rule}: {v_hp} i {hp_end} og {v_end} i {end}; kravet ({req}) holdes hele perioden.",
        "{rule}: {v_hp} in {hp_end} and {v_end} in {end}; the requirement ({req}) is kept "
        "throughout.",
    ),
    story_alt_with=(
        "Med den nødvendige innsparingen holdes kravet.",
        "With the required savings the requirement is kept.",
    ),
    fig_story=("{rule}: med og uten nye tiltak", "{rule}: with and without new measures"),
    fig_story_caption=(
        "Stiplet rød linje: handlingsregelens krav. Skyggelagt: handlingsprogramperioden. "
        "Beløp og andeler fra modellen, {basis}.",
        "Dashed red line: the rule's requirement. Shaded: the action programme. Amounts and "
        "shares from the model, {basis}.",
    ),
    ref_rule=("Krav {req}", "Requirement {req}"),
    shade_hp=("HP", "AP"),
    h_population=("Innbyggere {year}", "Residents {year}"),
    h_old_end=("Innbyggere 80+ i {year}", "Residents 80+ in {year}"),
    h_ndr=("Netto driftsresultat {year}", "Net operating result {year}"),
    h_rules=("Handlingsregler holdt {years}", "Financial rules kept {years}"),
    h_first_break=("Første regelbrudd uten nye tiltak", "First rule broken without new measures"),
    h_savings=("Nødvendig ny innsparing {year}", "New savings needed {year}"),
    h_risk=("Risiko for regelbrudd {year}", "Risk of breaking a rule {year}"),
    risk_text=("{p} (95 %: {lo}–{hi})", "{p} (95 %: {lo}–{hi})"),
)

PROGRAMME = _pairs(
    hp_summary=(
        "Driftsrammen er {frame} i {base} ({basis}). Programmet har omstillingstiltak på {r0} "
        "i {base}, økende til {r1} i {r_year}, og investeringer på {invest} i {base}–{hp_end}. "
        "Netto driftsresultat er {ndr0} av driftsinntektene i {base} og {ndr1} i {hp_end}; "
        "lånegjelden går fra {debt0} til {debt1} ({debt_pct} av driftsinntektene).",
        "The operating frame is {frame} in {base} ({basis}). The programme has restructuring "
        "measures of {r0} in {base}, rising to {r1} in {r_year}, and investments of {invest} "
        "in {base}–{hp_end}. The net operating result is {ndr0} of operating revenue in {base} "
        "and {ndr1} in {hp_end}; loan debt goes from {debt0} to {debt1} ({debt_pct} of "
        "operating revenue).",
    ),
    hp_starting_point=(
        "Modellen bygger budsjettet fra regnskapet for {acc} og de publiserte hovedtallene; "
        "programmets detaljerte tabeller er ikke brukt. Tallene er modellens, ikke det vedtatte "
        "budsjettets.",
        "The model builds the budget from the accounts of {acc} and the published headline "
        "figures; the programme's detailed tables are not used. The figures are the model's, "
        "not the adopted budget's.",
    ),
    hp_rules_intro=(
        "Hver regel med kravet, verdien hvert år (grønn: holdt, rød: brutt) og marginen i "
        "siste år: hvor langt verdien er fra kravet, i regelens enhet.",
        "Each rule with its requirement, its value each year (green: kept, red: broken) and "
        "the margin in the last year: how far the value is from the requirement, in the rule's "
        "unit.",
    ),
    no_published=(
        "Datasettet har ingen publiserte hovedtall (published.csv) å sammenligne med.",
        "The dataset has no published headline figures (published.csv) to compare with.",
    ),
    published_intro=(
        "Kommunens publiserte hovedtall ved siden av modellens. Avvik skyldes at modellen "
        "bygger fra regnskapet og forutsetninger, og at publiserte tall ofte er avrundet.",
        "The municipality's published headline figures beside the model's. Differences come "
        "from building on the accounts and assumptions, and published figures are often "
        "rounded.",
    ),
    t_hp_key_figures=("Økonomiske hovedtall", "Main economic figures"),
    t_hp_revenue=("Inntekter", "Revenue"),
    t_hp_rules=(
        "Handlingsreglene: verdier, krav og margin",
        "The rules: values, requirements and margins",
    ),
    t_hp_published=("Publisert og modell", "Published and model"),
    sheet_hp_key_figures=("HP hovedtall", "AP main figures"),
    sheet_hp_revenue=("HP inntekter", "AP revenue"),
    sheet_hp_rules=("HP handlingsregler", "AP financial rules"),
    sheet_hp_published=("HP publisert og modell", "AP published and model"),
    note_money=(
        "Beløp i mill. kr, {basis}; andeler i prosent.",
        "Amounts in NOK million, {basis}; shares in percent.",
    ),
    note_rules=(
        "Prosentregler i prosent, beløpsregler i mill. kr ({basis}). Margin: verdi minus krav.",
        "Percent rules in percent, amount rules in NOK million ({basis}). Margin: value minus "
        "requirement.",
    ),
    note_published=(
        "Mill. kr. Modellen i {basis}; publiserte tall i løpende priser. «Omtrent»: kilden sier "
        "«om lag» eller runder av.",
        "NOK million. The model in {basis}; published figures in current prices. "
        "“Approximate”: the source says “about” or rounds.",
    ),
)

SECTORS = _pairs(
    sectors_intro=(
        "Hver sektor med rammen {base}–{hp_end} og hvordan den er bygd opp, sektorens tiltak "
        "og satsinger, og tjenestene med brukere og årsverk.",
        "Each sector with its frame {base}–{hp_end} and how it is built, its measures and "
        "initiatives, and its services with users and staff.",
    ),
    sector_frame=(
        "Netto driftsramme {a} i {base} og {b} i {hp_end} ({change}; {basis}).",
        "Net operating frame {a} in {base} and {b} in {hp_end} ({change}; {basis}).",
    ),
    sector_services=(
        "Tjenester: {names}. Årsverk: {fte0} i dag, {fte1} i {hp_end}.",
        "Services: {names}. Staff: {fte0} FTEs today, {fte1} in {hp_end}.",
    ),
    t_sector_frame=("{sector}: rammen", "{sector}: the frame"),
    t_sector_measures=("{sector}: tiltak og satsinger", "{sector}: measures and initiatives"),
    t_sector_services=("{sector}: tjenester og årsverk", "{sector}: services and staff"),
    sheet_sector_frame=("S{k} ramme", "S{k} frame"),
    sheet_sector_measures=("S{k} tiltak", "S{k} measures"),
    sheet_sector_services=("S{k} tjenester", "S{k} services"),
    note_frame=(
        "Mill. kr, {basis}. Hver linje er en endring i netto driftsutgift (minus = innsparing); "
        "siste linje er rammen.",
        "NOK million, {basis}. Each line is a change in net expenditure (minus = saving); the "
        "last line is the frame.",
    ),
    note_measures=(
        "Årlig virkning på netto driftsutgift i mill. kr, {basis} (minus = innsparing), fra "
        "oppstartsåret. «Forutsetning»: beløpet eller fordelingen er ikke publisert (se "
        "merknaden i measures.csv).",
        "Annual effect on net expenditure in NOK million, {basis} (minus = saving), from the "
        "start year. “Assumption”: the amount or its split is not published (see the note in "
        "measures.csv).",
    ),
    note_sector_services=(
        "Brukere som årsgjennomsnitt. Tjenester for alle innbyggere i en aldersgruppe viser "
        "målgruppen, ikke brukere. Kostnad i mill. kr, {basis}.",
        "Users as the yearly mean. Services for every resident of an age group show the target "
        "group, not users. Cost in NOK million, {basis}.",
    ),
    hp_bases=(
        "Tallene er forventet utfall: det modellen venter skal skje. Budsjettgrunnlaget — det "
        "handlingsprogrammet ville vist, med forsiktig budsjetterte inntekter og avkastning og "
        "hele investeringsplanen brukt — gir netto driftsresultat {b0} i {base} og {b1} i "
        "{hp_end}.",
        "The figures are the expected outcome: what the model expects to happen. The budget "
        "basis — what the action programme would show, with revenue and returns budgeted "
        "prudently and the whole investment plan spent — gives a net operating result of {b0} "
        "in {base} and {b1} in {hp_end}.",
    ),
    item_base_frame=("Videreført ramme", "Base frame"),
    item_demographic_compensation=("Demografikompensasjon", "Demographic compensation"),
    item_service_changes=("Endringer i tjenestene", "Service changes"),
    item_standard_growth=(
        "Standardvekst (realvekst i enhetskostnader)",
        "Standard growth (real unit costs)",
    ),
    item_restructuring=("Omstillingstiltak", "Restructuring measures"),
    item_new_needs=("Nye behov dekket av omstilling", "New needs funded by restructuring"),
    item_initiatives=("Satsinger og andre tiltak", "Initiatives and other measures"),
    item_investment_operating_costs=(
        "Driftskonsekvenser av investeringer",
        "Operating costs of investments",
    ),
    item_extra_savings=("Ny innsparing (modellen)", "New savings (the model)"),
    item_net_operating_expenditure=("Netto driftsramme", "Net operating frame"),
    measure_restructuring=("Omstilling", "Restructuring"),
    measure_initiative=("Satsing", "Initiative"),
    measure_other=("Annet tiltak", "Other measure"),
    status_adopted=("Vedtatt", "Adopted"),
    status_proposed=("Foreslått", "Proposed"),
    basis_published=("Publisert", "Published"),
    basis_assumed=("Forutsetning", "Assumption"),
    basis_unknown_amount=("Beløp ikke publisert", "Amount not published"),
    basis_fixed=("faste {year}-priser", "fixed {year} prices"),
    basis_current=("løpende priser", "current prices"),
)

INVESTMENTS = _pairs(
    inv_text=(
        "Investeringene i {base}–{hp_end} er {total} i modellen ({basis}). Av dette er {register} "
        "{n} prosjekter og poster i investeringsplanen; {assumed} ({share}) av planens beløp "
        "hviler på forutsetninger fordi beløpet eller fordelingen ikke er publisert.{other}",
        "Investments in {base}–{hp_end} are {total} in the model ({basis}). Of this, {register} "
        "are {n} projects and lines of the investment plan; {assumed} ({share}) of the plan's "
        "amount rests on assumptions because the amount or its split is not published.{other}",
    ),
    inv_other=(
        " Resten, {other}, er modellens generelle investeringsnivå og utbygging av kapasitet.",
        " The rest, {other}, is the model's general investment level and capacity building.",
    ),
    no_investments=(
        "Datasettet har ingen investeringsplan.",
        "The dataset has no investment plan.",
    ),
    t_investments=(
        "Investeringer per prosjekt og år, {base}–{hp_end}",
        "Investments by project and year, {base}–{hp_end}",
    ),
    t_inv_financing=("Investeringer og finansiering per år", "Investments and financing by year"),
    sheet_investments=("Investeringer", "Investments"),
    sheet_inv_financing=("Finansiering", "Financing"),
    note_investments=(
        "Mill. kr, {basis}. Publiserte prosjekter først; «Forutsetning»: kostnaden er beregnet "
        "eller fordelt av modellens forfattere (se merknaden i investments.csv). Kapasitet i "
        "plasser.",
        "NOK million, {basis}. Published projects first; “Assumption”: the cost was derived or "
        "split by the model's authors (see the note in investments.csv). Capacity in places.",
    ),
    note_inv_financing=(
        "Mill. kr, {basis}. Investeringene finansieres av nye lån, egenkapital (overført fra "
        "drift og fond), momskompensasjon og tilskudd.",
        "NOK million, {basis}. Investments are financed by new loans, equity (transferred from "
        "operations and funds), VAT compensation and grants.",
    ),
    fig_inv=("Investeringer per år etter finansiering", "Investments by year and financing"),
    fig_inv_alt=(
        "Investeringene er høyest i {year} ({peak}) og i snitt {mean} per år etter {after}; "
        "nye lån finansierer {loans} av investeringene {after}–{end}.",
        "Investments peak in {year} ({peak}) and average {mean} a year after {after}; new loans "
        "finance {loans} of the investments {after}–{end}.",
    ),
    fig_inv_caption=(
        "Mill. kr, {basis}. Etter handlingsprogrammet: modellens investeringer per innbygger og "
        "utbygging av kapasitet når brukerne overstiger plassene.",
        "NOK million, {basis}. After the action programme: the model's investment per resident "
        "and new capacity when users exceed places.",
    ),
)

LONG = _pairs(
    long_text=(
        "Uten nye tiltak er netto driftsresultat {ndr20} av driftsinntektene i {y20} og "
        "{ndr_end} i {end}; lånegjelden er {debt20} av driftsinntektene i {y20} og {debt_end} "
        "i {end}.",
        "Without new measures the net operating result is {ndr20} of operating revenue in "
        "{y20} and {ndr_end} in {end}; loan debt is {debt20} of revenue in {y20} and {debt_end} "
        "in {end}.",
    ),
    long_all_kept=("Alle regler holdes til {end}.", "Every rule is kept to {end}."),
    long_first_break=(
        "Første brudd kommer i {year} ({rules}); i {end} er disse reglene brutt: {broken}.",
        "The first break comes in {year} ({rules}); in {end} these rules are broken: {broken}.",
    ),
    drivers_text=(
        "Hva som flytter resultatet: fra {base} til {year} øker driftsinntektene med {rev}, "
        "driftsutgiftene med {exp} og netto finansutgifter med {fin}.",
        "What moves the result: from {base} to {year} operating revenue grows by {rev}, "
        "operating expenditure by {exp} and net financial expenses by {fin}.",
    ),
    jump_text=(
        "Kurven hopper opp i {year} ({pp} prosentpoeng fra året før): avdragene endres med "
        "{repayments} (lån som er nedbetalt), rentene med {interest_expenses}, "
        "driftsinntektene med {operating_revenue} og driftsutgiftene med "
        "{operating_expenditure}.",
        "The curve jumps up in {year} ({pp} percentage points from the year before): "
        "repayments change by {repayments} (loans paid off), interest by "
        "{interest_expenses}, operating revenue by {operating_revenue} and operating "
        "expenditure by {operating_expenditure}.",
    ),
    t_long_key_figures=("Nøkkeltall på lang sikt", "Long-term key figures"),
    t_long_rules=("Handlingsreglene på lang sikt", "The rules in the long term"),
    t_long_drivers=("Endring fra {base}", "Change from {base}"),
    t_kf_all=("Alle nøkkeltall per år", "Every key figure by year"),
    t_rules_all=("Handlingsreglene per år", "The rules by year"),
    sheet_long_key_figures=("Lang sikt nøkkeltall", "Long-term key figures"),
    sheet_long_rules=("Lang sikt regler", "Long-term rules"),
    sheet_long_drivers=("Lang sikt endring", "Long-term change"),
    sheet_kf_all=("Nøkkeltall per år", "Key figures by year"),
    sheet_rules_all=("Regler per år", "Rules by year"),
    note_drivers=(
        "Endring fra {base} i mill. kr, {basis}. Resultatet faller når utgifter og "
        "finansutgifter vokser mer enn inntektene.",
        "Change from {base} in NOK million, {basis}. The result falls when expenditure and "
        "financial expenses grow faster than revenue.",
    ),
    note_kf_all=(
        "Beløp i mill. kr i arbeidsboken og i kroner i CSV-filen ({basis}); andeler i prosent. "
        "«Enhet i data» er enheten i CSV-filen.",
        "Amounts in NOK million in the workbook and in NOK in the CSV file ({basis}); shares in "
        "percent. “Unit in the data” is the CSV file's unit.",
    ),
    note_rules_all=(
        "Verdi, krav og margin i regelens enhet (prosent, eller mill. kr i {basis}).",
        "Value, requirement and margin in the rule's unit (percent, or NOK million in {basis}).",
    ),
    fig_ndr_alt=(
        "Netto driftsresultat går fra {a} i {base} til {z} i {end}; lavest {lo} i {year}.",
        "The net operating result goes from {a} in {base} to {z} in {end}; lowest {lo} in {year}.",
    ),
    fig_ndr_caption=(
        "Prosent av driftsinntektene, uten nye tiltak. Stiplet rød linje: kravet.",
        "Percent of operating revenue, without new measures. Dashed red line: the requirement.",
    ),
    band_note=(
        " Båndet: 5–95 % av {n} stokastiske baner (befolkning, rente, skattenivå).",
        " Band: 5–95 % of {n} stochastic paths (population, interest, tax level).",
    ),
    fig_balance=("Lånegjeld og fond", "Loan debt and funds"),
    fig_balance_caption=(
        "Hver figur har sin egen skala. Lånegjeld i prosent av driftsinntektene; fond i mill. "
        "kr, {basis}, ved årets slutt.",
        "Each chart has its own scale. Loan debt in percent of operating revenue; funds in NOK "
        "million, {basis}, at year end.",
    ),
    panel_alt=(
        "fra {a} i {base} til {z} i {end} ({unit})",
        "from {a} in {base} to {z} in {end} ({unit})",
    ),
)

ACT = _pairs(
    act_none=(
        "Reglene holdes hvert år til {end} uten innsparinger utover de vedtatte.",
        "The rules are kept every year to {end} without savings beyond the adopted ones.",
    ),
    act_text=(
        "For å holde reglene hvert år trengs varige innsparinger fra {first}, først for "
        "regelen «{rule}». Nivået når {l_end} per år i {end} ({share} av driftsutgiftene). "
        "Det største nye kuttet i ett år er {peak} i {peak_year}. Beløp i {basis}.",
        "Keeping the rules every year takes lasting savings from {first}, first for the rule "
        "“{rule}”. The level reaches {l_end} a year by {end} ({share} of operating "
        "expenditure). The largest new cut in a single year is {peak} in {peak_year}. Amounts "
        "in {basis}.",
    ),
    act_infeasible=(
        "Med grensen for årlig økning i innsparingene kan ikke alle regler holdes hvert år.",
        "Within the yearly limit on new savings not every rule can be kept every year.",
    ),
    act_adopted_note=(
        "Innsparingene her kommer i tillegg til de vedtatte omstillingstiltakene ({adopted} i "
        "{year}). En innsparing er varig: den gjelder fra året den innføres og alle år etter.",
        "These savings come on top of the adopted restructuring measures ({adopted} in {year}). "
        "A saving is lasting: it holds from the year it is made and every year after.",
    ),
    t_required_savings=("Nødvendig innsparing per år", "Required savings by year"),
    sheet_required_savings=("Nødvendig innsparing", "Required savings"),
    note_savings=(
        "Mill. kr, {basis}; positivt = lavere utgifter. Siden viser milepælsårene og hvert år "
        "med nye kutt; alle år er i plan.xlsx. Fordelt på sektorene etter størrelse "
        "(forutsetning).",
        "NOK million, {basis}; positive = lower expenditure. The page shows the milestone years "
        "and every year with new cuts; every year is in plan.xlsx. Split over the sectors by "
        "size (assumption).",
    ),
    fig_paths=("Varig innsparing per år etter startår", "Lasting savings by year and start year"),
    fig_paths_alt=(
        "Starter innsparingene nå, trengs {a} per år i {end}; starter de i {start}, {z}.",
        "Starting now, savings of {a} a year are needed by {end}; starting in {start}, {z}.",
    ),
    fig_paths_caption=(
        "Nivået på innsparingen hvert år (mill. kr, {basis}) som holder reglene, når "
        "innsparingene tidligst kan starte i året som er angitt.",
        "The level of savings each year (NOK million, {basis}) that keeps the rules when savings "
        "may start at the earliest in the year given.",
    ),
    start_in=("Start {year}", "Start {year}"),
    wait_explain=(
        "Kurven viser den samlede kostnaden for hvert startår: summen av alle årlige "
        "innsparinger {base}–{end} pluss underskuddet som står udekket mens kommunen venter "
        "(det må dekkes av fond eller lån, eller inndekkes senere).",
        "The curve shows the total cost for each start year: the sum of every yearly saving "
        "{base}–{end} plus the deficit left open while the municipality waits (met from funds "
        "or loans, or covered later).",
    ),
    wait_more=(
        "Å vente {d} år (start {start}) øker den samlede kostnaden fra {a} til {z}.",
        "Waiting {d} years (start {start}) raises the total cost from {a} to {z}.",
    ),
    wait_less=(
        "Å vente {d} år (start {start}) gir lavere samlet innsparing ({z} mot {a}) fordi reglene "
        "brytes i ventetiden; tallene for udekket underskudd viser hva det koster.",
        "Waiting {d} years (start {start}) gives lower total savings ({z} against {a}) because "
        "the rules are broken while waiting; the deficit figures show what that costs.",
    ),
    wait_same=(
        "Å vente {d} år (start {start}) endrer ikke den samlede kostnaden ({a}): behovet kommer "
        "senere enn det, og det er tid til å trappe opp. Kurven blir bratt først når "
        "startåret nærmer seg året behovet kommer.",
        "Waiting {d} years (start {start}) does not change the total cost ({a}): the need comes "
        "later than that, with time to build up. The curve turns steep only when the start "
        "year nears the year the need comes.",
    ),
    fig_wait=("Kostnaden ved å vente", "The cost of waiting"),
    fig_wait_alt=(
        "Samlet kostnad {a} med start i {first} og {z} med start i {last}.",
        "Total cost {a} starting in {first} and {z} starting in {last}.",
    ),
    fig_wait_caption=(
        "Mill. kr, {basis}, summert til {end}, etter året innsparingene starter.",
        "NOK million, {basis}, summed to {end}, by the year savings start.",
    ),
    t_waiting=("Kostnaden ved å vente", "The cost of waiting"),
    sheet_waiting=("Kostnad ved å vente", "Cost of waiting"),
    note_waiting=(
        "Mill. kr, {basis}, summert til {end}. «Mulig»: alle regler holdes fra startåret innenfor "
        "grensen for årlig økning.",
        "NOK million, {basis}, summed to {end}. “Feasible”: every rule is kept from the start "
        "year within the yearly limit.",
    ),
)

STRESS = _pairs(
    stress_intro=(
        "En stresstest er et scenario kommunen selv har definert for å se hvor robust planen "
        "er: et inntektsfall, høyere rente, et annet investeringsnivå eller en annen utbygging. "
        "Hver test er kjørt gjennom hele kjeden, uten nye tiltak, og sammenlignet med planen.",
        "A stress test is a scenario the municipality itself defined to see how robust the plan "
        "is: a revenue shortfall, higher interest, another investment level or another "
        "development. Each test is run through the whole chain, without new measures, and "
        "compared with the plan.",
    ),
    the_plan=("Planen", "The plan"),
    the_test=("Testen", "The test"),
    stress_better=(
        "«{title}» gir {pp} prosentpoeng høyere netto driftsresultat enn planen i {year}: "
        "driftsinntektene er {rev} høyere, driftsutgiftene {exp} og netto finansutgifter {fin} "
        "høyere enn i planen — inntektene øker mer enn utgiftene.",
        "“{title}” gives a net operating result {pp} percentage points higher than the plan in "
        "{year}: operating revenue is {rev} higher, operating expenditure {exp} and net "
        "financial expenses {fin} higher than in the plan — revenue grows more than "
        "expenditure.",
    ),
    stress_worse=(
        "«{title}» gir {pp} prosentpoeng lavere netto driftsresultat enn planen i {year}: "
        "driftsinntektene endres med {rev}, driftsutgiftene med {exp} og netto finansutgifter "
        "med {fin} mot planen.",
        "“{title}” gives a net operating result {pp} percentage points lower than the plan in "
        "{year}: operating revenue changes by {rev}, operating expenditure by {exp} and net "
        "financial expenses by {fin} against the plan.",
    ),
    stress_uncovered=(
        "Tester som bruker opp bufferfondet og de frie reservene ({basis}): {cases}. "
        "Underskuddene etter "
        "det er udekket merforbruk, ikke et negativt fond. Et merforbruk må etter loven dekkes "
        "inn, som hovedregel innen to år, ellers føres kommunen inn i ROBEK: slike forløp kan "
        "kommunen ikke la skje.",
        "Tests that spend the buffer fund and the free reserves ({basis}): {cases}. "
        "The deficits after "
        "that are an uncovered deficit (udekket merforbruk), not a negative fund. The law "
        "requires a deficit to be covered, as a rule within two years, or the municipality is "
        "put on the ROBEK register: the municipality cannot let such a course happen.",
    ),
    stress_uncovered_case=(
        "«{title}» fra {year} (udekket merforbruk størst {amount} i {worst})",
        "“{title}” from {year} (uncovered deficit largest {amount} in {worst})",
    ),
    stress_same=(
        "«{title}» gir omtrent samme netto driftsresultat som planen i {year}.",
        "“{title}” gives about the same net operating result as the plan in {year}.",
    ),
    t_stress=("Stresstestene mot handlingsreglene", "The stress tests against the rules"),
    sheet_stress=("Stresstester", "Stress tests"),
    t_stress_kf=("Nøkkeltall i stresstestene", "Key figures in the stress tests"),
    sheet_stress_kf=("Stresstester nøkkeltall", "Stress test key figures"),
    note_stress=(
        "Uten nye tiltak. Regelbrudd: antall år × regler brutt. Nødvendig innsparing i mill. "
        "kr, {basis}.",
        "Without new measures. Rule-years broken: years × rules broken. Required savings in NOK "
        "million, {basis}.",
    ),
    fig_stress_ndr=(
        "Netto driftsresultat i stresstestene",
        "Net operating result in the stress tests",
    ),
    fig_stress_debt=("Lånegjeld i stresstestene", "Loan debt in the stress tests"),
    stress_panel_alt=(
        "{v} i {year} mot {plan} i planen",
        "{v} in {year} against {plan} in the plan",
    ),
    fig_stress_caption=(
        "Prosent av driftsinntektene, uten nye tiltak. Grå: planen. Stiplet rød linje: kravet "
        "der regelen gjelder nøkkeltallet.",
        "Percent of operating revenue, without new measures. Grey: the plan. Dashed red line: "
        "the requirement where a rule applies to the figure.",
    ),
    risk_intro=(
        "Sannsynligheten for å bryte hver regel er andelen av {n} stokastiske baner for "
        "befolkning, rente og skattenivå (frø {seed}) der regelen brytes, uten nye tiltak. I "
        "{year} brytes minst én regel i {p} av banene (95 % usikkerhet {lo}–{hi}).",
        "The probability of breaking each rule is the share of {n} stochastic paths of "
        "population, interest and tax level (seed {seed}) in which the rule breaks, without new "
        "measures. In {year} at least one rule breaks in {p} of the paths (95 % interval "
        "{lo}–{hi}).",
    ),
    any_rule=("Minst én regel", "At least one rule"),
    probability=("Sannsynlighet", "Probability"),
    ci_low=("Nedre 95 %", "Lower 95 %"),
    ci_high=("Øvre 95 %", "Upper 95 %"),
    risk_cell=("{p} ({lo}–{hi})", "{p} ({lo}–{hi})"),
    risk_panel_alt=("høyest {p} i {year}", "highest {p} in {year}"),
    fig_risk=("Sannsynlighet for brudd per regel", "Probability of breaking each rule"),
    fig_risk_caption=(
        "Prosent av {n} baner; båndet er 95 % usikkerhet (Wilson) for andelen.",
        "Percent of {n} paths; the band is the 95 % interval (Wilson) of the share.",
    ),
    t_risk=("Sannsynlighet for brudd", "Probability of breaking"),
    sheet_risk=("Risiko", "Risk"),
    note_risk=(
        "Andel av {n} baner, med 95 % usikkerhet i parentes (Wilson-intervall).",
        "Share of {n} paths, with the 95 % interval in brackets (Wilson interval).",
    ),
)

POPULATION = _pairs(
    pop_text=(
        "Befolkningen 1. januar {base} var {pop}; framskrivingen gir {pop_end} i {end}. "
        "Innbyggere 80 år og eldre går fra {old} til {old_end}, og det er {r1} innbyggere i "
        "yrkesaktiv alder (20–66 år) per innbygger 80+ i {end}, mot {r0} i {base}.",
        "The population on 1 January {base} was {pop}; the projection gives {pop_end} in {end}. "
        "Residents aged 80 and over go from {old} to {old_end}, and there are {r1} working-age "
        "residents (20–66) per resident 80+ in {end}, against {r0} in {base}.",
    ),
    fig_pyramid=("Befolkningspyramide {years}", "Population pyramid {years}"),
    fig_pyramid_alt=(
        "Antall innbyggere 80+ går fra {a} i {first} til {z} i {last}; toppen av pyramiden "
        "blir bredere.",
        "Residents 80+ go from {a} in {first} to {z} in {last}; the top of the pyramid widens.",
    ),
    fig_pyramid_caption=(
        "Personer etter alder og kjønn 1. januar. Kvinner til venstre, menn til høyre; "
        "fylt: første år.",
        "Persons by age and sex on 1 January. Women on the left, men on the right; filled: "
        "the first year.",
    ),
    fig_groups=("Aldersgruppene over tid", "The age groups over time"),
    fig_groups_alt=(
        "{group} vokser mest: fra {a} til {z} i {end}.",
        "{group} grows most: from {a} to {z} in {end}.",
    ),
    fig_groups_caption_bands=(
        "Personer 1. januar, hver gruppe med sin skala. Linjen er hovedframskrivingen; båndet "
        "5–95 % av {n} stokastiske baner.",
        "Persons on 1 January, each group on its own scale. The line is the main projection; "
        "the band 5–95 % of {n} stochastic paths.",
    ),
    fig_groups_caption=(
        "Personer 1. januar, hver gruppe med sin skala (usikkerhetsbånd ikke beregnet).",
        "Persons on 1 January, each group on its own scale (uncertainty bands not computed).",
    ),
    group_alt=("fra {a} til {z} i {end} ({change})", "from {a} to {z} in {end} ({change})"),
    projection=("Framskriving", "Projection"),
    fig_support=("Innbyggere 20–66 år per innbygger 80+", "Residents aged 20–66 per resident 80+"),
    fig_support_alt=(
        "Antall i yrkesaktiv alder per innbygger 80+ faller fra {a} i {base} til {z} i {end}.",
        "Working-age residents per resident 80+ fall from {a} in {base} to {z} in {end}.",
    ),
    fig_support_caption=(
        "1. januar. Færre i yrkesaktiv alder per eldre: et mål på hvor mange som kan bære "
        "omsorgen.",
        "1 January. Fewer of working age per elderly resident: a gauge of who can carry the care.",
    ),
    t_age_groups=("Befolkning etter aldersgruppe", "Population by age group"),
    sheet_age_groups=("Aldersgrupper", "Age groups"),
    t_bands=("Usikkerhet i aldersgruppene", "Uncertainty in the age groups"),
    sheet_bands=("Usikkerhet aldersgrupper", "Age group uncertainty"),
    note_bands=(
        "Persentiler av {n} stokastiske baner, 1. januar.",
        "Percentiles of {n} stochastic paths, 1 January.",
    ),
    t_population=("Befolkning etter alder og kjønn", "Population by age and sex"),
    sheet_population=("Befolkning", "Population"),
    note_jan1=(
        "Personer 1. januar. Siden viser milepælsårene; alle år er i plan.xlsx.",
        "Persons on 1 January. The page shows the milestone years; every year is in plan.xlsx.",
    ),
    female=("Kvinner", "Women"),
    male=("Menn", "Men"),
)
POPULATION.update(
    {
        f"age_{g}": {"nb": nb, "en": en}
        for g, nb, en in (
            ("0-5", "0–5 år", "Aged 0–5"),
            ("6-15", "6–15 år", "Aged 6–15"),
            ("16-19", "16–19 år", "Aged 16–19"),
            ("20-66", "20–66 år", "Aged 20–66"),
            ("67-79", "67–79 år", "Aged 67–79"),
            ("80-89", "80–89 år", "Aged 80–89"),
            ("90+", "90 år og eldre", "Aged 90+"),
        )
    }
)

SERVICES = _pairs(
    services_text=(
        "Tjenestene koster {cost} netto i {base} ({basis}) og trenger {fte} årsverk; med samme "
        "dekningsgrad og enhetskostnad trengs {fte20} årsverk i {y20}. Kapasitetsgap (året "
        "brukerne først overstiger plassene): {gaps}.",
        "The services cost {cost} net in {base} ({basis}) and need {fte} FTEs; at today's "
        "coverage and unit cost they need {fte20} FTEs in {y20}. Capacity gaps (the year users "
        "first exceed places): {gaps}.",
    ),
    services_counting=(
        "Brukere og innbyggere i tjenestekapitlet er årsgjennomsnitt (midt i året), ikke "
        "1. januar som i befolkningskapitlet; derfor avviker for eksempel antall 80+ litt. "
        "Tjenestenes kostnader er i tjenestekatalogens priser (regnskapsåret).",
        "Users and residents in this chapter are yearly means (mid-year), not 1 January as in "
        "the population chapter, so the number aged 80+, for example, differs slightly. The "
        "services' costs are in the catalogue's prices (the accounts year).",
    ),
    fig_demand=("Brukere per tjeneste", "Users by service"),
    fig_demand_alt=(
        "{service} vokser mest: {change} til {end}.",
        "{service} grows most: {change} to {end}.",
    ),
    fig_demand_caption=(
        "Brukere (årsgjennomsnitt), hver tjeneste med sin skala. Tjenester for alle innbyggere "
        "er ikke med.",
        "Users (yearly mean), each service on its own scale. Services for every resident are "
        "left out.",
    ),
    fig_capacity=("Brukere og kapasitet", "Users and capacity"),
    fig_capacity_alt=(
        "Første kapasitetsgap: {first} i {year}.",
        "The first capacity gap: {first} in {year}.",
    ),
    fig_capacity_alt_none=("Kapasiteten holder til {end}.", "Capacity suffices to {end}."),
    capacity_alt_gap=("brukerne overstiger plassene fra {year}", "users exceed places from {year}"),
    capacity_alt_ok=("plassene holder til {end}", "places suffice to {end}"),
    fig_capacity_caption=(
        "Plasser og brukere. Kapasiteten øker i trinn: når et prosjekt i investeringsplanen "
        "står ferdig, og senere når modellen bygger nye enheter (hele moduler) der brukerne "
        "overstiger plassene; derfor sagtann-mønsteret i gapet.",
        "Places and users. Capacity rises in steps: when a project of the investment plan is "
        "completed, and later when the model builds new units (whole modules) where users "
        "exceed places; hence the sawtooth in the gap.",
    ),
    fig_fte=("Årsverk etter sektor", "FTEs by sector"),
    fig_fte_alt=(
        "Årsverkene går fra {a} i {base} til {z} i {y20}.",
        "FTEs go from {a} in {base} to {z} in {y20}.",
    ),
    fig_fte_caption=(
        "Årsverk som trengs med dagens dekningsgrad og bemanning.",
        "FTEs needed at today's coverage and staffing.",
    ),
    fig_pressure=("Demografikostnader etter sektor", "Demographic cost pressure by sector"),
    fig_pressure_alt=(
        "Befolkningsendringen alene øker utgiftene med i snitt {mean} per år i {a}–{z}, {sum} "
        "i alt.",
        "Population change alone raises costs by {mean} a year on average in {a}–{z}, {sum} in "
        "all.",
    ),
    fig_pressure_caption=(
        "Økning i netto driftsutgift hvert år fra befolkningsendringen alene, med dagens "
        "dekningsgrad og enhetskostnad (TBU-metoden); mill. kr, {basis}.",
        "The yearly rise in net operating cost from population change alone, at today's "
        "coverage and unit cost (TBU method); NOK million, {basis}.",
    ),
    t_services=("Tjenester: brukere, kapasitet og årsverk", "Services: users, capacity and staff"),
    sheet_services=("Tjenester", "Services"),
    note_services=(
        "Brukere som årsgjennomsnitt; for tjenester til alle innbyggere i en aldersgruppe vises "
        "målgruppen. Kostnad i mill. kr, {basis}.",
        "Users as the yearly mean; services for every resident of an age group show the target "
        "group. Cost in NOK million, {basis}.",
    ),
    t_staff=("Bemanningsbehov", "Staff needed"),
    sheet_staff=("Bemanning", "Staff"),
    note_staff=(
        "Innbyggere som årsgjennomsnitt. Siden viser milepælsårene; alle år er i plan.xlsx.",
        "Residents as yearly means. The page shows the milestone years; every year is in "
        "plan.xlsx.",
    ),
    t_pressure=("Demografikostnader etter sektor", "Demographic cost pressure by sector"),
    sheet_pressure=("Demografikostnader", "Demographic pressure"),
    note_pressure=(
        "Endring mot året før, mill. kr, {basis}. Siden viser de ti første årene.",
        "Change against the year before, NOK million, {basis}. The page shows the first ten years.",
    ),
    t_services_by_year=("Tjenester per år", "Services by year"),
    sheet_services_by_year=("Tjenester per år", "Services by year"),
)

ASSUMPTIONS = _pairs(
    assume_intro=(
        "De viktigste forutsetningene. Hver kan endres i datasettet eller i en scenariofil; "
        "alle parametre står i vedlegg A og i plan.xlsx. Datagrunnlag: {vintage}.",
        "The key assumptions. Each can be changed in the dataset or a scenario file; every "
        "parameter is in appendix A and in plan.xlsx. Data: {vintage}.",
    ),
    assume_item=("{label}: {value} ({kind}; {sources})", "{label}: {value} ({kind}; {sources})"),
    assume_savings_cap=(
        "Nye innsparinger kan øke med høyst {cap} av driftsrammen per år (forutsetning i "
        "beregningen av nødvendig innsparing).",
        "New savings can grow by at most {cap} of the operating frame a year (an assumption of "
        "the required-savings solve).",
    ),
    assume_scenarios=(
        "Scenariofiler i denne kjøringen: {names}.",
        "Scenario files of this run: {names}.",
    ),
    from_year=("→ {value} fra {year}", "→ {value} from {year}"),
    read_prices=(
        "Beløp er i faste {base}-priser (kroneverdi {base}) med mindre tabellen sier noe annet; "
        "tjenestenes kostnader er i regnskapsårets ({acc}) priser.",
        "Amounts are in fixed {base} prices ({base} kroner) unless the table says otherwise; "
        "the services' costs are in the accounts year's ({acc}) prices.",
    ),
    read_start=(
        "Modellen starter fra regnskapet for {acc}, ikke fra det vedtatte budsjettet.",
        "The model starts from the accounts of {acc}, not from the adopted budget.",
    ),
    read_assumed=(
        "«Forutsetning» betyr at tallet ikke er publisert: det er beregnet eller anslått av "
        "modellens forfattere, og merknaden i datasettet sier hvordan.",
        "“Assumption” means the figure is not published: the model's authors derived or "
        "estimated it, and the note in the dataset says how.",
    ),
    read_signs=(
        "Innsparinger er positive beløp når de omtales som innsparing; i rammetabellene er de "
        "endringer i utgift og derfor negative.",
        "Savings are positive amounts when named as savings; in the frame tables they are "
        "changes in expenditure and therefore negative.",
    ),
    read_counts=(
        "Befolkning er 1. januar; brukere av tjenester er årsgjennomsnitt.",
        "Population is on 1 January; service users are yearly means.",
    ),
)
ASSUMPTIONS.update(
    _pairs(
        **{
            "param_demography.net_migration": (
                "Nettoinnflytting (personer per år)",
                "Net migration (persons a year)",
            ),
            "param_demography.tfr": (
                "Samlet fruktbarhet (barn per kvinne)",
                "Total fertility (children per woman)",
            ),
            "param_economy.wage_growth": ("Lønnsvekst per år", "Wage growth a year"),
            "param_economy.price_growth": ("Prisvekst per år", "Price growth a year"),
            "param_economy.tax_real_growth": (
                "Realvekst i skatt per innbygger",
                "Real growth of tax per resident",
            ),
            "param_economy.interest_rate_floating": ("Flytende lånerente", "Floating loan rate"),
            "param_economy.compensation_rate": (
                "Andel av demografikostnadene som kompenseres i rammene",
                "Share of demographic costs compensated in the frames",
            ),
            "param_economy.restructuring_net_share": (
                "Andel av omstillingen som er netto innsparing",
                "Share of restructuring that is a net saving",
            ),
            "param_economy.investment_per_inhabitant": (
                "Investering per innbygger etter planperioden",
                "Investment per resident after the plan",
            ),
            "param_economy.capacity_investment_from": (
                "Modellen bygger ny kapasitet fra",
                "The model builds new capacity from",
            ),
        }
    )
)

APPENDIX = _pairs(
    params_intro=(
        "Alle {n} parametre i kjøringen: verdien i basisåret, senere endringer og kilden. "
        "Andeler er vist i prosent. Beskrivelsene kommer fra datasettet og modellen og står "
        "på engelsk.",
        "All {n} parameters of the run: the value in the base year, later changes and the "
        "source. Shares are shown in percent. The descriptions come from the dataset and the "
        "model.",
    ),
    no_parameters=(
        "Datasettet har ingen tidsdaterte parametre ennå.",
        "The dataset has no time-dated parameters yet.",
    ),
    t_parameters=("Alle parametre", "Every parameter"),
    sheet_parameters=("Parametre", "Parameters"),
    note_parameters=(
        "Én rad per parameter; alle daterte verdier står i plan.xlsx («Parameterverdier»).",
        "One row per parameter; every dated value is in plan.xlsx (“Parameter values”).",
    ),
    t_parameter_values=("Parameterverdier per år", "Parameter values by year"),
    sheet_parameter_values=("Parameterverdier", "Parameter values"),
    note_parameter_values=(
        "Verdier i parameterens egen enhet.",
        "Values in the parameter's own unit.",
    ),
    sources_intro=(
        "Datagrunnlag: {vintage}. Hvert tall i datasettet har en kilde-id fra listen under; "
        "«Forutsetning» er kilder laget av modellens forfattere.",
        "Data: {vintage}. Every number in the dataset has a source id from the list below; "
        "“Assumption” marks sources made by the model's authors.",
    ),
    t_sources=("Kilder", "Sources"),
    sheet_sources=("Kilder", "Sources"),
    note_sources=("Adressene er lenker.", "The addresses are links."),
    t_scenario_files=("Scenariofiler", "Scenario files"),
    sheet_scenario_files=("Scenariofiler", "Scenario files"),
)

COLUMNS = _pairs(
    c_year=("År", "Year"),
    c_years=("År", "Years"),
    c_age=("Alder", "Age"),
    c_sex=("Kjønn", "Sex"),
    c_population=("Befolkning", "Population"),
    c_group=("Aldersgruppe", "Age group"),
    c_p5=("5. persentil", "5th percentile"),
    c_p50=("Median", "Median"),
    c_p95=("95. persentil", "95th percentile"),
    c_total=("I alt", "Total"),
    c_support=("20–66 år per 80+", "Aged 20–66 per 80+"),
    c_service=("Tjeneste", "Service"),
    c_sector=("Sektor", "Sector"),
    c_unit=("Enhet", "Unit"),
    c_unit_data=("Enhet i data", "Unit in the data"),
    c_users=("Brukere", "Users"),
    c_users_year=("Brukere {year}", "Users {year}"),
    c_target_group=("Målgruppe {year}", "Target group {year}"),
    c_capacity=("Kapasitet", "Capacity"),
    c_capacity_year=("Kapasitet {year}", "Capacity {year}"),
    c_gap=("Kapasitetsgap", "Capacity gap"),
    c_gap_year=("Gap fra", "Gap from"),
    c_fte=("Årsverk", "FTEs"),
    c_fte_year=("Årsverk {year}", "FTEs {year}"),
    c_cost=("Netto driftsutgift", "Net operating cost"),
    c_cost_year=("Netto driftsutgift {year}", "Net operating cost {year}"),
    c_pressure=("Demografikostnad", "Demographic cost pressure"),
    c_working_age=("20–66 år", "Aged 20–66"),
    c_80_plus=("80 år og eldre", "Aged 80+"),
    c_working_age_per_fte=("20–66 år per årsverk", "Aged 20–66 per FTE"),
    c_item=("Post", "Item"),
    c_indicator=("Nøkkeltall", "Key figure"),
    c_value=("Verdi", "Value"),
    c_value_base=("Verdi {year}", "Value {year}"),
    c_changes=("Senere endringer", "Later changes"),
    c_rule=("Handlingsregel", "Financial rule"),
    c_requirement=("Krav", "Requirement"),
    c_margin=("Margin {year}", "Margin {year}"),
    c_margin_plain=("Margin", "Margin"),
    c_kept=("Holdt", "Kept"),
    c_kept_all=("Holdt alle år", "Kept every year"),
    c_parameter=("Parameter", "Parameter"),
    c_description=("Beskrivelse", "Description"),
    c_source=("Kilde", "Source"),
    c_basis=("Grunnlag", "Basis"),
    c_note=("Merknad", "Note"),
    c_id=("Id", "Id"),
    c_title=("Tittel", "Title"),
    c_publisher=("Utgiver", "Publisher"),
    c_url=("Adresse", "Address"),
    c_licence=("Lisens", "Licence"),
    c_scenario=("Scenario", "Scenario"),
    c_file=("Fil", "File"),
    c_measure=("Tiltak", "Measure"),
    c_kind=("Type", "Kind"),
    c_initiative=("Satsing", "Initiative"),
    c_start=("Oppstart", "Start"),
    c_effect=("Årlig virkning", "Annual effect"),
    c_status=("Status", "Status"),
    c_project=("Prosjekt", "Project"),
    c_cost_total=("Kostnad i alt", "Total cost"),
    c_completed=("Ferdig", "Completed"),
    c_headline_figure=("Hovedtall", "Headline figure"),
    c_published=("Publisert", "Published"),
    c_approximate=("Omtrent", "Approximate"),
    c_model=("Modellen", "Model"),
    c_difference=("Avvik", "Difference"),
    c_key_figure=("Nøkkeltall i modellen", "Model key figure"),
    c_savings_level=("Varig innsparing", "Lasting savings"),
    c_new_cuts=("Nye kutt i året", "New cuts in the year"),
    c_share_expenditure=("Andel av driftsutgiftene", "Share of operating expenditure"),
    c_binding_rule=("Regel som krever kuttet", "Rule that requires the cut"),
    c_delay=("Utsettelse", "Delay"),
    c_wait_total=("Samlet kostnad", "Total cost"),
    c_wait_savings=("Innsparinger i alt", "Savings in total"),
    c_wait_gap=("Udekket mens man venter", "Left open while waiting"),
    c_peak_cut=("Største kutt i ett år", "Largest cut in a year"),
    c_final_level=("Nødvendig innsparing {end}", "Required savings {end}"),
    c_feasible=("Mulig", "Feasible"),
    c_first_broken=("Første brudd", "First broken"),
    c_rule_years=("Regelbrudd (år × regler)", "Rule-years broken"),
    c_ndr_year=("Netto driftsresultat {year}", "Net operating result {year}"),
    c_debt_year=("Lånegjeld {year}", "Loan debt {year}"),
)

UNITS = _pairs(
    u_persons=("personer", "persons"),
    u_persons_mean=("personer, årsgjennomsnitt", "persons, yearly mean"),
    u_users=("brukere", "users"),
    u_places=("plasser", "places"),
    u_places_users=("plasser og brukere", "places and users"),
    u_kr=("kr", "NOK"),
    u_mnok=("mill. kr", "NOK million"),
    u_pct=("%", "%"),
    u_pct_revenue=("% av driftsinntektene", "% of operating revenue"),
    u_fte=("årsverk", "FTEs"),
    u_ratio_support=("personer 20–66 per person 80+", "persons 20–66 per person 80+"),
    u_years=("år", "years"),
    u_years_age=("år", "years"),
    unit_fraction=("andel (vist i prosent)", "share (shown in percent)"),
    unit_fraction_per_year=("andel per år (vist i prosent)", "share a year (shown in percent)"),
    unit_NOK=("kr", "NOK"),
    unit_persons=("personer", "persons"),
    unit_persons_per_year=("personer per år", "persons a year"),
    unit_years=("år", "years"),
    unit_year=("årstall", "year"),
    unit_years_of_age=("alder i år", "years of age"),
    unit_places=("plasser", "places"),
    unit_places_per_unit=("plasser per enhet", "places per unit"),
    unit_children_per_woman=("barn per kvinne", "children per woman"),
    unit_boys_per_girl=("gutter per jente", "boys per girl"),
    unit_ratio=("forhold", "ratio"),
    unit_factor=("faktor", "factor"),
    unit_coefficient=("koeffisient", "coefficient"),
    unit_elasticity=("elastisitet", "elasticity"),
    unit_flag=("av/på (1 = på)", "off/on (1 = on)"),
    unit_code=("kode", "code"),
    unit_log=("logaritme", "log"),
    unit_NOK_per_FTE=("kr per årsverk", "NOK per FTE"),
)

KEY_FIGURES = _pairs(
    kf_population=("Innbyggere 1. januar", "Residents on 1 January"),
    kf_tax_income_wealth=("Skatt på inntekt og formue", "Tax on income and wealth"),
    kf_innbyggertilskudd=("Innbyggertilskudd", "Per-resident grant"),
    kf_expense_equalisation=("Utgiftsutjevning", "Expense equalisation"),
    kf_income_equalisation=("Inntektsutjevning", "Income equalisation"),
    kf_block_grant=("Rammetilskudd", "Block grant"),
    kf_free_revenue=("Frie inntekter", "Unrestricted revenue"),
    kf_other_general_revenue=("Andre generelle inntekter", "Other general revenue"),
    kf_specific_revenue=(
        "Gebyrer, refusjoner og øremerkede tilskudd",
        "Fees, refunds and earmarked grants",
    ),
    kf_operating_revenue=("Driftsinntekter", "Operating revenue"),
    kf_operating_expenditure=("Driftsutgifter", "Operating expenditure"),
    kf_operating_frame=("Driftsramme", "Operating frame"),
    kf_gross_operating_result=("Brutto driftsresultat", "Gross operating result"),
    kf_net_financial_expenses=("Netto finansutgifter", "Net financial expenses"),
    kf_net_operating_result=("Netto driftsresultat", "Net operating result"),
    kf_net_operating_result_pct=(
        "Netto driftsresultat i % av driftsinntektene",
        "Net operating result, % of operating revenue",
    ),
    kf_restructuring=("Omstilling (innsparing)", "Restructuring (savings)"),
    kf_investment_expenditure=("Investeringer", "Investments"),
    kf_new_loans=("Nye lån", "New loans"),
    kf_loan_debt=("Lånegjeld", "Loan debt"),
    kf_loan_debt_pct=("Lånegjeld i % av driftsinntektene", "Loan debt, % of operating revenue"),
    kf_equity_financing_pct=("Egenkapitalfinansiering", "Equity financing"),
    kf_equity_transfer=("Egenkapital", "Equity"),
    kf_vat_compensation=("Momskompensasjon", "VAT compensation"),
    kf_investment_grants=("Tilskudd", "Grants"),
    kf_buffer_fund=("Bufferfond", "Buffer fund"),
    kf_liquidity_reserve=("Likviditetsreserve", "Liquidity reserve"),
)

TEXTS: dict[str, dict[str, str]] = {}
for _part in (
    PAGE,
    SKIP,
    CHAPTERS,
    SUMMARY,
    PROGRAMME,
    SECTORS,
    INVESTMENTS,
    LONG,
    ACT,
    STRESS,
    POPULATION,
    SERVICES,
    ASSUMPTIONS,
    APPENDIX,
    COLUMNS,
    UNITS,
    KEY_FIGURES,
):
    _dup = set(TEXTS) & set(_part)
    if _dup:
        raise KeyError(f"catalogue keys defined twice: {sorted(_dup)}")
    TEXTS.update(_part)


def t(key: str, lang: Lang = "nb", **kwargs: object) -> str:
    """The text ``key`` in ``lang``, with ``{name}`` fields filled from ``kwargs``."""
    text = TEXTS[key][lang]
    return text.format(**kwargs) if kwargs else text


def has(key: str) -> bool:
    return key in TEXTS
