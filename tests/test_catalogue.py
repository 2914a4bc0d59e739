"""The catalogue of raw sources (snapshots/*.yaml): read, validated, and pinned to the snapshot's files."""

from __future__ import annotations

import shutil
import textwrap

import pytest

from minusma.data import catalogue, sources
from minusma.data.validate import DataValidationError
from minusma.paths import ROOT

GOOD = """\
folder: demo
root: sources
defaults:
  licence: CC-BY-4.0
  retrieved: 2026-11-29
sources:
- id: demo_table
  file: demo.csv
  sha256: {sha}
  bytes: 12
  title: A demo table
  publisher: Nobody
  version: '1.0'
  url: https://example.org/demo
  credit: Nobody, demo
  caveats:
  - Only a test.
"""


def _folder(tmp_path, text: str, name: str = "demo"):
    shutil.copy(ROOT / "snapshots" / "licences.yaml", tmp_path / "licences.yaml")
    (tmp_path / f"{name}.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    catalogue.load.cache_clear()
    return tmp_path


def test_a_good_catalogue_reads_with_defaults_and_dates_as_text(tmp_path):
    licences, entries = catalogue.load(_folder(tmp_path, GOOD.format(sha="a" * 64)))
    assert "CC-BY-4.0" in licences
    (e,) = entries
    assert e["path"] == "demo/demo.csv" and e["root"] == "sources"
    assert e["licence"] == "CC-BY-4.0" and e["retrieved"] == "2026-11-29"  # a bare YAML date becomes ISO text
    assert e["pinned_sha256"] == "a" * 64 and e["pinned_bytes"] == 12
    assert e["caveats"] == ("Only a test.",)
    assert sources.RawSource(**e).id == "demo_table"


@pytest.mark.parametrize(
    "edit, line, key, rule",
    [
        (("  publisher: Nobody\n", ""), None, "publisher", "lacks the key 'publisher' (rule 'required')"),
        (("  bytes: 12\n", "  bytes: twelve\n"), 10, "bytes", "must be a whole number (rule 'type')"),
        (("  title: A demo", "  titel: A demo"), 11, "titel", "unknown key in sources[0] (demo_table)"),
        (("  licence: CC-BY-4.0", "  licence: CC-BY-5.0"), 4, "licence", "unknown licence"),
        (("  sha256: " + "a" * 64, "  sha256: 12ab"), 9, "sha256", "must be 64 lower-case hex digits"),
        (("folder: demo", "folder: other"), 1, "folder", "must name the folder this catalogue describes"),
    ],
)
def test_a_bad_catalogue_stops_naming_file_line_and_key(tmp_path, edit, line, key, rule):
    text = GOOD.format(sha="a" * 64).replace(*edit)
    with pytest.raises(DataValidationError) as err:
        catalogue.load(_folder(tmp_path, text))
    (p,) = [p for p in err.value.problems if p.column == key]
    assert p.file.endswith("demo.yaml") and p.column == key and rule in p.rule
    if line is not None:
        assert p.row == line
    assert "demo.yaml" in str(err.value) and repr(key) in str(err.value)


def test_broken_yaml_stops_with_its_line(tmp_path):
    text = GOOD.format(sha="a" * 64).replace("  caveats:\n", "  caveats: [unclosed\n")
    with pytest.raises(DataValidationError) as err:
        catalogue.load(_folder(tmp_path, text))
    assert "demo.yaml" in str(err.value) and "not valid YAML" in str(err.value)


def test_an_id_used_twice_in_two_catalogues_stops(tmp_path):
    _folder(tmp_path, GOOD.format(sha="a" * 64))
    (tmp_path / "other.yaml").write_text(
        GOOD.format(sha="b" * 64).replace("folder: demo", "folder: other"), encoding="utf-8"
    )
    catalogue.load.cache_clear()
    with pytest.raises(DataValidationError, match=r"other\.yaml.*'id'.*already used in .*demo\.yaml"):
        catalogue.load(tmp_path)


def test_a_shapefile_entry_registers_each_part_with_its_pin(tmp_path):
    parts = "".join(
        f"    {ext}: {{sha256: {c * 64}, bytes: {n}}}\n"
        for ext, c, n in zip(catalogue.SHAPEFILE_PARTS, "abcde", range(1, 6))
    )
    text = (
        GOOD.format(sha="a" * 64)
        .replace("  file: demo.csv\n", "  file: adm/x.shp\n")
        .replace(f"  sha256: {'a' * 64}\n  bytes: 12\n", "  parts:\n" + parts)
    )
    _, entries = catalogue.load(_folder(tmp_path, text))
    assert [e["id"] for e in entries] == [
        "demo_table",
        "demo_table_shx",
        "demo_table_dbf",
        "demo_table_prj",
        "demo_table_cpg",
    ]
    assert [e["path"] for e in entries][:2] == ["demo/adm/x.shp", "demo/adm/x.shx"]
    assert entries[4]["pinned_sha256"] == "e" * 64 and entries[4]["pinned_bytes"] == 5
    assert sources.shapefile_ids("demo_table") == tuple(e["id"] for e in entries)


def test_the_project_catalogue_has_one_file_per_raw_folder():
    folders = {p.stem for p in catalogue.catalogue_files()}
    assert folders == {
        "un-fatalities",
        "un-deployments",
        "conflict-events",
        "boundaries",
        "humanitarian",
        "facts",
        "curated",
    }
    assert all(s.root == ("project" if s.path.startswith("curated/") else "sources") for s in sources.SOURCES.values())
    # 54 files: 3 UN fatalities versions, 10 shapefile parts, the fact base's 12 tables, 8 curated tables...
    assert len(sources.SOURCES) == 54
    assert sum(s.path.startswith("curated/") for s in sources.SOURCES.values()) == 8
    assert sources.get("un_fatalities").licence == "CC-BY-3.0-IGO"


def test_every_snapshot_file_matches_its_pin():
    if not (sources.sources_dir() / "un-fatalities").exists():
        pytest.skip("raw sources not available")
    assert sources.pin_problems() == []
    # The UN table of 4 April 2025 in the snapshot of 29 November 2026: 471,168 bytes (data/datapackage.json).
    assert sources.get("un_fatalities").pinned_bytes == 471_168


def test_a_file_that_differs_from_its_pin_is_reported(tmp_path, monkeypatch):
    s = sources.get("un_fatalities")
    (tmp_path / "un-fatalities").mkdir()
    (tmp_path / s.path).write_bytes(b"casualty_id\n1\n")
    monkeypatch.setenv("MINUSMA_SOURCES", str(tmp_path))
    assert s.pin_problem() == "14 bytes, the catalogue pins 471,168"
    (line,) = [p for p in sources.pin_problems() if "un_fatalities'" in p]
    assert "snapshots/un-fatalities.yaml" in line
