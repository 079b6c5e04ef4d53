"""Key points and facilitator notes are read from the chapters, so the gathering pages never drift."""

from __future__ import annotations

from pathlib import Path

from coursekit.competencies import teaching_chapters
from coursekit.keypoints import facilitator_notes, key_points, read_chapter, toc_chapters

REPO = Path(__file__).resolve().parent.parent

CHAPTER = """---
reviewed: 2026-11-24
file_format: mystnb
---

# Groups, briefly

## Learning objectives

By the end you will be able to:

- **explain** what a group is.

```{facilitator} Facilitator notes: timing
:class: tip
Allow 20 minutes.
```

## What groups are

Body text that is neither an objective nor a takeaway.

## Key takeaways

- Groups differ in who leads them.
- See [crisis support](crisis-support.md).

## References
"""


def _root(tmp_path: Path, text: str = CHAPTER) -> Path:
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "groups.md").write_text(text, encoding="utf-8")
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: book/groups\n", encoding="utf-8")
    return tmp_path


def test_a_chapter_splits_into_objectives_takeaways_and_notes(tmp_path: Path) -> None:
    chapter = read_chapter("book/groups", _root(tmp_path))
    assert chapter.title == "Groups, briefly"
    assert chapter.objectives == "By the end you will be able to:\n\n- **explain** what a group is.\n"
    assert "Body text" not in chapter.objectives + chapter.takeaways
    assert chapter.takeaways == "- Groups differ in who leads them.\n- See [crisis support](crisis-support.md).\n"
    assert [(n.title, n.body) for n in chapter.notes] == [("Facilitator notes: timing", "Allow 20 minutes.\n")]


def test_editing_a_takeaway_in_the_chapter_changes_the_key_points(tmp_path: Path) -> None:
    root = _root(tmp_path, CHAPTER.replace("who leads them", "who runs them and why"))
    assert "who runs them and why" in key_points(root)[0].takeaways


def test_every_teaching_chapter_is_gathered_in_reading_order() -> None:
    gathered = [c.chapter for c in key_points(REPO)]
    assert set(gathered) == set(teaching_chapters(REPO))
    order = toc_chapters(REPO)
    assert gathered == sorted(gathered, key=order.index)
    assert all(c.objectives and c.takeaways for c in key_points(REPO))


def test_every_facilitator_block_in_the_chapters_is_gathered() -> None:
    in_files = sum((REPO / f"{c}.md").read_text(encoding="utf-8").count("```{facilitator}") for c in toc_chapters(REPO) if (REPO / f"{c}.md").is_file())
    assert sum(len(c.notes) for c in facilitator_notes(REPO)) == in_files > 10
