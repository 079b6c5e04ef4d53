"""Sphinx extension for the course: facilitator-only notes, the crisis link and the quiz assets.

Enabled from ``_config.yml`` (``sphinx.extra_extensions``). It is the only place where the book's
build learns about the course; chapters themselves stay plain MyST.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.config import Config
from docutils.statemachine import StringList
from sphinx.domains.std import Glossary
from sphinx.util.docutils import SphinxDirective

from myst_nb.core.render import NbElementRenderer

FACILITATOR_TAG = "facilitator"
EDITION_ENV = "COURSE_EDITION"
STATIC_DIR = Path(__file__).parent / "static"
TEMPLATES_DIR = Path(__file__).parent / "templates"


class FacilitatorNote(SphinxDirective):
    """``{facilitator}`` block: a titled note that only the facilitator edition shows.

    It is Sphinx's own conditional content (an ``only`` node with the ``facilitator`` tag), so the
    learner edition drops it from the HTML and the search index alike.
    """

    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec = {"class": directives.class_option}

    def run(self) -> list[nodes.Node]:
        title = self.arguments[0] if self.arguments else "Facilitator notes"
        admonition = nodes.admonition("", classes=["facilitator-note", *self.options.get("class", [])])
        textnodes, messages = self.state.inline_text(title, self.lineno)
        admonition += nodes.title(title, "", *textnodes)
        self.state.nested_parse(self.content, self.content_offset, admonition)
        only = addnodes.only(expr=FACILITATOR_TAG)
        only += admonition
        self.set_source_info(only)
        return [only, *messages]


class CourseGlossary(Glossary):
    """``{course-glossary}``: Sphinx's own glossary, filled from ``data/glossary.csv``.

    Terms become targets for the ``{term}`` role, so chapters link to them, and a bad row fails the
    build with the file, row and field (through :func:`coursekit.glossary.load_glossary`).
    """

    has_content = False
    option_spec = {}

    def run(self) -> list[nodes.Node]:
        from .glossary import GLOSSARY_FILE, load_glossary
        from .data import DEFAULT_DATA_DIR

        path = DEFAULT_DATA_DIR / GLOSSARY_FILE
        self.env.note_dependency(str(path))
        lines: list[str] = []
        for entry in load_glossary():
            lines.append(entry.term)
            for alias in entry.aliases:
                lines.append(alias)
            citation = f" {{footcite:p}}`{','.join(entry.references)}`" if entry.references else ""
            lines.append(f"   {entry.definition}{citation}")
            lines.append("")
        self.content = StringList(lines, source=str(path))
        self.options = {"sorted": True}
        return super().run()


def crisis_number_role(name: str, rawtext: str, text: str, lineno: int, inliner: Any, options: dict | None = None, content: list | None = None) -> tuple[list[nodes.Node], list[nodes.system_message]]:
    """``{crisis-number}`US crisis``: the number of a line, taken from ``data/crisis_lines.csv``.

    Chapters never type a crisis number by hand; this role looks it up by country and kind (and,
    optionally, a word of the service's name: ``{crisis-number}`US veterans Veterans```), so a
    number corrected in the data is corrected on every page.
    """
    from .errors import CourseDataError
    from .safety import LINES_FILE, safety

    data = safety()
    inliner.document.settings.env.note_dependency(str(data.directory / LINES_FILE))
    country, kind, *words = text.split()
    matches = [line for line in data.lines_of(kind, country) if line.number and all(w.lower() in line.service.lower() for w in words)]
    if not matches:
        error = CourseDataError(LINES_FILE, f"no line with a number for country '{country}', kind '{kind}'" + (f" and service containing {' '.join(words)!r}" if words else ""), item_id=text, field="number")
        message = inliner.reporter.error(str(error), line=lineno)
        return [inliner.problematic(rawtext, rawtext, message)], [message]
    return [nodes.strong(rawtext, matches[0].number, classes=["ck-crisis-number"])], []


class StaticSiteRenderer(NbElementRenderer):
    """myst-nb renderer (``nb_render_plugin: coursekit``) that leaves out ipywidgets state.

    Executing a chapter stores the state of every widget created in its kernel. The site shows the
    quizzes' HTML rendering instead, so that state would only add weight (about 150 KB a quiz).
    """

    def render_nb_finalise(self, metadata: dict[str, Any]) -> None:
        super().render_nb_finalise({key: value for key, value in metadata.items() if key != "widgets"})


def _course_inputs() -> list[Path]:
    """Files whose change must re-run the chapters: the data and the package that renders it."""
    from .data import DEFAULT_DATA_DIR

    root = Path(__file__).resolve().parent
    files = [p for p in DEFAULT_DATA_DIR.rglob("*") if p.is_file()]
    files += [p for p in root.rglob("*") if p.is_file() and p.suffix in {".py", ".js", ".css", ".html"}]
    return sorted(files)


def _fingerprint(files: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in files:
        digest.update(str(path.name).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _mark_course_dependencies(app: Sphinx, docname: str, source: list[str]) -> None:
    """Chapters that run code depend on data/ and coursekit/.

    Sphinx re-reads a chapter when one of its dependencies changes, and the hidden fingerprint
    cell changes the chapter's code, so myst-nb's execution cache re-runs it instead of serving
    tables and quizzes built from the old data. Unchanged chapters still come from the cache.
    """
    if "{code-cell}" not in source[0]:
        return
    for path in app.config._course_inputs:
        app.env.note_dependency(str(path))
    source[0] = source[0].rstrip("\n") + (
        "\n\n```{code-cell} ipython3\n:tags: [remove-cell]\n"
        f"# Course data fingerprint {app.config.course_fingerprint}: re-runs this page when data/ or coursekit/ change.\n```\n"
    )


def _edition_from_environment(app: Sphinx, config: Config) -> None:
    """Turn ``COURSE_EDITION=facilitator`` into the Sphinx tag ``facilitator``.

    Jupyter Book 1 has no command-line switch for Sphinx tags, so the Makefile sets this variable.
    """
    edition = os.environ.get(EDITION_ENV, "learner").strip().lower()
    if edition not in {"learner", FACILITATOR_TAG}:
        raise ValueError(f"{EDITION_ENV} must be 'learner' or 'facilitator', not {edition!r}")
    if edition == FACILITATOR_TAG:
        app.tags.add(FACILITATOR_TAG)
    config.html_context = {**(config.html_context or {}), "course_edition": edition}


def _add_paths(app: Sphinx, config: Config) -> None:
    inputs = _course_inputs()
    config._course_inputs = inputs
    # A config value with rebuild="env": when the data or the package change, Sphinx re-reads
    # every page, and the fingerprint cell below sends changed pages past the execution cache.
    config.course_fingerprint = _fingerprint(inputs)
    config.html_static_path = [*config.html_static_path, str(STATIC_DIR)]
    config.templates_path = [*config.templates_path, str(TEMPLATES_DIR)]


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("course_fingerprint", "", "env")
    app.connect("config-inited", _edition_from_environment)
    app.connect("config-inited", _add_paths)
    app.connect("source-read", _mark_course_dependencies)
    app.add_directive("facilitator", FacilitatorNote)
    app.add_role("crisis-number", crisis_number_role)
    app.add_directive("course-glossary", CourseGlossary)
    app.add_css_file("coursekit.css")
    app.add_css_file("coursekit-safety.css")
    app.add_js_file("coursekit-quiz.js", defer="defer")
    app.add_js_file("coursekit-safety.js", defer="defer")
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
