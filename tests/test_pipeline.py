"""The pipeline: committed data/ equals a fresh derivation, metadata is complete, failures change nothing."""

from __future__ import annotations

import hashlib
import json
import shutil

import frictionless
import pytest

from minusma.data import pipeline, sources, swap
from minusma.data.derive import registry
from minusma.data.validate import DataValidationError
from minusma.paths import sources_dir

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
    from minusma.data.load import load_table

    df = load_table("fatalities_minusma")
    assert len(df) == 311
    assert str(df["incident_date"].min().date()) == "2013-08-22"
    assert str(df["incident_date"].max().date()) == "2023-11-10"
    # SOURCE.md: the notification month differs from the incident month for 16 MINUSMA rows.
    assert int((df["notification_month"] != df["incident_date"].dt.strftime("%Y-%m")).sum()) == 16


def test_all_missions_total_counts_unmik_duplicates_once():
    # SOURCE.md: 4,429 rows in the 2025 version, 6 UNMIK ids listed twice -> 4,423 people.
    from minusma.data.load import load_table

    agg = load_table("fatalities_by_mission_year")
    assert int(agg["fatalities"].sum()) == 4429 - 6


def _copy_sources(tmp_path):
    dest = tmp_path / "sources"
    for s in sources.SOURCES.values():
        if s.root != "sources":  # the project's own files (curated/) are read from the repository
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
    from minusma.data.validate import read_csv_checked

    from .conftest import write_csv

    schema = {
        "fields": [
            {"name": "cercle", "type": "string"},
            {"name": "month", "type": "string"},
            {"name": "n", "type": "integer"},
        ],
        "primaryKey": ["cercle", "month"],
    }
    f = write_csv(
        tmp_path / "t.csv", ["cercle", "month", "n"], [["ML0101", "2020-01", "1"], ["ML0101", "2020-01", "2"]]
    )
    with pytest.raises(DataValidationError) as err:
        read_csv_checked(f, schema, label="t.csv")
    p = err.value.problems[0]
    assert (p.row, p.column, p.value) == (3, "cercle, month", "ML0101, 2020-01")


# --------------------------------------------------------------------------
# Issue 15: interrupted, concurrent or blocked runs leave nothing behind; one way to fail
# --------------------------------------------------------------------------


def _leftovers(folder):
    return sorted(p.name for p in folder.iterdir() if p.name != "data")


@needs_raw
@pytest.mark.parametrize("sig", ["SIGTERM", "SIGINT"])
def test_a_run_stopped_by_a_signal_leaves_data_as_it_was_and_no_folder(sig, tmp_path):
    import os
    import signal
    import subprocess
    import sys
    import time

    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    before = tree_digest(data)
    env = {**os.environ, "MINUSMA_DATA": str(data), "MINUSMA_SOURCES": str(sources_dir()), "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "minusma.data.pipeline", "derive"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:  # wait until it is writing its temporary folder
        new = list(tmp_path.glob("data.new-*"))
        if new and any(new[0].glob("*.csv")):
            break
        time.sleep(0.05)
    else:
        proc.kill()
        pytest.fail("the derivation never started writing")
    proc.send_signal(getattr(signal, sig))
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "Traceback" not in err and "stopped before data/ was replaced" in err and len(err.splitlines()) == 2, err
    assert tree_digest(data) == before
    assert _leftovers(tmp_path) == []  # no data.new-*, no data.old, no lock file


def test_a_second_run_refuses_while_the_first_holds_the_lock(tmp_path, monkeypatch, capsys):
    data = tmp_path / "data"
    data.mkdir()
    (data / "x.csv").write_text("a\n1\n")
    monkeypatch.setenv("MINUSMA_DATA", str(data))
    with swap.locked(data):
        assert (tmp_path / ".data.lock").read_text() == str(__import__("os").getpid())
        with pytest.raises(swap.DataLockedError, match="another run is writing"):
            pipeline.derive(data, wait=0.3)
        assert pipeline.main(["derive"]) == 3
    err = capsys.readouterr().err
    assert "another run is writing" in err and "wait for it to finish" in err and "Traceback" not in err
    assert (data / "x.csv").read_text() == "a\n1\n" and _leftovers(tmp_path) == []


def test_folders_a_killed_run_left_are_removed_by_the_next_run(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    for name in ("data.new-abc123", "data.old"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "t.csv").write_text("x\n")
    (tmp_path / "other").mkdir()
    with swap.locked(data):
        pass
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "other"]


def test_swap_exchanges_the_folders_with_no_instant_without_data(tmp_path, monkeypatch):
    new, data = tmp_path / "data.new-1", tmp_path / "data"
    new.mkdir(), data.mkdir()
    (new / "t.csv").write_text("new\n"), (data / "t.csv").write_text("old\n")
    renames = []
    monkeypatch.setattr(type(data), "rename", lambda self, to: renames.append((self, to)))  # must not be used
    swap.swap_into(new, data)
    assert renames == [] and (data / "t.csv").read_text() == "new\n" and _leftovers(tmp_path) == []


def test_data_that_cannot_be_written_is_refused_before_any_work(tmp_path, monkeypatch, capsys):
    data = tmp_path / "data"
    data.mkdir()
    (data / "x.csv").write_text("a\n1\n")
    monkeypatch.setenv("MINUSMA_DATA", str(data))
    real = swap.os.access
    monkeypatch.setattr(swap.os, "access", lambda p, mode: False if str(p) == str(data) else real(p, mode))
    monkeypatch.setattr(pipeline, "derive_all", lambda *a, **k: pytest.fail("derived although data/ is not writable"))
    assert pipeline.main(["derive"]) == 3
    err = capsys.readouterr().err
    assert f"{data} is not writable" in err and "Traceback" not in err and len(err.splitlines()) == 2
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize(
    "exc, shown",
    [
        (PermissionError(13, "Permission denied", "data/x.csv"), "data/x.csv: Permission denied"),
        (OSError(28, "No space left on device", "data.new-1/y.csv"), "data.new-1/y.csv: No space left on device"),
        (KeyboardInterrupt(), "interrupted (SIGINT): stopped before data/ was replaced"),
    ],
)
def test_a_failure_of_the_system_is_one_message_not_a_traceback(exc, shown, tmp_path, monkeypatch, capsys):
    data = tmp_path / "data"
    data.mkdir()
    (data / "x.csv").write_text("a\n1\n")
    monkeypatch.setenv("MINUSMA_DATA", str(data))

    def boom(out_dir, *a, **k):
        (out_dir / "half.csv").write_text("half\n")
        raise exc

    monkeypatch.setattr(pipeline, "derive_all", boom)
    assert pipeline.main(["derive"]) in (3, 130)
    err = capsys.readouterr().err
    assert shown in err and "Traceback" not in err and len(err.splitlines()) == 2, err
    assert (data / "x.csv").read_text() == "a\n1\n" and _leftovers(tmp_path) == []


def test_a_derivation_that_trips_on_a_renamed_column_is_a_validation_error(tmp_path):
    """A KeyError inside a derivation (a column the publisher renamed) names the raw file, the column and the rule."""
    from dataclasses import replace

    # a table read from a file of the repository (curated/), so that the test runs without raw snapshots
    spec = registry()["withdrawal_fears"]

    def derive(paths):
        import pandas as pd

        return pd.DataFrame({"x": [1]})["threshold_text"]

    with pytest.raises(DataValidationError) as err:
        pipeline.derive_table(replace(spec, derive=derive), tmp_path)
    (p,) = err.value.problems
    assert p.file == "curated/withdrawal_fears.csv" and p.column == "threshold_text", p
    assert "needs 'threshold_text', which the raw file lacks" in p.rule


# --------------------------------------------------------------------------
# Issue 15: a file cut short is caught for every source (rows and coverage recorded beside the data)
# --------------------------------------------------------------------------


def test_every_raw_csv_has_its_rows_and_coverage_recorded_in_the_package():
    pkg = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    entries = {s["id"]: s for r in pkg["resources"] for s in r["sources"]}
    for sid, s in entries.items():
        assert s["bytes"] > 0, sid
        if s["file"].endswith(".csv"):
            assert s["rows"] > 0, sid
    # real values: the UN table of 4 April 2025 (4,429 records, 6 July 1948 to 18 February 2025, as its
    # SOURCE.md states) and ACLED's monthly Mali file (January 1997 to April 2026)
    un = entries["un_fatalities"]
    assert (un["rows"], un["coverage"]) == (
        4429,
        {"column": "incident_date", "first": "1948-07-06", "last": "2025-02-18"},
    )
    assert entries["acled_mli_pv_admin2"]["coverage"] == {
        "column": "Month, Year",
        "first": "1997-01",
        "last": "2026-04",
    }


def _derive_with(tmp_path, monkeypatch, source_id, change):
    src = _copy_sources(tmp_path)
    raw = src / sources.get(source_id).path
    raw.write_text(change(raw.read_text(encoding="utf-8-sig")), encoding="utf-8")
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    before = tree_digest(data)
    monkeypatch.setenv("MINUSMA_SOURCES", str(src))
    return data, before


def _drop_last_lines(n):
    def change(text):
        lines = text.splitlines(keepends=True)
        return "".join(lines[:-n])

    return change


@needs_raw
@pytest.mark.parametrize("source_id, n", [("facts_timeline", 1), ("ucdp_ged_events", 5)])
def test_a_raw_file_cut_at_a_line_end_stops_the_derivation(source_id, n, tmp_path, monkeypatch):
    """Every source, not only the UN table: fewer rows than the version recorded in data/ is refused."""
    data, before = _derive_with(tmp_path, monkeypatch, source_id, _drop_last_lines(n))
    with pytest.raises(DataValidationError) as err:
        pipeline.derive(data)
    lost = [p for p in err.value.problems if "no lost rows" in p.rule]
    assert lost and lost[0].file == "sources/" + sources.get(source_id).path, err.value.problems
    assert "a file cut short?" in lost[0].rule and "DECLARED" in lost[0].rule
    assert tree_digest(data) == before and _leftovers(tmp_path) == ["sources"]


@needs_raw
def test_a_declared_publisher_change_is_accepted(tmp_path, monkeypatch):
    from minusma.data import integrity

    data, before = _derive_with(tmp_path, monkeypatch, "strength_statements", _drop_last_lines(1))
    new_sha = hashlib.sha256((tmp_path / "sources" / sources.get("strength_statements").path).read_bytes()).hexdigest()
    with pytest.raises(DataValidationError):
        pipeline.check_no_loss(
            data,
            pipeline.package_descriptor(
                [
                    pipeline.resource_descriptor(
                        registry()["strength_statements"], ROOT / "data" / "strength_statements.csv"
                    )
                ]
            ),
        )
    monkeypatch.setitem(integrity.DECLARED, ("strength_statements", new_sha), "test: the publisher withdrew a row")
    pipeline.check_no_loss(
        data,
        pipeline.package_descriptor(
            [pipeline.resource_descriptor(registry()["strength_statements"], ROOT / "data" / "strength_statements.csv")]
        ),
    )


def test_lost_coverage_is_refused_even_with_as_many_rows():
    from minusma.data import integrity

    def pkg(rows, first, last, sha):
        return {
            "resources": [
                {
                    "sources": [
                        {
                            "id": "x",
                            "file": "conflict-events/x.csv",
                            "sha256": sha,
                            "rows": rows,
                            "coverage": {"column": "event_date", "first": first, "last": last},
                        }
                    ]
                }
            ]
        }

    old = pkg(100, "2015-01-03", "2023-03-01", "a")
    assert integrity.compare_packages(old, pkg(120, "2015-01-03", "2023-06-30", "b")) == []  # grew: fine
    (p,) = integrity.compare_packages(old, pkg(100, "2015-01-03", "2022-12-31", "c"))
    assert (p.file, p.column) == ("sources/conflict-events/x.csv", "event_date") and "no lost coverage" in p.rule
    (p,) = integrity.compare_packages(old, pkg(100, "2016-01-01", "2023-03-01", "d"))
    assert "covers 2016-01-01 to 2023-03-01" in p.rule
    assert integrity.compare_packages(old, pkg(90, "2015-01-03", "2023-03-01", "a")) == []  # same file: same sha


def test_a_signal_held_during_the_swap_arrives_after_it_and_says_so(tmp_path, monkeypatch, capsys):
    import os
    import signal

    data = tmp_path / "data"
    data.mkdir()
    (data / "x.csv").write_text("old\n")
    monkeypatch.setenv("MINUSMA_DATA", str(data))

    def derive_all(out_dir, *a, **k):
        (out_dir / "x.csv").write_text("new\n")
        return {"resources": []}

    real_exchange = swap._exchange

    def exchange(a, b):
        os.kill(os.getpid(), signal.SIGTERM)  # arrives while the swap holds signals
        return real_exchange(a, b)

    monkeypatch.setattr(pipeline, "derive_all", derive_all)
    monkeypatch.setattr(swap, "_exchange", exchange)
    assert pipeline.main(["derive"]) == 130
    err = capsys.readouterr().err
    assert "just after data/ was replaced" in err and "left unchanged" not in err and "Traceback" not in err
    assert (data / "x.csv").read_text() == "new\n" and _leftovers(tmp_path) == []
