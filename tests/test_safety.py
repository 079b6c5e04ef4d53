"""Safety as data: the rules and lines load and cross-check, a broken file is named precisely, and no
page, question, role play or plan says something the safety data does not."""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

import coursekit as ck
from coursekit.data import display_path
from coursekit.safety import LINES_FILE, PHONE, SAFETY_FILE, URGENCY_ORDER, digits, load_safety
from helpers import dump_yaml, load_yaml, read_rows, set_cell, write_rows

REPO = Path(__file__).resolve().parent.parent

# The kinds of risk the course must cover (issue: one crisis protocol, right for each kind of risk).
REQUIRED_RISKS = {
    "suicidal-thoughts", "suicide-plan-or-acted", "self-harm", "harm-to-others", "domestic-abuse",
    "safeguarding", "overdose", "withdrawal", "cannot-keep-safe",
}
COUNTRIES = {"US", "CA", "GB", "IE", "AU"}


@pytest.fixture(scope="module")
def data():
    return load_safety()


def test_every_required_kind_of_risk_has_complete_guidance(data) -> None:
    risks = {r.id: r for r in data.rules.risks}
    assert REQUIRED_RISKS <= set(risks)
    for risk in risks.values():
        assert risk.ask and risk.do_now and risk.say and risk.tell_supervisor and risk.never_alone and risk.references
    assert risks["suicide-plan-or-acted"].urgency == "emergency"
    assert risks["overdose"].urgency == "emergency" and "emergency" in risks["overdose"].lines
    assert "domestic-abuse" in risks["domestic-abuse"].lines
    assert "child-protection" in risks["safeguarding"].lines


def test_the_follow_up_questions_cover_thoughts_plan_means_timing_and_acting(data) -> None:
    assert [q.id for q in data.rules.asking.questions] == ["thoughts", "plan", "means", "timing", "acted"]
    assert "posner2011cssrs" in data.rules.asking.references
    assert "stanley2012safety" in data.rules.means_safety.references


def test_every_listed_country_has_an_emergency_number_a_crisis_line_and_the_special_lines(data) -> None:
    for country in COUNTRIES:
        kinds = {line.kind for line in (r.line for r in data.lines) if line.country == country}
        assert {"emergency", "crisis", "domestic-abuse", "youth", "lgbtq"} <= kinds, (country, kinds)
    assert {"911", "988", "999", "112", "116123", "000", "131114"} <= data.numbers


def test_every_line_is_sourced_and_dated(data) -> None:
    for row in data.lines:
        assert row.line.source in data.references, row
        assert row.line.checked <= dt.date.today()


def test_stale_lines_are_reported_with_file_row_and_field(data) -> None:
    newest = max(r.line.checked for r in data.lines)
    assert data.stale(today=newest) == []
    first = data.lines[0]
    later = first.line.checked + dt.timedelta(days=400)
    warnings = data.stale(today=later)
    assert warnings[0].startswith(f"{display_path(data.directory / LINES_FILE)}, row {first.row} (id '{first.line.country} {first.line.kind}: {first.line.service}'), field 'checked': ")
    assert "400 days ago" in warnings[0]
    assert len(data.stale(today=later)) == sum((later - r.line.checked).days > 365 for r in data.lines)


# --- broken files name the file, the row or id, and the field ------------------------------------

def _break_risk(data_copy: Path, risk_id: str, field: str, value: object) -> None:
    path = data_copy / SAFETY_FILE
    content = load_yaml(path)
    next(r for r in content["risks"] if r["id"] == risk_id)[field] = value
    dump_yaml(path, content)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("lines", ["emergency", "carrier-pigeon"], "field 'lines': unknown kind of line 'carrier-pigeon'"),
        ("references", ["no-such-source"], "field 'references': reference key 'no-such-source' is not in data/references.bib"),
        ("say", "Call 116 124 now.", "field 'text': has a number in its text"),
        ("urgency", "whenever", "field 'risks.1.urgency'"),
    ],
)
def test_a_broken_risk_names_file_id_and_field(data_copy: Path, field: str, value: object, message: str) -> None:
    _break_risk(data_copy, "suicide-plan-or-acted", field, value)
    with pytest.raises(ck.CourseDataError) as caught:
        load_safety(data_copy)
    text = str(caught.value)
    assert SAFETY_FILE in text and message in text, text
    if field != "urgency":
        assert "id 'suicide-plan-or-acted'" in text


def test_a_duplicate_risk_id_is_named(data_copy: Path) -> None:
    path = data_copy / SAFETY_FILE
    content = load_yaml(path)
    content["risks"][2]["id"] = content["risks"][0]["id"]
    dump_yaml(path, content)
    with pytest.raises(ck.CourseDataError, match=r"safety\.yml, id 'suicidal-thoughts', field 'risks\.2\.id': the risk id 'suicidal-thoughts' appears twice"):
        load_safety(data_copy)


def _first(path: Path, **match: str) -> dict[str, str]:
    _, rows = read_rows(path)
    return next(r for r in rows if all(r[k] == v for k, v in match.items()))


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("country", "XX", "field 'country': unknown country 'XX'"),
        ("kind", "hotline", "field 'kind': unknown kind 'hotline'"),
        ("source", "madeup2026", "field 'source': reference key 'madeup2026' is not in data/references.bib"),
        ("checked", "last week", "field 'checked'"),
        ("checked", "2999-01-01", "field 'checked': is in the future"),
        ("contact", "Call them any time.", "field 'contact': does not mention the number"),
        ("ways", "call; telepathy", "field 'ways"),
    ],
)
def test_a_broken_crisis_line_names_file_row_and_field(data_copy: Path, field: str, value: str, message: str) -> None:
    path = data_copy / LINES_FILE
    row = _first(path, country="GB", kind="crisis")
    number = set_cell(path, {"country": "GB", "kind": "crisis", "service": row["service"]}, field, value)
    with pytest.raises(ck.CourseDataError) as caught:
        load_safety(data_copy)
    text = str(caught.value)
    assert f"{LINES_FILE}, row {number}" in text and message in text, text
    assert row["service"] in text  # the id names the line


def test_a_country_without_an_emergency_number_is_refused(data_copy: Path) -> None:
    path = data_copy / LINES_FILE
    header, rows = read_rows(path)
    write_rows(path, header, [r for r in rows if not (r["country"] == "IE" and r["kind"] == "emergency")])
    with pytest.raises(ck.CourseDataError, match=r"crisis_lines\.csv, id 'IE', field 'kind': country 'IE' has no emergency number"):
        load_safety(data_copy)


def test_a_missing_column_is_named(data_copy: Path) -> None:
    path = data_copy / LINES_FILE
    header, rows = read_rows(path)
    header = [h for h in header if h != "checked"]
    write_rows(path, header, [{k: v for k, v in r.items() if k != "checked"} for r in rows])
    with pytest.raises(ck.CourseDataError, match=r"crisis_lines\.csv, row 1, field 'checked': column is missing"):
        load_safety(data_copy)


def test_a_corrected_number_reaches_the_rendering(data_copy: Path) -> None:
    path = data_copy / LINES_FILE
    header, rows = read_rows(path)
    row = next(r for r in rows if r["country"] == "AU" and r["kind"] == "crisis")
    old_number = row["number"]
    row["number"], row["contact"] = "13 99 99", "Call 13 99 99."
    write_rows(path, header, rows)
    australia = ck.safety.CrisisLines(load_safety(data_copy), countries=("AU",))._repr_html_()
    assert "13 99 99" in australia and old_number not in australia


# --- one source of truth: nothing anywhere contradicts or re-types the safety data -----------------

def _sources() -> list[Path]:
    paths = sorted((REPO / "book").rglob("*.md"))
    paths += sorted((REPO / "data" / "questions").glob("*.yml"))
    paths += [REPO / "data" / name for name in ("role_plays.yml", "session_plans.yml", "decision_aid.yml", "glossary.csv", "modality_statements.csv", "modalities.csv")]
    return paths


def _normalised(text: str) -> str:
    return " ".join(text.lower().split())


def test_no_page_or_data_file_says_what_the_safety_data_rules_out(data) -> None:
    phrases = [c.phrase for c in data.rules.contradictions]
    assert phrases, "safety.yml lists no contradictions to look for"
    found = [f"{path.relative_to(REPO)}: {phrase!r}" for path in _sources() for phrase in phrases if _normalised(phrase) in _normalised(path.read_text(encoding="utf-8"))]
    assert not found, "\n".join(found)


ROLE = re.compile(r"\{crisis-number\}`[^`]*`")


def test_no_chapter_types_a_crisis_number_by_hand(data) -> None:
    """Chapters show numbers through {crisis-number} or ck.* calls, so a correction in the data reaches every page."""
    numbers = {n for n in data.numbers if len(n) >= 3}
    typed = []
    for path in sorted((REPO / "book").rglob("*.md")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for match in PHONE.finditer(ROLE.sub("", line)):
                if digits(match.group()) in numbers:
                    typed.append(f"{path.relative_to(REPO)}:{number}: {match.group()!r}")
    assert not typed, "crisis numbers typed by hand (use {crisis-number}`COUNTRY kind`):\n" + "\n".join(typed)


# Shapes of the numbers crisis lines use: 1-800-799-7233, 0808 2000 247, 1800 66 66 66, 13 11 14,
# 116 123, 9-8-8. Whole digit runs are found first (PHONE), so a part of a longer number never counts.
PHONE_SHAPES = [re.compile(p) for p in (
    r"1-\d{3}-\d{3}-\d{4}", r"0\d{2,4}(?: \d{2,4}){1,3}", r"1[38]00(?: ?\d{2,4}){1,3}", r"\d{4}(?: \d{2,4}){1,3}",
    r"\d{2}(?: \d{2}){2}", r"\d{3} \d{3}", r"\d-\d-\d",
)]
# Short numbers are phone numbers when a verb of calling comes before them.
CALL_SHORT = re.compile(r"\b(?:call|dial|text|ring|phone|calling|dialling|texting)(?: or text| or call)? (\d{3,6})\b(?![ -]?\d)", re.IGNORECASE)


def phone_numbers_in(text: str) -> set[str]:
    shaped = {m.group() for m in PHONE.finditer(text) if any(shape.fullmatch(m.group()) for shape in PHONE_SHAPES)}
    return shaped | {m.group(1) for m in CALL_SHORT.finditer(text)}


def test_every_number_in_a_question_role_play_or_plan_is_in_the_data(data) -> None:
    paths = sorted((REPO / "data" / "questions").glob("*.yml")) + [REPO / "data" / n for n in ("role_plays.yml", "session_plans.yml", "glossary.csv", "modality_statements.csv")]
    wrong = [f"{p.relative_to(REPO)}: {n!r}" for p in paths for n in phone_numbers_in(p.read_text(encoding="utf-8")) if digits(n) not in data.numbers]
    assert not wrong, "numbers that are not in data/crisis_lines.csv:\n" + "\n".join(wrong)


def test_the_number_finder_finds_wrong_numbers() -> None:
    assert phone_numbers_in("Call Samaritans on 116 124, or dial 998, or 1-800-799-7234.") == {"116 124", "998", "1-800-799-7234"}
    assert phone_numbers_in("In 2022, 30,000 people took part in 12 weeks of therapy.") == set()
    assert phone_numbers_in("Call 116 123, or call 0808 800 5000.") == {"116 123", "0808 800 5000"}
    assert phone_numbers_in("Childline: 1800 66 66 66.") == {"1800 66 66 66"}


@pytest.mark.parametrize("home", ["US", "GB"])
def test_a_card_lists_every_countrys_lines_home_first_and_says_where_there_is_none(home: str) -> None:
    """A supporter in any covered country finds their own numbers on the card itself: the host's
    country first, "any other country" last, and a plain note for a country with no line of a kind."""
    from bs4 import BeautifulSoup

    from coursekit.profile import home_first
    from coursekit.safety import RiskGuide, Safety

    base = load_safety()
    data = Safety(base.directory, base.rules.model_copy(update={"countries": home_first(dict(base.rules.countries), home)}), base.lines, base.references)
    names = data.rules.countries
    for risk in data.rules.risks:
        card = BeautifulSoup(RiskGuide(data, (risk.id,))._repr_html_(), "html.parser")
        for block in card.select(".ck-risk-lines > li"):
            items = [" ".join(li.get_text(" ").split()) for li in block.select("li")]
            if not items:
                continue  # the emergency numbers, in one sentence
            kind = next(k for k, label in data.rules.line_kinds.items() if block.get_text().startswith(label))
            for code, name in names.items():
                shown = "Any other country" if code == "INT" else name
                for line in data.lines_of(kind, code):
                    # Who a line is for carries its limits (women only, an age, one nation), so it is
                    # on the card for every country, not only the host's.
                    who = " ".join(BeautifulSoup(line.who_for, "html.parser").get_text().split()).rstrip(".")
                    assert any(item.startswith(f"{shown}: {line.service}") and who in item for item in items), (risk.id, code, line.service)
                if code != "INT" and not data.lines_of(kind, code):
                    assert any(name in item and "no national line of this kind" in item for item in items), (risk.id, kind, code)
            firsts = [item.split(":")[0] for item in items]
            assert firsts[0] == names[home] or not data.lines_of(kind, home), (risk.id, kind)
            assert "Anywhere else" not in " ".join(items)


def test_tap_links_call_text_mail_or_open_exactly_what_the_words_say() -> None:
    from bs4 import BeautifulSoup

    from coursekit.safety import linked_contact

    def links(contact: str) -> list[tuple[str, str]]:
        return [(a["href"], a.get_text()) for a in BeautifulSoup(linked_contact(contact), "html.parser").find_all("a")]

    assert links("Text 50808; 50808.ie gives the word to start with.") == [("sms:50808", "50808"), ("https://50808.ie", "50808.ie")]
    assert links("Call 116 123 or email jo@samaritans.org.") == [("tel:116123", "116 123"), ("mailto:jo@samaritans.org", "jo@samaritans.org")]
    assert links("text your zip code to 435748 (HELP4U)") == [("sms:435748", "435748")]
    assert links("(text 'register' to 999)") == [("sms:999", "999")]
    assert links("Call or text 988.") == [("tel:988", "988")]
    assert links("call 111 (in England you can also go to 111.nhs.uk)") == [("tel:111", "111"), ("https://111.nhs.uk", "111.nhs.uk")]
    # A number in square brackets is a name or a TTY-only number: shown, never a tap link.
    shown = linked_contact("registered for Text with [9-1-1], dial 911. [106] is only for a TTY. Use [1-2-1] chat.")
    assert [a["href"] for a in BeautifulSoup(shown, "html.parser").find_all("a")] == ["tel:911"]
    assert "Text with 9-1-1" in shown and "106 is only" in shown and "[" not in shown


def test_no_line_in_the_data_dials_or_texts_a_number_it_does_not_mean() -> None:
    """Every tap link in the crisis lines is a number the row gives, never part of a web or email address."""
    from bs4 import BeautifulSoup

    from coursekit.safety import linked_contact

    for row in load_safety().lines:
        for a in BeautifulSoup(linked_contact(row.line.contact), "html.parser").find_all("a"):
            if a["href"].startswith(("tel:", "sms:")):
                assert digits(a.get_text()) == a["href"].split(":")[1].lstrip("+"), (row.row, a)
                following = row.line.contact.split(a.get_text(), 1)[1][:1]
                assert following not in {".", "@"} or row.line.contact.split(a.get_text(), 1)[1][1:2] in {"", " "}, (row.row, a)
