"""The glossary: ``data/glossary.csv``, one term a row, rendered by the ``{course-glossary}`` directive."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import Field

from .data import DEFAULT_DATA_DIR, KeyList, Text, _Row, course_data, display_path, read_csv_rows, validate_row
from .errors import CourseDataError

GLOSSARY_FILE = "glossary.csv"


class GlossaryRow(_Row):
    term: Text
    aliases: KeyList = Field(default_factory=list)
    definition: Text
    references: KeyList = Field(default_factory=list)


@dataclass(frozen=True)
class GlossaryEntry:
    term: str
    aliases: tuple[str, ...]
    definition: str
    references: tuple[str, ...]


def load_glossary(directory: str | Path | None = None) -> list[GlossaryEntry]:
    """Every term, checked: no empty definition, no term twice, every reference key in the .bib."""
    directory = Path(directory) if directory is not None else DEFAULT_DATA_DIR
    references = course_data(directory).references
    path = directory / GLOSSARY_FILE
    shown = display_path(path)
    seen: dict[str, int] = {}
    entries = []
    for line, cells in read_csv_rows(path, list(GlossaryRow.model_fields)):
        term = cells.get("term", "").strip() or None
        row = validate_row(GlossaryRow, {k: v for k, v in cells.items() if v.strip() or k == "term"}, file=shown, row=line, item_id=term)
        for name in (row.term, *row.aliases):
            if name.lower() in seen:
                raise CourseDataError(shown, f"'{name}' is already defined in row {seen[name.lower()]}", row=line, item_id=row.term, field="term")
            seen[name.lower()] = line
        for key in row.references:
            if key not in references:
                raise CourseDataError(shown, f"reference key '{key}' is not in data/references.bib", row=line, item_id=row.term, field="references")
        entries.append(GlossaryEntry(row.term, tuple(row.aliases), row.definition, tuple(row.references)))
    if not entries:
        raise CourseDataError(shown, "has a header but no rows")
    return entries
