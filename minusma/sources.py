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

import hashlib
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .paths import relative, sources_dir

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

    def file(self) -> Path:
        """Return the absolute path of this source's file in the sources folder.

        Raises
        ------
        FileNotFoundError
            The file is not there; the message says how to get it.
        """
        p = sources_dir() / self.path
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
        out["caveats"] = list(self.caveats)
        out["file"] = relative(self.file())
        out["sha256"] = self.sha256()
        return out


_RETRIEVED = "2026-11-29"
_UN_CREDIT = "UN Peace and Security Data Hub (DPPA/DPO), Mission Fatalities, via HDX (CC BY-IGO)"

SOURCES: dict[str, RawSource] = {
    s.id: s
    for s in [
        RawSource(
            id="un_fatalities",
            path="un-fatalities/DPPADPOSS-FATALITIES_v2025-04-04.csv",
            title="Mission Fatalities - Fatalities in PKOs and SPMs since 1948 (DPPADPOSS-FATALITIES)",
            publisher="United Nations, Peace and Security Pillar (DPPA/DPO), DPPA-DPO-SS-UNOCC",
            version="2025-04-04",
            url="https://api.psdata.un.org/public/data/DPPADPOSS-FATALITIES/CSV",
            licence="CC-BY-3.0-IGO",
            retrieved=_RETRIEVED,
            credit=_UN_CREDIT,
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
            path="facts/timeline.csv",
            title="MINUSMA fact base: dated events",
            publisher="The MINUSMA report (compiled from cited public sources)",
            version=_RETRIEVED,
            url="https://github.com/ (this repository's sources/facts, compiled offline)",
            licence="FACTS",
            retrieved=_RETRIEVED,
            credit="MINUSMA report fact base (each event cites its source)",
            coverage="2012-01 to 2025, one row per dated event",
            caveats=("Event descriptions are the compiler's paraphrases; the report words its own sentences.",),
        ),
        RawSource(
            id="facts_camps",
            path="facts/camps.csv",
            title="MINUSMA fact base: bases and their closure",
            publisher="The MINUSMA report (compiled from cited public sources)",
            version=_RETRIEVED,
            url="https://github.com/ (this repository's sources/facts, compiled offline)",
            licence="FACTS",
            retrieved=_RETRIEVED,
            credit="MINUSMA report fact base (UN statements and news reports; each base cites its source)",
            coverage="15 bases; closures August 2023 to July 2024",
            caveats=(
                "Coordinates are approximate town coordinates from general knowledge, not camp perimeters.",
                "Some closure dates differ between sources (Tessalit/Aguelhok, Douentza, Mopti-Sévaré).",
            ),
        ),
        RawSource(
            id="facts_humanitarian",
            path="facts/humanitarian.csv",
            title="MINUSMA fact base: humanitarian figures",
            publisher="The MINUSMA report (compiled from OCHA, IOM DTM, UNHCR, CONASUR and press sources)",
            version=_RETRIEVED,
            url="https://github.com/ (this repository's sources/facts, compiled offline)",
            licence="FACTS",
            retrieved=_RETRIEVED,
            credit="MINUSMA report fact base (OCHA, IOM DTM, UNHCR and others; each figure cites its source)",
            coverage="Mali, Burkina Faso, Niger, 2012-2025",
            caveats=(
                "Point figures from different counting systems (CMP until 2019, then IOM DTM) and dates.",
                "Rows flagged low confidence (an AI-generated summary) are kept but never stated as fact.",
            ),
        ),
        RawSource(
            id="fts_appeals",
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
