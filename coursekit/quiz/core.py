"""The quiz object that chapters and notebooks show with one call: ``ck.quiz("landscape")``."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..display import LiveOrStatic
from .bank import Question, QuestionBank, load_question_bank
from .grading import Answer, Feedback, grade
from .order import option_orders, ordered


@dataclass(frozen=True)
class ShownQuestion:
    """A question as this quiz shows it: its number and the order of its options (see :mod:`.order`)."""

    question: Question
    number: int
    option_order: tuple[int, ...]


class Quiz(LiveOrStatic):
    """A set of questions with both renderings and a plain-Python grader.

    Options are always shown in the bank's fixed, balanced order (``orders``, normally
    ``bank.option_orders``), so the page, the live widgets, the answer keys and the exports agree.
    ``shuffle=True`` with a ``seed`` changes the order of the *questions* only.
    """

    def __init__(
        self,
        quiz_id: str,
        title: str,
        questions: Sequence[Question],
        modality_names: dict[str, str],
        *,
        shuffle: bool = False,
        seed: int | None = None,
        orders: Mapping[str, tuple[int, ...]] | None = None,
    ) -> None:
        if not questions:
            raise ValueError("a quiz needs at least one question")
        self.quiz_id = quiz_id
        self.title = title
        self.modality_names = modality_names
        order = list(questions)
        if shuffle:
            random.Random(seed).shuffle(order)
        plan = orders if orders is not None else option_orders(order)
        self.shown: tuple[ShownQuestion, ...] = tuple(
            ShownQuestion(question, number, ordered(question, plan)) for number, question in enumerate(order, start=1)
        )
        self._widget: Any = None

    @property
    def questions(self) -> list[Question]:
        return [s.question for s in self.shown]

    @property
    def graded_count(self) -> int:
        return sum(q.graded for q in self.questions)

    def question(self, question_id: str) -> Question:
        for shown in self.shown:
            if shown.question.id == question_id:
                return shown.question
        raise KeyError(f"question '{question_id}' is not in quiz '{self.quiz_id}'")

    def grade(self, question_id: str, answer: Answer) -> Feedback:
        """Grade one answer by question id (see :mod:`coursekit.quiz.grading` for answer shapes)."""
        return grade(self.question(question_id), answer)

    def static_html(self) -> str:
        from .html import render_quiz

        return render_quiz(self)

    def widget(self) -> Any:
        if self._widget is None:
            from .widgets import QuizWidget

            self._widget = QuizWidget(self)
        return self._widget.box

    @property
    def live(self) -> Any:
        """The live widget controller (for driving it from code and tests)."""
        self.widget()
        return self._widget

    def __repr__(self) -> str:
        return f"Quiz({self.quiz_id!r}, {len(self.shown)} questions)"


def quiz(topic: str | None = None, *, ids: Sequence[str] | None = None, title: str | None = None, shuffle: bool = False, seed: int | None = None, bank: QuestionBank | None = None) -> Quiz:
    """A quiz of one topic's questions (``data/questions/<topic>.yml``) or of chosen question ids.

    ``shuffle=True`` with a ``seed`` puts the questions in another fixed order (for a second round in
    a workshop); the options of each question always keep the course's order.
    """
    bank = bank or load_question_bank()
    if (topic is None) == (ids is None):
        raise TypeError("give either a topic or a list of question ids")
    if topic is not None:
        question_set = bank.topic(topic)
        return Quiz(topic, title or question_set.title, question_set.questions, bank.modality_names, shuffle=shuffle, seed=seed, orders=bank.option_orders)
    assert ids is not None
    questions = bank.by_ids(ids)
    quiz_id = "custom-" + "-".join(q.id for q in questions)[:60]
    return Quiz(quiz_id, title or "Check your understanding", questions, bank.modality_names, shuffle=shuffle, seed=seed, orders=bank.option_orders)
