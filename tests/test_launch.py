"""Launch links for the live notebooks: off by default, and when on, they parse and point at real files."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from coursekit.cli import main
from coursekit.errors import CourseDataError
from coursekit.launch import LaunchSettings, chapter_notebook, launch_links, workshop_notebooks
from coursekit.profile import load_profile

REPO = Path(__file__).resolve().parent.parent
ON = LaunchSettings("https://github.com/example-org/peer-course", "main", "https://hub.example.org/", "https://mybinder.org")


def test_launching_is_off_in_the_courses_own_profile() -> None:
    assert not load_profile(REPO / "course.yml").launch.settings.any


def test_every_chapter_with_a_notebook_finds_it() -> None:
    assert chapter_notebook("book/groups", REPO) == "notebooks/ch04-groups.ipynb"
    assert chapter_notebook("book/glossary", REPO) is None
    for notebook in workshop_notebooks(REPO):
        assert (REPO / notebook).is_file()


def test_hub_link_pulls_the_repository_then_opens_the_notebook() -> None:
    (label, url), *_ = launch_links(ON, "notebooks/ch04-groups.ipynb")
    parsed = urlparse(url)
    assert label == "Your workshop's JupyterHub"
    assert (parsed.scheme, parsed.netloc, parsed.path) == ("https", "hub.example.org", "/hub/user-redirect/git-pull")
    query = parse_qs(parsed.query)
    assert query == {"repo": [ON.repository], "branch": ["main"], "targetpath": ["peer-course"],
                     "urlpath": ["lab/tree/peer-course/notebooks/ch04-groups.ipynb"]}
    assert (REPO / query["urlpath"][0].split("peer-course/", 1)[1]).is_file()


def test_binder_links_name_the_repository_branch_and_notebook() -> None:
    links = dict(launch_links(ON, "notebooks/ch04-groups.ipynb"))
    assert list(links) == ["Your workshop's JupyterHub", "Binder"]
    assert links["Binder"] == "https://mybinder.org/v2/gh/example-org/peer-course/main?labpath=notebooks/ch04-groups.ipynb"
    other_host = LaunchSettings("https://git.example.org/course.git", "workshop", "", "https://binder.example.org")
    assert dict(launch_links(other_host, "notebooks/ch04-groups.ipynb")) == {
        "Binder": "https://binder.example.org/v2/git/https%3A%2F%2Fgit.example.org%2Fcourse.git/workshop?labpath=notebooks/ch04-groups.ipynb"
    }


def test_colab_opens_the_notebook_from_github_and_only_from_github() -> None:
    on = LaunchSettings(ON.repository, "workshop-2026", colab=True)
    assert launch_links(on, "notebooks/ch04-groups.ipynb") == [
        ("Google Colab", "https://colab.research.google.com/github/example-org/peer-course/blob/workshop-2026/notebooks/ch04-groups.ipynb")]
    assert launch_links(LaunchSettings("https://git.example.org/course.git", "main", colab=True), "notebooks/ch04-groups.ipynb") == []
    assert main(["links", "--colab", "--repo", "https://git.example.org/course.git"]) == 2


@pytest.mark.parametrize(("launch", "field"), [
    ("launch:\n  jupyterhub_url: https://hub.example.org\n", "launch.repository"),
    ("launch:\n  repository: https://git.example.org/course.git\n  colab: true\n", "launch.colab"),
    ("launch:\n  repository: git.example.org/course\n", "launch.repository"),
    ("launch:\n  colab: true\n", "launch.repository"),
])
def test_a_half_set_launch_section_is_refused_naming_the_field(tmp_path: Path, launch: str, field: str) -> None:
    path = tmp_path / "course.yml"
    path.write_text(f"title: T\nhome_country: GB\n{launch}", encoding="utf-8")
    with pytest.raises(CourseDataError) as error:
        load_profile(path)
    assert error.value.field == field and "course.yml" in error.value.file


def test_coursekit_links_prints_every_notebook_with_its_links(capsys) -> None:
    assert main(["links", "--hub", "https://hub.example.org", "--repo", ON.repository]) == 0
    out = capsys.readouterr().out
    for notebook in workshop_notebooks(REPO):
        assert notebook in out
    assert out.count("Your workshop's JupyterHub: https://hub.example.org/hub/user-redirect/git-pull?") == len(workshop_notebooks(REPO))
    assert main(["links", "--hub", "https://hub.example.org"]) == 2
    assert "--repo" in capsys.readouterr().err


def test_binder_environment_reuses_the_pinned_requirements() -> None:
    assert (REPO / "binder" / "requirements.txt").read_text(encoding="utf-8").split() == ["-r", "../requirements.txt"]
    assert (REPO / "binder" / "runtime.txt").read_text(encoding="utf-8").strip() == "python-3.11"
    post = REPO / "binder" / "postBuild"
    assert post.stat().st_mode & 0o111 and "import coursekit" in post.read_text(encoding="utf-8")


def test_session_plans_show_links_to_hand_out_only_when_launching_is_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from bs4 import BeautifulSoup

    from coursekit.workshop import session_plan

    assert "ck-handout-links" not in session_plan("half-day")._repr_html_()
    profile = tmp_path / "course.yml"
    profile.write_text("title: T\nhome_country: GB\nlaunch:\n  repository: https://github.com/example-org/peer-course\n  jupyterhub_url: https://hub.example.org\n", encoding="utf-8")
    monkeypatch.setenv("COURSE_PROFILE", str(profile))
    soup = BeautifulSoup(session_plan("half-day")._repr_html_(), "html.parser")
    handed = soup.select(".ck-handout-links")
    assert handed and any("notebooks/compare-modalities.ipynb" in h.get_text() for h in handed)
    today = soup.select("section.ck-links-today li")
    notebooks = [li.strong.get_text() for li in today]
    assert "notebooks/compare-modalities.ipynb" in notebooks and len(notebooks) == len(set(notebooks))
    for li in today:
        query = parse_qs(urlparse(li.a["href"]).query)
        assert (REPO / query["urlpath"][0].split("peer-course/", 1)[1]).is_file()
