"""Fields defined once (minusma/data/fields.py): one type per shared column across every table of data/."""

from __future__ import annotations

import pytest

from minusma.data.derive import registry
from minusma.data.fields import FIELDS, URL_PATTERN, provenance, use


def test_use_gives_the_shared_type_and_the_tables_constraints():
    assert use("year", required=True, minimum=2013) == {
        "name": "year",
        "type": "integer",
        "description": "Year",
        "constraints": {"required": True, "minimum": 2013},
    }
    assert use("iso3", "ISO3 of the contributor") == {
        "name": "iso3",
        "type": "string",
        "description": "ISO3 of the contributor",
    }
    with pytest.raises(KeyError, match="'casualty_id' is not a shared field of minusma/data/fields.py"):
        use("casualty_id")


def test_provenance_is_source_title_then_source_url():
    title, url = provenance(required=True, pattern=URL_PATTERN)
    assert (title["name"], title["constraints"]) == ("source_title", {"required": True})
    assert (url["name"], url["constraints"]) == ("source_url", {"required": True, "pattern": r"^https?://.+$"})


def test_every_table_gives_a_shared_column_its_one_type():
    specs = registry()
    seen = {}
    for name, spec in specs.items():
        for f in spec.schema["fields"]:
            if f["name"] in FIELDS:
                assert f["type"] == FIELDS[f["name"]][0], f"data/{name}.csv: {f['name']} is {f['type']}"
                seen.setdefault(f["name"], set()).add(name)
    # year is in 14 tables, iso3 in 11, the provenance columns in the 15 tables read from the fact base and the
    # compiled statements (counted on the derivation of 3 December 2026)
    assert len(seen["year"]) == 14 and len(seen["iso3"]) == 11 and len(seen["source_title"]) == 15


def test_every_table_with_a_source_title_has_its_address_next_to_it():
    for name, spec in registry().items():
        cols = spec.columns
        if "source_title" in cols:
            assert cols[cols.index("source_title") + 1] == "source_url", name
