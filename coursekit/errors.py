"""The one error type a maintainer sees when the course data is wrong."""

from __future__ import annotations

from pathlib import Path


class CourseDataError(ValueError):
    """A problem in a file under ``data/``, located precisely enough to fix without reading code.

    ``str(error)`` reads like: ``data/modalities.csv, row 7 (id 'cbt'), field 'cost_band': must be
    one of free, low, moderate, high, varies; got 'cheap'``.
    """

    def __init__(
        self,
        file: str | Path,
        message: str,
        *,
        row: int | None = None,
        item_id: str | None = None,
        field: str | None = None,
    ) -> None:
        self.file = str(file)
        self.row = row
        self.item_id = item_id
        self.field = field
        self.message = message
        super().__init__(self._describe())

    def _describe(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}" + (f" (id '{self.item_id}')" if self.item_id else ""))
        elif self.item_id is not None:
            where.append(f"id '{self.item_id}'")
        if self.field is not None:
            where.append(f"field '{self.field}'")
        return ", ".join(where) + ": " + self.message
