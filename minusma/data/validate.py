"""Read CSV files strictly and validate them against a Frictionless table schema.

Every table that enters the report (a raw snapshot read by a derivation, or a
derived table read by a chapter) goes through :func:`read_csv_checked`. It
stops at the first kind of problem that makes the rest meaningless (a file
that is empty, not UTF-8, cut off inside a quoted field, or missing a column)
and otherwise reports every row that breaks the schema, each naming the file,
the row, the column and the rule, for example::

    data/fatalities_minusma.csv, row 14, column 'incident_date':
    not a valid date (type 'date', format YYYY-MM-DD); value '2021-13-01'

Row numbers count lines of the file with the header as row 1, as a
spreadsheet or a text editor shows them.

The schema is a Frictionless Table Schema descriptor (a ``dict`` with
``fields``, optional ``primaryKey`` and ``missingValues``), the same that
``data/datapackage.json`` publishes. Row-level checks (types, ``required``,
``minimum``, ``enum``, ``pattern``, ``unique``, primary keys) are done by the
``frictionless`` library; this module only reads the bytes, checks the header
and turns the library's report into messages a person can act on.
"""

from __future__ import annotations

import csv
import difflib
import io
from collections.abc import Mapping
from pathlib import Path

import frictionless
import pandas as pd

from minusma.data.csvio import format_frame
from minusma.data.problems import DataValidationError, Problem
from minusma.paths import relative

_BOM = b"\xef\xbb\xbf"

# --------------------------------------------------------------------------
# Reading bytes and header
# --------------------------------------------------------------------------


def _decode(raw: bytes, label: str) -> str:
    """Decode UTF-8 strictly; a leading byte-order mark is accepted and dropped."""
    if raw.startswith(_BOM):
        raw = raw[len(_BOM) :]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        header = raw.split(b"\n", 1)[0].decode("utf-8", "replace").strip("\r")
        names = next(csv.reader([header]), [])
        # The column is the number of separators before the bad byte on its line
        # (good enough to point at the place; quoted commas are rare in such lines).
        col_index = raw[line_start : exc.start].count(b",")
        column = names[col_index] if col_index < len(names) else None
        raise DataValidationError(
            [
                Problem(
                    label,
                    line,
                    column,
                    f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset "
                    f"{exc.start}); re-save the file as UTF-8",
                )
            ]
        ) from None


def _parse(text: str, label: str) -> list[list[str]]:
    """Split CSV text into rows of strings; report a file cut inside a quoted field."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[list[str]] = []
    try:
        for row in reader:
            rows.append(row)
    except csv.Error as exc:
        raise DataValidationError(
            [
                Problem(
                    label,
                    reader.line_num,
                    None,
                    f"malformed or truncated CSV ({exc}); the file may have been cut off",
                )
            ]
        ) from None
    while rows and not any(cell.strip() for cell in rows[-1]):
        rows.pop()  # trailing blank lines
    return rows


def _check_header(
    header: list[str],
    wanted: list[str],
    label: str,
    allow_extra: bool,
) -> list[Problem]:
    problems = []
    seen = set()
    for name in header:
        if name in seen:
            problems.append(Problem(label, 1, name, "column name appears twice in the header"))
        seen.add(name)
    missing = [w for w in wanted if w not in header]
    extra = [h for h in header if h not in wanted]
    for name in missing:
        guess = difflib.get_close_matches(name, extra, n=1)
        rule = "required column is missing from the header"
        if guess:
            rule += f" (renamed to {guess[0]!r}?)"
        problems.append(Problem(label, 1, name, rule))
    if not allow_extra:
        for name in extra:
            if not difflib.get_close_matches(name, missing, n=1):
                problems.append(Problem(label, 1, name, "column is not in the schema"))
    return problems


# --------------------------------------------------------------------------
# Row validation (frictionless) and typing (pandas)
# --------------------------------------------------------------------------


def _rule(error: frictionless.errors.Error, field: dict | None) -> str:
    """Turn a frictionless error into a rule a person can read."""
    kind = error.type
    constraints = (field or {}).get("constraints", {})
    if kind == "type-error":
        ftype = (field or {}).get("type", "?")
        fmt = (field or {}).get("format", "default")
        extra = {
            "date": "a date YYYY-MM-DD",
            "integer": "a whole number",
            "number": "a number",
            "year": "a year YYYY",
            "boolean": "true or false",
        }.get(ftype, ftype)
        if ftype == "date" and fmt not in ("default", "any"):
            extra = f"a date in the format {fmt}"
        return f"not {extra} (type {ftype!r})"
    if kind == "constraint-error":
        note = error.note
        if '"required"' in note:
            return "value is required but empty"
        if '"minimum"' in note:
            return f"below the minimum of {constraints.get('minimum')} (rule 'minimum')"
        if '"maximum"' in note:
            return f"above the maximum of {constraints.get('maximum')} (rule 'maximum')"
        if '"enum"' in note:
            allowed = constraints.get("enum", [])
            shown = ", ".join(map(str, allowed[:8])) + (", ..." if len(allowed) > 8 else "")
            return (
                f"not one of the {len(allowed)} known values (rule 'enum': {shown}); "
                "if the value is new and real, add it to minusma/data/reference.py"
            )
        if '"pattern"' in note:
            return f"does not match the pattern {constraints.get('pattern')!r} (rule 'pattern')"
        if '"unique"' in note:
            return "value repeats an earlier row (rule 'unique')"
        return f"constraint broken ({note})"
    if kind == "primary-key":
        return f"duplicate key: {error.note} (rule 'primaryKey')"
    if kind in ("missing-cell", "extra-cell"):
        return f"{error.title.lower()} (the row has the wrong number of cells)"
    if kind == "blank-row":
        return "blank row"
    return f"{error.title}: {error.note}"


def validate_rows(
    header: list[str],
    rows: list[list[str]],
    schema: Mapping,
    label: str,
) -> list[Problem]:
    """Validate string rows against ``schema`` with frictionless.

    Parameters
    ----------
    header : list of str
        Column names, in the order of ``schema['fields']``.
    rows : list of list of str
        Data rows as read from the file (row ``i`` is line ``i + 2``).
    schema : mapping
        Frictionless Table Schema descriptor.
    label : str
        File name to put in the problems.

    Returns
    -------
    list of Problem
        Empty when every row is valid.
    """
    fields = {f["name"]: f for f in schema["fields"]}
    resource = frictionless.Resource(
        data=[header] + rows,
        schema=frictionless.Schema.from_descriptor(dict(schema)),
    )
    report = resource.validate(limit_errors=10_000)
    problems = []
    key = list(schema.get("primaryKey") or [])
    for task in report.tasks:
        for error in task.errors:
            row = getattr(error, "row_number", None)
            column = getattr(error, "field_name", None)
            cell = getattr(error, "cell", None)
            if error.type == "primary-key" and key and row is not None and 2 <= row < len(rows) + 2:
                # Name the key's columns and values, not only the rule.
                column = ", ".join(key)
                cell = ", ".join(rows[row - 2][header.index(k)] for k in key)
            problems.append(Problem(label, row, column, _rule(error, fields.get(column)), cell if cell else None))
    return problems


def _typed(frame: pd.DataFrame, schema: Mapping) -> pd.DataFrame:
    """Convert the string columns of a validated frame to the schema's types."""
    missing = list(schema.get("missingValues", [""]))
    out = {}
    for field in schema["fields"]:
        name, ftype = field["name"], field.get("type", "string")
        col = frame[name].where(~frame[name].isin(missing), None)
        if ftype == "integer" or ftype == "year":
            out[name] = pd.array(pd.to_numeric(col), dtype="Int64")
        elif ftype == "number":
            out[name] = pd.to_numeric(col).astype("float64")
        elif ftype == "date":
            fmt = field.get("format", "default")
            out[name] = pd.to_datetime(col, format="%Y-%m-%d" if fmt == "default" else fmt)
        elif ftype == "boolean":
            out[name] = col.map({"true": True, "false": False, "True": True, "False": False}).astype("boolean")
        else:
            out[name] = col.astype("str").where(col.notna(), None) if col.isna().any() else col.astype("str")
    return pd.DataFrame(out, index=frame.index)


def read_csv_checked(
    path: Path | str,
    schema: Mapping,
    *,
    rename: Mapping[str, str] | None = None,
    allow_extra: bool = False,
    optional: tuple[str, ...] = (),
    label: str | None = None,
    typed: bool = True,
) -> pd.DataFrame:
    """Read a CSV file, validate it against ``schema`` and return it typed.

    Parameters
    ----------
    path : path-like
        The CSV file (UTF-8; a byte-order mark is accepted).
    schema : mapping
        Frictionless Table Schema descriptor: ``fields`` (``name``, ``type``,
        optional ``constraints`` and ``format``), optional ``primaryKey``
        and ``missingValues`` (default ``[""]``).
    rename : mapping, optional
        Header names to rename before the check (old name -> schema name),
        for sources whose column names changed between versions.
    allow_extra : bool
        Accept columns that the schema does not list (raw sources); they are
        dropped. Derived tables use ``False``.
    optional : tuple of str
        Schema columns that older versions of a source lack; when absent from
        the header they are added, empty.
    label : str, optional
        Name of the file in messages; default: the path relative to the
        repository or the sources folder.
    typed : bool
        Convert columns to the schema's types (default). With ``False`` all
        columns stay strings, as in the file.

    Returns
    -------
    pandas.DataFrame
        One row per data row, the schema's columns in schema order. Types:
        ``integer``/``year`` -> ``Int64``, ``number`` -> ``float64``,
        ``date`` -> ``datetime64``, ``boolean`` -> ``boolean``, others ->
        ``str`` (missing values are ``<NA>``/``None``).

    Raises
    ------
    FileNotFoundError
        The file does not exist.
    DataValidationError
        The file is empty, has a header without rows, is not UTF-8, is cut
        off, lacks a column, or any row breaks the schema. The message names
        the file, row, column and rule of every problem.
    """
    path = Path(path)
    label = label or relative(path)
    raw = path.read_bytes()
    if not raw.strip(_BOM + b" \r\n\t"):
        raise DataValidationError([Problem(label, None, None, "file is empty (no header, no rows)")])
    rows = _parse(_decode(raw, label), label)
    header = [h.strip("\ufeff") for h in rows[0]]
    if rename:
        header = [rename.get(h, h) for h in header]
    body = rows[1:]
    wanted = [f["name"] for f in schema["fields"]]
    absent = [w for w in optional if w not in header]
    problems = _check_header(header, [w for w in wanted if w not in absent], label, allow_extra)
    if problems:
        raise DataValidationError(problems)
    if not body:
        raise DataValidationError([Problem(label, 1, None, "header without rows: the table has no data")])
    width = len(header)
    short = [
        Problem(
            label,
            i + 2,
            header[len(r)] if len(r) < width else None,
            f"row has {len(r)} cells but the header has {width}" + (" (truncated row?)" if len(r) < width else ""),
        )
        for i, r in enumerate(body)
        if len(r) != width
    ]
    if short:
        raise DataValidationError(short)
    index = [header.index(w) if w not in absent else None for w in wanted]
    body = [[r[i] if i is not None else "" for i in index] for r in body]
    problems = validate_rows(wanted, body, schema, label)
    if problems:
        raise DataValidationError(problems)
    frame = pd.DataFrame(body, columns=wanted, dtype="str")
    return _typed(frame, schema) if typed else frame


def validate_frame(frame: pd.DataFrame, schema: Mapping, label: str) -> None:
    """Validate an in-memory table (as it would be written) against ``schema``.

    Used by the pipeline before it writes anything: the frame is rendered to
    strings exactly as :func:`minusma.data.csvio.write_csv` writes them.

    Raises
    ------
    DataValidationError
        Any row breaks the schema; row numbers are those the written file
        would have.
    """
    strings = format_frame(frame, schema)
    wanted = [f["name"] for f in schema["fields"]]
    problems = _check_header(list(strings.columns), wanted, label, allow_extra=False)
    if problems:
        raise DataValidationError(problems)
    if strings.empty:
        raise DataValidationError([Problem(label, 1, None, "header without rows: the table has no data")])
    problems = validate_rows(wanted, strings[wanted].values.tolist(), schema, label)
    if problems:
        raise DataValidationError(problems)
