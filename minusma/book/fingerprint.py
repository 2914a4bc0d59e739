"""Input fingerprints: what a page of the book depends on, as lines of hashes.

MyST-NB's cache is keyed on a notebook's code cells only (MyST-NB issue 299).
For every page whose front matter has a ``minusma:`` mapping, :func:`fingerprint`
gives lines of hashes of everything its execution reads:

- each table it declares in ``minusma: inputs: [...]`` (sha256 of the CSV and
  of its schema), or every table and ``data/datapackage.json`` with
  ``minusma: datapackage: true``;
- the files it declares in ``minusma: files: [...]`` (glob patterns);
- the ``minusma`` modules its code cells can import, followed through the
  imports of those modules (absolute and relative, at any depth, inside
  functions too; :func:`package_closure`), plus every non-Python file of the
  package. A module that imports dynamically (``importlib``, ``__import__``)
  brings in every module of its folder; a cell that does not parse, or a
  dynamic import in the package's top folder, makes the page depend on the
  whole package. Correctness comes first: a module is never left out because
  a page does not call it, only because no import path leads to it;
- the file that pins the environment (:func:`environment_file`:
  ``requirements.lock``, else ``requirements.txt``).

:mod:`minusma.book.dependencies` inserts these lines into the page as a hidden
cell (so the cache key changes exactly when they do) and re-reads the pages
whose lines changed. This module imports neither Sphinx nor pandas: the
benchmark, the build's table check and the tests use it directly.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import json
import re
from pathlib import Path

import yaml

from minusma.paths import ROOT, data_dir

PACKAGE_DIR = Path(__file__).resolve().parents[1]
PACKAGE = PACKAGE_DIR.name
MARKER = "# minusma inputs (inserted at build time by minusma.book.sphinxext):"
#: Files that pin the environment, first found wins (the lock file, with hashes; the pins before it).
ENVIRONMENT_FILES = ("requirements.lock", "requirements.txt")

_CODE_CELL = re.compile(r"^(`{3,}|~{3,})\{code-cell\}[^\n]*\n(.*?)^\1[ \t]*$", re.M | re.S)
_DYNAMIC_IMPORT = re.compile(r"\bimportlib\b|\b__import__\s*\(")


# --------------------------------------------------------------------------
# Front matter and code of a page
# --------------------------------------------------------------------------


def split_front_matter(text: str) -> tuple[dict, str]:
    """Return (front matter as a dict, the rest of the text) of a MyST file."""
    if not text.startswith("---"):
        return {}, text
    end = text.find("\n---", 3)
    if end < 0:
        return {}, text
    meta = yaml.safe_load(text[3:end]) or {}
    rest = text[text.find("\n", end + 1) + 1 :] if text.find("\n", end + 1) >= 0 else ""
    return (meta if isinstance(meta, dict) else {}), rest


def code_of(text: str) -> list[str]:
    """Return the source of each ``{code-cell}`` of a MyST notebook, cell options removed.

    IPython magics and shell escapes (lines starting with ``%`` or ``!``) are
    dropped, so that the result parses as Python.
    """
    cells = []
    for match in _CODE_CELL.finditer(text):
        lines = match.group(2).splitlines()
        if lines and lines[0].strip() == "---":  # YAML options block
            end = next((i for i, ln in enumerate(lines[1:], 1) if ln.strip() == "---"), 0)
            lines = lines[end + 1 :]
        while lines and re.match(r"^:[\w-]+:", lines[0]):
            lines = lines[1:]
        cells.append("\n".join(ln for ln in lines if not ln.lstrip().startswith(("%", "!"))).strip("\n"))
    return cells


# --------------------------------------------------------------------------
# Which package modules a page can run
# --------------------------------------------------------------------------


def _module_file(name: str) -> Path | None:
    """Return the file of module ``minusma[.x[.y]]`` in the package, or None."""
    parts = name.split(".")[1:]
    base = PACKAGE_DIR.joinpath(*parts)
    for candidate in (base / "__init__.py", base.with_suffix(".py")):
        if candidate.is_file():
            return candidate
    return None


def _module_name(path: Path) -> str:
    """Return the dotted module name of a file of the package."""
    rel = path.relative_to(PACKAGE_DIR.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _imports(tree: ast.AST, current: str | None, is_package: bool) -> set[str]:
    """Names of ``minusma`` modules (or attributes of them) imported anywhere in ``tree``."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == PACKAGE}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                if current is None:
                    continue
                base = current.split(".")
                if not is_package:
                    base = base[:-1]
                base = base[: len(base) - (node.level - 1)]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            if mod.split(".")[0] != PACKAGE:
                continue
            found.add(mod)
            found |= {f"{mod}.{a.name}" for a in node.names}
    return found


@functools.lru_cache(maxsize=256)
def _file_imports(path: str, mtime_ns: int, mod: str) -> tuple[bool, frozenset]:
    """(imports dynamically?, ``minusma`` names imported) of one module file, cached per version of the file."""
    source = Path(path).read_text(encoding="utf-8")
    return (
        bool(_DYNAMIC_IMPORT.search(source)),
        frozenset(_imports(ast.parse(source), mod, Path(path).name == "__init__.py")),
    )


def package_closure(code: list[str]) -> list[Path] | None:
    """Return the package's Python files that ``code`` can run, or None for "the whole package".

    Parameters
    ----------
    code : list of str
        Python source of a page's code cells.

    Returns
    -------
    list of pathlib.Path or None
        Sorted files: each ``minusma`` module imported by the code, by those
        modules in turn (absolute or relative imports, anywhere in the file),
        and the ``__init__.py`` of every package on the way. A module that
        imports dynamically (``importlib``, ``__import__``) brings in every
        module of its own folder and sub-folders. ``None`` when a cell does
        not parse as Python or a module of the top folder imports dynamically:
        then the page depends on every file of the package.
    """
    wanted: set[str] = set()
    for cell in code:
        try:
            wanted |= _imports(ast.parse(cell), None, False)
        except SyntaxError:
            return None
    files: dict[str, Path] = {}
    todo = sorted(wanted)
    while todo:
        name = todo.pop()
        parts = name.split(".")
        for i in range(1, len(parts) + 1):  # importing a.b.c runs a, a.b and a.b.c
            mod = ".".join(parts[:i])
            if mod in files:
                continue
            path = _module_file(mod)
            if path is None:
                continue  # an attribute (function, constant), not a module
            files[mod] = path
            dynamic, imported = _file_imports(str(path), path.stat().st_mtime_ns, mod)
            if dynamic:
                # A dynamic import loads modules of its own package folder: take them all.
                if path.parent == PACKAGE_DIR:
                    return None
                todo += sorted({_module_name(p) for p in path.parent.rglob("*.py")} - set(files))
            todo += sorted(imported - set(files))
    return sorted(set(files.values()))


def package_files() -> list[Path]:
    """Every file of the ``minusma`` package (Python or not), sorted, without caches."""
    return sorted(
        p
        for p in PACKAGE_DIR.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix not in (".pyc", ".pyo")
    )


def _digest(paths: list[Path], base: Path) -> str:
    h = hashlib.sha256()
    for p in paths:
        h.update(p.relative_to(base).as_posix().encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


# --------------------------------------------------------------------------
# Fingerprints
# --------------------------------------------------------------------------


#: The module that reads ``snapshots/*.yaml``: a page whose imports reach it also hashes those files.
CATALOGUE_MODULE = PACKAGE_DIR / "data" / "catalogue.py"


def input_fingerprint(
    inputs: list[str], code: list[str] | None = None, whole_package: bool = False, extra_files: list[str] | None = None
) -> tuple[list[str], list[Path]]:
    """Return the fingerprint lines of a page's inputs and the files they hash.

    Parameters
    ----------
    inputs : list of str
        Table names declared by the page (``minusma: inputs``). The special
        name ``"datapackage"`` stands for every table (``datapackage.json``,
        which holds each table's sha256 and schema).
    code : list of str, optional
        The page's code cells; the package modules they can import are hashed
        (see :func:`package_closure`). Without it, the whole package is hashed.
    whole_package : bool
        Hash every file of the package whatever the code imports.
    extra_files : list of str, optional
        Other files the page reads (``minusma: files:``), as glob patterns
        relative to the repository (``editions/*.json``,
        ``private/acled/*.csv``); a pattern that matches nothing is hashed as
        such, so that a file appearing later changes the fingerprint.

    Returns
    -------
    (lines, files)
        ``lines``: one ``"table <name> sha256:<hex> schema:<hex>"`` per input,
        then one line for the package code and one for the pinned environment
        (:func:`environment_file`);
        ``files``: the paths hashed.

    Raises
    ------
    KeyError
        A declared input is not a table of ``data/datapackage.json``.
    FileNotFoundError
        ``data/datapackage.json`` or a table's file is missing.
    """
    pkg_path = data_dir() / "datapackage.json"
    if not pkg_path.exists():
        raise FileNotFoundError(f"{pkg_path} not found: run `make data`")
    resources = {r["name"]: r for r in json.loads(pkg_path.read_text(encoding="utf-8"))["resources"]}
    lines, files = [], []
    for name in inputs:
        if name == "datapackage":  # every table, and the descriptor itself
            tables = [data_dir() / r["path"] for r in resources.values()]
            lines.append(f"datapackage ({len(tables)} tables) sha256:{_digest([pkg_path] + tables, data_dir())}")
            files += [pkg_path] + tables
            continue
        if name not in resources:
            raise KeyError(f"declared input {name!r} is not a table of data/datapackage.json")
        path = data_dir() / resources[name]["path"]
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        schema = hashlib.sha256(json.dumps(resources[name]["schema"], sort_keys=True).encode()).hexdigest()
        lines.append(f"table {name} sha256:{digest} schema:{schema[:16]}")
        files.append(path)
    for pattern in extra_files or []:
        matched = sorted(p for p in ROOT.glob(pattern) if p.is_file())
        lines.append(f"files {pattern} ({len(matched)}) sha256:{_digest(matched, ROOT)}")
        files += matched
    closure = None if (whole_package or code is None) else package_closure(code)
    if closure is None:
        pkg = package_files()
        lines.append(f"package {PACKAGE} (all {len(pkg)} files) sha256:{_digest(pkg, PACKAGE_DIR)}")
    else:
        pkg = sorted(set(closure) | {p for p in package_files() if p.suffix != ".py"})
        mods = ", ".join(p.relative_to(PACKAGE_DIR).as_posix() for p in closure)
        lines.append(f"package {PACKAGE} ({mods}) sha256:{_digest(pkg, PACKAGE_DIR)}")
    files += pkg
    if closure is None or CATALOGUE_MODULE in closure:  # code that reads the sources' catalogue
        yamls = sorted((ROOT / "snapshots").glob("*.yaml"))
        lines.append(f"files snapshots/*.yaml ({len(yamls)}) sha256:{_digest(yamls, ROOT)}")
        files += yamls
    env_file = environment_file()
    if env_file is not None:
        lines.append(f"{env_file.name} sha256:" + hashlib.sha256(env_file.read_bytes()).hexdigest())
        files.append(env_file)
    return lines, files


def environment_file(root: Path | None = None) -> Path | None:
    """Return the file that pins the build's environment: ``requirements.lock``, else ``requirements.txt``.

    The lock file (every package, with hashes) is what ``make venv`` installs, so a
    chapter re-executes when any package of its environment changes version; a
    tree without one (before the lock landed) falls back to ``requirements.txt``.
    Returns None when neither exists (a test copy without them).
    """
    root = ROOT if root is None else root
    for name in ENVIRONMENT_FILES:
        path = root / name
        if path.is_file():
            return path
    return None


def page_inputs(meta: dict) -> list[str] | None:
    """Return a page's declared inputs (``"datapackage"`` for the whole package), or None if not a chapter."""
    m = meta.get("minusma")
    if not isinstance(m, dict):
        return None
    inputs = list(m.get("inputs") or [])
    if m.get("datapackage"):
        inputs.append("datapackage")
    return inputs


def fingerprint(text: str) -> list[str] | None:
    """Return the fingerprint lines of a page's source text, or None if it has no ``minusma:`` front matter.

    Raises
    ------
    KeyError, FileNotFoundError
        See :func:`input_fingerprint`.
    """
    meta, body = split_front_matter(text)
    inputs = page_inputs(meta)
    if inputs is None:
        return None
    return input_fingerprint(inputs, code_of(body), extra_files=list(meta["minusma"].get("files") or []))[0]
