"""The raw sources: who publishes them, under what licence, and where they are.

One :class:`RawSource` per raw file. The metadata is not written here: it is
read from the project's catalogues, one YAML file per raw source folder
(``snapshots/<folder>.yaml``, mirroring ``../shared/sources/<folder>/``, and
``snapshots/curated.yaml`` for the files the project compiles), and the
licences from ``snapshots/licences.yaml``; :mod:`minusma.data.catalogue` reads
and validates them. The derived tables in ``data/`` name the sources they come
from by ``id``; ``data/datapackage.json`` copies this metadata (plus the sha256
of the file actually read) into each resource's ``sources`` and ``licenses``,
and the methods chapter lists it.

Raw files are never copied into the repository. They are read from
:func:`minusma.paths.sources_dir` (``../shared/sources`` in CI; a refresh from
the publishers on a reader's machine), under :attr:`RawSource.path`.
"""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from minusma.data import catalogue
from minusma.data.catalogue import SHAPEFILE_PARTS
from minusma.paths import ROOT, relative, sources_dir


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
        Key of :data:`LICENCES` (``snapshots/licences.yaml``).
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
    #: The sha256 of the snapshot's copy, as the catalogue pins it (empty for ``root="project"`` files).
    pinned_sha256: str = ""
    #: The size in bytes of the snapshot's copy, as the catalogue pins it (0: not pinned).
    pinned_bytes: int = 0

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
                raise FileNotFoundError(
                    f"project file {self.path} of source {self.id!r} is missing from the "
                    "repository (it is committed: check out the whole repository)"
                )
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

    def pin_problem(self) -> str | None:
        """What is wrong with the file against the catalogue's pins (size, sha256), or None.

        Only a snapshot's copy is checked: a file named by a refresh manifest
        (a new download) and a project file have no pin to match.
        """
        if self.root == "project" or not self.pinned_sha256 or self.downloaded():
            return None
        p = self.file()
        if p.stat().st_size != self.pinned_bytes:
            return f"{p.stat().st_size:,} bytes, the catalogue pins {self.pinned_bytes:,}"
        if self.sha256() != self.pinned_sha256:
            return f"sha256 {self.sha256()[:12]}..., the catalogue pins {self.pinned_sha256[:12]}..."
        return None

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


#: Licences, by key (``snapshots/licences.yaml``). ``path`` is the licence text, as the Data Package standard wants.
LICENCES: dict[str, dict[str, str]]
#: Every registered raw source, by id, in the catalogues' order (:data:`minusma.data.catalogue.FOLDER_ORDER`).
SOURCES: dict[str, RawSource]
_licences, _entries = catalogue.load()
LICENCES = dict(_licences)
SOURCES = {e["id"]: RawSource(**e) for e in _entries}
del _licences, _entries


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


def shapefile_ids(id: str) -> tuple[str, ...]:
    """The source ids of every part of the shapefile whose ``.shp`` is ``id`` (``id``, ``id_shx``, ...).

    A catalogue entry with ``parts`` registers one source per part
    (:data:`minusma.data.catalogue.SHAPEFILE_PARTS`): all five files are
    needed to read the layer, and each gets its sha256 in ``datapackage.json``.
    """
    return tuple(id if ext == "shp" else f"{id}_{ext}" for ext in SHAPEFILE_PARTS)


def pin_problems() -> list[str]:
    """One line per snapshot file whose size or sha256 differs from its catalogue's pin (see
    :meth:`RawSource.pin_problem`); files that are missing are reported as such.
    """
    out = []
    for s in SOURCES.values():
        try:
            why = s.pin_problem()
        except FileNotFoundError:
            why = "missing"
        if why:
            out.append(f"sources/{s.path}: {why} (snapshots/{s.path.split('/')[0]}.yaml, source {s.id!r})")
    return out
