"""The project's one command, ``minusma <verb>``: data, checks, refresh, benchmark, editions, release.

Each verb runs the command-line entry point of the module that does the work, with the
arguments that follow the verb; ``minusma VERB --help`` shows that module's options.
The Makefile calls these verbs (``make data`` is ``minusma data``)::

    minusma data                    # re-derive data/ from the raw sources, validate, swap
    minusma check-data              # data/ equals a fresh derivation (exit 1 if not)
    minusma refresh [--base-url U]  # download from the publishers, derive, validate, swap
    minusma bench                   # time the cold build, rebuilds, the PDF and bare execution
    minusma edition check           # VERSION, CITATION.cff and CHANGELOG.md agree
    minusma edition bump 0.3.0      # start a new edition
    minusma changes record --edition 0.2.0   # write editions/0.2.0.json
    minusma release                 # dist/: the PDF, a zip of the site, SHA256SUMS

Installed as a console script by ``pip install -e .`` (``[project.scripts]`` in
pyproject.toml); ``python -m minusma`` is the same command. The modules are imported only
when their verb runs, so ``minusma --help`` is instant.
"""

from __future__ import annotations

import argparse
import difflib
import importlib
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Verb:
    """One verb of ``minusma``: the module whose ``main(argv)`` runs it and the arguments put first.

    Attributes
    ----------
    module : str
        Dotted name of a module with ``main(argv: list[str] | None) -> int``.
    args : tuple of str
        Arguments passed before the user's (``("derive",)`` for ``minusma data``).
    help : str
        One line for ``minusma --help``.
    make : str
        The Makefile target that runs this verb, or "" if none.
    """

    module: str
    args: tuple[str, ...]
    help: str
    make: str = ""

    def command(self) -> str:
        """The equivalent ``python -m`` command line, as the module's own help names it.

        >>> VERBS["check-data"].command()
        'python -m minusma.data.pipeline check'
        """
        return " ".join(["python -m", self.module, *self.args])


#: The verbs, in the order data flows: raw sources -> data/ -> book -> edition -> release.
VERBS: dict[str, Verb] = {
    "data": Verb(
        "minusma.data.pipeline",
        ("derive",),
        "re-derive data/ from the raw sources (../shared/sources or $MINUSMA_SOURCES), validate, then swap",
        "make data",
    ),
    "check-data": Verb(
        "minusma.data.pipeline",
        ("check",),
        "derive into a temporary folder and compare with data/ (exit 1 if they differ)",
        "make check-data",
    ),
    "refresh": Verb(
        "minusma.data.refresh",
        (),
        "download the raw sources from their publishers, derive, validate, then swap data/",
        "make refresh",
    ),
    "bench": Verb(
        "minusma.book.bench",
        (),
        "time the cold build, a no-op rebuild, a one-table rebuild, the PDF and bare execution",
        "make bench",
    ),
    "edition": Verb(
        "minusma.edition.version",
        (),
        "the edition number: show | version | check | bump X.Y.Z [--date YYYY-MM-DD]",
    ),
    "changes": Verb(
        "minusma.edition.changes",
        (),
        "the editions' manifests behind 'What changed': record | reference --substitute SRC=ARCHIVED",
    ),
    "release": Verb(
        "minusma.edition.release",
        (),
        "write dist/: the PDF, a deterministic zip of the site and SHA256SUMS (make release builds them first)",
    ),
}

HELP_FLAGS = ("-h", "--help")


def build_parser() -> argparse.ArgumentParser:
    """The top-level parser: it prints ``minusma --help`` and rejects unknown verbs.

    The arguments after the verb are not parsed here: the verb's module parses them.
    """
    lines = [f"  {name:<11} {v.help}" for name, v in VERBS.items()]
    parser = argparse.ArgumentParser(
        prog="minusma",
        description="The MINUSMA report's commands (the Makefile calls them).",
        epilog="verbs:\n" + "\n".join(lines) + "\n\n`minusma VERB --help` shows the options of a verb.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("verb", metavar="VERB", help="one of: " + ", ".join(VERBS))
    parser.add_argument("args", nargs=argparse.REMAINDER, metavar="...", help="the verb's arguments")
    return parser


def entry(verb: Verb) -> Callable[[list[str]], int]:
    """The ``main`` function of ``verb``'s module (imported now)."""
    return importlib.import_module(verb.module).main


def verb_help(name: str) -> str:
    """The header printed above a verb's module help by ``minusma VERB --help``.

    >>> print(verb_help("data").splitlines()[0])
    usage: minusma data [options]
    """
    v = VERBS[name]
    make = f" (`{v.make}`)" if v.make else ""
    return (
        f"usage: minusma {name} [options]\n\n{v.help}{make}.\n"
        f"`minusma {name} ARGS` runs `{v.command()} ARGS`; that command's help:\n"
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``minusma VERB [ARGS...]``; return the exit status of the verb.

    Parameters
    ----------
    argv : sequence of str, optional
        The arguments after ``minusma`` (default ``sys.argv[1:]``).

    Returns
    -------
    int
        The verb's exit status; 0 after ``--help``; 2 for a missing or unknown verb (with the
        closest verb suggested on stderr).

    Raises
    ------
    SystemExit
        From the verb's own argument parser, on ``VERB --help`` (status 0) or bad arguments (2).
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    if not argv:
        parser.print_help(sys.stderr)
        return 2
    if argv[0] in HELP_FLAGS:
        parser.print_help()
        return 0
    name, rest = argv[0], argv[1:]
    if name not in VERBS:
        close = difflib.get_close_matches(name, VERBS, n=1)
        hint = f" (did you mean `minusma {close[0]}`?)" if close else ""
        print(f"minusma: unknown verb {name!r}{hint}; verbs: {', '.join(VERBS)}", file=sys.stderr)
        return 2
    verb = VERBS[name]
    if rest[:1] and rest[0] in HELP_FLAGS:
        print(verb_help(name), flush=True)
    return entry(verb)([*verb.args, *rest])


if __name__ == "__main__":
    sys.exit(main())
