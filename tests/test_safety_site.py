"""The built site agrees with the safety data: every number, every risk card, both editions."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import Build
from coursekit.safety import RiskGuide, digits, load_safety
from test_safety import phone_numbers_in

pytestmark = pytest.mark.book

# Pages that teach what to do in a crisis: each must show guidance rendered from data/safety.yml.
CRISIS_PAGES = ("crisis-support", "safety-guide", "responding-to-risk", "referral-and-crisis", "putting-it-together", "practice-tool", "your-role")
SAFETY_BLOCKS = ".ck-risk, .ck-asking, .ck-emergency, .ck-crisis-lines, .ck-means, .ck-safety-plan, .ck-aid"


def _article(path: Path) -> BeautifulSoup:
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    return soup.select_one("article") or soup


def _text(node) -> str:
    return " ".join(node.get_text(" ").split())


def test_every_phone_number_on_every_page_is_in_the_data(strict_build: Build, facilitator_build: Build) -> None:
    numbers = load_safety().numbers
    wrong = []
    for build in (strict_build, facilitator_build):
        for page in build.pages():
            for number in phone_numbers_in(_text(_article(page))):
                if digits(number) not in numbers:
                    wrong.append(f"{page.relative_to(build.html)}: {number}")
    assert not wrong, "numbers not in data/crisis_lines.csv:\n" + "\n".join(wrong)


def test_the_crisis_page_shows_every_line_and_the_date_it_was_checked(strict_build: Build) -> None:
    article = _article(strict_build.html / "book" / "crisis-support.html")
    text = _text(article)
    data = load_safety()
    for row in data.lines:
        line = row.line
        assert line.service in text, line.service
        if line.number:
            assert line.number in text, line.number
    countries = article.select("section.ck-country")
    assert [c.find(["h2", "h3"]).get_text() for c in countries] == list(data.rules.countries.values())
    for row in data.lines:
        assert f"Checked {row.line.checked.day} {row.line.checked.strftime('%b %Y')}" in text


def test_every_risk_card_on_any_page_is_the_data_rendered(strict_build: Build) -> None:
    data = load_safety()
    expected = {r.id: _text(BeautifulSoup(RiskGuide(data, (r.id,))._repr_html_(), "html.parser")) for r in data.rules.risks}
    seen = set()
    for page in strict_build.pages():
        for card in _article(page).select(".ck-risk[data-risk]"):
            risk = card["data-risk"]
            seen.add(risk)
            shown = _text(card)
            assert shown in expected[risk] or expected[risk].startswith(shown.split(" Sources:")[0]), f"{page.name}: card '{risk}' differs from the data"
    assert seen == set(expected), f"kinds of risk never shown on any page: {set(expected) - seen}"


def test_pages_that_teach_crisis_render_it_from_the_data(strict_build: Build) -> None:
    for name in CRISIS_PAGES:
        article = _article(strict_build.html / "book" / f"{name}.html")
        assert article.select(SAFETY_BLOCKS), f"{name}.html shows no safety guidance rendered from data/safety.yml"


def test_learner_and_facilitator_editions_agree_on_safety(strict_build: Build, facilitator_build: Build) -> None:
    for name in ("crisis-support", "safety-guide"):
        learner = _text(_article(strict_build.html / "book" / f"{name}.html"))
        facilitator = _text(_article(facilitator_build.html / "book" / f"{name}.html"))
        assert learner == facilitator, name
    for name in CRISIS_PAGES:
        blocks = [[_text(b) for b in _article(build.html / "book" / f"{name}.html").select(SAFETY_BLOCKS)] for build in (strict_build, facilitator_build)]
        assert blocks[0] == blocks[1], name


def test_the_crisis_link_on_every_page_reaches_the_numbers(strict_build: Build) -> None:
    data = load_safety()
    text = _text(_article(strict_build.html / "book" / "crisis-support.html"))
    for code in data.rules.countries:
        for line in data.lines_of("emergency", code):
            assert line.number in text
