"""The whole course in print (make pdf): reading order, one document's links, quizzes with an answer section."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from conftest import Build
from coursekit.printbook import anchor, assemble, reading_order, render_pdf

NAV = """<nav class="bd-docs-nav"><p class="caption">Start here</p><ul><li><a href="first.html">First</a></li></ul>
<p class="caption">Kinds of support</p><ul><li><a href="second.html">Second</a></li><li><a href="progress.html">Progress</a></li></ul></nav>"""

QUIZ = """<section class="ck-quiz"><fieldset class="ck-question" data-kind="single" id="q1"><legend><span class="ck-question-number">Question 1 of 1</span>Which is part of the role?</legend>
<ul class="ck-options"><li><label for="o0"><input id="o0" type="radio"><span>Diagnosing</span></label></li>
<li><label for="o1"><input id="o1" type="radio"><span>Listening</span></label></li></ul>
<div class="ck-actions ck-live-only"><button>Check answer</button></div>
<details class="ck-answer"><summary>Show answer</summary><dl><dt>Diagnosing: <strong>not correct</strong></dt><dd>That is a clinician's job.</dd>
<dt>Listening: <strong>correct</strong></dt><dd>Yes, listening is the heart of it.</dd></dl></details></fieldset></section>"""


def _page(title: str, body: str, following: str | None) -> str:
    link = f'<a class="right-next" href="{following}">Next</a>' if following else ""
    return f"<html><body>{NAV}<article class='bd-article'><section id='top'><h1>{title}<a class='headerlink' href='#top'>#</a></h1>{body}</section></article>{link}</body></html>"


@pytest.fixture
def small_site(tmp_path: Path) -> Path:
    (tmp_path / "book").mkdir()
    (tmp_path / "index.html").write_text('<!DOCTYPE html><title>A course</title><meta http-equiv="refresh" content="0; url=book/first.html">')
    (tmp_path / "book" / "first.html").write_text(_page("First", "<p>See <a href='second.html#later'>later</a> and <a href='progress.html'>your progress</a>.</p>", "second.html"))
    (tmp_path / "book" / "second.html").write_text(_page("Second", f"<p id='later'>Later.</p>{QUIZ}", "progress.html"))
    (tmp_path / "book" / "progress.html").write_text(_page("Progress", "<p>Saved on this device.</p>", None))
    return tmp_path


def test_reading_order_follows_next_links_and_knows_each_part(small_site: Path) -> None:
    pages = reading_order(small_site)
    assert [(p.path, p.title, p.part) for p in pages] == [
        ("book/first.html", "First", "Start here"),
        ("book/second.html", "Second", "Kinds of support"),
        ("book/progress.html", "Progress", "Kinds of support"),
    ]


def test_print_document_links_within_itself_and_moves_answers_to_the_end(small_site: Path) -> None:
    soup = BeautifulSoup(assemble(small_site, "A course", "learner", {"book/first.html": 4}), "html.parser")
    chapters = soup.select("section.ck-print-chapter")
    assert [c["id"] for c in chapters] == [anchor("book/first.html"), anchor("book/second.html")], "the progress page is left out"
    # A link to another page's heading points at that heading in this document; one to a left-out page is plain text.
    link = chapters[0].find("a", string="later")
    assert link["href"] == f"#{anchor('book/second.html')}--later" and soup.find(id=link["href"][1:]) is not None
    assert chapters[0].find("a", string="your progress") is None and "your progress" in chapters[0].get_text()
    contents = soup.select_one("section.ck-print-contents")
    assert [li.get_text(" ", strip=True) for li in contents.select("li")][:2] == ["Start here", "First 4"]
    # The quiz is questions with lettered options on the page, and its answer and explanations at the end.
    question = chapters[1].select_one(".ck-print-question")
    assert question.find("strong").get_text(" ", strip=True).startswith("2.1.")
    assert [li.get_text() for li in question.select("ol.ck-print-options li")] == ["Diagnosing", "Listening"]
    assert not chapters[1].select("input, button, details.ck-answer") and "listening is the heart" not in chapters[1].get_text()
    answer = soup.select_one("section.ck-print-answers .ck-print-answer")
    assert answer.find("strong").get_text() == "2.1. Which is part of the role?"
    assert [dt.get_text(" ", strip=True) for dt in answer.find_all("dt")] == ["A. Diagnosing: not correct", "B. Listening: correct"]
    assert question.find("a", string=re.compile("Answer"))["href"] == f"#{answer['id']}"


def _text(page: object) -> str:
    return " ".join(unicodedata.normalize("NFKC", page.extract_text()).split())


@pytest.mark.book
@pytest.mark.browser
@pytest.mark.parametrize("edition", ["learner", "facilitator"])
def test_the_whole_course_prints_with_contents_page_numbers_and_answers(edition: str, strict_build: Build, facilitator_build: Build, browser, tmp_path: Path) -> None:
    site = strict_build.html if edition == "learner" else facilitator_build.html
    pdf = render_pdf(site, tmp_path / f"course-{edition}.pdf", "Understanding mental health support", edition, browser=browser)
    reader = PdfReader(pdf)
    pages = [_text(page) for page in reader.pages]
    assert len(pages) > 100, len(pages)
    assert not (site / "_print-edition.html").exists(), "the print document is removed from the site afterwards"
    # Page 2 is the crisis sheet; then the contents, where each chapter's number is the page it starts on.
    assert "call emergency services" in pages[1] and "988" in pages[1]
    contents = pages[2]
    assert contents.startswith("Contents")
    printed = [p for p in reading_order(site) if not p.path.startswith(("book/progress.html", "book/handouts/"))]
    for chapter in printed:
        found = re.search(re.escape(chapter.title.replace("’", "'")) + r" (\d+)", contents.replace("’", "'"))
        assert found, f"{chapter.title} is not in the contents"
        start = pages[int(found.group(1)) - 1].replace("’", "'")
        assert chapter.title.replace("’", "'") in start, f"{chapter.title}: contents say page {found.group(1)}"
    # The contents' entries are links into the document, and there is a bookmark outline.
    links = [a.get_object() for a in reader.pages[2].get("/Annots", []) if a.get_object().get("/Subtype") == "/Link"]
    assert len([a for a in links if "/Dest" in a]) >= len(printed)
    assert reader.outline
    # Page numbers in the footer; no on-screen controls or build commands in print.
    assert all(re.search(rf"Page {n} of {len(pages)}", text) for n, text in enumerate(pages, start=1) if n % 25 == 1)
    everything = " ".join(pages)
    # (The prose may name the website's buttons; the buttons and menus themselves are not printed.)
    assert "Save my thoughts" not in everything and "Choose…" not in everything and "make handouts" not in everything
    # Each quiz's answers are at the end: the role question's right option, lettered as it was printed.
    answers_from = next(i for i, text in enumerate(pages) if text.startswith("Answers and explanations"))
    assert answers_from > len(pages) // 2
    question_page = next(text for text in pages[:answers_from] if "Which of these is part of a peer supporter's role?" in text)
    letter = re.search(r"([A-D])\. Helping someone find a doctor or a lawyer", question_page).group(1)
    tail = " ".join(pages[answers_from:])
    assert re.search(rf"{letter}\. Helping someone find a doctor or a lawyer, and plan what to say to them: correct", tail)
    if edition == "facilitator":
        assert "Facilitator notes" in everything or "Facilitator note" in everything
