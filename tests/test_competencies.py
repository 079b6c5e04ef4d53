"""The competency map: every tag known, every part of the course tagged, every competency on the page."""

from __future__ import annotations

import csv
import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from coursekit.cli import check
from coursekit.competencies import (
    CompetencyMapView,
    chapter_sections,
    coverage,
    load_competency_map,
    question_competencies,
    quiz_locations,
    teaching_chapters,
)
from coursekit.errors import CourseDataError
from coursekit.export import export_all
from coursekit.quiz import load_question_bank
from coursekit.workshop import load_role_plays, load_session_plans

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def cmap():
    return load_competency_map()


def _edit(path: Path, change) -> None:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(raw)
    path.write_text(yaml.safe_dump(raw, sort_keys=False, allow_unicode=True), encoding="utf-8")


def _error(data_copy: Path) -> CourseDataError:
    with pytest.raises(CourseDataError) as caught:
        load_competency_map(data_copy)
    return caught.value


# --- the real map -------------------------------------------------------------------------------

def test_frameworks_have_the_published_number_of_categories(cmap) -> None:
    sizes = {f.id: len(f.categories) for f in cmap.frameworks}
    assert sizes == {"samhsa": 12, "ncps": 6}
    samhsa = next(f for f in cmap.frameworks if f.id == "samhsa")
    assert samhsa.categories[7].name == "Helps peers to manage crises"
    assert [c.label for c in samhsa.categories][:3] == ["I", "II", "III"]


def test_every_teaching_section_question_role_play_and_block_is_tagged(cmap) -> None:
    bank = load_question_bank()
    assert set(cmap.questions) == set(bank.questions)
    assert set(cmap.role_plays) == set(load_role_plays().plays)
    mapped = {(s.chapter, s.heading) for s in cmap.sections}
    for chapter in teaching_chapters():
        _, headings = chapter_sections(chapter)
        teaching = [h for h in headings if h not in {"Learning objectives", "Knowledge check", "Reflection", "Key takeaways", "References"}]
        assert teaching, chapter
        assert {(chapter, h) for h in teaching} <= mapped, chapter
    plans = load_session_plans()
    teaching_blocks = [b for p in plans.values() for s in p.sessions for b in s.blocks if b.resource or b.role_play]
    assert all(b.competencies is not None for b in teaching_blocks)
    assert len(cmap.blocks) == len([b for b in teaching_blocks if b.competencies]) >= len(teaching_blocks) - 5
    assert all(b.competencies for b in cmap.blocks)


def test_crisis_competency_is_taught_checked_and_practised(cmap) -> None:
    crisis = next(e for e in coverage(cmap) if e.category.id == "samhsa-crises")
    assert any(s.chapter == "book/responding-to-risk" for s in crisis.sections)
    assert any(s.chapter == "book/referral-and-crisis" for s in crisis.sections)
    assert any(s.chapter == "book/safety-guide" for s in crisis.sections)
    assert any(q.startswith("referral-and-crisis") for q in crisis.questions)
    assert "rp-plan-and-means" in crisis.role_plays and crisis.blocks


def test_the_learner_page_lists_every_competency_with_a_link_or_an_honest_gap(cmap) -> None:
    bank, plays = load_question_bank(), load_role_plays()
    soup = BeautifulSoup(CompetencyMapView(cmap, bank, plays)._repr_html_(), "html.parser")
    blocks = soup.select("section.ck-competency")
    assert len(blocks) == 18
    summary_links = [a["href"] for a in soup.select("table.ck-comp-summary a")]
    assert summary_links == [f"#{e.category.id}" for e in coverage(cmap)]
    for entry, block in zip(coverage(cmap), blocks):
        assert block["id"] == entry.category.id
        assert entry.category.name in block.h3.get_text()
        taught = block.find_all("dd")[0]
        if entry.sections:
            hrefs = [a["href"] for a in taught.find_all("a")]
            assert len(hrefs) == len(entry.sections)
            assert all(re.fullmatch(r"[a-z-]+\.html#[a-z0-9-]+", h) for h in hrefs)
        else:
            assert "Not covered" in taught.get_text()
    # Learners get no links into the facilitator kit, which their edition does not have.
    assert "role-plays.html" not in str(soup)


def test_one_framework_at_a_time(cmap) -> None:
    view = CompetencyMapView(cmap, load_question_bank(), load_role_plays(), framework="ncps")
    soup = BeautifulSoup(view._repr_html_(), "html.parser")
    assert [s["id"] for s in soup.select("section.ck-competency")] == [c.id for c in cmap.frameworks[1].categories]


def test_the_facilitator_table_links_role_plays_and_lists_question_ids(cmap) -> None:
    bank, plays = load_question_bank(), load_role_plays()
    page = CompetencyMapView(cmap, bank, plays, edition="facilitator")._repr_html_()
    assert 'href="role-plays.html#rp-plan-and-means"' in page
    assert 'href="../referral-and-crisis.html#' in page
    some_question = next(iter(cmap.questions))
    assert some_question in page
    assert "Workshop blocks:" in page


def test_quiz_locations_point_at_the_section_that_holds_the_quiz() -> None:
    where = quiz_locations()
    assert where["referral-and-crisis"] == ("referral-and-crisis.html#knowledge-check", "Referral, crisis lines and warm hand-offs")
    assert where["responding-to-risk"] == ("responding-to-risk.html#knowledge-check", "Responding to risk")
    assert where["orientation"] == ("how-to-use.html#try-a-knowledge-check", "How to use this course")


def test_coverage_is_a_pure_inversion_of_the_tags(cmap) -> None:
    entries = {e.category.id: e for e in coverage(cmap)}
    for section, tags in cmap.sections.items():
        for tag in tags:
            assert section in entries[tag].sections
    total = sum(len(e.questions) for e in entries.values())
    assert total == sum(len(t) for t in cmap.questions.values())


# --- broken data is named precisely ---------------------------------------------------------------

def test_unknown_tag_on_a_question_names_file_id_and_field(data_copy: Path) -> None:
    question = next(iter(yaml.safe_load((data_copy / "competency_map.yml").read_text())["questions"]))
    _edit(data_copy / "competency_map.yml", lambda raw: raw["questions"].__setitem__(question, ["samhsa-telepathy"]))
    error = _error(data_copy)
    assert error.file.endswith("competency_map.yml") and error.item_id == question and error.field == "questions"
    assert "samhsa-telepathy" in str(error)


def test_a_question_left_out_of_the_map_is_named(data_copy: Path) -> None:
    question = next(iter(yaml.safe_load((data_copy / "competency_map.yml").read_text())["questions"]))
    _edit(data_copy / "competency_map.yml", lambda raw: raw["questions"].pop(question))
    error = _error(data_copy)
    assert error.item_id == question and error.field == "questions" and "not mapped" in str(error)


def test_a_section_left_out_of_the_map_is_named(data_copy: Path) -> None:
    _edit(data_copy / "competency_map.yml", lambda raw: raw["sections"]["book/referral-and-crisis"].pop("Warm hand-offs, not just a phone number"))
    error = _error(data_copy)
    assert error.item_id == "book/referral-and-crisis" and error.field == "sections.Warm hand-offs, not just a phone number"


def test_a_renamed_heading_is_named(data_copy: Path) -> None:
    def rename(raw):
        chapter = raw["sections"]["book/groups"]
        chapter["Two kinds of groups"] = chapter.pop("Two kinds of group")
    _edit(data_copy / "competency_map.yml", rename)
    error = _error(data_copy)
    assert error.item_id == "book/groups" and error.field == "sections.Two kinds of groups" and "renamed" in str(error)


def test_an_unknown_role_play_is_named(data_copy: Path) -> None:
    _edit(data_copy / "competency_map.yml", lambda raw: raw["role_plays"].__setitem__("rp-does-not-exist", ["samhsa-crises"]))
    error = _error(data_copy)
    assert error.item_id == "rp-does-not-exist" and error.field == "role_plays"


def test_a_plan_block_without_competencies_is_named(data_copy: Path) -> None:
    def strip(raw):
        raw["half-day"]["sessions"][0]["blocks"][1].pop("competencies")
    _edit(data_copy / "session_plans.yml", strip)
    error = _error(data_copy)
    assert error.file.endswith("session_plans.yml") and error.item_id == "half-day"
    assert error.field == "sessions.1.blocks.2.competencies"


def test_an_unknown_competency_on_a_plan_block_is_named(data_copy: Path) -> None:
    _edit(data_copy / "session_plans.yml", lambda raw: raw["full-day"]["sessions"][0]["blocks"][1].__setitem__("competencies", ["samhsa-juggling"]))
    error = _error(data_copy)
    assert error.file.endswith("session_plans.yml") and error.item_id == "full-day" and error.field == "sessions.1.blocks.2.competencies"


def test_a_competency_id_must_carry_its_framework_prefix(data_copy: Path) -> None:
    _edit(data_copy / "competencies.yml", lambda raw: raw["frameworks"][1]["categories"][0].__setitem__("id", "foundations"))
    error = _error(data_copy)
    assert error.file.endswith("competencies.yml") and error.item_id == "foundations" and error.field == "id"


def test_coursekit_check_fails_on_an_unknown_tag(data_copy: Path, capsys) -> None:
    _edit(data_copy / "competency_map.yml", lambda raw: raw["role_plays"].__setitem__("rp-plan-and-means", ["ncps-mind-reading"]))
    assert check(data_copy) == 1
    assert "ncps-mind-reading" in capsys.readouterr().err


# --- exports carry the tags -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    out = tmp_path_factory.mktemp("export")
    export_all(out)
    return out


def test_moodle_formats_carry_each_questions_tags(exported: Path, cmap) -> None:
    tags = question_competencies(cmap)
    root = ET.parse(exported / "questions.moodle.xml").getroot()
    for element in root.iter("question"):
        if element.get("type") == "category":
            continue
        qid = element.findtext("name/text")
        assert [t.findtext("text") for t in element.findall("tags/tag")] == [tag for tag, _ in tags[qid]]
        assert element.findtext("idnumber") == qid
    gift = (exported / "questions.gift.txt").read_text(encoding="utf-8")
    for qid, pairs in tags.items():
        line = f"// [id:{qid}] " + " ".join(f"[tag:{tag}]" for tag, _ in pairs)
        assert f"{line}\n::{qid}::" in gift


def test_qti_items_and_the_csv_carry_the_tags(exported: Path, cmap) -> None:
    tags = question_competencies(cmap)
    ns = {"q": "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"}
    seen = 0
    for zip_path in (exported / "qti").glob("*.zip"):
        with zipfile.ZipFile(zip_path) as archive:
            for name in archive.namelist():
                data = archive.read(name)
                if not name.endswith(".xml") or b"<assessment " not in data:
                    continue
                for item in ET.fromstring(data).iter(f"{{{ns['q']}}}item"):
                    fields = {f.findtext("q:fieldlabel", namespaces=ns): f.findtext("q:fieldentry", namespaces=ns) for f in item.iterfind("q:itemmetadata/q:qtimetadata/q:qtimetadatafield", ns)}
                    assert fields["competencies"].split() == [tag for tag, _ in tags[item.get("title")]]
                    seen += 1
    assert seen > 100
    with (exported / "competencies.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == sum(len(pairs) for pairs in tags.values())
    assert {r["question_id"] for r in rows} == set(tags)
    assert all(r["competency"].startswith(("SAMHSA core competencies: ", "NCPS exam domains: ")) for r in rows)
