"""Printable handouts as PDF, rendered by the same Chromium the browser tests use (``make handouts``)."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

# (page in the built site, file name stem, print scale). The guide and the crisis sheet are one page
# each; the sheet holds the host's own country (course.yml), not every country on the crisis page.
HANDOUTS = (
    ("book/handouts/comparison-tables.html", "comparison-tables", 1.0),
    ("book/handouts/which-support-fits.html", "which-support-fits", 0.83),
    ("book/handouts/crisis-sheet.html", "crisis-sheet", 0.83),
)
PAPER = {"a4": "A4", "letter": "Letter"}
CHROMIUM = ("/usr/bin/chromium", "/usr/bin/chromium-browser")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


def _print(browser: Any, base: str, out: Path) -> list[Path]:
    page = browser.new_page()
    written = []
    for path, stem, scale in HANDOUTS:
        page.goto(f"{base}/{path}", wait_until="networkidle")
        page.emulate_media(media="print")
        # Emulated print media fires no beforeprint event, so open the sources the way the page would.
        page.evaluate("document.querySelectorAll('details.ck-sources').forEach(d => { d.open = true; })")
        for paper, size in PAPER.items():
            target = out / f"{stem}-{paper}.pdf"
            page.pdf(path=str(target), format=size, scale=scale, print_background=False, margin={"top": "10mm", "bottom": "10mm", "left": "12mm", "right": "12mm"})
            written.append(target)
    page.close()
    return written


@contextmanager
def launched_browser(browser: Any = None) -> Iterator[Any]:
    """The given browser, or Debian's Chromium launched for the length of the block."""
    if browser is not None:
        yield browser
        return
    executable = next((c for c in CHROMIUM if Path(c).exists()), None)
    if executable is None:
        raise RuntimeError("printing needs Chromium: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        try:
            yield launched
        finally:
            launched.close()


def render_handouts(site: Path, out: Path, browser: Any = None) -> list[Path]:
    """Print each handout page to PDF in A4 and US Letter, with Debian's Chromium (or a given browser)."""
    out.mkdir(parents=True, exist_ok=True)
    with serve(site) as base, launched_browser(browser) as chromium:
        return _print(chromium, base, out)
