"""Sphinx extension for the course: facilitator-only notes, the crisis link and the quiz assets.

Enabled from ``_config.yml`` (``sphinx.extra_extensions``). It is the only place where the book's
build learns about the course; chapters themselves stay plain MyST.
"""

from __future__ import annotations

import functools
import os
import re
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

from .unused_css import shrink_site_stylesheets, subset_icon_fonts

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


class _GatheredFromChapters(SphinxDirective):
    """Shared by the two pages that gather text from every chapter: one section per chapter.

    The text is each chapter's own Markdown (see :mod:`coursekit.keypoints`), parsed here as if it
    were written on this page, so terms, links and citations work; each chapter's file is a noted
    dependency, so editing a chapter rebuilds the gathering page too.
    """

    has_content = False

    def chapters(self) -> list[Any]:
        raise NotImplementedError

    def blocks(self, chapter: Any) -> list[tuple[str, str]]:
        raise NotImplementedError

    def run(self) -> list[nodes.Node]:
        from .keypoints import toc_chapters

        for chapter in toc_chapters(Path(self.env.srcdir)):
            source = Path(self.env.srcdir) / f"{chapter}.md"
            if source.is_file():
                self.env.note_dependency(str(source))
        here = Path(self.env.docname).parent
        found: list[nodes.Node] = []
        for chapter in self.chapters():
            section = nodes.section(ids=[nodes.make_id(f"{chapter.chapter}-{self.name}")])
            section += nodes.title(chapter.title, chapter.title)
            link = os.path.relpath(chapter.chapter, here).replace(os.sep, "/") + ".md"
            lines = [f"[Open the chapter: {chapter.title}]({link})", ""]
            for label, body in self.blocks(chapter):
                body = _relink(body, Path(chapter.chapter).parent, here)
                lines += [f"**{label}**", "", *body.splitlines(), ""]
            self.state.nested_parse(StringList(lines, source=str(Path(self.env.srcdir) / f"{chapter.chapter}.md")), 0, section)
            found.append(section)
        return found


_RELATIVE_MD_LINK = re.compile(r"\]\((?![a-z]+:|#|/)([^)\s#]+\.md)(#[^)\s]*)?\)")


def _relink(markdown: str, written_in: Path, shown_in: Path) -> str:
    """Links in a chapter are relative to the chapter; re-aim them from the page that gathers them."""
    def aim(match: re.Match[str]) -> str:
        target = os.path.relpath(os.path.normpath(written_in / match.group(1)), shown_in).replace(os.sep, "/")
        return f"]({target}{match.group(2) or ''})"

    return _RELATIVE_MD_LINK.sub(aim, markdown)


class KeyPoints(_GatheredFromChapters):
    """``{key-points}``: every chapter's learning objectives and key takeaways, in reading order."""

    def chapters(self) -> list[Any]:
        from .keypoints import key_points

        return key_points(Path(self.env.srcdir))

    def blocks(self, chapter: Any) -> list[tuple[str, str]]:
        return [(label, body) for label, body in (("What you will learn", chapter.objectives), ("Key takeaways", chapter.takeaways)) if body]


class AllFacilitatorNotes(_GatheredFromChapters):
    """``{all-facilitator-notes}``: every facilitator note, by chapter (facilitator edition only)."""

    def chapters(self) -> list[Any]:
        from .keypoints import facilitator_notes

        return facilitator_notes(Path(self.env.srcdir))

    def blocks(self, chapter: Any) -> list[tuple[str, str]]:
        return [(note.title, note.body) for note in chapter.notes]


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


def _package_files() -> list[Path]:
    """The package that renders the pages: a change here re-runs every page."""
    root = Path(__file__).resolve().parent
    return sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in {".py", ".js", ".css", ".html"})


def _mark_course_dependencies(app: Sphinx, docname: str, source: list[str]) -> None:
    """A page that runs code depends on the data its ``ck.`` calls read, and on the package.

    Sphinx re-reads a page when one of its noted dependencies changes, and the hidden fingerprint
    cell changes the page's code, so myst-nb's execution cache re-runs it instead of serving tables
    and quizzes built from old data. Other pages, and pages whose data did not change, come from the
    cache (:mod:`coursekit.page_inputs` says which data each call reads).
    """
    if "{code-cell}" not in source[0]:
        return
    from .data import DEFAULT_DATA_DIR
    from .page_inputs import code_of, fingerprint, page_inputs

    inputs = page_inputs(code_of(source[0]), DEFAULT_DATA_DIR, Path(app.srcdir) / "book")
    for path in inputs:
        app.env.note_dependency(str(path))
    stamp = fingerprint([*inputs, *app.config._package_files], Path(app.srcdir))
    source[0] = source[0].rstrip("\n") + (
        "\n\n```{code-cell} ipython3\n:tags: [remove-cell]\n"
        f"# Inputs fingerprint {stamp}: re-runs this page when the data it shows or coursekit/ change.\n```\n"
    )


_BARE_REVIEW_DATE = re.compile(r"^(reviewed:[ \t]*)(\d{4}-\d{2}-\d{2})[ \t]*$", re.MULTILINE)


def _quote_review_date(app: Sphinx, docname: str, source: list[str]) -> None:  # noqa: ARG001 - Sphinx event signature
    """Write ``reviewed: 2026-11-24`` as a string before MyST reads it.

    YAML reads a bare date as a date object, which myst-nb cannot store in the notebook's JSON
    metadata; quoting it here lets maintainers write the date the natural way.
    """
    if source[0].startswith("---"):
        source[0] = _BARE_REVIEW_DATE.sub(r'\1"\2"', source[0], count=1)


def _edition_from_environment(app: Sphinx, config: Config) -> None:
    """Turn ``COURSE_EDITION=facilitator`` into the Sphinx tag ``facilitator``.

    Jupyter Book 1 has no command-line switch for Sphinx tags, so the Makefile sets this variable.
    """
    edition = os.environ.get(EDITION_ENV, "learner").strip().lower()
    if edition not in {"learner", FACILITATOR_TAG}:
        raise ValueError(f"{EDITION_ENV} must be 'learner' or 'facilitator', not {edition!r}")
    if edition == FACILITATOR_TAG:
        app.tags.add(FACILITATOR_TAG)
    # default_mode "auto" follows the reader's light or dark setting; left empty, the theme logs
    # "Got invalid theme mode" on every page.
    config.html_context = {"default_mode": "auto", **(config.html_context or {}), "course_edition": edition}


def _add_paths(app: Sphinx, config: Config) -> None:
    package = _package_files()
    config._package_files = package
    # A config value with rebuild="env": when the package changes, Sphinx re-reads every page.
    # Data changes re-read only the pages that show that data (_mark_course_dependencies).
    from .page_inputs import fingerprint

    config.course_fingerprint = fingerprint(package, package[0].parent.parent)
    config.html_static_path = [*config.html_static_path, str(STATIC_DIR)]
    config.templates_path = [*config.templates_path, str(TEMPLATES_DIR)]
    if not config.html_favicon:
        config.html_favicon = str(STATIC_DIR / "favicon.svg")


def _apply_profile(app: Sphinx, config: Config) -> None:
    """The host's ``course.yml``: title, logo, footer, canonical address and their country's emergency number."""
    from html import escape

    from .profile import load_profile, profile_path
    from .safety import load_safety

    data = load_safety()
    profile = load_profile(countries=dict(data.rules.countries))
    # Any change to the profile re-reads every page: it is rare, and titles, footers and launch links are on all of them.
    from .page_inputs import fingerprint

    config.course_profile_fingerprint = fingerprint([profile_path()], Path(app.srcdir))
    config._course_launch = profile.launch.settings
    config.html_title = profile.title
    if profile.logo:
        config.html_logo = str(profile_path().parent / profile.logo)
    if profile.base_url:
        config.html_baseurl = profile.base_url  # Sphinx then writes <link rel="canonical"> on every page
    footer = []
    if profile.organisation:
        footer.append(f"Hosted by {escape(profile.organisation)}")
    if profile.contact:
        footer.append(f'Contact: <a href="{escape(profile.contact_href, quote=True)}">{escape(profile.contact)}</a>')
    emergency = next((line.number for line in data.lines_of("emergency", profile.home_country) if line.number), "")
    config.html_context = {
        **(config.html_context or {}),
        "course_home_country": data.rules.countries[profile.home_country],
        "course_home_emergency": emergency,
        "course_footer": "<p>" + " · ".join(footer) + "</p>" if footer else "",
    }


def _launch_links(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Under a chapter's title: links that open its workshop notebook live, when the host switched them on."""
    from html import escape

    from .launch import chapter_notebook, launch_links

    settings = getattr(app.config, "_course_launch", None)
    notebook = chapter_notebook(docname, Path(app.srcdir)) if settings is not None and settings.any else None
    if notebook is None:
        return
    links = " · ".join(f'<a href="{escape(url, quote=True)}" rel="noopener">{escape(label)}</a>' for label, url in launch_links(settings, notebook))
    block = nodes.raw("", (
        f'<aside class="ck-launch" aria-label="Workshop notebook"><p><strong>Open this chapter\'s workshop notebook</strong> '
        f"(<code>{escape(notebook)}</code>) live: {links}</p></aside>"
    ), format="html")
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is not None:
        title_at = next((i for i, child in enumerate(section.children) if isinstance(child, nodes.title)), -1)
        section.insert(title_at + 1, block)


def _write_sitemap(app: Sphinx, exception: Exception | None) -> None:
    """With a base URL, list every page for search engines (the 404 and search pages are left out)."""
    if exception is not None or app.builder.format != "html" or not app.config.html_baseurl:
        return
    from html import escape

    base = app.config.html_baseurl
    pages = sorted(
        name for name in app.env.found_docs
        if name in app.env.all_docs and not name.startswith("_")
    )
    urls = "".join(f"<url><loc>{escape(base + app.builder.get_target_uri(name))}</loc></url>" for name in pages)
    (Path(app.outdir) / "sitemap.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>\n',
        encoding="utf-8",
    )


REDIRECT_PAGE = """<!DOCTYPE html>
<html lang="{language}">
<head>
<meta charset="utf-8">
<title>{title}</title>
<meta http-equiv="refresh" content="0; url={target}">
<link rel="canonical" href="{target}">{icon}
</head>
<body><p><a href="{target}">{title}</a></p></body>
</html>
"""


def _write_root_redirect(app: Sphinx, exception: Exception | None) -> None:
    """The site's index.html, sending the reader to the first page, as a valid HTML5 document.

    Runs before sphinx-external-toc's own redirect (a bare meta tag, with no doctype or title), which
    is then not written because the file exists.
    """
    if exception is not None or app.builder.format != "html" or app.config.master_doc == "index":
        return
    from html import escape

    target = app.builder.get_target_uri(app.config.master_doc)
    # Without an icon link the browser asks for /favicon.ico, a 404, if the redirect has not happened yet.
    favicon = Path(str(app.config.html_favicon or "")).name
    icon = f'\n<link rel="icon" href="_static/{escape(favicon, quote=True)}">' if favicon else ""
    page = REDIRECT_PAGE.format(
        language=escape(app.config.language or "en"), title=escape(app.config.html_title or app.config.project),
        target=escape(target, quote=True), icon=icon,
    )
    (Path(app.outdir) / "index.html").write_text(page, encoding="utf-8")


SEARCH_FORM_END = re.compile(r'(<form class="bd-search[^>]*>.*?)(</form>)', re.DOTALL)
SUBMIT = '<button type="submit" class="visually-hidden">Search</button>'
FONT_AWESOME_LINK = re.compile(r'<link href="([^"]*/fontawesome/[^"]*/all\.min\.css[^"]*)" rel="stylesheet" ?/>')
THEME_CSS_LINK = re.compile(r'<link href="([^"]*)styles/theme\.css(\?[^"]*)?" rel="stylesheet" ?/>')
# The theme preloads its two scripts in <head> and runs them, blocking, at the end of <body>: on a slow
# phone they compete with the stylesheets for the first paint. Deferred, they still run before the page's
# DOMContentLoaded handlers, in the same order.
THEME_SCRIPT_PRELOAD = re.compile(r'<link rel="preload" as="script" href="[^"]*/scripts/(?:bootstrap|pydata-sphinx-theme)\.js[^"]*" ?/>\n?')
THEME_SCRIPT = re.compile(r'<script src="([^"]*/scripts/(?:bootstrap|pydata-sphinx-theme)\.js[^"]*)"></script>')


def mend_page(html: str, *, search_page: bool = False, theme_css_is_basic: bool = False) -> str:
    """What the theme's templates write and a fast, valid page needs otherwise; pure, for the tests.

    - Each search form gets a submit button: without one, not everyone can send it (WCAG 3.2.2;
      HTML_CodeSniffer H32.2). On the search page the field appears twice, so the second gets its own id.
    - Font Awesome's stylesheet (icons only) loads without blocking the first paint, and at low priority
      (as a print stylesheet until it has loaded), so neither it nor its 150 KB font competes with the
      stylesheets the first paint needs; a noscript link keeps it for readers without JavaScript.
    - theme.css only imports basic.css, a second round trip before anything shows: link basic.css itself.
    - The theme's own two scripts are deferred and no longer preloaded ahead of the stylesheets.
    The theme writes these in templates that templates_path cannot override (included by relative path).
    """
    html = SEARCH_FORM_END.sub(lambda m: m.group(1) + (SUBMIT if SUBMIT not in m.group(1) else "") + m.group(2), html)
    if search_page:
        first = html.find('id="search-input"')
        second = html.find('id="search-input"', first + 1) if first != -1 else -1
        if second != -1:
            html = html[:second] + 'id="search-page-input"' + html[second + len('id="search-input"'):]
    html = FONT_AWESOME_LINK.sub(lambda m: (
        f'<link rel="stylesheet" href="{m.group(1)}" media="print" onload="this.onload=null;this.media=\'all\'" />'
        f'<noscript><link rel="stylesheet" href="{m.group(1)}" /></noscript>'
    ), html)
    html = THEME_SCRIPT_PRELOAD.sub("", html)
    html = THEME_SCRIPT.sub(lambda m: f'<script defer="defer" src="{m.group(1)}"></script>', html)
    if theme_css_is_basic:
        html = THEME_CSS_LINK.sub(lambda m: f'<link href="{m.group(1)}basic.css" rel="stylesheet" />', html)
    return html


def _mend_pages(app: Sphinx, exception: Exception | None) -> None:
    """Apply :func:`mend_page` to every built page, then drop the theme's CSS that no page can use."""
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    theme_css = out / "_static" / "styles" / "theme.css"
    content = re.sub(r"/\*.*?\*/", "", theme_css.read_text(encoding="utf-8"), flags=re.DOTALL).strip() if theme_css.exists() else ""
    theme_css_is_basic = content == '@import "../basic.css";'
    for page in out.rglob("*.html"):
        if "_static" in page.relative_to(out).parts:
            continue
        text = page.read_text(encoding="utf-8")
        mended = mend_page(text, search_page=page == out / "search.html", theme_css_is_basic=theme_css_is_basic)
        if mended != text:
            page.write_text(mended, encoding="utf-8")
    # Both keep their results beside the doctrees, so a rebuild reuses them (a clean build clears them).
    shrink_site_stylesheets(out, cache=Path(app.doctreedir) / "coursekit-css")
    subset_icon_fonts(out, cache=Path(app.doctreedir) / "coursekit-icon-fonts")


THEME_COLOUR = "#1f5f8b"  # the favicon's blue; phones tint the browser bar with it
DESCRIPTION_LENGTH = 155  # about what search results show


def _first_paragraph(doctree: nodes.document) -> str:
    """The page's first paragraph of prose, as plain text, for its meta description."""
    for paragraph in doctree.findall(nodes.paragraph):
        # Skip paragraphs inside admonitions, tables, raw HTML and facilitator-only blocks.
        if any(isinstance(parent, (nodes.Admonition, nodes.table, addnodes.only, nodes.field_list)) for parent in _ancestors(paragraph)):
            continue
        text = " ".join(paragraph.astext().split())
        if len(text) >= 40:
            return text
    return ""


def _ancestors(node: nodes.Node) -> list[nodes.Node]:
    found = []
    while node.parent is not None:
        node = node.parent
        found.append(node)
    return found


def _summarise(text: str, limit: int = DESCRIPTION_LENGTH) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


def _page_head(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None) -> None:
    """Per page: a meta description and a theme colour; no thebe scripts when launching is off.

    sphinx-thebe writes its configuration script into every page twice under Jupyter Book 1, which
    throws "Identifier 'THEBE_JS_URL' has already been declared". The course does not use thebe
    unless a host turns it on, so the scripts are left out entirely then.
    """
    from html import escape

    metatags = context.get("metatags", "")
    if doctree is not None:
        description = _summarise(_first_paragraph(doctree))
        if description:
            metatags += f'\n<meta name="description" content="{escape(description, quote=True)}">'
    metatags += f'\n<meta name="theme-color" content="{THEME_COLOUR}">'
    context["metatags"] = metatags
    thebe = app.config.html_theme_options.get("launch_buttons", {}).get("thebe")
    if not thebe:
        context["script_files"] = [
            script for script in context.get("script_files", [])
            if "sphinx-thebe" not in str(script) and "THEBE_JS_URL" not in str(getattr(script, "attributes", {}).get("body", ""))
        ]
    # The search page runs inline code that needs Sphinx's scripts at once, so they stay blocking there.
    _trim_assets(context, keep_thebe=bool(thebe), defer=pagename != "search")


# Jupyter Book 1 loads these on every page, but the course shows no code to copy, no toggled
# cells and no sphinx-design cards or tabs: they only block the first paint on a slow phone.
UNUSED_SCRIPTS = ("copybutton.js", "clipboard.min.js", "togglebutton.js", "design-tabs.js")
UNUSED_STYLES = ("copybutton.css", "togglebutton.css", "sphinx-design.min.css")
# myst-nb's 43 KB stylesheet: of its rules, only the spacing of executed cells matches anything in
# the course, and coursekit.css gives that. Pygments colours code, which no page shows.


def _trim_assets(context: dict[str, Any], *, keep_thebe: bool, defer: bool = True) -> None:
    """Drop unused theme assets and defer the remaining classic scripts so they stop blocking rendering.

    Deferred scripts still run in document order, after parsing, so documentation_options.js still
    runs before doctools.js and the search page still works (the browser tests use it).
    """
    from sphinx.builders.html._assets import _JavaScript

    def name(asset: Any) -> str:
        return str(getattr(asset, "filename", asset)).split("?")[0].rsplit("/", 1)[-1]

    unused_styles = UNUSED_STYLES + (() if keep_thebe else ("sphinx-thebe.css",))
    shows_code = 'class="highlight' in str(context.get("body", ""))
    context["css_files"] = [
        css for css in context.get("css_files", [])
        if name(css) not in unused_styles
        and not (name(css).startswith("mystnb.") and name(css).endswith(".css"))
        and not (name(css) == "pygments.css" and not shows_code)
    ]
    scripts = []
    for script in context.get("script_files", []):
        if name(script) in UNUSED_SCRIPTS:
            continue
        attributes = dict(getattr(script, "attributes", {}) or {})
        filename = getattr(script, "filename", None)
        if defer and filename and not attributes.get("body") and not {"defer", "async"} & set(attributes) and attributes.get("type", "text/javascript") == "text/javascript":
            script = _JavaScript(filename, priority=getattr(script, "priority", 500), **{**attributes, "defer": "defer"})
        scripts.append(script)
    context["script_files"] = scripts


def _review_footer(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """End each page with the date its content was last reviewed, from its front matter."""
    from .reviews import REVIEW_FIELD, front_matter, parse_review_date, review_notice

    source = Path(app.env.doc2path(docname))
    value = front_matter(source).get(REVIEW_FIELD) if source.suffix == ".md" else None
    if value is None:
        return  # `coursekit check` is where a missing date is reported, with the file named
    section = next(iter(doctree.findall(nodes.section)), None)
    notice = nodes.paragraph(text=review_notice(parse_review_date(value, source)), classes=["ck-reviewed"])
    (section if section is not None else doctree).append(notice)


# Jupyter Book adds two extensions that never say whether they are safe to read in parallel, so
# Sphinx would read (and execute) every page on one core. sphinx_multitoc_numbering renumbers sections
# once all pages are read, in the main process, and sphinx_jupyterbook_latex acts only for LaTeX; a
# serial and a parallel build of this course give identical pages (checked when this was added).
PARALLEL_SAFE_UNDECLARED = ("sphinx_multitoc_numbering", "sphinx_jupyterbook_latex")


def _check_course_data_once(app: Any) -> None:
    """Check all of data/ once, before any page runs, so a fault is named (file, id, field).

    Found later, inside a page read in parallel, the same fault stops the build with only
    "ExecutionError: <page>": the parallel reader drops the page's own traceback. And a @book without
    a publisher would stop it with a bare KeyError inside pybtex. About a second on a clean build, and
    a third of that on a rebuild, which does not check the same references.bib again.
    """
    from .cli import data_check, safety_check

    data_check(None, passed=Path(app.doctreedir) / "coursekit-checked")
    safety_check(None)


def _allow_parallel_read(app: Any) -> None:
    for name in PARALLEL_SAFE_UNDECLARED:
        extension = app.extensions.get(name)
        if extension is not None and extension.parallel_read_safe is None:
            extension.parallel_read_safe = True


def _cache_pybtex_plugin_lookups() -> None:
    """Look up each pybtex plugin once per build, not once per citation.

    sphinxcontrib-bibtex builds a citation style for every footnote citation, and pybtex finds each
    style's parts by scanning every installed package's entry points. With about 550 citations that
    scan was most of the time spent reading the chapters (about 35 of 45 seconds, profiled).
    """
    import pybtex.plugin

    if not hasattr(pybtex.plugin._load_entry_point, "cache_info"):
        pybtex.plugin._load_entry_point = functools.lru_cache(maxsize=None)(pybtex.plugin._load_entry_point)


def _create_execution_cache(app: Any) -> None:
    """Create myst-nb's execution cache before pages are read in parallel.

    On a clean build every reading process would otherwise create the cache's database at once, and
    all but the first fail ("table settings already exists"), stopping the build at random.
    """
    config = getattr(app.env, "mystnb_config", None)
    if config is not None and config.execution_cache_path:
        from jupyter_cache import get_cache

        get_cache(config.execution_cache_path).db  # noqa: B018 - creating the database is the point


def setup(app: Sphinx) -> dict[str, Any]:
    _cache_pybtex_plugin_lookups()
    app.add_config_value("course_fingerprint", "", "env")
    app.add_config_value("course_profile_fingerprint", "", "env")
    app.connect("config-inited", _edition_from_environment)
    app.connect("config-inited", _add_paths)
    app.connect("config-inited", _apply_profile)
    app.connect("builder-inited", _allow_parallel_read)
    app.connect("builder-inited", _check_course_data_once)
    app.connect("builder-inited", _create_execution_cache, priority=900)  # after myst-nb sets the path
    app.connect("build-finished", _write_sitemap)
    app.connect("build-finished", _write_root_redirect, priority=400)
    app.connect("build-finished", _mend_pages)
    app.connect("source-read", _quote_review_date)
    app.connect("source-read", _mark_course_dependencies)
    app.add_directive("facilitator", FacilitatorNote)
    app.add_role("crisis-number", crisis_number_role)
    app.add_directive("course-glossary", CourseGlossary)
    app.add_directive("key-points", KeyPoints)
    app.add_directive("all-facilitator-notes", AllFacilitatorNotes)
    app.connect("html-page-context", _page_head)
    app.connect("doctree-resolved", _review_footer)
    app.connect("doctree-resolved", _launch_links)
    app.add_css_file("coursekit.css")
    app.add_css_file("coursekit-safety.css")
    app.add_js_file("coursekit-quiz.js", defer="defer")
    app.add_js_file("coursekit-safety.js", defer="defer")
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
