"""Grading: pure functions from (question, answer) to feedback. Both renderings and the tests use them.

Answers are given by position in the question file, whatever order the options were shown in:
- ``single``, ``true-false``, ``scenario``: the index of the chosen option (``int``);
- ``multiple``: the set of chosen option indexes;
- ``matching``: a mapping of pair index to the chosen modality id;
- ``reflection``: the learner's text (kept, never graded).
"""

from __future__ import annotations

from collections.abc import Mapping, Set
from dataclasses import dataclass, field
from typing import Literal, Union

from .bank import Question

Answer = Union[int, Set[int], Mapping[int, str], str, None]
Verdict = Literal["correct", "partial", "incorrect", "unanswered", "recorded"]

VERDICT_WORDS: dict[str, str] = {
    "correct": "Correct.",
    "partial": "Partly right.",
    "incorrect": "Not quite.",
    "unanswered": "Choose an answer first.",
    "recorded": "Thank you. Your thoughts are saved on this device only.",
}


@dataclass(frozen=True)
class Explanation:
    """Why one option (or one pair) is right or wrong, and whether the learner got it right."""

    label: str
    feedback: str
    right: bool
    chosen: bool


@dataclass(frozen=True)
class Feedback:
    question_id: str
    kind: str
    verdict: Verdict
    score: float
    explanations: tuple[Explanation, ...] = field(default_factory=tuple)
    guidance: str | None = None

    @property
    def headline(self) -> str:
        return VERDICT_WORDS[self.verdict]

    @property
    def shown(self) -> tuple[Explanation, ...]:
        """What the learner sees after checking: the explanation of each option they chose (or pair
        they answered). The rest stays hidden so that trying again is still worth it."""
        return tuple(e for e in self.explanations if e.chosen)

    @property
    def detail(self) -> str:
        """The sentence under the verdict: how many parts were right, for questions graded in parts."""
        if self.kind in {"multiple", "matching"} and self.verdict in {"partial", "incorrect"}:
            right = sum(e.right for e in self.explanations)
            return f"{right} of {len(self.explanations)} right."
        return ""


def _unanswered(question: Question) -> Feedback:
    return Feedback(question.id, question.kind, "unanswered", 0.0)


def grade(question: Question, answer: Answer) -> Feedback:
    """Grade one answer. Raises ``ValueError`` for an answer that cannot belong to this question."""
    kind = question.kind
    if kind == "reflection":
        if not isinstance(answer, str) or not answer.strip():
            return _unanswered(question)
        return Feedback(question.id, question.kind, "recorded", 0.0, guidance=question.guidance)

    if kind in {"single", "true-false", "scenario"}:
        if answer is None:
            return _unanswered(question)
        if isinstance(answer, bool) or not isinstance(answer, int) or not 0 <= answer < len(question.options):
            raise ValueError(f"{question.id}: answer must be an option index from 0 to {len(question.options) - 1}, got {answer!r}")
        option = question.options[answer]
        verdict: Verdict = "correct" if option.correct else "incorrect"
        explanations = tuple(Explanation(o.text, o.feedback, o.correct, i == answer) for i, o in enumerate(question.options))
        return Feedback(question.id, question.kind, verdict, 1.0 if option.correct else 0.0, explanations)

    if kind == "multiple":
        if answer is None:
            answer = frozenset()
        if isinstance(answer, (str, int, Mapping)) or not all(isinstance(i, int) and 0 <= i < len(question.options) for i in answer):
            raise ValueError(f"{question.id}: answer must be a set of option indexes, got {answer!r}")
        chosen = set(answer)
        if not chosen:
            return _unanswered(question)
        # Graded per option: each option is right when it is chosen exactly when it is correct.
        explanations = tuple(Explanation(o.text, o.feedback, (i in chosen) == o.correct, i in chosen) for i, o in enumerate(question.options))
        return _from_parts(question, explanations)

    if kind == "matching":
        if answer is None:
            answer = {}
        if not isinstance(answer, Mapping) or not all(isinstance(i, int) and 0 <= i < len(question.pairs) for i in answer):
            raise ValueError(f"{question.id}: answer must map pair indexes to modality ids, got {answer!r}")
        if not any(answer.values()):
            return _unanswered(question)
        explanations = tuple(Explanation(p.text, p.feedback, answer.get(i) == p.answer, bool(answer.get(i))) for i, p in enumerate(question.pairs))
        return _from_parts(question, explanations)

    raise ValueError(f"{question.id}: unknown question kind {kind!r}")  # pragma: no cover - the schema prevents it


def _from_parts(question: Question, explanations: tuple[Explanation, ...]) -> Feedback:
    right = sum(e.right for e in explanations)
    score = right / len(explanations)
    verdict: Verdict = "correct" if right == len(explanations) else ("partial" if right else "incorrect")
    return Feedback(question.id, question.kind, verdict, score, explanations)


def matching_choices(question: Question, modality_names: Mapping[str, str]) -> list[tuple[str, str]]:
    """The dropdown entries for a matching question: every answer and distractor, by name."""
    ids = list(dict.fromkeys([*(p.answer for p in question.pairs), *question.choices]))
    return sorted(((modality_names[i], i) for i in ids), key=lambda pair: pair[0].lower())
