"""When each page's content was last reviewed, read from the page's own front matter.

A page in ``book/`` says when a person last checked its content against its sources::

    ---
    reviewed: 2026-11-24
    ---

The date is a fact about the content, so it lives with the content, not in file timestamps (a
typo fix or a fresh clone would reset those). The built page ends with "Page last reviewed" and
the date the next review is due, as health information pages do; ``coursekit check`` fails on a
page with no date or a malformed one, and lists pages whose review is more than a year old
without failing, so an old review is a prompt to a maintainer, not a broken build.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import yaml

from .data import PACKAGE_ROOT, display_path
from .errors import CourseDataError

REVIEW_FIELD = "reviewed"
REVIEW_INTERVAL = dt.timedelta(days=365)


@dataclass(frozen=True)
class PageReview:
    page: str  # "book/groups", as in _toc.yml
    reviewed: dt.date

    @property
    def due(self) -> dt.date:
        return next_review(self.reviewed)


def next_review(reviewed: dt.date) -> dt.date:
    """A year on; 29 February reviews fall due on 28 February."""
    try:
        return reviewed.replace(year=reviewed.year + 1)
    except ValueError:
        return reviewed + REVIEW_INTERVAL


def front_matter(path: Path) -> dict:
    """The YAML block between the first two ``---`` lines, or {} when the page has none."""
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---"):
        return {}
    end = text.find("\n---", 3)
    if end < 0:
        raise CourseDataError(display_path(path), "the front matter opened with --- is never closed", field=REVIEW_FIELD)
    try:
        found = yaml.safe_load(text[3:end]) or {}
    except yaml.YAMLError as error:
        raise CourseDataError(display_path(path), f"the front matter is not valid YAML: {error}") from error
    return found if isinstance(found, dict) else {}


def parse_review_date(value: object, where: Path) -> dt.date:
    """A ``reviewed`` value as a date: YAML gives a date for 2026-11-24; anything else is refused."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    if value is None:
        raise CourseDataError(display_path(where), "every page needs the date its content was last reviewed, as 'reviewed: YYYY-MM-DD' in its front matter", field=REVIEW_FIELD)
    raise CourseDataError(display_path(where), f"must be a date written YYYY-MM-DD; got {value!r}", field=REVIEW_FIELD)


def book_pages(root: Path = PACKAGE_ROOT) -> list[Path]:
    """Every page of the book: chapters, appendices, handouts and the facilitator kit."""
    return sorted((root / "book").rglob("*.md"))


def page_reviews(root: Path = PACKAGE_ROOT, *, today: dt.date | None = None) -> list[PageReview]:
    """Each page's review date; a missing, malformed or future date raises, naming the file and field."""
    today = today or dt.date.today()
    reviews = []
    for path in book_pages(root):
        reviewed = parse_review_date(front_matter(path).get(REVIEW_FIELD), path)
        if reviewed > today:
            raise CourseDataError(display_path(path), f"{reviewed.isoformat()} is in the future; write the date the review was done", field=REVIEW_FIELD)
        reviews.append(PageReview(path.relative_to(root).with_suffix("").as_posix(), reviewed))
    return reviews


def overdue(reviews: list[PageReview], today: dt.date) -> list[PageReview]:
    """Pages whose next review date has passed, oldest first."""
    return sorted((r for r in reviews if r.due < today), key=lambda r: r.reviewed)


def review_notice(reviewed: dt.date) -> str:
    """The line at the foot of a page: when it was reviewed, and when the next review is due."""
    return f"Page last reviewed: {_long_date(reviewed)}. Next review due: {_long_date(next_review(reviewed))}."


def _long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"
