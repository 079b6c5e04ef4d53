"""Safety as data: kinds of risk and what to do (``data/safety.yml``), crisis lines (``data/crisis_lines.csv``).

This is the course's one source of truth for crisis guidance. The crisis page, the crisis sections
of chapters, the practice tool (:mod:`coursekit.decision`), the handouts and the facilitator kit
render from it, and the tests compare every page with it. A fault stops the load with a
:class:`~coursekit.errors.CourseDataError` naming the file, the row or id, and the field.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, model_validator

from .data import (
    DEFAULT_DATA_DIR,
    REFERENCES_FILE,
    Reference,
    Slug,
    Text,
    _Row,
    _split_list,
    display_path,
    load_references,
    read_csv_rows,
    read_yaml,
    validate_row,
)
from .errors import CourseDataError
from .quiz.text import inline

SAFETY_FILE = "safety.yml"
LINES_FILE = "crisis_lines.csv"
# A host re-checks a line when its entry is older than this (coursekit check warns; it does not fail).
STALE_AFTER_DAYS = 365

Urgency = Literal["emergency", "now", "today"]
URGENCY_ORDER: dict[str, int] = {"emergency": 0, "now": 1, "today": 2}
Way = Literal["call", "text", "chat", "relay", "video", "email", "web"]


class AskQuestion(_Row):
    id: Slug
    label: Text
    ask: Text
    why: Text


class Asking(_Row):
    intro: Text
    questions: list[AskQuestion] = Field(min_length=1)
    not_assessment: Text
    references: list[Text] = Field(min_length=1)


class StepList(_Row):
    intro: Text
    steps: list[Text] = Field(min_length=1)
    references: list[Text] = Field(min_length=1)


class Risk(_Row):
    id: Slug
    title: Text
    in_short: Text
    urgency: Urgency
    how_fast: Text
    signs: list[Text] = Field(min_length=1)
    ask: list[Text] = Field(min_length=1)
    do_now: list[Text] = Field(min_length=1)
    lines: list[Slug] = Field(default_factory=list)
    contact: Text
    say: Text
    tell_supervisor: Text
    never_alone: list[Text] = Field(min_length=1)
    references: list[Text] = Field(min_length=1)


class Contradiction(_Row):
    phrase: Text
    why: Text


class SafetyRules(_Row):
    reviewed: dt.date
    countries: dict[str, Text] = Field(min_length=1)
    line_kinds: dict[str, Text] = Field(min_length=1)
    principles: list[Text] = Field(min_length=1)
    asking: Asking
    means_safety: StepList
    safety_plan: StepList
    after_a_crisis: StepList
    risks: list[Risk] = Field(min_length=1)
    contradictions: list[Contradiction] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique_ids(self) -> SafetyRules:
        seen: set[str] = set()
        for index, risk in enumerate(self.risks):
            if risk.id in seen:
                raise _LocatedError(f"risks.{index}.id", f"the risk id '{risk.id}' appears twice; each id may appear once")
            seen.add(risk.id)
        return self


class _LocatedError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class CrisisLine(_Row):
    """One row of ``crisis_lines.csv``: a line a person can contact, with its source and the date it was checked."""

    country: Text
    kind: Slug
    service: Text
    number: str = ""
    ways: Annotated[list[Way], BeforeValidator(_split_list)] = Field(min_length=1)
    contact: Text
    who_for: Text
    hours: Text
    cost: str = ""  # only what the source states; left empty when it does not say
    source: Text
    checked: dt.date
    note: str = ""  # for hosts: limits, coverage, what could not be verified (not shown to learners)


@dataclass(frozen=True)
class LineRow:
    row: int
    line: CrisisLine


@dataclass(frozen=True)
class Safety:
    """Everything about safety, validated: the rules, the lines (with their spreadsheet rows) and the sources."""

    directory: Path
    rules: SafetyRules
    lines: tuple[LineRow, ...]
    references: dict[str, Reference]

    def risk(self, risk_id: str) -> Risk:
        for risk in self.rules.risks:
            if risk.id == risk_id:
                return risk
        raise KeyError(f"no risk '{risk_id}' in data/{SAFETY_FILE}; known: {', '.join(r.id for r in self.rules.risks)}")

    def lines_of(self, kind: str, country: str | None = None) -> list[CrisisLine]:
        return [r.line for r in self.lines if r.line.kind == kind and (country is None or r.line.country == country)]

    @property
    def numbers(self) -> set[str]:
        """Every number the data holds, as written and as digits (for comparing with pages)."""
        found: set[str] = set()
        for r in self.lines:
            for text in (r.line.number, r.line.contact):
                for match in PHONE.finditer(text):
                    found.add(digits(match.group()))
        return found

    def stale(self, today: dt.date | None = None, max_age_days: int = STALE_AFTER_DAYS) -> list[str]:
        """Warnings for lines not checked for more than ``max_age_days``: what a host should re-check."""
        today = today or dt.date.today()
        shown = display_path(self.directory / LINES_FILE)
        return [
            f"{shown}, row {r.row} (id '{r.line.country} {r.line.kind}: {r.line.service}'), field 'checked': "
            f"last checked {r.line.checked.isoformat()}, {(today - r.line.checked).days} days ago; check the number and hours with its source and update the date"
            for r in self.lines
            if (today - r.line.checked).days > max_age_days
        ]


# Runs of digits, possibly split by single spaces or hyphens (988, 116 123, 1-800-799-7233), that are
# not part of a larger number, an amount or a date ($30,000, 9/11, 2022-11-23).
PHONE = re.compile(r"(?<![\w.,$£€/:-])\+?\d+(?:[ -]\d+)*(?![\w/:-]|[.,]\d)")


def digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def load_safety(directory: str | Path | None = None) -> Safety:
    """Read and cross-check ``safety.yml`` and ``crisis_lines.csv``. Raises on the first fault."""
    directory = Path(directory) if directory is not None else DEFAULT_DATA_DIR
    references = load_references(directory / REFERENCES_FILE)
    path = directory / SAFETY_FILE
    shown = display_path(path)
    raw = read_yaml(path)
    if not isinstance(raw, dict):
        raise CourseDataError(shown, "must be a mapping with countries, line_kinds, principles, asking, means_safety, safety_plan and risks")
    try:
        rules = validate_row(SafetyRules, raw, file=shown, row=None, item_id=None)
    except CourseDataError as error:
        cause = error.__cause__
        located = _located(cause)
        if located is None:
            raise
        field, message = located
        raise CourseDataError(shown, message, item_id=_risk_id_at(raw, field), field=field) from error
    _check_rules(rules, references, shown)

    lines_path = directory / LINES_FILE
    lines_shown = display_path(lines_path)
    rows: list[LineRow] = []
    for line_number, cells in read_csv_rows(lines_path, list(CrisisLine.model_fields)):
        item_id = f"{cells.get('country', '').strip()} {cells.get('kind', '').strip()}: {cells.get('service', '').strip()}"
        line = validate_row(CrisisLine, {k: v for k, v in cells.items() if v.strip() or k in {"number", "note", "cost"}}, file=lines_shown, row=line_number, item_id=item_id)
        _check_line(line, rules, references, lines_shown, line_number, item_id)
        rows.append(LineRow(line_number, line))
    if not rows:
        raise CourseDataError(lines_shown, "has a header but no rows")
    kinds_present = {r.line.kind for r in rows}
    for risk in rules.risks:
        for kind in risk.lines:
            if kind not in kinds_present:
                raise CourseDataError(shown, f"no row of {LINES_FILE} has the kind '{kind}'", item_id=risk.id, field="lines")
    for code in rules.countries:
        if code != "INT" and not any(r.line.country == code and r.line.kind == "emergency" for r in rows):
            raise CourseDataError(lines_shown, f"country '{code}' has no emergency number; every listed country needs one", item_id=code, field="kind")
    return Safety(directory, rules, tuple(rows), references)


def _located(cause: BaseException | None) -> tuple[str, str] | None:
    from pydantic import ValidationError

    if isinstance(cause, ValidationError):
        for error in cause.errors():
            ctx = error.get("ctx") or {}
            inner = ctx.get("error")
            if isinstance(inner, _LocatedError):
                return inner.field, str(inner)
    return None


def _risk_id_at(raw: dict, field: str) -> str | None:
    parts = field.split(".")
    if len(parts) >= 2 and parts[0] == "risks" and parts[1].isdigit():
        risks = raw.get("risks") or []
        index = int(parts[1])
        if index < len(risks) and isinstance(risks[index], dict):
            return str(risks[index].get("id"))
    return None


def _check_rules(rules: SafetyRules, references: dict[str, Reference], shown: str) -> None:
    for part, keys in (("asking", rules.asking.references), ("means_safety", rules.means_safety.references), ("safety_plan", rules.safety_plan.references)):
        _known_keys(keys, references, shown, item_id=part, field=f"{part}.references")
    for risk in rules.risks:
        _known_keys(risk.references, references, shown, item_id=risk.id, field="references")
        for kind in risk.lines:
            if kind not in rules.line_kinds:
                raise CourseDataError(shown, f"unknown kind of line '{kind}'; known: {', '.join(rules.line_kinds)}", item_id=risk.id, field="lines")
        for text in [risk.title, risk.in_short, risk.how_fast, risk.contact, risk.say, risk.tell_supervisor, *risk.signs, *risk.ask, *risk.do_now, *risk.never_alone]:
            if PHONE.search(_without_times(text)):
                raise CourseDataError(shown, f"has a number in its text ({text!r}); numbers belong in {LINES_FILE}, shown through 'lines'", item_id=risk.id, field="text")


def _without_times(text: str) -> str:
    """Times and durations are not phone numbers: '11 am', '2 to 3 minutes', '18'-year-olds aside."""
    text = re.sub(r"\b\d{1,2}(?::\d\d)?\s?(?:am|pm)\b", "", text)
    return re.sub(r"\b\d+(?: to \d+)? (?:seconds|minutes|hours|days|weeks|months|years)\b", "", text)


def _known_keys(keys: Iterable[str], references: dict[str, Reference], shown: str, *, item_id: str, field: str) -> None:
    for key in keys:
        if key not in references:
            raise CourseDataError(shown, f"reference key '{key}' is not in data/{REFERENCES_FILE}", item_id=item_id, field=field)


def _check_line(line: CrisisLine, rules: SafetyRules, references: dict[str, Reference], shown: str, row: int, item_id: str) -> None:
    if line.country not in rules.countries:
        raise CourseDataError(shown, f"unknown country '{line.country}'; known: {', '.join(rules.countries)} (add it under countries in data/{SAFETY_FILE})", row=row, item_id=item_id, field="country")
    if line.kind not in rules.line_kinds:
        raise CourseDataError(shown, f"unknown kind '{line.kind}'; known: {', '.join(rules.line_kinds)}", row=row, item_id=item_id, field="kind")
    if line.source not in references:
        raise CourseDataError(shown, f"reference key '{line.source}' is not in data/{REFERENCES_FILE}", row=row, item_id=item_id, field="source")
    if line.checked > dt.date.today():
        raise CourseDataError(shown, f"is in the future ({line.checked.isoformat()}); use the date you last checked the line", row=row, item_id=item_id, field="checked")
    if line.number and digits(line.number) not in {digits(m.group()) for m in PHONE.finditer(line.contact)}:
        raise CourseDataError(shown, f"does not mention the number {line.number!r}; say how to use it, for example 'Call {line.number}.'", row=row, item_id=item_id, field="contact")
    if not line.number and not set(line.ways) & {"web", "chat", "email"}:
        raise CourseDataError(shown, "is empty, but ways does not include web, chat or email; give a number or say how to reach the service", row=row, item_id=item_id, field="number")
    # The note is for hosts and is not shown. A limit that changes what a caller can expect must also
    # be where learners read it, or someone could be given a listening line as their crisis line.
    shown_text = f"{line.contact} {line.who_for}".lower()
    for limit in LIMITS_LEARNERS_MUST_SEE:
        if re.search(limit, line.note, re.IGNORECASE) and not re.search(limit, shown_text, re.IGNORECASE):
            raise CourseDataError(shown, f"the note says the line is {limit.replace(chr(92) + 'b', '')!r}, but who_for and contact, which learners read, do not; say it there, with where to go instead", row=row, item_id=item_id, field="who_for")


LIMITS_LEARNERS_MUST_SEE = (r"not a crisis", r"\bno counselling|not counselling", r"cannot send help", r"not send emergency help|do not call emergency services")


@functools.lru_cache(maxsize=4)
def _cached(directory: str, stamp: tuple[float, ...], profile_file: str) -> Safety:
    from .profile import home_first, load_profile

    data = load_safety(directory)
    home = load_profile(Path(profile_file), countries=dict(data.rules.countries)).home_country
    rules = data.rules.model_copy(update={"countries": home_first(dict(data.rules.countries), home)})
    return Safety(data.directory, rules, data.lines, data.references)


def safety(directory: str | Path | None = None) -> Safety:
    """The validated safety data, with the host's country first (``course.yml``).

    Cached until a file in ``data/`` or the profile changes (as :func:`coursekit.data.course_data`).
    """
    from .profile import profile_path

    directory = Path(directory) if directory is not None else DEFAULT_DATA_DIR
    profile = profile_path()
    files = [*sorted(p for p in directory.glob("*") if p.is_file()), profile]
    stamp = tuple(p.stat().st_mtime if p.is_file() else 0.0 for p in files)
    return _cached(str(directory), stamp, str(profile))


# --- renderings ----------------------------------------------------------------------------------
# Every rendering is plain HTML with its sources printed under it (not folded away, so print works).

def _sources(keys: Sequence[str], data: Safety) -> str:
    items = "".join(f"<li>{html.escape(data.references[k].text)}</li>" for k in dict.fromkeys(keys))
    return f'<div class="ck-safety-sources"><p>Sources:</p><ul>{items}</ul></div>'


def _list(items: Iterable[str], ordered: bool = False) -> str:
    tag = "ol" if ordered else "ul"
    return f"<{tag}>" + "".join(f"<li>{inline(i)}</li>" for i in items) + f"</{tag}>"


def _anchor(*parts: str) -> str:
    return "ck-" + "-".join(re.sub(r"[^a-z0-9]+", "-", p.lower()).strip("-") for p in parts)


def emergency_sentence(data: Safety) -> str:
    """'911 (United States, Canada); 999 (United Kingdom); ...': each country's main emergency number, from the data."""
    by_number: dict[str, list[str]] = {}
    for code, name in data.rules.countries.items():
        for line in data.lines_of("emergency", code):
            if line.number:
                by_number.setdefault(line.number, []).append(html.escape(name))
    shown = [f'<a class="ck-tel" href="tel:{digits(number)}"><strong>{html.escape(number)}</strong></a> ({", ".join(names)})' for number, names in by_number.items()]
    return "; ".join(shown) + "; anywhere else, your local emergency number"


def line_item(line: CrisisLine) -> str:
    """One line, as a learner reads it: the service and how to reach it, with tap-to-call and tap-to-text links."""
    return f"<strong>{html.escape(line.service)}</strong>: {linked_contact(line.contact)}"


# What comes just before a number says whether a phone should call it or text it: "Text 50808",
# "text HOME to 741741", "text your zip code to 435748", "text 'register' to 999".
_TEXT_BEFORE = re.compile(r"\btext(?:(?:\s+\S+){0,4}?\s+to)?\s*$", re.IGNORECASE)
_CALL_OR_TEXT_BEFORE = re.compile(r"\b(?:call|phone|ring|dial)\s+or\s+text\s*$", re.IGNORECASE)
_WEB = re.compile(r"\b((?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:org|com|net|ca|uk|ie|au|gov|lgbt|wales)(?:/[\w./-]*[\w/])?)", re.IGNORECASE)
_EMAIL = re.compile(r"[\w.+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+", re.IGNORECASE)
# A number in square brackets is shown without a tap link: a TTY-only number, or one that is part of
# a name ("Text with [9-1-1]", "[1-2-1] chat"). The brackets themselves are not shown.
_UNLINKED = re.compile(r"\[([^\]]+)\]")


def _spans(contact: str) -> list[tuple[int, int, str]]:
    """Email addresses, web addresses and bracketed text, in order; numbers inside them are never dialled."""
    found: list[tuple[int, int, str]] = []
    for kind, pattern in (("email", _EMAIL), ("unlinked", _UNLINKED), ("web", _WEB)):
        for match in pattern.finditer(contact):
            if not any(start < match.end() and match.start() < end for start, end, _ in found):
                found.append((match.start(), match.end(), kind))
    return sorted(found)


def _linked_numbers(contact: str, start: int, end: int) -> str:
    """contact[start:end] escaped, with each number a tel: or sms: link (the words before it decide which)."""
    out: list[str] = []
    last = start
    for match in PHONE.finditer(contact, start, end):
        number = match.group()
        if len(digits(number)) < 3:
            continue
        out.append(html.escape(contact[last:match.start()]))
        preceding = _UNLINKED.sub(r"\1", contact[: match.start()])
        scheme = "sms" if _TEXT_BEFORE.search(preceding) and not _CALL_OR_TEXT_BEFORE.search(preceding) else "tel"
        target = ("+" if number.startswith("+") else "") + digits(number)
        verb = "Text" if scheme == "sms" else "Call"
        out.append(f'<a class="ck-tel" href="{scheme}:{target}" aria-label="{verb} {html.escape(number)}"><strong>{html.escape(number)}</strong></a>')
        last = match.end()
    out.append(html.escape(contact[last:end]))
    return "".join(out)


def linked_contact(contact: str) -> str:
    """The contact sentence, escaped, with each number a tel: or sms: link, each web address a link and
    each email address a mailto: link. A number in [square brackets] is shown without a link.

    Links are only followed when a learner taps them; nothing is fetched when the page loads.
    """
    out: list[str] = []
    last = 0
    for start, end, kind in _spans(contact):
        out.append(_linked_numbers(contact, last, start))
        text = contact[start:end]
        if kind == "email":
            out.append(f'<a href="mailto:{html.escape(text)}">{html.escape(text)}</a>')
        elif kind == "web":
            out.append(f'<a href="https://{html.escape(text)}" rel="noopener">{html.escape(text)}</a>')
        else:
            out.append(html.escape(text[1:-1]))
        last = end
    out.append(_linked_numbers(contact, last, len(contact)))
    return "".join(out)


def _source_name(data: Safety, key: str) -> str:
    """'Samaritans (n.d.)': the short form of a line's source, so a reader can judge the date it was checked against."""
    text = data.references[key].text
    return text.split(").", 1)[0] + ")" if ")." in text else text


def _meta(line: CrisisLine, data: Safety) -> str:
    """Who it is for, hours, cost (when a source states it) and when it was checked, against which source."""
    parts = [f"For: {html.escape(line.who_for.rstrip('.'))}", html.escape(line.hours.rstrip("."))]
    if line.cost:
        parts.append(html.escape(line.cost.rstrip(".")))
    parts.append(f"Checked {_date(line.checked)} against {html.escape(_source_name(data, line.source))}")
    return ". ".join(parts) + "."


def _date(day: dt.date) -> str:
    return f"{day.day} {day.strftime('%b %Y')}"


@dataclass
class CrisisLines:
    """The crisis lines by country: a heading per country and a list of its lines, which reflows on a phone."""

    data: Safety
    kinds: tuple[str, ...] | None = None
    countries: tuple[str, ...] | None = None
    heading_level: int = 2

    def _repr_html_(self) -> str:
        rules = self.data.rules
        kinds = [k for k in rules.line_kinds if self.kinds is None or k in self.kinds]
        h = f"h{self.heading_level}"
        blocks, jumps = [], []
        for code, name in rules.countries.items():
            if self.countries is not None and code not in self.countries:
                continue
            rows = [r.line for k in kinds for r in self.data.lines if r.line.country == code and r.line.kind == k]
            if not rows:
                continue
            anchor = _anchor("lines", code)
            jumps.append(f'<a href="#{anchor}">{html.escape(name)}</a>')
            items = "".join(
                f'<li><p class="ck-line-kind">{html.escape(rules.line_kinds[line.kind])}</p>'
                f"<p>{line_item(line)}</p>"
                f'<p class="ck-line-meta">{_meta(line, self.data)}</p></li>'
                for line in rows
            )
            blocks.append(
                f'<section class="ck-country" id="{anchor}" aria-labelledby="{anchor}-title">'
                f'<{h} id="{anchor}-title">{html.escape(name)}</{h}><ul class="ck-line-list">{items}</ul></section>'
            )
        keys = [r.line.source for r in self.data.lines if (self.kinds is None or r.line.kind in self.kinds) and (self.countries is None or r.line.country in self.countries)]
        # The jump list follows the same order as the sections, so the host's country leads both.
        nav = f'<nav class="ck-country-jumps" aria-label="Countries on this page"><p>Jump to: {" · ".join(jumps)}</p></nav>' if len(jumps) > 1 else ""
        return '<div class="ck-crisis-lines">' + nav + "".join(blocks) + _sources(keys, self.data) + "</div>"


@dataclass
class RiskGuide:
    """What to do for one or more kinds of risk: urgency, what to ask and do, who to contact, words to use."""

    data: Safety
    risk_ids: tuple[str, ...] | None = None
    heading_level: int = 3
    with_sources: bool = True
    crisis_href: str = "crisis-support.html"
    id_prefix: str = "risk"  # a page that shows the same card twice (the tool and a chapter) needs two prefixes

    def risks(self) -> list[Risk]:
        if self.risk_ids is None:
            return list(self.data.rules.risks)
        return [self.data.risk(r) for r in self.risk_ids]

    def card(self, risk: Risk) -> str:
        h = f"h{self.heading_level}"
        lines = ""
        if risk.lines:
            lines = "".join(self._lines_for(kind) for kind in risk.lines)
            lines = f'<p><strong>Lines to contact</strong> (full list on the <a href="{html.escape(self.crisis_href)}">crisis support page</a>):</p><ul class="ck-risk-lines">{lines}</ul>'
        return (
            f'<section class="ck-risk ck-urgency-{risk.urgency}" data-risk="{risk.id}" id="{_anchor(self.id_prefix, risk.id)}" aria-labelledby="{_anchor(self.id_prefix, risk.id, "title")}">'
            f'<{h} id="{_anchor(self.id_prefix, risk.id, "title")}">{inline(risk.title)}</{h}>'
            f'<p class="ck-urgency"><strong>{inline(risk.how_fast)}</strong></p>'
            f"<p><strong>What you might notice</strong></p>{_list(risk.signs)}"
            f"<p><strong>What to ask</strong></p>{_list(risk.ask)}"
            f"<p><strong>What to do</strong></p>{_list(risk.do_now, ordered=True)}"
            f"{lines}"
            f"<p><strong>Who else to contact:</strong> {inline(risk.contact)}</p>"
            f"<p><strong>Words you might use</strong></p><blockquote><p>{inline(risk.say)}</p></blockquote>"
            f"<p><strong>Tell your supervisor:</strong> {inline(risk.tell_supervisor)}</p>"
            f"<p><strong>Never</strong></p>{_list(risk.never_alone)}"
            + (_sources(risk.references, self.data) if self.with_sources else "")
            + "</section>"
        )

    def _lines_for(self, kind: str) -> str:
        """Every covered country's lines of one kind, in full and the host's country first (who each line is
        for carries its limits: women only, an age, one nation), then places the course does not cover,
        and a plain note for a covered country with no line of this kind."""
        label = html.escape(self.data.rules.line_kinds[kind])
        if kind == "emergency":
            return f"<li>{label}: {emergency_sentence(self.data)}</li>"
        per_country, missing = [], []
        for code, name in self.data.rules.countries.items():
            lines = self.data.lines_of(kind, code)
            if not lines and code != "INT":
                missing.append(html.escape(name))
            # "Anywhere else" would read as "anywhere but the country above" inside a card.
            shown = "Any other country" if code == "INT" else html.escape(name)
            for line in lines:
                reach = linked_contact(line.contact)
                meta = [f"For: {html.escape(line.who_for.rstrip('.'))}", html.escape(line.hours.rstrip("."))] + ([html.escape(line.cost.rstrip("."))] if line.cost else [])
                suffix = f" <span class=\"ck-line-meta\">{'. '.join(meta)}.</span>"
                per_country.append(f"{shown}: {html.escape(line.service)}. {reach}{suffix}")
        if missing:
            listed = missing[0] if len(missing) == 1 else ", ".join(missing[:-1]) + " and " + missing[-1]
            per_country.append(f"{listed}: no national line of this kind is listed here. Follow “What to do” above, use any other line on this card that fits, and ask your supervisor about local services.")
        return f"<li>{label}<ul>" + "".join(f"<li>{p}</li>" for p in per_country) + "</ul></li>"

    def _repr_html_(self) -> str:
        risks = sorted(self.risks(), key=lambda r: URGENCY_ORDER[r.urgency]) if self.risk_ids is None else self.risks()
        return '<div class="ck-risk-guide">' + "".join(self.card(r) for r in risks) + "</div>"


@dataclass
class RiskSummary:
    """Every kind of risk in one table: how fast to act and what to do, in one sentence each (for one-page handouts)."""

    data: Safety
    crisis_href: str = "crisis-support.html"
    compact: bool = False  # the printed one-page guide leaves out "How fast": each "What to do" says it too

    def _repr_html_(self) -> str:
        risks = sorted(self.data.rules.risks, key=lambda r: URGENCY_ORDER[r.urgency])
        how_fast = (lambda r: "") if self.compact else (lambda r: f"<td>{inline(r.how_fast)}</td>")
        rows = "".join(f'<tr><th scope="row">{inline(r.title)}</th>{how_fast(r)}<td>{inline(r.in_short)}</td></tr>' for r in risks)
        head = "" if self.compact else '<th scope="col">How fast</th>'
        return (
            f'<p class="ck-emergency"><strong>If anyone is in immediate danger, call the emergency number now:</strong> {emergency_sentence(self.data)}.</p>'
            '<div class="ck-table-scroll" role="region" aria-labelledby="ck-risk-summary-cap" tabindex="0"><table class="ck-table ck-risk-summary">'
            '<caption id="ck-risk-summary-cap">Each kind of risk: how fast to act, and what to do</caption>'
            f'<thead><tr><th scope="col">Kind of risk</th>{head}<th scope="col">What to do</th></tr></thead>'
            f'<tbody>{rows}</tbody></table></div>'
            f'<p>What to ask, words to use and every line: the <a href="{html.escape(self.crisis_href)}">crisis support page</a>.</p>'
        )


@dataclass
class SafetyBasics:
    """The parts every crisis conversation shares: principles, the follow-up questions, means safety, a safety plan, and what comes after."""

    data: Safety
    parts: tuple[str, ...] = ("principles", "asking", "means", "plan")
    heading_level: int = 3

    def _repr_html_(self) -> str:
        rules = self.data.rules
        h = f"h{self.heading_level}"
        out = []
        for part in self.parts:
            if part == "principles":
                out.append(f'<div class="ck-safety-principles"><p><strong>Whatever the risk</strong></p>{_list(rules.principles)}</div>')
            elif part == "asking":
                a = rules.asking
                rows = "".join(f'<tr><th scope="row">{inline(q.label)}</th><td>{inline(q.ask)}</td><td>{inline(q.why)}</td></tr>' for q in a.questions)
                cap = _anchor("asking")
                out.append(
                    f'<div class="ck-asking"><p>{inline(a.intro)}</p>'
                    f'<div class="ck-table-scroll" role="region" aria-labelledby="{cap}" tabindex="0"><table class="ck-table">'
                    f'<caption id="{cap}">The follow-up questions, one at a time</caption>'
                    '<thead><tr><th scope="col">About</th><th scope="col">You might ask</th><th scope="col">Why it matters</th></tr></thead>'
                    f"<tbody>{rows}</tbody></table></div><p>{inline(a.not_assessment)}</p>{_sources(a.references, self.data)}</div>"
                )
            elif part == "means":
                m = rules.means_safety
                out.append(f'<div class="ck-means"><{h}>Making the means safer</{h}><p>{inline(m.intro)}</p>{_list(m.steps)}{_sources(m.references, self.data)}</div>')
            elif part == "plan":
                p = rules.safety_plan
                out.append(f'<div class="ck-safety-plan"><{h}>A safety plan</{h}><p>{inline(p.intro)}</p>{_list(p.steps, ordered=True)}{_sources(p.references, self.data)}</div>')
            elif part == "after":
                a = rules.after_a_crisis
                out.append(f'<div class="ck-after-crisis"><p>{inline(a.intro)}</p>{_list(a.steps)}{_sources(a.references, self.data)}</div>')
            else:
                raise ValueError(f"unknown part {part!r}; use principles, asking, means, plan or after")
        return "".join(out)


@dataclass
class EmergencyNumbers:
    data: Safety

    def _repr_html_(self) -> str:
        return f'<p class="ck-emergency"><strong>If someone is in immediate danger, call the emergency number now:</strong> {emergency_sentence(self.data)}.</p>'


@dataclass
class CrisisSheet:
    """A one-page crisis handout for the host's own country (course.yml), plus lines for anywhere.

    The full crisis page lists every country; printed, that runs to many pages. The sheet keeps what
    someone needs by the phone: the emergency number, then one row per line (who it is for, how to
    reach it, when it is open), and a short list of the sources it was checked against.
    """

    data: Safety

    def _repr_html_(self) -> str:
        rules = self.data.rules
        home, name = next(iter(rules.countries.items()))
        rows = [r.line for k in rules.line_kinds if k != "emergency" for code in (home, "INT") for r in self.data.lines
                if r.line.country == code and r.line.kind == k]
        emergency = [line for line in self.data.lines_of("emergency", home)]
        body = "".join(
            f'<tr><th scope="row">{html.escape(rules.line_kinds[line.kind])}'
            + (" (anywhere)" if line.country == "INT" else "") + "</th>"
            f"<td>{line_item(line)}<br><span class=\"ck-sheet-for\">For: {html.escape(line.who_for.rstrip('.'))}.</span></td>"
            f"<td>{html.escape(line.hours.rstrip('.'))}.</td></tr>"
            for line in rows
        )
        used = [line for line in [*emergency, *rows]]
        checked = sorted(line.checked for line in used)
        sources = "; ".join(dict.fromkeys(_source_name(self.data, line.source) for line in used))
        return (
            f'<div class="ck-crisis-sheet"><p class="ck-emergency"><strong>If someone is in immediate danger in {html.escape(name)}, call emergency services.</strong> '
            + " ".join(line_item(line) for line in emergency) + "</p>"
            f'<table class="ck-table ck-sheet-table"><caption>Crisis and support lines: {html.escape(name)}, and anywhere</caption>'
            '<thead><tr><th scope="col">Kind</th><th scope="col">Service and how to reach it</th><th scope="col">When</th></tr></thead>'
            f"<tbody>{body}</tbody></table>"
            f'<p class="ck-sheet-sources">Checked {_date(checked[0])} to {_date(checked[-1])} against: {html.escape(sources)}. '
            "Numbers and hours change: check them before you rely on them. Other countries are on the course's Crisis support page.</p></div>"
        )


# --- the calls chapters make ----------------------------------------------------------------------

def crisis_lines(kinds: Sequence[str] | None = None, countries: Sequence[str] | None = None, heading_level: int = 2) -> CrisisLines:
    return CrisisLines(safety(), tuple(kinds) if kinds else None, tuple(countries) if countries else None, heading_level)


def risk_guide(*risk_ids: str, heading_level: int = 3) -> RiskGuide:
    return RiskGuide(safety(), tuple(risk_ids) or None, heading_level)


def risk_summary() -> RiskSummary:
    return RiskSummary(safety())


def safety_basics(*parts: str, heading_level: int = 3) -> SafetyBasics:
    return SafetyBasics(safety(), tuple(parts) or ("principles", "asking", "means", "plan"), heading_level)


def emergency_numbers() -> EmergencyNumbers:
    return EmergencyNumbers(safety())


def crisis_sheet() -> CrisisSheet:
    """The one-page crisis handout for the host's country (``home_country`` in course.yml)."""
    return CrisisSheet(safety())
