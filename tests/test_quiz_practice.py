"""Practice that teaches: the end-of-course review set, and "Practise the ones I missed" in the live widgets
and in the page's HTML (the browser side is in test_quiz_browser.py)."""

from __future__ import annotations

from collections import Counter

import pytest
from bs4 import BeautifulSoup

import coursekit as ck
from coursekit.quiz import load_question_bank, review_questions
from coursekit.quiz.review_set import review_topics


@pytest.fixture(scope="module")
def bank():
    return load_question_bank()


def right_answer(question):
    if question.kind == "matching":
        return {i: p.answer for i, p in enumerate(question.pairs)}
    if question.kind == "multiple":
        return {i for i, o in enumerate(question.options) if o.correct}
    if question.kind == "reflection":
        return "My thoughts."
    return next(i for i, o in enumerate(question.options) if o.correct)


def wrong_answer(question):
    if question.kind == "multiple":
        return {i for i, o in enumerate(question.options) if not o.correct}
    return next(i for i, o in enumerate(question.options) if not o.correct)


# --- the review set --------------------------------------------------------------------------------

def test_review_draws_evenly_from_every_chapter(bank) -> None:
    topics = review_topics(bank)
    assert "orientation" not in topics and len(topics) == len(bank.sets) - 1
    questions = review_questions(bank, seed=1, per_topic=2)
    topic_of = {q.id: t for t, s in bank.sets.items() for q in s.questions}
    assert Counter(topic_of[q.id] for q in questions) == {t: 2 for t in topics}
    assert len({q.id for q in questions}) == len(questions)
    assert all(q.graded for q in questions), "reflections have no right answer to review"


@pytest.mark.parametrize("seed", range(1, 9))
def test_review_is_balanced_by_kind(bank, seed: int) -> None:
    kinds = Counter(q.kind for q in review_questions(bank, seed=seed, per_topic=2))
    graded_kinds = {q.kind for q in bank.questions.values() if q.graded}
    assert set(kinds) == graded_kinds
    assert max(kinds.values()) - min(kinds.values()) <= 1


def test_review_is_fixed_by_its_seed_and_changes_with_it(bank) -> None:
    ids = lambda seed: [q.id for q in review_questions(bank, seed=seed)]  # noqa: E731
    assert ids(1) == ids(1) == [q.id for q in ck.review(seed=1, bank=bank).questions]
    sets = {frozenset(ids(seed)) for seed in range(1, 11)}
    assert len(sets) == 10, "every seed gives a different set"
    # Two questions of one chapter never sit next to each other.
    topic_of = {q.id: t for t, s in bank.sets.items() for q in s.questions}
    order = [topic_of[i] for i in ids(3)]
    assert all(a != b for a, b in zip(order, order[1:]))


def test_review_options_keep_the_course_order(bank) -> None:
    quiz = ck.review(seed=2, per_topic=1, bank=bank)
    assert quiz.quiz_id == "review-2-1" and len(quiz.shown) == len(review_topics(bank))
    assert all(s.option_order == bank.option_orders[s.question.id] for s in quiz.shown)
    with pytest.raises(ValueError):
        review_questions(bank, per_topic=0)


# --- "Practise the ones I missed" in the live widgets ----------------------------------------------

def test_practise_missed_in_the_live_widgets(bank) -> None:
    quiz = ck.quiz("orientation", bank=bank)
    live = quiz.live
    assert live.practise_button.layout.display == "none", "nothing to practise before every question is answered"
    assert live.practise_missed() == [] and "Answer every question first" in live.status.value
    graded = [qw for qw in live.questions if qw.question.graded]
    missed = [qw for qw in graded if qw.question.kind in {"single", "true-false", "scenario", "multiple"}][:2]
    for qw in live.questions:
        qw.set_answer(wrong_answer(qw.question) if qw in missed else right_answer(qw.question))
        qw.check_button.click()
    assert live.practise_button.layout.display == "" and live.show_all_button.layout.display == "none"
    assert live.missed == [qw.question.id for qw in missed]

    live.practise_button.click()
    assert live.visible == [qw.question.id for qw in missed]
    assert all(qw.feedback is None and qw.output.value == "" for qw in missed), "missed questions are cleared for another try"
    assert "Showing only the 2 questions you missed" in live.status.value
    assert live.show_all_button.layout.display == "" and live.practise_button.layout.display == "none"

    # Get one right and one wrong again: only the wrong one is offered next.
    missed[0].set_answer(right_answer(missed[0].question))
    missed[0].check_button.click()
    missed[1].set_answer(wrong_answer(missed[1].question))
    missed[1].check_button.click()
    assert "1 of 2 right now" in live.status.value
    assert live.practise_missed() == [missed[1].question.id] and live.visible == [missed[1].question.id]
    missed[1].set_answer(right_answer(missed[1].question))
    missed[1].check_button.click()
    assert "you got all 1 right" in live.status.value and live.practise_button.layout.display == "none"

    live.show_all_button.click()
    assert live.visible == [qw.question.id for qw in live.questions]
    assert live.score == (quiz.graded_count, quiz.graded_count, quiz.graded_count)


def test_nothing_to_practise_when_all_are_right(bank) -> None:
    live = ck.quiz("orientation", bank=bank).live
    for qw in live.questions:
        qw.set_answer(right_answer(qw.question))
        qw.check()
    assert live.missed == [] and live.practise_button.layout.display == "none" and live.practise_missed() == []


# --- the page's HTML ---------------------------------------------------------------------------------

def test_page_carries_the_practise_controls_and_the_quiz_title(bank) -> None:
    soup = BeautifulSoup(ck.review(seed=1, bank=bank, title="Review set A").static_html(), "html.parser")
    practise = soup.select_one("button.ck-practise")
    show_all = soup.select_one("button.ck-show-all")
    assert practise.get_text() == "Practise the ones I missed" and practise.has_attr("hidden") and practise["type"] == "button"
    assert show_all.get_text() == "Show all questions" and show_all.has_attr("hidden")
    status = soup.select_one(".ck-practice-status")
    assert status["role"] == "status" and status["aria-live"] == "polite"
    assert "ck-live-only" in practise.find_parent("div")["class"], "no dead buttons without JavaScript"
    assert soup.select_one(".ck-quiz-title")["tabindex"] == "-1", "focus can return to the quiz's title"
    import json

    assert json.loads(soup.select_one("script.ck-quiz-data").string)["title"] == "Review set A"
