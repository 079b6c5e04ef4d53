"""Dropping the theme's CSS that nothing in the built site can match (coursekit.unused_css)."""

from __future__ import annotations

from pathlib import Path

from coursekit.unused_css import drop_unused_rules, selector_can_match, shrink_site_stylesheets, used_names

NAMES = used_names(['<div class="bd-page show"><p id="intro">Hi</p></div>', 'el.classList.add("collapsing")'])


def test_a_rule_is_kept_only_when_every_class_and_id_it_names_is_used() -> None:
    assert selector_can_match(".bd-page p", NAMES)
    assert selector_can_match("#intro", NAMES)
    assert selector_can_match(".collapsing", NAMES), "class names that only scripts add are kept"
    assert not selector_can_match(".bd-page .btn-outline-danger", NAMES)
    assert not selector_can_match("#missing", NAMES)


def test_what_the_check_cannot_read_safely_is_kept() -> None:
    assert selector_can_match("p:not(.unused-anywhere)", NAMES), ":not() of an unused class matches almost everything"
    assert selector_can_match(".bd-page:is(.nope, .show)", NAMES)
    assert selector_can_match('a[href$=".pdf"]', NAMES), "dots inside attribute values are not class names"
    assert selector_can_match("html[data-theme=dark] p", NAMES)
    assert selector_can_match(r".\32xl", NAMES), "escaped names are kept"


def test_dead_selectors_leave_a_list_and_empty_groups_disappear() -> None:
    css = """
    /* a comment */
    .bd-page, .unused-one { color: red; }
    .unused-two { color: blue; }
    @media (max-width: 600px) { .unused-three { display: none } }
    @media (min-width: 600px) { #intro { margin: 0 } .unused-four { margin: 1px } }
    @font-face { font-family: "X"; src: url(x.woff2); }
    @keyframes spin { from { transform: rotate(0) } }
    :root { --pst-colour: #fff; }
    """
    out = drop_unused_rules(css, NAMES)
    assert ".bd-page{color: red;}" in out.replace(" {", "{")
    assert "unused" not in out
    assert "comment" not in out
    assert "@media (min-width: 600px){#intro{margin: 0}}" in out
    assert "max-width: 600px" not in out
    assert "@font-face" in out and "@keyframes spin" in out and "--pst-colour" in out
    assert drop_unused_rules(out, NAMES) == out, "pruning twice changes nothing"
    assert 'content: "a  b"' in drop_unused_rules('.bd-page::after { content: "a  b" }', NAMES), "spaces inside strings are kept"


def test_a_built_site_keeps_what_its_pages_and_loaded_scripts_use(tmp_path: Path) -> None:
    static = tmp_path / "_static"
    (static / "styles").mkdir(parents=True)
    (static / "scripts").mkdir()
    (tmp_path / "page.html").write_text('<div class="used"></div><script defer src="_static/scripts/theme.js"></script>')
    (static / "scripts" / "theme.js").write_text('x.classList.add("opened")')
    (static / "unloaded.js").write_text('x.classList.add("tabbed")')
    (static / "styles" / "bootstrap.css").write_text(".used{a:1}.opened{b:2}.tabbed{c:3}.never{d:4}")
    (static / "vendor" / "fontawesome" / "9.9" / "css").mkdir(parents=True)
    (static / "vendor" / "fontawesome" / "9.9" / "css" / "all.min.css").write_text(".fa-used{e:5}.fa-never{f:6}")
    (tmp_path / "page.html").write_text('<div class="used fa-used"></div><script defer src="_static/scripts/theme.js"></script>')
    (static / "coursekit.css").write_text(".never{d:4}")
    sizes = shrink_site_stylesheets(tmp_path)
    kept = (static / "styles" / "bootstrap.css").read_text()
    assert ".used" in kept and ".opened" in kept
    assert ".tabbed" not in kept, "a script no page loads does not keep rules alive"
    assert ".never" not in kept
    assert (static / "coursekit.css").read_text() == ".never{d:4}", "the course's own CSS is not touched"
    assert sizes["styles/bootstrap.css"][1] < sizes["styles/bootstrap.css"][0]
    assert (static / "vendor" / "fontawesome" / "9.9" / "css" / "all.min.css").read_text().strip() == ".fa-used{e:5}", "whatever Font Awesome's version"


def test_icon_codepoints_reads_escaped_literal_and_variable_content() -> None:
    from coursekit.unused_css import icon_codepoints

    css = '.fa-bars:before{content:"\\f0c9"}.fa-x:before{content:"\uf00d"}.fa-sun{--fa:"\\f185 "}.a{color:red}.q:after{content:"\\"x"}'
    assert icon_codepoints(css) == {0xF0C9, 0xF00D, 0xF185, ord('"'), ord("x")}


def test_subset_icon_fonts_keeps_only_the_glyphs_the_stylesheet_shows(tmp_path: Path) -> None:
    import shutil

    import pydata_sphinx_theme
    from fontTools.ttLib import TTFont

    from coursekit.unused_css import subset_icon_fonts

    shipped = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static" / "vendor" / "fontawesome"
    version = next(shipped.iterdir()).name
    webfonts = tmp_path / "_static" / "vendor" / "fontawesome" / version / "webfonts"
    webfonts.mkdir(parents=True)
    for name in ("fa-solid-900.woff2", "fa-solid-900.ttf"):
        shutil.copy(shipped / version / "webfonts" / name, webfonts / name)
    (webfonts.parent / "css").mkdir()
    (webfonts.parent / "css" / "all.min.css").write_text('.fa-bars:before{content:"\\f0c9"}.fa-moon:before{content:"\\f186"}')
    sizes = subset_icon_fonts(tmp_path)
    for name in ("fa-solid-900.woff2", "fa-solid-900.ttf"):
        font = TTFont(str(webfonts / name))
        assert set(font.getBestCmap()) == {0xF0C9, 0xF186}, name
        before, after = sizes[f"vendor/fontawesome/{version}/webfonts/{name}"]
        assert after < before / 10, name
    assert TTFont(str(webfonts / "fa-solid-900.woff2")).flavor == "woff2"
    assert TTFont(str(webfonts / "fa-solid-900.ttf")).flavor is None


def test_subset_icon_fonts_reuses_a_cut_font_from_its_cache(tmp_path: Path) -> None:
    """The second build copies the cut font from the cache: the cache file is what lands in the site."""
    import shutil

    import pydata_sphinx_theme

    from coursekit.unused_css import subset_icon_fonts

    shipped = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static" / "vendor" / "fontawesome"
    version = next(shipped.iterdir()).name
    webfonts = tmp_path / "site" / "_static" / "vendor" / "fontawesome" / version / "webfonts"
    webfonts.mkdir(parents=True)
    (webfonts.parent / "css").mkdir()
    (webfonts.parent / "css" / "all.min.css").write_text('.fa-bars:before{content:"\\f0c9"}')
    cache = tmp_path / "cache"
    font = webfonts / "fa-solid-900.woff2"
    shutil.copy(shipped / version / "webfonts" / font.name, font)
    first = subset_icon_fonts(tmp_path / "site", cache=cache)
    [cached] = cache.iterdir()
    assert cached.read_bytes() == font.read_bytes()
    cached.write_bytes(cached.read_bytes() + b"from the cache")  # marks the copy, so the test can tell
    shutil.copy(shipped / version / "webfonts" / font.name, font)  # Sphinx copies the full font again
    second = subset_icon_fonts(tmp_path / "site", cache=cache)
    assert font.read_bytes().endswith(b"from the cache")
    assert first[f"vendor/fontawesome/{version}/webfonts/fa-solid-900.woff2"][0] == second[f"vendor/fontawesome/{version}/webfonts/fa-solid-900.woff2"][0]


def test_shrink_site_stylesheets_reuses_a_shrunk_stylesheet_only_for_the_same_names(tmp_path: Path) -> None:
    static = tmp_path / "_static" / "styles"
    static.mkdir(parents=True)
    cache = tmp_path / "cache"
    full = ".used{a:1}.never{d:4}"
    (static / "bootstrap.css").write_text(full)
    (tmp_path / "page.html").write_text('<div class="used"></div>')
    shrink_site_stylesheets(tmp_path, cache=cache)
    [cached] = cache.iterdir()
    cached.write_text(".used{a:1}/* from the cache */")  # marks the copy, so the test can tell
    (static / "bootstrap.css").write_text(full)  # Sphinx copies the full stylesheet again
    shrink_site_stylesheets(tmp_path, cache=cache)
    assert (static / "bootstrap.css").read_text().endswith("/* from the cache */")
    (tmp_path / "page.html").write_text('<div class="used never"></div>')  # a page now uses .never
    (static / "bootstrap.css").write_text(full)
    shrink_site_stylesheets(tmp_path, cache=cache)
    assert ".never" in (static / "bootstrap.css").read_text(), "new names in the site are never served a stale stylesheet"
