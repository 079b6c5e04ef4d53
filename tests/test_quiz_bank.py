"""The question bank: the real files load, and each kind of broken question stops with a located message."""

from __future__ import annotations

from pathlib import Path

import pytest

import coursekit as ck
from coursekit.quiz import load_question_bank
from helpers import dump_yaml, load_yaml

KINDS = {"single", "true-false", "multiple", "matching", "scenario", "reflection"}


def test_real_bank_loads_with_every_kind_of_question() -> None:
    bank = load_question_bank()
    assert {q.kind for q in bank.questions.values()} == KINDS
    for question in bank.questions.values():
        for option in question.options:
            assert option.feedback.strip(), f"{question.id}: option without feedback"
        for pair in question.pairs:
            assert pair.feedback.strip(), f"{question.id}: pair without feedback"


def _orientation(data_dir: Path) -> tuple[Path, dict]:
    path = data_dir / "questions" / "orientation.yml"
    return path, load_yaml(path)


def _question(content: dict, question_id: str) -> dict:
    return next(q for q in content["questions"] if q["id"] == question_id)


def _fails(data_dir: Path) -> str:
    with pytest.raises(ck.CourseDataError) as caught:
        load_question_bank(data_dir)
    return str(caught.value)


def test_no_correct_answer(data_copy: Path) -> None:
    path, content = _orientation(data_copy)
    for option in _question(content, "orientation-peer-role")["options"]:
        option["correct"] = False
    dump_yaml(path, content)
    message = _fails(data_copy)
    assert "questions/orientation.yml, id 'orientation-peer-role', field 'options': no option is marked correct" in message


def test_two_correct_answers_on_a_single_choice_question(data_copy: Path) -> None:
    path, content = _orientation(data_copy)
    for option in _question(content, "orientation-scenario-first-step")["options"]:
        option["correct"] = True
    dump_yaml(path, content)
    message = _fails(data_copy)
    assert "id 'orientation-scenario-first-step', field 'options'" in message and "exactly one correct option, but 3" in message


def test_option_without_feedback(data_copy: Path) -> None:
    path, content = _orientation(data_copy)
    del _question(content, "orientation-what-psychoeducation-offers")["options"][2]["feedback"]
    dump_yaml(path, content)
    message = _fails(data_copy)
    assert "questions/orientation.yml, id 'orientation-what-psychoeducation-offers', field 'options.2.feedback': is required but empty" in message


def test_duplicate_id_across_files(data_copy: Path) -> None:
    _, content = _orientation(data_copy)
    copy = {"topic": "zz-extra", "title": "Extra", "questions": [_question(content, "orientation-peer-role")]}
    dump_yaml(data_copy / "questions" / "zz-extra.yml", copy)
    message = _fails(data_copy)
    assert "questions/zz-extra.yml, id 'orientation-peer-role', field 'id': duplicate question id" in message
    assert "orientation.yml" in message


def test_unknown_modality_in_matching(data_copy: Path) -> None:
    path, content = _orientation(data_copy)
    _question(content, "orientation-match-who-leads")["pairs"][0]["answer"] = "crystal-healing"
    dump_yaml(path, content)
    message = _fails(data_copy)
    assert "id 'orientation-match-who-leads', field 'pairs': unknown modality 'crystal-healing'" in message


def test_unknown_modality_among_matching_choices(data_copy: Path) -> None:
    path, content = _orientation(data_copy)
    _question(content, "orientation-match-who-leads")["choices"] = ["horoscopes"]
    dump_yaml(path, content)
    assert "field 'choices': unknown modality 'horoscopes'" in _fails(data_copy)


def test_malformed_file(data_copy: Path) -> None:
    path = data_copy / "questions" / "orientation.yml"
    path.write_text("topic: orientation\nquestions:\n  - id: x\n   kind: single\n", encoding="utf-8")
    message = _fails(data_copy)
    assert "questions/orientation.yml: is not valid YAML" in message and "line" in message


def test_unknown_kind(data_copy: Path) -> None:
    path, content = _orientation(data_copy)
    _question(content, "orientation-peer-role")["kind"] = "essay"
    dump_yaml(path, content)
    message = _fails(data_copy)
    assert "id 'orientation-peer-role', field 'kind'" in message and "'single'" in message


def test_unknown_reference_key(data_copy: Path) -> None:
    path, content = _orientation(data_copy)
    _question(content, "orientation-peer-role")["references"] = ["nobody2030"]
    dump_yaml(path, content)
    assert "id 'orientation-peer-role', field 'references': reference key 'nobody2030' is not in data/references.bib" in _fails(data_copy)


def test_true_false_needs_true_then_false(data_copy: Path) -> None:
    path, content = _orientation(data_copy)
    _question(content, "orientation-group-confidentiality")["options"][0]["text"] = "Yes"
    dump_yaml(path, content)
    assert "id 'orientation-group-confidentiality', field 'options': a true-false question has exactly two options" in _fails(data_copy)


def test_scenario_without_its_story(data_copy: Path) -> None:
    path, content = _orientation(data_copy)
    del _question(content, "orientation-scenario-first-step")["scenario"]
    dump_yaml(path, content)
    assert "id 'orientation-scenario-first-step', field 'scenario'" in _fails(data_copy)


def test_topic_must_match_file_name(data_copy: Path) -> None:
    path, content = _orientation(data_copy)
    content["topic"] = "something-else"
    dump_yaml(path, content)
    assert "questions/orientation.yml, id 'something-else', field 'topic'" in _fails(data_copy)


def test_quiz_by_topic_and_by_ids() -> None:
    bank = load_question_bank()
    whole = ck.quiz("orientation", bank=bank)
    assert [q.id for q in whole.questions] == [q.id for q in bank.topic("orientation").questions]
    picked = ck.quiz(ids=["orientation-peer-role", "orientation-match-who-leads"], bank=bank)
    assert [q.id for q in picked.questions] == ["orientation-peer-role", "orientation-match-who-leads"]
    with pytest.raises(KeyError, match="unknown question id"):
        ck.quiz(ids=["no-such-question"], bank=bank)
    with pytest.raises(KeyError, match="known topics"):
        ck.quiz("no-such-topic", bank=bank)


def test_shuffling_is_fixed_by_a_seed() -> None:
    bank = load_question_bank()
    first = ck.quiz("orientation", shuffle=True, seed=7, bank=bank)
    again = ck.quiz("orientation", shuffle=True, seed=7, bank=bank)
    other = [ck.quiz("orientation", shuffle=True, seed=s, bank=bank) for s in range(1, 6)]
    order = lambda quiz: [(s.question.id, s.option_order) for s in quiz.shown]  # noqa: E731
    assert order(first) == order(again)
    assert any(order(o) != order(first) for o in other)
    tf = next(s for s in first.shown if s.question.kind == "true-false")
    assert tf.option_order == (0, 1), "True stays before False"
    # The seed reorders questions only: options keep the course's order, so answer keys still match.
    for quiz in (first, *other):
        assert all(s.option_order == bank.option_orders[s.question.id] for s in quiz.shown)
