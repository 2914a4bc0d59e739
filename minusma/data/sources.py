"""The raw sources: who publishes them, under what licence, and where they are.

One :class:`RawSource` per raw file. The derived tables in ``data/`` name the
sources they come from by ``id``; ``data/datapackage.json`` copies this
metadata (plus the sha256 of the file actually read) into each resource's
``sources`` and ``licenses``, and the methods chapter lists it.

Raw files are never copied into the repository. They are read from
:func:`minusma.paths.sources_dir` (``../shared/sources`` in CI; a refresh from
the publishers on a reader's machine), under :attr:`RawSource.path`.

The publisher metadata below is taken from each folder's ``SOURCE.md``.
"""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from minusma.paths import ROOT, relative, sources_dir

#: Licences, by id. ``path`` is the licence text, as the Data Package standard wants.
LICENCES: dict[str, dict[str, str]] = {
    "CC-BY-3.0-IGO": {
        "name": "CC-BY-3.0-IGO",
        "title": "Creative Commons Attribution 3.0 IGO",
        "path": "https://creativecommons.org/licenses/by/3.0/igo/",
    },
    "CC-BY-4.0": {
        "name": "CC-BY-4.0",
        "title": "Creative Commons Attribution 4.0 International",
        "path": "https://creativecommons.org/licenses/by/4.0/",
    },
    "ACLED-TOU": {
        "name": "ACLED-terms-of-use",
        "title": "ACLED Terms of Use and Attribution Policy (aggregates only; no raw rows)",
        "path": "https://acleddata.com/terms-of-use/",
    },
    "IPI-CITE": {
        "name": "IPI-terms",
        "title": "IPI Peacekeeping Database terms (public UN figures; cite IPI)",
        "path": "https://www.ipinst.org/providing-for-peacekeeping-database",
    },
    "CITE-AUTHORS": {
        "name": "cite-the-authors",
        "title": "Public research data; cite the authors",
        "path": "https://www.dapp-lab.org/radpko",
    },
    "PUBLIC-DOMAIN": {
        "name": "PDDL-1.0",
        "title": "Public domain (Natural Earth)",
        "path": "https://www.naturalearthdata.com/about/terms-of-use/",
    },
    "IDMC": {
        "name": "IDMC-terms",
        "title": "IDMC terms: reuse with attribution (Internal Displacement Monitoring Centre, GIDD)",
        "path": "https://www.internal-displacement.org/terms-and-conditions",
    },
    "GEOPKO-CITE": {
        "name": "Geo-PKO-terms",
        "title": "Geo-PKO dataset terms (free to use; cite Cil, Fjelde, Hultman & Nilsson 2020)",
        "path": "https://www.pcr.uu.se/data/geo-pko/",
    },
    "CITE-EACH-SOURCE": {
        "name": "cite-each-source",
        "title": "Rows from several public sources; each row names its source and is under that source's terms (cite it)",
        "path": "https://github.com/minusma-report/minusma-report/blob/main/LICENSE-DATA.md",
    },
    "FACTS": {
        "name": "CC-BY-4.0",
        "title": "Facts compiled by the project from cited public sources (CC BY 4.0; each row names its source)",
        "path": "https://creativecommons.org/licenses/by/4.0/",
    },
}


@dataclass(frozen=True)
class RawSource:
    """Metadata of one raw file.

    Attributes
    ----------
    id : str
        Short stable name, used by table specs (``un_fatalities``).
    path : str
        File path under the sources folder (``un-fatalities/....csv``).
    title : str
        Dataset title as the publisher gives it.
    publisher : str
        Who publishes the data.
    version : str
        Publisher's version or vintage of this copy.
    url : str
        Where the publisher distributes it (landing page or API).
    licence : str
        Key of :data:`LICENCES`.
    retrieved : str
        ISO date on which this copy was retrieved.
    credit : str
        The attribution line that charts and tables carry.
    coverage : str
        Time and space covered, in words.
    caveats : tuple of str
        Known problems and how the pipeline handles them.
    download : str
        Where ``make refresh`` downloads the file from (see
        :mod:`minusma.data.refresh`): a direct address for ``access="url"``, the
        HDX dataset name for ``access="hdx"``, the API query address for
        ``access="acled-api"``. Empty for files that cannot be downloaded
        again (the project's fact base, archived versions): a refresh keeps
        the snapshot's copy.
    access : str
        How to download: ``"url"`` (plain HTTP GET), ``"hdx"`` (ask HDX's
        CKAN API for the dataset's resources and take the one whose name or
        address matches ``download_match``), ``"acled-api"`` (ACLED's API,
        with credentials read from the environment only: ``ACLED_USERNAME``
        and ``ACLED_PASSWORD``; without them the snapshot's copy is kept).
    download_format : str
        Format the publisher serves: ``"csv"`` (checked to be UTF-8 CSV),
        ``"xlsx"`` or ``"zip"``.
    download_extract : str
        For an xlsx download, the sheet to write to :attr:`path` as CSV
        (every value as text, as HDX's ACLED workbooks were exported to the
        snapshot); for a zip download, a regular expression naming the member
        to extract. Empty: the download is stored as it is.
    download_match : str
        Regular expression picking an HDX resource (``access="hdx"``).
    version_column : str
        Column whose largest value is the publisher's version of a download
        (the UN table's ``last_update``); empty: the version is the
        ``Last-Modified`` date of the response, else the download date.
    """

    id: str
    path: str
    title: str
    publisher: str
    version: str
    url: str
    licence: str
    retrieved: str
    credit: str
    coverage: str = ""
    caveats: tuple[str, ...] = field(default_factory=tuple)
    download: str = ""
    access: str = "url"
    download_format: str = "csv"
    download_extract: str = ""
    download_match: str = ""
    version_column: str = ""
    #: When the publisher published this version (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``): the date a
    #: bibliography gives the dataset (not the day it was retrieved).
    published: str = ""
    #: Id of the dataset this file belongs to, when a dataset has several files (the parts of a
    #: shapefile, the tables of the fact base): the bibliography lists each dataset once. Default: ``id``.
    dataset: str = ""
    #: The dataset's title in the bibliography, when ``dataset`` groups several files. Default: ``title``.
    dataset_title: str = ""
    #: Where the file lives: ``"sources"`` (the raw snapshot folder, :func:`minusma.paths.sources_dir`)
    #: or ``"project"`` (a file the project compiles itself and commits, under ``curated/``).
    root: str = "sources"

    @property
    def dataset_id(self) -> str:
        """The id of the dataset the file belongs to (:attr:`dataset`, else :attr:`id`)."""
        return self.dataset or self.id

    def downloaded(self) -> dict | None:
        """Return this source's entry in the sources folder's refresh manifest, or None.

        A folder written by ``make refresh`` holds ``MANIFEST.json`` (see
        :mod:`minusma.data.refresh`): for each source the file's path in the
        folder, the address it came from, its version, retrieval date and
        sha256. A snapshot folder without a manifest gives None.
        """
        if self.root == "project":
            return None
        entry = read_manifest(sources_dir()).get(self.id)
        return entry or None

    def provenance(self) -> dict[str, str]:
        """Return ``{"version", "retrieved", "url"}`` of the file actually read.

        From the refresh manifest when the sources folder has one, else the
        values registered here.
        """
        entry = self.downloaded() or {}
        return {
            "version": entry.get("version") or self.version,
            "retrieved": entry.get("retrieved") or self.retrieved,
            "url": entry.get("url") or self.url,
        }

    def file(self) -> Path:
        """Return the absolute path of this source's file in the sources folder.

        The path is :attr:`path` under the folder, or the one its refresh
        manifest names.

        Raises
        ------
        FileNotFoundError
            The file is not there; the message says how to get it.
        """
        if self.root == "project":
            p = ROOT / self.path
            if not p.exists():
                raise FileNotFoundError(f"project file {self.path} of source {self.id!r} is missing from the "
                                        "repository (it is committed: check out the whole repository)")
            return p
        entry = self.downloaded()
        p = sources_dir() / (entry["path"] if entry else self.path)
        if not p.exists():
            raise FileNotFoundError(
                f"raw source {self.id!r} not found at {p}. Set MINUSMA_SOURCES to the folder "
                f"of raw snapshots, or download it from {self.url} (see README, 'Refreshing the data')."
            )
        return p

    def sha256(self) -> str:
        """Return the hex sha256 of the raw file (see :meth:`file`)."""
        return hashlib.sha256(self.file().read_bytes()).hexdigest()

    def describe(self) -> dict:
        """Return this source as a Data Package ``sources`` entry (``dict``), with the sha256."""
        out = asdict(self)
        out.update(self.provenance())
        out["caveats"] = list(self.caveats)
        out["file"] = relative(self.file())
        out["sha256"] = self.sha256()
        return out


#: Name of the refresh manifest in a sources folder written by ``make refresh``.
MANIFEST = "MANIFEST.json"


def read_manifest(folder: Path) -> dict[str, dict]:
    """Return the refresh manifest of a sources folder, by source id (``{}`` if none).

    Raises
    ------
    ValueError
        The manifest exists but is not valid JSON.
    """
    path = Path(folder) / MANIFEST
    if not path.exists():
        return {}
    st = path.stat()
    return _read_manifest(str(path), st.st_mtime_ns, st.st_size)


@functools.lru_cache(maxsize=4)
def _read_manifest(path: str, mtime_ns: int, size: int) -> dict[str, dict]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path}: not valid JSON ({exc})") from None
    return {s["id"]: s for s in data.get("sources", [])}


_RETRIEVED = "2026-11-29"
#: The fact base was revised on 2 December 2026 (facts/CHANGES-2026-12-02.md).
_FACTS_VERSION = "2026-12-02"
#: Where the fact base is kept: the snapshot repository of the raw sources (facts/ folder).
_FACTS_URL = "https://github.com/minusma-report/minusma-report-sources/tree/main/facts"
_FACTS_TITLE = "MINUSMA fact base: dated events, mandate, budgets, bases, figures and the mission's record"
_UN_CREDIT = "UN Peace and Security Data Hub (DPPA/DPO), Mission Fatalities, via HDX (CC BY-IGO)"

SOURCES: dict[str, RawSource] = {
    s.id: s
    for s in [
        RawSource(
            id="un_fatalities",
            published="2025-04-04",
            path="un-fatalities/DPPADPOSS-FATALITIES_v2025-04-04.csv",
            title="Mission Fatalities - Fatalities in PKOs and SPMs since 1948 (DPPADPOSS-FATALITIES)",
            publisher="United Nations, Peace and Security Pillar (DPPA/DPO), DPPA-DPO-SS-UNOCC",
            version="2025-04-04",
            url="https://api.psdata.un.org/public/data/DPPADPOSS-FATALITIES/CSV",
            licence="CC-BY-3.0-IGO",
            retrieved=_RETRIEVED,
            credit=_UN_CREDIT,
            download="https://api.psdata.un.org/public/data/DPPADPOSS-FATALITIES/CSV",
            version_column="last_update",
            coverage="Fatalities of personnel of UN peacekeeping operations and special political missions, 1948-07-06 to 2025-02-18",
            caveats=(
                "The YYYY-MM inside casualty_id is the month of notification, not of the incident; time series use incident_date.",
                "casualty_personnel_type 'Local ' has a trailing space; whitespace is stripped.",
                "Côte d'Ivoire is written 'Côte dIvoire' and has no ISO3/M49 codes; repaired by name.",
                "m49_code is written as a float ('148.0'); read as an integer.",
                "Six UNMIK casualty ids appear twice (Montenegro / Serbia and Montenegro); counted once.",
                "'To Be Determined' and 'Unknown' incident types are kept as their own categories.",
                "Data before 2000 may be incomplete; staff of UN agencies, funds and programmes are not included.",
            ),
        ),
        RawSource(
            id="un_fatalities_2023",
            published="2023-11-28",
            path="un-fatalities/DPPADPOSS-FATALITIES_v2023-11-28.csv",
            title="Mission Fatalities - Fatalities in PKOs and SPMs since 1948 (DPPADPOSS-FATALITIES)",
            publisher="United Nations, Peace and Security Pillar (DPPA/DPO), DPPA-DPO-SS-UNOCC",
            version="2023-11-28",
            url="https://api.psdata.un.org/public/data/DPPADPOSS-FATALITIES/CSV",
            licence="CC-BY-3.0-IGO",
            retrieved=_RETRIEVED,
            credit=_UN_CREDIT,
            coverage="As un_fatalities, to 2023-11-21 (the version published as MINUSMA closed)",
            caveats=("Previous edition of the same table; used to show what changed between versions.",),
        ),
        RawSource(
            id="un_fatalities_2021",
            published="2021-06",
            path="un-fatalities/odp_noticas_v2021-06.csv",
            title="NOTICAS fatalities (odp_noticas.csv, HDX/ODP resource)",
            publisher="United Nations, Department of Peace Operations",
            version="2021-06",
            url="https://data.humdata.org/dataset/4ce16b45-5526-471d-8918-2ed76082f1c8",
            licence="CC-BY-3.0-IGO",
            retrieved=_RETRIEVED,
            credit=_UN_CREDIT,
            coverage="As un_fatalities, to 2021-06-10",
            caveats=(
                "UTF-8 with a byte-order mark; mixed-case column names; no id, gender or last_update column.",
                "m49 codes written as integers.",
            ),
        ),
        RawSource(
            id="facts_timeline",
            published=_FACTS_VERSION,
            dataset="facts",
            dataset_title=_FACTS_TITLE,
            path="facts/timeline.csv",
            title="MINUSMA fact base: dated events",
            publisher="The MINUSMA report (compiled from cited public sources)",
            version=_FACTS_VERSION,
            url=_FACTS_URL,
            licence="FACTS",
            retrieved=_FACTS_VERSION,
            credit="MINUSMA report fact base (each event cites its source)",
            coverage="2012-01 to 2025, one row per dated event",
            caveats=("Event descriptions are the compiler's paraphrases; the report words its own sentences.",),
        ),
        RawSource(
            id="facts_camps",
            published=_FACTS_VERSION,
            dataset="facts",
            dataset_title=_FACTS_TITLE,
            path="facts/camps.csv",
            title="MINUSMA fact base: bases and their closure",
            publisher="The MINUSMA report (compiled from cited public sources)",
            version=_FACTS_VERSION,
            url=_FACTS_URL,
            licence="FACTS",
            retrieved=_FACTS_VERSION,
            credit="MINUSMA report fact base (UN statements and news reports; each base cites its source)",
            coverage="15 bases; closures August 2023 to 2024",
            caveats=(
                "Coordinates are the Geo-PKO v2.3 deployment-map points of each base's town (the last MINUSMA year), "
                "not camp perimeters; Ogossagou has no Geo-PKO location (Bankass town, approximate) and Kerena uses "
                "the nearest Geo-PKO location, Douentza.",
                "Some closure dates differ between sources (Tessalit/Aguelhok, Douentza, Mopti-Sévaré).",
            ),
        ),
        RawSource(
            id="facts_humanitarian",
            published=_FACTS_VERSION,
            dataset="facts",
            dataset_title=_FACTS_TITLE,
            path="facts/humanitarian.csv",
            title="MINUSMA fact base: humanitarian figures",
            publisher="The MINUSMA report (compiled from OCHA, IOM DTM, UNHCR, CONASUR and press sources)",
            version=_FACTS_VERSION,
            url=_FACTS_URL,
            licence="FACTS",
            retrieved=_FACTS_VERSION,
            credit="MINUSMA report fact base (OCHA, IOM DTM, UNHCR and others; each figure cites its source)",
            coverage="Mali, Burkina Faso, Niger, 2012-2025",
            caveats=(
                "Point figures from different counting systems (CMP until 2019, then IOM DTM) and dates.",
                "One figure whose only source could not be checked (Niger, 2024) is flagged low confidence and never "
                "stated as fact.",
            ),
        ),
        RawSource(
            id="fts_appeals",
            published="2026",
            path="humanitarian/fts_requirements_funding_bfa_mli_ner.csv",
            title="FTS requirements and funding per plan (fts_requirements_funding_global.csv)",
            publisher="UN OCHA Financial Tracking Service",
            version="2026 snapshot (date unknown)",
            url="https://data.humdata.org/dataset/global-requirements-and-funding-data",
            licence="CC-BY-4.0",
            retrieved=_RETRIEVED,
            credit="OCHA Financial Tracking Service (fts.unocha.org), via HDX",
            coverage="Plans 2006-2026 for Burkina Faso, Mali and Niger",
            caveats=(
                "Requirements are final (revised), not the amounts at launch.",
                "'Not specified' funding rows are a separate quantity and are left out.",
            ),
        ),
        RawSource(
            id="idmc_displacement",
            published="2018",
            path="humanitarian/idmc_displacement_bfa_mli_ner_2008-2017.csv",
            title="Global Internal Displacement Database, country-year export",
            publisher="Internal Displacement Monitoring Centre (IDMC)",
            version="c. 2018 export",
            url="https://www.internal-displacement.org/database/displacement-data",
            licence="IDMC",
            retrieved=_RETRIEVED,
            credit="IDMC, Global Internal Displacement Database",
            coverage="Burkina Faso, Mali, Niger, 2008-2017",
            caveats=("Stock is at year end; new displacements are flows; figures rounded and revised by IDMC.",),
        ),
        # --- UN deployments (issue 3): size and composition of MINUSMA -------------------------
        RawSource(
            id="ipi_mission_monthly",
            published="2017-06-26",
            path="un-deployments/ipi_ppp_data_mission_monthly.csv",
            title="IPI Peacekeeping Database: uniformed personnel by mission and month (data_mission.csv)",
            publisher="International Peace Institute (IPI), Providing for Peacekeeping project, from UN DPKO monthly contribution reports",
            version="GitHub IPIDataLab/PPP_Loader commit 2653920 (2017-06-26)",
            url="https://github.com/IPIDataLab/PPP_Loader/blob/master/ppp_files/data_mission.csv",
            licence="IPI-CITE",
            retrieved=_RETRIEVED,
            credit="IPI Peacekeeping Database (UN monthly figures; Perry & Smith 2013)",
            coverage="Monthly uniformed totals (troops, police, observers) of every UN mission, 1990-11 to 2017-03; MINUSMA 2013-07 to 2017-03",
            caveats=(
                "2016-11 is missing for every mission.",
                "Six month-end dates are written one to three days early (2000-02-28, 2002-08-30, 2003-03-30, "
                "2004-02-28, 2008-02-28, 2012-02-28); they are moved to the month's last day.",
                "MINUSMA observers are NA until 2015-08; NA is read as zero when summing (Total = Troops + Police + Observers).",
                "MINUSMA troops jump by about 1,400 between 2015-06 and 2015-07 (reporting change and deployments).",
                "Mission HQ longitude and latitude are swapped up to 2014-03 (not used).",
            ),
        ),
        RawSource(
            id="ipi_contributions_2014_03",
            published="2014-03-31",
            path="un-deployments/ipi_ppp_contributions_2014-03.csv",
            title="IPI Peacekeeping Database: contributor x mission, March 2014 (update_archive/csv/20140331.csv)",
            publisher="International Peace Institute (IPI), Providing for Peacekeeping project, from UN DPKO monthly contribution reports",
            version="2014-03-31 (GitHub IPIDataLab/PPP_Loader commit adec10c, read at 2653920)",
            url="https://github.com/IPIDataLab/PPP_Loader/blob/master/ppp_files/update_archive/csv/20140331.csv",
            licence="IPI-CITE",
            retrieved=_RETRIEVED,
            credit="IPI Peacekeeping Database (UN figures, 31 March 2014)",
            coverage="One month (31 March 2014), 17 missions; MINUSMA 43 contributors, 7,469 uniformed",
            caveats=(
                "A single month.",
                "Country names differ from the UN fatalities table ('Cote d Ivoire', 'DR Congo'); harmonised in minusma/data/reference.py.",
                "Civilian_Police = Formed_Police_Units + Inidividual_Police [sic].",
            ),
        ),
        RawSource(
            id="radpko_bases",
            published="2020-11-13",
            path="un-deployments/radpko_bases_cc_y.csv",
            title="RADPKO: base-level deployments by contributing country, yearly means (radpko_bases_cc_y.csv)",
            publisher="DAPP Lab (Hunnicutt & Nomikos), Robust African Deployments of Peacekeeping Operations",
            version="GitHub dapp-lab/radpko-shiny commit 27e5d4d (2020-11-13)",
            url="https://www.dapp-lab.org/radpko",
            licence="CITE-AUTHORS",
            retrieved=_RETRIEVED,
            credit="RADPKO (Hunnicutt & Nomikos 2020, DAPP Lab)",
            coverage="Thirteen African missions, 1999-10 to 2019-09, yearly means of monthly values by base; MINUSMA 2014-2019 at 15 bases",
            caveats=(
                "Yearly means of monthly values, over the months a base appears: sums over bases approximate the yearly average.",
                "No MINUSMA data for 2013; 2019 ends in September.",
                "Only 69 countries have their own columns: their sum falls 77 to 533 below pko_deployed in 2014-2018.",
                "Columns named after a country alone are unit indicators, not personnel (not used).",
            ),
        ),
        RawSource(
            id="geopko_frontmap",
            published="2025-05-04",
            path="un-deployments/geopko_v2.3_FrontMap.csv",
            title="Geo-PKO v2.3, location-year aggregate (FrontMap_v.2.3.csv)",
            publisher="Department of Peace and Conflict Research, Uppsala University, and University of Maryland (Cil, Fjelde, Hultman, Nilsson)",
            version="v2.3 (GitHub geopko/Geo-PKO-Shiny-Dashboard commit e64fa61, 2025-05-04)",
            url="https://github.com/geopko/Geo-PKO-Shiny-Dashboard/blob/main/data/FrontMap_v.2.3.csv",
            licence="GEOPKO-CITE",
            retrieved=_RETRIEVED,
            credit="Geo-PKO v2.3 (Cil, Fjelde, Hultman & Nilsson 2020), estimates from UN deployment maps",
            coverage="Deployment locations of 52 missions by year, 1994-2024; MINUSMA 2014-2024 at 15 locations",
            caveats=(
                "Troop numbers are estimates from unit symbols on UN maps (standard unit sizes), not headcounts; "
                "MINUSMA's yearly sums are far above official totals.",
                "Several maps a year give several rows per location; ave.no.troops repeats on each and is counted once.",
                "The month is not in this aggregate.",
            ),
        ),
        RawSource(
            id="geopko_tccmap",
            published="2025-05-04",
            path="un-deployments/geopko_v2.3_TCCMap.csv",
            title="Geo-PKO v2.3, contributing countries by location and year (TCCMap_v.2.3.csv)",
            publisher="Department of Peace and Conflict Research, Uppsala University, and University of Maryland (Cil, Fjelde, Hultman, Nilsson)",
            version="v2.3 (GitHub geopko/Geo-PKO-Shiny-Dashboard commit c2e56d2, 2025-05-04)",
            url="https://github.com/geopko/Geo-PKO-Shiny-Dashboard/blob/main/data/TCCMap_v.2.3.csv",
            licence="GEOPKO-CITE",
            retrieved=_RETRIEVED,
            credit="Geo-PKO v2.3 (Cil, Fjelde, Hultman & Nilsson 2020), estimates from UN deployment maps",
            coverage="Contributing countries at each location and year, 34 missions, 1994-2024; MINUSMA 2014-2024",
            caveats=(
                "Sizes are the yearly maximum of estimates from map symbols, or 'size unknown'.",
                "Country spellings vary ('UK' and 'United Kingdom', 'Drc', 'Cote d'Ivoire'); harmonised in minusma/data/reference.py.",
            ),
        ),
        RawSource(
            id="strength_statements",
            published=_RETRIEVED,
            path="un-deployments/strength_statements.csv",
            title="MINUSMA strength, ceilings and withdrawal figures as published in UN statements and the press",
            publisher="The MINUSMA report (compiled from cited UN pages and press reports of UN figures)",
            version=_RETRIEVED,
            url="https://github.com/minusma-report/minusma-report-sources/tree/main/un-deployments",
            licence="FACTS",
            retrieved=_RETRIEVED,
            credit="UN statements and press reports of UN figures, compiled by the MINUSMA report (each row cites its source)",
            coverage="2013-04 to 2023-12: mission-wide and country strength at about 20 dates, ceilings, the 2023 withdrawal",
            caveats=(
                "Statements, not a consistent series; 'military' usually means troops + staff officers + military experts.",
                "Dates known to the month are set to the month's last day (UN figures) or the 15th (article month).",
                "Not headcounts: defenceWeb's 'as of February 2023' figures look like authorised strength; "
                "Diplomatic Times' 15,451 'military personnel' (Aug 2020) exceeds the ceiling. Both are flagged.",
                "Withdrawal figures are cumulative departures since 1 July 2023 against a baseline of 12,947 (or 12,944) uniformed.",
            ),
        ),
        # --- Fact base (issue 3): resolutions, budgets, figures --------------------------------
        RawSource(
            id="facts_resolutions",
            published=_FACTS_VERSION,
            dataset="facts",
            dataset_title=_FACTS_TITLE,
            path="facts/resolutions.csv",
            title="MINUSMA fact base: Security Council resolutions on the mandate",
            publisher="The MINUSMA report (compiled from UN press releases and cited secondary sources)",
            version=_FACTS_VERSION,
            url=_FACTS_URL,
            licence="FACTS",
            retrieved=_FACTS_VERSION,
            credit="UN Security Council resolutions (UN press releases), compiled by the MINUSMA report",
            coverage="Resolutions 2100 (2013) to 2690 (2023), one row each",
            caveats=("Resolution 2391 added a task and did not renew the mandate; its mandate date and ceilings are empty.",),
        ),
        RawSource(
            id="facts_budget",
            published=_FACTS_VERSION,
            dataset="facts",
            dataset_title=_FACTS_TITLE,
            path="facts/budget.csv",
            title="MINUSMA fact base: approved budgets by UN fiscal year",
            publisher="The MINUSMA report (compiled from UN Fifth Committee releases and press reports)",
            version=_FACTS_VERSION,
            url=_FACTS_URL,
            licence="FACTS",
            retrieved=_FACTS_VERSION,
            credit="UN General Assembly (Fifth Committee) releases and press reports, compiled by the MINUSMA report",
            coverage="UN fiscal years (July-June) 2012/13 to 2024/25",
            caveats=(
                "No sourced figure was found for five fiscal years (2013/14 as a whole, 2015/16, 2016/17, 2019/20, "
                "2022/23): they are shown as gaps, never estimated.",
                "Some years have conflicting figures (2014/15, 2017/18, 2021/22); each is kept as its own row.",
            ),
        ),
        RawSource(
            id="facts_pk_budget_totals",
            published=_FACTS_VERSION,
            dataset="facts",
            dataset_title=_FACTS_TITLE,
            path="facts/peacekeeping_budget_totals.csv",
            title="MINUSMA fact base: approved totals for all UN peacekeeping operations",
            publisher="The MINUSMA report (compiled from UN General Assembly releases and press reports)",
            version=_FACTS_VERSION,
            url=_FACTS_URL,
            licence="FACTS",
            retrieved=_FACTS_VERSION,
            credit="UN General Assembly releases and press reports, compiled by the MINUSMA report",
            coverage="Some UN fiscal years between 2013/14 and 2025/26",
            caveats=("The scope differs between rows (with or without the support account, UNLB and RSCE).",),
        ),
        RawSource(
            id="facts_figures",
            published=_FACTS_VERSION,
            dataset="facts",
            dataset_title=_FACTS_TITLE,
            path="facts/figures.csv",
            title="MINUSMA fact base: figures (strength, fatalities, displacement and others)",
            publisher="The MINUSMA report (compiled from cited public sources)",
            version=_FACTS_VERSION,
            url=_FACTS_URL,
            licence="FACTS",
            retrieved=_FACTS_VERSION,
            credit="MINUSMA report fact base (each figure cites its source)",
            coverage="2013 to 2025, one row per figure",
            caveats=("Rows whose source is 'unverified' are never used.",),
        ),
    ]
}



def get(source_id: str) -> RawSource:
    """Return the :class:`RawSource` called ``source_id``.

    Raises
    ------
    KeyError
        No source of that name is registered.
    """
    try:
        return SOURCES[source_id]
    except KeyError:
        raise KeyError(f"unknown raw source {source_id!r}; known: {sorted(SOURCES)}") from None


# --------------------------------------------------------------------------
# Conflict events (ACLED, UCDP), boundaries (OCHA COD-AB, Natural Earth) and the
# fact base's figures: the Wagner chapter (issue 4) and the Withdrawal chapter.
# Metadata from conflict-events/SOURCE.md, boundaries/SOURCE.md, facts/README.md.
# --------------------------------------------------------------------------

LICENCES["COD-AB"] = {
    "name": "COD-AB-terms",
    "title": ("OCHA COD-AB terms: attribute to DNCT Mali and UN OCHA, not to be sold (as the files' metadata "
              "state); the licence on HDX's page was not available to this report"),
    "path": "https://data.humdata.org/dataset/cod-ab-mli",
}

#: The attribution that every ACLED chart carries (ACLED Terms of Use and Attribution Policy).
ACLED_CREDIT = "Armed Conflict Location & Event Data (ACLED), acleddata.com"
#: The attribution that every UCDP chart carries.
UCDP_CREDIT = "Uppsala Conflict Data Program (UCDP), ucdp.uu.se"
_UCDP_CITE = ("Davies, Pettersson, Sollenberg & Öberg (2025), 'Organized violence 1989-2024, and the challenges "
              "of identifying civilian victims', Journal of Peace Research 62(4)")
_ACLED_TERMS = ("ACLED's terms forbid republishing raw rows: the pipeline publishes aggregates only "
                "(no event rows, event ids or notes).")

SOURCES.update({
    s.id: s
    for s in [
        RawSource(
            id="acled_mli_pv_admin2",
            published="2026-04",
            path="conflict-events/acled_hdx_mali_political-violence_admin2-month_1997-2026-04.csv",
            title="ACLED data for Mali: political violence events and fatalities by month-year (admin2)",
            publisher="Armed Conflict Location & Event Data (ACLED), distributed on HDX",
            version="downloaded April 2026 (file dated by 2026-04-26)",
            url="https://data.humdata.org/dataset/acled-data-for-mali",
            download="acled-data-for-mali",
            access="hdx",
            download_match=r"political_violence_events_and_fatalities",
            download_format="xlsx",
            download_extract="Data",
            licence="ACLED-TOU",
            retrieved=_RETRIEVED,
            credit=f"{ACLED_CREDIT}, via HDX",
            coverage="Mali, 53 cercles (admin2) x 352 months, January 1997 to April 2026 (April 2026 partial)",
            caveats=(
                "Aggregated by ACLED: political violence = battles, explosions/remote violence and violence "
                "against civilians; no split by actor, event type or civilian fatalities.",
                "April 2026 is partial (the file was downloaded during that month); it is flagged `partial` and "
                "never drawn as a fall.",
                "ACLED revises its data continually: a spring-2026 vintage.",
                "The `Data` sheet of the HDX workbook, exported to CSV (values unchanged).",
                _ACLED_TERMS,
            ),
        ),
        RawSource(
            id="acled_bfa_pv_admin2",
            dataset="acled_bfa_hdx",
            dataset_title="Burkina Faso - Conflict Data (ACLED): political violence and civilian targeting by month-year (admin2)",
            published="2025-04-03",
            path="conflict-events/acled_hdx_burkina-faso_political-violence_admin2-month_1997-2025-03.csv",
            title="Burkina Faso - Conflict Data: political violence events and fatalities by month-year (admin2)",
            publisher="Armed Conflict Location & Event Data (ACLED), distributed on HDX",
            version="downloaded 3 April 2025",
            url="https://data.humdata.org/dataset/burkina-faso-acled-conflict-data",
            download="burkina-faso-acled-conflict-data",
            access="hdx",
            download_match=r"political_violence_events_and_fatalities",
            download_format="xlsx",
            download_extract="Data",
            licence="ACLED-TOU",
            retrieved=_RETRIEVED,
            credit=f"{ACLED_CREDIT}, via HDX",
            coverage="Burkina Faso, 45 provinces x 339 months, January 1997 to March 2025 (March 2025 partial)",
            caveats=(
                "Older vintage than the Mali file (April 2025 against April 2026).",
                "March 2025 may lack its last days (file dated 3 April 2025): flagged `partial`.",
                _ACLED_TERMS,
            ),
        ),
        RawSource(
            id="acled_bfa_ct_admin2",
            dataset="acled_bfa_hdx",
            dataset_title="Burkina Faso - Conflict Data (ACLED): political violence and civilian targeting by month-year (admin2)",
            published="2025-04-03",
            path="conflict-events/acled_hdx_burkina-faso_civilian-targeting_admin2-month_1997-2025-03.csv",
            title="Burkina Faso - Conflict Data: civilian targeting events and fatalities by month-year (admin2)",
            publisher="Armed Conflict Location & Event Data (ACLED), distributed on HDX",
            version="downloaded 3 April 2025",
            url="https://data.humdata.org/dataset/burkina-faso-acled-conflict-data",
            download="burkina-faso-acled-conflict-data",
            access="hdx",
            download_match=r"civilian_targeting_events_and_fatalities",
            download_format="xlsx",
            download_extract="Data",
            licence="ACLED-TOU",
            retrieved=_RETRIEVED,
            credit=f"{ACLED_CREDIT}, via HDX",
            coverage="Burkina Faso, 45 provinces x 339 months, January 1997 to March 2025",
            caveats=(
                "Civilian targeting: political-violence events whose primary target was civilians, whoever the "
                "perpetrator; no perpetrator split.",
                _ACLED_TERMS,
            ),
        ),
        RawSource(
            id="acled_mli_events_1997_2020",
            published="2020-11",
            path="conflict-events/acled_mali_1997-2020-10_api-pull_smose94-minusma.csv",
            title="ACLED event-level data for Mali (API pull, dyadic), 1997 to October 2020",
            publisher="Armed Conflict Location & Event Data (ACLED)",
            version="downloaded about 2 November 2020 (API pull)",
            url="https://acleddata.com/data-export-tool/",
            licence="ACLED-TOU",
            retrieved=_RETRIEVED,
            credit=ACLED_CREDIT,
            coverage="Mali, 4,318 events, 1997-01-06 to 2020-10-31; used for 1997-2016 only",
            caveats=(
                "An old ACLED version, second-hand copy (GitHub smose94/minusma); later revisions change counts slightly.",
                "Used for internal analysis only; data/ holds monthly aggregates by region, event type and interaction.",
                _ACLED_TERMS,
            ),
        ),
        RawSource(
            id="acled_mli_events_2017_2020",
            published="2022-03",
            path="conflict-events/acled_mali_2017-2020_monadic_ValenGe-UZH.csv",
            title="ACLED Data Export Tool, Mali, 2017-01-01 to 2020-12-31 (monadic export)",
            publisher="Armed Conflict Location & Event Data (ACLED)",
            version="downloaded about 4 March 2022 (monadic export)",
            url="https://acleddata.com/data-export-tool/",
            licence="ACLED-TOU",
            retrieved=_RETRIEVED,
            credit=ACLED_CREDIT,
            coverage="Mali, 6,214 monadic rows = 3,314 events, 2017-01-01 to 2020-12-31",
            caveats=(
                "Monadic: one row per actor; de-duplicated on event_id_cnty before counting (the copies of an "
                "event must agree on date, type, place, interaction and fatalities, or the build stops).",
                "Second-hand copy (GitHub ValenGe/UZH_Seminar_UN_PKO).",
                _ACLED_TERMS,
            ),
        ),
        RawSource(
            id="ucdp_country_year",
            published="2025",
            path="conflict-events/ucdp_organized-violence-country-year_v25-1_mali-bfa-ner_enzo-going.csv",
            title="UCDP Organized Violence country-year dataset v25.1 (rows for Mali, Burkina Faso, Niger)",
            publisher="Uppsala Conflict Data Program (UCDP), Uppsala University",
            version="25.1",
            url="https://ucdp.uu.se/downloads/",
            licence="CC-BY-4.0",
            retrieved=_RETRIEVED,
            credit=f"{UCDP_CREDIT} (Davies et al. 2025)",
            coverage="Mali, Burkina Faso, Niger, 1989-2024, best estimates of deaths by type of violence",
            caveats=(
                "Third-party copy (GitHub enzo-going/international-conflict-risk-ml), rows transcribed; the "
                "derivation checks that state-based + non-state + one-sided = total in every row.",
                "Best estimates only; UCDP counts only deaths it can source, so its figures are conservative.",
                f"Cite: {_UCDP_CITE}.",
            ),
        ),
        RawSource(
            id="ucdp_onesided",
            published="2025",
            path="conflict-events/ucdp_onesided_v25-1_actor-year_mali-bfa-ner-locations_enzo-going.csv",
            title="UCDP One-sided Violence Dataset v25.1, actor-years located in Mali, Burkina Faso or Niger",
            publisher="Uppsala Conflict Data Program (UCDP), Uppsala University",
            version="25.1",
            url="https://ucdp.uu.se/downloads/",
            licence="CC-BY-4.0",
            retrieved=_RETRIEVED,
            credit=f"{UCDP_CREDIT} (Davies et al. 2025; Eck & Hultman 2007)",
            coverage="Actor-years with at least 25 one-sided deaths, 1989-2024, located in Mali, Burkina Faso or Niger",
            caveats=(
                "Reduced third-party copy (4 of about 17 columns).",
                "Actors active in several countries (JNIM, IS, JAS) have one total across all of them: it cannot "
                "be split by country.",
                "From 2024 UCDP codes a joint actor 'Government of Mali, Government of Russia (Soviet Union)'.",
                f"Cite: {_UCDP_CITE}; Eck & Hultman (2007), 'One-sided violence against civilians in war', "
                "Journal of Peace Research 44(2).",
            ),
        ),
        RawSource(
            id="ucdp_ged_events",
            published="2026-04",
            path="conflict-events/ucdp_ged_sahel-littoral_2020-2026_events_nogpaul.csv",
            title="UCDP Georeferenced Event Dataset 25.1 and Candidate Events 26.0.4, events in 7 West African states",
            publisher="Uppsala Conflict Data Program (UCDP), Uppsala University; filtered by a third party",
            version="GED 25.1 (2020-2024) + Candidate 26.0.4 (April 2026)",
            url="https://ucdp.uu.se/downloads/",
            licence="CC-BY-4.0",
            retrieved=_RETRIEVED,
            credit=f"{UCDP_CREDIT} (Sundberg & Melander 2013; Hegre et al. 2020), precision-filtered copy",
            coverage="Mali, Burkina Faso, Niger, Benin, Togo, Ghana, Côte d'Ivoire; 2020-2024 and April 2026 (no 2025)",
            caveats=(
                "A precision-filtered second-hand copy (GitHub nogpaul/coastal-frontier): only events located to "
                "a first-order admin unit or better, dated to the week or better, with code status 'Clear'; "
                "Mali keeps 82-90% of UCDP's country-year deaths.",
                "No actor, dyad or event-id columns; no 2025 rows; April 2026 rows are candidate data.",
                "Rows kept as found: 29 have high < best and 10 have low > best; 3 repeat another row exactly.",
                "Cite: Sundberg & Melander (2013), 'Introducing the UCDP Georeferenced Event Dataset', Journal of "
                f"Peace Research 50(4); {_UCDP_CITE}; for the 2026 candidate rows Hegre, Croicu, Eck & Högbladh "
                "(2020), 'Introducing the UCDP Candidate Events Dataset', Research & Politics 7(3).",
            ),
        ),
        RawSource(
            id="naturalearth_countries",
            published="2018",
            path="boundaries/naturalearth/world-atlas-2.0.2_countries-10m.topojson.json",
            title="Natural Earth Admin 0 - Countries, 1:10m (TopoJSON, npm world-atlas 2.0.2)",
            publisher="Natural Earth (NACIS); TopoJSON packaging by Mike Bostock (world-atlas, ISC)",
            version="Natural Earth 4.1.0, world-atlas 2.0.2",
            url="https://www.npmjs.com/package/world-atlas",
            licence="PUBLIC-DOMAIN",
            retrieved=_RETRIEVED,
            credit="Natural Earth (public domain)",
            coverage="All countries; the pipeline keeps those near Mali, clipped to West Africa",
            caveats=("De facto boundaries; CRS not declared in the file (WGS84 longitude/latitude, set on reading).",),
        ),
    ]
})


#: The parts of a shapefile, in the order they are listed; the .shp part is the source's main id.
SHAPEFILE_PARTS = ("shp", "shx", "dbf", "prj", "cpg")


def shapefile_sources(id: str, path: str, **meta) -> list[RawSource]:
    """One :class:`RawSource` per file of a shapefile set (``.shp`` as ``id``, the others as ``id_<ext>``).

    All five files are needed to read the layer (geometry, index, attributes,
    CRS, encoding); listing each one gives each its sha256 in
    ``datapackage.json`` and lets a copy of the sources carry the whole set.

    Parameters
    ----------
    id : str
        Id of the ``.shp`` part.
    path : str
        Path of the ``.shp`` file under the sources folder.
    **meta
        The other :class:`RawSource` fields, shared by all parts.
    """
    stem = path[: -len(".shp")]
    return [RawSource(id=id if ext == "shp" else f"{id}_{ext}", path=f"{stem}.{ext}", **meta)
            for ext in SHAPEFILE_PARTS]


def shapefile_ids(id: str) -> tuple[str, ...]:
    """The source ids of every part of the shapefile whose ``.shp`` is ``id`` (see :func:`shapefile_sources`)."""
    return tuple(id if ext == "shp" else f"{id}_{ext}" for ext in SHAPEFILE_PARTS)


_CODAB = dict(
    published="2021-12-20",
    dataset="codab_mli",
    dataset_title="Mali - Subnational Administrative Boundaries (COD-AB), admin 1 and 2, 1:1M",
    publisher="UN OCHA and the COD sub-working group in Mali; source DNCT (Mali); via HDX",
    version="validOn 2021-12-20 (files *_1m_gov_20211220)",
    url="https://data.humdata.org/dataset/cod-ab-mli",
    licence="COD-AB",
    retrieved=_RETRIEVED,
    credit="DNCT Mali / UN OCHA (COD-AB), via HDX",
)
SOURCES.update({
    s.id: s
    for s in [
        *shapefile_sources(
            "codab_mli_adm1", "boundaries/cod-ab-mli-20211220/mli_admbnda_adm1_1m_gov_20211220.shp",
            title="Mali - Subnational Administrative Boundaries (COD-AB), admin 1 (regions), 1:1M",
            coverage="Mali, 10 regions (8 regions, Bamako district and Ménaka; Taoudénit still inside Tombouctou)",
            caveats=("Copy taken from a third-party mirror (GitHub Haoua01/Dashboard-West-Africa) of the HDX files.",),
            **_CODAB,
        ),
        *shapefile_sources(
            "codab_mli_adm2", "boundaries/cod-ab-mli-20211220/mli_admbnda_adm2_1m_gov_20211220.shp",
            title="Mali - Subnational Administrative Boundaries (COD-AB), admin 2 (cercles), 1:1M",
            coverage="Mali, 53 cercles with 2021 pcodes (ML0101 ... ML1004)",
            caveats=("Copy taken from a third-party mirror (GitHub Haoua01/Dashboard-West-Africa) of the HDX files.",
                     "Names mix accented and unaccented spellings; pcodes are the join key."),
            **_CODAB,
        ),
    ]
})


# --------------------------------------------------------------------------
# The fact base's new tables of 2 December 2026 (facts/README.md, last section), and the files
# the project compiles itself (curated/, committed: see curated/README.md).
# --------------------------------------------------------------------------

_TAGS = ("Notes tagged [press-only] rest on a press report quoting the UN (no UN copy found); [not re-checked] "
         "rows were carried over from a first transcription. Both tags are kept as columns.")


def _fact_table(id: str, name: str, title: str, credit: str, coverage: str, *caveats: str) -> RawSource:
    """A table of the fact base (``facts/<name>.csv``), revised on 2 December 2026."""
    return RawSource(id=id, path=f"facts/{name}.csv", title=f"MINUSMA fact base: {title}", published=_FACTS_VERSION,
                     dataset="facts", dataset_title=_FACTS_TITLE,
                     publisher="The MINUSMA report (compiled from cited public sources)", version=_FACTS_VERSION,
                     url=_FACTS_URL, licence="FACTS", retrieved=_FACTS_VERSION, credit=credit, coverage=coverage,
                     caveats=caveats)


def _curated(id: str, name: str, title: str, coverage: str, *caveats: str) -> RawSource:
    """A table the project compiles and commits (``curated/<name>.csv``); see ``curated/README.md``."""
    return RawSource(id=id, path=f"curated/{name}.csv", title=f"MINUSMA report, curated: {title}",
                     published=_FACTS_VERSION, dataset="curated",
                     dataset_title="MINUSMA report: curated facts about the sources (curated/)",
                     publisher="The MINUSMA report (each row names its source)", version=_FACTS_VERSION,
                     url=f"https://github.com/minusma-report/minusma-report/blob/main/curated/{name}.csv",
                     licence="FACTS", retrieved=_FACTS_VERSION,
                     credit="MINUSMA report, curated facts (each row cites its source)", coverage=coverage,
                     caveats=caveats, root="project")


SOURCES.update({s.id: s for s in [
    _fact_table("facts_civilian_harm", "civilian_harm",
                "UN human-rights figures on civilians by period and perpetrator",
                "MINUSMA Human Rights and Protection Division and OHCHR figures as published (each row cites its "
                "source), compiled by the MINUSMA report",
                "Mali, April 2020 to March 2023 (gaps: Q3 2021 as a quarter, Q2-Q4 2023)",
                _TAGS,
                "Cases are documented cases only and exclude Moura; 'violations/abuses' count cases, shares are "
                "per cent of victims or of violations as marked; Secretary-General report rows use another method "
                "and are not added to the division's rows."),
    _fact_table("facts_restrictions", "restrictions", "restrictions on MINUSMA",
                "UN Secretary-General reports and UN statements as published, compiled by the MINUSMA report",
                "January 2022 to October 2023", _TAGS,
                "Only one reporting period (January-March 2023) has counts of flight authorisations denied."),
    _fact_table("facts_attacks_on_mission", "attacks_on_mission", "attacks on MINUSMA by reporting period",
                "UN Secretary-General reports as published, compiled by the MINUSMA report",
                "2018 to March 2023, selected reporting periods", _TAGS,
                "Exact period bounds are known only for 6 January - 1 March 2023; other rows give the month."),
    _fact_table("facts_activities", "activities", "what the mission did (selected activities)",
                "UN statements and press reports of UN figures, compiled by the MINUSMA report",
                "2013 to 2021, selected activities", _TAGS,
                "Thin: no totals of medical evacuations, no figures for the 2016 local elections or the "
                "peace agreement's bodies."),
    _fact_table("facts_wagner_strength", "wagner_strength", "published estimates of Wagner's strength in Mali",
                "Press reports of estimates (each row names who made the estimate), compiled by the MINUSMA report",
                "September 2021 to June 2025",
                "Estimates by third parties, not counts; the 'about 1,000' of June 2023 explainers was not found "
                "in a stored copy."),
    _curated("curated_uncitable", "uncitable_sources", "outlets the report does not cite",
             "Web domains whose pages the report does not cite (state media, scrapers, aggregators, encyclopedias)",
             "Rows of any source whose only citation is one of these domains are left out of the derived tables."),
    _curated("curated_budget_scope", "budget_total_scope", "whether each peacekeeping budget total includes MINUSMA",
             "One row per row of facts/peacekeeping_budget_totals.csv"),
    _curated("curated_camp_handovers", "camp_handovers", "how each MINUSMA base was left",
             "One row per base of facts/camps.csv",
             "The report's reading of the sources of facts/camps.csv (each row names the source it reads)."),
    _curated("curated_withdrawal_fears", "withdrawal_fears", "the fears of June 2023 and how each is scored",
             "One row per fear voiced in June 2023 about the mission's departure",
             "Indicators and thresholds were written down before the scorecard's values were computed (fixed_on)."),
    _curated("curated_oversight_bodies", "oversight_bodies", "UN bodies that reported on abuses in Mali",
             "One row per UN body mandated to report publicly on abuses in Mali, 2013 onwards",
             "An empty end date means the mandate was still renewed at the latest renewal found (last_confirmed)."),
    _curated("curated_figures", "figures", "figures re-sourced or added by the project",
             "Rows in the columns of facts/figures.csv",
             "Where the fact base cites an outlet the report does not cite, the figure is re-sourced here to the "
             "original publisher or a reputable outlet (the row says which)."),
    _curated("curated_actor_aliases", "actor_aliases", "actor classes of every actor name in UCDP GED and ACLED",
             "Every side_a/side_b of UCDP GED 24.1 (Mali, Burkina Faso) and every actor1, assoc_actor_1, actor2, "
             "assoc_actor_2 name of ACLED's Mali export of 2015 - March 2023",
             "The project's classification of the datasets' actor names (UCDP's and ACLED's codebooks name the "
             "actors; the class is the report's); a name missing here stops the derivation."),
    _curated("curated_strength_statements", "strength_statements", "strength figures re-sourced by the project",
             "Rows in the columns of un-deployments/strength_statements.csv",
             "Where the compiled statements cite an outlet the report does not cite, the figure is taken here "
             "from another published source (the row says which)."),
    # --- New raw files of 2 December 2026: actor-coded events and yearly strength (issues 11 and 12) -----
    RawSource(
        id="acled_mli_events_2015_2023",
        published="2023-03",
        path="conflict-events/acled_mali_2015-01_2023-03_events_gbourbeau.csv",
        title="ACLED Data Export Tool, Mali, 2015-01-01 to 2023-03-01 (dyadic export)",
        publisher="Armed Conflict Location & Event Data (ACLED)",
        version="downloaded about 27 March 2023 (dyadic export)",
        url="https://acleddata.com/data-export-tool/",
        licence="ACLED-TOU",
        retrieved="2026-12-02",
        credit=ACLED_CREDIT,
        coverage="Mali, 7,293 events, 1 January 2015 to 1 March 2023 (2023: January and 1 March only), with all "
                 "four actor columns",
        caveats=(
            "Second-hand copy (GitHub gbourbeau/conflict-prediction-bayes) of an ACLED export; an older vintage "
            "than the HDX aggregates, so counts differ slightly.",
            "ACLED names actors by period ('Military Forces of Mali (2021-)'); the report groups them by an alias "
            "table, never by exact string.",
            _ACLED_TERMS,
        ),
    ),
    RawSource(
        id="ucdp_ged_mli_v24",
        published="2024",
        path="conflict-events/ucdp_ged_v24-1_mali_1990-2023_events_Sarahlaure-Projet-BSA.csv",
        title="UCDP Georeferenced Event Dataset (GED) 24.1, events in Mali, 1990-2023",
        publisher="Uppsala Conflict Data Program (UCDP), Uppsala University",
        version="24.1 (inferred from coverage and totals)",
        url="https://ucdp.uu.se/downloads/",
        licence="CC-BY-4.0",
        retrieved="2026-12-02",
        credit=f"{UCDP_CREDIT} (Sundberg & Melander 2013; Davies et al. 2024)",
        coverage="Mali, 2,120 events, 1990 to December 2023, with side_a, side_b and civilian deaths",
        caveats=(
            "Country export from UCDP's download site, copied from GitHub Sarahlaure/Projet-BSA; every row ends "
            "with a trailing comma.",
            "No separate Russian or Wagner actor for 2021-2023: operations with Russian personnel are coded under "
            "'Government of Mali'.",
            "23 rows have best outside low-high, as in UCDP's own data.",
        ),
    ),
    RawSource(
        id="ucdp_ged_bfa_v24",
        published="2024",
        path="conflict-events/ucdp_ged_v24-1_burkina-faso_2016-2023_events_Sarahlaure-Projet-BSA.csv",
        title="UCDP Georeferenced Event Dataset (GED) 24.1, events in Burkina Faso, 2016-2023",
        publisher="Uppsala Conflict Data Program (UCDP), Uppsala University",
        version="24.1 (inferred from coverage and totals)",
        url="https://ucdp.uu.se/downloads/",
        licence="CC-BY-4.0",
        retrieved="2026-12-02",
        credit=f"{UCDP_CREDIT} (Sundberg & Melander 2013; Davies et al. 2024)",
        coverage="Burkina Faso, 1,504 events, 2016 to December 2023",
        caveats=("Same export and repository as the Mali file; every row ends with a trailing comma.",),
    ),
    RawSource(
        id="dpo_uniformed_year_means",
        published="2023-09-07",
        path="un-deployments/dpo_uniformed_country-mission-year_means_2010-2021_corinnee.csv",
        title="UN DPO uniformed contributions: yearly means by mission and contributing country, 2010-2021",
        publisher="United Nations Department of Peace Operations (monthly figures); yearly means computed by "
                  "corinnee/UN_Peacekeeping_Analytics (University of Kent)",
        version="GitHub corinnee/UN_Peacekeeping_Analytics commit 1167cb2 (2023-09-07)",
        url="https://github.com/corinnee/UN_Peacekeeping_Analytics",
        licence="CITE-AUTHORS",
        retrieved="2026-12-02",
        credit="UN DPO uniformed contributions (yearly means by corinnee/UN_Peacekeeping_Analytics)",
        coverage="Every UN mission and contributing country, 2010-2021; whole years only 2018, 2019 and 2020",
        caveats=(
            "Means over 12 months with missing months counted as zero: only 2018, 2019 and 2020 are whole years "
            "for every mission; other years are not levels.",
            "No months and no personnel types.",
        ),
    ),
]})
