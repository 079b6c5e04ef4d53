"""The live rendering of a quiz in Jupyter: ipywidgets, graded by :func:`coursekit.quiz.grading.grade`."""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from .bank import Question
from .core import Quiz, ShownQuestion
from .grading import Answer, Feedback, grade, matching_choices
from .text import inline, paragraphs, plain

ICONS = {"correct": "✓ ", "incorrect": "✗ ", "partial": "◐ ", "recorded": "✎ ", "unanswered": ""}


def feedback_html(question: Question, feedback: Feedback) -> str:
    """The same words the static site shows after checking an answer."""
    detail = f" {feedback.detail}" if feedback.detail else ""
    out = f'<p><span class="ck-verdict">{ICONS[feedback.verdict]}{feedback.headline}</span>{detail}</p>'
    if feedback.shown:
        out += "<ul>" + "".join(
            f"<li><strong>{'Right' if e.right else 'Not right'}:</strong> {inline(e.label)}. {inline(e.feedback)}</li>" for e in feedback.shown
        ) + "</ul>"
    if feedback.verdict == "recorded" and question.guidance:
        out += f"<div><p><strong>Points to think about:</strong></p>{paragraphs(question.guidance)}</div>"
    return out


class QuestionWidget:
    """Controls, buttons and feedback for one question."""

    def __init__(self, quiz: Quiz, shown: ShownQuestion, on_change: Any) -> None:
        self.question = q = shown.question
        self.shown = shown
        self.feedback: Feedback | None = None
        self._on_change = on_change
        header = w.HTML(f"<p><small>Question {shown.number} of {len(quiz.shown)}</small><br><strong>{inline(q.prompt)}</strong></p>")
        parts: list[Any] = [header]
        if q.scenario:
            parts.append(w.HTML(f'<div style="border-left:4px solid #1f4e9c;padding-left:.6em">{paragraphs(q.scenario)}</div>'))
        self.controls: list[Any] = []
        if q.kind in {"single", "true-false", "scenario"}:
            self.choice = w.RadioButtons(options=[(plain(q.options[i].text), i) for i in shown.option_order], value=None, layout=w.Layout(width="auto"))
            self.controls = [self.choice]
        elif q.kind == "multiple":
            self.boxes = {i: w.Checkbox(value=False, description=plain(q.options[i].text), indent=False, layout=w.Layout(width="auto")) for i in shown.option_order}
            self.controls = list(self.boxes.values())
        elif q.kind == "matching":
            entries = [("Choose…", "")] + matching_choices(q, quiz.modality_names)
            self.dropdowns = {i: w.Dropdown(options=entries, value="", layout=w.Layout(width="auto")) for i in range(len(q.pairs))}
            self.controls = [w.HBox([w.HTML(inline(p.text), layout=w.Layout(flex="1 1 60%")), self.dropdowns[i]]) for i, p in enumerate(q.pairs)]
        else:
            self.text = w.Textarea(placeholder="Your thoughts (kept only in this notebook)", layout=w.Layout(width="100%", height="6em"))
            self.controls = [self.text]
        parts += self.controls
        if q.hint:
            hint = w.Accordion(children=[w.HTML(paragraphs(q.hint))], titles=("Hint",))
            hint.selected_index = None
            parts.append(hint)
        self.check_button = w.Button(description="Save my thoughts" if q.kind == "reflection" else "Check answer", button_style="primary")
        self.retry_button = w.Button(description="Try again", layout=w.Layout(display="none"))
        self.output = w.HTML()
        self.check_button.on_click(lambda _: self.check())
        self.retry_button.on_click(lambda _: self.retry())
        parts += [w.HBox([self.check_button, self.retry_button]), self.output]
        self.box = w.VBox(parts, layout=w.Layout(border="1px solid #c8c8c8", padding="0.5em", margin="0 0 1em 0"))

    def answer(self) -> Answer:
        q = self.question
        if q.kind in {"single", "true-false", "scenario"}:
            return self.choice.value
        if q.kind == "multiple":
            return frozenset(i for i, box in self.boxes.items() if box.value)
        if q.kind == "matching":
            return {i: d.value for i, d in self.dropdowns.items() if d.value}
        return self.text.value

    def set_answer(self, answer: Answer) -> None:
        """Fill in an answer as a learner would (used by tests and by facilitators demonstrating)."""
        q = self.question
        if q.kind in {"single", "true-false", "scenario"}:
            self.choice.value = answer
        elif q.kind == "multiple":
            for i, box in self.boxes.items():
                box.value = i in (answer or set())
        elif q.kind == "matching":
            for i, dropdown in self.dropdowns.items():
                dropdown.value = (answer or {}).get(i, "")
        else:
            self.text.value = answer or ""

    def check(self) -> Feedback:
        self.feedback = grade(self.question, self.answer())
        self.output.value = f'<div role="status">{feedback_html(self.question, self.feedback)}</div>'
        self.retry_button.layout.display = "none" if self.feedback.verdict == "unanswered" or not self.question.graded else ""
        self._on_change()
        return self.feedback

    def retry(self) -> None:
        self.set_answer(None)
        self.feedback = None
        self.output.value = ""
        self.retry_button.layout.display = "none"
        self._on_change()


class QuizWidget:
    """The whole quiz: one widget per question and a running score."""

    def __init__(self, quiz: Quiz) -> None:
        self.quiz = quiz
        self.score_label = w.HTML()
        self.questions = [QuestionWidget(quiz, shown, self.update_score) for shown in quiz.shown]
        self.by_id = {qw.question.id: qw for qw in self.questions}
        title = w.HTML(f"<h4>{inline(quiz.title)}</h4>")
        self.box = w.VBox([title, *(qw.box for qw in self.questions), self.score_label])
        self.update_score()

    @property
    def score(self) -> tuple[float, int, int]:
        """(points, answered, scored questions)."""
        graded = [qw.feedback for qw in self.questions if qw.question.graded and qw.feedback and qw.feedback.verdict != "unanswered"]
        return round(sum(f.score for f in graded), 1), len(graded), self.quiz.graded_count

    def update_score(self) -> None:
        points, answered, total = self.score
        points_text = f"{points:g}"
        self.score_label.value = (
            f"<p><strong>Your score: {points_text} out of {total}</strong> ({answered} of {total} scored questions answered).</p>"
            if answered else f"<p>You have not answered any of the {total} scored questions yet.</p>"
        )
