"""A Jupyter without the course (as on Colab): the notebook's first cell installs it from the repository.

The test makes such a Jupyter here: a fresh virtual environment whose kernel can import the pinned
libraries but not ``coursekit``, and the course served from a local git repository (so no network).
It runs a workshop notebook whose first cell is :func:`install_cell`, then checks that the package came
from the repository with its data, that the notebook ran, and that running the cell again does nothing.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from coursekit.launch import PLAIN_IMPORT, LaunchSettings, install_cell, install_cells_out_of_step, set_install_cells

REPO = Path(__file__).resolve().parent.parent


def test_the_install_cell_only_imports_without_a_repository_and_installs_from_it_with_one() -> None:
    assert install_cell(LaunchSettings()) == PLAIN_IMPORT
    cell = install_cell(LaunchSettings("https://github.com/example-org/peer-course", "workshop"))
    assert cell.splitlines()[0] == "try:" and cell.splitlines()[-1] == f"    {PLAIN_IMPORT}"
    assert '%pip install --quiet "coursekit @ git+https://github.com/example-org/peer-course@workshop"' in cell


def test_install_cells_follow_the_profile_and_the_check_catches_a_stale_one(tmp_path: Path) -> None:
    shutil.copytree(REPO / "notebooks", tmp_path / "notebooks")
    assert install_cells_out_of_step(LaunchSettings(), tmp_path) == []  # the course's own: no repository
    settings = LaunchSettings("https://github.com/example-org/peer-course", "main", colab=True)
    changed = set_install_cells(settings, tmp_path)
    assert changed and install_cells_out_of_step(settings, tmp_path) == []
    notebook = nbformat.read(tmp_path / changed[0], as_version=4)
    nbformat.validate(notebook)
    assert notebook.cells[1].source == install_cell(settings)  # the heading, then the install cell
    other = LaunchSettings("https://github.com/other-org/peer-course", "main")
    assert install_cells_out_of_step(other, tmp_path) == changed


def _course_repository(target: Path) -> str:
    """The working tree as a git repository a pip install can read (file://, so nothing leaves the machine)."""
    files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=REPO, capture_output=True, text=True, check=True).stdout.split("\n")
    for name in filter(None, files):
        source = REPO / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    git = ["git", "-c", "user.name=test", "-c", "user.email=test@example.org"]
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=target, check=True)
    subprocess.run(["git", "add", "-A"], cwd=target, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "course"], cwd=target, check=True)
    return target.as_uri()


def _jupyter_without_the_course(target: Path) -> Path:
    """A virtual environment that sees the pinned libraries (pandas, ipywidgets, ipykernel, pip) but not coursekit."""
    venv.EnvBuilder(with_pip=False).create(target)
    python = target / "bin" / "python"
    site = Path(subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], capture_output=True, text=True, check=True).stdout.strip())
    # A path in a .pth file is added to sys.path, but .pth files inside it are not run: so the course's
    # editable install (a .pth finder) stays invisible, as on a Jupyter that never had the course.
    (site / "pinned-libraries.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    return python


def _output_text(cell: nbformat.NotebookNode) -> str:
    return "".join(out.get("text", "") for out in cell.get("outputs", []) if out.get("output_type") == "stream")


@pytest.mark.hub
def test_a_notebook_installs_the_course_where_it_is_missing_then_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = _course_repository(tmp_path / "course")
    python = _jupyter_without_the_course(tmp_path / "env")
    assert subprocess.run([python, "-c", "import coursekit"], cwd=tmp_path, capture_output=True).returncode != 0
    kernels = tmp_path / "kernels" / "kernels" / "without-course"
    kernels.mkdir(parents=True)
    (kernels / "kernel.json").write_text(json.dumps({
        "argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python without the course", "language": "python"}), encoding="utf-8")
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "kernels"))
    monkeypatch.delenv("COURSEKIT_DATA", raising=False)
    monkeypatch.delenv("PYTHONPATH", raising=False)
    # Offline: the libraries are already there, and the package builds with the setuptools already there.
    monkeypatch.setenv("PIP_NO_INDEX", "1")
    monkeypatch.setenv("PIP_NO_BUILD_ISOLATION", "0")

    notebook = nbformat.read(REPO / "notebooks" / "ch04-groups.ipynb", as_version=4)
    first = next(cell for cell in notebook.cells if cell.cell_type == "code")
    first.source = install_cell(LaunchSettings(url, "main"))
    notebook.cells.append(nbformat.v4.new_code_cell("print('FROM', ck.__file__, ck.course_data().directory)"))
    notebook.cells.append(nbformat.v4.new_code_cell(first.source))  # run again: now nothing to do
    NotebookClient(notebook, kernel_name="without-course", timeout=300, resources={"metadata": {"path": str(tmp_path)}}).execute()

    # %pip's own note after an install; the second run printed nothing, so it did not install again.
    assert "you may need to restart the kernel" in _output_text(first), first.outputs
    _, package, data = _output_text(notebook.cells[-2]).split()
    env = str(tmp_path / "env")
    assert package.startswith(env) and data.startswith(env) and data.endswith("coursekit/course/data"), (package, data)
    assert (Path(data) / "modalities.csv").read_bytes() == (REPO / "data" / "modalities.csv").read_bytes()
    assert notebook.cells[-1].outputs == []
    errors = [out for cell in notebook.cells for out in cell.get("outputs", []) if out.get("output_type") == "error"]
    assert errors == []
    quiz = next(cell for cell in notebook.cells if cell.cell_type == "code" and "ck.quiz(" in cell.source)
    assert any("application/vnd.jupyter.widget-view+json" in out.get("data", {}) for out in quiz.outputs)


def test_coursekit_check_names_each_notebook_that_would_install_from_elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from coursekit.cli import main

    profile = tmp_path / "course.yml"
    profile.write_text("title: T\nhome_country: GB\nlaunch:\n  repository: https://github.com/example-org/peer-course\n  colab: true\n", encoding="utf-8")
    monkeypatch.setenv("COURSE_PROFILE", str(profile))
    assert main(["check"]) == 1
    err = capsys.readouterr().err
    assert "notebooks/ch04-groups.ipynb: its first cell does not install from launch.repository" in err
    assert "coursekit install-cells" in err
