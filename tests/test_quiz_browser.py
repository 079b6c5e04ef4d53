"""The quiz on the built site, in a real browser: keyboard and click, feedback, score, progress, axe, no JS."""

from __future__ import annotations

import pytest

from coursekit.quiz import grade, load_question_bank
from coursekit.quiz.text import plain

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


def test_without_javascript_answers_are_readable(site_url: str, browser, bank) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_url}/{QUIZ_PAGE}")
    box = fieldset(page, "orientation-peer-role")
    assert not box.get_by_role("button", name="Check answer").is_visible(), "no dead buttons without JavaScript"
    box.locator("details.ck-answer summary").click()
    right = next(o for o in bank.questions["orientation-peer-role"].options if o.correct)
    assert plain(right.text) in box.locator("details.ck-answer").inner_text()
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



# --- where the right answer sits, measured on every quiz of the built site ----------------------------

MEASURE = """
() => {
  const out = [];
  document.querySelectorAll("section.ck-quiz").forEach(section => {
    const script = section.querySelector(":scope > script.ck-quiz-data");
    if (!script) return;  /* not a quiz (the practice tool shares the look) */
    const data = JSON.parse(script.textContent);
    section.querySelectorAll("fieldset.ck-question").forEach(fieldset => {
      const id = fieldset.getAttribute("data-question");
      const q = data.questions[id];
      if (!["single", "scenario", "multiple", "true-false"].includes(q.kind)) return;
      const inputs = Array.from(fieldset.querySelectorAll(".ck-options input"));
      const shown = inputs.map(i => parseInt(i.value, 10));
      // Answer as a guesser would: the first option shown; for "choose all", the first k shown
      // (k = how many are right); for true-false, "False". Then press Check answer.
      if (q.kind === "multiple") {
        const k = q.correct.filter(Boolean).length;
        inputs.slice(0, k).forEach(i => i.click());
      } else if (q.kind === "true-false") {
        inputs.find(i => fieldset.querySelector(`label[for="${i.id}"]`).textContent.trim() === "False").click();
      } else {
        inputs[0].click();
      }
      fieldset.querySelector(".ck-check").click();
      out.push({quiz: data.quiz, id, kind: q.kind, shown, verdict: fieldset.querySelector(".ck-feedback").getAttribute("data-verdict")});
    });
  });
  return out;
}
"""


@pytest.fixture(scope="module")
def measured(site_url: str, strict_build, browser) -> dict[str, dict]:
    """Every choice question on every page of the site, answered by guessing, once per question id."""
    context = browser.new_context()
    page = context.new_page()
    seen: dict[str, dict] = {}
    pages = [p for p in strict_build.pages() if 'class="ck-quiz"' in p.read_text(encoding="utf-8")]
    for path in pages:
        page.goto(f"{site_url}/{path.relative_to(strict_build.html).as_posix()}")
        for row in page.evaluate(MEASURE):
            row["page"] = path.name
            if row["id"] in seen:
                assert seen[row["id"]]["shown"] == row["shown"], f"{row['id']}: shown in another order on {path.name} than on {seen[row['id']]['page']}"
            else:
                seen[row["id"]] = row
    context.close()
    return seen


def test_the_site_shows_every_question_of_the_bank(measured, bank) -> None:
    expected = {q.id for q in bank.questions.values() if q.kind in {"single", "scenario", "multiple", "true-false"}}
    assert set(measured) == expected


def test_right_answer_is_first_in_at_most_40_percent_on_the_site(measured, bank) -> None:
    one_answer = [r for r in measured.values() if r["kind"] in {"single", "scenario"}]
    first = [r for r in one_answer if r["verdict"] == "correct"]
    print(f"\nsite: right answer first in {len(first)} of {len(one_answer)} one-answer questions ({len(first) / len(one_answer):.0%})")
    assert len(first) <= 0.40 * len(one_answer)
    for kind in ("single", "scenario"):
        group = [r for r in one_answer if r["kind"] == kind]
        assert sum(r["verdict"] == "correct" for r in group) <= 0.40 * len(group), kind
    for r in one_answer:  # the page agrees with the Python grader and the course's order
        assert r["shown"] == list(bank.option_orders[r["id"]])
        assert (r["verdict"] == "correct") == bank.questions[r["id"]].options[r["shown"][0]].correct


def test_choose_all_keys_are_rarely_the_first_few_on_the_site(measured) -> None:
    choose_all = [r for r in measured.values() if r["kind"] == "multiple"]
    leading = [r for r in choose_all if r["verdict"] == "correct"]
    print(f"\nsite: choose-all right options are the first few in {len(leading)} of {len(choose_all)}")
    assert choose_all and len(leading) <= 0.40 * len(choose_all)


def test_true_false_keys_are_balanced_on_the_site(measured) -> None:
    """A content figure (the question writers keep it between 35% and 65%; coursekit check reports it)."""
    true_false = [r for r in measured.values() if r["kind"] == "true-false"]
    false_right = [r for r in true_false if r["verdict"] == "correct"]
    share = len(false_right) / len(true_false)
    print(f"\nsite: 'False' is the right answer in {len(false_right)} of {len(true_false)} true-false questions ({share:.0%})")
    assert 0.35 <= share <= 0.65


# --- "Practise the ones I missed" and the review -----------------------------------------------------

def answer_on_page(page, question, right: bool, quiz: str | None = None) -> None:
    box = page.locator(f'section[data-quiz="{quiz}"]').locator(f'fieldset[data-question="{question.id}"]') if quiz else fieldset(page, question.id)
    if question.kind == "matching":
        for i, pair in enumerate(question.pairs):
            box.locator(f'select[data-pair="{i}"]').select_option(pair.answer)
    elif question.kind == "multiple":
        for i, option in enumerate(question.options):
            if option.correct == right:
                box.locator(f'input[value="{i}"]').check()
    elif question.kind == "reflection":
        box.locator("textarea").fill("Someone listened.")
    else:
        index = next(i for i, o in enumerate(question.options) if o.correct == right)
        box.locator(f'input[value="{index}"]').check()
    box.locator(".ck-check").click()


def visible_questions(page, quiz_id: str) -> list[str]:
    return page.evaluate(
        "(quiz) => Array.from(document.querySelectorAll(`section[data-quiz='${quiz}'] fieldset.ck-question`))"
        ".filter(f => f.offsetParent !== null).map(f => f.getAttribute('data-question'))",
        quiz_id,
    )


def test_practise_the_ones_i_missed_by_keyboard(site_url: str, page, bank) -> None:
    questions = bank.topic("orientation").questions
    missed = [q.id for q in questions if q.kind in {"true-false", "scenario"}]
    page.goto(f"{site_url}/{QUIZ_PAGE}")
    section = page.locator('section[data-quiz="orientation"]')
    practise = section.get_by_role("button", name="Practise the ones I missed")
    scored_left = sum(q.graded for q in questions)
    for q in questions:
        assert practise.is_visible() == (scored_left == 0), "offered once every scored question is answered, not before"
        answer_on_page(page, q, right=q.id not in missed)
        scored_left -= q.graded
    assert practise.is_visible()

    practise.focus()
    page.keyboard.press("Enter")
    assert visible_questions(page, "orientation") == missed
    assert page.evaluate("document.activeElement.getAttribute('data-question')") == missed[0], "focus moves to the first missed question"
    status = section.locator(".ck-practice-status")
    assert "Showing only the 2 questions you missed" in status.inner_text() and status.get_attribute("role") == "status"
    for qid in missed:
        assert feedback_text(page, qid) == "", "missed questions are cleared for another try"

    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    assert results.violations_count == 0, results.generate_report()

    for q in questions:
        if q.id in missed:
            answer_on_page(page, q, right=True)
    assert "you got all 2 right" in status.inner_text()
    assert not practise.is_visible()
    show_all = section.get_by_role("button", name="Show all questions")
    show_all.focus()
    page.keyboard.press("Enter")
    assert visible_questions(page, "orientation") == [q.id for q in questions]
    assert page.evaluate("document.activeElement.classList.contains('ck-quiz-title')")
    assert "Your score: 5 out of 5" in section.locator(".ck-score").inner_text()

    # The progress page stays on this device and says how many are left to practise.
    page.goto(f"{site_url}/book/progress.html")
    assert "none" in page.locator(".ck-progress-list").inner_text()


def test_review_page_offers_two_fixed_sets_from_every_chapter(site_url: str, page, bank) -> None:
    from coursekit.quiz import review_questions

    page.goto(f"{site_url}/book/review.html")
    for seed, label in ((1, "Review set A"), (2, "Review set B")):
        section = page.locator(f'section[data-quiz="review-{seed}-2"]')
        assert label in section.locator(".ck-quiz-title").inner_text()
        ids = [f.get_attribute("data-question") for f in section.locator("fieldset.ck-question").all()]
        assert ids == [q.id for q in review_questions(bank, seed=seed, per_topic=2)]
    # Miss one question in Set A and practise it; Set B is not affected.
    questions = review_questions(bank, seed=1, per_topic=2)
    target = next(q for q in questions if q.kind in {"single", "scenario", "true-false"})
    for q in questions:
        answer_on_page(page, q, right=q is not target, quiz="review-1-2")
    page.locator('section[data-quiz="review-1-2"]').get_by_role("button", name="Practise the ones I missed").click()
    assert visible_questions(page, "review-1-2") == [target.id]
    set_b = review_questions(bank, seed=2, per_topic=2)
    assert len(visible_questions(page, "review-2-2")) == len(set_b)
    answer_on_page(page, set_b[0], right=True, quiz="review-2-2")
    page.goto(f"{site_url}/book/progress.html")
    listing = page.locator(".ck-progress-list").inner_text()
    assert "Review set A" in listing and "Review set B" in listing, "two quizzes on one page are told apart"
    # Set A: all but the practised question count as answered; set B: the one answered.
    assert f"{len(questions) - 1} of {len(questions)}" in listing and f"1 of {len(set_b)}" in listing, "the practised question is waiting to be answered again"
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('coursekit:')).length") == 2


def test_review_page_has_no_axe_violations(site_url: str, page) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page.goto(f"{site_url}/book/review.html")
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    assert results.violations_count == 0, results.generate_report()


# --- The completion record ------------------------------------------------------------------------

def test_completion_record_names_the_chapter_date_and_score_and_stays_on_the_device(site_url: str, page, bank) -> None:
    import datetime as dt
    from urllib.parse import urlparse

    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    questions = bank.topic("orientation").questions
    page.goto(f"{site_url}/{QUIZ_PAGE}")
    wrong = next(q.id for q in questions if q.kind == "true-false")
    for q in questions:
        answer_on_page(page, q, right=q.id != wrong)
    scored = sum(q.graded for q in questions)

    page.goto(f"{site_url}/book/progress.html")
    record = page.locator(".ck-record")
    record.get_by_role("button", name="Save my record as a file").click()
    assert "Type your name first" in record.locator(".ck-record-status").inner_text()
    record.get_by_label("Your name, as it should appear on the record").fill("Ana Learner <b>")
    with page.expect_download() as download_info:
        record.get_by_role("button", name="Save my record as a file").click()
    download = download_info.value
    text = open(download.path(), encoding="utf-8").read()
    today = dt.date.today()
    assert "Ana Learner &lt;b&gt;" in text, "the name is shown as typed, never as markup"
    assert "How to use this course" in text
    assert f"Completed {today.day} {today:%B %Y}" in text
    assert f"{scored - 1} out of {scored}" in text
    assert "self-reported" in text
    assert "Someone listened." not in text, "reflections stay out unless the learner ticks the box"
    assert download.suggested_filename == f"completion-record-{today.isoformat()}.html"

    record.get_by_label("Include my reflections").check()
    with page.expect_download() as download_info:
        record.get_by_role("button", name="Save my record as a file").click()
    assert "Someone listened." in open(download_info.value.path(), encoding="utf-8").read()
    assert record.locator(".ck-record-output").is_visible()

    site_host = urlparse(site_url).netloc
    assert all(urlparse(url).netloc == site_host for url in requests if url.startswith("http")), "the record is made on the device"

    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    assert results.violations_count == 0, results.generate_report()


def test_an_unfinished_chapter_is_recorded_as_not_completed(site_url: str, page, bank) -> None:
    questions = [q for q in bank.topic("orientation").questions if q.graded]
    page.goto(f"{site_url}/{QUIZ_PAGE}")
    answer_on_page(page, questions[0], right=True)
    page.goto(f"{site_url}/book/progress.html")
    page.get_by_label("Your name, as it should appear on the record").fill("Ana")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Save my record as a file").click()
    text = open(download_info.value.path(), encoding="utf-8").read()
    assert f"Not completed (1 of {len(questions)} scored questions answered)" in text
