"""What a learner's browser does on the built site: it asks nothing of any other host."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from conftest import Build

pytestmark = [pytest.mark.browser, pytest.mark.book]


def test_every_page_requests_only_its_own_host(strict_build: Build, site_url: str, page) -> None:
    own_host = urlparse(site_url).netloc
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    pages = [p.relative_to(strict_build.html).as_posix() for p in strict_build.pages()]
    assert "book/how-to-use.html" in pages
    for relative in pages:
        page.goto(f"{site_url}/{relative}", wait_until="networkidle")
    foreign = [url for url in requests if urlparse(url).scheme in {"http", "https", "ws", "wss"} and urlparse(url).netloc != own_host]
    assert len(requests) > len(pages), "the request listener saw nothing; the test would prove nothing"
    assert not foreign, "requests to other hosts:\n" + "\n".join(sorted(set(foreign)))


def test_crisis_support_is_one_click_from_a_chapter(site_url: str, page) -> None:
    page.goto(f"{site_url}/book/how-to-use.html")
    link = page.locator("a.crisis-link").first
    assert link.is_visible()
    link.click()
    page.wait_for_load_state()
    assert page.url.endswith("/book/crisis-support.html")
    assert "988" in page.locator("main").inner_text()


def test_crisis_link_works_on_a_phone(site_url: str, browser) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 640}, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(f"{site_url}/book/how-to-use.html")
    link = page.locator("a.crisis-link").first
    assert link.is_visible()
    box = link.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 320
    context.close()


def test_every_page_has_no_axe_violations(strict_build: Build, site_url: str, page) -> None:
    """WCAG 2.2 A and AA rules from axe-core, on every page a learner can open."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    failures = []
    for path in strict_build.pages():
        relative = path.relative_to(strict_build.html).as_posix()
        if relative == "index.html":
            continue  # a redirect to book/index.html
        page.goto(f"{site_url}/{relative}")
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}})
        if results.violations_count:
            failures.append(f"{relative}:\n{results.generate_report()}")
    assert not failures, "\n".join(failures)


def test_pages_reflow_at_320_pixels(strict_build: Build, site_url: str, browser) -> None:
    """WCAG 1.4.10: no sideways scrolling of the page at 320 CSS px (wide tables scroll inside their own region)."""
    context = browser.new_context(viewport={"width": 320, "height": 700}, is_mobile=True, has_touch=True)
    page = context.new_page()
    too_wide = []
    for path in strict_build.pages():
        relative = path.relative_to(strict_build.html).as_posix()
        if relative == "index.html":
            continue
        page.goto(f"{site_url}/{relative}")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            too_wide.append(f"{relative}: {width}px")
    context.close()
    assert not too_wide, "\n".join(too_wide)
