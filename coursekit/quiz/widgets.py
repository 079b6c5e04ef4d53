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
    """The whole quiz: one widget per question, a running score, and "Practise the ones I missed".

    Once every scored question has an answer, the practise button shows only the questions that were
    not fully right, cleared for another try (the same as on the website); "Show all questions" brings
    the others back. Both are methods too, for facilitators and tests: :meth:`practise_missed`,
    :meth:`show_all`.
    """

    def __init__(self, quiz: Quiz) -> None:
        self.quiz = quiz
        self.score_label = w.HTML()
        self.status = w.HTML()
        self.practising: list[str] | None = None
        self.questions = [QuestionWidget(quiz, shown, self.update_score) for shown in quiz.shown]
        self.by_id = {qw.question.id: qw for qw in self.questions}
        self.practise_button = w.Button(description="Practise the ones I missed", button_style="primary", layout=w.Layout(width="auto", display="none"))
        self.show_all_button = w.Button(description="Show all questions", layout=w.Layout(width="auto", display="none"))
        self.practise_button.on_click(lambda _: self.practise_missed())
        self.show_all_button.on_click(lambda _: self.show_all())
        title = w.HTML(f"<h4>{inline(quiz.title)}</h4>")
        self.box = w.VBox([title, self.status, *(qw.box for qw in self.questions), self.score_label, w.HBox([self.practise_button, self.show_all_button])])
        self.update_score()

    @property
    def score(self) -> tuple[float, int, int]:
        """(points, answered, scored questions)."""
        graded = [qw.feedback for qw in self.questions if qw.question.graded and qw.feedback and qw.feedback.verdict != "unanswered"]
        return round(sum(f.score for f in graded), 1), len(graded), self.quiz.graded_count

    def _in_view(self) -> list[QuestionWidget]:
        ids = self.practising
        return [qw for qw in self.questions if qw.question.graded and (ids is None or qw.question.id in ids)]

    @property
    def missed(self) -> list[str]:
        """Ids of the scored questions in view that were answered and not fully right."""
        return [qw.question.id for qw in self._in_view() if qw.feedback and qw.feedback.verdict not in {"unanswered", "correct"}]

    @property
    def all_answered(self) -> bool:
        return all(qw.feedback and qw.feedback.verdict != "unanswered" for qw in self._in_view())

    @property
    def visible(self) -> list[str]:
        """Ids of the questions shown now."""
        return [qw.question.id for qw in self.questions if qw.box.layout.display != "none"]

    def practise_missed(self) -> list[str]:
        """Show only the missed questions, cleared for another try. Returns their ids (none: nothing changes)."""
        if not self.all_answered:
            self.status.value = "<p><strong>Answer every question first, then practise the ones you missed.</strong></p>"
            return []
        ids = self.missed
        if not ids:
            return []
        self.practising = ids
        for qw in self.questions:
            shown = qw.question.id in ids
            qw.box.layout.display = "" if shown else "none"
            if shown:
                qw.retry()
        count = "the question" if len(ids) == 1 else f"the {len(ids)} questions"
        self.status.value = f'<p role="status"><strong>Showing only {count} you missed, cleared so you can try again.</strong> The others are hidden until you choose <em>Show all questions</em>.</p>'
        self.update_score()
        return ids

    def show_all(self) -> None:
        self.practising = None
        for qw in self.questions:
            qw.box.layout.display = ""
        self.status.value = f'<p role="status">Showing all {len(self.questions)} questions.</p>'
        self.update_score()

    def update_score(self) -> None:
        points, answered, total = self.score
        points_text = f"{points:g}"
        self.score_label.value = (
            f"<p><strong>Your score: {points_text} out of {total}</strong> ({answered} of {total} scored questions answered).</p>"
            if answered else f"<p>You have not answered any of the {total} scored questions yet.</p>"
        )
        if not hasattr(self, "practise_button"):
            return  # still building the question widgets
        done = self.all_answered
        self.practise_button.layout.display = "" if done and self.missed else "none"
        self.show_all_button.layout.display = "" if self.practising is not None else "none"
        if self.practising is not None and done:
            wrong = len(self.missed)
            right = len(self.practising) - wrong
            self.status.value = (
                f'<p role="status"><strong>You answered them again: {right} of {len(self.practising)} right now.</strong> You can practise the rest, or show all questions.</p>'
                if wrong else f'<p role="status"><strong>Well done: you got all {len(self.practising)} right this time.</strong> Choose <em>Show all questions</em> to see the whole quiz.</p>'
            )
