"""The facilitator kit: session plans add up and point at real things; role plays; answer keys; handouts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import coursekit as ck
from coursekit.quiz import load_question_bank
from coursekit.workshop import load_role_plays, load_session_plans
from helpers import dump_yaml, load_yaml


def test_plans_have_the_promised_lengths() -> None:
    plans = load_session_plans()
    assert plans["half-day"].total_minutes == 210
    assert 360 <= plans["full-day"].total_minutes <= 480
    series = plans["series-5x90"]
    assert [s.minutes for s in series.sessions] == [90, 90, 90, 90, 90]
    for plan in plans.values():
        for session in plan.sessions:
            assert sum(b.minutes for b in session.blocks) == session.minutes


def test_every_plan_uses_role_plays_and_real_chapters() -> None:
    plans = load_session_plans()
    for plan in plans.values():
        resources = {b.resource for s in plan.sessions for b in s.blocks if b.resource}
        assert any(r.startswith("book/") for r in resources) and any(b.role_play for s in plan.sessions for b in s.blocks)


def test_blocks_that_do_not_add_up_are_named(data_copy: Path) -> None:
    path = data_copy / "session_plans.yml"
    content = load_yaml(path)
    content["half-day"]["sessions"][0]["blocks"][1]["minutes"] += 5
    dump_yaml(path, content)
    with pytest.raises(ck.CourseDataError) as caught:
        load_session_plans(data_copy)
    assert "session_plans.yml, id 'half-day', field 'sessions.1.minutes': session 1 ('Half-day workshop') says 210 minutes but its blocks add up to 215" in str(caught.value)


def test_total_that_does_not_add_up_is_named(data_copy: Path) -> None:
    path = data_copy / "session_plans.yml"
    content = load_yaml(path)
    content["series-5x90"]["total_minutes"] = 300
    dump_yaml(path, content)
    with pytest.raises(ck.CourseDataError, match=r"id 'series-5x90', field 'total_minutes': total_minutes is 300 but the sessions add up to 450"):
        load_session_plans(data_copy)


def test_a_missing_chapter_or_role_play_is_named(data_copy: Path) -> None:
    path = data_copy / "session_plans.yml"
    content = load_yaml(path)
    content["full-day"]["sessions"][0]["blocks"][1]["resource"] = "book/astrology"
    dump_yaml(path, content)
    with pytest.raises(ck.CourseDataError, match=r"id 'full-day', field 'sessions.1.blocks.2.resource': 'book/astrology' does not exist"):
        load_session_plans(data_copy)
    content["full-day"]["sessions"][0]["blocks"][1]["resource"] = "book/landscape"
    content["full-day"]["sessions"][0]["blocks"][1]["role_play"] = "rp-nonexistent"
    dump_yaml(path, content)
    with pytest.raises(ck.CourseDataError, match=r"field 'sessions.1.blocks.2.role_play': role play 'rp-nonexistent'"):
        load_session_plans(data_copy)


def test_role_plays_have_three_briefs_and_known_skills() -> None:
    plays = load_role_plays()
    skills = {s.id for s in plays.checklist}
    assert {"listening", "not-diagnosing", "naming-options", "warm-handoff", "checking-safety"} <= skills
    assert len(plays.plays) >= 5
    soup = BeautifulSoup(ck.role_plays()._repr_html_(), "html.parser")
    for play in plays.plays.values():
        section = soup.find(id=play.id)
        briefs = [p.get_text() for p in section.select(".ck-brief strong")]
        assert briefs == ["Brief for the supporter", "Brief for the person seeking support", "Brief for the observer"]


def test_unknown_observer_skill_is_named(data_copy: Path) -> None:
    path = data_copy / "role_plays.yml"
    content = load_yaml(path)
    content["role_plays"][0]["observer_focus"].append("mind-reading")
    dump_yaml(path, content)
    with pytest.raises(ck.CourseDataError, match=r"role_plays.yml, id 'rp-group-or-therapist', field 'observer_focus': 'mind-reading'"):
        load_role_plays(data_copy)


def test_answer_keys_cover_every_question_with_its_explanations() -> None:
    bank = load_question_bank()
    html = ck.answer_keys()._repr_html_()
    text = BeautifulSoup(html, "html.parser").get_text(" ")
    squash = lambda s: re.sub(r"\s+", " ", s)  # noqa: E731
    for question in bank.questions.values():
        for option in question.options:
            assert squash(option.feedback.replace("**", "").replace("*", "")) in squash(text), question.id
    assert html.count("<li><p><strong>") + html.count('<li><div class="ck-scenario">') == len(bank.questions)


def test_plan_view_renders_start_times() -> None:
    soup = BeautifulSoup(ck.session_plan("half-day")._repr_html_(), "html.parser")
    starts = [th.get_text(" ").split()[0] for th in soup.select('tbody th[scope="row"]')]
    assert starts[0] == "0:00" and starts[1] == "0:15"


def test_role_plays_and_plans_link_chapters_by_their_real_titles() -> None:
    """Renaming a chapter renames every link to it: a facilitator never looks for a title that is gone."""
    from coursekit.data import page_title

    plays = load_role_plays()
    soup = BeautifulSoup(ck.role_plays()._repr_html_(), "html.parser")
    for play in plays.plays.values():
        link = soup.find(id=play.id).select_one(".ck-role-meta a")
        assert link.get_text() == page_title(play.chapter)
    assert page_title("book/referral-and-crisis") == "Referral, crisis lines and warm hand-offs"
    plan = BeautifulSoup(ck.session_plan("full-day")._repr_html_(), "html.parser")
    linked = {a["href"]: a.get_text() for a in plan.select('a[href^="../"]') if a["href"].endswith(".html")}
    assert linked["../responding-to-risk.html"] == "Responding to risk"
    assert page_title("book/no-such-page") == "No such page", "a missing page falls back to its name"
