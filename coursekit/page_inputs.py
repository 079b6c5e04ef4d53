"""Which files in ``data/`` each page's output depends on, read from the ``ck.`` calls in its code.

The book's build re-runs a page when its inputs change (:mod:`coursekit.sphinx_ext` tells Sphinx
with ``env.note_dependency`` and folds a fingerprint of them into the page, which sends it past
myst-nb's execution cache). So editing one question file re-runs the chapter that shows it (and the
pages that gather every question), not every page with a table.

A call this table does not know depends on all of ``data/``: a new function is never served stale.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

TABLES = ("modalities.csv", "dimensions.csv", "modality_statements.csv", "references.bib")
# "profile:" is the host's course.yml (or COURSE_PROFILE): its country comes first in every safety rendering.
SAFETY = ("safety.yml", "crisis_lines.csv", "references.bib", "profile:")
ALL_QUESTIONS = ("questions/*.yml", "modalities.csv")
WORKSHOP = ("session_plans.yml", "role_plays.yml")

# ck function -> the data files (globs, relative to data/) its output is built from.
# "{0}" is the call's first string argument, such as the topic of ck.quiz("groups").
READS: dict[str, tuple[str, ...]] = {
    "comparison": (*TABLES, "comparisons.yml"),
    "compare": TABLES,
    "matrix": TABLES,
    "explorer": TABLES,
    "typed_frame": TABLES,
    "typed_table": TABLES,
    "comparison_frame": (*TABLES, "comparisons.yml"),
    "course_data": (*TABLES, "comparisons.yml"),
    "load_course_data": (*TABLES, "comparisons.yml"),
    "landscape_map": ("modalities.csv",),
    "quiz": ("questions/{0}.yml", "modalities.csv"),
    "grade": ALL_QUESTIONS,
    "review": ALL_QUESTIONS,
    "answer_keys": ALL_QUESTIONS,
    "load_question_bank": (*ALL_QUESTIONS, "references.bib"),
    "crisis_lines": SAFETY,
    "emergency_numbers": SAFETY,
    "crisis_sheet": SAFETY,
    "risk_guide": SAFETY,
    "risk_summary": SAFETY,
    "safety_basics": SAFETY,
    "load_safety": SAFETY,
    "decision_aid": ("decision_aid.yml", "modalities.csv", *SAFETY),
    "which_support_fits_guide": ("decision_aid.yml", "modalities.csv", *SAFETY),
    # Both link chapters by their titles ("book:"); launch links to hand out come from course.yml.
    "session_plan": (*WORKSHOP, "profile:", "book:*.md"),
    "role_plays": (*WORKSHOP, "book:*.md"),
    # The map links chapter sections by their headings, so it also reads the chapters ("book:").
    "competency_map": ("competencies.yml", "competency_map.yml", *ALL_QUESTIONS, *WORKSHOP, "references.bib", "book:*.md"),
}

_CALL = re.compile(r"\bck\.(\w+)\(\s*(?:[\"']([^\"']*)[\"'])?")
_CELL = re.compile(r"^```\{code-cell\}[^\n]*\n(.*?)^```", re.MULTILINE | re.DOTALL)


def code_of(source: str) -> str:
    """The code cells of a MyST page, joined."""
    return "\n".join(match.group(1) for match in _CELL.finditer(source))


def page_inputs(code: str, data_dir: Path, book_dir: Path) -> list[Path]:
    """The files the ``ck.`` calls in ``code`` read, or every data file if a call is unknown."""
    every = sorted(p for p in data_dir.rglob("*") if p.is_file())
    patterns: set[str] = set()
    for name, first in _CALL.findall(code):
        if name not in READS:
            return every
        patterns.update(p.format(first) if "{0}" in p else p for p in READS[name])
    found = set()
    for pattern in patterns:
        if pattern == "profile:":
            from .profile import profile_path

            found.add(profile_path(data_dir.parent))
            continue
        base, pattern = (book_dir, pattern[5:]) if pattern.startswith("book:") else (data_dir, pattern)
        found.update(path for path in base.glob(pattern) if path.is_file())
    return sorted(p for p in found if p.is_file())


def fingerprint(paths: Iterable[Path], root: Path) -> str:
    """A short hash of the files' names (relative to ``root``) and contents."""
    import hashlib

    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(str(path.relative_to(root) if path.is_relative_to(root) else path.name).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
