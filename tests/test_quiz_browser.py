"""The quiz on the built site, in a real browser: keyboard and click, feedback, score, progress, axe, no JS."""

from __future__ import annotations

import pytest

from coursekit.quiz import grade, load_question_bank

pytestmark = [pytest.mark.browser, pytest.mark.book]

QUIZ_PAGE = "book/how-to-use.html"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="module")
def bank():
    return load_question_bank()


def fieldset(page, question_id: str):
    return page.locator(f'fieldset[data-question="{question_id}"]')


def feedback_text(page, question_id: str) -> str:
    return fieldset(page, question_id).locator(".ck-feedback").inner_text()


def test_single_choice_by_keyboard(site_url: str, page, bank) -> None:
    q = bank.questions["orientation-peer-role"]
    page.goto(f"{site_url}/{QUIZ_PAGE}")
    box = fieldset(page, q.id)
    first = box.locator("input").first
    first.focus()
    # Arrow keys move through a radio group; find the right option by pressing Down until it is checked.
    right = next(i for i, o in enumerate(q.options) if o.correct)
    page.keyboard.press("Space")
    for _ in range(len(q.options)):
        if box.locator(f'input[value="{right}"]').is_checked():
            break
        page.keyboard.press("ArrowDown")
    assert box.locator(f'input[value="{right}"]').is_checked()
    page.keyboard.press("Tab")  # past the radio group: the hint, then the Check button
    while page.evaluate("document.activeElement.className") != "ck-check":
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expected = grade(q, right)
    text = feedback_text(page, q.id)
    assert expected.headline in text and q.options[right].feedback in text
    assert "Your score: 1 out of 5" in page.locator(".ck-score").inner_text()


def test_each_kind_by_click_matches_the_python_grader(site_url: str, page, bank) -> None:
    page.goto(f"{site_url}/{QUIZ_PAGE}")
    questions = bank.questions

    q = questions["orientation-group-confidentiality"]
    fieldset(page, q.id).get_by_label("True").check()
    fieldset(page, q.id).get_by_role("button", name="Check answer").click()
    text = feedback_text(page, q.id)
    assert "Not quite." in text and q.options[0].feedback in text
    assert fieldset(page, q.id).get_by_role("button", name="Try again").is_visible()

    q = questions["orientation-what-psychoeducation-offers"]
    fieldset(page, q.id).locator('input[value="0"]').check()
    fieldset(page, q.id).locator('input[value="2"]').check()
    fieldset(page, q.id).get_by_role("button", name="Check answer").click()
    expected = grade(q, {0, 2})
    text = feedback_text(page, q.id)
    assert expected.headline in text and expected.detail in text
    for explanation in expected.shown:
        assert explanation.feedback in text

    q = questions["orientation-match-who-leads"]
    for i, pair in enumerate(q.pairs):
        fieldset(page, q.id).locator(f'select[data-pair="{i}"]').select_option(pair.answer)
    fieldset(page, q.id).get_by_role("button", name="Check answer").click()
    assert "Correct." in feedback_text(page, q.id)

    q = questions["orientation-scenario-first-step"]
    wrong = next(i for i, o in enumerate(q.options) if not o.correct)
    fieldset(page, q.id).locator(f'input[value="{wrong}"]').check()
    fieldset(page, q.id).get_by_role("button", name="Check answer").click()
    assert q.options[wrong].feedback in feedback_text(page, q.id)

    q = questions["orientation-reflection-why"]
    fieldset(page, q.id).locator("textarea").fill("Someone listened first.")
    fieldset(page, q.id).get_by_role("button", name="Save my thoughts").click()
    assert "saved on this device only" in feedback_text(page, q.id)

    expected_total = round(0 + grade(questions["orientation-what-psychoeducation-offers"], {0, 2}).score + 1 + 0, 1)
    assert f"Your score: {expected_total:g} out of 5 (4 of 5" in page.locator(".ck-score").inner_text()

    # Progress survives a reload, and nothing but this host was asked for anything.
    page.reload()
    assert fieldset(page, "orientation-match-who-leads").locator('select[data-pair="0"]').input_value() == q_pairs_answer(questions)
    assert "Correct." in feedback_text(page, "orientation-match-who-leads")
    assert fieldset(page, "orientation-reflection-why").locator("textarea").input_value() == "Someone listened first."
    assert f"Your score: {expected_total:g} out of 5" in page.locator(".ck-score").inner_text()

    # The progress page lists it; clearing forgets it.
    page.goto(f"{site_url}/book/progress.html")
    assert "4 of 5" in page.locator(".ck-progress-list").inner_text()
    page.goto(f"{site_url}/{QUIZ_PAGE}")
    page.get_by_role("button", name="Clear my answers").click()
    assert "cleared" in page.locator(".ck-score").inner_text()
    page.reload()
    assert feedback_text(page, "orientation-match-who-leads") == ""
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('coursekit:')).length") == 0


def q_pairs_answer(questions) -> str:
    return questions["orientation-match-who-leads"].pairs[0].answer


def test_retry_clears_the_question(site_url: str, page, bank) -> None:
    q = bank.questions["orientation-group-confidentiality"]
    page.goto(f"{site_url}/{QUIZ_PAGE}")
    box = fieldset(page, q.id)
    box.get_by_label("True").check()
    box.get_by_role("button", name="Check answer").click()
    box.get_by_role("button", name="Try again").click()
    assert feedback_text(page, q.id) == ""
    assert not box.get_by_label("True").is_checked()
    assert page.evaluate("document.activeElement.type") == "radio"


def test_quiz_page_has_no_axe_violations(site_url: str, page) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page.goto(f"{site_url}/{QUIZ_PAGE}")
    # Check one answer so the feedback and the revealed answer key are checked too.
    box = fieldset(page, "orientation-group-confidentiality")
    box.get_by_label("False").check()
    box.get_by_role("button", name="Check answer").click()
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    assert results.violations_count == 0, results.generate_report()


def test_without_javascript_answers_are_readable(site_url: str, browser) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_url}/{QUIZ_PAGE}")
    box = fieldset(page, "orientation-peer-role")
    assert not box.get_by_role("button", name="Check answer").is_visible(), "no dead buttons without JavaScript"
    box.locator("details.ck-answer summary").click()
    assert "Lived experience, shared with a purpose" in box.locator("details.ck-answer").inner_text()
    context.close()


def test_quiz_fits_a_320px_screen(site_url: str, browser) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 700}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(f"{site_url}/{QUIZ_PAGE}")
    quiz = page.locator("section.ck-quiz")
    box = quiz.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 321
    overflow = page.evaluate("Array.from(document.querySelectorAll('section.ck-quiz *')).filter(e => e.getBoundingClientRect().right > 321).length")
    assert overflow == 0
    context.close()

