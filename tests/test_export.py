"""LMS export: what is written parses back, keeps every explanation, and accounts for every question."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from coursekit.export import export_all, gift_escape, to_gift, to_moodle_xml
from coursekit.quiz import load_question_bank
from coursekit.quiz.text import paragraphs, plain


@pytest.fixture(scope="module")
def bank():
    return load_question_bank()


@pytest.fixture(scope="module")
def exported(tmp_path_factory, bank):
    out = tmp_path_factory.mktemp("export")
    return out, {r.format: r for r in export_all(out, bank)}


def test_every_question_is_accounted_for_in_every_format(exported, bank) -> None:
    _, reports = exported
    every = set(bank.questions)
    for report in reports.values():
        assert set(report.written) | set(report.skipped) == every, report.format
        assert not set(report.written) & set(report.skipped)
    assert set(reports["QTI for Canvas"].skipped) == {q.id for q in bank.questions.values() if q.kind == "matching"}
    assert all("matching" in why for why in reports["QTI for Canvas"].skipped.values())


def shown(q, bank):
    """The options in the order the course shows them, which is the order every export writes them in."""
    return [q.options[i] for i in bank.option_orders[q.id]]


def squash(text: str) -> str:
    """Text as written in a QTI file, compared loosely: no tags, no entities, straight quotes, single spaces."""
    text = html.unescape(re.sub("<[^>]+>", "", plain(text))).replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"')
    return " ".join(text.split())


def split_gift(text: str) -> list[str]:
    """Split GIFT on unescaped blank-line boundaries and drop comment lines and categories, as Moodle does."""
    blocks = ["\n".join(line for line in b.strip().splitlines() if not line.startswith("//")) for b in re.split(r"\n\s*\n", text)]
    return [b for b in blocks if b and not b.startswith("$CATEGORY")]


def unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def gift_parts(answers: str) -> list[str]:
    """Answer tokens, split on unescaped ~ or = that start an answer."""
    return [t for t in re.split(r"(?<!\\)(?=[~=])", answers) if t.strip()]


def test_gift_parses_back_with_every_option_and_its_feedback(bank) -> None:
    text, _ = to_gift(bank)
    blocks = split_gift(text)
    assert len(blocks) == len(bank.questions)
    for block in blocks:
        match = re.fullmatch(r"::(?P<id>[^:]+)::\[markdown\](?P<prompt>.*?) \{(?P<answers>.*)\}", block, re.S)
        assert match, block[:120]
        q = bank.questions[match["id"]]
        assert unescape(match["prompt"]).endswith(" ".join(plain(q.prompt).split()))
        answers = match["answers"]
        if q.kind in {"single", "scenario", "multiple"}:
            tokens = gift_parts(answers)
            assert len(tokens) == len(q.options)
            for token, option in zip(tokens, shown(q, bank)):
                text_part, feedback = re.split(r"(?<!\\)#", token[1:].strip(), maxsplit=1) if q.kind != "multiple" else re.split(r"(?<!\\)#", re.sub(r"^~%-?[\d.]+%", "", token.strip()), maxsplit=1)
                assert unescape(feedback.strip()) == " ".join(plain(option.feedback).split())
                if q.kind != "multiple":
                    assert token.startswith("=") == option.correct
        elif q.kind == "true-false":
            answer, wrong_feedback, right_feedback = re.split(r"(?<!\\)#", answers)
            right = q.options[0] if q.options[0].correct else q.options[1]
            assert answer == ("TRUE" if q.options[0].correct else "FALSE")
            assert unescape(right_feedback) == " ".join(plain(right.feedback).split())
        elif q.kind == "matching":
            pairs = re.findall(r"(?<!\\)=(.*?) -> (.*?)(?= (?<!\\)=| ####|$)", answers)
            assert [unescape(b) for _, b in pairs] == [bank.modality_names[p.answer] for p in q.pairs]
            for pair in q.pairs:
                assert gift_escape(pair.feedback) in answers
        else:
            assert answers.startswith("####")


def test_gift_escapes_its_special_characters() -> None:
    assert gift_escape("a {b} = c ~ d # e: f \\ g") == r"a \{b\} \= c \~ d \# e\: f \\ g"


def test_moodle_xml_has_the_structure_moodle_imports(bank) -> None:
    text, _ = to_moodle_xml(bank)
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == "quiz"
    questions = [q for q in root.findall("question") if q.get("type") != "category"]
    assert len(questions) == len(bank.questions)
    expected_type = {"single": "multichoice", "scenario": "multichoice", "multiple": "multichoice", "true-false": "truefalse", "matching": "matching", "reflection": "essay"}
    for element in questions:
        q = bank.questions[element.findtext("name/text")]
        assert element.get("type") == expected_type[q.kind]
        assert element.find("questiontext").get("format") == "html" and element.findtext("questiontext/text")
        if q.kind in {"single", "scenario", "multiple", "true-false"}:
            answers = element.findall("answer")
            assert len(answers) == len(q.options)
            fractions = [float(a.get("fraction")) for a in answers]
            assert sum(f for f in fractions if f > 0) == pytest.approx(100, abs=0.01)
            for answer, option in zip(answers, shown(q, bank) if q.kind != "true-false" else q.options):
                assert answer.findtext("feedback/text") == paragraphs(option.feedback)
                assert (float(answer.get("fraction")) > 0) == option.correct
        if q.kind in {"single", "scenario"}:
            assert element.findtext("single") == "true"
        if q.kind in {"single", "scenario", "multiple", "matching"}:
            assert element.findtext("shuffleanswers") == "true", f"{q.id}: Moodle is not told to shuffle the answers"
        if q.kind == "matching":
            subs = element.findall("subquestion")
            named = [s for s in subs if s.findtext("text")]
            assert len(named) == len(q.pairs) and len(subs) >= 3, "Moodle needs two questions and three answers"
            general = html.unescape(element.findtext("generalfeedback/text"))
            for pair in q.pairs:
                assert plain(pair.feedback)[:30] in general, f"{q.id}: a pair's explanation is missing from the general feedback"


def test_qti_zip_holds_each_question_with_per_choice_feedback(exported, bank) -> None:
    out, reports = exported
    report = reports["QTI for Canvas"]
    assert {p.name for p in report.files} == {f"{topic}.zip" for topic in bank.sets}
    items_seen = []
    for path in report.files:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            assert "imsmanifest.xml" in names
            manifest = ET.fromstring(archive.read("imsmanifest.xml"))
            assert manifest.tag.endswith("manifest")
            assessment_xml = next(n for n in names if n.endswith(".xml") and "assessment_meta" not in n and n != "imsmanifest.xml")
            root = ET.fromstring(archive.read(assessment_xml))
            meta = ET.fromstring(archive.read(next(n for n in names if n.endswith("assessment_meta.xml"))))
            shuffle = [e.text for e in meta.iter() if e.tag.endswith("shuffle_answers")]
            assert shuffle == ["true"], f"{path.name}: Canvas is not told to shuffle the answers"
        ns = {"q": root.tag.split("}")[0].strip("{")}
        assert root.tag.endswith("questestinterop")
        for item in root.iterfind(".//q:item", ns):
            qid = item.get("title")
            items_seen.append(qid)
            q = bank.questions[qid]
            labels = item.findall(".//q:response_label", ns)
            feedback_ids = {f.get("ident") for f in item.findall("q:itemfeedback", ns)}
            if q.kind != "reflection":
                assert len(labels) == len(q.options)
                texts = [" ".join(m.itertext()) for m in item.iterfind(".//q:response_label//q:mattext", ns)]
                if q.kind in {"single", "scenario", "multiple"}:
                    # Written in the order the course shows them (the right answer's place carries no information).
                    written = [squash(t) for t in texts]
                    assert [squash(o.text)[:25] in w for o, w in zip(shown(q, bank), written)] == [True] * len(written), qid
                for label in labels:
                    assert f"{label.get('ident')}_fb" in feedback_ids, f"{qid}: a choice lost its feedback"
    assert sorted(items_seen) == sorted(report.written)


def test_qti_handles_scenarios_after_question_nine(tmp_path, bank) -> None:
    """text2qti reads a question's continuation lines by indentation, which grows at question 10."""
    from coursekit.export import ExportReport, to_text2qti
    from coursekit.quiz.bank import QuestionSet
    from text2qti.config import Config
    from text2qti.quiz import Quiz as Text2QtiQuiz

    scenario = next(q for q in bank.questions.values() if q.kind == "scenario")
    single = next(q for q in bank.questions.values() if q.kind == "single")
    fillers = [single.model_copy(update={"id": f"filler-{i}", "prompt": f"{single.prompt} ({i})"}) for i in range(11)]
    questions = tuple([*fillers, scenario])
    report = ExportReport("QTI for Canvas")
    source = to_text2qti(QuestionSet("long", "Long quiz", questions, "long.yml"), report)
    quiz = Text2QtiQuiz(source, config=Config())
    assert len([q for q in quiz.questions_and_delims if hasattr(q, "choices")]) == 12


def test_gift_asks_moodle_to_keep_shuffling(bank) -> None:
    """GIFT has no per-question shuffle flag; the file says how Moodle shuffles, and options come in the course's order."""
    text, _ = to_gift(bank)
    header = text.split("\n\n", 1)[0]
    assert header.startswith("//") and "Shuffle within questions" in header


def test_exports_write_options_in_the_course_order(bank) -> None:
    """The first option written is the right one no more often than on the site (at most 40% of one-answer questions)."""
    text, _ = to_moodle_xml(bank)
    root = ET.fromstring(text.encode("utf-8"))
    firsts = [float(e.find("answer").get("fraction")) > 0 for e in root.findall("question") if e.get("type") == "multichoice" and e.findtext("single") == "true"]
    assert firsts and sum(firsts) / len(firsts) <= 0.40
