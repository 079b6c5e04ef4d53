"""Every page of both editions is valid HTML5 (the Nu HTML Checker) and passes a second accessibility
engine besides axe (HTML_CodeSniffer, WCAG 2 AA). Both come from npm (tools/package.json)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import REPO, Build, missing_tool
from coursekit.handouts import serve

TOOLS = REPO / "tools" / "node_modules"
VNU = TOOLS / "vnu-jar" / "build" / "dist" / "vnu.jar"
HTMLCS = TOOLS / "html_codesniffer" / "build" / "HTMLCS.js"

pytestmark = [pytest.mark.book]


def _need(path: Path, what: str) -> Path:
    if not path.exists():
        missing_tool(f"{what} is missing: bash .ci/hub-setup installs it (npm ci --prefix tools)")
    return path


def pages(site: Path) -> list[Path]:
    """The site's pages; _static holds the theme's template fragments, which are not pages."""
    return [p for p in sorted(site.rglob("*.html")) if "_static" not in p.relative_to(site).parts]


def html_errors(files: list[Path], root: Path) -> list[str]:
    """The Nu HTML Checker's errors, one line each: page, line and message."""
    java = shutil.which("java")
    if java is None:
        missing_tool("Java is needed for the Nu HTML Checker: apt-get install default-jre-headless (bash .ci/run does this)")
    result = subprocess.run([java, "-jar", str(_need(VNU, "The Nu HTML Checker (vnu-jar)")), "--errors-only", "--format", "json", *map(str, files)],
                            capture_output=True, text=True, timeout=600)
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    return [f"{Path(m['url'].removeprefix('file:')).relative_to(root)}:{m.get('lastLine', '?')}: {m['message']}" for m in messages if m["type"] == "error"]


@pytest.mark.parametrize("edition", ["learner", "facilitator"])
def test_every_page_is_valid_html5(edition: str, strict_build: Build, facilitator_build: Build) -> None:
    site = strict_build.html if edition == "learner" else facilitator_build.html
    assert html_errors(pages(site), site) == []


def test_the_html_checker_would_see_an_error(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text('<!DOCTYPE html><html lang="en"><head><title>t</title></head><body><p id="a">x</p><p id="a">y</p></body></html>')
    errors = html_errors([page], tmp_path)
    assert errors and "Duplicate ID" in errors[0] and errors[0].startswith("page.html:")


SNIFF = """() => new Promise(resolve => HTMLCS.process("WCAG2AA", document, () => resolve(
    HTMLCS.getMessages().filter(m => m.type === HTMLCS.ERROR)
        .map(m => m.code.split(".").slice(-2).join(".") + ": " + m.msg.slice(0, 160) + " [" + (m.element.outerHTML || "").slice(0, 100) + "]"))))"""


def sniff(page, base: str, paths: list[str]) -> list[str]:
    script = _need(HTMLCS, "HTML_CodeSniffer")
    found = []
    for path in paths:
        page.goto(f"{base}/{path}", wait_until="load")
        page.add_script_tag(path=str(script))
        found += [f"{path}: {message}" for message in page.evaluate(SNIFF)]
    return found


@pytest.mark.browser
@pytest.mark.parametrize("edition", ["learner", "facilitator"])
def test_every_page_passes_a_second_accessibility_engine(edition: str, strict_build: Build, facilitator_build: Build, page) -> None:
    site = strict_build.html if edition == "learner" else facilitator_build.html
    # The root index.html only redirects to the first page, which is checked in its own right.
    paths = [p.relative_to(site).as_posix() for p in pages(site) if p != site / "index.html"]
    with serve(site) as base:
        assert sniff(page, base, paths) == []


@pytest.mark.browser
def test_the_second_engine_would_see_a_missing_label(tmp_path: Path, page) -> None:
    (tmp_path / "form.html").write_text('<!DOCTYPE html><html lang="en"><head><title>t</title></head><body><main><form action="x"><input type="text" name="q"><button type="submit">Go</button></form></main></body></html>')
    with serve(tmp_path) as base:
        errors = sniff(page, base, ["form.html"])
    assert errors and any("label" in e.lower() for e in errors), errors
