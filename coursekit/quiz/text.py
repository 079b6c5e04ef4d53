"""The formatting question authors may use, and nothing more.

Question text is escaped first, so ``<script>`` or any HTML shows as text and runs nothing. Then a
deliberate subset of Markdown is turned back into HTML:

- ``**bold**`` becomes ``<strong>``;
- ``*italic*`` becomes ``<em>``;
- a blank line starts a new paragraph (in scenarios, guidance and feedback).
"""

from __future__ import annotations

import html
import re

_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_ITALIC = re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])")


def inline(text: str) -> str:
    """Escape, then allow **bold** and *italic*."""
    escaped = html.escape(text.strip(), quote=True)
    return _ITALIC.sub(r"<em>\1</em>", _BOLD.sub(r"<strong>\1</strong>", escaped))


def paragraphs(text: str) -> str:
    """Escape, allow the inline subset, and split on blank lines into ``<p>`` elements."""
    blocks = [block.strip() for block in re.split(r"\n\s*\n", text.strip()) if block.strip()]
    return "".join(f"<p>{inline(' '.join(block.split()))}</p>" for block in blocks)


def plain(text: str) -> str:
    """The same text with the formatting marks removed, for places that take no HTML."""
    return _ITALIC.sub(r"\1", _BOLD.sub(r"\1", text.strip()))
