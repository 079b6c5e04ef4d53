"""Both renderings of a quiz: the static HTML's structure and escaping, and the live widgets driven from code."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import coursekit as ck
from coursekit.quiz import load_question_bank
from coursekit.quiz.html import quiz_payload
from coursekit.quiz.text import inline, paragraphs
from helpers import dump_yaml, load_yaml


@pytest.fixture(scope="module")
def orientation() -> ck.Quiz:
    return ck.quiz("orientation")


def soup_of(quiz: ck.Quiz) -> BeautifulSoup:
    return BeautifulSoup(quiz.static_html(), "html.parser")


def test_every_question_is_a_fieldset_with_a_legend_and_labelled_controls(orientation: ck.Quiz) -> None:
    soup = soup_of(orientation)
    fieldsets = soup.select("fieldset.ck-question")
    assert len(fieldsets) == len(orientation.shown)
    for fieldset in fieldsets:
        assert fieldset.find("legend").get_text(strip=True)
        for control in fieldset.select("input, select, textarea"):
            assert soup.find("label", attrs={"for": control["id"]}) is not None, control["id"]
        live = fieldset.select_one(".ck-feedback")
        assert live["role"] == "status" and live["aria-live"] == "polite"
        assert fieldset.select_one("details.ck-answer summary"), "answers readable without JavaScript"


def test_answers_and_explanations_are_in_the_page_for_no_js(orientation: ck.Quiz) -> None:
    text = soup_of(orientation).get_text(" ")
    for question in orientation.questions:
        for option in question.options:
            assert option.feedback.split(".")[0] in text
        for pair in question.pairs:
            assert pair.feedback.split(".")[0] in text


def test_payload_matches_the_bank(orientation: ck.Quiz) -> None:
    soup = soup_of(orientation)
    payload = json.loads(soup.select_one("script.ck-quiz-data").string)
    assert payload == json.loads(json.dumps(quiz_payload(orientation)))
    assert payload["graded"] == 5
    for question in orientation.questions:
        entry = payload["questions"][question.id]
        assert entry["correct"] == [o.correct for o in question.options]
        assert entry["answers"] == [p.answer for p in question.pairs]
        # The words live once, in the markup the script reads them from, not again in the data.
        for option in question.options:
            assert option.feedback.split(".")[0] not in json.dumps(payload, ensure_ascii=False)


def test_the_script_finds_every_word_it_shows_in_the_markup(orientation: ck.Quiz) -> None:
    soup = soup_of(orientation)
    for shown in orientation.shown:
        q, base = shown.question, f"ckq-{orientation.quiz_id}-q{shown.number}"
        for i, option in enumerate(q.options):
            assert soup.select_one(f'label[for="{base}-o{i}"] .ck-option-text').get_text() == BeautifulSoup(inline(option.text), "html.parser").get_text()
            assert soup.select_one(f'#{base} .ck-answer dd[data-option="{i}"]').get_text() == BeautifulSoup(inline(option.feedback), "html.parser").get_text()
        for i, pair in enumerate(q.pairs):
            assert soup.select_one(f'label[for="{base}-p{i}"]') is not None
            assert soup.select_one(f'#{base} .ck-answer dd[data-pair="{i}"]') is not None
        if q.kind == "reflection":
            assert soup.select_one(f"#{base} .ck-answer .ck-guidance-text").get_text().strip()


def test_question_text_is_escaped_and_only_the_documented_subset_is_formatted(data_copy: Path) -> None:
    path = data_copy / "questions" / "orientation.yml"
    content = load_yaml(path)
    question = content["questions"][0]
    question["prompt"] = 'Is <script>alert("x")</script> **bold** and *soft*? <img src=x onerror=alert(1)>'
    question["options"][0]["text"] = "</script><script>alert(2)</script>"
    dump_yaml(path, content)
    quiz = ck.quiz("orientation", bank=load_question_bank(data_copy))
    page = quiz.static_html()
    soup = BeautifulSoup(page, "html.parser")
    assert not soup.find("img")
    assert [s.get("type") for s in soup.find_all("script")] == ["application/json"], "no script can be injected"
    legend = soup.select_one("fieldset legend")
    assert '<script>alert("x")</script>' in legend.get_text()
    assert legend.find("strong").get_text() == "bold" and legend.find("em").get_text() == "soft"
    json.loads(soup.select_one("script.ck-quiz-data").string)


def test_inline_formatting_rules() -> None:
    assert inline("a **b** *c* <d>") == "a <strong>b</strong> <em>c</em> &lt;d&gt;"
    assert inline("2 * 3 * 4") == "2 * 3 * 4"
    assert paragraphs("one\n\ntwo\nlines") == "<p>one</p><p>two lines</p>"


def test_mimebundle_carries_both_renderings(orientation: ck.Quiz) -> None:
    bundle = orientation._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["text/html"].startswith('<section class="ck-quiz"')


def test_live_widgets_grade_each_kind() -> None:
    quiz = ck.quiz("orientation")
    live = quiz.live
    single = live.by_id["orientation-peer-role"]
    right = next(i for i, o in enumerate(single.question.options) if o.correct)
    single.set_answer(right)
    single.check_button.click()
    assert "Correct." in single.output.value and single.question.options[right].feedback in single.output.value
    assert "Your score: 1 out of 5" in live.score_label.value

    multiple = live.by_id["orientation-what-psychoeducation-offers"]
    multiple.boxes[0].value = True
    multiple.check_button.click()
    assert "Partly right." in multiple.output.value and "3 of 4 right." in multiple.output.value

    matching = live.by_id["orientation-match-who-leads"]
    for i, pair in enumerate(matching.question.pairs):
        matching.dropdowns[i].value = pair.answer
    matching.check_button.click()
    assert "Correct." in matching.output.value

    tf = live.by_id["orientation-group-confidentiality"]
    tf.set_answer(0)
    tf.check_button.click()
    assert "Not quite." in tf.output.value and tf.retry_button.layout.display == ""
    tf.retry_button.click()
    assert tf.choice.value is None and tf.output.value == "" and tf.retry_button.layout.display == "none"

    reflection = live.by_id["orientation-reflection-why"]
    reflection.text.value = "They listened."
    reflection.check_button.click()
    assert "saved on this device only" in reflection.output.value and "Points to think about" in reflection.output.value
    points, answered, total = live.score
    assert (answered, total) == (3, 5) and points == pytest.approx(1 + 0.8 + 1)
    assert "Your score: 2.8 out of 5" in live.score_label.value


def test_live_feedback_uses_the_same_words_as_the_grader() -> None:
    quiz = ck.quiz("orientation")
    question = quiz.live.by_id["orientation-scenario-first-step"]
    wrong = next(i for i, o in enumerate(question.question.options) if not o.correct)
    question.set_answer(wrong)
    result = question.check()
    assert result == quiz.grade("orientation-scenario-first-step", wrong)
    assert result.headline in question.output.value
