"""What a learner's browser does on the built site: it asks nothing of any other host."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from conftest import Build
from coursekit.handouts import serve

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


def _console_problems(build: Build, base: str, page) -> list[str]:
    """Every page of a build, opened in Chromium: exceptions, console errors and warnings, failed fetches."""
    problems: list[str] = []
    current = {"page": ""}
    page.on("pageerror", lambda error: problems.append(f"{current['page']}: exception: {error}"))
    page.on("console", lambda message: problems.append(f"{current['page']}: console {message.type}: {message.text}") if message.type in {"error", "warning"} else None)
    page.on("response", lambda response: problems.append(f"{current['page']}: HTTP {response.status} for {response.url}") if response.status >= 400 else None)
    for path in build.pages():
        current["page"] = path.relative_to(build.html).as_posix()
        page.goto(f"{base}/{current['page']}", wait_until="networkidle")
    return problems


def test_no_page_throws_logs_an_error_or_misses_an_asset(strict_build: Build, site_url: str, page) -> None:
    # Seen before this test existed: sphinx-thebe's config written twice (an exception on every page),
    # the theme's "invalid theme mode" error, and a favicon 404.
    assert _console_problems(strict_build, site_url, page) == []


def test_facilitator_pages_are_as_clean(facilitator_build: Build, page) -> None:
    with serve(facilitator_build.html) as base:
        assert _console_problems(facilitator_build, base, page) == []


def test_console_check_would_see_an_exception(tmp_path, page) -> None:
    (tmp_path / "broken.html").write_text("<!doctype html><title>x</title><script>const a = 1;</script><script>const a = 2;</script>", encoding="utf-8")
    build = Build(0, "", tmp_path)
    with serve(tmp_path) as base:
        problems = _console_problems(build, base, page)
    assert problems and "exception" in problems[0]


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


# The site lets the browser skip laying out risk cards and source lists that are off screen
# (content-visibility: auto). axe reads colours from the layout, so for its run everything is laid
# out: on screen, each part is drawn exactly as it is here.
LAY_OUT_EVERYTHING = "* { content-visibility: visible !important; }"


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
        page.add_style_tag(content=LAY_OUT_EVERYTHING)
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
