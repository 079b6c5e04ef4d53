"""Drop the theme's CSS rules that nothing in the built site can match, so a phone downloads less.

The theme ships all of Bootstrap (about 200 KB) and every Font Awesome icon, and all of it blocks the
first paint; this course uses a small part. Like PurgeCSS, a rule is kept when every class and id its
selector names appears somewhere in the site's HTML or JavaScript (as any word: the theme's scripts add
classes such as ``show`` at run time). Anything the check cannot read safely is kept: element and
attribute selectors, names inside ``:not()``, ``:is()`` and the like, escaped names, and every at-rule
other than ``@media``, ``@supports``, ``@layer`` and ``@container`` (whose rules are checked one by one).

The same goes for Font Awesome's fonts: about 300 KB of glyphs, of which the theme shows ten or so
icons. Once the unused rules are gone, the icons left in its stylesheet say which glyphs to keep.

Pure functions; :func:`shrink_site_stylesheets` and :func:`subset_icon_fonts` are the ones that touch
files, after a build.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Callable, Iterable
from pathlib import Path

import tinycss2

# The theme's stylesheets, as patterns relative to the site's _static folder (Font Awesome's folder
# carries its version). The course's own CSS is not touched.
THEME_STYLESHEETS = (
    "basic.css",
    "styles/bootstrap.css",
    "styles/pydata-sphinx-theme.css",
    "styles/sphinx-book-theme.css",
    "vendor/fontawesome/*/css/all.min.css",
)
GROUPING_AT_RULES = frozenset({"media", "supports", "layer", "container"})
WORD = re.compile(r"[A-Za-z0-9_-]+")
CLASS_OR_ID = re.compile(r"[.#](-?[_a-zA-Z][\w-]*)")
FUNCTIONAL_PSEUDO = re.compile(r":(?:not|is|where|has|matches|-webkit-any|-moz-any)\(", re.IGNORECASE)
ATTRIBUTE = re.compile(r"\[[^\]]*\]")
SCRIPT_SRC = re.compile(r'<script[^>]*\ssrc="(?:[^"?]*/)?([^"/?]+\.js)[^"]*"')
ICON_STYLESHEETS = "vendor/fontawesome/*/css/all.min.css"  # each sits beside its ../webfonts folder
ICON_FONT_SUFFIXES = {".woff2": "woff2", ".woff": "woff", ".ttf": None}  # file suffix -> fontTools flavor
# A glyph is shown through `content: "\f0c9"` (or Font Awesome's `--fa: "\f0c9"` variable), escaped or not.
CONTENT_STRING = re.compile(r'(?:content|--fa[\w-]*)\s*:\s*"((?:\\.|[^"\\])*)"')
CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})\s?|\\(.)")


def used_names(texts: Iterable[str]) -> set[str]:
    """Every word in the site's pages and scripts: the names a selector may rely on."""
    names: set[str] = set()
    for text in texts:
        names.update(WORD.findall(text))
    return names


def _without_arguments(selector: str) -> str:
    """The selector with the insides of :not(), :is() and the like, and of [attributes], removed.

    A name inside :not() must not decide anything: ``:not(.unused)`` matches almost everything.
    """
    kept, start = [], 0
    while (match := FUNCTIONAL_PSEUDO.search(selector, start)) is not None:
        kept.append(selector[start:match.start()])
        depth, end = 1, match.end()
        while end < len(selector) and depth:
            depth += {"(": 1, ")": -1}.get(selector[end], 0)
            end += 1
        start = end
    kept.append(selector[start:])
    return ATTRIBUTE.sub("", "".join(kept))


def selector_can_match(selector: str, names: set[str]) -> bool:
    """False only when the selector names a class or id that appears nowhere in the site."""
    if "\\" in selector:
        return True  # an escaped name; not worth reading, so keep it
    return all(name in names for name in CLASS_OR_ID.findall(_without_arguments(selector)))


def _split_selector_list(prelude: str) -> list[str]:
    """``a, .b:is(.c, .d)`` -> ``["a", ".b:is(.c, .d)"]``: commas inside brackets do not split."""
    parts, depth, current = [], 0, []
    for char in prelude:
        depth += {"(": 1, "[": 1, ")": -1, "]": -1}.get(char, 0)
        if char == "," and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return [" ".join(part.split()) for part in parts if part.strip()]


def _compact(tokens: list) -> str:
    """Serialise tokens with each whitespace token written as one space (strings are left as they are)."""
    return "".join(" " if token.type == "whitespace" else tinycss2.serialize([token]) for token in tokens).strip()


def _kept_rules(rules: list, names: set[str]) -> list[str]:
    kept = []
    for rule in rules:
        if rule.type == "qualified-rule":
            selectors = [s for s in _split_selector_list(tinycss2.serialize(rule.prelude)) if selector_can_match(s, names)]
            if selectors:
                kept.append(",".join(selectors) + "{" + _compact(rule.content) + "}")
        elif rule.type == "at-rule":
            if rule.lower_at_keyword in GROUPING_AT_RULES and rule.content is not None:
                inner = _kept_rules(tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True), names)
                if inner:
                    kept.append(f"@{rule.at_keyword} {_compact(rule.prelude)}{{{''.join(inner)}}}")
            else:
                kept.append(tinycss2.serialize([rule]).strip())
    return kept


def drop_unused_rules(css: str, names: set[str]) -> str:
    """The stylesheet without the rules (and selectors) that cannot match, and without comments."""
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    return "\n".join(_kept_rules(rules, names)) + "\n"


def shrink_site_stylesheets(site: Path, cache: Path | None = None) -> dict[str, tuple[int, int]]:
    """Rewrite the theme's stylesheets in a built site; returns bytes before and after, per file.

    With a ``cache`` folder, a stylesheet already shrunk for the same names is reused (parsing them
    all takes about half a second of each rebuild).
    """
    static = site / "_static"
    pages = [page.read_text(encoding="utf-8", errors="replace") for page in site.rglob("*.html")]
    # Only the scripts some page loads: the theme ships others (tabs, copy buttons) whose class names
    # would otherwise keep rules for things no page shows.
    loaded = {name for page in pages for name in SCRIPT_SRC.findall(page)}
    scripts = [script.read_text(encoding="utf-8", errors="replace") for script in static.rglob("*.js") if script.name in loaded]
    names = used_names(pages + scripts)
    names_key = " ".join(sorted(names)).encode()
    sizes = {}
    for pattern in THEME_STYLESHEETS:
        for path in static.glob(pattern):
            sizes[path.relative_to(static).as_posix()] = _rewrite(
                path, names_key, cache, lambda css: drop_unused_rules(css.decode("utf-8"), names).encode("utf-8"),
            )
    return sizes


def icon_codepoints(css: str) -> set[int]:
    """The characters a stylesheet shows through ``content`` strings: the icons it can draw."""
    codepoints: set[int] = set()
    for value in CONTENT_STRING.findall(css):
        text = CSS_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)) if m.group(1) else m.group(2), value)
        codepoints.update(ord(char) for char in text)
    return codepoints


def subset_icon_fonts(site: Path, cache: Path | None = None) -> dict[str, tuple[int, int]]:
    """Keep in each icon font only the glyphs its (already shrunk) stylesheet can show.

    Run after :func:`shrink_site_stylesheets`. Returns bytes before and after, per font file. With a
    ``cache`` folder, a font already cut to the same glyphs is reused.
    """
    static = site / "_static"
    sizes = {}
    for stylesheet in static.glob(ICON_STYLESHEETS):
        codepoints = icon_codepoints(stylesheet.read_text(encoding="utf-8"))
        for font_path in sorted((stylesheet.parent.parent / "webfonts").glob("*")):
            if font_path.suffix not in ICON_FONT_SUFFIXES:
                continue
            flavor = ICON_FONT_SUFFIXES[font_path.suffix]
            glyphs_key = ",".join(map(str, sorted(codepoints))).encode()
            sizes[font_path.relative_to(static).as_posix()] = _rewrite(
                font_path, glyphs_key, cache, lambda font: _subset_font(font, codepoints, flavor),
            )
    return sizes


def _subset_font(font: bytes, codepoints: set[int], flavor: str | None) -> bytes:
    from fontTools import subset  # imported here: only a finished build needs it

    options = subset.Options()
    options.flavor = flavor
    options.ignore_missing_unicodes = True
    loaded = subset.load_font(io.BytesIO(font), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codepoints)
    subsetter.subset(loaded)
    out = io.BytesIO()
    subset.save_font(loaded, out, options)
    return out.getvalue()


def _rewrite(path: Path, key: bytes, cache: Path | None, make: Callable[[bytes], bytes]) -> tuple[int, int]:
    """Replace a file with ``make(its bytes)``; returns its size before and after.

    Sphinx copies the theme's full files again on every build. With a ``cache`` folder, a result made
    before from the same bytes and the same ``key`` (the site's names, the glyphs kept) is reused.
    """
    original = path.read_bytes()
    cached = cache / f"{hashlib.sha256(original + key).hexdigest()[:24]}{path.suffix}" if cache is not None else None
    if cached is not None and cached.is_file():
        result = cached.read_bytes()
    else:
        result = make(original)
        if cached is not None:
            cached.parent.mkdir(parents=True, exist_ok=True)
            cached.write_bytes(result)
    path.write_bytes(result)
    return len(original), len(result)
