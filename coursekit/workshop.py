"""The facilitator kit: session plans, role plays and answer keys, from ``data/``.

Session plans are checked on load: every block's minutes add up to the plan's stated length, and
every chapter, notebook and role play a block points to exists.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import Field

from .data import DEFAULT_DATA_DIR, PACKAGE_ROOT, Text, _Row, display_path, page_title, read_yaml, validate_row
from .errors import CourseDataError
from .quiz.bank import QuestionBank, load_question_bank
from .quiz.text import inline, paragraphs

PLANS_FILE = "session_plans.yml"
ROLE_PLAYS_FILE = "role_plays.yml"


class Block(_Row):
    minutes: int = Field(ge=1, le=240)
    activity: Text
    resource: Text | None = None  # "book/<chapter>" or "notebooks/<name>.ipynb"
    role_play: Text | None = None
    materials: list[Text] = Field(default_factory=list)
    objectives: list[Text] = Field(default_factory=list)
    # Ids from data/competencies.yml, checked by coursekit.competencies; [] says "teaches none".
    competencies: list[Text] | None = None


class Session(_Row):
    title: Text
    minutes: int = Field(ge=1)
    blocks: list[Block] = Field(min_length=1)


class Plan(_Row):
    id: Text
    title: Text
    summary: Text
    total_minutes: int = Field(ge=30)
    sessions: list[Session] = Field(min_length=1)


class Skill(_Row):
    id: Text
    skill: Text
    looks_like: Text


class RolePlay(_Row):
    id: Text
    title: Text
    chapter: Text
    minutes: int = Field(ge=5)
    situation: Text
    supporter_brief: Text
    person_brief: Text
    observer_focus: list[Text] = Field(min_length=1)
    debrief: list[Text] = Field(min_length=1)


@dataclass(frozen=True)
class RolePlays:
    checklist: tuple[Skill, ...]
    plays: dict[str, RolePlay]


def _resource_exists(resource: str, root: Path) -> bool:
    if resource.startswith("notebooks/"):
        return (root / resource).is_file()
    return (root / f"{resource}.md").is_file() or (root / f"{resource}.ipynb").is_file()


def load_role_plays(directory: str | Path | None = None, root: Path = PACKAGE_ROOT) -> RolePlays:
    directory = Path(directory) if directory is not None else DEFAULT_DATA_DIR
    path = directory / ROLE_PLAYS_FILE
    shown = display_path(path)
    raw = read_yaml(path)
    if not isinstance(raw, dict) or not isinstance(raw.get("observer_checklist"), list) or not isinstance(raw.get("role_plays"), list):
        raise CourseDataError(shown, "must have an observer_checklist list and a role_plays list")
    checklist = tuple(validate_row(Skill, item, file=shown, row=None, item_id=str(item.get("id")) if isinstance(item, dict) else None) for item in raw["observer_checklist"])
    skills = {s.id for s in checklist}
    plays: dict[str, RolePlay] = {}
    for item in raw["role_plays"]:
        item_id = str(item.get("id")) if isinstance(item, dict) else None
        play = validate_row(RolePlay, item, file=shown, row=None, item_id=item_id)
        if play.id in plays:
            raise CourseDataError(shown, "duplicate role play id", item_id=play.id, field="id")
        if not _resource_exists(play.chapter, root):
            raise CourseDataError(shown, f"chapter '{play.chapter}' does not exist (expected {play.chapter}.md)", item_id=play.id, field="chapter")
        for skill in play.observer_focus:
            if skill not in skills:
                raise CourseDataError(shown, f"'{skill}' is not in the observer checklist; known: {', '.join(sorted(skills))}", item_id=play.id, field="observer_focus")
        plays[play.id] = play
    return RolePlays(checklist, plays)


def load_session_plans(directory: str | Path | None = None, root: Path = PACKAGE_ROOT) -> dict[str, Plan]:
    """Every plan, with its arithmetic and its references checked."""
    directory = Path(directory) if directory is not None else DEFAULT_DATA_DIR
    role_plays = load_role_plays(directory, root)
    path = directory / PLANS_FILE
    shown = display_path(path)
    raw = read_yaml(path)
    if not isinstance(raw, dict):
        raise CourseDataError(shown, "must be a mapping of plan ids to plans")
    plans: dict[str, Plan] = {}
    for plan_id, content in raw.items():
        if not isinstance(content, dict):
            raise CourseDataError(shown, "must be a mapping with title, summary, total_minutes and sessions", item_id=str(plan_id))
        plan = validate_row(Plan, {"id": plan_id, **content}, file=shown, row=None, item_id=str(plan_id))
        for number, session in enumerate(plan.sessions, start=1):
            total = sum(block.minutes for block in session.blocks)
            if total != session.minutes:
                raise CourseDataError(shown, f"session {number} ('{session.title}') says {session.minutes} minutes but its blocks add up to {total}", item_id=plan.id, field=f"sessions.{number}.minutes")
            for index, block in enumerate(session.blocks, start=1):
                where = f"sessions.{number}.blocks.{index}"
                if block.resource and not _resource_exists(block.resource, root):
                    raise CourseDataError(shown, f"'{block.resource}' does not exist; use book/<chapter> or notebooks/<name>.ipynb", item_id=plan.id, field=f"{where}.resource")
                if block.role_play and block.role_play not in role_plays.plays:
                    raise CourseDataError(shown, f"role play '{block.role_play}' is not in data/{ROLE_PLAYS_FILE}", item_id=plan.id, field=f"{where}.role_play")
        stated = sum(s.minutes for s in plan.sessions)
        if stated != plan.total_minutes:
            raise CourseDataError(shown, f"total_minutes is {plan.total_minutes} but the sessions add up to {stated}", item_id=plan.id, field="total_minutes")
        plans[plan.id] = plan
    return plans


def _duration(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return " ".join(part for part in (f"{hours} h" if hours else "", f"{rest} min" if rest else "") if part)


def _resource_link(resource: str) -> str:
    if resource.startswith("notebooks/"):
        return f"<code>{html.escape(resource)}</code>"
    name = resource.split("/", 1)[1]
    # Facilitator pages live in book/facilitator/, chapters in book/.
    return f'<a href="../{html.escape(name)}.html">{inline(page_title(resource))}</a>'


def _block_notebook(resource: str | None) -> str | None:
    """The notebook a block uses: named directly, or the workshop notebook of the chapter it names."""
    from .launch import chapter_notebook

    if not resource:
        return None
    return resource if resource.startswith("notebooks/") else chapter_notebook(resource)


def _launch_html(settings: Any, notebook: str) -> str:
    from .launch import launch_links

    return " · ".join(f'<a href="{html.escape(url, quote=True)}" rel="noopener">{html.escape(label)}</a>' for label, url in launch_links(settings, notebook))


@dataclass
class PlanView:
    plan: Plan
    role_plays: RolePlays
    launch: Any = None  # LaunchSettings from course.yml; links to hand out appear when it is on

    def _repr_html_(self) -> str:
        esc = html.escape
        live = self.launch is not None and self.launch.any
        parts = [f"<p>{inline(self.plan.summary)} <strong>Total: {_duration(self.plan.total_minutes)}.</strong></p>"]
        for number, session in enumerate(self.plan.sessions, start=1):
            clock = 0
            rows = []
            today: dict[str, str] = {}
            for block in session.blocks:
                start = f"{clock // 60}:{clock % 60:02d}"
                clock += block.minutes
                where = []
                if block.resource:
                    where.append(_resource_link(block.resource))
                    notebook = _block_notebook(block.resource) if live else None
                    if notebook:
                        today.setdefault(notebook, start)
                        where.append(f'<span class="ck-handout-links">Hand out <code>{esc(notebook)}</code>: {_launch_html(self.launch, notebook)}</span>')
                if block.role_play:
                    play = self.role_plays.plays[block.role_play]
                    where.append(f'Role play: <a href="role-plays.html#{esc(play.id)}">{esc(play.title)}</a>')
                rows.append(
                    f'<tr><th scope="row">{start}<br><span class="ck-minutes">{block.minutes} min</span></th>'
                    f"<td>{inline(block.activity)}</td><td>{'<br>'.join(where)}</td>"
                    f"<td>{'; '.join(inline(m) for m in block.materials)}</td>"
                    f"<td>{'; '.join(inline(o) for o in block.objectives)}</td></tr>"
                )
            caption = f"{esc(session.title)} ({_duration(session.minutes)})" if len(self.plan.sessions) > 1 else f"{esc(self.plan.title)}: timings"
            parts.append(
                f'<div class="ck-table-scroll" role="region" aria-label="{esc(session.title)}" tabindex="0"><table class="ck-table ck-plan">'
                f"<caption>{caption}</caption>"
                '<thead><tr><th scope="col">Start</th><th scope="col">Activity</th><th scope="col">Chapter, notebook or role play</th>'
                '<th scope="col">Materials</th><th scope="col">Objectives it serves</th></tr></thead>'
                f"<tbody>{''.join(rows)}</tbody></table></div>"
            )
            if today:
                items = "".join(f"<li><strong>{esc(nb)}</strong> (from {at}): {_launch_html(self.launch, nb)}</li>" for nb, at in today.items())
                parts.append(
                    f'<section class="ck-links-today" aria-label="Links for today: {esc(session.title)}"><p><strong>Links for today: {esc(session.title)}</strong>. '
                    "Put these on a slide or print them; each opens the notebook live for the learner who clicks it.</p>"
                    f"<ul>{items}</ul></section>"
                )
        return "".join(parts)


def session_plan(plan_id: str) -> PlanView:
    plans = load_session_plans()
    if plan_id not in plans:
        raise KeyError(f"no session plan '{plan_id}'; known: {', '.join(plans)}")
    from .profile import load_profile

    return PlanView(plans[plan_id], load_role_plays(), load_profile().launch.settings)


@dataclass
class RolePlayView:
    role_plays: RolePlays

    def _repr_html_(self) -> str:
        esc = html.escape
        skills = {s.id: s for s in self.role_plays.checklist}
        checklist = "".join(f"<tr><th scope=\"row\">{inline(s.skill)}</th><td>{inline(s.looks_like)}</td><td class=\"ck-tick\">&#9744;</td></tr>" for s in self.role_plays.checklist)
        parts = [
            '<div class="ck-table-scroll" role="region" aria-label="Observer checklist" tabindex="0"><table class="ck-table ck-checklist">'
            "<caption>Observer checklist: helping skills</caption>"
            '<thead><tr><th scope="col">Skill</th><th scope="col">What it looks like</th><th scope="col">Seen?</th></tr></thead>'
            f"<tbody>{checklist}</tbody></table></div>"
        ]
        for play in self.role_plays.plays.values():
            focus = ", ".join(inline(skills[s].skill) for s in play.observer_focus)
            debrief = "".join(f"<li>{inline(q)}</li>" for q in play.debrief)
            chapter = play.chapter.split("/", 1)[1]
            parts.append(
                f'<section class="ck-role-play" id="{esc(play.id)}" aria-labelledby="{esc(play.id)}-title">'
                f'<h2 id="{esc(play.id)}-title">{inline(play.title)}</h2>'
                f'<p class="ck-role-meta">{play.minutes} minutes. Goes with <a href="../{esc(chapter)}.html">{inline(page_title(play.chapter))}</a>.</p>'
                f"<p><strong>The situation.</strong> {inline(play.situation)}</p>"
                f'<div class="ck-brief"><p><strong>Brief for the supporter</strong></p>{paragraphs(play.supporter_brief)}</div>'
                f'<div class="ck-brief"><p><strong>Brief for the person seeking support</strong></p>{paragraphs(play.person_brief)}</div>'
                f'<div class="ck-brief"><p><strong>Brief for the observer</strong></p><p>Use the checklist. Watch especially for: {focus}.</p></div>'
                f"<p><strong>Debrief questions</strong></p><ol>{debrief}</ol></section>"
            )
        return "".join(parts)


def role_plays() -> RolePlayView:
    return RolePlayView(load_role_plays())


@dataclass
class AnswerKey:
    bank: QuestionBank

    def _repr_html_(self) -> str:
        esc = html.escape
        parts = []
        for question_set in self.bank.sets.values():
            items = []
            for number, q in enumerate(question_set.questions, start=1):
                if q.kind == "reflection":
                    answer = f"<p><em>Reflection, no right answer.</em> Points to draw out:</p>{paragraphs(q.guidance or '')}"
                elif q.kind == "matching":
                    answer = "<ul>" + "".join(f"<li>{inline(p.text)} <strong>→ {esc(self.bank.modality_names[p.answer])}</strong>. {inline(p.feedback)}</li>" for p in q.pairs) + "</ul>"
                else:
                    # The options in the order learners see them on the site and in Jupyter (coursekit/quiz/order.py).
                    shown = [q.options[i] for i in self.bank.option_orders[q.id]]
                    answer = "<ul>" + "".join(
                        f"<li>{'<strong>Correct:</strong> ' if o.correct else 'Not correct: '}{inline(o.text)}. <em>{inline(o.feedback)}</em></li>" for o in shown
                    ) + "</ul>"
                scenario = f'<div class="ck-scenario">{paragraphs(q.scenario)}</div>' if q.scenario else ""
                items.append(f"<li>{scenario}<p><strong>{inline(q.prompt)}</strong></p>{answer}</li>")
            parts.append(f'<section class="ck-answer-key"><h2>{inline(question_set.title)}</h2><ol>{"".join(items)}</ol></section>')
        return "".join(parts)


def answer_keys() -> AnswerKey:
    return AnswerKey(load_question_bank())
