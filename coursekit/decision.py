"""The "Which support fits?" practice tool: rules in ``data/decision_aid.yml``, decided by pure Python.

Any safety answer with a ``risk`` returns that risk's guidance from ``data/safety.yml`` and nothing
else, whatever else was answered; several risks are shown most urgent first. The static page does
not re-implement the rules: Python precomputes, for each answer, the kinds of support it points to
and the ones each preference allows, and the order of the risks; the page script only combines
those sets (union of wants, intersection with preferences), as :func:`decide` does.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, model_validator

from .data import DEFAULT_DATA_DIR, CourseData, Text, _Row, course_data, display_path, read_yaml, validate_row
from .display import LiveOrStatic
from .errors import CourseDataError
from .quiz.text import inline
from .safety import URGENCY_ORDER, RiskGuide, RiskSummary, Safety, emergency_sentence, load_safety, safety

DECISION_FILE = "decision_aid.yml"
REQUIRED_QUESTIONS = ("safety", "wants", "format", "cost")


class AidOption(_Row):
    id: Text
    label: Text
    risk: Text | None = None  # an id of data/safety.yml's risks: this answer leads to its guidance
    formats: list[Text] = Field(default_factory=list)
    cost_bands: list[Text] = Field(default_factory=list)

    @property
    def crisis(self) -> bool:
        return self.risk is not None


class AidQuestion(_Row):
    id: Text
    prompt: Text
    kind: Literal["single", "multiple"]
    options: list[AidOption] = Field(min_length=2)


class Suggestion(_Row):
    modalities: list[Text] = Field(min_length=1)
    why: Text
    say: Text


class CrisisGuidance(_Row):
    title: Text
    intro: Text
    link_text: Text


class AidRules(_Row):
    caveat: Text
    questions: list[AidQuestion]
    suggestions: dict[str, Suggestion]
    next_steps: list[Text] = Field(min_length=1)
    no_match: Text
    crisis: CrisisGuidance

    @model_validator(mode="after")
    def _complete(self) -> AidRules:
        ids = [q.id for q in self.questions]
        if ids != list(REQUIRED_QUESTIONS):
            raise ValueError(f"questions must be, in order: {', '.join(REQUIRED_QUESTIONS)}; got {', '.join(ids)}")
        return self

    def question(self, question_id: str) -> AidQuestion:
        return next(q for q in self.questions if q.id == question_id)

    @property
    def crisis_options(self) -> list[tuple[str, str]]:
        """(question id, option id) of every answer that must lead to the crisis guidance."""
        return [(q.id, o.id) for q in self.questions for o in q.options if o.crisis]


def load_decision_rules(directory: str | Path | None = None, data: CourseData | None = None) -> AidRules:
    directory = Path(directory) if directory is not None else DEFAULT_DATA_DIR
    data = data or course_data(directory)
    path = directory / DECISION_FILE
    shown = display_path(path)
    raw = read_yaml(path)
    if not isinstance(raw, dict):
        raise CourseDataError(shown, "must be a mapping with caveat, questions, suggestions, next_steps, no_match and crisis")
    rules = validate_row(AidRules, raw, file=shown, row=None, item_id=None)
    want_ids = {o.id for o in rules.question("wants").options}
    for want in want_ids - set(rules.suggestions):
        raise CourseDataError(shown, f"the 'wants' option '{want}' has no entry under suggestions", item_id=want, field="suggestions")
    for want, suggestion in rules.suggestions.items():
        if want not in want_ids:
            raise CourseDataError(shown, f"'{want}' is not an option of the 'wants' question", item_id=want, field="suggestions")
        for modality in suggestion.modalities:
            if modality not in data.modalities.index:
                raise CourseDataError(shown, f"unknown modality '{modality}'; use an id from data/modalities.csv", item_id=want, field="suggestions.modalities")
    if not any(o.crisis for o in rules.question("safety").options):
        raise CourseDataError(shown, "the safety question needs at least one option with a risk", item_id="safety", field="options")
    risk_ids = {r.id for r in load_safety(directory).rules.risks}
    for question in rules.questions:
        for option in question.options:
            if option.risk is not None and (question.id != "safety" or option.risk not in risk_ids):
                where = f"unknown risk '{option.risk}'; use an id from data/safety.yml: {', '.join(sorted(risk_ids))}" if question.id == "safety" else "only options of the safety question can have a risk"
                raise CourseDataError(shown, where, item_id=f"{question.id}:{option.id}", field="risk")
    return rules


INCOMPLETE = "Choose at least one thing the person is looking for."
SAFETY_FIRST = "Start with safety: answer the first question before anything else."
Answers = Mapping[str, Any]  # {"safety": "no-risk", "wants": ["information"], "format": "any", "cost": "any"}


@dataclass(frozen=True)
class Fit:
    modality: str
    name: str
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Decision:
    kind: Literal["crisis", "suggestions", "incomplete"]
    fits: tuple[Fit, ...] = ()
    say: tuple[str, ...] = ()
    message: str = ""
    crisis_triggers: tuple[str, ...] = field(default_factory=tuple)
    risks: tuple[str, ...] = ()  # ids of data/safety.yml's risks, most urgent first


def _chosen(rules: AidRules, answers: Answers) -> list[tuple[AidQuestion, AidOption]]:
    chosen = []
    for question in rules.questions:
        value = answers.get(question.id)
        values = value if isinstance(value, (list, tuple, set, frozenset)) else ([value] if value else [])
        known = {o.id: o for o in question.options}
        for item in values:
            if item not in known:
                raise ValueError(f"'{item}' is not an option of question '{question.id}'")
            chosen.append((question, known[item]))
    return chosen


def allowed_by(option: AidOption, data: CourseData) -> set[str]:
    """The modalities a preference leaves in (all of them when it sets no limit)."""
    allowed = set(data.modalities.index)
    if option.formats:
        allowed = {m for m in allowed if set(option.formats) & set(data.modalities.at[m, "formats"])}
    if option.cost_bands:
        allowed = {m for m in allowed if data.modalities.at[m, "cost_band"] in option.cost_bands}
    return allowed


def decide(answers: Answers, rules: AidRules | None = None, data: CourseData | None = None) -> Decision:
    """What fits, why, and what to say; or the crisis guidance if any answer signals risk."""
    data = data or course_data()
    rules = rules or load_decision_rules(data=data)
    chosen = _chosen(rules, answers)
    triggers = tuple(f"{q.id}:{o.id}" for q, o in chosen if o.crisis)
    if triggers:
        chosen_risks = {o.risk for q, o in chosen if o.risk}
        return Decision("crisis", message=rules.crisis.intro, crisis_triggers=triggers, risks=tuple(r for r in risk_order(safety()) if r in chosen_risks))
    if not any(q.id == "safety" for q, _ in chosen):
        return Decision("incomplete", message=SAFETY_FIRST)
    wants = [o.id for q, o in chosen if q.id == "wants"]
    if not wants:
        return Decision("incomplete", message=INCOMPLETE)
    allowed = set(data.modalities.index)
    for question, option in chosen:
        if question.id in {"format", "cost"}:
            allowed &= allowed_by(option, data)
    order = list(data.modalities.index)
    reasons: dict[str, list[str]] = {}
    for want in wants:
        for modality in rules.suggestions[want].modalities:
            if modality in allowed:
                reasons.setdefault(modality, []).append(rules.suggestions[want].why)
    fits = tuple(Fit(m, str(data.modalities.at[m, "name"]), tuple(dict.fromkeys(reasons[m]))) for m in sorted(reasons, key=order.index))
    say = tuple(rules.suggestions[w].say for w in wants)
    if not fits:
        return Decision("suggestions", (), say, rules.no_match)
    return Decision("suggestions", fits, say)


def risk_order(data: Safety) -> list[str]:
    """Risk ids, most urgent first (then in the order of data/safety.yml): the order guidance is shown in."""
    return [r.id for r in sorted(data.rules.risks, key=lambda r: URGENCY_ORDER[r.urgency])]


# --- renderings ----------------------------------------------------------------------------------

def aid_payload(rules: AidRules, data: CourseData) -> dict[str, Any]:
    """Everything the page script needs, already computed by the rules above and already escaped."""
    return {
        "crisis": sorted(f"{q}:{o}" for q, o in rules.crisis_options),
        # Risk guidance is shown most urgent first: the script keeps this order and drops what was not chosen.
        "risks": [[f"safety:{o.id}", o.risk] for r in risk_order(safety()) for o in rules.question("safety").options if o.risk == r],
        "wants": {w: {"modalities": [m for m in data.modalities.index if m in s.modalities], "why": inline(s.why), "say": inline(s.say)} for w, s in rules.suggestions.items()},
        "allowed": {f"{q.id}:{o.id}": sorted(allowed_by(o, data)) for q in rules.questions if q.id in {"format", "cost"} for o in q.options},
        "order": list(data.modalities.index),
        "names": {m: html.escape(str(data.modalities.at[m, "name"])) for m in data.modalities.index},
        "next": [inline(s) for s in rules.next_steps],
        "noMatch": inline(rules.no_match),
        "incomplete": inline(INCOMPLETE),
        "safetyFirst": inline(SAFETY_FIRST),
    }


class DecisionAid(LiveOrStatic):
    def __init__(self, rules: AidRules | None = None, data: CourseData | None = None, *, crisis_href: str = "crisis-support.html") -> None:
        self.data = data or course_data()
        self.rules = rules or load_decision_rules(data=self.data)
        self.crisis_href = crisis_href
        self._widget: Any = None

    def _crisis_html(self, risks: tuple[str, ...] | None = None, role: str = "alert", heading_level: int = 3) -> str:
        """The crisis block: the tool's intro, then each chosen risk's guidance from data/safety.yml."""
        c = self.rules.crisis
        guide = RiskGuide(safety(), risks, heading_level=heading_level, crisis_href=self.crisis_href, id_prefix="aid-risk")
        return (
            f'<div class="ck-aid-crisis" role="{role}"><p class="ck-aid-crisis-title"><strong>{inline(c.title)}</strong></p>'
            f"<p>{inline(c.intro)}</p>"
            f'<p class="ck-emergency"><strong>If anyone is in immediate danger, call the emergency number now:</strong> {emergency_sentence(safety())}.</p>'
            f"{guide._repr_html_()}"
            f'<p><a href="{html.escape(self.crisis_href)}">{inline(c.link_text)}</a></p></div>'
        )

    def _rules_html(self) -> str:
        """The rules in words, for readers without JavaScript (and for facilitators)."""
        wants = {o.id: o.label for o in self.rules.question("wants").options}
        items = "".join(
            f"<dt>{inline(wants[w])}</dt><dd>{inline(s.why)} May fit: "
            + ", ".join(html.escape(str(self.data.modalities.at[m, "name"])) for m in self.data.modalities.index if m in s.modalities)
            + f". You might say: {inline(s.say)}</dd>"
            for w, s in self.rules.suggestions.items()
        )
        return f"<dl>{items}</dl><p>Preferences about format and cost narrow these down.</p>"

    def result_html(self, decision: Decision) -> str:
        if decision.kind == "crisis":
            return self._crisis_html(decision.risks)
        if decision.kind == "incomplete":
            return f"<p>{inline(decision.message)}</p>"
        parts = []
        if decision.fits:
            items = "".join(f"<li><strong>{html.escape(f.name)}</strong>: {' '.join(inline(r) for r in f.reasons)}</li>" for f in decision.fits)
            parts.append(f"<p><strong>Options that may fit</strong> (for the person to choose from):</p><ul>{items}</ul>")
        else:
            parts.append(f"<p>{inline(decision.message)}</p>")
        parts.append("<p><strong>What you might say</strong></p>" + "".join(f"<blockquote><p>{inline(s)}</p></blockquote>" for s in decision.say))
        parts.append("<p><strong>Next steps</strong></p><ul>" + "".join(f"<li>{inline(s)}</li>" for s in self.rules.next_steps) + "</ul>")
        return "".join(parts)

    def static_html(self) -> str:
        fieldsets = []
        for q in self.rules.questions:
            input_type = "checkbox" if q.kind == "multiple" else "radio"
            items = "".join(
                f'<li><label for="ck-aid-{q.id}-{o.id}"><input type="{input_type}" id="ck-aid-{q.id}-{o.id}" name="ck-aid-{q.id}" value="{html.escape(o.id)}"'
                f'{" data-crisis" if o.crisis else ""}{" checked" if q.kind == "single" and o.id == "any" else ""}>'
                f"<span>{inline(o.label)}</span></label></li>"
                for o in q.options
            )
            fieldsets.append(f'<fieldset class="ck-question" data-aid="{q.id}"><legend>{inline(q.prompt)}</legend><ul class="ck-options">{items}</ul></fieldset>')
        payload = json.dumps(aid_payload(self.rules, self.data), ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
        return (
            '<section class="ck-aid ck-quiz" aria-labelledby="ck-aid-title">'
            '<p id="ck-aid-title"><strong>Which support fits? A practice tool</strong></p>'
            f'<p class="ck-aid-caveat"><strong>For learning only.</strong> {inline(self.rules.caveat)}</p>'
            f'{"".join(fieldsets)}'
            '<div class="ck-actions ck-live-only"><button type="button" class="ck-aid-go">Show options</button></div>'
            '<div class="ck-aid-result" aria-live="polite"></div>'
            f'<details class="ck-answer ck-aid-nojs"><summary>If there is any sign of risk</summary>{self._crisis_html(role="note", heading_level=3)}</details>'
            f'<details class="ck-answer ck-aid-nojs"><summary>What each answer points to</summary>{self._rules_html()}</details>'
            f'<script type="application/json" class="ck-aid-data">{payload}</script>'
            "</section>"
        )

    def widget(self) -> Any:
        if self._widget is not None:
            return self._widget
        import ipywidgets as w

        controls: dict[str, Any] = {}
        rows: list[Any] = [w.HTML(f"<p><strong>For learning only.</strong> {inline(self.rules.caveat)}</p>")]
        for q in self.rules.questions:
            rows.append(w.HTML(f"<p><strong>{inline(q.prompt)}</strong></p>"))
            if q.kind == "multiple":
                boxes = {o.id: w.Checkbox(description=o.label, value=False, indent=False, layout=w.Layout(width="auto")) for o in q.options}
                controls[q.id] = boxes
                rows += list(boxes.values())
            else:
                default = next((o.id for o in q.options if o.id == "any"), None)
                radio = w.RadioButtons(options=[(o.label, o.id) for o in q.options], value=default, layout=w.Layout(width="auto"))
                controls[q.id] = radio
                rows.append(radio)
        button = w.Button(description="Show options", button_style="primary")
        output = w.HTML()

        def answers() -> dict[str, Any]:
            result: dict[str, Any] = {}
            for q in self.rules.questions:
                control = controls[q.id]
                result[q.id] = [k for k, box in control.items() if box.value] if isinstance(control, dict) else control.value
            return result

        def show(_: Any = None) -> None:
            output.value = self.result_html(decide(answers(), self.rules, self.data))

        button.on_click(show)
        box = w.VBox([*rows, button, output])
        box.controls, box.button, box.output, box.answers = controls, button, output, answers
        self._widget = box
        return box

    def __repr__(self) -> str:
        return "DecisionAid()"


def decision_aid() -> DecisionAid:
    return DecisionAid()


GUIDE_SAFETY_INTRO = "Safety first. If there is any sign of risk, stop here and follow your organisation's safety policy."


@dataclass
class Guide:
    """The printable guide, one page: safety at the top; what each want points to, and next steps, below."""

    aid: DecisionAid

    def _repr_html_(self) -> str:
        rules = self.aid.rules
        wants = {o.id: o.label for o in rules.question("wants").options}
        data = self.aid.data
        rows = "".join(
            f'<tr><th scope="row">{inline(wants[w])}</th>'
            f"<td>{', '.join(html.escape(str(data.modalities.at[m, 'short_name'])) for m in data.modalities.index if m in s.modalities)}</td>"
            f"<td>{inline(s.say)}</td></tr>"
            for w, s in rules.suggestions.items()
        )
        steps = "".join(f"<li>{inline(s)}</li>" for s in rules.next_steps)
        return (
            '<div class="ck-guide">'
            f'<div class="ck-aid-crisis" role="note"><p class="ck-aid-crisis-title"><strong>{inline(GUIDE_SAFETY_INTRO)}</strong></p>'
            f"{RiskSummary(safety(), crisis_href=self.aid.crisis_href, compact=True)._repr_html_()}</div>"
            '<div class="ck-table-scroll ck-guide-options" role="region" aria-labelledby="ck-guide-cap" tabindex="0"><table class="ck-table ck-guide-table">'
            '<caption id="ck-guide-cap">If there is no sign of risk: what the person is looking for, and options that may fit</caption>'
            '<thead><tr><th scope="col">They want</th><th scope="col">Options that may fit</th><th scope="col">You might say</th></tr></thead>'
            f"<tbody>{rows}</tbody></table></div>"
            f"<p><strong>Then:</strong></p><ul>{steps}</ul>"
            f'<p class="ck-aid-caveat"><strong>For learning only.</strong> {inline(rules.caveat)}</p>'
            "</div>"
        )


def which_support_fits_guide() -> Guide:
    return Guide(DecisionAid(crisis_href="../crisis-support.html"))
