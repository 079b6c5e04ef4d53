"""Grading of each kind of question, through the plain-Python API both renderings use."""

from __future__ import annotations

import pytest

from coursekit.quiz import grade, load_question_bank
from coursekit.quiz.bank import Question


@pytest.fixture(scope="module")
def questions() -> dict[str, Question]:
    return load_question_bank().questions


def right_index(question: Question) -> int:
    return next(i for i, o in enumerate(question.options) if o.correct)


def test_single_choice(questions: dict[str, Question]) -> None:
    q = questions["orientation-peer-role"]
    good = grade(q, right_index(q))
    assert (good.verdict, good.score, good.headline) == ("correct", 1.0, "Correct.")
    assert [e.feedback for e in good.shown] == [q.options[right_index(q)].feedback]
    wrong = next(i for i, o in enumerate(q.options) if not o.correct)
    bad = grade(q, wrong)
    assert (bad.verdict, bad.score, bad.headline) == ("incorrect", 0.0, "Not quite.")
    assert [e.feedback for e in bad.shown] == [q.options[wrong].feedback], "only the chosen option is explained, so retrying is worth it"
    assert grade(q, None).verdict == "unanswered"
    with pytest.raises(ValueError, match="option index"):
        grade(q, 99)
    with pytest.raises(ValueError):
        grade(q, True)


def test_true_false(questions: dict[str, Question]) -> None:
    q = questions["orientation-group-confidentiality"]
    assert grade(q, 1).verdict == "correct"
    assert grade(q, 0).verdict == "incorrect"
    assert "not bound by law" in grade(q, 0).shown[0].feedback


def test_multiple_select_is_graded_per_option(questions: dict[str, Question]) -> None:
    q = questions["orientation-what-psychoeducation-offers"]
    correct = {i for i, o in enumerate(q.options) if o.correct}
    assert grade(q, correct).verdict == "correct" and grade(q, correct).score == 1.0
    one_right = {min(correct)}
    partial = grade(q, one_right)
    assert partial.verdict == "partial"
    assert partial.score == pytest.approx((len(q.options) - 1) / len(q.options))
    assert partial.detail == f"{len(q.options) - 1} of {len(q.options)} right."
    everything = set(range(len(q.options)))
    assert grade(q, everything).score == pytest.approx(len(correct) / len(q.options))
    wrong_only = everything - correct
    assert grade(q, wrong_only).verdict == "incorrect" and grade(q, wrong_only).score == 0.0
    assert grade(q, set()).verdict == "unanswered"
    with pytest.raises(ValueError):
        grade(q, 1)


def test_matching(questions: dict[str, Question]) -> None:
    q = questions["orientation-match-who-leads"]
    perfect = {i: p.answer for i, p in enumerate(q.pairs)}
    assert grade(q, perfect).verdict == "correct"
    swapped = {**perfect, 0: q.pairs[1].answer, 1: q.pairs[0].answer}
    result = grade(q, swapped)
    assert result.verdict == "partial" and result.score == pytest.approx(1 / 3)
    assert [e.right for e in result.explanations] == [False, False, True]
    half = {0: q.pairs[0].answer}
    assert grade(q, half).score == pytest.approx(1 / 3) and len(grade(q, half).shown) == 1
    assert grade(q, {}).verdict == "unanswered"
    with pytest.raises(ValueError):
        grade(q, {9: "cbt"})


def test_scenario(questions: dict[str, Question]) -> None:
    q = questions["orientation-scenario-first-step"]
    assert q.scenario and "bipolar" in q.scenario
    assert grade(q, right_index(q)).verdict == "correct"


def test_reflection_is_kept_not_graded(questions: dict[str, Question]) -> None:
    q = questions["orientation-reflection-why"]
    result = grade(q, "They listened to me.")
    assert result.verdict == "recorded" and result.score == 0.0 and result.guidance == q.guidance
    assert grade(q, "   ").verdict == "unanswered"
    assert not q.graded
