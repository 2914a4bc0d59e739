"""Fields defined once: the columns several derived tables share, and their provenance columns.

As PUDL's ``fields.py`` does, a column that means the same thing in several
tables (``year``, ``month``, ``mission``, ``country``, ``iso3``,
``fatalities``, ``latitude`` ...) is declared here once, with its type and
description; a table schema takes it with :func:`use`, adding only the
constraints that are the table's own (a range, a list of allowed values)
and, where the table says more, a sharper description. The type never
changes from table to table. The two columns that carry each row's source in
the tables read from the fact base and the compiled statements
(``source_title``, ``source_url``) come from :func:`provenance`.

Every field is a Frictionless Table Schema field (``dict`` with ``name``,
``type``, ``description``, optional ``constraints``), the form
``data/datapackage.json`` publishes.
"""

from __future__ import annotations

#: A web address (``http://`` or ``https://``), the pattern of every ``source_url`` that must be one.
URL_PATTERN = r"^https?://.+$"

#: The shared fields: name -> (Table Schema type, description).
FIELDS: dict[str, tuple[str, str]] = {
    "year": ("integer", "Year"),
    "month": ("date", "First day of the month"),
    "mission": ("string", "Mission"),
    "mission_kind": ("string", "Peacekeeping operation, special political mission or other"),
    "country": ("string", "Country"),
    "iso3": ("string", "ISO3"),
    "fatalities": ("integer", "Reported fatalities"),
    "latitude": ("number", "Latitude"),
    "longitude": ("number", "Longitude"),
    "admin1": ("string", "Region name"),
    "admin1_pcode": ("string", "Region pcode"),
    "event_type": ("string", "ACLED event type"),
    "type_of_violence": ("integer", "1 state-based, 2 non-state, 3 one-sided"),
    "notes": ("string", "Scope and caveats"),
    "source_title": ("string", "Source"),
    "source_url": ("string", "Address of the source"),
}


def field_(name: str, ftype: str, description: str, **constraints) -> dict:
    """A Table Schema field of one table only: ``field_("casualty_id", "string", "...", unique=True)``."""
    f = {"name": name, "type": ftype, "description": description}
    if constraints:
        f["constraints"] = constraints
    return f


def use(name: str, description: str | None = None, **constraints) -> dict:
    """The shared field ``name`` of :data:`FIELDS`, with this table's constraints (and description, if given).

    ``use("year", required=True, minimum=2013)`` gives
    ``{"name": "year", "type": "integer", "description": "Year", "constraints": {...}}``.

    Raises
    ------
    KeyError
        ``name`` is not a shared field (declare it in :data:`FIELDS`, or use :func:`field_`).
    """
    try:
        ftype, default = FIELDS[name]
    except KeyError:
        raise KeyError(f"{name!r} is not a shared field of minusma/data/fields.py; known: {sorted(FIELDS)}") from None
    return field_(name, ftype, default if description is None else description, **constraints)


def provenance(title: str | None = None, url: str | None = None, **url_constraints) -> list[dict]:
    """The provenance columns ``source_title`` (required) and ``source_url``, in that order.

    Parameters
    ----------
    title, url : str, optional
        Sharper descriptions of the two columns (default ``"Source"``, ``"Address of the source"``).
    **url_constraints
        Constraints of ``source_url`` (``required=True, pattern=URL_PATTERN`` where every row has an address).
    """
    return [use("source_title", title, required=True), use("source_url", url, **url_constraints)]
