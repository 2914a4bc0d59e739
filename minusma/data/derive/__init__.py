"""Derivations: raw snapshots in, the tables of ``data/`` out.

Each module of this sub-package (``fatalities``, ``timeline``, ...) declares the
tables it makes as :class:`TableSpec` objects in a module-level list
``TABLES``. :func:`registry` collects them; :mod:`minusma.data.pipeline` runs them,
validates the results against their schemas, writes ``data/`` and its
``datapackage.json``. One derivation per table: the same function runs in
``make data``, in a refresh, and in the re-derivation test.

A domain too large for one module keeps its table specs in the module listed
in :data:`MODULES` and its readers, derivations and schemas in sibling modules
named after it (``deployments`` and ``deployments_read``,
``deployments_strength``, ...; ``conflict`` and ``conflict_acled``,
``conflict_ucdp``, ...), which import nothing from the module of the specs.

To add a table: write a function ``derive_x(sources) -> DataFrame`` in the
module of its domain, describe it with a :class:`TableSpec` (a schema with
types, allowed values and primary key, whose shared columns come from
:func:`minusma.data.fields.use` and :func:`minusma.data.fields.provenance`),
append it to that module's ``TABLES``, and list the module in
:data:`MODULES` if it is new. Its raw sources are registered in the
catalogues of ``snapshots/`` (:mod:`minusma.data.catalogue`).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from minusma.data.csvio import format_frame, write_csv  # noqa: F401  (derivations write through these)

#: Modules whose ``TABLES`` make up ``data/``, in the order they are derived.
MODULES: tuple[str, ...] = (
    "fatalities",
    "timeline",
    "deployments",
    "mission_facts",
    "boundaries",
    "conflict",
    "actors",
    "withdrawal",
    "withdrawal_fears",
    "record",
)


@dataclass(frozen=True)
class TableSpec:
    """A derived table: what it holds, where it comes from, how it is made.

    Attributes
    ----------
    name : str
        Table name; the file is ``data/<name>.csv``.
    title, description : str
        Human-readable metadata for ``datapackage.json`` and the data dictionary.
    sources : tuple of str
        Ids of the raw sources (:data:`minusma.data.sources.SOURCES`) it reads.
    schema : dict
        Frictionless Table Schema: ``fields`` (each with ``name``, ``type``,
        ``description``, optional ``constraints``), ``primaryKey``.
    derive : callable
        ``derive(paths) -> pandas.DataFrame`` where ``paths`` maps each source
        id to the raw file's path. Must return exactly the schema's columns.
    checked_against : tuple of str
        Ids of raw sources that the derivation reads only to check the table
        (``paths`` holds them too); they are not listed as its sources.
    licence : str
        Key of :data:`minusma.data.sources.LICENCES` for the derived table
        (normally the licence of its sources).
    unit : str
        Unit of the table's main measure, in words.
    """

    name: str
    title: str
    description: str
    sources: tuple[str, ...]
    schema: dict
    derive: Callable[[Mapping[str, object]], pd.DataFrame]
    licence: str
    unit: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)
    #: Raw sources read only to check the table (for example an archived earlier version), not credited.
    checked_against: tuple[str, ...] = field(default_factory=tuple)

    @property
    def columns(self) -> list[str]:
        """Column names in schema order."""
        return [f["name"] for f in self.schema["fields"]]


def registry() -> dict[str, TableSpec]:
    """Return every derived table's spec, by name, in derivation order.

    Raises
    ------
    ValueError
        Two modules declare a table of the same name.
    """
    out: dict[str, TableSpec] = {}
    for mod in MODULES:
        for spec in importlib.import_module(f"{__name__}.{mod}").TABLES:
            if spec.name in out:
                raise ValueError(f"table {spec.name!r} is declared twice (second time in {mod})")
            out[spec.name] = spec
    return out
