"""Small tools for tests that break a copy of the data on purpose."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import yaml


def read_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def write_rows(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def set_cell(path: Path, match: dict[str, str], field: str, value: str) -> int:
    """Change one cell; return the spreadsheet row number (header = row 1) of the changed row."""
    header, rows = read_rows(path)
    for index, row in enumerate(rows):
        if all(row[k] == v for k, v in match.items()):
            row[field] = value
            write_rows(path, header, rows)
            return index + 2
    raise AssertionError(f"no row matching {match} in {path}")


def row_number(path: Path, match: dict[str, str]) -> int:
    _, rows = read_rows(path)
    return next(i + 2 for i, row in enumerate(rows) if all(row[k] == v for k, v in match.items()))


def load_yaml(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def dump_yaml(path: Path, content: object) -> None:
    path.write_text(yaml.safe_dump(content, sort_keys=False, allow_unicode=True), encoding="utf-8")
