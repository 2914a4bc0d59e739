"""The project's one command, ``minusma <verb>`` (minusma/cli.py): help, unknown verbs, dispatch."""

from __future__ import annotations

import importlib
import inspect
import re
import subprocess
import sys
import tomllib

import pytest

from minusma import cli

from .conftest import ROOT

#: verb -> (module whose main runs it, arguments put before the user's)
EXPECTED = {
    "data": ("minusma.data.pipeline", ["derive"]),
    "check-data": ("minusma.data.pipeline", ["check"]),
    "refresh": ("minusma.data.refresh", []),
    "bench": ("minusma.book.bench", []),
    "edition": ("minusma.edition.version", []),
    "changes": ("minusma.edition.changes", []),
    "release": ("minusma.edition.release", []),
}


def test_help_lists_every_verb_with_its_help_line(capsys):
    assert cli.main(["--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: minusma")
    for name, verb in cli.VERBS.items():
        assert re.search(rf"^  {re.escape(name)} +{re.escape(verb.help)}$", out, re.M), name
    assert set(cli.VERBS) == set(EXPECTED)


def test_no_verb_prints_the_help_and_fails(capsys):
    assert cli.main([]) == 2
    assert "usage: minusma" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("typed", "hint"), [("dat", "minusma data"), ("chek-data", "minusma check-data"), ("xyzzy", None)]
)
def test_an_unknown_verb_fails_with_the_closest_verb(capsys, typed, hint):
    assert cli.main([typed, "--wait", "3"]) == 2
    err = capsys.readouterr().err
    assert f"unknown verb {typed!r}" in err and "verbs: data, check-data, refresh" in err
    assert (f"did you mean `{hint}`?" in err) if hint else "did you mean" not in err


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_verb_runs_its_module_main_with_the_arguments_that_follow(monkeypatch, name):
    module, first = EXPECTED[name]
    calls = []
    mod = importlib.import_module(module)
    monkeypatch.setattr(mod, "main", lambda argv: calls.append(argv) or 7)
    assert cli.main([name, "--some-option", "x y"]) == 7
    assert calls == [[*first, "--some-option", "x y"]]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_verb_module_has_a_main_taking_argv(name):
    main = importlib.import_module(EXPECTED[name][0]).main
    assert list(inspect.signature(main).parameters) == ["argv"]


def test_verb_help_shows_the_verb_and_its_module_options(capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main(["check-data", "--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: minusma check-data [options]")
    assert "`make check-data`" in out and "python -m minusma.data.pipeline check" in out
    assert "--wait" in out  # the module's own option, from its parser


def test_a_bad_option_of_a_verb_is_refused_by_its_module(capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main(["edition", "bumpp"])
    assert exc.value.code == 2
    assert "invalid choice: 'bumpp'" in capsys.readouterr().err


def test_python_dash_m_minusma_runs_a_real_verb():
    proc = subprocess.run(
        [sys.executable, "-m", "minusma", "edition", "version"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == (ROOT / "VERSION").read_text(encoding="utf-8").strip()


def test_the_command_is_a_console_script_and_the_makefile_calls_it():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["scripts"] == {"minusma": "minusma.cli:main"}
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "python -m minusma." not in makefile
    for target, verb in [("data", "data"), ("check-data", "check-data"), ("refresh", "refresh"), ("bench", "bench")]:
        assert re.search(rf"^{target}: venv\n\t\$\(MINUSMA\) {verb}$", makefile, re.M), target
    assert "$(MINUSMA) release " in makefile and "$(MINUSMA) edition check" in makefile
