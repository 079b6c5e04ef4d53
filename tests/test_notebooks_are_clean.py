"""Notebooks are committed without outputs or widget state: the diff stays readable and nothing stale ships."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import REPO

NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))


def problems(path: Path) -> list[str]:
    notebook = json.loads(path.read_text(encoding="utf-8"))
    found = []
    if "widgets" in notebook.get("metadata", {}):
        found.append("notebook metadata holds widget state")
    for number, cell in enumerate(notebook.get("cells", []), start=1):
        if cell.get("cell_type") != "code":
            continue
        if cell.get("outputs"):
            found.append(f"cell {number} has outputs")
        if cell.get("execution_count") is not None:
            found.append(f"cell {number} has an execution count")
    return found


def test_there_are_notebooks() -> None:
    assert NOTEBOOKS, "notebooks/ holds no notebooks"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_committed_clean(path: Path) -> None:
    assert not problems(path), f"{path.name}: {', '.join(problems(path))}; clear outputs before committing (jupyter nbconvert --clear-output --inplace {path.name})"


def test_the_check_catches_outputs(tmp_path: Path) -> None:
    dirty = {"cells": [{"cell_type": "code", "execution_count": 3, "outputs": [{"output_type": "stream", "name": "stdout", "text": "x"}], "source": "", "metadata": {}}],
             "metadata": {"widgets": {"application/vnd.jupyter.widget-state+json": {"state": {}}}}, "nbformat": 4, "nbformat_minor": 5}
    path = tmp_path / "dirty.ipynb"
    path.write_text(json.dumps(dirty))
    assert problems(path) == ["notebook metadata holds widget state", "cell 1 has outputs", "cell 1 has an execution count"]
