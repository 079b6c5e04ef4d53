"""Shared fixtures: copies of the data to break, the clean strict book build, a local server, a browser."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import pytest

from coursekit.handouts import CHROMIUM, serve

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data"
BIN = Path(sys.executable).parent
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def missing_tool(message: str) -> NoReturn:
    """A tool outside the Python requirements is missing: skip here, but fail in CI, which installs it."""
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A private copy of data/ that a test may break."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


@dataclass
class Build:
    returncode: int
    output: str
    html: Path

    def pages(self) -> list[Path]:
        """Pages a reader can open (not the theme's template snippets in _static/)."""
        return sorted(p for p in self.html.rglob("*.html") if not p.relative_to(self.html).parts[0].startswith("_"))


def build_book(path_output: Path, *, edition: str = "learner", reuse_cache_from: Path | None = None, profile: Path | None = None) -> Build:
    """A clean, strict Jupyter Book build: warnings are errors and a failing cell fails the build."""
    shutil.rmtree(path_output, ignore_errors=True)
    if reuse_cache_from is not None and (reuse_cache_from / "_build" / ".jupyter_cache").is_dir():
        # The facilitator edition runs the same code cells; reuse the learner build's fresh execution cache.
        shutil.copytree(reuse_cache_from / "_build" / ".jupyter_cache", path_output / "_build" / ".jupyter_cache")
    env = {**os.environ, "COURSE_EDITION": edition, "PYTHONWARNINGS": "ignore::DeprecationWarning"}
    if profile is not None:
        env["COURSE_PROFILE"] = str(profile)  # another host's course.yml (coursekit/profile.py)
    toc: list[str] = []
    if edition == "facilitator":
        from coursekit.cli import facilitator_toc

        toc = ["--toc", str(facilitator_toc(path_output / "_toc.yml", REPO))]
    result = subprocess.run(
        [str(BIN / "python"), "-m", "coursekit.build", "build", str(REPO), "--path-output", str(path_output), "--all", "-W", "--keep-going", "--builder", "html", *toc],
        cwd=REPO, env=env, capture_output=True, text=True,
    )
    return Build(result.returncode, result.stdout + result.stderr, path_output / "_build" / "html")


@pytest.fixture(scope="session")
def strict_build() -> Build:
    build = build_book(REPO / "_build" / "test-learner")
    assert build.returncode == 0, f"strict book build failed:\n{build.output[-6000:]}"
    return build


@pytest.fixture(scope="session")
def facilitator_build(strict_build: Build) -> Build:
    build = build_book(REPO / "_build" / "test-facilitator", edition="facilitator", reuse_cache_from=REPO / "_build" / "test-learner")
    assert build.returncode == 0, f"facilitator build failed:\n{build.output[-6000:]}"
    return build


# A second host: another name, country and address, to show that course.yml changes the site.
OTHER_PROFILE = """title: "Peer support pathways"
organisation: "Northshire Peer Network"
contact: "training@northshire-peers.org.uk"
home_country: GB
base_url: "https://learn.northshire-peers.org.uk/course/"
launch:
  repository: https://github.com/northshire-peers/peer-course
  jupyterhub_url: https://hub.northshire-peers.org.uk
  binderhub_url: https://mybinder.org
  colab: true
"""


@pytest.fixture(scope="session")
def profile_build(strict_build: Build, tmp_path_factory: pytest.TempPathFactory) -> Build:
    profile = tmp_path_factory.mktemp("profile") / "course.yml"
    profile.write_text(OTHER_PROFILE, encoding="utf-8")
    build = build_book(REPO / "_build" / "test-profile", reuse_cache_from=REPO / "_build" / "test-learner", profile=profile)
    assert build.returncode == 0, f"build with another profile failed:\n{build.output[-6000:]}"
    return build


@pytest.fixture(scope="session")
def site_url(strict_build: Build) -> Iterator[str]:
    """The strict build served on a free loopback port."""
    with serve(strict_build.html) as url:
        yield url


def free_port() -> int:
    """A loopback port nobody is using now, for servers the tests start (JupyterLab, JupyterHub, git)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _chromium() -> str | None:
    return next((c for c in CHROMIUM if Path(c).exists()), None)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    executable = _chromium()
    if executable is None:
        missing_tool("Debian's Chromium is needed for browser tests: apt-get install chromium (bash .ci/run does this)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1200, "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()
    yield page
    context.close()


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:  # noqa: ARG001 - pytest hook signature
    """Report each chapter's reading grade, so the figure is visible in every test run."""
    try:
        from test_chapters import READING_GRADES
    except ImportError:
        return
    if READING_GRADES:
        terminalreporter.section("reading grade (Flesch-Kincaid, aim: 8 or below)")
        for name, grade in READING_GRADES.items():
            terminalreporter.write_line(f"{grade:5.1f}  {name}")
