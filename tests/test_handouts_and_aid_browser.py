"""Handout PDFs from the built site, the facilitator edition's kit, and the decision aid in a browser."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from conftest import Build
from coursekit.decision import DecisionAid, decide

pytestmark = [pytest.mark.book]


@pytest.mark.browser
def test_handouts_print_to_a4_and_letter(strict_build: Build, browser, tmp_path: Path) -> None:
    from coursekit.handouts import render_handouts

    written = render_handouts(strict_build.html, tmp_path, browser=browser)
    assert sorted(p.name for p in written) == sorted(
        f"{stem}-{paper}.pdf" for stem in ("comparison-tables", "which-support-fits", "crisis-support") for paper in ("a4", "letter")
    )
    for path in written:
        reader = PdfReader(path)
        box = reader.pages[0].mediabox
        width_mm = float(box.width) / 72 * 25.4
        assert abs(width_mm - (210 if path.stem.endswith("a4") else 215.9)) < 1, path.name
        text = " ".join(page.extract_text() for page in reader.pages)
        if path.stem.startswith("which-support-fits"):
            assert len(reader.pages) == 1, f"{path.name} should fit one page"
            assert "Safety comes first" in text and "For learning only" in text
        if path.stem.startswith("crisis-support"):
            assert "988" in text and "116 123" in text and "13 11 14" in text
        if path.stem.startswith("comparison-tables"):
            assert "Group therapy and support groups side by side" in text


def test_facilitator_edition_has_the_kit_and_the_learner_edition_does_not(strict_build: Build, facilitator_build: Build) -> None:
    for page in ("session-plans", "role-plays", "answer-keys"):
        assert (facilitator_build.html / "book" / "facilitator" / f"{page}.html").is_file()
        assert not (strict_build.html / "book" / "facilitator" / f"{page}.html").exists()
    plans = BeautifulSoup((facilitator_build.html / "book" / "facilitator" / "session-plans.html").read_text(encoding="utf-8"), "html.parser")
    assert len(plans.select("table.ck-plan")) == 1 + 1 + 4
    notes = [p for p in facilitator_build.pages() if "facilitator-note" in p.read_text(encoding="utf-8")]
    assert len(notes) >= 10, "every chapter carries facilitator notes"


def _choose(page, question: str, values: list[str]) -> None:
    for value in values:
        page.locator(f'fieldset[data-aid="{question}"] input[value="{value}"]').check()


@pytest.mark.browser
def test_decision_aid_on_the_site_agrees_with_python(site_url: str, page) -> None:
    page.goto(f"{site_url}/book/putting-it-together.html")
    aid = DecisionAid()
    cases = [
        {"safety": "no-risk", "wants": ["information", "connection"], "format": "any", "cost": "any"},
        {"safety": "no-risk", "wants": ["substances"], "format": "group", "cost": "free"},
        {"safety": "no-risk", "wants": ["family"], "format": "online", "cost": "free"},
    ]
    for answers in cases:
        page.reload()
        _choose(page, "safety", [answers["safety"]])
        _choose(page, "wants", answers["wants"])
        _choose(page, "format", [answers["format"]])
        _choose(page, "cost", [answers["cost"]])
        page.get_by_role("button", name="Show options").click()
        shown = " ".join(page.locator(".ck-aid-result").inner_text().split())
        expected = " ".join(BeautifulSoup(aid.result_html(decide(answers, aid.rules, aid.data)), "html.parser").get_text(" ").split())
        assert shown.replace(" ", "") == expected.replace(" ", ""), answers


@pytest.mark.browser
def test_decision_aid_sends_every_risk_answer_to_crisis_guidance(site_url: str, page) -> None:
    page.goto(f"{site_url}/book/putting-it-together.html")
    risk = [o.id for o in DecisionAid().rules.question("safety").options if o.crisis]
    for option in risk:
        page.reload()
        _choose(page, "wants", ["information", "connection"])
        _choose(page, "safety", [option])
        page.get_by_role("button", name="Show options").click()
        result = page.locator(".ck-aid-result")
        assert "Safety comes first" in result.inner_text(), option
        assert "Options that may fit" not in result.inner_text(), option
        assert result.locator('[role="alert"]').count() == 1
