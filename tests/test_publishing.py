"""The publishing recipes run the README's own build command and publish what it builds."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent


def _readme_build_command() -> str:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    first_block = re.search(r"```bash\n(.*?)```", readme, re.S).group(1)
    return first_block.splitlines()[0].split("#")[0].strip()


def test_the_readme_build_command_is_make_book() -> None:
    assert _readme_build_command() == "make book"


def test_github_pages_workflow_builds_with_the_readme_command_and_uploads_the_site() -> None:
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    assert workflow[True]["push"]["branches"] == ["main"]  # YAML 1.1 reads the key "on" as True
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    steps = workflow["jobs"]["build"]["steps"]
    runs = [step["run"] for step in steps if "run" in step]
    assert _readme_build_command() in runs
    upload = next(step for step in steps if step.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "_build/html"
    build_index = next(i for i, step in enumerate(steps) if step.get("run") == "make book")
    assert steps.index(upload) > build_index
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build" and deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")
    python = next(step for step in steps if step.get("uses", "").startswith("actions/setup-python@"))
    assert python["with"]["python-version"] == "3.11"


def test_gitlab_pages_job_builds_with_the_readme_command_and_publishes_public() -> None:
    job = yaml.safe_load((REPO / ".gitlab-ci.yml").read_text(encoding="utf-8"))["pages"]
    script = job["script"]
    assert script[0] == _readme_build_command()
    assert any("_build/html public" in line for line in script[1:])
    assert job["artifacts"]["paths"] == ["public"]
    assert job["image"].startswith("python:3.11")
