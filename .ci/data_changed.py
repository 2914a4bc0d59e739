#!/usr/bin/env python3
"""Did a table in data/ change its content, not only its retrieval date? (the weekly refresh).

``make refresh`` rewrites ``data/datapackage.json`` on every run: each source's ``retrieved``
date is the day of the download, even when the publisher's file and every derived table are the
same as last week. A pull request for that alone would be noise. This compares the working tree's
``data/`` with the commit checked out (``HEAD``): any table (CSV) added, removed or changed, or
any change to the data package other than the ``retrieved`` dates, counts as a change.

Usage: python3 .ci/data_changed.py [--repo DIR] [--data data]
Prints what changed; exit status 0 if content changed, 1 if not (or only retrieval dates), 2 on error.
Standard library only: it runs before any install.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

PACKAGE = "datapackage.json"
#: Keys whose values are the day of a download, not content.
VOLATILE = {"retrieved"}


def strip_volatile(value):
    """``value`` (parsed JSON) without the keys in :data:`VOLATILE`, at any depth."""
    if isinstance(value, dict):
        return {k: strip_volatile(v) for k, v in value.items() if k not in VOLATILE}
    if isinstance(value, list):
        return [strip_volatile(v) for v in value]
    return value


def git(repo: Path, *args: str) -> str:
    """Output of a git command in ``repo`` (raises CalledProcessError on failure)."""
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True).stdout


def changes(repo: Path, data: str = "data") -> list[str]:
    """What changed in ``repo/data`` since HEAD, one line per file; [] if nothing but retrieval dates."""
    status = git(repo, "status", "--porcelain", "--untracked-files=all", "--", data)
    out = []
    for line in status.splitlines():
        path = line[3:].split(" -> ")[-1].strip('"')
        if Path(path).name == PACKAGE and Path(path).parent == Path(data):
            try:
                before = json.loads(git(repo, "show", f"HEAD:{path}"))
            except subprocess.CalledProcessError:
                before = None
            now_file = repo / path
            now = json.loads(now_file.read_text(encoding="utf-8")) if now_file.exists() else None
            if strip_volatile(before) != strip_volatile(now):
                out.append(f"{path}: metadata changed (beyond the retrieval dates)")
            continue
        out.append(f"{path}: {line[:2].strip() or 'changed'}")
    return out


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point: print the changes; 0 if content changed, 1 if not, 2 on error."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repo", type=Path, default=Path(__file__).resolve().parent.parent)
    parser.add_argument("--data", default="data")
    args = parser.parse_args(argv)
    try:
        found = changes(args.repo, args.data)
    except (subprocess.CalledProcessError, OSError, json.JSONDecodeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for line in found:
        print(line)
    if not found:
        print(f"{args.data}/: no table changed (at most the retrieval dates)")
    return 0 if found else 1


if __name__ == "__main__":
    sys.exit(main())
