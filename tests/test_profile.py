"""The organisation profile (course.yml): validated like data/, and it decides whose crisis lines lead."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from coursekit.errors import CourseDataError
from coursekit.page_inputs import code_of, page_inputs
from coursekit.profile import home_first, load_profile
from coursekit.safety import crisis_lines, emergency_numbers

REPO = Path(__file__).resolve().parent.parent

GB = """title: "Peer support pathways"
organisation: "Northshire Peer Network"
contact: "training@northshire-peers.org.uk"
home_country: GB
base_url: "https://learn.northshire-peers.org.uk/course"
"""


def _profile(tmp_path: Path, text: str = GB) -> Path:
    path = tmp_path / "profile.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_course_ships_a_valid_profile_of_its_own() -> None:
    profile = load_profile(REPO / "course.yml")
    assert profile.home_country == "US" and profile.title


def test_a_profile_is_read_and_its_address_normalised(tmp_path: Path) -> None:
    profile = load_profile(_profile(tmp_path))
    assert (profile.organisation, profile.home_country) == ("Northshire Peer Network", "GB")
    assert profile.base_url == "https://learn.northshire-peers.org.uk/course/"
    assert profile.contact_href == "mailto:training@northshire-peers.org.uk"


@pytest.mark.parametrize(("change", "field", "message"), [
    (("home_country: GB", "home_country: FR"), "home_country", "unknown country 'FR'"),
    (('contact: "training@northshire-peers.org.uk"', "contact: ring us"), "contact", "must be an email address or a web address"),
    (('base_url: "https://learn.northshire-peers.org.uk/course"', "base_url: learn.example.org"), "base_url", "must be the site's full address"),
    (("organisation:", 'logo: "branding/logo.svg"\norganisation:'), "logo", "no image at 'branding/logo.svg'"),
    (('title: "Peer support pathways"\n', ""), "title", ""),
])
def test_a_bad_profile_names_the_file_and_field(tmp_path: Path, change: tuple[str, str], field: str, message: str) -> None:
    path = _profile(tmp_path, GB.replace(*change))
    with pytest.raises(CourseDataError) as error:
        load_profile(path)
    assert error.value.field == field and "profile.yml" in error.value.file
    assert message in str(error.value)


def test_home_country_comes_first_and_anywhere_else_stays_last() -> None:
    countries = {"US": "United States", "CA": "Canada", "GB": "United Kingdom", "INT": "Anywhere else"}
    assert list(home_first(countries, "GB")) == ["GB", "US", "CA", "INT"]
    assert list(home_first(countries, "US")) == ["US", "CA", "GB", "INT"]


def test_a_profile_puts_its_countrys_lines_and_number_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COURSE_PROFILE", str(_profile(tmp_path)))
    soup = BeautifulSoup(crisis_lines()._repr_html_(), "html.parser")
    assert [s["id"] for s in soup.select("section.ck-country")][:2] == ["ck-lines-gb", "ck-lines-us"]
    assert [a.get_text() for a in soup.select("nav.ck-country-jumps a")][0] == "United Kingdom"
    assert soup.select("section.ck-country")[-1]["id"] == "ck-lines-int"
    first_number = BeautifulSoup(emergency_numbers()._repr_html_(), "html.parser").select_one("a.ck-tel").get_text()
    assert first_number == "999"
    monkeypatch.delenv("COURSE_PROFILE")
    assert BeautifulSoup(emergency_numbers()._repr_html_(), "html.parser").select_one("a.ck-tel").get_text() == "911"


def test_pages_that_show_crisis_lines_rebuild_when_the_profile_changes() -> None:
    crisis_page = (REPO / "book" / "crisis-support.md").read_text(encoding="utf-8")
    assert REPO / "course.yml" in page_inputs(code_of(crisis_page), REPO / "data", REPO / "book")
    groups_page = (REPO / "book" / "groups.md").read_text(encoding="utf-8")
    assert REPO / "course.yml" not in page_inputs(code_of(groups_page), REPO / "data", REPO / "book")
