"""The organisation profile: who hosts this copy of the course, in one small file, ``course.yml``.

A host makes the course theirs here without touching Python or chapters: the site's title, their
name, logo and contact in the footer, their country (its emergency number and crisis lines come
first on the crisis page, in the header's crisis link and in the practice tool) and the address
the site will live at (canonical links and a sitemap). ``COURSE_PROFILE=path/to/other.yml`` builds
the site with another profile, which is how the tests check that a profile changes the site.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Annotated

from pydantic import StringConstraints, field_validator

from .data import PACKAGE_ROOT, Text, _Row, display_path, read_yaml, validate_row
from .errors import CourseDataError
from .launch import LaunchSettings

PROFILE_FILE = "course.yml"
PROFILE_ENV = "COURSE_PROFILE"

Optional = Annotated[str, StringConstraints(strip_whitespace=True)]


_URL = re.compile(r"https?://[^\s/]+(/\S*)?$")


class Launch(_Row):
    """Where the live notebooks open; all off by default, so the site links to no other host."""

    repository: Optional = ""
    branch: Optional = "main"
    jupyterhub_url: Optional = ""
    binderhub_url: Optional = ""
    colab: bool = False  # Google Colab opens notebooks from GitHub only

    @field_validator("repository", "jupyterhub_url", "binderhub_url")
    @classmethod
    def _web_address(cls, value: str) -> str:
        if value and not _URL.match(value):
            raise ValueError("must be a full address starting http:// or https://, or left empty")
        return value

    @property
    def settings(self) -> LaunchSettings:
        return LaunchSettings(self.repository, self.branch or "main", self.jupyterhub_url, self.binderhub_url, self.colab)


class Profile(_Row):
    title: Text
    organisation: Optional = ""
    logo: Optional = ""
    contact: Optional = ""
    home_country: Text
    base_url: Optional = ""
    launch: Launch = Launch()

    @field_validator("contact")
    @classmethod
    def _contact(cls, value: str) -> str:
        if value and not (re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value) or re.match(r"https?://\S+$", value)):
            raise ValueError("must be an email address or a web address starting http:// or https://")
        return value

    @field_validator("base_url")
    @classmethod
    def _base_url(cls, value: str) -> str:
        if value and not re.match(r"https?://[^\s/]+(/\S*)?$", value):
            raise ValueError("must be the site's full address, starting http:// or https://, or left empty")
        return value if not value or value.endswith("/") else value + "/"

    @property
    def contact_href(self) -> str:
        return f"mailto:{self.contact}" if "@" in self.contact and not self.contact.startswith("http") else self.contact


def profile_path(root: Path = PACKAGE_ROOT) -> Path:
    """``COURSE_PROFILE`` if set (relative to the course folder), else the course's own ``course.yml``."""
    chosen = os.environ.get(PROFILE_ENV, "").strip()
    return (root / chosen) if chosen else (root / PROFILE_FILE)


def load_profile(path: Path | None = None, *, countries: dict[str, str] | None = None) -> Profile:
    """Read and check the profile; a fault names the file and the field."""
    path = path or profile_path()
    shown = display_path(path)
    if not path.is_file():
        raise CourseDataError(shown, f"no profile here; copy {PROFILE_FILE} from the course and edit it")
    raw = read_yaml(path)
    if not isinstance(raw, dict):
        raise CourseDataError(shown, "must be a mapping of fields such as title, home_country and contact")
    profile = validate_row(Profile, raw, file=shown, row=None, item_id=None)
    launch = profile.launch
    if (launch.jupyterhub_url or launch.binderhub_url or launch.colab) and not launch.repository:
        raise CourseDataError(shown, "set the repository the notebooks come from, or switch the launch links off", field="launch.repository")
    if launch.colab and not launch.settings.github:
        raise CourseDataError(shown, "Colab opens notebooks from GitHub only: give a https://github.com/owner/name repository, or set colab: false", field="launch.colab")
    if profile.logo and not (path.parent / profile.logo).is_file():
        raise CourseDataError(shown, f"no image at {profile.logo!r} (give a path relative to this file)", field="logo")
    if countries is None:
        from .safety import load_safety

        countries = dict(load_safety().rules.countries)
    if profile.home_country not in countries:
        raise CourseDataError(shown, f"unknown country {profile.home_country!r}; use one of {', '.join(c for c in countries if c != 'INT')} (the countries in data/safety.yml)", field="home_country")
    return profile


def home_first(countries: dict[str, str], home: str) -> dict[str, str]:
    """The countries with the host's own first; the rest keep their order ("Anywhere else" stays last)."""
    if home not in countries:
        return dict(countries)
    return {home: countries[home], **{code: name for code, name in countries.items() if code != home}}
