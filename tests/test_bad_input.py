"""Bad input: each kind stops with the project's validation error (file, row, column, rule), never a traceback.

The catalogue (kind of bad input -> the test that proves it is caught).
``test_the_catalogue_names_only_tests_that_exist`` checks that every test named
here exists, so the list cannot fall behind the tests.

================================================  ====================================================================================
**Malformed files and rows**
date that does not parse                          test_validation.py::test_date_that_does_not_parse
negative count                                    test_validation.py::test_negative_count
non-integer count (derived table)                 test_validation.py::test_non_integer_count
non-integer count (raw source)                    test_bad_input.py::test_non_integer_count_in_a_raw_event_table
duplicate key                                     test_validation.py::test_duplicate_key
duplicate key named by its columns and values     test_pipeline.py::test_duplicate_key_names_the_key_columns_and_values
new mission acronym                               test_fatalities_cleaning.py::test_unknown_mission_acronym_names_file_row_column_rule
unknown nationality                               test_fatalities_cleaning.py::test_unknown_nationality_stops
unknown incident type                             test_bad_input.py::test_unknown_incident_type_in_the_un_table
unknown personnel type                            test_bad_input.py::test_unknown_personnel_type_in_the_un_table
unknown event type                                test_bad_input.py::test_unknown_event_type_in_a_raw_event_table
missing column                                    test_validation.py::test_missing_column
renamed column                                    test_validation.py::test_renamed_column_is_pointed_out
renamed column read inside a derivation           test_pipeline.py::test_a_derivation_that_trips_on_a_renamed_column_is_a_validation_error
wrong encoding                                    test_validation.py::test_wrong_encoding_is_reported
byte-order mark (accepted)                        test_validation.py::test_byte_order_mark_is_accepted
empty file                                        test_validation.py::test_empty_file
header without rows                               test_validation.py::test_header_without_rows
missing raw file                                  test_pipeline.py::test_missing_raw_file_leaves_data_unchanged
**Files cut short**
last row cut                                      test_validation.py::test_truncated_file_last_row_cut
cut inside a quoted field                         test_validation.py::test_truncated_file_inside_quoted_field
UN table cut at a line end                        test_pipeline.py::test_un_table_cut_at_a_line_end_is_caught
any source cut at a line end (fewer rows)         test_pipeline.py::test_a_raw_file_cut_at_a_line_end_stops_the_derivation
a source that lost date coverage                  test_pipeline.py::test_lost_coverage_is_refused_even_with_as_many_rows
rows and coverage recorded beside the data        test_pipeline.py::test_every_raw_csv_has_its_rows_and_coverage_recorded_in_the_package
a declared publisher change is accepted           test_pipeline.py::test_a_declared_publisher_change_is_accepted
ACLED monthly file missing cercle-months          test_conflict_data.py::test_hdx_table_with_a_missing_cercle_month_stops
download cut off / HTTP error / timeout           test_refresh.py::test_a_failed_refresh_leaves_data_and_downloads_byte_identical
**Dates and events that cannot be right**
event after the file's own version date           test_bad_input.py::test_an_event_after_the_files_own_version_date_is_refused
event before the publisher's coverage             test_bad_input.py::test_an_event_before_the_publishers_coverage_is_refused
event listed twice (any event file)               test_bad_input.py::test_an_event_listed_twice_is_refused_never_renumbered
a future date stops the derivation (raw row)      test_bad_input.py::test_a_future_date_stops_the_derivation_naming_the_raw_row
the real event files pass                         test_bad_input.py::test_the_real_event_files_pass_the_date_and_repeat_checks
monadic copies of one event that disagree         test_conflict_data.py::test_dedupe_keeps_first_row_and_refuses_disagreeing_copies
UN casualty id twice with conflicting facts       test_fatalities_cleaning.py::test_duplicate_id_with_conflicting_facts_stops_with_row_and_rule
ACLED's partial last month flagged                test_conflict_data.py::test_hdx_table_flags_only_the_download_month_as_partial
**Totals and parts**
IPI contributors: total, police, observers once   test_bad_input.py::test_ipi_contributions_total_must_equal_its_parts_counting_observers_once
UCDP country-year: types add up                   test_conflict_data.py::test_ucdp_country_year_checks_that_types_add_up
civilian targeting above political violence       test_conflict_data.py::test_bfa_civilian_targeting_above_political_violence_stops
**Raw text as markup**
value escaped for Markdown/MyST                   test_escaping.py::test_md_escape_turns_every_special_character_into_text
source link: text escaped, http(s) only           test_escaping.py::test_link_escapes_its_text_and_refuses_addresses_that_are_not_http
table cells and headers                           test_escaping.py::test_table_cells_and_headers_are_escaped_but_project_markup_is_kept
what-changed appendix                             test_escaping.py::test_what_changed_paragraph_escapes_names_values_and_notes
source titles, credits, data dictionary           test_escaping.py::test_generated_sources_and_dictionary_escape_titles_credits_and_descriptions
built HTML shows values as text                   test_escaping.py::test_fixture_book_html_shows_every_value_as_text
built LaTeX shows values as text                  test_escaping.py::test_fixture_book_latex_shows_every_value_as_text
no Markdown link built from data by hand          test_escaping.py::test_no_chapter_or_module_builds_a_markdown_link_from_data_by_hand
**One way to fail**
a bad table stops a chapter                       test_bad_input.py::test_a_chapter_loading_a_non_integer_count_stops
a failed build keeps the previous site            test_bad_input.py::test_a_failed_book_build_leaves_the_previous_site_as_it_was
a bad table: one short message at the build       test_bad_input.py::test_a_bad_table_gives_the_build_one_short_message
the real build stops without a traceback          test_bad_input.py::test_the_book_build_stops_on_a_bad_table_without_a_traceback
PermissionError, full disk, KeyboardInterrupt     test_pipeline.py::test_a_failure_of_the_system_is_one_message_not_a_traceback
**Interrupted, concurrent, blocked runs**
SIGTERM / SIGINT during make data                 test_pipeline.py::test_a_run_stopped_by_a_signal_leaves_data_as_it_was_and_no_folder
two runs at once (lock)                           test_pipeline.py::test_a_second_run_refuses_while_the_first_holds_the_lock
two refreshes at once (lock)                      test_refresh.py::test_a_second_refresh_refuses_while_one_runs
folders left by a killed run                      test_pipeline.py::test_folders_a_killed_run_left_are_removed_by_the_next_run
no instant without data/ (atomic swap)            test_pipeline.py::test_swap_exchanges_the_folders_with_no_instant_without_data
a signal during the swap: swap done, then stop    test_pipeline.py::test_a_signal_held_during_the_swap_arrives_after_it_and_says_so
data/ not writable                                test_pipeline.py::test_data_that_cannot_be_written_is_refused_before_any_work
bad row: data/ left as it was                     test_pipeline.py::test_failed_derivation_leaves_data_unchanged
**Secrets**
credentials in addresses, headers, environment    test_refresh.py::test_redact_removes_credentials_of_addresses_headers_and_the_environment
a failed refresh prints no credential             test_refresh.py::test_a_failed_refresh_prints_no_credential
ACLED credentials stored nowhere                  test_refresh.py::test_acled_api_uses_credentials_from_the_environment_only
no token left in the workflow's git config        test_refresh.py::test_the_refresh_workflow_leaves_no_token_in_git_config
================================================  ====================================================================================
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from minusma.data import load, sources
from minusma.data.derive.fatalities import read_un_fatalities
from minusma.data.validate import DataValidationError, read_csv_checked

from .conftest import ROOT, un_row, write_csv

#: A raw event table shaped like ACLED's (the six event types of ACLED's codebook).
EVENT_SCHEMA = {
    "fields": [
        {"name": "event_id", "type": "string", "constraints": {"required": True, "unique": True}},
        {"name": "event_date", "type": "date", "constraints": {"required": True}},
        {
            "name": "event_type",
            "type": "string",
            "constraints": {
                "required": True,
                "enum": [
                    "Battles",
                    "Explosions/Remote violence",
                    "Violence against civilians",
                    "Protests",
                    "Riots",
                    "Strategic developments",
                ],
            },
        },
        {"name": "fatalities", "type": "integer", "constraints": {"required": True, "minimum": 0}},
    ],
    "primaryKey": ["event_id"],
}
EVENT_HEADER = ["event_id", "event_date", "event_type", "fatalities"]


def one_problem(err):
    assert len(err.value.problems) == 1, err.value.problems
    return err.value.problems[0]


def test_unknown_incident_type_in_the_un_table(un_file):
    path = un_file(
        [
            un_row(1, "2024-01-01", "MINUSMA-2024-01-00001"),
            un_row(2, "2024-01-02", "MINUSMA-2024-01-00002", incident="Friendly Fire"),
        ]
    )
    with pytest.raises(DataValidationError) as err:
        read_un_fatalities(path)
    p = one_problem(err)
    assert (p.file.endswith("fatalities.csv"), p.row, p.column) == (True, 3, "type_of_incident")
    assert "rule 'enum'" in p.rule and p.value == "Friendly Fire"


def test_unknown_personnel_type_in_the_un_table(un_file):
    path = un_file([un_row(1, "2024-01-01", "MINUSMA-2024-01-00001", personnel="Contractor")])
    with pytest.raises(DataValidationError) as err:
        read_un_fatalities(path)
    p = one_problem(err)
    assert (p.row, p.column, p.value) == (2, "casualty_personnel_type", "Contractor")
    assert "rule 'enum'" in p.rule and "minusma/data/reference.py" in p.rule


def test_unknown_event_type_in_a_raw_event_table(tmp_path):
    f = write_csv(
        tmp_path / "events.csv",
        EVENT_HEADER,
        [
            ["MLI1", "2022-03-27", "Violence against civilians", "5"],
            ["MLI2", "2022-03-28", "Massacre", "40"],
        ],
    )
    with pytest.raises(DataValidationError) as err:
        read_csv_checked(f, EVENT_SCHEMA, label="events.csv")
    p = one_problem(err)
    assert (p.file, p.row, p.column, p.value) == ("events.csv", 3, "event_type", "Massacre")
    assert "not one of the 6 known values (rule 'enum'" in p.rule


def test_non_integer_count_in_a_raw_event_table(tmp_path):
    f = write_csv(
        tmp_path / "events.csv",
        EVENT_HEADER,
        [
            ["MLI1", "2022-03-27", "Battles", "5"],
            ["MLI2", "2022-03-28", "Battles", "12.5"],
        ],
    )
    with pytest.raises(DataValidationError) as err:
        read_csv_checked(f, EVENT_SCHEMA, label="events.csv")
    p = one_problem(err)
    assert (p.row, p.column, p.value) == (3, "fatalities", "12.5")
    assert p.rule == "not a whole number (type 'integer')"


def test_a_chapter_loading_a_non_integer_count_stops(tmp_path, monkeypatch):
    """A hand-edited count in data/ stops the chapter that loads it (and so the build)."""
    data = _bad_data(tmp_path)
    monkeypatch.setenv("MINUSMA_DATA", str(data))
    with pytest.raises(DataValidationError) as err:
        load.load_table("fatalities_by_mission_year")
    p = one_problem(err)
    assert p.file.endswith("fatalities_by_mission_year.csv") and (p.row, p.column) == (10, "fatalities")
    assert "whole number" in p.rule


# --------------------------------------------------------------------------
# Issue 15: at the book's build, one short message naming chapter, table and fix
# --------------------------------------------------------------------------

FIXTURE_PAGE = """---
jupytext:
  text_representation: {extension: .md, format_name: myst}
kernelspec: {display_name: Python 3, language: python, name: python3}
minusma:
  chapter: casualties
  inputs: [fatalities_by_mission_year]
---
# A chapter

```{code-cell} ipython3
from pathlib import Path
from minusma.book.chapter import Chapter
ch = Chapter("casualties", path=Path("index.md"))
t = ch.load("fatalities_by_mission_year")
```
"""


def _bad_data(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    path = data / "fatalities_by_mission_year.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    cells = lines[9].rstrip("\n").split(",")
    cells[-1] = "2.5"
    lines[9] = ",".join(cells) + "\n"
    path.write_text("".join(lines), encoding="utf-8")
    return data


def test_a_bad_table_gives_the_build_one_short_message(tmp_path, monkeypatch):
    from minusma.book import buildcheck

    monkeypatch.setenv("MINUSMA_DATA", str(_bad_data(tmp_path)))
    page = tmp_path / "casualties.md"
    page.write_text(FIXTURE_PAGE, encoding="utf-8")
    message = buildcheck.check_pages({"chapters/casualties": page})
    lines = message.splitlines()
    assert lines[1] == "  table fatalities_by_mission_year (read by chapter chapters/casualties):"
    assert "fatalities_by_mission_year.csv, row 10, column 'fatalities': not a whole number" in lines[2]
    assert lines[-1].startswith("Fix: run `make data`") and len(lines) == 4
    # the chapter's own load says the same, with the fix, and the cell's traceback hides the package
    from minusma.book.chapter import Chapter

    with pytest.raises(DataValidationError, match=r"table 'fatalities_by_mission_year'\) Fix: run `make data`"):
        Chapter("casualties", path=page).load("fatalities_by_mission_year")


def test_the_book_build_stops_on_a_bad_table_without_a_traceback(tmp_path, monkeypatch):
    """A real `jupyter-book build` of a one-page book whose table is bad: exit 1, the short message, no trace."""
    import os
    import subprocess

    from .conftest import venv_bin

    book = tmp_path / "book"
    book.mkdir()
    (book / "index.md").write_text(FIXTURE_PAGE, encoding="utf-8")
    (book / "_toc.yml").write_text("format: jb-book\nroot: index\n", encoding="utf-8")
    (book / "ext.py").write_text(
        "from minusma.book.buildcheck import check_inputs\n\n\ndef setup(app):\n"
        "    app.connect('env-before-read-docs', check_inputs, priority=400)\n"
        "    return {'parallel_read_safe': True}\n",
        encoding="utf-8",
    )
    (book / "_config.yml").write_text(
        "title: t\nonly_build_toc_files: true\nexecute:\n  execute_notebooks: cache\n"
        "sphinx:\n  local_extensions:\n    ext: ./\n  config:\n    nb_execution_raise_on_error: true\n"
        "    nb_execution_show_tb: true\n",
        encoding="utf-8",
    )
    env = {**os.environ, "MINUSMA_DATA": str(_bad_data(tmp_path)), "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [venv_bin("jupyter-book"), "build", str(book), "-W", "-n", "--keep-going"],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1
    assert "Traceback" not in out and "CellExecutionError" not in out, out[-3000:]
    assert "table fatalities_by_mission_year (read by chapter index):" in out and "Fix: run `make data`" in out
    assert out.count("not a whole number") == 1


# --------------------------------------------------------------------------
# Issue 15: dates that cannot be right, an event listed twice (any event file)
# --------------------------------------------------------------------------

ACLED_HEADER = ["event_id_cnty", "event_date", "year", "event_type", "fatalities"]


def test_an_event_after_the_files_own_version_date_is_refused(tmp_path):
    from minusma.data import integrity

    # ACLED's dyadic export was downloaded about 27 March 2023 (snapshots/conflict-events.yaml): an event of April cannot be in it
    f = write_csv(
        tmp_path / "acled.csv",
        ACLED_HEADER,
        [["MLI1", "01 March 2023", "2023", "Battles", "2"], ["MLI2", "10 April 2023", "2023", "Battles", "3"]],
    )
    (p,) = integrity.check_events("acled_mli_events_2015_2023", f, label="acled.csv")
    assert (p.file, p.row, p.column, p.value) == ("acled.csv", 3, "event_date", "10 April 2023")
    assert "after the file's own version date 2023-03-27" in p.rule


def test_an_event_before_the_publishers_coverage_is_refused(tmp_path):
    from minusma.data import integrity

    f = write_csv(tmp_path / "acled.csv", ACLED_HEADER, [["MLI1", "31 December 1996", "1996", "Battles", "2"]])
    (p,) = integrity.check_events("acled_mli_events_2015_2023", f, label="acled.csv")
    assert (p.row, p.column) == (2, "event_date") and "before the publisher's coverage starts (1997-01-01)" in p.rule


def test_an_event_listed_twice_is_refused_never_renumbered(tmp_path):
    from minusma.data import integrity

    f = write_csv(
        tmp_path / "ged.csv",
        ["id", "date_start", "best"],
        [
            ["235799", "05/26/2016 00:00:00", "3"],
            ["235800", "05/27/2016 00:00:00", "1"],
            ["235799", "05/26/2016 00:00:00", "3"],
        ],
    )
    (p,) = integrity.check_events("ucdp_ged_mli_v24", f, label="ged.csv")
    assert (p.row, p.column, p.value) == (4, "id", "235799") and "first at row 2" in p.rule


def test_version_dates_are_read_from_the_registry():
    from minusma.data import integrity

    got = {
        sid: integrity.version_date(sources.get(sid))
        for sid in ("un_fatalities", "un_fatalities_2021", "acled_mli_events_1997_2020", "ucdp_ged_events")
    }
    # "2025-04-04"; "2021-06" (end of month); "downloaded about 2 November 2020"; "Candidate 26.0.4 (April 2026)"
    assert got == {
        "un_fatalities": "2025-04-04",
        "un_fatalities_2021": "2021-06-30",
        "acled_mli_events_1997_2020": "2020-11-02",
        "ucdp_ged_events": "2026-04-30",
    }


def test_the_real_event_files_pass_the_date_and_repeat_checks():
    from minusma.data import integrity
    from minusma.paths import sources_dir

    for sid in integrity.EVENT_FILES:
        path = sources_dir() / sources.get(sid).path
        if not path.exists():
            pytest.skip(f"raw sources not found under {sources_dir()}")
        assert integrity.check_events(sid, path) == [], sid


def test_a_future_date_stops_the_derivation_naming_the_raw_row(tmp_path, monkeypatch):
    from minusma.data import pipeline
    from minusma.data.derive import registry
    from minusma.paths import sources_dir

    s = sources.get("acled_mli_events_2015_2023")
    if not (sources_dir() / s.path).exists():
        pytest.skip("raw sources not found")
    dest = tmp_path / "sources" / s.path
    dest.parent.mkdir(parents=True)
    lines = (sources_dir() / s.path).read_text(encoding="utf-8").splitlines(keepends=True)
    lines[5] = lines[5].replace(lines[5].split(",")[1], "15 May 2023", 1)
    dest.write_text("".join(lines), encoding="utf-8")
    monkeypatch.setenv("MINUSMA_SOURCES", str(tmp_path / "sources"))
    with pytest.raises(DataValidationError) as err:
        pipeline.derive_table(registry()["acled_mali_wagner_month"], tmp_path)
    p = one_problem(err)
    assert (p.file, p.row, p.column, p.value) == (f"sources/{s.path}", 6, "event_date", "15 May 2023")


# --------------------------------------------------------------------------
# Issue 15: totals agree with their parts; overlapping categories counted once
# --------------------------------------------------------------------------

IPI_CONTRIB_HEADER = [
    "Date",
    "Contributor",
    "Contributor_ISO-3",
    "Mission",
    "Experts_on_Mission",
    "Formed_Police_Units",
    "Inidividual_Police",
    "Civilian_Police",
    "Troops",
    "Observers",
    "Total",
]


def test_ipi_contributions_total_must_equal_its_parts_counting_observers_once(tmp_path):
    from minusma.data.derive.deployments_read import read_ipi_contributions

    # Chad, March 2014 (IPI): 1,123 troops, 2 experts of whom 2 observers, no police -> total 1,125, not 1,127
    ok = ["2014-03-31", "Chad", "TCD", "MINUSMA", "2", "NA", "NA", "NA", "1123", "2", "1125"]
    f = write_csv(tmp_path / "ipi.csv", IPI_CONTRIB_HEADER, [ok])
    assert read_ipi_contributions(f)["Total"].tolist() == [1125]
    bad_total = ["2014-03-31", "Mali", "MLI"] + ok[3:10] + ["1127"]  # observers added twice
    bad_police = ["2014-03-31", "Niger", "NER", "MINUSMA", "NA", "140", "5", "150", "700", "NA", "850"]
    nested = ["2014-03-31", "Togo", "TGO", "MINUSMA", "1", "NA", "NA", "NA", "900", "3", "901"]
    f = write_csv(tmp_path / "ipi.csv", IPI_CONTRIB_HEADER, [ok, bad_total, bad_police, nested])
    with pytest.raises(DataValidationError) as err:
        read_ipi_contributions(f)
    got = {(p.row, p.column) for p in err.value.problems}
    assert got == {(3, "Total"), (4, "Civilian_Police"), (5, "Observers")}, err.value.problems
    assert all("rule 'total equals parts'" in p.rule or "rule 'parts nest'" in p.rule for p in err.value.problems)


def test_the_catalogue_names_only_tests_that_exist():
    """Every test the module docstring's catalogue names is defined in its file (and each kind has one)."""
    import ast
    import re

    here = Path(__file__).parent
    refs = re.findall(r"^(.+?)\s{2,}(test_\w+\.py)::(test_\w+)\s*$", __doc__, re.M)
    assert len(refs) >= 60
    names = {}
    for _, file, test in refs:
        if file not in names:
            tree = ast.parse((here / file).read_text(encoding="utf-8"))
            names[file] = {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
        assert test in names[file], f"{file}::{test} named in the catalogue does not exist"


def test_a_failed_book_build_leaves_the_previous_site_as_it_was(tmp_path):
    """`make book` copies the site aside and puts it back when the build fails (here a build that half-writes)."""
    import os
    import subprocess
    import time

    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    for name in ("requirements.txt", "pyproject.toml", "VERSION"):
        (tmp_path / name).write_text("x\n")
    time.sleep(0.01)
    (tmp_path / ".venv").mkdir()
    (tmp_path / ".venv" / ".installed").touch()
    site = tmp_path / "_build" / "html"
    site.mkdir(parents=True)
    (site / "index.html").write_text("the previous site\n")
    half = "sh -c 'echo half-written > _build/html/index.html; touch _build/html/new.html; exit 1' jb"
    proc = subprocess.run(
        ["make", "-s", "book", f"JB={half}"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={k: v for k, v in os.environ.items() if not k.startswith("MAKE")},
    )
    assert proc.returncode != 0 and "_build/html is the previous site, unchanged" in proc.stdout
    assert sorted(p.name for p in site.iterdir()) == ["index.html"]
    assert (site / "index.html").read_text() == "the previous site\n"
    assert sorted(p.name for p in (tmp_path / "_build").iterdir()) == ["html"]
    ok = "sh -c 'echo new > _build/html/index.html' jb"
    assert subprocess.run(["make", "-s", "book", f"JB={ok}"], cwd=tmp_path, capture_output=True).returncode == 0
    assert (site / "index.html").read_text() == "new\n" and not (tmp_path / "_build" / "html.prev").exists()
