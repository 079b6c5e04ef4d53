"""Reading grade of a chapter's prose (Flesch-Kincaid), counted offline.

Syllables come from pyphen's hyphenation dictionary and a vowel-group count, so nothing is downloaded. Only prose is
measured: front matter, code cells, directive options, tables, headings and citations are left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pyphen

_dictionary = pyphen.Pyphen(lang="en_US")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


def prose_of_myst(text: str) -> str:
    """The sentences a learner reads in a MyST chapter, without markup.

    Wrapped lines of a paragraph are joined back together; a list item or a paragraph with no final
    stop still counts as one sentence.
    """
    text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)  # front matter
    text = re.sub(r"^(```+|:::+)\{(code-cell|bibliography|footbibliography|raw|toctree)\}.*?^\1\s*$", "", text, flags=re.S | re.M)
    units: list[str] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            units.append(" ".join(current))
            current.clear()

    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith(("```", ":::", "#", "|", "<")) or re.match(r"^:[a-z-]+:", stripped):
            flush()
            continue
        if re.match(r"^(?:[-+*]|\d+\.)\s+", stripped):
            flush()
            stripped = re.sub(r"^(?:[-+*]|\d+\.)\s+", "", stripped)
        current.append(stripped)
    flush()
    prose = []
    for unit in units:
        unit = re.sub(r"\{(?:foot)?cite(?::[a-z]+)?\}`[^`]*`", "", unit)  # citations are not read aloud
        unit = re.sub(r"\{[a-z:-]+\}`([^`<]*?)\s*(?:<[^`]*>)?`", r"\1", unit)  # {term}`words <target>` reads as "words"
        unit = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", unit)  # links keep their text
        unit = re.sub(r"[*_`]", "", unit).strip()
        if unit:
            prose.append(unit if unit[-1] in ".!?:;\"'”’)" else unit + ".")
    return "\n".join(prose)


def syllables(word: str) -> int:
    word = word.lower().strip("'’-")
    if not word:
        return 0
    # Hyphenation points miss some syllables ("avail-able") and vowel groups miss others
    # ("ex-pe-ri-ence"); taking the larger count errs towards a harder grade, never an easier one.
    vowel_groups = len(re.findall(r"[aeiouy]+", word))
    if word.endswith("e") and not word.endswith(("le", "ee")) and vowel_groups > 1:
        vowel_groups -= 1
    return max(1, vowel_groups, len(_dictionary.positions(word)) + 1)


@dataclass(frozen=True)
class Reading:
    words: int
    sentences: int
    syllables: int

    @property
    def grade(self) -> float:
        """Flesch-Kincaid grade level (US school grade)."""
        if not self.words or not self.sentences:
            return 0.0
        return round(0.39 * self.words / self.sentences + 11.8 * self.syllables / self.words - 15.59, 1)


def measure(text: str) -> Reading:
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", text) if _WORD.search(s)]
    words = _WORD.findall(text)
    return Reading(len(words), len(sentences), sum(syllables(w) for w in words))


def chapter_grade(path: Path) -> Reading:
    return measure(prose_of_myst(path.read_text(encoding="utf-8")))
