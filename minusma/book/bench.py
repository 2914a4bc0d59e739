"""Build benchmark: ``make bench`` (``python -m minusma.book.bench``).

Measures, in one run on a temporary copy of the repository (the working
tree's ``_build`` is not touched):

1. **bare execution**: each chapter's code run as a plain Python script
   (jupytext's conversion of the MyST notebook), outside Jupyter Book, one
   process per chapter as the book starts one kernel per chapter;
2. **cold build**: ``jupyter-book build`` with no ``_build`` and no execution cache;
3. **no-op rebuild**: the same command again, nothing changed;
4. **Sphinx alone**: a build with no page to execute: the site and Sphinx's
   environment removed, the execution cache kept, so every page is read and
   written but none runs (Sphinx's start-up, reading, writing, key figures and
   downloads);
5. **one-table rebuild**: after removing the last row of one table that some
   chapters read (see :func:`pick_table`);
6. **PDF build**: ``make pdf`` when the Makefile has that target (skipped with a
   message otherwise), after the HTML builds, so with a warm execution cache;
7. **page weight**: each chapter's HTML page with the images it shows.

**The physical limit** of a cold build (:func:`physical_limit`) is the time no
scheduling can beat: the chapters' bare executions packed on the cores (the
longest chapter, or their sum divided by the cores, whichever is larger) plus
Sphinx alone (step 4). It prints the times and the ratios against the targets:
cold build within 1.5 times the limit; each chapter's bare execution under
:data:`CHAPTER_LIMIT_S` seconds; cold / bare at most 2; no-op rebuild at most 10%
of the cold build; each page under 1.5 MB. The results go to
``_build/bench.json``. The machine is shared: the load average before and
after is printed beside them.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from minusma.book.chapter import front_matter
from minusma.book.execution import BUILD_RECORD, build_jobs
from minusma.book.fingerprint import code_of, page_inputs
from minusma.paths import ROOT

PAGE_LIMIT_MB = 1.5
#: Target of each chapter's bare execution, seconds (on the project's 2-core machine).
CHAPTER_LIMIT_S = 10.0
#: Target of the cold build as a multiple of the physical limit.
LIMIT_RATIO = 1.5
IGNORE = ("_build", ".venv", ".git", "__pycache__", ".pytest_cache", "dist", "node_modules", "_sources", "*.egg-info")


def toc_docs(book: Path) -> list[str]:
    """Return every file of the book's ``_toc.yml`` (docnames, book order)."""
    toc = yaml.safe_load((book / "_toc.yml").read_text(encoding="utf-8"))
    out = [toc["root"]]

    def walk(node):
        if isinstance(node, dict):
            if "file" in node:
                out.append(node["file"])
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(toc.get("parts") or toc.get("chapters") or [])
    return out


def chapter_inputs(book: Path) -> dict[str, list[str]]:
    """Return docname -> declared inputs, for every page of the book that declares them."""
    out = {}
    for doc in toc_docs(book):
        inputs = page_inputs(front_matter(book / f"{doc}.md"))
        if inputs is not None:
            out[doc] = inputs
    return out


def readers(inputs: dict[str, list[str]], table: str) -> set[str]:
    """Return the pages that read ``table`` (declared, or through the whole data package)."""
    return {doc for doc, ins in inputs.items() if table in ins or "datapackage" in ins}


def pick_table(book: Path) -> str:
    """Return a table that some chapters read and others do not (else the one read by the fewest)."""
    inputs = chapter_inputs(book)
    package = json.loads((book / "data" / "datapackage.json").read_text(encoding="utf-8"))
    used = [r["name"] for r in package["resources"] if readers(inputs, r["name"])]
    if not used:
        raise SystemExit("no chapter declares an input table: nothing to measure")
    return min(used, key=lambda t: len(readers(inputs, t)))


def table_file(book: Path, table: str) -> Path:
    """Return the CSV file of ``table`` in the book's ``data/``."""
    package = json.loads((book / "data" / "datapackage.json").read_text(encoding="utf-8"))
    return book / "data" / next(r["path"] for r in package["resources"] if r["name"] == table)


def drop_last_row(path: Path) -> int:
    """Remove the last data row of a CSV file; return the number of data rows left."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[:-1]), encoding="utf-8")
    return len(lines) - 2


def _env(book: Path) -> dict:
    env = dict(os.environ, PYTHONPATH=str(book), MINUSMA_BOOK="1")
    env.pop("MINUSMA_DATA", None)
    return env


def _timed(cmd: list[str], cwd: Path, env: dict) -> float:
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    took = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{(proc.stdout + proc.stderr)[-3000:]}")
    return took


def build(book: Path) -> tuple[float, dict]:
    """Run ``jupyter-book build`` as ``make book`` does; return (seconds, execution record)."""
    jb = str(Path(sys.executable).with_name("jupyter-book"))
    took = _timed([jb, "build", str(book), "-W", "-n", "--keep-going"], book, _env(book))
    return took, json.loads((book / "_build" / BUILD_RECORD).read_text(encoding="utf-8"))


def bare_execution(book: Path) -> dict[str, float]:
    """Run each chapter's code cells as one Python script (cwd: the chapter's folder); return seconds."""
    out = {}
    for doc in chapter_inputs(book):
        path = book / f"{doc}.md"
        script = path.with_suffix(".bench.py")
        script.write_text("\n\n".join(code_of(path.read_text(encoding="utf-8"))) + "\n", encoding="utf-8")
        try:
            out[doc] = _timed([sys.executable, str(script)], path.parent, _env(book))
        finally:
            script.unlink()
    return out


def sphinx_alone(book: Path) -> tuple[float, dict]:
    """Build with no page to execute: remove the site and Sphinx's environment, keep the execution cache.

    Returns (seconds, execution record); every page is read (from the cache) and written.
    """
    build_dir = book / "_build"
    for child in build_dir.iterdir():
        if child.name != ".jupyter_cache":  # Jupyter Book's execution cache
            shutil.rmtree(child) if child.is_dir() else child.unlink()
    return build(book)


def physical_limit(bare_by_chapter: dict[str, float], cores: int, sphinx: float) -> dict:
    """The shortest possible cold build: bare executions packed on ``cores``, plus Sphinx alone.

    Parameters
    ----------
    bare_by_chapter : dict
        Chapter -> bare execution, seconds.
    cores : int
        How many chapters run at once (the build's jobs).
    sphinx : float
        A build with no page to execute, seconds.

    Returns
    -------
    dict
        ``execution`` (the larger of the longest chapter and sum / cores), ``bound`` (which of the two:
        ``"longest chapter"`` or ``"sum / cores"``), ``sphinx`` and ``limit`` (their sum), seconds.
    """
    longest = max(bare_by_chapter.values(), default=0.0)
    spread = sum(bare_by_chapter.values()) / max(1, cores)
    execution = max(longest, spread)
    return {
        "execution": execution,
        "bound": "longest chapter" if longest >= spread else "sum / cores",
        "sphinx": sphinx,
        "limit": execution + sphinx,
    }


def page_weights(book: Path) -> dict[str, float]:
    """Return each chapter page's weight in MB: its HTML plus the local images it shows."""
    site = book / "_build" / "html"
    out = {}
    for doc in chapter_inputs(book):
        page = site / f"{doc}.html"
        html = page.read_text(encoding="utf-8")
        size = page.stat().st_size
        for src in set(re.findall(r'<img[^>]+src="([^"]+)"', html)):
            img = (page.parent / src).resolve()
            if not src.startswith(("http:", "https:", "data:")) and img.is_file():
                size += img.stat().st_size
        out[doc] = size / 1e6
    return out


def has_pdf_target(book: Path) -> bool:
    """Whether the Makefile has a ``pdf`` target."""
    return bool(re.search(r"^pdf\s*:", (book / "Makefile").read_text(encoding="utf-8"), re.M))


def run(keep: bool = False) -> dict:
    """Run every measurement on a temporary copy; return the results (seconds, MB, ratios)."""
    tmp = Path(tempfile.mkdtemp(prefix="minusma-bench-"))
    book = tmp / "book"
    shutil.copytree(ROOT, book, ignore=shutil.ignore_patterns(*IGNORE))
    try:
        r: dict = {
            "chapters": sorted(chapter_inputs(book)),
            "cpus": os.cpu_count(),
            "build_jobs": os.environ.get("MINUSMA_BUILD_JOBS", "default (CPUs)"),
            "load_before": os.getloadavg()[0],
        }
        print(f"bench on {book} ({len(r['chapters'])} chapters: {', '.join(r['chapters'])})", flush=True)
        r["bare_by_chapter"] = bare_execution(book)
        r["bare"] = sum(r["bare_by_chapter"].values())
        print(f"bare execution      {r['bare']:7.1f} s", flush=True)
        r["cold"], rec = build(book)
        r["cold_executed"] = rec["executed"]
        r["cold_exec_seconds"] = sum(v or 0 for v in rec["execution_seconds"].values())
        print(f"cold build          {r['cold']:7.1f} s  (executed {len(rec['executed'])} pages)", flush=True)
        r["noop"], rec = build(book)
        r["noop_read"] = rec["read"]
        print(f"no-op rebuild       {r['noop']:7.1f} s  (read {len(rec['read'])} pages)", flush=True)
        r["sphinx"], rec = sphinx_alone(book)
        r["sphinx_executed"] = rec["executed"]
        print(
            f"Sphinx alone        {r['sphinx']:7.1f} s  (read {len(rec['read'])} pages, "
            f"executed {len(rec['executed'])})",
            flush=True,
        )
        table = pick_table(book)
        drop_last_row(table_file(book, table))
        r["one_table"], rec = build(book)
        r["one_table_name"], r["one_table_executed"] = table, rec["executed"]
        print(f"one-table rebuild   {r['one_table']:7.1f} s  ({table}: executed {rec['executed']})", flush=True)
        if has_pdf_target(book):
            venv = Path(sys.executable).parent.parent  # the working tree's .venv, not a new one
            r["pdf"] = _timed(["make", "pdf", f"VENV={venv}"], book, _env(book))
            print(f"PDF build           {r['pdf']:7.1f} s  (warm execution cache)", flush=True)
        else:
            r["pdf"] = None
            print("PDF build           skipped: the Makefile has no `pdf` target yet", flush=True)
        r["page_mb"] = page_weights(book)
        r["load_after"] = os.getloadavg()[0]
    finally:
        if not keep:
            shutil.rmtree(tmp, ignore_errors=True)
    r["cores"] = build_jobs()
    r["limit"] = physical_limit(r["bare_by_chapter"], r["cores"], r["sphinx"])
    r["ratios"] = {
        "cold/limit": r["cold"] / r["limit"]["limit"],
        "cold/bare": r["cold"] / r["bare"],
        "noop/cold": r["noop"] / r["cold"],
        "one_table/cold": r["one_table"] / r["cold"],
    }
    return r


def report(r: dict) -> str:
    """Return the results as the lines ``make bench`` prints."""
    ok = {True: "ok", False: "MISSED"}
    lines = [
        "",
        f"machine: {r['cpus']} CPUs, load average {r['load_before']:.1f} before and "
        f"{r['load_after']:.1f} after (other work on the machine slows every step)",
        "chapter pages (HTML + images):",
    ]
    for doc, mb in r["page_mb"].items():
        lines.append(f"  {doc:<32} {mb:5.2f} MB  {ok[mb < PAGE_LIMIT_MB]} (< {PAGE_LIMIT_MB} MB)")
    lines.append(f"bare execution by chapter (target < {CHAPTER_LIMIT_S:.0f} s each):")
    for doc, s in r["bare_by_chapter"].items():
        lines.append(f"  {doc:<32} {s:5.1f} s  {ok[s < CHAPTER_LIMIT_S]}")
    q, lim = r["ratios"], r["limit"]
    lines += [
        f"physical limit of a cold build: {lim['limit']:.1f} s = execution {lim['execution']:.1f} s "
        f"({lim['bound']}, {r['cores']} at a time) + Sphinx alone {lim['sphinx']:.1f} s",
        "ratios:",
        f"  cold build / physical limit   {q['cold/limit']:5.2f}  {ok[q['cold/limit'] <= LIMIT_RATIO]} "
        f"(target <= {LIMIT_RATIO})",
        f"  cold build / bare execution   {q['cold/bare']:5.2f}  {ok[q['cold/bare'] <= 2]} (target <= 2)",
        f"  no-op rebuild / cold build    {q['noop/cold']:5.2f}  {ok[q['noop/cold'] <= 0.10]} (target <= 0.10)",
        f"  one-table rebuild / cold      {q['one_table/cold']:5.2f}",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(prog="python -m minusma.book.bench", description=__doc__.split("\n")[0])
    parser.add_argument("--keep", action="store_true", help="keep the temporary copy (its path is printed)")
    args = parser.parse_args(argv)
    r = run(keep=args.keep)
    print(report(r))
    out = ROOT / "_build" / "bench.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(r, indent=2) + "\n", encoding="utf-8")
    print(f"\nresults: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
