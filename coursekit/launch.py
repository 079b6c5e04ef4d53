"""Links that open the workshop notebooks live: on a JupyterHub (through nbgitpuller) or a BinderHub.

The settings sit in the host's ``course.yml`` under ``launch:``, all off by default, so the default
site links to no other host. When they are on, each chapter page shows plain links to its notebook
(nothing is fetched until a learner clicks), and ``coursekit links`` prints the same links for a
facilitator who did not build the site. The functions here only build URLs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
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

    @property
    def any(self) -> bool:
        return bool(self.repository and (self.jupyterhub_url or self.binderhub_url))

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


def launch_links(settings: LaunchSettings, notebook: str) -> list[tuple[str, str]]:
    """(label, URL) for each target that is switched on, the workshop's own hub first.

    Google Colab is not offered: a notebook there would need the course package and its data,
    which a plain ``pip install`` from the repository does not yet carry."""
    if not settings.repository:
        return []
    links = []
    if settings.jupyterhub_url:
        links.append(("Your workshop's JupyterHub", hub_link(settings, notebook)))
    if settings.binderhub_url:
        links.append(("Binder", binder_link(settings, notebook)))
    return links


def workshop_notebooks(root: Path = PACKAGE_ROOT) -> list[str]:
    return sorted(f"{NOTEBOOKS_DIR}/{p.name}" for p in (root / NOTEBOOKS_DIR).glob("*.ipynb"))
