"""UN deployments: how large MINUSMA was, who sent its personnel, and where they were.

Sources (folder ``un-deployments`` of the raw snapshot; its ``SOURCE.md`` gives
publisher, licence, coverage and caveats):

- IPI Peacekeeping Database, monthly uniformed totals of every mission, 1990-11
  to 2017-03, and contributor x mission for March 2014 (official UN counts).
- RADPKO (Hunnicutt & Nomikos), base-level deployments by contributing country
  as yearly means of monthly UN counts, 2014-2019 for MINUSMA (official).
- Geo-PKO v2.3 (Cil, Fjelde, Hultman & Nilsson), deployment locations by year,
  with troop sizes *estimated* from unit symbols on UN maps (not headcounts).
- ``strength_statements.csv``: strength, ceilings and withdrawal figures as
  published in UN statements and press reports of UN figures.
- UN DPO uniformed contributions as yearly means by mission and contributing
  country, 2010-2021 (computed by a third party from the UN's monthly table;
  official). Missing months count as zero, so only 2018, 2019 and 2020 are
  whole years (:data:`DPO_WHOLE_YEARS`); no other year is ever used as a level.

Every derived table keeps the three kinds of number apart in a ``basis``
column: ``official`` (UN counts, via IPI or RADPKO), ``statement`` (a figure
as published in a statement or article) and ``estimate`` (Geo-PKO). Rows that
``SOURCE.md`` says are not headcounts carry ``headcount = false`` and a
``flag`` saying why.

Terms: *military* is troops, staff officers and military experts
(observers); *police* is individual police officers and formed police units;
*uniformed* is military plus police, as the UN counts them.
"""

from __future__ import annotations

from minusma.data.derive import TableSpec
from minusma.data.derive.citations import POLICY
from minusma.data.derive.deployments_geo import (
    GEOPKO_CONTRIB_SCHEMA,
    GEOPKO_LOCATIONS_SCHEMA,
    RADPKO_BASES_SCHEMA,
    derive_geopko_location_contributors,
    derive_geopko_locations,
    derive_radpko_bases,
)
from minusma.data.derive.deployments_schemas import (
    CONTRIBUTORS_SCHEMA,
    DPO_YEAR_MEANS_SCHEMA,
    IPI_MONTHLY_OUT_SCHEMA,
    STATEMENTS_SCHEMA,
    UNIFORMED_STRENGTH_SCHEMA,
)
from minusma.data.derive.deployments_strength import (
    derive_contributors,
    derive_dpo_year_means,
    derive_ipi_mission_monthly,
    derive_strength_statements,
    derive_uniformed_strength,
)

TABLES = [
    TableSpec(
        name="strength_statements",
        title="MINUSMA strength, ceilings and withdrawal figures as published, 2013-2023",
        description=(
            "Every figure of strength_statements.csv: deployed strength (mission-wide and by country), "
            "Security Council ceilings, proposed increases, and the 2023 withdrawal measures (to repatriate, "
            "repatriated, departed, remaining). Countries in UN spelling; rows that SOURCE.md says are not "
            "headcounts are flagged (headcount = false)."
        ),
        sources=("strength_statements", "curated_strength_statements"),
        checked_against=(POLICY,),
        schema=STATEMENTS_SCHEMA,
        derive=derive_strength_statements,
        licence="FACTS",
        unit="persons",
    ),
    TableSpec(
        name="uniformed_strength",
        title="MINUSMA deployed uniformed personnel from every source, labelled official, statement or estimate",
        description=(
            "IPI month-end counts (2013-07 to 2017-03), RADPKO yearly means (2014-2019), the UN's yearly means "
            "of the whole years 2018-2020 (DPO), UN statements (as "
            "published, and the strength remaining during the 2023 withdrawal) and Geo-PKO's estimates from "
            "map symbols (troops only; not headcounts). Never summed across sources."
        ),
        sources=(
            "ipi_mission_monthly",
            "radpko_bases",
            "dpo_uniformed_year_means",
            "strength_statements",
            "curated_strength_statements",
            "geopko_frontmap",
        ),
        checked_against=(POLICY,),
        schema=UNIFORMED_STRENGTH_SCHEMA,
        derive=derive_uniformed_strength,
        licence="CITE-EACH-SOURCE",
        unit="persons",
    ),
    TableSpec(
        name="ipi_mission_monthly",
        title="Uniformed personnel of every UN mission by month, 1990-2017 (IPI)",
        description=(
            "Troops, police and observers of every UN mission at each month end, from the UN's monthly "
            "contribution reports as compiled by the IPI Peacekeeping Database; November 2016 is missing."
        ),
        sources=("ipi_mission_monthly",),
        schema=IPI_MONTHLY_OUT_SCHEMA,
        derive=derive_ipi_mission_monthly,
        licence="IPI-CITE",
        unit="persons",
    ),
    TableSpec(
        name="contributors",
        title="MINUSMA uniformed personnel by contributing country (statements, IPI March 2014, RADPKO 2014-2019, "
        "UN yearly means 2018-2020)",
        description=(
            "Country-level strength of MINUSMA: the UN's list of 31 August 2013 and later statements, IPI's "
            "count for March 2014, RADPKO's yearly means by country for 2014-2019 and the UN's yearly means "
            "(DPO) of the whole years 2018-2020, with the UN M49 African flag."
        ),
        sources=(
            "strength_statements",
            "curated_strength_statements",
            "ipi_contributions_2014_03",
            "radpko_bases",
            "dpo_uniformed_year_means",
        ),
        checked_against=(POLICY,),
        schema=CONTRIBUTORS_SCHEMA,
        derive=derive_contributors,
        licence="CITE-EACH-SOURCE",
        unit="persons",
    ),
    TableSpec(
        name="dpo_year_means",
        title="Uniformed personnel of every UN mission by contributing country and year, 2010-2021 (UN DPO yearly "
        "means)",
        description=(
            "Yearly means of the UN's monthly counts of uniformed personnel by mission and contributing country, "
            "with women and men, as computed by corinnee/UN_Peacekeeping_Analytics from the UN DPO table. Months "
            "missing from the UN table count as zero, so only the whole years 2018, 2019 and 2020 "
            "(whole_year = true) are levels; rows without personnel are left out."
        ),
        sources=("dpo_uniformed_year_means",),
        schema=DPO_YEAR_MEANS_SCHEMA,
        derive=derive_dpo_year_means,
        licence="CITE-AUTHORS",
        unit="persons (yearly means)",
    ),
    TableSpec(
        name="radpko_bases",
        title="MINUSMA uniformed personnel by base and year, 2014-2019 (RADPKO)",
        description="Yearly means of UN counts placed at MINUSMA's bases by RADPKO, with coordinates.",
        sources=("radpko_bases",),
        schema=RADPKO_BASES_SCHEMA,
        derive=derive_radpko_bases,
        licence="CITE-AUTHORS",
        unit="persons",
    ),
    TableSpec(
        name="geopko_locations",
        title="MINUSMA deployment locations by year, with coordinates, 2014-2024 (Geo-PKO estimates)",
        description=(
            "Where MINUSMA was deployed each year, from UN deployment maps coded by Geo-PKO: coordinates, "
            "estimated troops (from unit symbols; not headcounts), headquarters level, police, medical, aviation "
            "and observer presence, number of contributing countries."
        ),
        sources=("geopko_frontmap", "geopko_tccmap"),
        schema=GEOPKO_LOCATIONS_SCHEMA,
        derive=derive_geopko_locations,
        licence="GEOPKO-CITE",
        unit="persons (estimated)",
    ),
    TableSpec(
        name="geopko_location_contributors",
        title="Contributing countries at each MINUSMA location and year, 2014-2024 (Geo-PKO estimates)",
        description="Geo-PKO's list of contributing countries per location and year, with estimated sizes.",
        sources=("geopko_tccmap",),
        schema=GEOPKO_CONTRIB_SCHEMA,
        derive=derive_geopko_location_contributors,
        licence="GEOPKO-CITE",
        unit="persons (estimated)",
    ),
]
