"""Every chapter's learning objectives, key takeaways and facilitator notes, read from the chapters.

The "Key points" page and the facilitator edition's "All facilitator notes" page are built from
these, so there is no second copy to keep in step: edit a chapter and both pages follow. The
functions here only read Markdown; :mod:`coursekit.sphinx_ext` renders what they return.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .data import PACKAGE_ROOT

OBJECTIVES = "Learning objectives"
TAKEAWAYS = "Key takeaways"

_FENCE = re.compile(r"^(`{3,}|~{3,})(.*)$")
_HEADING = re.compile(r"^(#{1,6}) +(.+?)\s*$")


@dataclass(frozen=True)
class FacilitatorNote:
    title: str
    body: str  # MyST Markdown


@dataclass(frozen=True)
class ChapterPoints:
    chapter: str  # "book/groups"
    title: str
    objectives: str = ""  # MyST Markdown, facilitator blocks removed
    takeaways: str = ""
    notes: list[FacilitatorNote] = field(default_factory=list)


def toc_chapters(root: Path = PACKAGE_ROOT) -> list[str]:
    """Chapters in the order a reader meets them in ``_toc.yml``."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    found = [toc["root"]]
    for part in toc.get("parts", []):
        found += [entry["file"] for entry in part.get("chapters", [])]
    return found


def read_chapter(chapter: str, root: Path = PACKAGE_ROOT) -> ChapterPoints:
    """Split one chapter into its title, two sections and its facilitator notes."""
    lines = (root / f"{chapter}.md").read_text(encoding="utf-8").splitlines()
    title, section = chapter, None
    sections: dict[str, list[str]] = {}
    notes: list[FacilitatorNote] = []
    fence: str | None = None
    note: tuple[str, list[str]] | None = None
    for line in _without_front_matter(lines):
        match = _FENCE.match(line.strip())
        if fence is None and match:
            fence = match.group(1)
            info = match.group(2).strip()
            if info.startswith("{facilitator}"):
                note = (info[len("{facilitator}"):].strip() or "Facilitator notes", [])
                continue
        elif fence is not None and line.strip() == fence:
            fence = None
            if note is not None:
                notes.append(FacilitatorNote(note[0], _dedent_block(note[1])))
                note = None
                continue
        if note is not None:
            note[1].append(line)
            continue
        heading = _HEADING.match(line) if fence is None else None
        if heading and len(heading.group(1)) == 1 and title == chapter:
            title = heading.group(2)
            continue
        if heading and len(heading.group(1)) == 2:
            section = heading.group(2)
            continue
        if section in (OBJECTIVES, TAKEAWAYS):
            sections.setdefault(section, []).append(line)
    return ChapterPoints(chapter, title, _tidy(sections.get(OBJECTIVES, [])), _tidy(sections.get(TAKEAWAYS, [])), notes)


def key_points(root: Path = PACKAGE_ROOT) -> list[ChapterPoints]:
    """Chapters that state objectives or takeaways, in reading order."""
    chapters = [read_chapter(c, root) for c in toc_chapters(root) if (root / f"{c}.md").is_file()]
    return [c for c in chapters if c.objectives or c.takeaways]


def facilitator_notes(root: Path = PACKAGE_ROOT) -> list[ChapterPoints]:
    """Chapters that hold facilitator notes, in reading order."""
    chapters = [read_chapter(c, root) for c in toc_chapters(root) if (root / f"{c}.md").is_file()]
    return [c for c in chapters if c.notes]


def _without_front_matter(lines: list[str]) -> list[str]:
    if lines and lines[0].strip() == "---":
        for index, line in enumerate(lines[1:], start=1):
            if line.strip() == "---":
                return lines[index + 1:]
    return lines


def _dedent_block(lines: list[str]) -> str:
    # Directive options (":class: ...") belong to the block, not to its text.
    body = [line for line in lines if not re.match(r"^:[a-z-]+:", line.strip())]
    return _tidy(body)


def _tidy(lines: list[str]) -> str:
    text = "\n".join(lines).strip("\n")
    return text + "\n" if text else ""
