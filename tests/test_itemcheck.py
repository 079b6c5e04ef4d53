"""The item-writing check: the real bank stays inside it, and each flaw it knows, made on purpose in a
copy of the data, is reported with the file, the question id and the flaw's name."""

from __future__ import annotations

from pathlib import Path

import pytest

from coursekit.cli import CHECKS, CheckResult, check, main
from coursekit.quiz import check_items, load_question_bank
from coursekit.quiz.itemcheck import WHOLE_BANK, Finding, negative_words
from helpers import dump_yaml, load_yaml


def test_the_course_bank_stays_inside_the_item_writing_check() -> None:
    """Fails while question writers still have flaws to fix; the message lists each one."""
    report = check_items(load_question_bank())
    assert report.ok, "item-writing problems:\n" + "\n".join(str(f) for f in report.errors)


def test_the_figures_are_measured_on_the_real_bank() -> None:
    report = check_items(load_question_bank())
    first = report.figure("key-first-too-often")
    assert first.total >= 20 and first.ok and first.share <= 0.40
    assert report.figure("key-first-too-often", "single").ok and report.figure("key-first-too-often", "scenario").ok
    assert report.figure("choose-all-leading-run").ok
    true_false = report.figure("true-false-balance")
    assert true_false.total >= 10 and (true_false.low, true_false.high) == (0.35, 0.65)
    assert report.figure("correct-longest").high == 0.40
    text = "\n".join(report.lines())
    for words in ("Right answer shown first", '"False" is the right answer', "just the first few shown", "longest option"):
        assert words in text


# --- breaking a copy of the data on purpose --------------------------------------------------------

def _files(data_dir: Path) -> list[Path]:
    return sorted((data_dir / "questions").glob("*.yml"))


def _first(data_dir: Path, kind: str, skip: int = 0) -> tuple[Path, dict, dict]:
    """The first question of a kind (after ``skip`` of them), with its file and the file's content."""
    seen = 0
    for path in _files(data_dir):
        content = load_yaml(path)
        for question in content["questions"]:
            if question["kind"] == kind:
                if seen == skip:
                    return path, content, question
                seen += 1
    raise AssertionError(f"no {kind} question")


def _findings(data_dir: Path) -> list[Finding]:
    return list(check_items(load_question_bank(data_dir)).findings)


def _named(findings: list[Finding], question_id: str, flaw: str) -> Finding:
    matches = [f for f in findings if f.question_id == question_id and f.flaw == flaw]
    assert matches, f"no '{flaw}' finding for {question_id}; found: {[str(f) for f in findings if f.question_id == question_id]}"
    return matches[0]


@pytest.mark.parametrize(("text", "flaw"), [("All of the above", "all-of-the-above"), ("Both of these", "all-of-the-above"), ("None of the above", "none-of-the-above")])
def test_all_or_none_of_the_above(data_copy: Path, text: str, flaw: str) -> None:
    path, content, question = _first(data_copy, "single")
    question["options"][-1]["text"] = text
    dump_yaml(path, content)
    finding = _named(_findings(data_copy), question["id"], flaw)
    assert finding.severity == "error" and finding.file.endswith(f"questions/{path.name}")
    assert f"questions/{path.name}, id '{question['id']}', flaw '{flaw}'" in str(finding)


def test_negative_stem_without_bold(data_copy: Path) -> None:
    path, content, question = _first(data_copy, "single")
    question["prompt"] = "Sam wants to join a group. Which of these is NOT a question to ask the organiser?"
    dump_yaml(path, content)
    finding = _named(_findings(data_copy), question["id"], "negative-stem")
    assert finding.severity == "error" and "'not'" in finding.message and "**NOT**" in finding.message


@pytest.mark.parametrize(
    "prompt",
    [
        "Sam wants to join a group. Which of these is **NOT** a question to ask the organiser?",
        'Sam says, "I don\'t know where to start." What could you ask first?',
        "Which answer shows most clearly that it is group therapy, not a support group?",
        "Sam has no money for therapy. Which of these could help?",
    ],
    ids=["bold", "quoted-speech", "contrast", "not-in-the-asking-sentence"],
)
def test_negative_words_that_are_fine(data_copy: Path, prompt: str) -> None:
    path, content, question = _first(data_copy, "single")
    question["prompt"] = prompt
    dump_yaml(path, content)
    assert not [f for f in _findings(data_copy) if f.question_id == question["id"] and f.flaw == "negative-stem"]


def test_negative_true_false_statement(data_copy: Path) -> None:
    path, content, question = _first(data_copy, "true-false")
    question["prompt"] = "A peer supporter should never share their own story."
    dump_yaml(path, content)
    assert "never" in _named(_findings(data_copy), question["id"], "negative-stem").message
    question["prompt"] = "A peer supporter should **never** share their own story."
    dump_yaml(path, content)
    bank = load_question_bank(data_copy)
    assert negative_words(bank.questions[question["id"]]) == []


def test_scenario_whose_wrong_options_are_all_unsafe_or_unkind(data_copy: Path) -> None:
    path, content, question = _first(data_copy, "scenario")
    wrong = [o for o in question["options"] if not o["correct"]]
    feedback = ["This sounds cold, and it shuts her out.", "This puts her at risk.", "This is dismissive of what she said.", "This is blaming."]
    for option, text in zip(wrong, feedback * 2):
        option["feedback"] = text
    dump_yaml(path, content)
    finding = _named(_findings(data_copy), question["id"], "unsafe-or-unkind-distractors")
    assert finding.severity == "error" and "well-meant mistake" in finding.message
    # One well-meant mistake is enough.
    wrong[0]["feedback"] = "Kindly meant, but the choice is hers. Explain the options instead."
    dump_yaml(path, content)
    assert not [f for f in _findings(data_copy) if f.question_id == question["id"] and f.flaw == "unsafe-or-unkind-distractors"]


def test_two_questions_testing_the_same_fact(data_copy: Path) -> None:
    path, content, question = _first(data_copy, "single")
    copy = {**question, "id": "zz-copy-of-a-question", "prompt": question["prompt"].rstrip("?") + ", in your own words?"}
    other = next(p for p in _files(data_copy) if p != path)
    other_content = load_yaml(other)
    other_content["questions"].append(copy)
    dump_yaml(other, other_content)
    findings = _findings(data_copy)
    pair = [f for f in findings if f.flaw == "same-fact" and question["id"] in f"{f.question_id} {f.message}" and "zz-copy-of-a-question" in f"{f.question_id} {f.message}"]
    assert pair, [str(f) for f in findings if f.flaw == "same-fact"]
    assert pair[0].severity == "error"


def test_options_of_very_different_lengths(data_copy: Path) -> None:
    path, content, question = _first(data_copy, "single")
    question["options"][0]["text"] = "Yes"
    question["options"][1]["text"] = " ".join(["This option goes on and on with many more words than any other option has"] * 2)
    dump_yaml(path, content)
    finding = _named(_findings(data_copy), question["id"], "uneven-option-lengths")
    assert finding.severity == "warning" and "words" in finding.message


def test_true_false_keys_out_of_balance(data_copy: Path) -> None:
    for path in _files(data_copy):
        content = load_yaml(path)
        for question in content["questions"]:
            if question["kind"] == "true-false":
                question["options"][0]["correct"], question["options"][1]["correct"] = False, True
        dump_yaml(path, content)
    report = check_items(load_question_bank(data_copy))
    assert report.figure("true-false-balance").share == 1.0
    whole = _named(list(report.errors), WHOLE_BANK, "true-false-balance")
    assert "100%" in whole.message and "35% to 65%" in whole.message
    _, _, one = _first(data_copy, "true-false")
    assert _named(report.warnings, one["id"], "true-false-balance").severity == "warning", "the questions counted are named"


def test_right_answer_longest_too_often(data_copy: Path) -> None:
    for path in _files(data_copy):
        content = load_yaml(path)
        for question in content["questions"]:
            if question["kind"] in {"single", "scenario"}:
                right = next(o for o in question["options"] if o["correct"])
                right["text"] += ", taking time to listen carefully and explaining each choice in plain words"
        dump_yaml(path, content)
    report = check_items(load_question_bank(data_copy))
    assert report.figure("correct-longest").share > 0.9
    assert "at most 40%" in _named(report.errors, WHOLE_BANK, "correct-longest").message
    _, _, one = _first(data_copy, "single")
    _named(report.warnings, one["id"], "correct-longest")


def test_wrong_options_that_argue_for_themselves(data_copy: Path) -> None:
    """A wrong option with a reason ("..., because ...") while right answers just say what to do is a clue."""
    for path in _files(data_copy):
        content = load_yaml(path)
        for question in content["questions"]:
            if question["kind"] in {"single", "scenario"}:
                for option in question["options"]:
                    if not option["correct"]:
                        option["text"] = option["text"].rstrip(".") + ", because that saves time."
                    else:
                        option["text"] = option["text"].replace(" because ", " and ").replace(" so ", " and ")
        dump_yaml(path, content)
    report = check_items(load_question_bank(data_copy))
    figure = report.figure("reason-on-wrong-options")
    assert figure.share == 1.0 and not figure.ok
    assert "right answers" in figure.detail
    assert "Move the reasons" in _named(report.errors, WHOLE_BANK, "reason-on-wrong-options").message
    _, _, one = _first(data_copy, "scenario")
    _named(report.warnings, one["id"], "reason-on-wrong-options")


def test_right_answers_with_the_most_steps(data_copy: Path) -> None:
    """Right answers written as a list of steps, and one-step wrong options, let a learner guess."""
    for path in _files(data_copy):
        content = load_yaml(path)
        for question in content["questions"]:
            if question["kind"] in {"single", "scenario"}:
                for option in question["options"]:
                    option["text"] = option["text"].replace(",", "")
                    if option["correct"]:
                        option["text"] = "Listen, ask, check, then " + option["text"][0].lower() + option["text"][1:]
        dump_yaml(path, content)
    report = check_items(load_question_bank(data_copy))
    figure = report.figure("most-steps-wins")
    assert figure.count == figure.total and not figure.ok and "by chance" in figure.detail
    _named(report.errors, WHOLE_BANK, "most-steps-wins")


@pytest.mark.parametrize("flaw", ["key-first-too-often", "choose-all-leading-run"])
def test_options_shown_in_the_written_order_would_be_caught(flaw: str) -> None:
    """If the order ever fell back to the file's order, the figures would catch it (writers put keys first)."""
    bank = load_question_bank()
    authored = {}
    for q in bank.questions.values():
        order = list(range(len(q.options)))
        # Written order, with the right options moved to the front: what writers tend to do.
        authored[q.id] = tuple(sorted(order, key=lambda i: not q.options[i].correct))
    bank.__dict__["option_orders"] = authored  # replaces the cached order for this bank only
    report = check_items(bank)
    assert _named(report.errors, WHOLE_BANK, flaw).severity == "error"


# --- the command line --------------------------------------------------------------------------------

def test_check_prints_the_figures_and_names_each_flaw(data_copy: Path, capsys) -> None:
    path, content, question = _first(data_copy, "single")
    question["options"][-1]["text"] = "None of the above"
    dump_yaml(path, content)
    assert main(["check", "--data", str(data_copy)]) == 1
    out, err = capsys.readouterr()
    assert "All course data is valid" in out and "Right answer shown first" in out and '"False" is the right answer' in out
    assert f"questions/{path.name}, id '{question['id']}', flaw 'none-of-the-above'" in err


def test_checks_are_a_list_another_check_can_join(capsys) -> None:
    def extra(data_dir: Path | None) -> CheckResult:
        return CheckResult("extra", problems=["data/extra.yml, id 'x', field 'y': broken on purpose"], notes=["Extra check ran."])

    assert CHECKS[0].__name__ == "data_check" and any(c.__name__ == "item_writing_check" for c in CHECKS)
    assert check(None, [CHECKS[0], extra]) == 1
    out, err = capsys.readouterr()
    assert "Extra check ran." in out and "data/extra.yml, id 'x', field 'y': broken on purpose" in err
    assert check(None, [CHECKS[0]]) == 0
