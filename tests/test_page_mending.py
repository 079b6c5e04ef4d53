"""The built pages' last touches (coursekit.sphinx_ext.mend_page): valid search forms and a faster first paint."""

from __future__ import annotations

from coursekit.sphinx_ext import SUBMIT, mend_page

HEAD = (
    '<link href="../_static/styles/theme.css?digest=abc" rel="stylesheet" />\n'
    '<link href="../_static/vendor/fontawesome/6.5.2/css/all.min.css?digest=abc" rel="stylesheet" />\n'
)
FORM = '<form class="bd-search d-flex" action="../search.html" method="get"><input type="search" id="search-input" name="q"/></form>'


def test_font_awesome_stops_blocking_and_still_loads_without_javascript() -> None:
    page = mend_page(HEAD)
    href = "../_static/vendor/fontawesome/6.5.2/css/all.min.css?digest=abc"
    assert f'<link rel="stylesheet" href="{href}" media="print" onload="this.onload=null;this.media=\'all\'" />' in page
    assert f'<noscript><link rel="stylesheet" href="{href}" /></noscript>' in page
    assert f'<link href="{href}" rel="stylesheet" />' not in page


def test_theme_css_becomes_basic_css_only_when_that_is_all_it_imports() -> None:
    assert '<link href="../_static/basic.css" rel="stylesheet" />' in mend_page(HEAD, theme_css_is_basic=True)
    assert "styles/theme.css" in mend_page(HEAD, theme_css_is_basic=False)


def test_search_forms_get_a_submit_button_once_and_the_search_page_a_unique_id() -> None:
    page = mend_page(FORM + FORM, search_page=True)
    assert page.count(SUBMIT) == 2
    assert page.count('id="search-input"') == 1 and page.count('id="search-page-input"') == 1
    assert mend_page(page, search_page=True) == page, "mending twice changes nothing"
    assert mend_page(FORM + FORM).count('id="search-input"') == 2, "only the search page's ids are changed"


def test_theme_scripts_are_deferred_and_no_longer_preloaded() -> None:
    src = "../_static/scripts/bootstrap.js?digest=abc"
    page = mend_page(
        f'<link rel="preload" as="script" href="{src}" />\n'
        f'<script src="{src}"></script>\n<script src="../_static/scripts/pydata-sphinx-theme.js?digest=abc"></script>'
    )
    assert 'rel="preload"' not in page
    assert f'<script defer="defer" src="{src}"></script>' in page
    assert page.count('defer="defer"') == 2
    assert mend_page(page) == page, "mending twice changes nothing"
