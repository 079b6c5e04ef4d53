"""The competency map: which parts of the course teach and check which peer-worker competencies.

Two files in ``data/`` hold it. ``competencies.yml`` lists the frameworks (SAMHSA's core competencies,
the NCPS exam domains) and their categories; ``competency_map.yml`` tags chapter sections, questions
and role plays with category ids, and each session-plan block carries its own ``competencies`` list
in ``session_plans.yml``. Loading checks every tag against the frameworks and every tagged thing
against the course, and requires every teaching section, question, role play and plan block to be
tagged, so a new section or question cannot slip in unmapped.

:func:`coverage` is the pure core: for each category, what teaches, checks and practises it.
:class:`CompetencyMapView` renders that for the book (learner page) and the facilitator kit.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from docutils.nodes import make_id
from pydantic import Field

from .data import DEFAULT_DATA_DIR, PACKAGE_ROOT, Slug, Text, _Row, display_path, page_title, read_yaml, validate_row
from .errors import CourseDataError
from .quiz.bank import QuestionBank, load_question_bank
from .quiz.text import inline
from .workshop import Plan, RolePlays, load_role_plays, load_session_plans

FRAMEWORKS_FILE = "competencies.yml"
MAP_FILE = "competency_map.yml"
PLANS_FILE = "session_plans.yml"

_FENCE = re.compile(r"^(```|~~~)")
_SECTION = re.compile(r"^## +(.+?)\s*$")


class Category(_Row):
    id: Slug
    label: Text
    name: Text
    about: Text


class Framework(_Row):
    id: Slug
    name: Text
    short_name: Text
    publisher: Text
    year: int = Field(ge=1900, le=2100)
    reference: Text
    scope: Text
    categories: list[Category] = Field(min_length=1)


@dataclass(frozen=True)
class Section:
    """A ``## `` section of a chapter: the file (``book/<name>``), its heading and the page anchor."""

    chapter: str
    heading: str
    chapter_title: str

    @property
    def anchor(self) -> str:
        # The id Sphinx gives the section: docutils' make_id of the heading text.
        return make_id(self.heading)

    @property
    def page(self) -> str:
        return self.chapter.split("/", 1)[1] + ".html"


@dataclass(frozen=True)
class PlanBlock:
    plan: Plan
    session: int
    start: int  # minutes from the start of the session
    activity: str
    competencies: tuple[str, ...]


@dataclass(frozen=True)
class CompetencyMap:
    frameworks: tuple[Framework, ...]
    sections: dict[Section, tuple[str, ...]]
    questions: dict[str, tuple[str, ...]]
    role_plays: dict[str, tuple[str, ...]]
    blocks: tuple[PlanBlock, ...]

    @property
    def categories(self) -> dict[str, tuple[Framework, Category]]:
        return {c.id: (f, c) for f in self.frameworks for c in f.categories}


@dataclass
class Coverage:
    """Everything in the course tagged with one category."""

    framework: Framework
    category: Category
    sections: list[Section] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    role_plays: list[str] = field(default_factory=list)
    blocks: list[PlanBlock] = field(default_factory=list)

    @property
    def taught(self) -> bool:
        """Taught means a chapter section or a practice activity serves it, not only a question."""
        return bool(self.sections or self.role_plays)


# --- loading ---------------------------------------------------------------------------------------

def load_frameworks(directory: Path, references: set[str] | None = None) -> tuple[Framework, ...]:
    path = directory / FRAMEWORKS_FILE
    shown = display_path(path)
    raw = read_yaml(path)
    if not isinstance(raw, dict) or not isinstance(raw.get("frameworks"), list) or not raw["frameworks"]:
        raise CourseDataError(shown, "must have a non-empty 'frameworks' list")
    frameworks: list[Framework] = []
    seen: set[str] = set()
    for item in raw["frameworks"]:
        item_id = str(item.get("id")) if isinstance(item, dict) else None
        framework = validate_row(Framework, item, file=shown, row=None, item_id=item_id)
        if references is not None and framework.reference not in references:
            raise CourseDataError(shown, f"reference '{framework.reference}' is not in references.bib", item_id=framework.id, field="reference")
        for category in framework.categories:
            if category.id in seen or category.id == framework.id:
                raise CourseDataError(shown, "duplicate competency id", item_id=category.id, field="id")
            if not category.id.startswith(f"{framework.id}-"):
                raise CourseDataError(shown, f"a competency id must start with its framework's id, '{framework.id}-'", item_id=category.id, field="id")
            seen.add(category.id)
        frameworks.append(framework)
    return tuple(frameworks)


def chapter_sections(chapter: str, root: Path = PACKAGE_ROOT) -> tuple[str, list[str]]:
    """The chapter's title and its ``## `` headings, in order, skipping fenced code."""
    text = (root / f"{chapter}.md").read_text(encoding="utf-8")
    headings, fenced = [], False
    for line in text.splitlines():
        if _FENCE.match(line.strip()):
            fenced = not fenced
            continue
        if fenced:
            continue
        match = _SECTION.match(line)
        if match:
            headings.append(match.group(1))
    return page_title(chapter, root), headings


def teaching_chapters(root: Path = PACKAGE_ROOT) -> list[str]:
    """Chapters with learning objectives: each of their sections must be mapped."""
    found = []
    for path in sorted((root / "book").glob("*.md")):
        chapter = f"book/{path.stem}"
        if "Learning objectives" in chapter_sections(chapter, root)[1]:
            found.append(chapter)
    return found


_QUIZ_CALL = re.compile(r'ck\.quiz\("([^"]+)"')


def quiz_locations(root: Path = PACKAGE_ROOT) -> dict[str, tuple[str, str]]:
    """Where each topic's knowledge check sits: (``page.html#section``, the page's title)."""
    found: dict[str, tuple[str, str]] = {}
    for path in sorted((root / "book").glob("*.md")):
        title, heading = page_title(f"book/{path.stem}", root), None
        for line in path.read_text(encoding="utf-8").splitlines():
            section = _SECTION.match(line)
            if section:
                heading = section.group(1)
            call = _QUIZ_CALL.search(line)
            if call and call.group(1) not in found:
                found[call.group(1)] = (f"{path.stem}.html" + (f"#{make_id(heading)}" if heading else ""), title)
    return found


def _tags(value: object, known: set[str], *, file: str, item_id: str, field_name: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        raise CourseDataError(file, "needs a list of one or more competency ids, like [samhsa-crises, ncps-ethics]", item_id=item_id, field=field_name)
    for tag in value:
        if tag not in known:
            raise CourseDataError(file, f"unknown competency '{tag}'; known ids are in data/{FRAMEWORKS_FILE}", item_id=item_id, field=field_name)
    if len(set(value)) != len(value):
        raise CourseDataError(file, "lists a competency twice", item_id=item_id, field=field_name)
    return tuple(value)


def load_competency_map(
    directory: str | Path | None = None,
    *,
    root: Path = PACKAGE_ROOT,
    bank: QuestionBank | None = None,
    role_plays: RolePlays | None = None,
    plans: dict[str, Plan] | None = None,
    references: set[str] | None = None,
) -> CompetencyMap:
    """Read both files and check them against the chapters, the question bank, role plays and plans."""
    directory = Path(directory) if directory is not None else DEFAULT_DATA_DIR
    frameworks = load_frameworks(directory, references)
    known = {c.id for f in frameworks for c in f.categories}
    bank = bank or load_question_bank(directory)
    role_plays = role_plays or load_role_plays(directory, root)
    plans = plans if plans is not None else load_session_plans(directory, root)

    path = directory / MAP_FILE
    shown = display_path(path)
    raw = read_yaml(path)
    if not isinstance(raw, dict):
        raise CourseDataError(shown, "must be a mapping with untagged_headings, sections, questions and role_plays")
    for key in ("sections", "questions", "role_plays"):
        if not isinstance(raw.get(key), dict):
            raise CourseDataError(shown, f"must have a '{key}' mapping", field=key)
    untagged = set(raw.get("untagged_headings") or [])

    sections: dict[Section, tuple[str, ...]] = {}
    mapped_chapters = set(raw["sections"])
    for chapter in teaching_chapters(root):
        if chapter not in mapped_chapters:
            raise CourseDataError(shown, f"chapter {chapter}.md has learning objectives but no entry under 'sections'", item_id=chapter, field="sections")
    for chapter, headings in raw["sections"].items():
        if not (root / f"{chapter}.md").is_file():
            raise CourseDataError(shown, f"chapter '{chapter}' does not exist (expected {chapter}.md)", item_id=chapter, field="sections")
        if not isinstance(headings, dict):
            raise CourseDataError(shown, "must map each '## ' heading of the chapter to a list of competency ids", item_id=chapter, field="sections")
        title, present = chapter_sections(chapter, root)
        for heading in headings:
            if heading not in present:
                raise CourseDataError(shown, f"no '## {heading}' heading in {chapter}.md (was it renamed?)", item_id=chapter, field=f"sections.{heading}")
        for heading in present:
            if heading in untagged:
                continue
            if heading not in headings:
                raise CourseDataError(shown, f"the section '## {heading}' in {chapter}.md is not mapped; tag it with the competencies it teaches", item_id=chapter, field=f"sections.{heading}")
            sections[Section(chapter, heading, title)] = _tags(headings[heading], known, file=shown, item_id=chapter, field_name=f"sections.{heading}")

    questions: dict[str, tuple[str, ...]] = {}
    for question_id, tags in raw["questions"].items():
        if question_id not in bank.questions:
            raise CourseDataError(shown, "no question with this id in data/questions/", item_id=str(question_id), field="questions")
        questions[question_id] = _tags(tags, known, file=shown, item_id=str(question_id), field_name="questions")
    for question_id in bank.questions:
        if question_id not in questions:
            raise CourseDataError(shown, f"question in {bank.file_of(question_id)} is not mapped; tag it under 'questions'", item_id=question_id, field="questions")

    plays: dict[str, tuple[str, ...]] = {}
    for play_id, tags in raw["role_plays"].items():
        if play_id not in role_plays.plays:
            raise CourseDataError(shown, "no role play with this id in data/role_plays.yml", item_id=str(play_id), field="role_plays")
        plays[play_id] = _tags(tags, known, file=shown, item_id=str(play_id), field_name="role_plays")
    for play_id in role_plays.plays:
        if play_id not in plays:
            raise CourseDataError(shown, "role play is not mapped; tag it under 'role_plays'", item_id=play_id, field="role_plays")

    blocks: list[PlanBlock] = []
    plans_shown = display_path(directory / PLANS_FILE)
    for plan in plans.values():
        for number, session in enumerate(plan.sessions, start=1):
            clock = 0
            for index, block in enumerate(session.blocks, start=1):
                where = f"sessions.{number}.blocks.{index}.competencies"
                if block.competencies is None and (block.resource or block.role_play):
                    raise CourseDataError(plans_shown, "a block that uses a chapter, notebook or role play needs competencies: [ids], or [] if it teaches none", item_id=plan.id, field=where)
                if block.competencies:
                    tags = _tags(block.competencies, known, file=plans_shown, item_id=plan.id, field_name=where)
                    blocks.append(PlanBlock(plan, number, clock, block.activity, tags))
                clock += block.minutes
    return CompetencyMap(frameworks, sections, questions, plays, tuple(blocks))


# --- the pure core ---------------------------------------------------------------------------------

def coverage(cmap: CompetencyMap) -> list[Coverage]:
    """One entry per category, in framework order, listing what is tagged with it."""
    result = {c.id: Coverage(f, c) for f in cmap.frameworks for c in f.categories}
    for section, tags in cmap.sections.items():
        for tag in tags:
            result[tag].sections.append(section)
    for question_id, tags in cmap.questions.items():
        for tag in tags:
            result[tag].questions.append(question_id)
    for play_id, tags in cmap.role_plays.items():
        for tag in tags:
            result[tag].role_plays.append(play_id)
    for block in cmap.blocks:
        for tag in block.competencies:
            result[tag].blocks.append(block)
    return list(result.values())


def question_competencies(cmap: CompetencyMap) -> dict[str, list[tuple[str, str]]]:
    """For exports: question id -> [(competency id, 'Framework short name: category name')]."""
    names = {c.id: f"{f.short_name}: {c.label}. {c.name}" for f in cmap.frameworks for c in f.categories}
    return {qid: [(tag, names[tag]) for tag in tags] for qid, tags in cmap.questions.items()}


# --- rendering -------------------------------------------------------------------------------------

def _grouped(sections: list[Section], prefix: str) -> str:
    """Section links grouped by chapter: 'Chapter: section, section'."""
    by_chapter: dict[str, list[Section]] = {}
    for s in sections:
        by_chapter.setdefault(s.chapter, []).append(s)
    items = []
    for chapter_sections_ in by_chapter.values():
        first = chapter_sections_[0]
        links = ", ".join(f'<a href="{prefix}{first.page}#{s.anchor}">{inline(s.heading)}</a>' for s in chapter_sections_)
        items.append(f"<li><strong>{inline(first.chapter_title)}:</strong> {links}</li>")
    return f"<ul>{''.join(items)}</ul>"


@dataclass
class CompetencyMapView:
    """Per framework: a summary table, then each competency with what teaches, checks and practises it.

    ``edition='facilitator'`` links the role plays and lists question ids and workshop blocks;
    ``framework`` limits the view to one framework's id.
    """

    cmap: CompetencyMap
    bank: QuestionBank
    role_plays: RolePlays
    edition: str = "learner"
    framework: str | None = None

    def _prefix(self) -> str:
        # Facilitator pages live in book/facilitator/, the learner page in book/.
        return "../" if self.edition == "facilitator" else ""

    def _questions_cell(self, question_ids: list[str]) -> str:
        if not question_ids:
            return "<p>No question checks this yet.</p>"
        topic_of = {q.id: topic for topic, qs in self.bank.sets.items() for q in qs.questions}
        by_topic: dict[str, list[str]] = {}
        for qid in question_ids:
            by_topic.setdefault(topic_of[qid], []).append(qid)
        where = quiz_locations()
        items = []
        for topic, ids in by_topic.items():
            if topic in where:
                href, quiz_page = where[topic]
                link = f'<a href="{self._prefix()}{href}">{inline(quiz_page)}</a>'
            else:
                link = inline(self.bank.sets[topic].title)
            label = f"{len(ids)} question{'s' if len(ids) > 1 else ''}"
            listed = f' <span class="ck-ids">({", ".join(html.escape(q) for q in ids)})</span>' if self.edition == "facilitator" else ""
            items.append(f"<li>{link}: {label}{listed}</li>")
        return f"<ul>{''.join(items)}</ul>"

    def _practice_cell(self, entry: Coverage) -> str:
        esc = html.escape
        parts = []
        if entry.role_plays:
            if self.edition == "facilitator":
                links = ", ".join(f'<a href="role-plays.html#{esc(p)}">{inline(self.role_plays.plays[p].title)}</a>' for p in entry.role_plays)
            else:
                links = ", ".join(inline(self.role_plays.plays[p].title) for p in entry.role_plays)
            parts.append(f"<p><strong>Role plays:</strong> {links}</p>")
        if entry.blocks and self.edition == "facilitator":
            items = "".join(
                f"<li>{esc(b.plan.title)}"
                + (f", session {b.session}" if len(b.plan.sessions) > 1 else "")
                + f", {b.start // 60}:{b.start % 60:02d}: {inline(_first_sentence(b.activity))}</li>"
                for b in entry.blocks
            )
            parts.append(f"<p><strong>Workshop blocks:</strong></p><ul>{items}</ul>")
        elif entry.blocks:
            plans = sorted({b.plan.title for b in entry.blocks})
            parts.append(f"<p><strong>Workshop plans:</strong> {esc(', '.join(plans))}</p>")
        return "".join(parts) or "<p>None yet.</p>"

    def _taught(self, entry: Coverage) -> str:
        if entry.sections:
            return _grouped(entry.sections, self._prefix())
        if entry.role_plays:
            return "<p><strong>Not covered in the chapters.</strong> Only practised in the workshop role plays.</p>"
        return "<p><strong>Not covered.</strong> This course does not teach this competency. Use other training for it.</p>"

    def _summary(self, framework: Framework, entries: list[Coverage]) -> str:
        """Counts at a glance, each row linking to the competency's details below."""
        esc = html.escape
        rows = []
        for entry in entries:
            c = entry.category
            sections = str(len(entry.sections)) if entry.sections else "<strong>0: not covered</strong>"
            rows.append(
                f'<tr><th scope="row"><a href="#{esc(c.id)}">{esc(c.label)}. {inline(c.name)}</a></th>'
                f"<td>{sections}</td><td>{len(entry.questions)}</td><td>{len(entry.role_plays)}</td></tr>"
            )
        return (
            f'<div class="ck-table-scroll" role="region" aria-label="{esc(framework.short_name)}: summary" tabindex="0">'
            f'<table class="ck-table ck-comp-summary" id="map-{esc(framework.id)}">'
            f"<caption>{esc(framework.short_name)} ({framework.year}): what the course covers</caption>"
            '<thead><tr><th scope="col">Competency</th><th scope="col">Sections</th>'
            '<th scope="col">Questions</th><th scope="col">Role plays</th></tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table></div>"
        )

    def _repr_html_(self) -> str:
        esc = html.escape
        entries = coverage(self.cmap)
        parts = []
        for framework in self.cmap.frameworks:
            if self.framework is not None and framework.id != self.framework:
                continue
            mine = [e for e in entries if e.framework.id == framework.id]
            parts.append(self._summary(framework, mine))
            for entry in mine:
                c = entry.category
                parts.append(
                    f'<section class="ck-competency" id="{esc(c.id)}" aria-labelledby="{esc(c.id)}-title">'
                    f'<h3 id="{esc(c.id)}-title"><span class="ck-comp-label">{esc(c.label)}.</span> {inline(c.name)}</h3>'
                    f'<p class="ck-comp-about">{inline(c.about)} <span class="ck-comp-note">(This course\'s own summary.)</span></p>'
                    '<dl class="ck-comp-parts">'
                    f"<dt>Taught in</dt><dd>{self._taught(entry)}</dd>"
                    f"<dt>Checked by</dt><dd>{self._questions_cell(entry.questions)}</dd>"
                    f"<dt>Practised in</dt><dd>{self._practice_cell(entry)}</dd>"
                    "</dl></section>"
                )
        return "".join(parts)

    def __repr__(self) -> str:
        lines = []
        for entry in coverage(self.cmap):
            lines.append(f"{entry.category.id}: {len(entry.sections)} sections, {len(entry.questions)} questions, {len(entry.role_plays)} role plays, {len(entry.blocks)} plan blocks")
        return "\n".join(lines)


def _first_sentence(text: str) -> str:
    text = " ".join(text.split())
    match = re.match(r"(.+?[.!?])(\s|$)", text)
    return match.group(1) if match else text


def competency_map(framework: str | None = None, *, edition: str = "learner") -> CompetencyMapView:
    """The competency map for a page: ``ck.competency_map("samhsa")`` in the book, ``edition="facilitator"`` in the kit."""
    if edition not in {"learner", "facilitator"}:
        raise ValueError(f"edition must be 'learner' or 'facilitator', not {edition!r}")
    bank = load_question_bank()
    role_plays = load_role_plays()
    cmap = load_competency_map(bank=bank, role_plays=role_plays)
    known = [f.id for f in cmap.frameworks]
    if framework is not None and framework not in known:
        raise KeyError(f"no framework '{framework}'; known: {', '.join(known)}")
    return CompetencyMapView(cmap, bank, role_plays, edition, framework)
