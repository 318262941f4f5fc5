"""The GitHub Actions workflows parse, pass actionlint and call commands that exist."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import run_cli

from generator.pipeline import PROJECT_ROOT

WORKFLOWS = sorted((PROJECT_ROOT / ".github" / "workflows").glob("*.yml"))


def run_lines(workflow: Path) -> list[str]:
    data = yaml.safe_load(workflow.read_text(encoding="utf-8"))
    lines = []
    for job in data["jobs"].values():
        for step in job.get("steps", []):
            lines += [line.strip() for line in step.get("run", "").splitlines() if line.strip()]
    return lines


def test_there_is_a_pull_request_workflow_and_a_pages_workflow():
    triggers = {path.name: yaml.safe_load(path.read_text())[True] for path in WORKFLOWS}  # YAML 1.1 reads `on` as True
    assert "pull_request" in triggers["ci.yml"]
    assert triggers["pages.yml"]["push"]["branches"] == ["main"]
    assert any("bash scripts/test.sh" == line for line in run_lines(PROJECT_ROOT / ".github/workflows/ci.yml"))
    assert "python build.py check" in run_lines(PROJECT_ROOT / ".github/workflows/ci.yml")
    pages = yaml.safe_load((PROJECT_ROOT / ".github/workflows/pages.yml").read_text())
    uses = [step.get("uses", "") for job in pages["jobs"].values() for step in job["steps"]]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    # The shipped site.yml's base_url is a placeholder: the published site is built for its real address.
    builds = [line for line in run_lines(PROJECT_ROOT / ".github/workflows/pages.yml") if line.startswith("python build.py build")]
    assert builds and all('--base-url "${{ steps.pages.outputs.base_url }}/"' in line for line in builds)


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_every_build_py_command_in_a_workflow_exists(workflow: Path):
    commands = [shlex.split(re.sub(r"\$\{\{.*?\}\}", "X", line)) for line in run_lines(workflow)]
    build_calls = [words for words in commands if words[:2] == ["python", "build.py"]]
    assert build_calls
    for words in build_calls:
        result = run_cli(words[2], "--help")
        assert result.returncode == 0, f"{workflow.name}: `{' '.join(words)}` is not a command: {result.stderr}"
        for option in (word.split("=")[0] for word in words[3:] if word.startswith("--")):
            assert option in result.stdout, f"{workflow.name}: {option} is not an option of {words[2]}"
    for words in commands:
        if words[0] == "bash":
            assert (PROJECT_ROOT / words[1]).is_file()


def test_actionlint_finds_nothing():
    actionlint = shutil.which("actionlint")
    assert actionlint, "actionlint is a test dependency (pip install -e '.[test]')"
    result = subprocess.run([actionlint, *map(str, WORKFLOWS)], cwd=PROJECT_ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
