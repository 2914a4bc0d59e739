"""The pipeline: committed data/ equals a fresh derivation, metadata is complete, failures change nothing."""

from __future__ import annotations

import hashlib
import json
import shutil

import frictionless
import pytest

from minusma import pipeline, sources
from minusma.derive import registry
from minusma.paths import sources_dir
from minusma.validate import DataValidationError

from .conftest import ROOT

RAW_PRESENT = all((sources_dir() / s.path).exists() for s in sources.SOURCES.values() if s.root == "sources")
needs_raw = pytest.mark.skipif(
    not RAW_PRESENT,
    reason=f"raw sources not found under {sources_dir()} (set MINUSMA_SOURCES); re-derivation cannot be checked",
)


def tree_digest(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@needs_raw
def test_committed_data_equals_a_fresh_derivation(tmp_path):
    pipeline.derive_all(tmp_path)
    assert pipeline.compare(tmp_path, ROOT / "data") == []


def test_datapackage_is_valid_frictionless_and_complete():
    report = frictionless.validate(str(ROOT / "data" / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]
    pkg = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    assert [r["name"] for r in pkg["resources"]] == list(registry())
    for r in pkg["resources"]:
        assert r["schema"]["primaryKey"], r["name"]
        assert r["licenses"] and r["derivation"]["command"].startswith("make data")
        data = (ROOT / "data" / r["path"]).read_bytes()
        assert r["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
        for s in r["sources"]:
            for key in ("title", "path", "publisher", "version", "retrieved", "licence", "sha256"):
                assert s[key], (r["name"], key)


def test_un_source_metadata_matches_source_note():
    un = sources.get("un_fatalities")
    assert un.version == "2025-04-04"
    assert un.licence == "CC-BY-3.0-IGO"
    assert "DPPADPOSS-FATALITIES" in un.url


def test_minusma_table_has_all_311_records_of_the_2025_version():
    # un-fatalities/SOURCE.md: "MINUSMA: 311 rows, 2013-08-22 to 2023-11-10" (2025-04-04 version).
    from minusma.load import load_table

    df = load_table("fatalities_minusma")
    assert len(df) == 311
    assert str(df["incident_date"].min().date()) == "2013-08-22"
    assert str(df["incident_date"].max().date()) == "2023-11-10"
    # SOURCE.md: the notification month differs from the incident month for 16 MINUSMA rows.
    assert int((df["notification_month"] != df["incident_date"].dt.strftime("%Y-%m")).sum()) == 16


def test_all_missions_total_counts_unmik_duplicates_once():
    # SOURCE.md: 4,429 rows in the 2025 version, 6 UNMIK ids listed twice -> 4,423 people.
    from minusma.load import load_table

    agg = load_table("fatalities_by_mission_year")
    assert int(agg["fatalities"].sum()) == 4429 - 6


def _copy_sources(tmp_path):
    dest = tmp_path / "sources"
    for s in sources.SOURCES.values():
        if s.root != "sources":   # the project's own files (curated/) are read from the repository
            continue
        (dest / s.path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(sources_dir() / s.path, dest / s.path)
    return dest


@needs_raw
def test_failed_derivation_leaves_data_unchanged(tmp_path, monkeypatch):
    """A raw file with a bad row stops `make data` and data/ stays byte-identical."""
    src = _copy_sources(tmp_path)
    raw = src / sources.get("un_fatalities").path
    text = raw.read_text(encoding="utf-8").replace("2019-01-20,MINUSMA", "2019-01-32,MINUSMA", 1)
    raw.write_text(text, encoding="utf-8")
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    before = tree_digest(data)
    monkeypatch.setenv("MINUSMA_SOURCES", str(src))
    with pytest.raises(DataValidationError) as err:
        pipeline.derive(data)
    assert "incident_date" in str(err.value) and "2019-01-32" in str(err.value)
    assert tree_digest(data) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "sources"]  # no temporary folder left


@needs_raw
def test_missing_raw_file_leaves_data_unchanged(tmp_path, monkeypatch):
    src = _copy_sources(tmp_path)
    (src / sources.get("facts_timeline").path).unlink()
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    before = tree_digest(data)
    monkeypatch.setenv("MINUSMA_SOURCES", str(src))
    monkeypatch.setenv("MINUSMA_DATA", str(data))
    with pytest.raises(FileNotFoundError, match="facts_timeline"):
        pipeline.derive()
    assert pipeline.main(["derive"]) == 2  # the command reports and exits non-zero
    assert tree_digest(data) == before


@needs_raw
def test_successful_derivation_swaps_in_new_data(tmp_path, monkeypatch):
    src = _copy_sources(tmp_path)
    data = tmp_path / "data"
    data.mkdir()
    (data / "stale.csv").write_text("old\n")
    monkeypatch.setenv("MINUSMA_SOURCES", str(src))
    pipeline.derive(data)
    assert "stale.csv" not in {p.name for p in data.iterdir()}
    assert pipeline.compare(data, ROOT / "data") == []


@needs_raw
def test_un_table_cut_at_a_line_end_is_caught(tmp_path, monkeypatch):
    """A file cut exactly between two lines has no broken row; the UN's no-deletion rule catches it."""
    src = _copy_sources(tmp_path)
    raw = src / sources.get("un_fatalities").path
    lines = raw.read_text(encoding="utf-8").splitlines(keepends=True)
    raw.write_text("".join(lines[:4000]), encoding="utf-8")
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    before = tree_digest(data)
    monkeypatch.setenv("MINUSMA_SOURCES", str(src))
    with pytest.raises(DataValidationError) as err:
        pipeline.derive(data)
    p = err.value.problems[0]
    assert p.file.endswith("DPPADPOSS-FATALITIES_v2025-04-04.csv") and p.column == "casualty_id"
    assert "is missing" in p.rule and "truncated" in p.rule
    assert tree_digest(data) == before


def test_duplicate_key_names_the_key_columns_and_values(tmp_path):
    from minusma.validate import read_csv_checked

    from .conftest import write_csv

    schema = {"fields": [{"name": "cercle", "type": "string"}, {"name": "month", "type": "string"},
                         {"name": "n", "type": "integer"}], "primaryKey": ["cercle", "month"]}
    f = write_csv(tmp_path / "t.csv", ["cercle", "month", "n"], [["ML0101", "2020-01", "1"], ["ML0101", "2020-01", "2"]])
    with pytest.raises(DataValidationError) as err:
        read_csv_checked(f, schema, label="t.csv")
    p = err.value.problems[0]
    assert (p.row, p.column, p.value) == (3, "cercle, month", "ML0101, 2020-01")
