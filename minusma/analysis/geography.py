"""Mali's regions and the report's three zones, defined once for every chapter, chart and table.

The report groups Mali's ten regions (OCHA COD-AB 2021: the eight regions of
2012, Bamako district and Ménaka; Taoudénit still inside Tombouctou) into three
zones, by region pcode:

=========  ===========================================  =========================================
zone       regions                                      why
=========  ===========================================  =========================================
north      Tombouctou, Gao, Kidal, Ménaka               the regions of the 2012 rebellion and of
                                                        the jihadist takeover; the mission's core
centre     Mopti, Ségou                                 the inner Niger delta and the Dogon
                                                        plateau, the heart of the violence from
                                                        2015 (the Security Council's "centre")
south      Kayes, Koulikoro, Sikasso, Bamako district   the south and west, around the capital
=========  ===========================================  =========================================

Every grouping of regions in the book goes through :data:`ZONES` and
:func:`zone_of`; the Methods chapter shows the table to the reader
(:func:`zone_table`). A cercle belongs to the zone of its region (its pcode's
first four characters).
"""

from __future__ import annotations

import pandas as pd

#: Region names as COD-AB 2021 writes them (with accents), by pcode.
REGIONS: dict[str, str] = {
    "ML01": "Kayes",
    "ML02": "Koulikoro",
    "ML03": "Sikasso",
    "ML04": "Ségou",
    "ML05": "Mopti",
    "ML06": "Tombouctou",
    "ML07": "Gao",
    "ML08": "Kidal",
    "ML09": "Bamako",
    "ML10": "Ménaka",
}

#: The zone of each region, by pcode.
ZONES: dict[str, str] = {
    "ML06": "north",
    "ML07": "north",
    "ML08": "north",
    "ML10": "north",
    "ML04": "centre",
    "ML05": "centre",
    "ML01": "south",
    "ML02": "south",
    "ML03": "south",
    "ML09": "south",
}

#: Zones in the order the book lists them, with the name a sentence uses.
ZONE_NAMES: dict[str, str] = {"north": "the north", "centre": "the centre", "south": "the south and west"}


def regions_in(zone: str) -> list[str]:
    """The region names (COD-AB spelling) of ``zone``, in pcode order.

    Raises
    ------
    KeyError
        ``zone`` is not one of :data:`ZONE_NAMES`.
    """
    if zone not in ZONE_NAMES:
        raise KeyError(f"unknown zone {zone!r}; zones: {list(ZONE_NAMES)}")
    return [REGIONS[p] for p, z in ZONES.items() if z == zone]


def pcodes_in(zone: str) -> list[str]:
    """The region pcodes of ``zone`` (``["ML04", "ML05"]`` for the centre)."""
    regions_in(zone)
    return [p for p, z in ZONES.items() if z == zone]


def zone_label(zone: str) -> str:
    """A chart or table label for ``zone``: ``"Centre (Mopti, Ségou)"``."""
    return f"{ZONE_NAMES[zone].removeprefix('the ').capitalize()} ({', '.join(regions_in(zone))})"


def zone_of(pcode: pd.Series) -> pd.Series:
    """The zone of each region or cercle pcode (``ML0503`` -> ``centre``).

    Parameters
    ----------
    pcode : pandas.Series of str
        COD-AB 2021 region (``MLxx``) or cercle (``MLxxyy``) pcodes.

    Returns
    -------
    pandas.Series of str
        Same index; ``north``, ``centre`` or ``south``.

    Raises
    ------
    KeyError
        A pcode whose region is not in :data:`ZONES`, named in the message.
    """
    region = pcode.astype(str).str[:4]
    unknown = sorted(set(region) - set(ZONES))
    if unknown:
        raise KeyError(f"region pcodes without a zone: {unknown}")
    return region.map(ZONES)


def zone_table() -> pd.DataFrame:
    """The zones as the reader sees them: ``Zone`` and ``Regions`` (str), one row per zone."""
    return pd.DataFrame(
        {
            "Zone": [ZONE_NAMES[z].removeprefix("the ").capitalize() for z in ZONE_NAMES],
            "Regions": [", ".join(regions_in(z)) for z in ZONE_NAMES],
        }
    )
