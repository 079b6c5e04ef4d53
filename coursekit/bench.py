"""Measure the figures the README reports: build times, data load time, page weight, quiz runtime size.

Run with ``make bench`` (add ``BENCH_TESTS=1`` to time ``make test`` as well). Nothing here asserts a
time: the numbers depend on the machine, and are for people to read.
"""

from __future__ import annotations

import argparse
import gzip
import http.server
import io
import os
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlparse

REPO = Path(__file__).resolve().parent.parent
STATIC = Path(__file__).resolve().parent / "static"
BIN = Path(sys.executable).parent


def _timed(command: list[str], env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=REPO, check=True, capture_output=True, env={**os.environ, **(env or {})})
    return time.perf_counter() - start


def data_load_seconds(runs: int = 7) -> float:
    """Median time to read and validate all of data/ and build every comparison table, without caches."""
    from coursekit.data import load_course_data
    from coursekit.tables import ComparisonTable

    times = []
    for _ in range(runs):
        start = time.perf_counter()
        data = load_course_data()
        for spec in data.comparisons.values():
            ComparisonTable(list(spec.modalities), list(spec.dimensions), spec.title, data=data).to_html()
        ComparisonTable(list(data.modalities.index), list(data.dimensions.index), "all", data=data).to_html()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def quiz_runtime_bytes() -> dict[str, int]:
    sizes = {}
    for name in ("coursekit-quiz.js", "coursekit.css", "coursekit-safety.js", "coursekit-safety.css"):
        raw = (STATIC / name).read_bytes()
        sizes[name] = len(raw)
        sizes[name + " (gzip)"] = len(gzip.compress(raw, 9))
    return sizes


def page_weight(html_root: Path, page: Path) -> tuple[int, int]:
    """Bytes a first visit downloads for one page (HTML + local CSS, JS, images), raw and gzipped."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    files = {page}
    for tag, attribute in (("script", "src"), ("link", "href"), ("img", "src")):
        for element in soup.find_all(tag):
            value = element.get(attribute)
            if not value or value.startswith(("data:", "#", "http:", "https:", "//")):
                continue
            if tag == "link" and not set(element.get("rel", [])) & {"stylesheet", "preload", "icon"}:
                continue
            target = Path(urlparse(urljoin(page.as_uri(), value)).path)
            if target.is_file():
                files.add(target)
    raw = sum(f.stat().st_size for f in files)
    compressed = sum(len(gzip.compress(f.read_bytes(), 6)) for f in files)
    return raw, compressed


def browser_page_weights(html_root: Path, pages: list[str]) -> dict[str, int] | None:
    """Bytes a fresh browser really downloads for each page: HTML, CSS, scripts, fonts and images."""
    from .handouts import CHROMIUM

    chromium = next((c for c in CHROMIUM if Path(c).exists()), None)
    if chromium is None:
        return None
    from playwright.sync_api import sync_playwright

    from .handouts import serve

    weights: dict[str, int] = {}
    with serve(html_root) as base:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
            for relative in pages:
                context = browser.new_context()  # an empty cache, like a first visit
                page = context.new_page()
                sizes: list[int] = []
                page.on("response", lambda response: sizes.append(len(response.body())) if response.ok else None)
                page.goto(f"{base}/{relative}", wait_until="networkidle")
                weights[relative] = sum(sizes)
                context.close()
            browser.close()
    return weights


class _Gzipping(http.server.SimpleHTTPRequestHandler):
    """Serves like most static hosts: gzip for text files when the browser asks for it."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if "gzip" not in self.headers.get("Accept-Encoding", "") or not path.is_file() or path.suffix not in {".html", ".css", ".js", ".svg", ".json", ".txt"}:
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def lighthouse_binary() -> str | None:
    """The ``lighthouse`` command from npm: LIGHTHOUSE=path, or on PATH."""
    return os.environ.get("LIGHTHOUSE") or shutil.which("lighthouse")


def lighthouse_scores(html_root: Path, pages: list[str], *, compressed: bool) -> dict[str, dict[str, int]] | None:
    """Lighthouse's four scores per page (mobile, simulated slow 4G), with the system Chromium."""
    import functools
    import json
    import threading

    from .handouts import CHROMIUM, _Quiet

    binary = lighthouse_binary()
    chromium = next((c for c in CHROMIUM if Path(c).exists()), None)
    if binary is None or chromium is None:
        return None
    handler = _Gzipping if compressed else _Quiet
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(html_root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    scores: dict[str, dict[str, int]] = {}
    try:
        for relative in pages:
            url = f"http://127.0.0.1:{server.server_address[1]}/{relative}"
            result = subprocess.run(
                [binary, url, "--quiet", "--output=json", "--output-path=stdout",
                 "--only-categories=performance,accessibility,best-practices,seo",
                 "--chrome-flags=--headless=new --no-sandbox --disable-gpu"],
                capture_output=True, text=True, env={**os.environ, "CHROME_PATH": chromium}, timeout=300,
            )
            if result.returncode != 0:
                scores[relative] = {}
                continue
            categories = json.loads(result.stdout)["categories"]
            scores[relative] = {name: round((c["score"] or 0) * 100) for name, c in categories.items()}
    finally:
        server.shutdown()
    return scores


@dataclass(frozen=True)
class Rebuild:
    seconds: float
    pages_run: int  # pages whose code the build executed (the rest came from the execution cache)


def _build(source: Path, output: Path, data: Path) -> Rebuild:
    command = [str(BIN / "python"), "-m", "coursekit.build", "build", str(source), "--path-output", str(output), "--builder", "html"]
    start = time.perf_counter()
    done = subprocess.run(command, cwd=source, check=True, capture_output=True, text=True, env={**os.environ, "COURSEKIT_DATA": str(data)})
    return Rebuild(time.perf_counter() - start, done.stdout.count("Executed notebook in"))


def _edit_one_question(data: Path) -> None:
    """Change one hint in one question file, as a facilitator fixing a typo would."""
    import yaml

    path = data / "questions" / "groups.yml"
    content = yaml.safe_load(path.read_text(encoding="utf-8"))
    question = next(q for q in content["questions"] if q.get("hint"))
    question["hint"] += " (edited for the benchmark)"
    path.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _edit_one_table_cell(data: Path) -> None:
    """Change one statement in modality_statements.csv, which every comparison table reads."""
    import csv

    path = data / "modality_statements.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    rows[0]["statement"] += " (edited for the benchmark)"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def build_times(output: Path) -> dict[str, Rebuild]:
    """Clean build, no-change rebuild, and rebuilds after one question edit and one table edit.

    The builds run on a copy of the course (chapters, data, config), so the edits never touch the
    real files, and Sphinx sees them exactly as it sees a maintainer's: as changed files the pages
    depend on. The site left in ``output`` is built from the unedited data.
    """
    import tempfile

    shutil.rmtree(output, ignore_errors=True)
    skip = shutil.ignore_patterns(".venv", "_build", ".git", "node_modules", ".hub", ".pytest_cache", "__pycache__", "*.egg-info")
    with tempfile.TemporaryDirectory() as scratch:
        source = Path(scratch) / "course"
        shutil.copytree(REPO, source, ignore=skip)
        data = source / "data"
        pristine = {path: path.read_bytes() for path in (data / "questions" / "groups.yml", data / "modality_statements.csv")}
        times = {"clean": _build(source, output, data), "no change": _build(source, output, data)}
        _edit_one_question(data)
        times["one question"] = _build(source, output, data)
        _edit_one_table_cell(data)
        times["one table cell"] = _build(source, output, data)
        for path, content in pristine.items():
            path.write_bytes(content)
        _build(source, output, data)
    return times


def click_to_feedback_ms(html_root: Path, page_path: str = "book/how-to-use.html", runs: int = 20) -> float | None:
    from .handouts import CHROMIUM

    chromium = next((c for c in CHROMIUM if Path(c).exists()), None)
    if chromium is None:
        return None
    from playwright.sync_api import sync_playwright

    from .handouts import serve

    with serve(html_root) as base:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
            page = browser.new_page()
            page.goto(f"{base}/{page_path}")
            times = page.evaluate(
                """(runs) => { const f = document.querySelector('fieldset.ck-question'); const out = [];
                   f.querySelector('input').checked = true;
                   for (let i = 0; i < runs; i++) { const t0 = performance.now(); f.querySelector('.ck-check').click();
                     out.push(performance.now() - t0); }
                   return out; }""",
                runs,
            )
            browser.close()
        return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--skip-build", action="store_true", help="measure an existing _build/bench instead of building")
    parser.add_argument("--tests", action="store_true", default=os.environ.get("BENCH_TESTS") == "1", help="also time `make test`")
    parser.add_argument(
        "--lighthouse-all", action="store_true", default=os.environ.get("BENCH_LIGHTHOUSE_ALL") == "1",
        help="run Lighthouse on every page, not four (about 20 minutes more), and print the lowest scores",
    )
    args = parser.parse_args(argv)

    print(f"Machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    print(f"Load and validate data/ + build every comparison table: {data_load_seconds() * 1000:.0f} ms (median of 7)")
    for name, size in quiz_runtime_bytes().items():
        print(f"Quiz runtime {name}: {size:,} bytes")
    output = REPO / "_build" / "bench"
    if not args.skip_build:
        times = build_times(output)
        labels = {
            "clean": "Book build, clean",
            "no change": "Book rebuild, nothing changed",
            "one question": "Book rebuild after editing one question (a hint in questions/groups.yml)",
            "one table cell": "Book rebuild after editing one table cell (modality_statements.csv)",
        }
        for key, label in labels.items():
            print(f"{label}: {times[key].seconds:.1f} s, {times[key].pages_run} pages executed")
    html_root = output / "_build" / "html"
    if html_root.is_dir():
        pages = sorted((html_root / "book").glob("*.html"))
        measured = browser_page_weights(html_root, [p.relative_to(html_root).as_posix() for p in pages]) or {}
        for path in pages:
            raw, compressed = page_weight(html_root, path)
            in_browser = measured.get(path.relative_to(html_root).as_posix())
            browser_text = f"; {in_browser / 1024:.0f} KiB downloaded by a browser on a first visit, uncompressed" if in_browser else ""
            print(f"Page weight {path.name}: {raw / 1024:.0f} KiB linked files ({compressed / 1024:.0f} KiB gzipped){browser_text}")
        # A light chapter, the crisis page, and the two heaviest pages, which are the first to slip.
        chapters = ["book/landscape.html", "book/crisis-support.html", "book/responding-to-risk.html", "book/review.html"]
        if args.lighthouse_all:
            chapters = [p.relative_to(html_root).as_posix() for p in pages]
        for compressed in (True, False):
            scores = lighthouse_scores(html_root, chapters, compressed=compressed)
            how = "served gzipped" if compressed else "served uncompressed"
            if scores is None:
                print(f"Lighthouse ({how}): not measured; install it with `npm install -g lighthouse` (or set LIGHTHOUSE=path)")
                break
            for page, found in scores.items():
                shown = ", ".join(f"{name} {value}" for name, value in found.items()) or "the run failed"
                print(f"Lighthouse mobile, {how}, {page}: {shown}")
            if args.lighthouse_all:
                lowest = {name: min((found.get(name, 0) for found in scores.values()), default=0) for name in ("performance", "accessibility", "best-practices", "seo")}
                print(f"Lighthouse mobile, {how}, lowest over {len(scores)} pages: " + ", ".join(f"{k} {v}" for k, v in lowest.items()))
        median_ms = click_to_feedback_ms(html_root)
        if median_ms is not None:
            print(f"Click to feedback on the static site: {median_ms:.2f} ms (median of 20)")
    if args.tests:
        seconds = _timed(["make", "test"])
        print(f"make test (venv already installed): {seconds:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
