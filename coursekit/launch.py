"""Links that open the workshop notebooks live: on a JupyterHub (through nbgitpuller), a BinderHub or Colab.

The settings sit in the host's ``course.yml`` under ``launch:``, all off by default, so the default
site links to no other host. When they are on, each chapter page shows plain links to its notebook
(nothing is fetched until a learner clicks), and ``coursekit links`` prints the same links for a
facilitator who did not build the site. Where the course package is not installed (Colab), each
notebook's first cell installs it from the repository: :func:`install_cell` writes that cell and
:func:`set_install_cells` keeps every notebook in step with ``course.yml``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlparse

from .data import PACKAGE_ROOT

NOTEBOOKS_DIR = "notebooks"
_GITHUB = re.compile(r"^https://github\.com/([^/\s]+)/([^/\s]+?)(?:\.git)?/?$")


@dataclass(frozen=True)
class LaunchSettings:
    repository: str = ""  # a git URL a hub or Binder can clone, such as https://github.com/org/course
    branch: str = "main"
    jupyterhub_url: str = ""
    binderhub_url: str = ""
    colab: bool = False

    @property
    def any(self) -> bool:
        return bool(self.repository and (self.jupyterhub_url or self.binderhub_url or self.colab))

    @property
    def github(self) -> tuple[str, str] | None:
        match = _GITHUB.match(self.repository)
        return (match.group(1), match.group(2)) if match else None

    @property
    def folder(self) -> str:
        """The folder nbgitpuller clones into: the repository's name."""
        return re.sub(r"\.git$", "", urlparse(self.repository).path.rstrip("/").rsplit("/", 1)[-1])


def chapter_notebook(chapter: str, root: Path = PACKAGE_ROOT) -> str | None:
    """``book/groups`` -> ``notebooks/ch04-groups.ipynb``, the chapter's workshop notebook, if it has one."""
    name = Path(chapter).name
    found = sorted((root / NOTEBOOKS_DIR).glob(f"ch[0-9][0-9]-{name}.ipynb"))
    return f"{NOTEBOOKS_DIR}/{found[0].name}" if found else None


def hub_link(settings: LaunchSettings, notebook: str) -> str:
    """nbgitpuller: the hub clones (or updates) the repository into the learner's space, then opens the notebook."""
    # targetpath names the folder: nbgitpuller's own default keeps a ".git" ending, which urlpath would miss.
    query = urlencode({"repo": settings.repository, "branch": settings.branch, "targetpath": settings.folder,
                       "urlpath": f"lab/tree/{settings.folder}/{notebook}"})
    return f"{settings.jupyterhub_url.rstrip('/')}/hub/user-redirect/git-pull?{query}"


def binder_link(settings: LaunchSettings, notebook: str) -> str:
    base = settings.binderhub_url.rstrip("/")
    if settings.github:
        owner, name = settings.github
        return f"{base}/v2/gh/{owner}/{name}/{quote(settings.branch, safe='')}?labpath={quote(notebook)}"
    return f"{base}/v2/git/{quote(settings.repository, safe='')}/{quote(settings.branch, safe='')}?labpath={quote(notebook)}"


def colab_link(settings: LaunchSettings, notebook: str) -> str:
    if not settings.github:
        raise ValueError(f"Colab opens notebooks from GitHub only, not {settings.repository!r}")
    owner, name = settings.github
    return f"https://colab.research.google.com/github/{owner}/{name}/blob/{quote(settings.branch)}/{quote(notebook)}"


def launch_links(settings: LaunchSettings, notebook: str) -> list[tuple[str, str]]:
    """(label, URL) for each target that is switched on, the workshop's own hub first."""
    if not settings.repository:
        return []
    links = []
    if settings.jupyterhub_url:
        links.append(("Your workshop's JupyterHub", hub_link(settings, notebook)))
    if settings.binderhub_url:
        links.append(("Binder", binder_link(settings, notebook)))
    if settings.colab and settings.github:
        links.append(("Google Colab", colab_link(settings, notebook)))
    return links


# --- the notebooks' first cell ------------------------------------------------------------------

PLAIN_IMPORT = "import coursekit as ck"
_INSTALL_MARK = "%pip install"


def install_cell(settings: LaunchSettings) -> str:
    """The first code cell of every workshop notebook.

    With a repository set, it installs the course package from there when it is missing (Colab, a
    plain Jupyter) and does nothing where it is installed (a checkout, a hub, Binder). Without one
    there is nowhere to install from, so the cell only imports."""
    if not settings.repository:
        return PLAIN_IMPORT
    requirement = f"coursekit @ git+{settings.repository}@{settings.branch}"
    return (
        "try:\n"
        f"    {PLAIN_IMPORT}\n"
        "except ModuleNotFoundError:  # Colab, or a Jupyter without the course: install it once from the course's repository\n"
        f'    {_INSTALL_MARK} --quiet "{requirement}"\n'
        f"    {PLAIN_IMPORT}"
    )


def _first_code_cell(notebook: dict[str, Any]) -> dict[str, Any] | None:
    return next((cell for cell in notebook.get("cells", []) if cell.get("cell_type") == "code"), None)


def install_cells_out_of_step(settings: LaunchSettings, root: Path = PACKAGE_ROOT) -> list[str]:
    """Workshop notebooks whose first code cell is not :func:`install_cell` for these settings."""
    wanted = install_cell(settings)
    stale = []
    for notebook in workshop_notebooks(root):
        cell = _first_code_cell(json.loads((root / notebook).read_text(encoding="utf-8")))
        source = "".join(cell["source"]) if cell and isinstance(cell["source"], list) else (cell or {}).get("source", "")
        if source != wanted:
            stale.append(notebook)
    return stale


def set_install_cells(settings: LaunchSettings, root: Path = PACKAGE_ROOT) -> list[str]:
    """Rewrite the first code cell of each workshop notebook that is out of step; returns those changed."""
    changed = []
    for notebook in install_cells_out_of_step(settings, root):
        path = root / notebook
        content = json.loads(path.read_text(encoding="utf-8"))
        cell = _first_code_cell(content)
        if cell is None or PLAIN_IMPORT not in "".join(cell["source"]):
            raise ValueError(f"{notebook}: its first code cell should import the course ({PLAIN_IMPORT!r}); add that cell first")
        cell["source"] = install_cell(settings).splitlines(keepends=True)
        # The layout Jupyter writes (one-space indent, a final newline), so a diff shows only the cell.
        path.write_text(json.dumps(content, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        changed.append(notebook)
    return changed


def workshop_notebooks(root: Path = PACKAGE_ROOT) -> list[str]:
    return sorted(f"{NOTEBOOKS_DIR}/{p.name}" for p in (root / NOTEBOOKS_DIR).glob("*.ipynb"))
