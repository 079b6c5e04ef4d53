"""The question bank for learning management systems: Moodle GIFT, Moodle XML, and QTI for Canvas.

Each exporter keeps every option's explanation. What a format cannot express is reported by question
id, never dropped silently: for example, Canvas QTI made by text2qti has no matching questions, and
Moodle's matching questions have no per-pair feedback, so the pair explanations go into the general
feedback instead.

Options are written in the order the course shows them (:mod:`coursekit.quiz.order`, where the right
answer's place carries no information), and every format asks the LMS to shuffle them as well:
Moodle XML with ``<shuffleanswers>true</shuffleanswers>`` on multiple-choice and matching questions,
QTI with ``Shuffle answers: true`` (Canvas's quiz setting). GIFT has no such flag: Moodle applies its
site default, "Shuffle within questions", which is on unless an administrator turned it off; the
file's header says so. True/false questions keep "True" then "False" everywhere.

Every question carries its competency tags (``data/competency_map.yml``), so an organisation can
report results by competency: Moodle tags in both Moodle formats (GIFT's ``// [tag:...]`` comment,
XML's ``<tags>``), a ``competencies`` metadata field on each QTI item, and ``competencies.csv``
(question id, competency id, framework, competency) to join any LMS's item report on.
"""

from __future__ import annotations

import csv
import html
import re
import zipfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from .quiz.bank import Option, Question, QuestionBank, QuestionSet, load_question_bank
from .quiz.text import paragraphs, plain

# question id -> [(competency id, "Framework: category")], from coursekit.competencies.question_competencies
Tags = dict[str, list[tuple[str, str]]]


@dataclass
class ExportReport:
    """What one export wrote, and what it could not carry over exactly."""

    format: str
    files: list[Path] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)  # question id -> why
    adapted: dict[str, str] = field(default_factory=dict)  # question id -> what changed

    def summary(self) -> str:
        lines = [f"{self.format}: {len(self.written)} questions written to {', '.join(str(f) for f in self.files)}"]
        lines += [f"  skipped {qid}: {why}" for qid, why in self.skipped.items()]
        lines += [f"  adapted {qid}: {what}" for qid, what in self.adapted.items()]
        return "\n".join(lines)


def _full_prompt(question: Question) -> str:
    """Scenario questions carry their story in the question text."""
    return f"{question.scenario.strip()}\n\n{question.prompt}" if question.scenario else question.prompt


def _pair_feedback(question: Question, names: dict[str, str]) -> str:
    return " ".join(f"{plain(p.text)}: {names[p.answer]}. {plain(p.feedback)}" for p in question.pairs)


def _shown(question: Question, bank: QuestionBank) -> list[Option]:
    """The options in the order the course shows them."""
    return [question.options[i] for i in bank.option_orders.get(question.id, range(len(question.options)))]


def _fractions(question: Question, options: list[Option] | None = None) -> list[float]:
    """Moodle partial credit for 'choose all that apply': right options share 100%, wrong ones share -100%."""
    options = question.options if options is None else options
    right = sum(o.correct for o in options)
    wrong = len(options) - right
    return [100 / right if o.correct else (-100 / wrong if wrong else 0) for o in options]


# --- GIFT ----------------------------------------------------------------------------------------

_GIFT_SPECIAL = re.compile(r"([~=#{}:\\])")


def gift_escape(text: str) -> str:
    return _GIFT_SPECIAL.sub(r"\\\1", " ".join(plain(text).split()))


def to_gift(bank: QuestionBank, tags: Tags | None = None) -> tuple[str, ExportReport]:
    report = ExportReport("Moodle GIFT")
    blocks = [
        "// Question bank of the peer support modalities course. Import into Moodle: Question bank > Import > GIFT.\n"
        "// Shuffle answers: GIFT has no flag for it, so Moodle uses its quiz default, \"Shuffle within questions\", which is on\n"
        "// unless an administrator changed it. Keep it on in each quiz that uses these questions."
    ]
    for question_set in bank.sets.values():
        blocks.append(f"$CATEGORY: $course$/{question_set.title.replace('/', '-')}")
        for q in question_set.questions:
            head = f"::{q.id}::[markdown]{gift_escape(_full_prompt(q))}"
            if q.kind in {"single", "scenario"}:
                body = " ".join(f"{'=' if o.correct else '~'}{gift_escape(o.text)}#{gift_escape(o.feedback)}" for o in _shown(q, bank))
            elif q.kind == "true-false":
                true_option, false_option = q.options
                answer = "TRUE" if true_option.correct else "FALSE"
                chosen_wrong, chosen_right = (false_option, true_option) if true_option.correct else (true_option, false_option)
                body = f"{answer}#{gift_escape(chosen_wrong.feedback)}#{gift_escape(chosen_right.feedback)}"
            elif q.kind == "multiple":
                options = _shown(q, bank)
                body = " ".join(f"~%{fraction:.5f}%{gift_escape(o.text)}#{gift_escape(o.feedback)}" for o, fraction in zip(options, _fractions(q, options)))
            elif q.kind == "matching":
                body = " ".join(f"={gift_escape(p.text)} -> {gift_escape(bank.modality_names[p.answer])}" for p in q.pairs)
                body += f" ####{gift_escape(_pair_feedback(q, bank.modality_names))}"
                report.adapted[q.id] = "GIFT matching has no per-pair feedback; the pair explanations are in the general feedback"
            else:
                body = f"####{gift_escape(q.guidance or '')}"
                report.adapted[q.id] = "exported as an essay question with the guidance as general feedback; it is not graded"
            # Moodle reads "[id:...]" and "[tag:...]" from the comment just before a question.
            labels = " ".join(f"[tag:{tag}]" for tag, _ in (tags or {}).get(q.id, []))
            comment = f"// [id:{q.id}] {labels}".rstrip()
            blocks.append(f"{comment}\n{head} {{{body}}}")
            report.written.append(q.id)
    return "\n\n".join(blocks) + "\n", report


# --- Moodle XML ----------------------------------------------------------------------------------

def _text(parent: ET.Element, tag: str, value: str, fmt: str | None = "html") -> ET.Element:
    element = ET.SubElement(parent, tag, {"format": fmt} if fmt else {})
    ET.SubElement(element, "text").text = value
    return element


def _moodle_question(q: Question, names: dict[str, str], options: list[Option] | None = None, tags: list[tuple[str, str]] | None = None) -> tuple[ET.Element, str | None]:
    kinds = {"single": "multichoice", "scenario": "multichoice", "multiple": "multichoice", "true-false": "truefalse", "matching": "matching", "reflection": "essay"}
    element = ET.Element("question", {"type": kinds[q.kind]})
    ET.SubElement(ET.SubElement(element, "name"), "text").text = q.id
    _text(element, "questiontext", (paragraphs(q.scenario) if q.scenario else "") + paragraphs(q.prompt))
    note = None
    if q.kind in {"single", "scenario", "multiple"}:
        ET.SubElement(element, "single").text = "false" if q.kind == "multiple" else "true"
        ET.SubElement(element, "shuffleanswers").text = "true"
        ET.SubElement(element, "answernumbering").text = "abc"
        options = q.options if options is None else options
        fractions = _fractions(q, options) if q.kind == "multiple" else [100.0 if o.correct else 0.0 for o in options]
        for option, fraction in zip(options, fractions):
            answer = _text(element, "answer", paragraphs(option.text))
            answer.set("fraction", f"{fraction:.5f}".rstrip("0").rstrip("."))
            _text(answer, "feedback", paragraphs(option.feedback))
    elif q.kind == "true-false":
        for option in q.options:
            answer = _text(element, "answer", option.text.lower(), fmt="moodle_auto_format")
            answer.set("fraction", "100" if option.correct else "0")
            _text(answer, "feedback", paragraphs(option.feedback))
    elif q.kind == "matching":
        ET.SubElement(element, "shuffleanswers").text = "true"
        for pair in q.pairs:
            sub = _text(element, "subquestion", paragraphs(pair.text))
            ET.SubElement(ET.SubElement(sub, "answer"), "text").text = names[pair.answer]
        # Moodle's distractors are subquestions with an empty text and an answer.
        for extra in dict.fromkeys(c for c in q.choices if c not in {p.answer for p in q.pairs}):
            sub = _text(element, "subquestion", "")
            ET.SubElement(ET.SubElement(sub, "answer"), "text").text = names[extra]
        _text(element, "generalfeedback", "".join(f"<p><strong>{html.escape(plain(p.text))}</strong>: {html.escape(names[p.answer])}. {html.escape(plain(p.feedback))}</p>" for p in q.pairs))
        note = "Moodle matching has no per-pair feedback; the pair explanations are in the general feedback"
    else:
        ET.SubElement(element, "responseformat").text = "editor"
        ET.SubElement(element, "responsefieldlines").text = "8"
        _text(element, "graderinfo", paragraphs(q.guidance or ""))
        _text(element, "generalfeedback", paragraphs(q.guidance or ""))
        note = "exported as an essay question with the guidance as general feedback; it is not graded"
    if q.hint:
        _text(element, "hint", paragraphs(q.hint))
    ET.SubElement(element, "defaultgrade").text = "0" if q.kind == "reflection" else "1"
    ET.SubElement(element, "idnumber").text = q.id
    if tags:
        tag_list = ET.SubElement(element, "tags")
        for tag, _ in tags:
            ET.SubElement(ET.SubElement(tag_list, "tag"), "text").text = tag
    return element, note


def to_moodle_xml(bank: QuestionBank, tags: Tags | None = None) -> tuple[str, ExportReport]:
    report = ExportReport("Moodle XML")
    root = ET.Element("quiz")
    for question_set in bank.sets.values():
        category = ET.SubElement(root, "question", {"type": "category"})
        _text(category, "category", f"$course$/{question_set.title}", fmt=None)
        for q in question_set.questions:
            element, note = _moodle_question(q, bank.modality_names, _shown(q, bank), (tags or {}).get(q.id))
            root.append(element)
            report.written.append(q.id)
            if note:
                report.adapted[q.id] = note
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n", report


# --- QTI for Canvas (text2qti) -------------------------------------------------------------------

def _md(text: str) -> str:
    """text2qti reads Markdown: keep our **bold**/*italic*, escape anything that could become HTML."""
    return " ".join(html.escape(text, quote=False).split())


def to_text2qti(question_set: QuestionSet, report: ExportReport, orders: dict[str, tuple[int, ...]] | None = None) -> str:
    orders = orders or {}
    lines = [f"Quiz title: {_md(question_set.title)}", "Quiz description: From the peer support modalities course.", "Shuffle answers: true", ""]
    number = 0
    for q in question_set.questions:
        if q.kind == "matching":
            report.skipped[q.id] = "text2qti (Canvas QTI) has no matching questions; import it from the Moodle XML or add it in Canvas by hand"
            continue
        number += 1
        lines.append(f"Title: {q.id}")
        # text2qti continues a question on lines indented to where its text starts ("10.  " is 5 wide).
        start = f"{number}.  "
        indent = " " * len(start)
        prompt = (_md(q.scenario) + f"\n{indent}\n{indent}" if q.scenario else "") + _md(q.prompt)
        lines.append(f"{start}{prompt}")
        options = [q.options[i] for i in orders.get(q.id, range(len(q.options)))]
        if q.kind == "multiple":
            for option in options:
                lines.append(f"{'[*]' if option.correct else '[ ]'} {_md(option.text)}")
                lines.append(f"... {_md(option.feedback)}")
        elif q.kind == "reflection":
            lines.append(f"... {_md(q.guidance or '')}")
            lines.append("____")
            report.adapted[q.id] = "exported as an essay question (text2qti cannot make it worth 0 points: set that in Canvas), with the guidance as feedback"
        else:
            for letter, option in zip("abcdefghij", options):
                lines.append(f"{'*' if option.correct else ''}{letter}) {_md(option.text)}")
                lines.append(f"... {_md(option.feedback)}")
        lines.append("")
        report.written.append(q.id)
    return "\n".join(lines)


def _add_qti_metadata(zip_path: Path, tags: Tags) -> None:
    """Add a ``competencies`` field to each item's QTI metadata (text2qti has no way to write one).

    Items are matched by title, which is the question id. QTI 1.2 allows any label in
    ``qtimetadatafield``; an LMS that does not use it keeps or ignores it.
    """
    with zipfile.ZipFile(zip_path) as source:
        entries = [(info, source.read(info)) for info in source.infolist()]
    rewritten = []
    for info, data in entries:
        if info.filename.endswith(".xml") and b"<assessment " in data:
            namespace = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
            ET.register_namespace("", namespace)
            root = ET.fromstring(data)
            for item in root.iter(f"{{{namespace}}}item"):
                item_tags = tags.get(item.get("title", ""))
                metadata = item.find(f"{{{namespace}}}itemmetadata/{{{namespace}}}qtimetadata")
                if not item_tags or metadata is None:
                    continue
                entry = ET.SubElement(metadata, f"{{{namespace}}}qtimetadatafield")
                ET.SubElement(entry, f"{{{namespace}}}fieldlabel").text = "competencies"
                ET.SubElement(entry, f"{{{namespace}}}fieldentry").text = " ".join(tag for tag, _ in item_tags)
            data = b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8", xml_declaration=False)
        rewritten.append((info, data))
    with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in rewritten:
            target.writestr(info, data)


def to_competency_csv(bank: QuestionBank, tags: Tags, path: Path) -> ExportReport:
    """One row per question and competency, to join an LMS's per-question report on."""
    report = ExportReport("Competency tags (CSV)", files=[path])
    topic_of = {q.id: s.topic for s in bank.sets.values() for q in s.questions}
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["question_id", "topic", "competency_id", "competency"])
        for qid in bank.questions:
            for tag, name in tags.get(qid, []):
                writer.writerow([qid, topic_of[qid], tag, name])
            report.written.append(qid)
    return report


def to_qti(bank: QuestionBank, directory: Path, tags: Tags | None = None) -> ExportReport:
    """One QTI zip per topic (Canvas imports a zip as one quiz), made by text2qti."""
    from text2qti.config import Config
    from text2qti.qti import QTI
    from text2qti.quiz import Quiz as Text2QtiQuiz

    report = ExportReport("QTI for Canvas")
    directory.mkdir(parents=True, exist_ok=True)
    for question_set in bank.sets.values():
        source = to_text2qti(question_set, report, bank.option_orders)
        text_path = directory / f"{question_set.topic}.txt"
        text_path.write_text(source, encoding="utf-8")
        quiz = Text2QtiQuiz(source, config=Config(), source_name=str(text_path))
        zip_path = directory / f"{question_set.topic}.zip"
        QTI(quiz).save(zip_path)
        if tags:
            _add_qti_metadata(zip_path, tags)
        report.files.append(zip_path)
    return report


def export_all(directory: str | Path, bank: QuestionBank | None = None, tags: Tags | None = None) -> list[ExportReport]:
    """Write every format into ``directory`` and return what was written and what was not.

    ``tags`` defaults to the course's competency map, checked against ``bank``.
    """
    from .competencies import load_competency_map, question_competencies

    bank = bank or load_question_bank()
    if tags is None:
        tags = question_competencies(load_competency_map(bank=bank))
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    reports = []
    gift, report = to_gift(bank, tags)
    (directory / "questions.gift.txt").write_text(gift, encoding="utf-8")
    report.files.append(directory / "questions.gift.txt")
    reports.append(report)
    xml, report = to_moodle_xml(bank, tags)
    (directory / "questions.moodle.xml").write_text(xml, encoding="utf-8")
    report.files.append(directory / "questions.moodle.xml")
    reports.append(report)
    reports.append(to_qti(bank, directory / "qti", tags))
    reports.append(to_competency_csv(bank, tags, directory / "competencies.csv"))
    return reports
