"""Bad input of every kind stops with a message naming file, row, column and rule.

Fixtures are small CSVs written here against a small schema shaped like the
derived tables (a date, a category, a count, a key).
"""

from __future__ import annotations

import shutil

import pytest

from minusma.data import load
from minusma.data.validate import DataValidationError, read_csv_checked

from .conftest import ROOT, write_csv

SCHEMA = {
    "fields": [
        {"name": "mission", "type": "string", "constraints": {"required": True, "enum": ["MINUSMA", "UNIFIL"]}},
        {"name": "date", "type": "date", "constraints": {"required": True}},
        {"name": "fatalities", "type": "integer", "constraints": {"required": True, "minimum": 0}},
    ],
    "primaryKey": ["mission", "date"],
}
HEADER = ["mission", "date", "fatalities"]
GOOD = [["MINUSMA", "2019-01-20", "10"], ["UNIFIL", "2019-01-20", "0"]]


def problem(path, rows, **kw):
    f = write_csv(path, HEADER, rows, **kw)
    with pytest.raises(DataValidationError) as err:
        read_csv_checked(f, SCHEMA, label="t.csv")
    return err.value


def test_good_file_is_read_with_types(tmp_path):
    df = read_csv_checked(write_csv(tmp_path / "t.csv", HEADER, GOOD), SCHEMA)
    assert list(df["fatalities"]) == [10, 0]
    assert str(df["date"].dtype).startswith("datetime64")


def test_date_that_does_not_parse(tmp_path):
    e = problem(tmp_path / "t.csv", [GOOD[0], ["UNIFIL", "2019-13-01", "1"]])
    assert [(p.file, p.row, p.column) for p in e.problems] == [("t.csv", 3, "date")]
    assert "not a date" in str(e) and "'2019-13-01'" in str(e)


def test_negative_count(tmp_path):
    e = problem(tmp_path / "t.csv", [GOOD[0], ["UNIFIL", "2019-01-21", "-3"]])
    assert (e.problems[0].row, e.problems[0].column) == (3, "fatalities")
    assert "minimum of 0" in str(e)


def test_non_integer_count(tmp_path):
    e = problem(tmp_path / "t.csv", [["MINUSMA", "2019-01-20", "2.5"]])
    assert (e.problems[0].row, e.problems[0].column) == (2, "fatalities")
    assert "whole number" in str(e)


def test_duplicate_key(tmp_path):
    e = problem(tmp_path / "t.csv", [GOOD[0], GOOD[1], ["MINUSMA", "2019-01-20", "3"]])
    assert e.problems[0].row == 4
    assert "duplicate key" in str(e) and "primaryKey" in str(e)


def test_unknown_category(tmp_path):
    e = problem(tmp_path / "t.csv", [GOOD[0], ["UNNEW", "2019-01-20", "1"]])
    assert (e.problems[0].row, e.problems[0].column) == (3, "mission")
    assert "enum" in str(e) and "'UNNEW'" in str(e) and "minusma/data/reference.py" in str(e)


def test_missing_column(tmp_path):
    f = write_csv(tmp_path / "t.csv", ["mission", "date"], [["MINUSMA", "2019-01-20"]])
    with pytest.raises(DataValidationError) as err:
        read_csv_checked(f, SCHEMA, label="t.csv")
    p = err.value.problems[0]
    assert (p.row, p.column) == (1, "fatalities") and "missing" in p.rule


def test_renamed_column_is_pointed_out(tmp_path):
    f = write_csv(tmp_path / "t.csv", ["mission", "date", "fatality"], [["MINUSMA", "2019-01-20", "1"]])
    with pytest.raises(DataValidationError) as err:
        read_csv_checked(f, SCHEMA, label="t.csv")
    assert "renamed to 'fatality'?" in str(err.value)


def test_wrong_encoding_is_reported(tmp_path):
    f = tmp_path / "t.csv"
    f.write_bytes("mission,date,fatalities\nMINUSMA,2019-01-20,1\nUNIFIL,2019-01-2é,1\n".encode("latin-1"))
    with pytest.raises(DataValidationError) as err:
        read_csv_checked(f, SCHEMA, label="t.csv")
    p = err.value.problems[0]
    assert (p.row, p.column) == (3, "date")
    assert "not valid UTF-8" in p.rule


def test_byte_order_mark_is_accepted(tmp_path):
    df = read_csv_checked(write_csv(tmp_path / "t.csv", HEADER, GOOD, bom=True), SCHEMA)
    assert list(df.columns) == HEADER and len(df) == 2


def test_empty_file(tmp_path):
    f = tmp_path / "t.csv"
    f.write_bytes(b"")
    with pytest.raises(DataValidationError, match="t.csv: file is empty"):
        read_csv_checked(f, SCHEMA, label="t.csv")


def test_header_without_rows(tmp_path):
    with pytest.raises(DataValidationError, match="t.csv, row 1: header without rows"):
        read_csv_checked(write_csv(tmp_path / "t.csv", HEADER, []), SCHEMA, label="t.csv")


def test_truncated_file_last_row_cut(tmp_path):
    f = tmp_path / "t.csv"
    f.write_text("mission,date,fatalities\nMINUSMA,2019-01-20,10\nUNIFIL,2019-0", encoding="utf-8")
    with pytest.raises(DataValidationError) as err:
        read_csv_checked(f, SCHEMA, label="t.csv")
    p = err.value.problems[0]
    assert (p.row, p.column) == (3, "fatalities") and "truncated" in p.rule


def test_truncated_file_inside_quoted_field(tmp_path):
    f = tmp_path / "t.csv"
    f.write_text('mission,date,fatalities\nMINUSMA,2019-01-20,10\n"UNIF', encoding="utf-8")
    with pytest.raises(DataValidationError, match="truncated"):
        read_csv_checked(f, SCHEMA, label="t.csv")


def test_every_problem_is_listed(tmp_path):
    e = problem(tmp_path / "t.csv", [["UNNEW", "2019-01-20", "-1"], ["MINUSMA", "xx", "1"]])
    assert {(p.row, p.column) for p in e.problems} == {(2, "mission"), (2, "fatalities"), (3, "date")}


def test_loader_rejects_a_broken_derived_table(tmp_path, monkeypatch):
    """A chapter's loader stops on a hand-broken table of data/ and names it."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    path = data / "fatalities_minusma.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    cells = lines[5].split(",")
    cells[4] = "Friendly Fire"  # incident_type: not a UN category
    lines[5] = ",".join(cells)
    path.write_text("".join(lines), encoding="utf-8")
    monkeypatch.setenv("MINUSMA_DATA", str(data))
    with pytest.raises(DataValidationError) as err:
        load.load_table("fatalities_minusma")
    p = err.value.problems[0]
    assert p.file.endswith("fatalities_minusma.csv") and p.row == 6 and p.column == "incident_type"
