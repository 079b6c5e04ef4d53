"""The benchmark's edits: each changes exactly one thing, and the course still loads after it."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import yaml

from coursekit.bench import _edit_one_question, _edit_one_table_cell
from coursekit.data import DEFAULT_DATA_DIR, load_course_data
from coursekit.quiz import load_question_bank


def _copy(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR, data)
    return data


def test_the_question_edit_changes_one_hint_and_the_bank_still_loads(tmp_path: Path) -> None:
    data = _copy(tmp_path)
    before = yaml.safe_load((data / "questions" / "groups.yml").read_text(encoding="utf-8"))["questions"]
    _edit_one_question(data)
    after = yaml.safe_load((data / "questions" / "groups.yml").read_text(encoding="utf-8"))["questions"]
    changed = [(b["id"], field) for b, a in zip(before, after) for field in set(b) | set(a) if b.get(field) != a.get(field)]
    assert len(changed) == 1 and changed[0][1] == "hint"
    assert load_question_bank(data)  # still valid


def test_the_table_edit_changes_one_statement_and_the_data_still_loads(tmp_path: Path) -> None:
    data = _copy(tmp_path)
    path = data / "modality_statements.csv"
    before = list(csv.DictReader(path.open(encoding="utf-8")))
    _edit_one_table_cell(data)
    after = list(csv.DictReader(path.open(encoding="utf-8")))
    assert len(before) == len(after)
    assert [i for i, (b, a) in enumerate(zip(before, after)) if b != a] == [0]
    assert load_course_data(data).statements is not None
