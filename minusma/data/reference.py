"""Reference lists that the schemas check against: missions, nationalities, categories.

A value outside these lists stops the pipeline with a message that names the
file, row, column and rule (see :mod:`minusma.data.validate`). When a refreshed
source brings a value that is new *and real* (a new mission, a renamed
country), add it here, with its source, and re-run ``make data``.

Sources
-------
- Mission acronyms and nationality names: the values used in the UN Peace and
  Security Data Hub table ``DPPADPOSS-FATALITIES`` (versions 2021-06,
  2023-11-28, 2025-04-04).
- ISO 3166-1 alpha-3 and UN M49 codes: as the same table gives them, and the
  UN Statistics Division's M49 list (https://unstats.un.org/unsd/methodology/m49/)
  for the rows where the table leaves them blank.
- Mission kinds: the UN's lists of current and past peacekeeping operations
  (https://peacekeeping.un.org/en/past-peacekeeping-operations) and of special
  political missions (https://dppa.un.org/en/dppa-around-world).
"""

from __future__ import annotations

#: ``type_of_incident`` values, as the UN table defines them.
INCIDENT_TYPES = (
    "Malicious Act",
    "Accident",
    "Illness",
    "Self-Inflicted",
    "To Be Determined",
    "Unknown",
)

#: ``casualty_personnel_type`` values, whitespace stripped (the source writes ``"Local "``).
PERSONNEL_TYPES = (
    "Military",
    "Police",
    "Military Observer",
    "International Civilian",
    "Local",
    "Other",
)

#: Personnel types that make up *uniformed personnel* in UN usage.
UNIFORMED = ("Military", "Police", "Military Observer")

PKO, SPM, OTHER = "peacekeeping operation", "special political mission", "other"

#: Every mission acronym in the UN fatalities table, with its kind.
#: ``OSE-Syria``/``OSESyria`` and ``UN Secretariat``/``UNSecretariat`` are
#: spellings of one entity in different versions; :data:`MISSION_ALIASES` joins them.
MISSIONS: dict[str, str] = {
    "BINUH": SPM,
    "BONUCA": SPM,
    "IPTF": PKO,
    "MICAH": SPM,
    "MINUGUA": SPM,
    "MINUJUSTH": PKO,
    "MINURCA": PKO,
    "MINURCAT": PKO,
    "MINURSO": PKO,
    "MINUSCA": PKO,
    "MINUSMA": PKO,
    "MINUSTAH": PKO,
    "MIPONUH": PKO,
    "MONUA": PKO,
    "MONUC": PKO,
    "MONUSCO": PKO,
    "ONUB": PKO,
    "ONUC": PKO,
    "ONUMOZ": PKO,
    "ONUSAL": PKO,
    "OSE-Syria": SPM,
    "OSESGY": SPM,
    "UNSecretariat": OTHER,
    "UNAMA": SPM,
    "UNAMET": PKO,
    "UNAMI": SPM,
    "UNAMID": PKO,
    "UNAMIR": PKO,
    "UNAMSIL": PKO,
    "UNAVEM": PKO,
    "UNCRO": PKO,
    "UNDOF": PKO,
    "UNEF": PKO,
    "UNFICYP": PKO,
    "UNGCI": OTHER,
    "UNIFIL": PKO,
    "UNIIMOG": PKO,
    "UNIKOM": PKO,
    "UNIOSIL": SPM,
    "UNIPSIL": SPM,
    "UNISFA": PKO,
    "UNITAMS": SPM,
    "UNMA": SPM,
    "UNMAO": OTHER,
    "UNMEE": PKO,
    "UNMIBH": PKO,
    "UNMIH": PKO,
    "UNMIK": PKO,
    "UNMIL": PKO,
    "UNMIN": SPM,
    "UNMIS": PKO,
    "UNMISET": PKO,
    "UNMISS": PKO,
    "UNMIT": PKO,
    "UNMOGIP": PKO,
    "UNMOT": PKO,
    "UNOAU": SPM,
    "UNOCI": PKO,
    "UNOHCI": OTHER,
    "UNOMIG": PKO,
    "UNOSOM": PKO,
    "UNOWA": SPM,
    "UNOWAS": SPM,
    "UNPF": PKO,
    "UNPOS": SPM,
    "UNPREDEP": PKO,
    "UNPROFOR": PKO,
    "UNPSG": PKO,
    "UNSCOB": SPM,
    "UNSMA": SPM,
    "UNSMIH": PKO,
    "UNSMIL": SPM,
    "UNSMIS": PKO,
    "UNSOM": SPM,
    "UNSOS": OTHER,
    "UNTAC": PKO,
    "UNTAES": PKO,
    "UNTAET": PKO,
    "UNTAG": PKO,
    "UNTSO": PKO,
    "UNVMC": SPM,
}

#: Missions of the deployment sources (the UN DPO yearly means) that have no row in the UN
#: fatalities table, with their kind (DPPA's list of past political missions,
#: https://dppa.un.org/en/dppa-around-world): the Hodeidah mission (UNMHA, 2019-), the
#: peacebuilding office in Guinea-Bissau (UNIOGBIS, 2010-2020), the first UN mission in Colombia
#: (UNMC, 2016-2017, before UNVMC) and the two offices in Burundi (BINUB 2007-2010, BNUB 2011-2014).
EXTRA_MISSIONS: dict[str, str] = {
    "UNMHA": SPM,
    "UNIOGBIS": SPM,
    "UNMC": SPM,
    "BINUB": SPM,
    "BNUB": SPM,
}


def mission_kind(acronym: str) -> str:
    """The kind of a mission (:data:`PKO`, :data:`SPM` or :data:`OTHER`) by its UN acronym.

    Raises
    ------
    KeyError
        The acronym is in neither :data:`MISSIONS` nor :data:`EXTRA_MISSIONS`: add it, with its source.
    """
    a = MISSION_ALIASES.get(acronym, acronym)
    if a in MISSIONS:
        return MISSIONS[a]
    if a in EXTRA_MISSIONS:
        return EXTRA_MISSIONS[a]
    raise KeyError(f"unknown mission {acronym!r}: add it to minusma/data/reference.py")


#: Spellings that differ between versions of the table -> the spelling used here.
MISSION_ALIASES: dict[str, str] = {"OSESyria": "OSE-Syria", "UN Secretariat": "UNSecretariat"}

#: Nationality as written in the UN table -> (ISO3, M49). Names are kept as the
#: UN writes them, except the repairs in :data:`NATIONALITY_REPAIRS`.
NATIONALITIES: dict[str, tuple[str | None, int | None]] = {
    "Afghanistan": ("AFG", 4),
    "Algeria": ("DZA", 12),
    "Angola": ("AGO", 24),
    "Argentina": ("ARG", 32),
    "Australia": ("AUS", 36),
    "Austria": ("AUT", 40),
    "Bangladesh": ("BGD", 50),
    "Barbados": ("BRB", 52),
    "Belgium": ("BEL", 56),
    "Benin": ("BEN", 204),
    "Bhutan": ("BTN", 64),
    "Bolivia (Plurinational State of)": ("BOL", 68),
    "Bosnia and Herzegovina": ("BIH", 70),
    "Botswana": ("BWA", 72),
    "Brazil": ("BRA", 76),
    "Bulgaria": ("BGR", 100),
    "Burkina Faso": ("BFA", 854),
    "Burundi": ("BDI", 108),
    "Cambodia": ("KHM", 116),
    "Cameroon": ("CMR", 120),
    "Canada": ("CAN", 124),
    "Central African Republic": ("CAF", 140),
    "Chad": ("TCD", 148),
    "Chile": ("CHL", 152),
    "China": ("CHN", 156),
    "Colombia": ("COL", 170),
    "Congo": ("COG", 178),
    "Croatia": ("HRV", 191),
    "Cyprus": ("CYP", 196),
    "Czechia": ("CZE", 203),
    "Democratic Republic of the Congo": ("COD", 180),
    "Denmark": ("DNK", 208),
    "Djibouti": ("DJI", 262),
    "Ecuador": ("ECU", 218),
    "Egypt": ("EGY", 818),
    "El Salvador": ("SLV", 222),
    "Eritrea": ("ERI", 232),
    "Ethiopia": ("ETH", 231),
    "Fiji": ("FJI", 242),
    "Finland": ("FIN", 246),
    "France": ("FRA", 250),
    "Gabon": ("GAB", 266),
    "Gambia": ("GMB", 270),
    "Georgia": ("GEO", 268),
    "Germany": ("DEU", 276),
    "Ghana": ("GHA", 288),
    "Greece": ("GRC", 300),
    "Guatemala": ("GTM", 320),
    "Guinea": ("GIN", 324),
    "Guinea-Bissau": ("GNB", 624),
    "Guyana": ("GUY", 328),
    "Haiti": ("HTI", 332),
    "Honduras": ("HND", 340),
    "Hungary": ("HUN", 348),
    "India": ("IND", 356),
    "Indonesia": ("IDN", 360),
    "Iran (Islamic Republic of)": ("IRN", 364),
    "Iraq": ("IRQ", 368),
    "Ireland": ("IRL", 372),
    "Italy": ("ITA", 380),
    "Jamaica": ("JAM", 388),
    "Japan": ("JPN", 392),
    "Jordan": ("JOR", 400),
    "Kenya": ("KEN", 404),
    "Kyrgyzstan": ("KGZ", 417),
    "Lebanon": ("LBN", 422),
    "Liberia": ("LBR", 430),
    "Libya": ("LBY", 434),
    "Malawi": ("MWI", 454),
    "Malaysia": ("MYS", 458),
    "Mali": ("MLI", 466),
    "Mauritania": ("MRT", 478),
    "Mexico": ("MEX", 484),
    "Mongolia": ("MNG", 496),
    "Montenegro": ("MNE", 499),
    "Morocco": ("MAR", 504),
    "Mozambique": ("MOZ", 508),
    "Myanmar": ("MMR", 104),
    "Namibia": ("NAM", 516),
    "Nepal": ("NPL", 524),
    "Netherlands": ("NLD", 528),
    "New Zealand": ("NZL", 554),
    "Niger": ("NER", 562),
    "Nigeria": ("NGA", 566),
    "Norway": ("NOR", 578),
    "Pakistan": ("PAK", 586),
    "Panama": ("PAN", 591),
    "Paraguay": ("PRY", 600),
    "Peru": ("PER", 604),
    "Philippines": ("PHL", 608),
    "Poland": ("POL", 616),
    "Portugal": ("PRT", 620),
    "Republic of Korea": ("KOR", 410),
    "Romania": ("ROU", 642),
    "Russian Federation": ("RUS", 643),
    "Rwanda": ("RWA", 646),
    "Senegal": ("SEN", 686),
    "Serbia": ("SRB", 688),
    "Serbia and Montenegro": ("SCG", 891),
    "Sierra Leone": ("SLE", 694),
    "Slovakia": ("SVK", 703),
    "Somalia": ("SOM", 706),
    "South Africa": ("ZAF", 710),
    "South Sudan": ("SSD", 728),
    "Spain": ("ESP", 724),
    "Sri Lanka": ("LKA", 144),
    "State of Palestine": ("PSE", 275),
    "Sudan": ("SDN", 729),
    "Sweden": ("SWE", 752),
    "Switzerland": ("CHE", 756),
    "Syrian Arab Republic": ("SYR", 760),
    "Tajikistan": ("TJK", 762),
    "Thailand": ("THA", 764),
    "Timor-Leste": ("TLS", 626),
    "Togo": ("TGO", 768),
    "Tunisia": ("TUN", 788),
    "Turkey": ("TUR", 792),
    "Uganda": ("UGA", 800),
    "Ukraine": ("UKR", 804),
    "United Arab Emirates": ("ARE", 784),
    "United Kingdom of Great Britain and Northern Ireland": ("GBR", 826),
    "United Republic of Tanzania": ("TZA", 834),
    "United States of America": ("USA", 840),
    "Uruguay": ("URY", 858),
    "Venezuela (Bolivarian Republic of)": ("VEN", 862),
    "Yemen": ("YEM", 887),
    "Yugoslavia": ("YUG", 890),
    "Zambia": ("ZMB", 894),
    "Zimbabwe": ("ZWE", 716),
    # Rows where the table leaves the codes blank (filled from UN M49):
    "Côte d'Ivoire": ("CIV", 384),
    "Türkiye": ("TUR", 792),
    "Viet Nam": ("VNM", 704),
    "Mauritius": ("MUS", 480),
    # Not a country: the UN's own code for an undetermined nationality.
    "Undetermined": (None, None),
}

#: Spellings in the table that are repaired before lookup.
NATIONALITY_REPAIRS: dict[str, str] = {
    "Côte dIvoire": "Côte d'Ivoire",  # apostrophe dropped in every version
    "ZZ [Undetermined]": "Undetermined",
    "": "Undetermined",  # one row has no nationality at all
}


# --------------------------------------------------------------------------
# Contributing countries (deployment sources) and regions
# --------------------------------------------------------------------------

#: Countries that contributed uniformed personnel to a UN mission in a deployment source
#: (IPI, RADPKO, Geo-PKO, UN statements, the UN DPO yearly means) but have no row in the UN
#: fatalities table, with (ISO3, M49) from the UN Statistics Division's M49 list
#: (https://unstats.un.org/unsd/methodology/m49/; ISO 3166-1 alpha-3 and numeric codes, which
#: M49 uses for countries). Names as the UN writes them. Kept apart from :data:`NATIONALITIES`,
#: which is the fatalities table's own list.
EXTRA_COUNTRIES: dict[str, tuple[str, int]] = {
    "Albania": ("ALB", 8),
    "Dominican Republic": ("DOM", 214),
    "Estonia": ("EST", 233),
    "Lithuania": ("LTU", 440),
    "Madagascar": ("MDG", 450),
    # Contributors in the UN DPO yearly means 2010-2021 (un-deployments/dpo_uniformed_...csv), same source
    # of codes; checked against the ISO 3166-1 list with M49 regions.
    "Armenia": ("ARM", 51),
    "Azerbaijan": ("AZE", 31),
    "Belarus": ("BLR", 112),
    "Brunei Darussalam": ("BRN", 96),
    "Cabo Verde": ("CPV", 132),
    "Costa Rica": ("CRI", 188),
    "Cuba": ("CUB", 192),
    "Eswatini": ("SWZ", 748),
    "Grenada": ("GRD", 308),
    "Iceland": ("ISL", 352),
    "Israel": ("ISR", 376),
    "Kazakhstan": ("KAZ", 398),
    "Latvia": ("LVA", 428),
    "Lesotho": ("LSO", 426),
    "Luxembourg": ("LUX", 442),
    "Malta": ("MLT", 470),
    "North Macedonia": ("MKD", 807),
    "Palau": ("PLW", 585),
    "Papua New Guinea": ("PNG", 598),
    "Qatar": ("QAT", 634),
    "Republic of Moldova": ("MDA", 498),
    "Samoa": ("WSM", 882),
    "Singapore": ("SGP", 702),
    "Slovenia": ("SVN", 705),
    "Solomon Islands": ("SLB", 90),
    "Vanuatu": ("VUT", 548),
}

#: Spellings of contributing countries in the deployment sources -> the UN spelling
#: used in :data:`NATIONALITIES` (the fatalities table), so that contributions and
#: fatalities join on one name.
CONTRIBUTOR_ALIASES: dict[str, str] = {
    "Cote d Ivoire": "Côte d'Ivoire",  # IPI
    "Cote d'Ivoire": "Côte d'Ivoire",  # RADPKO (readable), Geo-PKO
    "DR Congo": "Democratic Republic of the Congo",  # IPI
    "Drc": "Democratic Republic of the Congo",  # Geo-PKO
    "UK": "United Kingdom of Great Britain and Northern Ireland",  # Geo-PKO 2020-2022
    "United Kingdom": "United Kingdom of Great Britain and Northern Ireland",  # Geo-PKO 2023, statements
    "United States": "United States of America",
    "Bolivia": "Bolivia (Plurinational State of)",
    "Tanzania": "United Republic of Tanzania",
    "Russia": "Russian Federation",
    "South Korea": "Republic of Korea",
    "Korea": "Republic of Korea",
    "Vietnam": "Viet Nam",
    "Côte d\u2019Ivoire": "Côte d'Ivoire",  # UN DPO yearly means (curly apostrophe)
}

#: Labels in Geo-PKO's contributor lists that are not countries.
NOT_COUNTRIES = ("Multinational", "TCC name unknown")

#: Short names for charts and tables (the UN's long forms do not fit a phone screen).
SHORT_NAMES: dict[str, str] = {
    "United Kingdom of Great Britain and Northern Ireland": "United Kingdom",
    "United States of America": "United States",
    "Democratic Republic of the Congo": "DR Congo",
    "Bolivia (Plurinational State of)": "Bolivia",
    "United Republic of Tanzania": "Tanzania",
    "Iran (Islamic Republic of)": "Iran",
    "Venezuela (Bolivarian Republic of)": "Venezuela",
}

#: ISO 3166-1 alpha-3 codes of the countries in the UN M49 region "Africa" (code 002:
#: Northern Africa and Sub-Saharan Africa), from the UN Statistics Division's M49
#: list (https://unstats.un.org/unsd/methodology/m49/). Used for the share of
#: African contributors.
AFRICA_ISO3: frozenset[str] = frozenset(
    {
        # Northern Africa (015)
        "DZA",
        "EGY",
        "LBY",
        "MAR",
        "SDN",
        "TUN",
        "ESH",
        # Eastern Africa (014)
        "IOT",
        "BDI",
        "COM",
        "DJI",
        "ERI",
        "ETH",
        "ATF",
        "KEN",
        "MDG",
        "MWI",
        "MUS",
        "MYT",
        "MOZ",
        "REU",
        "RWA",
        "SYC",
        "SOM",
        "SSD",
        "UGA",
        "TZA",
        "ZMB",
        "ZWE",
        # Middle Africa (017)
        "AGO",
        "CMR",
        "CAF",
        "TCD",
        "COG",
        "COD",
        "GNQ",
        "GAB",
        "STP",
        # Southern Africa (018)
        "BWA",
        "SWZ",
        "LSO",
        "NAM",
        "ZAF",
        # Western Africa (011)
        "BEN",
        "BFA",
        "CPV",
        "CIV",
        "GMB",
        "GHA",
        "GIN",
        "GNB",
        "LBR",
        "MLI",
        "MRT",
        "NER",
        "NGA",
        "SHN",
        "SEN",
        "SLE",
        "TGO",
    }
)


def country_name(name: str) -> str:
    """Return the UN spelling of a contributing country as a deployment source writes it.

    Raises
    ------
    KeyError
        The name is neither a known country nor a known alias: add it to
        :data:`CONTRIBUTOR_ALIASES` or :data:`EXTRA_COUNTRIES`, with its source.
    """
    n = CONTRIBUTOR_ALIASES.get(name.strip(), name.strip())
    if n in NATIONALITIES or n in EXTRA_COUNTRIES or n in NOT_COUNTRIES:
        return n
    raise KeyError(f"unknown contributing country {name!r}: add it to minusma/data/reference.py")


def iso3(name: str) -> str | None:
    """ISO3 code of a country in UN spelling (``None`` for labels that are not countries)."""
    if name in NOT_COUNTRIES:
        return None
    return (NATIONALITIES.get(name) or EXTRA_COUNTRIES[name])[0]


def short_name(name: str) -> str:
    """The short form of a UN country name for charts (``United Kingdom``)."""
    return SHORT_NAMES.get(name, name)
