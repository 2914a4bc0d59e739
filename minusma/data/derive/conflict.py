"""Political violence in Mali and its neighbours: ACLED aggregates and UCDP tables.

Sources (see ``conflict-events/SOURCE.md`` of the raw snapshot):

- **ACLED via HDX** (aggregated by ACLED): political violence events and
  fatalities by month and cercle for Mali (January 1997 - April 2026), and
  political violence and civilian targeting by month and province for
  Burkina Faso (January 1997 - March 2025). Published here as they are, with
  a ``partial`` flag on the month during which the file was downloaded.
- **ACLED event-level extracts** for Mali (an API pull to October 2020 and a
  *monadic* export for 2017-2020). ACLED's terms forbid republishing raw rows,
  so ``data/`` receives only **monthly aggregates** by region, event type and
  ACLED interaction code: no event rows, ids, actors, places or notes. The
  monadic export holds one row per actor; it is de-duplicated on
  ``event_id_cnty`` (:func:`dedupe_monadic`) before anything is counted.
- **UCDP** (CC BY 4.0): country-year deaths by type of violence (v25.1) for
  Mali, Burkina Faso and Niger; one-sided violence by actor and year (v25.1);
  and GED events with coordinates and low/best/high deaths (GED 25.1 plus
  candidate 26.0.4; a precision-filtered second-hand copy without actors).
- **The fact base** (``facts/figures.csv``): the published death tolls of Moura.

Every table states its licence in ``data/datapackage.json``; the tables from
ACLED carry ``ACLED-TOU`` (aggregates only, credit ACLED and the download date).
"""

from __future__ import annotations

from minusma.data.derive import TableSpec
from minusma.data.derive.conflict_acled import (
    BFA_PROVINCE_MONTH_SCHEMA,
    MALI_CERCLE_MONTH_SCHEMA,
    derive_bfa_province_month,
    derive_mali_cercle_month,
)
from minusma.data.derive.conflict_acled_events import (
    MALI_EVENTS_MONTH_SCHEMA,
    WAGNER_MONTH_SCHEMA,
    derive_acled_wagner_month,
    derive_mali_events_month,
)
from minusma.data.derive.conflict_moura import MOURA_SCHEMA, derive_moura_tolls
from minusma.data.derive.conflict_ucdp import (
    GED_EVENTS_SCHEMA,
    UCDP_COUNTRY_YEAR_SCHEMA,
    UCDP_ONESIDED_SCHEMA,
    derive_ged_events,
    derive_ucdp_country_year,
    derive_ucdp_onesided,
)
from minusma.data.sources import shapefile_ids

_ACLED_NOTE = (
    "ACLED data: aggregates only (no event rows, ids or notes); credit 'Armed Conflict Location & Event "
    "Data (ACLED), acleddata.com' with the download date."
)

TABLES = [
    TableSpec(
        name="acled_mali_cercle_month",
        title="Political violence in Mali by cercle and month (ACLED via HDX), January 1997 - April 2026",
        description=(
            "ACLED's aggregated political-violence events and fatalities for each of Mali's 53 cercles "
            "(COD-AB 2021 pcodes) and each month, zeros included. April 2026 is partial (flag "
            "`partial`). " + _ACLED_NOTE
        ),
        sources=("acled_mli_pv_admin2",),
        schema=MALI_CERCLE_MONTH_SCHEMA,
        derive=derive_mali_cercle_month,
        licence="ACLED-TOU",
        unit="events; reported fatalities",
    ),
    TableSpec(
        name="acled_bfa_province_month",
        title="Political violence and civilian targeting in Burkina Faso by province and month (ACLED via HDX)",
        description=(
            "ACLED's aggregated political-violence and civilian-targeting events and fatalities for each "
            "of Burkina Faso's 45 provinces and each month, January 1997 - March 2025 (March 2025 "
            "partial). " + _ACLED_NOTE
        ),
        sources=("acled_bfa_pv_admin2", "acled_bfa_ct_admin2"),
        schema=BFA_PROVINCE_MONTH_SCHEMA,
        derive=derive_bfa_province_month,
        licence="ACLED-TOU",
        unit="events; reported fatalities",
    ),
    TableSpec(
        name="acled_mali_events_month",
        title="ACLED events in Mali by month, region, event type and interaction, 1997-2020 (aggregated)",
        description=(
            "Counts of events and reported fatalities from ACLED's event-level data for Mali, by month, "
            "region, event type and interaction code (the actor types involved): 1997-2016 from an API "
            "pull of November 2020, 2017-2020 from a monadic export of March 2022 de-duplicated on "
            "event_id_cnty. Cells with no event are left out. " + _ACLED_NOTE
        ),
        sources=("acled_mli_events_1997_2020", "acled_mli_events_2017_2020", "acled_mli_pv_admin2"),
        schema=MALI_EVENTS_MONTH_SCHEMA,
        derive=derive_mali_events_month,
        licence="ACLED-TOU",
        unit="events; reported fatalities",
    ),
    TableSpec(
        name="acled_mali_wagner_month",
        title="ACLED events in Mali naming the Wagner Group, by month and event type, December 2021 - March 2023",
        description=(
            "Events of ACLED's dyadic export for Mali (January 2015 - 1 March 2023) that name the Wagner "
            "Group in any actor or associated-actor column, with their reported fatalities and how many "
            "targeted civilians. " + _ACLED_NOTE
        ),
        sources=("acled_mli_events_2015_2023",),
        schema=WAGNER_MONTH_SCHEMA,
        derive=derive_acled_wagner_month,
        licence="ACLED-TOU",
        unit="events; reported fatalities",
    ),
    TableSpec(
        name="ucdp_country_year",
        title="Deaths in organised violence by type: Mali, Burkina Faso, Niger, 1989-2024 (UCDP v25.1)",
        description=(
            "UCDP best estimates of deaths in state-based conflict, non-state conflict and one-sided "
            "violence inside each country's borders."
        ),
        sources=("ucdp_country_year",),
        schema=UCDP_COUNTRY_YEAR_SCHEMA,
        derive=derive_ucdp_country_year,
        licence="CC-BY-4.0",
        unit="deaths (best estimate)",
    ),
    TableSpec(
        name="ucdp_onesided_actor_year",
        title="One-sided violence by actor and year, actors active in Mali, Burkina Faso or Niger (UCDP v25.1)",
        description=(
            "UCDP best estimates of civilians killed by each actor that reached 25 deaths in a year, "
            "with the countries where it killed them. Totals of actors active in several countries "
            "cannot be split by country."
        ),
        sources=("ucdp_onesided",),
        schema=UCDP_ONESIDED_SCHEMA,
        derive=derive_ucdp_onesided,
        licence="CC-BY-4.0",
        unit="deaths (best estimate)",
    ),
    TableSpec(
        name="ucdp_ged_events",
        title="UCDP georeferenced events in the central Sahel and coastal states, 2020-2024 and April 2026",
        description=(
            "UCDP GED 25.1 (2020-2024) and candidate 26.0.4 (April 2026) events with coordinates, type of "
            "violence and low/best/high deaths, for Mali, Burkina Faso, Niger, Benin, Togo, Ghana and "
            "Côte d'Ivoire, from a precision-filtered second-hand copy without actor columns (no 2025); "
            "events in Mali carry the COD-AB region and cercle of their point."
        ),
        sources=("ucdp_ged_events", *shapefile_ids("codab_mli_adm2")),
        schema=GED_EVENTS_SCHEMA,
        derive=derive_ged_events,
        licence="CC-BY-4.0",
        unit="deaths (low, best, high estimates)",
    ),
    TableSpec(
        name="moura_tolls",
        title="Published death tolls of the Moura killings, March 2022",
        description=(
            "The Malian army's, Human Rights Watch's and the UN human rights office's figures for the "
            "people killed at Moura (27-31 March 2022), from the project's fact base, each with its source."
        ),
        sources=("facts_figures", "curated_figures"),
        checked_against=("curated_uncitable",),
        schema=MOURA_SCHEMA,
        derive=derive_moura_tolls,
        licence="FACTS",
        unit="people killed (as published)",
    ),
]
