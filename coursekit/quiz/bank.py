"""The question bank: ``data/questions/*.yml``, one file per chapter or topic, validated on load.

A file looks like::

    topic: landscape                 # the file's name without .yml
    title: Check your understanding
    questions:
      - id: landscape-who-leads      # stable: progress and LMS exports key on it
        kind: single                 # single | true-false | multiple | matching | scenario | reflection
        prompt: Who usually leads a mutual-aid group?
        hint: Think about who the members are.          # optional
        references: [samhsa2015core]                     # optional, keys in data/references.bib
        options:
          - text: A licensed therapist
            correct: false
            feedback: Why this is not the best answer.
          - text: Members themselves
            correct: true
            feedback: Why this is right.

``matching`` questions have ``pairs`` (``text``, ``answer`` = a modality id, ``feedback``) and may list
extra modality ids in ``choices``. ``scenario`` questions add a ``scenario`` vignette. ``reflection``
questions have a ``guidance`` text and no right answer.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from ..data import DEFAULT_DATA_DIR, REFERENCES_FILE, _Row, course_data, display_path, read_yaml, validate_row
from ..errors import CourseDataError

QUESTIONS_DIR = "questions"
QuestionId = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Kind = Literal["single", "true-false", "multiple", "matching", "scenario", "reflection"]
CHOICE_KINDS = {"single", "true-false", "multiple", "scenario"}


class Option(_Row):
    text: Text
    correct: bool
    feedback: Text


class Pair(_Row):
    text: Text
    answer: Text
    feedback: Text


class Question(_Row):
    id: QuestionId
    kind: Kind
    prompt: Text
    scenario: Text | None = None
    hint: Text | None = None
    references: list[Text] = Field(default_factory=list)
    options: list[Option] = Field(default_factory=list)
    pairs: list[Pair] = Field(default_factory=list)
    choices: list[Text] = Field(default_factory=list)
    guidance: Text | None = None

    @model_validator(mode="after")
    def _fits_its_kind(self) -> Question:
        kind = self.kind
        if kind in CHOICE_KINDS:
            if len(self.options) < 2:
                raise _FieldError("options", f"a {kind} question needs at least two options")
            correct = sum(option.correct for option in self.options)
            if correct == 0:
                raise _FieldError("options", "no option is marked correct: true")
            if kind != "multiple" and correct > 1:
                raise _FieldError("options", f"a {kind} question needs exactly one correct option, but {correct} are marked correct: true")
            if kind == "true-false" and [o.text for o in self.options] != ["True", "False"]:
                raise _FieldError("options", "a true-false question has exactly two options, 'True' then 'False'")
        elif self.options:
            raise _FieldError("options", f"a {kind} question has no options")
        if kind == "matching":
            if len(self.pairs) < 2:
                raise _FieldError("pairs", "a matching question needs at least two pairs")
        elif self.pairs or self.choices:
            raise _FieldError("pairs", f"only matching questions have pairs and choices, not {kind}")
        if kind == "scenario" and not self.scenario:
            raise _FieldError("scenario", "a scenario question needs a scenario (the short story learners read)")
        if kind != "scenario" and self.scenario:
            raise _FieldError("scenario", f"only scenario questions have a scenario, not {kind}")
        if kind == "reflection" and not self.guidance:
            raise _FieldError("guidance", "a reflection question needs guidance: points learners can compare their thoughts with")
        return self

    @property
    def graded(self) -> bool:
        return self.kind != "reflection"


class _FieldError(ValueError):
    """Raised inside a validator to name the field that is wrong."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(message)


class QuestionFile(_Row):
    topic: QuestionId
    title: Text
    questions: list[dict] = Field(min_length=1)


@dataclass(frozen=True)
class QuestionSet:
    topic: str
    title: str
    questions: tuple[Question, ...]
    file: str


@dataclass(frozen=True)
class QuestionBank:
    sets: dict[str, QuestionSet]
    modality_names: dict[str, str]

    @property
    def questions(self) -> dict[str, Question]:
        return {q.id: q for s in self.sets.values() for q in s.questions}

    @cached_property
    def option_orders(self) -> dict[str, tuple[int, ...]]:
        """The order every question's options are shown in, everywhere (see :mod:`coursekit.quiz.order`)."""
        from .order import option_orders

        return option_orders(self.questions.values())

    def file_of(self, question_id: str) -> str:
        """The question file that holds a question, as shown in messages."""
        for question_set in self.sets.values():
            if any(q.id == question_id for q in question_set.questions):
                return question_set.file
        raise KeyError(f"unknown question id: {question_id}")

    def topic(self, topic: str) -> QuestionSet:
        try:
            return self.sets[topic]
        except KeyError:
            raise KeyError(f"no question file for topic '{topic}'; known topics: {', '.join(sorted(self.sets))}") from None

    def by_ids(self, ids: Iterable[str]) -> list[Question]:
        everything = self.questions
        missing = [i for i in ids if i not in everything]
        if missing:
            raise KeyError(f"unknown question id(s): {', '.join(missing)}")
        return [everything[i] for i in ids]


def _validate_question(raw: object, *, file: str, index: int) -> Question:
    if not isinstance(raw, dict):
        raise CourseDataError(file, "each question must be a mapping with id, kind and prompt", item_id=f"question {index}")
    item_id = str(raw.get("id") or f"question {index}")
    try:
        return validate_row(Question, raw, file=file, row=None, item_id=item_id)
    except CourseDataError as error:
        cause = error.__cause__
        inner = getattr(cause, "errors", lambda: [])()
        ctx = inner[0].get("ctx", {}).get("error") if inner else None
        if isinstance(ctx, _FieldError):
            raise CourseDataError(file, str(ctx), item_id=item_id, field=ctx.field) from error
        raise


def load_question_file(path: Path, modality_names: dict[str, str], reference_keys: set[str]) -> QuestionSet:
    shown = display_path(path)
    raw = read_yaml(path)
    if not isinstance(raw, dict):
        raise CourseDataError(shown, "must be a mapping with topic, title and questions")
    header = validate_row(QuestionFile, raw, file=shown, row=None, item_id=str(raw.get("topic") or path.stem))
    if header.topic != path.stem:
        raise CourseDataError(shown, f"topic '{header.topic}' must match the file name '{path.stem}'", item_id=header.topic, field="topic")
    questions = []
    for index, item in enumerate(header.questions, start=1):
        question = _validate_question(item, file=shown, index=index)
        for key in question.references:
            if key not in reference_keys:
                raise CourseDataError(shown, f"reference key '{key}' is not in data/{REFERENCES_FILE}", item_id=question.id, field="references")
        for field, ids in (("pairs", [p.answer for p in question.pairs]), ("choices", question.choices)):
            for value in ids:
                if value not in modality_names:
                    raise CourseDataError(shown, f"unknown modality '{value}'; use an id from data/modalities.csv", item_id=question.id, field=field)
        questions.append(question)
    return QuestionSet(header.topic, header.title, tuple(questions), shown)


def load_question_bank(directory: str | Path | None = None) -> QuestionBank:
    """Every question file, validated against its schema, the modalities and the references."""
    directory = Path(directory) if directory is not None else DEFAULT_DATA_DIR
    data = course_data(directory)
    modality_names = {str(m.id): str(m.short_name) for m in data.modalities.itertuples()}
    files = sorted((directory / QUESTIONS_DIR).glob("*.yml"))
    if not files:
        raise CourseDataError(display_path(directory / QUESTIONS_DIR), "holds no question files (*.yml)")
    sets: dict[str, QuestionSet] = {}
    seen: dict[str, str] = {}
    for path in files:
        question_set = load_question_file(path, modality_names, set(data.references))
        for question in question_set.questions:
            if question.id in seen:
                raise CourseDataError(question_set.file, f"duplicate question id; it is already used in {seen[question.id]}", item_id=question.id, field="id")
            seen[question.id] = question_set.file
        sets[question_set.topic] = question_set
    return QuestionBank(sets, modality_names)
