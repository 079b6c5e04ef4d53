"""Handout PDFs from the built site, the facilitator edition's kit, and the decision aid in a browser."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from conftest import Build
from coursekit.decision import DecisionAid, decide
from coursekit.safety import load_safety

pytestmark = [pytest.mark.book]


@pytest.mark.browser
def test_handouts_print_to_a4_and_letter(strict_build: Build, browser, tmp_path: Path) -> None:
    from coursekit.handouts import render_handouts

    written = render_handouts(strict_build.html, tmp_path, browser=browser)
    assert sorted(p.name for p in written) == sorted(
        f"{stem}-{paper}.pdf" for stem in ("comparison-tables", "which-support-fits", "crisis-sheet") for paper in ("a4", "letter")
    )
    for path in written:
        reader = PdfReader(path)
        box = reader.pages[0].mediabox
        width_mm = float(box.width) / 72 * 25.4
        assert abs(width_mm - (210 if path.stem.endswith("a4") else 215.9)) < 1, path.name
        text = " ".join(page.extract_text() for page in reader.pages)
        if path.stem.startswith("which-support-fits"):
            # One page: every kind of risk at the top, the options below.
            assert len(reader.pages) == 1, f"{path.name} should fit one page, not {len(reader.pages)} pages"
            # PDF text comes out with ligatures, and a table's two columns interleave line by line:
            # compare words, not whole titles.
            whole = " ".join(unicodedata.normalize("NFKC", reader.pages[0].extract_text()).split())
            words = set(re.findall(r"[a-z]+", whole.lower()))
            missing = [r.title for r in load_safety().rules.risks if not set(re.findall(r"[a-z]+", r.title.lower())) <= words]
            assert "Safety first" in whole and not missing, f"kinds of risk missing from the guide: {missing}"
            assert whole.index("Safety first") < whole.index("If there is no sign of risk"), "safety comes before the options"
            assert "For learning only" in whole
        if path.stem.startswith("crisis-sheet"):
            # One page by the phone: the host's country (course.yml; the course's own is the US) and lines for anywhere.
            assert len(reader.pages) == 1, f"{path.name} should fit one page, not {len(reader.pages)}"
            flat = " ".join(text.split())
            home = [r.line.number for r in load_safety().lines if r.line.country in {"US", "INT"} and r.line.number]
            assert home and all(n in flat for n in home), [n for n in home if n not in flat]
            assert "United Kingdom" not in flat and "Samaritans" not in flat, "other countries belong on the crisis support page"
        if path.stem.startswith("comparison-tables"):
            assert "Group therapy and support groups side by side" in text
            # The sources print open under each table, so the citation numbers point to something.
            assert "Yalom" in text and "Pistrang" in text, "the tables' sources are missing from the printed handout"
            assert "make handouts" not in text
            first_page = " ".join(reader.pages[0].extract_text().split())
            assert "Psychoeducation and psychotherapy side by side" in first_page and "Who leads" in first_page, "the first table starts on page 1"


def test_facilitator_edition_has_the_kit_and_the_learner_edition_does_not(strict_build: Build, facilitator_build: Build) -> None:
    for page in ("session-plans", "role-plays", "answer-keys"):
        assert (facilitator_build.html / "book" / "facilitator" / f"{page}.html").is_file()
        assert not (strict_build.html / "book" / "facilitator" / f"{page}.html").exists()
    plans = BeautifulSoup((facilitator_build.html / "book" / "facilitator" / "session-plans.html").read_text(encoding="utf-8"), "html.parser")
    assert len(plans.select("table.ck-plan")) == 1 + 1 + 5
    notes = [p for p in facilitator_build.pages() if "facilitator-note" in p.read_text(encoding="utf-8")]
    assert len(notes) >= 10, "every chapter carries facilitator notes"


def _choose(page, question: str, values: list[str]) -> None:
    for value in values:
        page.locator(f'fieldset[data-aid="{question}"] input[value="{value}"]').check()


@pytest.mark.browser
def test_decision_aid_on_the_site_agrees_with_python(site_url: str, page) -> None:
    page.goto(f"{site_url}/book/practice-tool.html")
    aid = DecisionAid()
    cases = [
        {"safety": ["none"], "wants": ["information", "connection"], "format": "any", "cost": "any"},
        {"safety": ["none"], "wants": ["substances"], "format": "group", "cost": "free"},
        {"safety": ["none"], "wants": ["family"], "format": "online", "cost": "free"},
    ]
    for answers in cases:
        page.reload()
        _choose(page, "safety", answers["safety"])
        _choose(page, "wants", answers["wants"])
        _choose(page, "format", [answers["format"]])
        _choose(page, "cost", [answers["cost"]])
        page.get_by_role("button", name="Show options").click()
        shown = " ".join(page.locator(".ck-aid-result").inner_text().split())
        expected = " ".join(BeautifulSoup(aid.result_html(decide(answers, aid.rules, aid.data)), "html.parser").get_text(" ").split())
        assert shown.replace(" ", "") == expected.replace(" ", ""), answers


@pytest.mark.browser
def test_decision_aid_sends_every_risk_answer_to_its_own_guidance(site_url: str, page) -> None:
    """On the built site, in Chromium: each risk answer shows its own guidance, as Python decides it."""
    page.goto(f"{site_url}/book/practice-tool.html")
    aid = DecisionAid()
    titles = {r.id: r.title for r in load_safety().rules.risks}
    options = [o for o in aid.rules.question("safety").options if o.crisis]
    pairs = [[o] for o in options] + [[options[-2], options[0]], [options[3], options[6]]]
    for chosen in pairs:
        ids = [o.id for o in chosen]
        page.reload()
        _choose(page, "wants", ["information", "connection"])
        _choose(page, "safety", ["none", *ids])
        page.get_by_role("button", name="Show options").click()
        result = page.locator(".ck-aid-result")
        text = result.inner_text()
        assert "Safety comes first" in text and "Options that may fit" not in text, ids
        assert result.locator('[role="alert"]').count() == 1
        expected = decide({"safety": ids}, aid.rules).risks
        shown = result.locator(".ck-risk").evaluate_all("cards => cards.map(c => c.getAttribute('data-risk'))")
        assert shown == list(expected), (ids, shown)
        assert all(titles[r] in text for r in expected)
        assert result.locator("[id]").count() == 0, "the copied guidance must not repeat ids on the page"


@pytest.mark.browser
def test_decision_aid_asks_for_safety_first(site_url: str, page) -> None:
    page.goto(f"{site_url}/book/practice-tool.html")
    _choose(page, "wants", ["information"])
    page.get_by_role("button", name="Show options").click()
    assert "Start with safety" in page.locator(".ck-aid-result").inner_text()



@pytest.mark.browser
def test_printing_opens_the_tables_sources_and_closes_them_after(site_url: str, page) -> None:
    page.goto(f"{site_url}/book/handouts/comparison-tables.html")
    sources = page.locator("details.ck-sources")
    assert sources.count() >= 4
    assert not any(sources.nth(i).evaluate("d => d.open") for i in range(sources.count()))
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert all(sources.nth(i).evaluate("d => d.open") for i in range(sources.count()))
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert not any(sources.nth(i).evaluate("d => d.open") for i in range(sources.count()))


@pytest.mark.browser
def test_another_hosts_crisis_sheet_fits_one_page_with_their_country(profile_build: Build, browser, tmp_path: Path) -> None:
    from coursekit.handouts import render_handouts

    written = render_handouts(profile_build.html, tmp_path, browser=browser)
    for path in (p for p in written if p.stem.startswith("crisis-sheet")):
        reader = PdfReader(path)
        assert len(reader.pages) == 1, f"{path.name} for a UK host should fit one page, not {len(reader.pages)}"
        flat = " ".join(reader.pages[0].extract_text().split())
        assert "United Kingdom" in flat and "999" in flat and "Samaritans" in flat
        assert "988" not in flat, "the US lines belong on the crisis support page, not on a UK host's sheet"
