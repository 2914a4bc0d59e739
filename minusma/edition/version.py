"""The edition: which version of the report a reader holds, and what it was built from.

One source of truth: the file ``VERSION`` at the repository's root holds the
edition number, in semantic versioning (``MAJOR.MINOR.PATCH``):

- **major**: a new edition of the findings (a chapter's conclusions change);
- **minor**: a new chapter or dataset;
- **patch**: corrections (wording, a fixed chart, a data refresh that moves no finding).

Everything else reads it: the Python package's version (``pyproject.toml``
declares it dynamic, read from ``VERSION``), the HTML footer and the PDF title
page (:mod:`minusma.book.publication`), the release files
(``dist/minusma-report-<version>.*``, :mod:`minusma.edition.release`). Two files carry a
copy for the tools that read them, and :func:`check` (run by the tests and by
``make release``) fails if they disagree: ``CITATION.cff`` (``version`` and
``date-released``) and ``CHANGELOG.md`` (a section ``## [<version>] - <date>``).
``python -m minusma.edition.version bump X.Y.Z`` writes all three at once.

Besides the number, each build is stamped with its build date (honouring
``SOURCE_DATE_EPOCH``), the git commit it was built from (marked
``+modified`` when the working tree has uncommitted changes) and a short hash
of ``data/``, so that two copies of the same edition can be told apart.

Usage::

    python -m minusma.edition.version show          # the stamp of this checkout
    python -m minusma.edition.version check         # VERSION, CITATION.cff and CHANGELOG.md agree
    python -m minusma.edition.version bump 0.2.0    # start a new edition (dated today)
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from minusma.paths import ROOT, data_dir

#: Semantic version, no pre-release or build suffix.
SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")
#: A released section of CHANGELOG.md: ``## [1.2.0] - 2026-11-29``.
CHANGELOG_SECTION = re.compile(r"^## \[(?P<version>[^\]]+)\] - (?P<date>\d{4}-\d{2}-\d{2})\s*$", re.M)
UNRELEASED = "## Unreleased"


class EditionError(ValueError):
    """The edition files disagree, or a version string is malformed."""


def version(root: Path = ROOT) -> str:
    """Return the edition number from ``VERSION`` (``"0.1.0"``).

    Raises
    ------
    EditionError
        ``VERSION`` is not a semantic version ``MAJOR.MINOR.PATCH``.
    """
    text = (root / "VERSION").read_text(encoding="utf-8").strip()
    if not SEMVER.match(text):
        raise EditionError(f"VERSION holds {text!r}, not a semantic version MAJOR.MINOR.PATCH")
    return text


def changelog_releases(root: Path = ROOT) -> dict[str, str]:
    """Return the released sections of ``CHANGELOG.md``: version -> ISO date, newest first."""
    text = (root / "CHANGELOG.md").read_text(encoding="utf-8")
    return {m["version"]: m["date"] for m in CHANGELOG_SECTION.finditer(text)}


def citation(root: Path = ROOT) -> dict:
    """Return ``CITATION.cff`` parsed (a dict; ``version`` and ``date-released`` as str)."""
    data = yaml.safe_load((root / "CITATION.cff").read_text(encoding="utf-8"))
    data["version"] = str(data.get("version", ""))
    data["date-released"] = str(data.get("date-released", ""))
    return data


def released_on(root: Path = ROOT) -> str:
    """Return the ISO date on which the current edition was released (from ``CHANGELOG.md``).

    Raises
    ------
    EditionError
        ``CHANGELOG.md`` has no section for the current version.
    """
    v = version(root)
    releases = changelog_releases(root)
    if v not in releases:
        raise EditionError(f"CHANGELOG.md has no section '## [{v}] - YYYY-MM-DD' for the edition in VERSION")
    return releases[v]


def check(root: Path = ROOT) -> list[str]:
    """Return the disagreements between ``VERSION``, ``CITATION.cff`` and ``CHANGELOG.md`` (empty if none)."""
    problems = []
    try:
        v = version(root)
    except EditionError as exc:
        return [str(exc)]
    cff = citation(root)
    if cff["version"] != v:
        problems.append(f"CITATION.cff has version {cff['version']!r}, VERSION has {v!r}")
    releases = changelog_releases(root)
    if v not in releases:
        problems.append(f"CHANGELOG.md has no section '## [{v}] - YYYY-MM-DD'")
    elif cff["date-released"] != releases[v]:
        problems.append(
            f"CITATION.cff date-released {cff['date-released']!r} differs from the CHANGELOG.md "
            f"date of {v} ({releases[v]!r})"
        )
    if releases and next(iter(releases)) != v:
        problems.append(f"the newest section of CHANGELOG.md is {next(iter(releases))!r}, VERSION has {v!r}")
    if UNRELEASED not in (root / "CHANGELOG.md").read_text(encoding="utf-8"):
        problems.append(f"CHANGELOG.md has no '{UNRELEASED}' section for the next edition's entries")
    return problems


def _sortkey(v: str) -> tuple[int, ...]:
    return tuple(int(x) for x in v.split("."))


def bump(new: str, date: str | None = None, root: Path = ROOT) -> None:
    """Start edition ``new``: write ``VERSION``, ``CITATION.cff`` and move ``Unreleased`` in ``CHANGELOG.md``.

    The entries under ``## Unreleased`` become the section ``## [new] - date``
    and an empty ``## Unreleased`` section is opened above it.

    Parameters
    ----------
    new : str
        The new version, greater than the current one.
    date : str, optional
        ISO release date; default today (or ``SOURCE_DATE_EPOCH``).

    Raises
    ------
    EditionError
        ``new`` is malformed or not greater than the current version, or the
        ``Unreleased`` section is missing or empty.
    """
    if not SEMVER.match(new):
        raise EditionError(f"{new!r} is not a semantic version MAJOR.MINOR.PATCH")
    old = version(root)
    if _sortkey(new) <= _sortkey(old):
        raise EditionError(f"new version {new} must be greater than the current {old}")
    date = date or build_date().isoformat()
    changelog = root / "CHANGELOG.md"
    text = changelog.read_text(encoding="utf-8")
    start = text.find(UNRELEASED)
    if start < 0:
        raise EditionError(f"CHANGELOG.md has no '{UNRELEASED}' section")
    body_start = start + len(UNRELEASED)
    nxt = CHANGELOG_SECTION.search(text, body_start)
    body = text[body_start : nxt.start() if nxt else len(text)]
    if not body.strip():
        raise EditionError("the Unreleased section of CHANGELOG.md is empty: nothing to release")
    text = text[:start] + f"{UNRELEASED}\n\n## [{new}] - {date}" + text[body_start:]
    changelog.write_text(text, encoding="utf-8")
    (root / "VERSION").write_text(new + "\n", encoding="utf-8")
    cff = (root / "CITATION.cff").read_text(encoding="utf-8")
    cff = re.sub(r"(?m)^version: .*$", f'version: "{new}"', cff)
    cff = re.sub(r"(?m)^date-released: .*$", f'date-released: "{date}"', cff)
    (root / "CITATION.cff").write_text(cff, encoding="utf-8")


def build_date() -> dt.date:
    """Return the build date: ``SOURCE_DATE_EPOCH`` (UTC) if set, else today (UTC)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    return dt.datetime.now(tz=dt.UTC).date()


def git_commit(root: Path = ROOT) -> tuple[str, bool]:
    """Return ``(short commit, modified)`` of the checkout at ``root``.

    ``modified`` is True when tracked files have uncommitted changes. Outside a
    git checkout (an unpacked archive), the commit is ``$GITHUB_SHA`` if set,
    else ``"unknown"``.
    """

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", "-C", str(root), *args], capture_output=True, text=True, check=True, timeout=30
        ).stdout.strip()

    try:
        top = Path(git("rev-parse", "--show-toplevel")).resolve()
        if top != root.resolve():
            raise subprocess.CalledProcessError(1, "git")  # a copy inside someone else's checkout
        commit = git("rev-parse", "--short=10", "HEAD")
        modified = bool(git("status", "--porcelain", "--untracked-files=no"))
        return commit, modified
    except (OSError, subprocess.CalledProcessError, subprocess.TimeoutExpired):
        sha = os.environ.get("GITHUB_SHA", "")
        return (sha[:10] or "unknown"), False


def data_hash(folder: Path | None = None, length: int = 12) -> str:
    """Return a short sha256 of the derived data: every file of ``data/``, by name, in name order.

    Parameters
    ----------
    folder : pathlib.Path, optional
        Default :func:`minusma.paths.data_dir`.
    length : int
        Hex digits to keep.

    Returns
    -------
    str
        ``length`` hex digits; the same files always give the same hash.
    """
    folder = folder or data_dir()
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            h.update(p.relative_to(folder).as_posix().encode() + b"\0")
            h.update(hashlib.sha256(p.read_bytes()).digest())
    return h.hexdigest()[:length]


@dataclass(frozen=True)
class Edition:
    """The stamp of one build.

    Attributes
    ----------
    version : str
        Edition number (``VERSION``).
    released : str
        ISO date of the edition's release (``CHANGELOG.md``), or ``""`` if unreleased.
    built : datetime.date
        Build date.
    commit : str
        Short git commit (``"unknown"`` outside git).
    modified : bool
        The working tree had uncommitted changes.
    data : str
        Short hash of ``data/`` (:func:`data_hash`).
    """

    version: str
    released: str
    built: dt.date
    commit: str
    modified: bool
    data: str

    @property
    def commit_label(self) -> str:
        """The commit, with ``+modified`` if the tree had uncommitted changes."""
        return self.commit + ("+modified" if self.modified else "")

    def released_text(self) -> str:
        """``"29 November 2026"`` (or ``"not yet released"``)."""
        if not self.released:
            return "not yet released"
        return long_date(dt.date.fromisoformat(self.released))

    def stamp(self) -> str:
        """One line for footers: ``Edition 0.1.0 · built 29 November 2026 · commit 1a2b3c4d5e · data 0123456789ab``."""
        return f"Edition {self.version} · built {long_date(self.built)} · commit {self.commit_label} · data {self.data}"


def long_date(d: dt.date) -> str:
    """``29 November 2026`` (no leading zero)."""
    return f"{d.day} {d.strftime('%B %Y')}"


def current(root: Path = ROOT) -> Edition:
    """Return the :class:`Edition` of the checkout at ``root`` as it is now."""
    commit, modified = git_commit(root)
    try:
        released = released_on(root)
    except EditionError:
        released = ""
    data = data_dir() if root == ROOT else root / "data"
    return Edition(
        version=version(root),
        released=released,
        built=build_date(),
        commit=commit,
        modified=modified,
        data=data_hash(data),
    )


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; returns the exit status."""
    parser = argparse.ArgumentParser(prog="python -m minusma.edition.version", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("show", help="print the stamp of this checkout")
    sub.add_parser("version", help="print the edition number only")
    sub.add_parser("check", help="check that VERSION, CITATION.cff and CHANGELOG.md agree")
    b = sub.add_parser("bump", help="start a new edition")
    b.add_argument("new")
    b.add_argument("--date", help="release date, YYYY-MM-DD (default today)")
    args = parser.parse_args(argv)
    try:
        if args.command == "version":
            print(version())
        elif args.command == "show":
            print(current().stamp())
        elif args.command == "check":
            problems = check()
            for p in problems:
                print(f"error: {p}", file=sys.stderr)
            if problems:
                return 1
            print(f"edition {version()}: VERSION, CITATION.cff and CHANGELOG.md agree")
        else:
            bump(args.new, args.date)
            print(f"edition {args.new}: VERSION, CITATION.cff and CHANGELOG.md updated; commit and tag v{args.new}")
    except EditionError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
