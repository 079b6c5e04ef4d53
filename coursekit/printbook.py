"""The whole course as one printable PDF (``make pdf``), from the built site, printed by Chromium.

The site is already the course in its final form (tables from data, quizzes rendered without a
kernel), so the print edition is made from it rather than from a second builder: each page's
article is taken in reading order (the site's own "next" links), its ids and links are made local
to one document, and every quiz becomes numbered questions whose answers and explanations move
to an answer section at the end. Chromium prints it twice: once to learn which page each chapter
starts on (from the PDF's link destinations), once with those numbers in the table of contents.
"""

from __future__ import annotations

import copy
import html
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any

from bs4 import BeautifulSoup, Tag

# The progress page keeps a record on the learner's device, which paper cannot do; the handouts
# print on their own (make handouts), and the crisis sheet opens this document instead.
LEFT_OUT = ("book/progress.html", "book/handouts/")
CRISIS_SHEET = "book/handouts/crisis-sheet.html"
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
# What only makes sense on a screen: buttons, live feedback, hints, launch links, page navigation.
SCREEN_ONLY = (".headerlink, .ck-live-only, .ck-actions, .ck-feedback, .ck-nojs-note, .ck-launch, .ck-exit-bar, "
               "button, script, .ck-quiz-footer, .ck-hint, .prev-next-area, #searchbox")

PRINT_CSS = """
@page { size: A4; margin: 16mm 14mm 18mm; }
html { font-size: 10.5pt; }
body { margin: 0; color: #000; background: #fff; font-family: "DejaVu Sans", Arial, sans-serif; line-height: 1.45; }
a { color: #0b3d91; }
.ck-print-title { break-after: page; padding-top: 30%; }
.ck-print-title h1 { font-size: 26pt; margin: 0 0 0.5rem; }
.ck-print-title .ck-print-edition { font-size: 14pt; }
.ck-print-title .ck-print-note { margin-top: 3rem; max-width: 34rem; }
.ck-print-crisis, .ck-print-contents, .ck-print-chapter, .ck-print-answers { break-before: page; }
.ck-print-contents ol { list-style: none; padding: 0; margin: 0; }
.ck-print-contents li { display: flex; gap: 0.4rem; margin: 0.15rem 0; }
.ck-print-contents li a { flex: 0 1 auto; }
.ck-print-contents li .ck-print-leader { flex: 1 1 auto; border-bottom: 1px dotted #666; margin-bottom: 0.35em; }
.ck-print-contents li .ck-print-page { flex: 0 0 2.5em; text-align: right; }
.ck-print-contents .ck-print-part { font-weight: 700; margin-top: 0.7rem; }
h1 { font-size: 20pt; } h2 { font-size: 14pt; break-after: avoid; } h3 { font-size: 12pt; break-after: avoid; }
table { border-collapse: collapse; width: 100%; font-size: 8.5pt; }
th, td { border: 1px solid #999; padding: 0.2rem 0.35rem; vertical-align: top; text-align: left; }
tr, li, figure, img, .ck-print-question, .admonition { break-inside: avoid; }
img { max-width: 100%; height: auto; }
.admonition, aside.sidebar { border-left: 4px solid #555; padding: 0.3rem 0.8rem; margin: 0.8rem 0; }
.admonition-title { font-weight: 700; }
details > summary { font-weight: 700; list-style: none; }
.ck-print-question ol.ck-print-options { list-style: upper-alpha; }
.ck-print-question .ck-print-match { margin: 0.2rem 0 0.2rem 1rem; }
.ck-print-lines { border-bottom: 1px solid #999; height: 1.6rem; }
.ck-print-answers h3 { margin-top: 1rem; }
.ck-print-answers dt { font-weight: 400; margin-top: 0.3rem; }
.ck-print-answers dd { margin: 0 0 0.3rem 1.2rem; }
"""


@dataclass(frozen=True)
class Page:
    """One page of the site, in reading order: where it is, its title and its part of the book."""

    path: str
    title: str
    part: str
    article: Tag


def _read(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


def _first_page(site: Path) -> str:
    """The root page: index.html is a redirect to it."""
    refresh = _read(site, "index.html").find("meta", attrs={"http-equiv": lambda value: (value or "").lower() == "refresh"})
    if refresh is None:
        return "index.html"
    return re.sub(r"^.*url=", "", str(refresh["content"])).strip()


def _resolve(path: str, href: str) -> str:
    """A link's target as a path from the site's root, without its fragment."""
    parts: list[str] = []
    for part in (PurePosixPath(path).parent / href.split("#")[0]).parts:
        if part == "..":
            parts.pop()
        elif part != ".":
            parts.append(part)
    return "/".join(parts)


def _parts(soup: BeautifulSoup, path: str) -> dict[str, str]:
    """Which part of the book each page is in, from the sidebar's captions."""
    found: dict[str, str] = {}
    nav = soup.select_one("nav.bd-docs-nav")
    caption = ""
    for element in nav.find_all(["p", "a"]) if nav else []:
        if element.name == "p" and "caption" in (element.get("class") or []):
            caption = element.get_text(" ", strip=True)
        elif element.name == "a" and element.get("href") and not str(element["href"]).startswith(("http", "#")):
            found.setdefault(_resolve(path, str(element["href"])), caption)
    return found


def reading_order(site: Path) -> list[Page]:
    """Every page a reader reaches by "Next" from the first, less the ones paper cannot hold."""
    path = _first_page(site)
    pages: list[Page] = []
    parts: dict[str, str] = {}
    seen: set[str] = set()
    while path and path not in seen:
        seen.add(path)
        soup = _read(site, path)
        parts = parts or _parts(soup, path)
        article = soup.select_one("article.bd-article")
        heading = article.find("h1") if article else None
        if article is not None and heading is not None:
            title = heading.get_text(" ", strip=True).rstrip("#").strip()
            pages.append(Page(path, title, parts.get(path, ""), article))
        following = soup.select_one("a.right-next")
        path = _resolve(path, str(following["href"])) if following else ""
    return pages


def anchor(path: str) -> str:
    """The id of a page's first element in the print document."""
    return "p-" + re.sub(r"[^a-z0-9]+", "-", path.removesuffix(".html").lower()).strip("-")


def _localise(article: Tag, path: str, printed: set[str]) -> None:
    """Make ids unique across the document and point links at them; pictures keep their files."""
    prefix = anchor(path)
    for element in article.find_all(id=True):
        element["id"] = f"{prefix}--{element['id']}"
    for label in article.find_all(attrs={"for": True}):
        label["for"] = f"{prefix}--{label['for']}"
    for link in article.find_all("a", href=True):
        href = str(link["href"])
        if re.match(r"^[a-z]+:", href):
            continue  # another host, a phone number or an email address: printed as it is
        target = _resolve(path, href) if not href.startswith("#") else path
        fragment = href.partition("#")[2]
        if target not in printed:
            link.unwrap()  # a page the print edition leaves out (search, index, the progress record)
        elif fragment:
            link["href"] = f"#{anchor(target)}--{fragment}"
        else:
            link["href"] = f"#{anchor(target)}"
    for image in article.find_all("img", src=True):
        if not re.match(r"^[a-z]+:", str(image["src"])):
            image["src"] = _resolve(path, str(image["src"]))


def _print_question(soup: BeautifulSoup, question: Tag, number: str, answer_id: str) -> Tag | None:
    """A quiz question as paper holds it: the stem, lettered options or match rows, and where its answer is.

    Returns the answer block for the end of the document (None for the practice tool, which has none).
    """
    answer = question.select_one("details.ck-answer")
    kind = question.get("data-kind", "")
    stem = question.find("legend")
    stem_text = stem.get_text(" ", strip=True) if stem else ""
    number_span = stem.select_one(".ck-question-number") if stem else None
    if number_span is not None:
        number_span.string = f"{number}. "
    box = soup.new_tag("div", attrs={"class": "ck-print-question", "id": str(question.get("id", ""))})
    if stem is not None:
        heading = soup.new_tag("p")
        heading.append(soup.new_tag("strong"))
        heading.strong.extend(list(stem.contents))
        box.append(heading)
    how = question.select_one(".ck-how")
    if how is not None:
        box.append(how)
    labels = question.select("ul.ck-options label")
    if labels:
        options = soup.new_tag("ol", attrs={"class": "ck-print-options"})
        for label in labels:
            item = soup.new_tag("li")
            item.string = label.get_text(" ", strip=True)
            options.append(item)
        box.append(options)
    for row in question.select(".ck-match-row"):
        line = soup.new_tag("p", attrs={"class": "ck-print-match"})
        line.string = row.find("label").get_text(" ", strip=True) + " → ______"
        box.append(line)
    choices = [o.get_text(strip=True) for o in question.select(".ck-match-row select option") if o.get("value")]
    if choices:
        note = soup.new_tag("p")
        note.string = "Choose from: " + "; ".join(dict.fromkeys(choices)) + "."
        box.append(note)
    if kind == "reflection":
        for _ in range(4):
            box.append(soup.new_tag("div", attrs={"class": "ck-print-lines"}))
    question.replace_with(box)
    if answer is None:
        return None
    pointer = soup.new_tag("p")
    link = soup.new_tag("a", href=f"#{answer_id}")
    link.string = "Answer and explanation at the end of the book"
    pointer.append(link)
    box.append(pointer)
    block = soup.new_tag("div", attrs={"class": "ck-print-answer", "id": answer_id})
    title = soup.new_tag("p")
    title.append(soup.new_tag("strong"))
    title.strong.string = f"{number}. " + re.sub(r"^Question \d+ of \d+\s*", "", stem_text)
    block.append(title)
    summary = answer.find("summary")
    if summary is not None:
        summary.decompose()
    texts = [label.get_text(" ", strip=True) for label in labels]
    for term in answer.find_all("dt"):
        said = term.get_text(" ", strip=True)
        letter = next((LETTERS[i] for i, text in enumerate(texts) if said.startswith(text)), "")
        if letter:
            term.insert(0, f"{letter}. ")
    block.extend(list(answer.contents))
    return block


def _print_quizzes(soup: BeautifulSoup, article: Tag, page: Page, chapter: int) -> list[Tag]:
    answers: list[Tag] = []
    for aid in article.select("section.ck-aid"):
        note = soup.new_tag("p", attrs={"class": "admonition"})
        note.string = "This page has an interactive practice tool. Use it on the course website, or use the printed guide “Which support fits?” from the course handouts."
        aid.replace_with(note)
    for count, question in enumerate(article.select("fieldset.ck-question"), start=1):
        block = _print_question(soup, question, f"{chapter}.{count}", f"{anchor(page.path)}--answer-{count}")
        if block is not None:
            answers.append(block)
    return answers


def _tidy(article: Tag) -> None:
    for element in article.select(SCREEN_ONLY):
        element.decompose()
    for details in article.find_all("details"):
        details["open"] = ""


def _contents(soup: BeautifulSoup, pages: list[Page], numbers: dict[str, int]) -> Tag:
    section = soup.new_tag("section", attrs={"class": "ck-print-contents", "id": "contents"})
    heading = soup.new_tag("h1")
    heading.string = "Contents"
    section.append(heading)
    listing = soup.new_tag("ol")
    part = None
    for page in pages:
        if page.part != part and page.part:
            part = page.part
            caption = soup.new_tag("li", attrs={"class": "ck-print-part"})
            caption.string = part
            listing.append(caption)
        item = soup.new_tag("li")
        link = soup.new_tag("a", href=f"#{anchor(page.path)}")
        link.string = page.title
        item.append(link)
        item.append(soup.new_tag("span", attrs={"class": "ck-print-leader"}))
        number = soup.new_tag("span", attrs={"class": "ck-print-page"})
        number.string = str(numbers.get(page.path, ""))
        item.append(number)
        listing.append(item)
    section.append(listing)
    return section


def assemble(site: Path, title: str, edition: str, numbers: dict[str, int] | None = None, today: date | None = None) -> str:
    """The print document as one HTML page, to be opened from the site's root (its pictures are there)."""
    all_pages = reading_order(site)
    pages = [page for page in all_pages if not page.path.startswith(LEFT_OUT)]
    printed = {page.path for page in pages}
    soup = BeautifulSoup("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'></head><body></body></html>", "html.parser")
    soup.title = None
    head_title = soup.new_tag("title")
    head_title.string = f"{title} ({edition} edition)"
    soup.head.append(head_title)
    style = soup.new_tag("style")
    style.string = PRINT_CSS
    soup.head.append(style)
    cover = soup.new_tag("section", attrs={"class": "ck-print-title"})
    cover.append(BeautifulSoup(
        f"<h1>{html.escape(title)}</h1><p class='ck-print-edition'>{html.escape(edition.capitalize())} edition, printed {(today or date.today()).isoformat()}</p>"
        "<p class='ck-print-note'>This is the course website in print. The quizzes are printed as questions, with every answer "
        "and its explanation at the end. If someone is in danger now, the next page says who to call.</p>",
        "html.parser",
    ))
    soup.body.append(cover)
    crisis = next((page for page in all_pages if page.path == CRISIS_SHEET), None)
    if crisis is not None:
        sheet = soup.new_tag("section", attrs={"class": "ck-print-crisis", "id": anchor(CRISIS_SHEET)})
        article = copy.copy(crisis.article)
        _localise(article, crisis.path, printed)
        _tidy(article)
        sheet.extend(list(article.contents))
        heading = sheet.find("h1")
        if heading is not None:
            heading.string = "If someone may be at risk: crisis contacts"
        soup.body.append(sheet)
    soup.body.append(_contents(soup, pages, numbers or {}))
    answers: list[tuple[Page, list[Tag]]] = []
    for number, page in enumerate(pages, start=1):
        article = copy.copy(page.article)
        _localise(article, page.path, printed)
        page_answers = _print_quizzes(soup, article, page, number)
        _tidy(article)
        chapter = soup.new_tag("section", attrs={"class": "ck-print-chapter", "id": anchor(page.path)})
        chapter.extend(list(article.contents))
        soup.body.append(chapter)
        if page_answers:
            answers.append((page, page_answers))
    if answers:
        section = soup.new_tag("section", attrs={"class": "ck-print-answers", "id": "answers"})
        heading = soup.new_tag("h1")
        heading.string = "Answers and explanations"
        section.append(heading)
        for page, blocks in answers:
            sub = soup.new_tag("h3")
            link = soup.new_tag("a", href=f"#{anchor(page.path)}")
            link.string = page.title
            sub.append(link)
            section.append(sub)
            section.extend(blocks)
        soup.body.append(section)
    return str(soup)


def start_pages(pdf: Path, pages: list[str]) -> dict[str, int]:
    """The page (from 1) each printed chapter starts on, read from the PDF's link destinations."""
    from pypdf import PdfReader

    reader = PdfReader(str(pdf))
    destinations = {name.lstrip("/"): destination for name, destination in reader.named_destinations.items()}
    return {path: reader.get_destination_page_number(destinations[anchor(path)]) + 1
            for path in pages if anchor(path) in destinations}


def page_count(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(str(pdf)).pages)


FOOTER = (
    '<div style="font-size:8pt;width:100%;padding:0 14mm;display:flex;justify-content:space-between;color:#333;'
    'font-family:DejaVu Sans,Arial,sans-serif"><span>{title}</span><span>Page <span class="pageNumber"></span> of '
    '<span class="totalPages"></span></span></div>'
)


def render_pdf(site: Path, out: Path, title: str, edition: str, browser: Any = None) -> Path:
    """Print the whole course to ``out`` (A4), with page numbers, working links and a bookmark outline."""
    from .handouts import launched_browser, serve

    out.parent.mkdir(parents=True, exist_ok=True)
    pages = [page.path for page in reading_order(site) if not page.path.startswith(LEFT_OUT)]
    document = site / "_print-edition.html"
    footer = FOOTER.format(title=html.escape(title))
    try:
        with serve(site) as base, launched_browser(browser) as chromium:
            tab = chromium.new_page()
            numbers: dict[str, int] = {}
            for _ in range(3):  # the numbers take no more room than blanks, so the second pass settles it
                document.write_text(assemble(site, title, edition, numbers), encoding="utf-8")
                tab.goto(f"{base}/{document.name}", wait_until="load")
                tab.emulate_media(media="print")
                tab.pdf(path=str(out), format="A4", print_background=False, outline=True, tagged=True,
                        display_header_footer=True, header_template="<span></span>", footer_template=footer,
                        margin={"top": "16mm", "bottom": "18mm", "left": "14mm", "right": "14mm"})
                found = start_pages(out, pages)
                if found == numbers:
                    break
                numbers = found
            tab.close()
    finally:
        document.unlink(missing_ok=True)
    return out
