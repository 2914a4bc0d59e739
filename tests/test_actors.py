"""Actor classes: the alias table, the perpetrator classes on fixtures, and bad input that stops the derivation."""

from __future__ import annotations

import pandas as pd
import pytest

from minusma.data import sources
from minusma.data.derive import actors as ac
from minusma.data.derive import actors_aliases as aka
from minusma.data.load import load_table
from minusma.data.validate import DataValidationError
from minusma.paths import sources_dir

from .conftest import curated_paths, write_csv

# --------------------------------------------------------------------------- fixtures written here

GED_HEADER = [
    "id",
    "relid",
    "year",
    "type_of_violence",
    "side_a",
    "side_b",
    "country",
    "date_start",
    "date_end",
    "deaths_a",
    "deaths_b",
    "deaths_civilians",
    "deaths_unknown",
    "best_est",
    "high_est",
    "low_est",
]


def ged_row(id, date, tov, a, b, civ, best, high, low, country="Mali"):
    m, d, y = date.split("/")
    return [
        id,
        f"X-{id}",
        y,
        tov,
        a,
        b,
        country,
        f"{date} 00:00:00",
        f"{date} 00:00:00",
        0,
        0,
        civ,
        best - civ,
        best,
        high,
        low,
    ]


def write_ged(path, rows):
    """A UCDP country export: every data row ends with a trailing comma, as UCDP's does."""
    text = ",".join(GED_HEADER) + "\n" + "".join(",".join(map(str, r)) + ",\n" for r in rows)
    path.write_text(text, encoding="utf-8")
    return path


ALIAS_HEADER = ["dataset", "name", "actor_class", "note"]
ALIASES = [
    ["UCDP GED", "Government of Mali", "mali_state", ""],
    ["UCDP GED", "Government of Burkina Faso", "bfa_state", ""],
    ["UCDP GED", "JNIM", "jnim", ""],
    ["UCDP GED", "IS", "is_sahel", ""],
    ["UCDP GED", "Civilians", "civilians", ""],
    ["ACLED", "Military Forces of Mali (2013-2020)", "mali_state", ""],
    ["ACLED", "Military Forces of Mali (2021-)", "mali_state", ""],
    ["ACLED", "Wagner Group", "wagner", ""],
    ["ACLED", "Africa Corps", "wagner", ""],
    ["ACLED", "JNIM: Group for Support of Islam and Muslims", "jnim", ""],
    ["ACLED", "Islamic State (Sahel)", "is_sahel", ""],
    ["ACLED", "Dozo Communal Militia (Mali)", "militia", ""],
    ["ACLED", "Civilians (Mali)", "civilians", ""],
]
ACLED_HEADER = [
    "event_id_cnty",
    "event_date",
    "year",
    "event_type",
    "actor1",
    "assoc_actor_1",
    "actor2",
    "assoc_actor_2",
    "civilian_targeting",
    "country",
    "fatalities",
    "notes",
]
VAC = "Violence against civilians"


def acled_row(n, date, etype, a1, as1="", a2="Civilians (Mali)", as2="", fat=0, civ="Civilian targeting"):
    return [f"MLI{n}", date, date[-4:], etype, a1, as1, a2, as2, civ, "Mali", fat, "a note"]


ACLED_ROWS = [
    # 2020-Q3: the army alone kills 10; a militia kills 4
    acled_row(1, "01 July 2020", VAC, "Military Forces of Mali (2013-2020)", fat=10),
    acled_row(2, "02 August 2020", VAC, "Dozo Communal Militia (Mali)", fat=4),
    # 2022-Q1: the army with Wagner named as associate of actor1 (30), Wagner named only in assoc_actor_2 (5),
    # the army alone (2), JNIM (7); a battle of the army with Wagner against JNIM (not violence against civilians)
    acled_row(3, "05 January 2022", VAC, "Military Forces of Mali (2021-)", as1="Wagner Group", fat=30),
    acled_row(4, "06 February 2022", VAC, "Military Forces of Mali (2021-)", as2="Wagner Group", fat=5),
    acled_row(5, "07 March 2022", VAC, "Military Forces of Mali (2021-)", fat=2),
    acled_row(6, "08 March 2022", VAC, "JNIM: Group for Support of Islam and Muslims", fat=7),
    acled_row(
        7,
        "09 March 2022",
        "Battles",
        "Military Forces of Mali (2021-)",
        as1="Africa Corps",
        a2="JNIM: Group for Support of Islam and Muslims",
        fat=12,
        civ="",
    ),
]


@pytest.fixture
def paths(tmp_path):
    p = {"curated_actor_aliases": write_csv(tmp_path / "aliases.csv", ALIAS_HEADER, ALIASES)}
    p["ucdp_ged_mli_v24"] = write_ged(
        tmp_path / "mli.csv",
        [
            ged_row(1, "03/01/2021", 3, "Government of Mali", "Civilians", 5, 5, 8, 4),
            ged_row(2, "03/20/2021", 3, "Government of Mali", "Civilians", 3, 3, 3, 3),
            ged_row(3, "03/26/2022", 1, "Government of Mali", "JNIM", 243, 313, 400, 300),
            ged_row(4, "07/04/2022", 3, "IS", "Civilians", 20, 20, 30, 10),
            ged_row(5, "07/04/2016", 3, "IS", "Civilians", 9, 9, 9, 9),  # before 2017: left out
        ],
    )
    p["ucdp_ged_bfa_v24"] = write_ged(
        tmp_path / "bfa.csv",
        [ged_row(10, "01/15/2021", 3, "Government of Burkina Faso", "Civilians", 6, 6, 6, 6, "Burkina Faso")],
    )
    p["acled_mli_events_2015_2023"] = write_csv(tmp_path / "acled.csv", ACLED_HEADER, ACLED_ROWS)
    return p


# --------------------------------------------------------------------------- classes on fixtures


def test_ucdp_quarters_by_actor_class(paths):
    t = ac.derive_ucdp_civilian_deaths(paths).set_index(["iso3", "quarter", "violence", "side_a_class"])
    # two one-sided events of the state in 2021-Q1: 5 + 3 civilians; low 4 + 3, high 8 + 3
    assert t.loc[("MLI", "2021-Q1", "one-sided", "mali_state"), ["events", "best", "low", "high"]].tolist() == [
        2,
        8,
        7,
        11,
    ]
    # the state-based event (Moura as UCDP codes it): 243 civilians among 313 deaths, side B JNIM
    moura = t.loc[("MLI", "2022-Q1", "state-based", "mali_state")]
    assert (moura["side_b_class"], moura["deaths_civilians"], moura["best"]) == ("jnim", 243, 313)
    assert t.loc[("MLI", "2022-Q3", "one-sided", "is_sahel"), "best"] == 20
    assert t.loc[("BFA", "2021-Q1", "one-sided", "bfa_state"), "best"] == 6
    assert not t.reset_index()["quarter"].str.startswith("2016").any()


def test_acled_perpetrators_split_by_wagner_in_any_column(paths):
    t = ac.derive_acled_vac_quarter(paths).set_index(["quarter", "perpetrator"])
    assert t.loc[("2020-Q3", "mali_state_no_wagner"), "fatalities"] == 10
    assert t.loc[("2020-Q3", "militia"), "fatalities"] == 4
    # Wagner named beside actor1 (30) or only in assoc_actor_2 (5): both "with Wagner"
    assert t.loc[("2022-Q1", "mali_state_wagner"), ["events", "fatalities"]].tolist() == [2, 35]
    assert t.loc[("2022-Q1", "mali_state_no_wagner"), "fatalities"] == 2
    assert t.loc[("2022-Q1", "jnim"), "fatalities"] == 7
    assert t.loc[("2022-Q1", "jnim"), "perpetrator_label"] == "JNIM and al-Qaeda affiliates"
    assert t["events"].sum() == 6  # the battle is not violence against civilians


def test_acled_mali_forces_month_counts_the_battle_with_africa_corps_as_wagner(paths):
    t = ac.derive_acled_mali_forces_month(paths)
    w = t[t["wagner"]]
    assert w["events"].sum() == 3 and w["as_perpetrator_vac_events"].sum() == 2
    assert w.loc[w["event_type"] == "Battles", "fatalities"].tolist() == [12]
    assert t.loc[~t["wagner"], "events"].sum() == 2


# --------------------------------------------------------------------------- bad input stops


def test_unmapped_acled_actor_stops_naming_file_row_column(paths, tmp_path):
    rows = [r[:] for r in ACLED_ROWS]
    rows[4][6] = "Civilians (Mali); Brand New Brigade"
    paths["acled_mli_events_2015_2023"] = write_csv(tmp_path / "acled2.csv", ACLED_HEADER, rows)
    with pytest.raises(DataValidationError) as err:
        ac.derive_acled_vac_quarter(paths)
    (p,) = err.value.problems
    assert (p.row, p.column, p.value) == (6, "actor2", "Brand New Brigade")
    assert "acled2.csv" in p.file and "not in curated/actor_aliases.csv" in p.rule


def test_unmapped_ucdp_side_stops(paths, tmp_path):
    paths["ucdp_ged_bfa_v24"] = write_ged(
        tmp_path / "bfa2.csv", [ged_row(10, "01/15/2021", 3, "Koglweogo", "Civilians", 6, 6, 6, 6, "Burkina Faso")]
    )
    with pytest.raises(DataValidationError, match=r"bfa2.csv, row 2, column 'side_a'.*value 'Koglweogo'"):
        ac.derive_ucdp_civilian_deaths(paths)


def test_best_outside_low_high_stops_unless_ucdp_publishes_it_so(paths, tmp_path):
    rows = [ged_row(1, "03/01/2021", 3, "Government of Mali", "Civilians", 5, 5, 4, 3)]
    paths["ucdp_ged_mli_v24"] = write_ged(tmp_path / "m2.csv", rows)
    with pytest.raises(DataValidationError, match=r"m2.csv, row 2, column 'best_est': best estimate outside"):
        ac.derive_ucdp_civilian_deaths(paths)
    # event 13123 is one of the 23 rows of the Mali file that UCDP publishes with best outside low-high
    rows[0][0] = 13123
    paths["ucdp_ged_mli_v24"] = write_ged(tmp_path / "m3.csv", rows)
    t = ac.derive_ucdp_civilian_deaths(paths)
    row = t[(t["iso3"] == "MLI")].iloc[0]
    assert (row["low"], row["best"], row["high"]) == (3, 5, 5)  # the band widened to hold best


def test_duplicated_event_ids_stop(paths, tmp_path):
    rows = [r[:] for r in ACLED_ROWS] + [ACLED_ROWS[0][:]]
    paths["acled_mli_events_2015_2023"] = write_csv(tmp_path / "acled3.csv", ACLED_HEADER, rows)
    with pytest.raises(DataValidationError, match=r"acled3.csv, row 9, column 'event_id_cnty'"):
        ac.derive_acled_vac_quarter(paths)
    paths["ucdp_ged_mli_v24"] = write_ged(
        tmp_path / "m4.csv",
        [
            ged_row(1, "03/01/2021", 3, "Government of Mali", "Civilians", 5, 5, 8, 4),
            ged_row(1, "03/02/2021", 3, "Government of Mali", "Civilians", 5, 5, 8, 4),
        ],
    )
    with pytest.raises(DataValidationError, match=r"m4.csv, row 3, column 'id'"):
        ac.derive_ucdp_civilian_deaths(paths)


def test_ucdp_file_cut_short_stops(paths, tmp_path):
    path = paths["ucdp_ged_mli_v24"]
    text = path.read_text()
    cut = tmp_path / "cut.csv"
    cut.write_text(text[: text.rindex("Civilians") + 4])
    paths["ucdp_ged_mli_v24"] = cut
    with pytest.raises(DataValidationError, match=r"cut.csv, row 6.*truncated"):
        ac.derive_ucdp_civilian_deaths(paths)


def test_alias_table_refuses_unknown_class_and_repeated_name(tmp_path):
    bad = write_csv(tmp_path / "a.csv", ALIAS_HEADER, ALIASES + [["ACLED", "Wagner Group", "wagner", ""]])
    with pytest.raises(DataValidationError, match="row 15"):
        aka.read_aliases(bad)
    bad = write_csv(tmp_path / "b.csv", ALIAS_HEADER, ALIASES + [["ACLED", "X", "mercenaries", ""]])
    with pytest.raises(DataValidationError, match="row 15, column 'actor_class'"):
        aka.read_aliases(bad)


# --------------------------------------------------------------------------- the committed alias table


def test_alias_table_maps_every_actor_spelling_in_the_raw_files():
    """Every UCDP side and every ACLED actor name (all four columns, ';' lists split) has a class."""
    files = {
        sid: sources_dir() / sources.get(sid).path
        for sid in ("ucdp_ged_mli_v24", "ucdp_ged_bfa_v24", "acled_mli_events_2015_2023")
    }
    if not all(p.exists() for p in files.values()):
        pytest.skip(f"raw event files not found under {sources_dir()}")
    aliases = aka.read_aliases(curated_paths()["curated_actor_aliases"])
    names = set()
    for sid in ("ucdp_ged_mli_v24", "ucdp_ged_bfa_v24"):
        d = pd.read_csv(files[sid], index_col=False, usecols=["side_a", "side_b"])
        names |= set(d["side_a"]) | set(d["side_b"])
    assert names <= set(aliases["UCDP GED"]), names - set(aliases["UCDP GED"])
    a = pd.read_csv(files["acled_mli_events_2015_2023"], usecols=list(ac.ACTOR_COLUMNS))
    acled = {n for c in ac.ACTOR_COLUMNS for cell in a[c].dropna() for n in aka.split_names(cell)}
    assert len(acled) == 431
    assert acled <= set(aliases["ACLED"]), acled - set(aliases["ACLED"])
    # the classes the chapter rests on
    assert aliases["ACLED"]["Military Forces of Mali (2013-2020)"] == "mali_state"
    assert aliases["ACLED"]["Military Forces of Mali (2021-)"] == "mali_state"
    assert aliases["ACLED"]["Police Forces of Mali (2021-) Gendarmerie"] == "mali_state"
    assert aliases["ACLED"]["Wagner Group"] == aliases["ACLED"]["Africa Corps"] == "wagner"
    assert aliases["ACLED"]["Islamic State (Sahel)"] == aliases["UCDP GED"]["IS"] == "is_sahel"
    assert aliases["ACLED"]["JNIM: Group for Support of Islam and Muslims"] == aliases["UCDP GED"]["JNIM"] == "jnim"
    assert aliases["UCDP GED"]["Government of Mali"] == "mali_state"


def test_committed_tables_match_source_note():
    u = load_table("ucdp_civilian_deaths_quarter")
    y = u.assign(year=u["quarter"].str[:4].astype(int))
    os_ = y[y["violence"] == "one-sided"].groupby(["iso3", "year"])["best"].sum()
    # SOURCE.md file 9: one-sided 2022 in Mali 1,455 and 2023 475; file 10: Burkina Faso 2021 385, 2022 562
    assert (os_["MLI", 2022], os_["MLI", 2023], os_["BFA", 2021], os_["BFA", 2022]) == (1455, 475, 385, 562)
    moura = u[
        (u["iso3"] == "MLI")
        & (u["quarter"] == "2022-Q1")
        & (u["violence"] == "state-based")
        & (u["side_b_class"] == "jnim")
    ]
    assert moura["deaths_civilians"].sum() >= 243  # Moura alone: 243 civilian deaths (SOURCE.md file 9)
    m = load_table("acled_mali_forces_month")
    # SOURCE.md file 11: Wagner named in 192 events, the first on 2021-12-25 (Russian forces add one)
    w = m[m["wagner"]]
    assert w["events"].sum() == 193 and w["month"].min() == pd.Timestamp("2021-12-01")
    v = load_table("acled_vac_perpetrator_quarter")
    assert v["partial"].sum() == v["quarter"].eq("2023-Q1").sum() > 0
    assert not v.loc[v["quarter"] < "2021-Q4", "perpetrator"].eq("mali_state_wagner").any()
