"""The catalogue of raw sources: one YAML file per source folder, under ``snapshots/``.

Each raw folder of :func:`minusma.paths.sources_dir` (``un-fatalities``,
``conflict-events``, ...) has a catalogue ``snapshots/<folder>.yaml`` in the
project, and the project's own tables (``curated/``) have
``snapshots/curated.yaml``, as Our World in Data keeps a ``.dvc`` file beside
each snapshot. A catalogue says, for each file: who publishes it, its title,
version, licence, address, the pinned sha256 and size of the snapshot's copy,
when it was retrieved, and its caveats. ``snapshots/licences.yaml`` holds the
licences by key. The fields are described in ``snapshots/README.md``; this
module reads and validates them, :mod:`minusma.data.sources` turns them into
:class:`~minusma.data.sources.RawSource` objects.

A catalogue has the keys ``folder`` (the folder's name), ``root``
(``sources``: the raw snapshot folder; ``project``: files committed under the
project), optional ``defaults`` (fields every entry shares, unless it sets its
own) and ``sources`` (a list of entries). Reading stops with the project's
validation error (:class:`~minusma.data.validate.DataValidationError`) naming
the file, the line and the key of every problem: a missing or unknown key, a
value of the wrong type, a licence that is not in ``licences.yaml``, an id
used twice.
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
from pathlib import Path

import yaml

from minusma.data.problems import DataValidationError, Problem
from minusma.paths import ROOT, relative

#: The folder of the catalogues.
CATALOGUE_DIR = ROOT / "snapshots"
#: The licences file in :data:`CATALOGUE_DIR` (every other ``*.yaml`` there is a source folder's catalogue).
LICENCES_FILE = "licences.yaml"

#: Keys every entry must have (itself or through ``defaults``).
REQUIRED = ("id", "file", "title", "publisher", "version", "url", "licence", "retrieved", "credit")
#: Keys an entry may have, with the type of their value.
TYPES: dict[str, type] = {
    **dict.fromkeys(REQUIRED, str),
    "sha256": str,
    "bytes": int,
    "parts": dict,
    "published": str,
    "coverage": str,
    "caveats": list,
    "dataset": str,
    "dataset_title": str,
    "download": str,
    "access": str,
    "download_format": str,
    "download_extract": str,
    "download_match": str,
    "version_column": str,
}
#: Keys whose value may be written as a bare YAML date (``2026-11-29``): read as ISO text.
DATES = ("retrieved", "published", "version")
#: Allowed values.
CHOICES = {
    "access": ("url", "hdx", "acled-api"),
    "download_format": ("csv", "xlsx", "zip"),
    "root": ("sources", "project"),
}
#: The parts of a shapefile, in the order they are listed; the ``.shp`` part is the source's main id.
SHAPEFILE_PARTS = ("shp", "shx", "dbf", "prj", "cpg")

_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_SHA = re.compile(r"^[0-9a-f]{64}$")
_ISO = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_LICENCE_KEYS = ("name", "title", "path")


class _Lines(dict):
    """A mapping read from YAML that remembers the line of each key (``lines[key]``, 1-based)."""

    lines: dict[str, int]
    line: int


class _Loader(yaml.SafeLoader):
    pass


def _mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> _Lines:
    out = _Lines(loader.construct_mapping(node, deep=True))
    out.lines = {k.value: k.start_mark.line + 1 for k, _ in node.value if isinstance(k, yaml.ScalarNode)}
    out.line = node.start_mark.line + 1
    return out


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def _read(path: Path) -> _Lines:
    """Parse one YAML file; a syntax error or a file that is not a mapping stops with its line."""
    label = relative(path)
    try:
        doc = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        raise DataValidationError(
            [Problem(label, mark.line + 1 if mark else None, None, f"not valid YAML ({exc.problem})")]
        ) from None
    if not isinstance(doc, dict):
        raise DataValidationError(
            [Problem(label, None, None, "a catalogue is a mapping of keys (folder, root, defaults, sources)")]
        )
    return doc


def _line(mapping, key: str | None = None) -> int | None:
    lines = getattr(mapping, "lines", {})
    return lines.get(key) if key in lines else getattr(mapping, "line", None)


def _type_name(t: type) -> str:
    return {str: "text", int: "a whole number", list: "a list of texts", dict: "a mapping"}[t]


def _check_value(key: str, value, where, label: str, problems: list[Problem]):
    """The value as the registry keeps it (dates as ISO text), or None after appending a problem."""
    if key in DATES and isinstance(value, _dt.date):
        value = value.isoformat()
    want = TYPES[key]
    if not isinstance(value, want) or (want is int and isinstance(value, bool)):
        problems.append(
            Problem(
                label,
                _line(where, key),
                key,
                f"must be {_type_name(want)} (rule 'type'), not {type(value).__name__}",
                str(value),
            )
        )
        return None
    if key == "caveats" and not all(isinstance(c, str) for c in value):
        problems.append(Problem(label, _line(where, key), key, "each caveat must be text (rule 'type')"))
        return None
    if key in ("retrieved", "published") and value and not _ISO.match(value):
        problems.append(
            Problem(
                label, _line(where, key), key, "must be an ISO date, YYYY, YYYY-MM or YYYY-MM-DD (rule 'date')", value
            )
        )
    if key == "sha256" and not _SHA.match(value):
        problems.append(
            Problem(label, _line(where, key), key, "must be 64 lower-case hex digits (rule 'sha256')", value)
        )
    if key in CHOICES and value not in CHOICES[key]:
        problems.append(
            Problem(label, _line(where, key), key, f"must be one of {list(CHOICES[key])} (rule 'enum')", value)
        )
    if key in ("title", "publisher", "credit", "url", "file", "version") and not value.strip():
        problems.append(Problem(label, _line(where, key), key, "must not be empty (rule 'required')"))
    return value


def _pins(parts, where, label: str, problems: list[Problem]) -> dict[str, tuple[str, int]]:
    """``parts`` of a shapefile: ``{ext: (sha256, bytes)}`` for every one of :data:`SHAPEFILE_PARTS`."""
    out = {}
    for ext in SHAPEFILE_PARTS:
        pin = parts.get(ext)
        if not isinstance(pin, dict) or set(pin) != {"sha256", "bytes"}:
            problems.append(
                Problem(
                    label,
                    _line(parts, ext),
                    f"parts.{ext}",
                    "each part of a shapefile needs its sha256 and bytes (rule 'required')",
                )
            )
            continue
        sha = _check_value("sha256", pin["sha256"], pin, label, problems)
        size = _check_value("bytes", pin["bytes"], pin, label, problems)
        out[ext] = (sha, size)
    for ext in set(parts) - set(SHAPEFILE_PARTS):
        problems.append(
            Problem(
                label,
                _line(parts, ext),
                f"parts.{ext}",
                f"unknown part; a shapefile has {list(SHAPEFILE_PARTS)} (rule 'known key')",
            )
        )
    return out


def read_catalogue(path: Path, licences: dict[str, dict]) -> list[dict]:
    """Read one folder's catalogue: a list of entries, each a ``dict`` of RawSource fields.

    Each entry has ``path`` (``<folder>/<file>``), ``root``, its fields and
    those of ``defaults`` it does not set, ``caveats`` as a tuple, and
    ``pinned_sha256`` and ``pinned_bytes``. A shapefile entry (``parts``)
    gives one entry per part (:data:`SHAPEFILE_PARTS`): ``id`` for the
    ``.shp``, ``id_<ext>`` for the others.

    Raises
    ------
    DataValidationError
        One problem per missing, unknown or mistyped key, naming the file, the line and the key.
    """
    label = relative(path)
    doc = _read(path)
    problems: list[Problem] = []
    for key in set(doc) - {"folder", "root", "defaults", "sources"}:
        problems.append(
            Problem(
                label,
                _line(doc, key),
                key,
                "unknown key; a catalogue has folder, root, defaults, sources (rule 'known key')",
            )
        )
    folder = doc.get("folder")
    if folder != path.stem:
        problems.append(
            Problem(
                label,
                _line(doc, "folder"),
                "folder",
                f"must name the folder this catalogue describes, {path.stem!r} (rule 'folder')",
                str(folder),
            )
        )
    root = doc.get("root", "sources")
    if root not in CHOICES["root"]:
        problems.append(
            Problem(label, _line(doc, "root"), "root", "must be 'sources' or 'project' (rule 'enum')", str(root))
        )
    defaults = doc.get("defaults") or {}
    entries = doc.get("sources")
    if not isinstance(entries, list) or not entries:
        problems.append(
            Problem(
                label, _line(doc, "sources"), "sources", "a catalogue lists its files under 'sources' (rule 'required')"
            )
        )
        raise DataValidationError(problems)
    out: list[dict] = []
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict):
            problems.append(Problem(label, None, f"sources[{i}]", "each source is a mapping of keys"))
            continue
        name = f"sources[{i}]" + (f" ({entry['id']})" if isinstance(entry.get("id"), str) else "")
        rec: dict = {}
        for where in (defaults, entry):
            for key, value in where.items():
                if key not in TYPES or (where is defaults and key in ("id", "file", "sha256", "bytes", "parts")):
                    known = "" if key in TYPES else "; known keys: " + ", ".join(TYPES)
                    problems.append(
                        Problem(
                            label,
                            _line(where, key),
                            key,
                            f"unknown key in {name if where is entry else 'defaults'} (rule 'known key'){known}",
                        )
                    )
                    continue
                checked = _check_value(key, value, where, label, problems)
                if checked is not None:
                    rec[key] = checked
        missing = [k for k in REQUIRED if k not in rec and not (k in entry or k in defaults)]
        if root == "sources" and "parts" not in entry:
            missing += [k for k in ("sha256", "bytes") if k not in entry]
        for key in missing:
            problems.append(
                Problem(label, getattr(entry, "line", None), key, f"{name} lacks the key {key!r} (rule 'required')")
            )
        if "id" in rec and not _ID.match(rec["id"]):
            problems.append(
                Problem(
                    label, _line(entry, "id"), "id", "must be lower case letters, digits and _ (rule 'id')", rec["id"]
                )
            )
        if "licence" in rec and rec["licence"] not in licences:
            problems.append(
                Problem(
                    label,
                    _line(entry if "licence" in entry else defaults, "licence"),
                    "licence",
                    f"unknown licence; {relative(CATALOGUE_DIR / LICENCES_FILE)} has "
                    f"{sorted(licences)} (rule 'licence')",
                    rec["licence"],
                )
            )
        if missing or any(k not in rec for k in REQUIRED):
            continue
        rec["caveats"] = tuple(rec.get("caveats", ()))
        rec["path"] = f"{folder}/{rec.pop('file')}"
        rec["root"] = root
        parts = rec.pop("parts", None)
        if parts is None:
            rec["pinned_sha256"] = rec.pop("sha256", "")
            rec["pinned_bytes"] = rec.pop("bytes", 0)
            out.append(rec)
            continue
        if not rec["path"].endswith(".shp"):
            problems.append(
                Problem(
                    label,
                    _line(entry, "parts"),
                    "parts",
                    "only a shapefile (file ending .shp) has parts (rule 'parts')",
                )
            )
            continue
        stem = rec["path"][: -len(".shp")]
        for ext, (sha, size) in _pins(parts, entry["parts"], label, problems).items():
            out.append(
                {
                    **rec,
                    "id": rec["id"] if ext == "shp" else f"{rec['id']}_{ext}",
                    "path": f"{stem}.{ext}",
                    "pinned_sha256": sha,
                    "pinned_bytes": size,
                }
            )
    if problems:
        raise DataValidationError(problems)
    return out


def read_licences(path: Path) -> dict[str, dict[str, str]]:
    """Read ``licences.yaml``: ``{key: {"name", "title", "path"}}``.

    Raises
    ------
    DataValidationError
        A licence lacks one of ``name``, ``title``, ``path`` or has another key.
    """
    label = relative(path)
    doc = _read(path)
    lic = doc.get("licences")
    if not isinstance(lic, dict) or not lic:
        raise DataValidationError(
            [
                Problem(
                    label,
                    _line(doc, "licences"),
                    "licences",
                    "the file lists the licences under 'licences' (rule 'required')",
                )
            ]
        )
    problems = []
    for key, entry in lic.items():
        if (
            not isinstance(entry, dict)
            or set(entry) != set(_LICENCE_KEYS)
            or not all(isinstance(v, str) and v for v in entry.values())
        ):
            problems.append(
                Problem(
                    label,
                    _line(lic, key),
                    key,
                    "a licence has exactly name, title and path, each text (rule 'licence')",
                )
            )
    if problems:
        raise DataValidationError(problems)
    return {k: dict(v) for k, v in lic.items()}


def catalogue_files(folder: Path | None = None) -> list[Path]:
    """The folder catalogues in :data:`CATALOGUE_DIR` (every ``*.yaml`` but :data:`LICENCES_FILE`), sorted."""
    folder = folder or CATALOGUE_DIR
    return sorted(p for p in Path(folder).glob("*.yaml") if p.name != LICENCES_FILE)


@functools.lru_cache(maxsize=4)
def load(folder: Path | None = None) -> tuple[dict[str, dict[str, str]], list[dict]]:
    """Read every catalogue of ``folder`` (default :data:`CATALOGUE_DIR`): ``(licences, entries)``.

    ``entries`` are those of :func:`read_catalogue`, folder by folder (the
    order of :data:`FOLDER_ORDER`, then any other catalogue by name).

    Raises
    ------
    DataValidationError
        A catalogue is malformed (see :func:`read_catalogue`), or two entries have the same id.
    """
    folder = Path(folder or CATALOGUE_DIR)
    licences = read_licences(folder / LICENCES_FILE)
    files = sorted(
        catalogue_files(folder),
        key=lambda p: (FOLDER_ORDER.index(p.stem) if p.stem in FOLDER_ORDER else len(FOLDER_ORDER), p.stem),
    )
    entries: list[dict] = []
    seen: dict[str, str] = {}
    problems = []
    for path in files:
        for rec in read_catalogue(path, licences):
            if rec["id"] in seen:
                problems.append(
                    Problem(
                        relative(path),
                        None,
                        "id",
                        f"id already used in {seen[rec['id']]} (rule 'unique id')",
                        rec["id"],
                    )
                )
                continue
            seen[rec["id"]] = relative(path)
            entries.append(rec)
    if problems:
        raise DataValidationError(problems)
    return licences, entries


#: The order the folders' sources are registered in (the order the methods pages list unused sources and the
#: bibliography's generated entries).
FOLDER_ORDER = ("un-fatalities", "facts", "humanitarian", "un-deployments", "conflict-events", "boundaries", "curated")
