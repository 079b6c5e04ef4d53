"""The static-site rendering of a quiz: real form controls, a live region, and answers readable without JS.

``static/coursekit-quiz.js`` (added to every page by the Sphinx extension) makes it interactive. It
grades with the same rules as :func:`coursekit.quiz.grading.grade`, from the data embedded here.
Options are shown in the quiz's fixed order (:mod:`coursekit.quiz.order`); each control's ``value`` is
the option's place in the question file, which is also what the page saves, so saved answers do not
depend on the order shown. Once every scored question is answered, "Practise the ones I missed"
shows only the questions that were not fully right, cleared for another try.
"""

from __future__ import annotations

import html
import json
from typing import Any

from .core import Quiz, ShownQuestion
from .grading import VERDICT_WORDS, matching_choices
from .text import inline, paragraphs, plain

KIND_HINTS = {
    "single": "Choose one answer.",
    "true-false": "Choose true or false.",
    "scenario": "Choose the response that fits best.",
    "multiple": "Choose all that apply.",
    "matching": "Choose a match for each description.",
    "reflection": "There is no right answer. Your writing stays on this device.",
}


def _attr(value: str) -> str:
    return html.escape(value, quote=True)


def _dom_id(quiz: Quiz, shown: ShownQuestion) -> str:
    """The question's id on the page: its place in the quiz, not its id in the bank.

    Every option and row repeats it several times (ids, labels, radio names); with the bank's long
    ids, that was a sixth of the review page. Saved answers and the script key on ``data-question``.
    """
    return f"ckq-{quiz.quiz_id}-q{shown.number}"


def _answer_key(quiz: Quiz, shown: ShownQuestion) -> str:
    """The "Show answer" disclosure: every option's explanation, for learners without JavaScript."""
    q = shown.question
    if q.kind == "reflection":
        return f'<details class="ck-answer"><summary>Points to think about</summary><div class="ck-guidance-text">{paragraphs(q.guidance or "")}</div></details>'
    if q.kind == "matching":
        items = "".join(
            f"<dt>{inline(p.text)}: <strong>{html.escape(quiz.modality_names[p.answer])}</strong></dt><dd data-pair=\"{i}\">{inline(p.feedback)}</dd>"
            for i, p in enumerate(q.pairs)
        )
    else:
        items = "".join(
            f"<dt>{inline(q.options[i].text)}: <strong>{'correct' if q.options[i].correct else 'not correct'}</strong></dt><dd data-option=\"{i}\">{inline(q.options[i].feedback)}</dd>"
            for i in shown.option_order
        )
    return f'<details class="ck-answer"><summary>Show answer</summary><dl>{items}</dl></details>'


def _controls(quiz: Quiz, shown: ShownQuestion, base: str) -> str:
    q = shown.question
    if q.kind in {"single", "true-false", "scenario", "multiple"}:
        input_type = "checkbox" if q.kind == "multiple" else "radio"
        items = "".join(
            f'<li><label for="{base}-o{i}"><input type="{input_type}" id="{base}-o{i}" name="{base}" value="{i}">'
            f'<span class="ck-option-text">{inline(q.options[i].text)}</span></label></li>'
            for i in shown.option_order
        )
        return f'<ul class="ck-options">{items}</ul>'
    if q.kind == "matching":
        entries = '<option value="">Choose…</option>' + "".join(
            f'<option value="{_attr(value)}">{html.escape(label)}</option>' for label, value in matching_choices(q, quiz.modality_names)
        )
        return "".join(
            f'<div class="ck-match-row"><label for="{base}-p{i}">{inline(p.text)}</label>'
            f'<select id="{base}-p{i}" name="{base}-p{i}" data-pair="{i}">{entries}</select></div>'
            for i, p in enumerate(q.pairs)
        )
    return (
        f'<label for="{base}-text">Your thoughts (kept only on this device)</label>'
        f'<textarea id="{base}-text" name="{base}-text" rows="5"></textarea>'
    )


def _question(quiz: Quiz, shown: ShownQuestion, total: int) -> str:
    q = shown.question
    base = _dom_id(quiz, shown)
    scenario = f'<div class="ck-scenario" id="{base}-scenario">{paragraphs(q.scenario)}</div>' if q.scenario else ""
    described = f' aria-describedby="{base}-scenario {base}-how"' if q.scenario else f' aria-describedby="{base}-how"'
    hint = f'<details class="ck-hint"><summary>Hint</summary>{paragraphs(q.hint)}</details>' if q.hint else ""
    check_label = "Save my thoughts" if q.kind == "reflection" else "Check answer"
    actions = (
        '<div class="ck-actions ck-live-only">'
        f'<button type="button" class="ck-check">{check_label}</button>'
        + ('<button type="button" class="ck-retry ck-secondary" hidden>Try again</button>' if q.graded else "")
        + "</div>"
    )
    return (
        f'<fieldset class="ck-question" id="{base}" data-question="{_attr(q.id)}" data-kind="{q.kind}"{described}>'
        f'<legend><span class="ck-question-number">Question {shown.number} of {total}</span>{inline(q.prompt)}</legend>'
        f"{scenario}"
        f'<p class="ck-how" id="{base}-how">{KIND_HINTS[q.kind]}</p>'
        f"{_controls(quiz, shown, base)}{hint}{actions}"
        f'<div class="ck-feedback" role="status" aria-live="polite" aria-atomic="true" id="{base}-feedback"></div>'
        f"{_answer_key(quiz, shown)}"
        "</fieldset>"
    )


def quiz_payload(quiz: Quiz) -> dict[str, Any]:
    """What the page script needs to grade exactly as :func:`grade` does, and nothing it can run.

    Only the key: the words (option labels, each explanation, the points to think about) are already in
    the page, in the controls and the "Show answer" section, and the script reads them from there. Writing
    them twice made the longest pages a third heavier.
    """
    questions = {}
    for shown in quiz.shown:
        q = shown.question
        questions[q.id] = {"kind": q.kind, "correct": [o.correct for o in q.options], "answers": [p.answer for p in q.pairs]}
    return {"quiz": quiz.quiz_id, "title": plain(quiz.title), "graded": quiz.graded_count, "words": VERDICT_WORDS, "questions": questions}


def render_quiz(quiz: Quiz) -> str:
    total = len(quiz.shown)
    body = "".join(_question(quiz, shown, total) for shown in quiz.shown)
    payload = json.dumps(quiz_payload(quiz), ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    heading_id = f"ckq-{quiz.quiz_id}-title"
    return (
        f'<section class="ck-quiz" data-quiz="{_attr(quiz.quiz_id)}" aria-labelledby="{heading_id}">'
        f'<p class="ck-quiz-title" id="{heading_id}" tabindex="-1"><strong>{inline(quiz.title)}</strong></p>'
        '<p class="ck-nojs-note">Each question has a "Show answer" section that explains every option.</p>'
        '<p class="ck-practice-status ck-live-only" role="status" aria-live="polite"></p>'
        f"{body}"
        '<div class="ck-quiz-footer">'
        f'<p class="ck-score ck-live-only" role="status" aria-live="polite">You have not answered any of the {quiz.graded_count} scored questions yet.</p>'
        '<div class="ck-actions ck-live-only">'
        '<button type="button" class="ck-practise" hidden>Practise the ones I missed</button>'
        '<button type="button" class="ck-show-all ck-secondary" hidden>Show all questions</button>'
        '<button type="button" class="ck-clear ck-secondary">Clear my answers</button></div>'
        '<p class="ck-progress ck-live-only">Your answers are saved in this browser only, so you can come back later. Nothing is sent anywhere.</p>'
        "</div>"
        f'<script type="application/json" class="ck-quiz-data">{payload}</script>'
        "</section>"
    )
