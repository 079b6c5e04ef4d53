"""Which data each page depends on, so a rebuild re-runs only the pages whose data changed."""

from __future__ import annotations

import re
from pathlib import Path

from coursekit.data import DEFAULT_DATA_DIR
from coursekit.page_inputs import READS, code_of, fingerprint, page_inputs

REPO = Path(__file__).resolve().parent.parent
BOOK = REPO / "book"


def _relative(paths: list[Path]) -> set[str]:
    return {p.relative_to(DEFAULT_DATA_DIR).as_posix() if p.is_relative_to(DEFAULT_DATA_DIR) else p.name for p in paths}


def test_a_quiz_depends_on_its_own_question_file_only() -> None:
    inputs = _relative(page_inputs('ck.quiz("groups")', DEFAULT_DATA_DIR, BOOK))
    assert inputs == {"questions/groups.yml", "modalities.csv"}


def test_a_call_the_table_does_not_know_depends_on_all_data() -> None:
    inputs = page_inputs("ck.something_new()", DEFAULT_DATA_DIR, BOOK)
    assert set(inputs) == {p for p in DEFAULT_DATA_DIR.rglob("*") if p.is_file()}


def test_the_competency_map_also_reads_the_chapters() -> None:
    inputs = page_inputs('ck.competency_map("samhsa")', DEFAULT_DATA_DIR, BOOK)
    assert BOOK / "groups.md" in inputs and DEFAULT_DATA_DIR / "competency_map.yml" in inputs


def test_every_call_in_the_book_is_in_the_table() -> None:
    # An unknown call is safe (it re-runs with any data change) but slow; keep the table complete.
    calls = {name for page in BOOK.rglob("*.md") for name in re.findall(r"\bck\.(\w+)\(", code_of(page.read_text(encoding="utf-8")))}
    assert calls and calls <= set(READS), sorted(calls - set(READS))


def test_editing_one_question_file_touches_only_the_pages_that_show_it() -> None:
    touched = set()
    for page in BOOK.rglob("*.md"):
        code = code_of(page.read_text(encoding="utf-8"))
        if code and DEFAULT_DATA_DIR / "questions" / "groups.yml" in page_inputs(code, DEFAULT_DATA_DIR, BOOK):
            touched.add(page.relative_to(BOOK).as_posix())
    assert touched == {"groups.md", "review.md", "competencies.md", "facilitator/answer-keys.md", "facilitator/competencies.md"}


def test_fingerprint_changes_with_content(tmp_path: Path) -> None:
    a = tmp_path / "a.csv"
    a.write_text("x", encoding="utf-8")
    before = fingerprint([a], tmp_path)
    a.write_text("y", encoding="utf-8")
    assert fingerprint([a], tmp_path) != before
