"""The clean strict build of the book, and what every built page must have (or must not have)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
from bs4 import BeautifulSoup

from conftest import Build

REPO_ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.book

# Attributes that make a browser fetch something as the page loads (links a learner clicks are fine).
FETCHING = {"script": "src", "link": "href", "img": "src", "iframe": "src", "source": "src", "audio": "src", "video": "src", "embed": "src", "object": "data"}
FACILITATOR_MARKERS = ("facilitator-note", "Facilitator notes")


def content_pages(build: Build) -> list[Path]:
    """Pages a learner reads (the root index.html is only a redirect)."""
    return [p for p in build.pages() if p.parent.name == "book" or p.name in {"search.html", "genindex.html"}]


def test_strict_build_passes_without_warnings(strict_build: Build) -> None:
    assert strict_build.returncode == 0
    sphinx_warnings = [line for line in strict_build.output.splitlines() if re.search(r"\b(WARNING|ERROR|CRITICAL): ", line)]
    assert not sphinx_warnings, "\n".join(sphinx_warnings)
    assert (strict_build.html / "book" / "how-to-use.html").is_file()


def test_every_page_links_to_crisis_support(strict_build: Build) -> None:
    pages = content_pages(strict_build)
    assert len(pages) >= 4
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        links = soup.select("a.crisis-link")
        assert links, f"{page.name} has no crisis link"
        target = urlparse(urljoin(page.as_uri(), links[0]["href"])).path
        assert Path(target).name == "crisis-support.html" and Path(target).is_file(), f"{page.name}: crisis link points to {target}"


def test_no_page_loads_anything_from_another_host(strict_build: Build) -> None:
    assert_nothing_fetched_from_other_hosts(strict_build)


def test_with_launch_links_on_pages_still_load_nothing_from_another_host(profile_build: Build) -> None:
    """Launch links are plain links: a learner's click goes to the hub, the page load fetches nothing."""
    assert_nothing_fetched_from_other_hosts(profile_build)


def assert_nothing_fetched_from_other_hosts(build: Build) -> None:
    offenders = []
    for page in build.pages():
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag, attribute in FETCHING.items():
            for element in soup.find_all(tag):
                value = element.get(attribute)
                if tag == "link" and not set(element.get("rel", [])) & {"stylesheet", "preload", "modulepreload", "icon", "prefetch"}:
                    continue
                if value and re.match(r"^(https?:)?//", value):
                    offenders.append(f"{page.relative_to(build.html)}: <{tag} {attribute}={value}>")
        for style in soup.find_all("style"):
            offenders += [f"{page.name}: @import/url() in <style>" for _ in re.findall(r"url\((['\"]?)(https?:)?//", style.text)]
    assert not offenders, "\n".join(offenders)


def test_stylesheets_fetch_nothing_from_another_host(strict_build: Build) -> None:
    offenders = []
    for css in (strict_build.html / "_static").rglob("*.css"):
        for match in re.findall(r"url\(\s*['\"]?((?:https?:)?//[^)'\"]+)", css.read_text(encoding="utf-8", errors="replace")):
            offenders.append(f"{css.name}: {match}")
    assert not offenders, "\n".join(offenders)


def test_learner_edition_has_no_facilitator_notes(strict_build: Build) -> None:
    for path in [*strict_build.pages(), strict_build.html / "searchindex.js"]:
        text = path.read_text(encoding="utf-8")
        for marker in FACILITATOR_MARKERS:
            assert marker not in text, f"{path.name} contains {marker!r}"
        assert "Allow 10 minutes for welcome" not in text, path.name


def test_facilitator_edition_shows_the_notes(facilitator_build: Build) -> None:
    page = (facilitator_build.html / "book" / "how-to-use.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(page, "html.parser")
    notes = soup.select(".admonition.facilitator-note")
    assert notes, "the facilitator edition lost its notes"
    assert "Allow 10 minutes for welcome" in notes[0].get_text()
    assert "Facilitator edition" in page


def test_static_pages_carry_html_quizzes_not_widget_views_or_state(strict_build: Build) -> None:
    page = (strict_build.html / "book" / "how-to-use.html").read_text(encoding="utf-8")
    assert 'class="ck-quiz"' in page, "the quiz's text/html rendering was not chosen"
    for marker in ("application/vnd.jupyter.widget-view+json", "application/vnd.jupyter.widget-state+json", "require.js", "embed-amd"):
        for path in strict_build.pages():
            assert marker not in path.read_text(encoding="utf-8"), f"{path.name} contains {marker}"


def _link_targets_exist(page: Path) -> list[str]:
    """Every relative link in the competency tables opens a page that has the linked id."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    links = [a["href"] for part in soup.select("table.ck-comp-summary, section.ck-competency") for a in part.find_all("a")]
    assert links, f"no links in the competency tables of {page}"
    broken = []
    for href in links:
        target, _, anchor = href.partition("#")
        path = (page.parent / target).resolve() if target else page
        if not path.is_file():
            broken.append(f"{href}: no page")
        elif anchor and BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").find(id=anchor) is None:
            broken.append(f"{href}: no element with id '{anchor}'")
    return broken


def test_competency_page_links_land_on_real_sections(strict_build: Build) -> None:
    page = strict_build.html / "book" / "competencies.html"
    assert _link_targets_exist(page) == []
    text = page.read_text(encoding="utf-8")
    assert text.count('class="ck-comp-label"') == 18


def test_facilitator_competency_table_links_land_on_real_sections_and_role_plays(facilitator_build: Build) -> None:
    page = facilitator_build.html / "book" / "facilitator" / "competencies.html"
    assert _link_targets_exist(page) == []
    assert "role-plays.html#rp-plan-and-means" in page.read_text(encoding="utf-8")


def test_every_page_ends_with_the_date_its_content_was_reviewed(strict_build: Build) -> None:
    """The date comes from each page's own front matter, so changing it changes what the page says."""
    from coursekit.reviews import page_reviews, review_notice

    reviews = {r.page: r.reviewed for r in page_reviews()}
    checked = 0
    for page in strict_build.pages():
        key = page.relative_to(strict_build.html).with_suffix("").as_posix()
        if key not in reviews:
            continue
        notices = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select("main p.ck-reviewed, article p.ck-reviewed")
        assert [n.get_text() for n in notices] == [review_notice(reviews[key])], key
        checked += 1
    assert checked >= 15


def test_key_points_page_gathers_every_chapters_takeaways_with_working_links(strict_build: Build) -> None:
    from coursekit.keypoints import key_points

    page = strict_build.html / "book" / "key-points.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    headings = [h.get_text(strip=True).rstrip("#") for h in soup.select("main section > section > h2")]
    chapters = key_points()
    assert headings == [c.title for c in chapters] + ["References"]
    text = " ".join(soup.select_one("main").get_text(" ").split()).replace("\u2019", "'")  # MyST curls apostrophes
    for chapter in chapters:
        first_takeaway = chapter.takeaways.splitlines()[0].lstrip("- ").split("{")[0].split("**")[0][:40]
        assert len(first_takeaway) >= 20 and first_takeaway in text, chapter.chapter
    for link in soup.select("main section > section a.reference.internal"):
        target = urlparse(urljoin(page.as_uri(), link["href"])).path
        assert Path(target).is_file(), f"key points link {link['href']} leads nowhere"
    assert not any(marker in page.read_text(encoding="utf-8") for marker in FACILITATOR_MARKERS)


def test_facilitator_edition_gathers_every_note_by_chapter(facilitator_build: Build) -> None:
    from coursekit.keypoints import facilitator_notes

    page = facilitator_build.html / "book" / "facilitator" / "all-notes.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    text = " ".join(soup.select_one("main").get_text(" ").split())
    notes = [n for c in facilitator_notes() for n in c.notes]
    for note in notes:
        assert note.title in text
    for link in soup.select("main section > section a.reference.internal"):
        target = urlparse(urljoin(page.as_uri(), link["href"])).path
        assert Path(target).is_file(), f"facilitator notes link {link['href']} leads nowhere"


def test_another_hosts_profile_changes_what_the_site_shows(strict_build: Build, profile_build: Build) -> None:
    """course.yml names the host, its country and its address; the built site follows it."""
    def soup(build: Build, page: str) -> BeautifulSoup:
        return BeautifulSoup((build.html / page).read_text(encoding="utf-8"), "html.parser")

    ours, theirs = soup(strict_build, "book/groups.html"), soup(profile_build, "book/groups.html")
    assert "Peer support pathways" in theirs.title.get_text() and "Peer support pathways" not in ours.title.get_text()
    assert "Hosted by Northshire Peer Network" in theirs.get_text() and "Northshire" not in ours.get_text()
    contact = theirs.select_one('a[href="mailto:training@northshire-peers.org.uk"]')
    assert contact is not None
    assert "(emergency: 999)" in theirs.select_one("a.crisis-link").get_text()
    assert "(emergency: 911)" in ours.select_one("a.crisis-link").get_text()
    assert theirs.select_one('link[rel="canonical"]')["href"] == "https://learn.northshire-peers.org.uk/course/book/groups.html"
    assert ours.select_one('link[rel="canonical"]') is None

    crisis = soup(profile_build, "book/crisis-support.html")
    assert [s["id"] for s in crisis.select("section.ck-country")][0] == "ck-lines-gb"
    assert crisis.select_one("nav.ck-country-jumps a").get_text() == "United Kingdom"
    assert soup(strict_build, "book/crisis-support.html").select_one("section.ck-country")["id"] == "ck-lines-us"

    sitemap = (profile_build.html / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://learn.northshire-peers.org.uk/course/book/crisis-support.html</loc>" in sitemap
    assert not (strict_build.html / "sitemap.xml").exists()


def test_launch_links_appear_only_when_the_host_switches_them_on(strict_build: Build, profile_build: Build) -> None:
    """Every chapter with a workshop notebook links to it on the hub, Binder and Colab; the default site has none."""
    from urllib.parse import parse_qs

    from test_chapters import chapters as teaching_chapters

    from coursekit.launch import chapter_notebook

    chapters = [p for p in (REPO_ROOT / "book").glob("*.md") if chapter_notebook(f"book/{p.stem}", REPO_ROOT)]
    assert {p.stem for p in chapters} == {p.stem for p in teaching_chapters()}, "every teaching chapter, and only those, has a workshop notebook"
    for source in chapters:
        notebook = chapter_notebook(f"book/{source.stem}", REPO_ROOT)
        theirs = BeautifulSoup((profile_build.html / "book" / f"{source.stem}.html").read_text(encoding="utf-8"), "html.parser")
        links = {a.get_text(): a["href"] for a in theirs.select("aside.ck-launch a")}
        assert set(links) == {"Your workshop's JupyterHub", "Binder", "Google Colab"}, source.stem
        pulled = parse_qs(urlparse(links["Your workshop's JupyterHub"]).query)["urlpath"][0]
        assert pulled == f"lab/tree/peer-course/{notebook}" and (REPO_ROOT / notebook).is_file()
        assert links["Binder"].endswith(f"?labpath={notebook}")
        assert links["Google Colab"] == f"https://colab.research.google.com/github/northshire-peers/peer-course/blob/main/{notebook}"
        ours = (strict_build.html / "book" / f"{source.stem}.html").read_text(encoding="utf-8")
        assert "ck-launch" not in ours and "mybinder" not in ours and "git-pull" not in ours and "colab" not in ours


def test_pages_load_no_unused_theme_assets_and_defer_their_scripts(strict_build: Build) -> None:
    """Copy buttons, toggles and sphinx-design are unused; Sphinx's own scripts must not block the first paint."""
    from coursekit.sphinx_ext import UNUSED_SCRIPTS, UNUSED_STYLES

    page = strict_build.html / "book" / "groups.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    loaded = [element.get("src") or element.get("href") or "" for element in soup.find_all(["script", "link"])]
    assert not [url for url in loaded if url.split("?")[0].rsplit("/", 1)[-1] in UNUSED_SCRIPTS + UNUSED_STYLES + ("sphinx-thebe.css",)]
    blocking = [s["src"] for s in soup.head.find_all("script", src=True) if not s.has_attr("defer") and not s.has_attr("async")]
    assert not blocking, f"render-blocking scripts in <head>: {blocking}"
    search = BeautifulSoup((strict_build.html / "search.html").read_text(encoding="utf-8"), "html.parser")
    assert any("doctools.js" in s["src"] and not s.has_attr("defer") for s in search.find_all("script", src=True)), "search needs Sphinx's scripts at once"


def test_the_theme_css_keeps_only_rules_the_site_can_use(strict_build: Build) -> None:
    """The built theme stylesheets are pruned, yet keep what the pages, the dark mode and the menus need."""
    import pydata_sphinx_theme

    styles = strict_build.html / "_static" / "styles"
    shipped = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static" / "styles" / "bootstrap.css"
    bootstrap = (styles / "bootstrap.css").read_text(encoding="utf-8")
    assert len(bootstrap) < len(shipped.read_text(encoding="utf-8")) / 2, "unused Bootstrap rules are dropped"
    assert ".visually-hidden" in bootstrap, "a class the pages use is kept"
    assert ".btn-outline-danger" not in bootstrap, "a class no page or script uses is dropped"
    theme = (styles / "pydata-sphinx-theme.css").read_text(encoding="utf-8")
    assert "html[data-theme=dark]" in theme, "dark mode's colours are kept"
    page = (strict_build.html / "book" / "groups.html").read_text(encoding="utf-8")
    assert re.search(r'<script defer="defer" src="[^"]*scripts/bootstrap\.js', page), "the theme's script is deferred"
    assert 'rel="preload" as="script"' not in page


def test_the_icon_font_keeps_every_icon_the_pages_show_and_no_other(strict_build: Build) -> None:
    """Font Awesome's 150 KB font is cut to the glyphs the theme's buttons use, none of which goes missing."""
    import pydata_sphinx_theme
    from fontTools.ttLib import TTFont

    from coursekit.unused_css import icon_codepoints

    fontawesome = next((strict_build.html / "_static" / "vendor" / "fontawesome").iterdir())
    stylesheet = (fontawesome / "css" / "all.min.css").read_text(encoding="utf-8")
    shown = icon_codepoints(stylesheet)
    page = (strict_build.html / "book" / "groups.html").read_text(encoding="utf-8")
    icons = set(re.findall(r'class="[^"]*\b(fa-(?!solid\b|regular\b|brands\b|lg\b)[a-z-]+)', page))
    assert icons and all(f".{icon}:before" in stylesheet for icon in icons), "each icon on the page keeps its rule"
    solid = fontawesome / "webfonts" / "fa-solid-900.woff2"
    font = TTFont(str(solid))
    assert font.flavor == "woff2"
    shipped = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static" / "vendor" / "fontawesome"
    original = set(TTFont(str(shipped / fontawesome.name / "webfonts" / solid.name)).getBestCmap())
    assert shown & original, "the stylesheet still shows icons from the solid font"
    assert shown & original <= set(font.getBestCmap()), "every icon the stylesheet can show is still in the font"
    assert solid.stat().st_size < 20_000, "the unused glyphs are gone"
