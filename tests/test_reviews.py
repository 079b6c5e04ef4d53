"""Review dates: every page says when its content was last checked, and old reviews are listed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from coursekit.cli import main, review_check
from coursekit.errors import CourseDataError
from coursekit.reviews import book_pages, next_review, overdue, page_reviews, review_notice

REPO = Path(__file__).resolve().parent.parent


def _page(root: Path, name: str, front: str | None, body: str = "# A page\n\nText.\n") -> Path:
    path = root / "book" / f"{name}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text((f"---\n{front}\n---\n\n" if front is not None else "") + body, encoding="utf-8")
    return path


def test_every_page_of_the_book_has_a_review_date() -> None:
    reviews = page_reviews(REPO)
    assert len(reviews) == len(book_pages(REPO)) > 20
    assert {r.page for r in reviews} >= {"book/referral-and-crisis", "book/index", "book/facilitator/role-plays"}


def test_check_reports_review_dates(capsys) -> None:
    assert main(["check"]) == 0
    assert "Every page says when it was last reviewed" in capsys.readouterr().out


@pytest.mark.parametrize(("front", "expected"), [
    (None, "field 'reviewed': every page needs the date"),
    ("file_format: mystnb", "field 'reviewed': every page needs the date"),
    ("reviewed: 24/11/2026", "field 'reviewed': must be a date written YYYY-MM-DD; got '24/11/2026'"),
    ("reviewed: soon", "field 'reviewed': must be a date written YYYY-MM-DD; got 'soon'"),
])
def test_a_missing_or_malformed_date_names_the_file_and_field(tmp_path: Path, front: str | None, expected: str) -> None:
    _page(tmp_path, "good", "reviewed: 2026-01-10")
    _page(tmp_path, "groups", front)
    with pytest.raises(CourseDataError) as error:
        page_reviews(tmp_path)
    assert "groups.md" in str(error.value) and expected in str(error.value)


def test_a_date_in_the_future_is_refused(tmp_path: Path) -> None:
    _page(tmp_path, "groups", "reviewed: 2031-01-01")
    with pytest.raises(CourseDataError, match=r"groups\.md, field 'reviewed': 2031-01-01 is in the future"):
        page_reviews(tmp_path, today=dt.date(2026, 11, 24))


def test_pages_more_than_a_year_old_are_listed_oldest_first(tmp_path: Path) -> None:
    for name, day in [("fresh", "2026-06-01"), ("old", "2025-03-02"), ("older", "2024-12-31")]:
        _page(tmp_path, name, f"reviewed: {day}")
    late = overdue(page_reviews(tmp_path, today=dt.date(2026, 11, 24)), dt.date(2026, 11, 24))
    assert [(r.page, r.due.isoformat()) for r in late] == [("book/older", "2025-12-31"), ("book/old", "2026-03-02")]


def test_the_check_lists_an_old_review_but_does_not_fail(tmp_path: Path) -> None:
    _page(tmp_path, "groups", "reviewed: 2020-05-04")
    (tmp_path / "data").mkdir()
    result = review_check(tmp_path / "data")
    assert result.problems == []
    assert "    book/groups.md: reviewed 2020-05-04, due 2021-05-04" in result.notes


def test_the_notice_gives_the_review_and_the_next_due_date() -> None:
    assert review_notice(dt.date(2026, 11, 24)) == "Page last reviewed: 24 November 2026. Next review due: 24 November 2027."
    assert next_review(dt.date(2028, 2, 29)) == dt.date(2029, 2, 28)
