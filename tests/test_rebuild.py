"""Editing data/ reaches the built site, and a broken cell fails the build with a located message."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import BIN, DATA, REPO
from helpers import dump_yaml, load_yaml, set_cell

pytestmark = pytest.mark.book

PAGE = """---
file_format: mystnb
kernelspec:
  name: python3
  display_name: Python 3
---

# Rebuild check

```{code-cell} ipython3
:tags: [remove-input]
import coursekit as ck
ck.compare(["cbt", "dbt"], ["purpose"])
```

```{code-cell} ipython3
:tags: [remove-input]
ck.quiz("orientation")
```
"""


def build(project: Path, data: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COURSEKIT_DATA": str(data)}
    return subprocess.run([str(BIN / "python"), "-m", "coursekit.build", "build", str(project), "-W", "--keep-going"], cwd=project, env=env, capture_output=True, text=True)


def test_edit_rebuild_and_break(tmp_path: Path) -> None:
    project = tmp_path / "course"
    project.mkdir()
    shutil.copy(REPO / "_config.yml", project / "_config.yml")
    (project / "_toc.yml").write_text("format: jb-book\nroot: page\n", encoding="utf-8")
    (project / "page.md").write_text(PAGE, encoding="utf-8")
    data = project / "data"
    shutil.copytree(DATA, data)
    page = project / "_build" / "html" / "page.html"

    first = build(project, data)
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    original = (DATA / "modality_statements.csv").read_text(encoding="utf-8")
    assert "CBT" in page.read_text(encoding="utf-8")

    set_cell(data / "modality_statements.csv", {"modality": "cbt", "dimension": "purpose"}, "statement", "A maintainer's new wording for this cell.")
    second = build(project, data)
    assert second.returncode == 0, second.stdout[-3000:] + second.stderr[-3000:]
    assert "A maintainer&#x27;s new wording for this cell." in page.read_text(encoding="utf-8")
    assert (DATA / "modality_statements.csv").read_text(encoding="utf-8") == original, "the real data was not touched"

    questions = data / "questions" / "orientation.yml"
    fixed = questions.read_text(encoding="utf-8")
    content = load_yaml(questions)
    first = content["questions"][0]
    del first["options"][1]["feedback"]
    dump_yaml(questions, content)
    broken_question = build(project, data)
    assert broken_question.returncode != 0
    assert f"questions/orientation.yml, id '{first['id']}', field 'options.1.feedback'" in broken_question.stdout + broken_question.stderr
    questions.write_text(fixed, encoding="utf-8")

    # A @book with no publisher: checked once when the build starts, not on every page, and named.
    bib = data / "references.bib"
    fixed_bib = bib.read_text(encoding="utf-8")
    bib.write_text(fixed_bib + "\n@book{nopublisher2020, author = {Doe, Jane}, title = {A Book}, year = {2020}}\n", encoding="utf-8")
    broken_reference = build(project, data)
    assert broken_reference.returncode != 0
    assert "references.bib, id 'nopublisher2020', field 'publisher'" in broken_reference.stdout + broken_reference.stderr
    bib.write_text(fixed_bib, encoding="utf-8")

    row = set_cell(data / "modalities.csv", {"id": "cbt"}, "cost_band", "cheap")
    third = build(project, data)
    assert third.returncode != 0
    assert f"modalities.csv, row {row} (id 'cbt'), field 'cost_band'" in third.stdout + third.stderr


OTHER_PAGE = """---
file_format: mystnb
kernelspec:
  name: python3
  display_name: Python 3
---

# A page without the orientation quiz

```{code-cell} ipython3
:tags: [remove-input]
import coursekit as ck
ck.quiz("groups")
```
"""


def _executed(output: str) -> set[str]:
    return {Path(m).stem for m in re.findall(r"(\S+\.md): Executing notebook", output)}


def test_editing_one_question_reruns_only_the_page_that_shows_it(tmp_path: Path) -> None:
    project = tmp_path / "course"
    project.mkdir()
    shutil.copy(REPO / "_config.yml", project / "_config.yml")
    (project / "_toc.yml").write_text("format: jb-book\nroot: page\nchapters:\n  - file: other\n", encoding="utf-8")
    (project / "page.md").write_text(PAGE, encoding="utf-8")
    (project / "other.md").write_text(OTHER_PAGE, encoding="utf-8")
    data = project / "data"
    shutil.copytree(DATA, data)

    first = build(project, data)
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    assert _executed(first.stdout + first.stderr) == {"page", "other"}

    unchanged = build(project, data)
    assert _executed(unchanged.stdout + unchanged.stderr) == set()

    questions = data / "questions" / "orientation.yml"
    content = load_yaml(questions)
    content["questions"][0]["prompt"] = content["questions"][0]["prompt"] + " (edited)"
    dump_yaml(questions, content)
    edited = build(project, data)
    assert edited.returncode == 0, edited.stdout[-3000:] + edited.stderr[-3000:]
    assert _executed(edited.stdout + edited.stderr) == {"page"}
    assert "(edited)" in (project / "_build" / "html" / "page.html").read_text(encoding="utf-8")


def test_a_broken_data_file_stops_the_whole_book_before_any_page_runs_and_is_named(tmp_path: Path) -> None:
    """The real course reads pages in parallel, which drops a page's own traceback: the check comes first."""
    project = tmp_path / "course"
    shutil.copytree(REPO / "book", project / "book")
    for name in ("_config.yml", "_toc.yml", "course.yml"):
        shutil.copy(REPO / name, project / name)
    data = project / "data"
    shutil.copytree(DATA, data)
    questions = data / "questions" / "groups.yml"
    questions.write_text(questions.read_text(encoding="utf-8").replace("feedback: ", "feedback: Broken: ", 1), encoding="utf-8")
    result = build(project, data)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "data/questions/groups.yml: is not valid YAML" in output
    assert "Executing notebook" not in output, "no page ran before the data was checked"
