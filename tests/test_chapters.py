"""Every chapter has the parts the course promises, and its prose is measured for reading grade."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from conftest import REPO
from coursekit.quiz import load_question_bank
from coursekit.readability import chapter_grade

CHAPTER_PARTS = ("Kinds of support", "Helping someone choose")
REQUIRED_HEADINGS = ("## Learning objectives", "## Knowledge check", "## Reflection", "## Key takeaways", "## References")
READING_GRADES: dict[str, float] = {}
SEEDS = REPO.parent / "shared" / "seeds"


def chapters() -> list[Path]:
    toc = yaml.safe_load((REPO / "_toc.yml").read_text(encoding="utf-8"))
    files = [c["file"] for part in toc["parts"] if part["caption"] in CHAPTER_PARTS for c in part["chapters"]]
    return [REPO / f"{f}.md" for f in files]


def test_the_course_has_its_chapters_in_order() -> None:
    names = [p.stem for p in chapters()]
    assert names == [
        "landscape", "psychoeducation-and-therapy", "psychotherapy-approaches", "groups", "peer-support-and-therapy", "peer-run-services",
        "choosing-a-therapist", "your-role", "medication-and-substance-use", "working-across-differences", "responding-to-risk", "referral-and-crisis", "putting-it-together", "looking-after-yourself",
    ]


@pytest.mark.parametrize("path", chapters(), ids=lambda p: p.stem)
def test_chapter_has_every_part(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    for heading in REQUIRED_HEADINGS:
        assert re.search(rf"^{re.escape(heading)}\s*$", text, re.M), f"{path.name}: missing '{heading}'"
    objectives = text.split("## Learning objectives", 1)[1].split("\n## ", 1)[0]
    assert len(re.findall(r"^- ", objectives, re.M)) >= 3, f"{path.name}: fewer than three objectives"
    assert re.search(r"^## Scenario", text, re.M), f"{path.name}: no worked scenario"
    assert re.search(r"ck\.(comparison|compare|matrix)\(", text), f"{path.name}: no comparison table from data/"
    assert "```{facilitator}" in text, f"{path.name}: no facilitator notes"
    assert "```{footbibliography}" in text.split("## References", 1)[1], f"{path.name}: references not rendered"
    assert "{footcite:" in text, f"{path.name}: no citations"
    for cell in re.findall(r"```\{code-cell\}[^\n]*\n(.*?)```", text, re.S):
        assert ":tags: [remove-input]" in cell or ":tags: [remove-cell]" in cell, f"{path.name}: a code cell shows its Python"


@pytest.mark.parametrize("path", chapters(), ids=lambda p: p.stem)
def test_chapter_knowledge_check_has_eight_explained_questions_of_mixed_kinds(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    topics = re.findall(r'ck\.quiz\("([a-z0-9-]+)"\)', text.split("## Knowledge check", 1)[1])
    assert topics, f"{path.name}: the knowledge check shows no quiz"
    questions = load_question_bank().topic(topics[0]).questions
    assert len(questions) >= 8
    assert len({q.kind for q in questions}) >= 4
    for question in questions:
        assert all(o.feedback for o in question.options) and all(p.feedback for p in question.pairs)


@pytest.mark.parametrize("path", chapters(), ids=lambda p: p.stem)
def test_reading_grade(path: Path) -> None:
    """Reported at the end of the run; the course aims for grade 8 or below (NIH advice)."""
    reading = chapter_grade(path)
    READING_GRADES[path.stem] = reading.grade
    assert reading.words > 1000, f"{path.name}: suspiciously little prose measured"
    assert reading.grade <= 8.0, f"{path.name}: reading grade {reading.grade} is above 8"


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed documents live beside the repository in shared/seeds")
@pytest.mark.parametrize("path", chapters(), ids=lambda p: p.stem)
def test_no_run_of_twelve_words_from_the_seeds(path: Path) -> None:
    words = lambda t: re.findall(r"[a-z']+", t.lower())  # noqa: E731
    seed_runs = set()
    for seed in SEEDS.glob("*.txt"):
        w = words(seed.read_text(encoding="utf-8"))
        seed_runs |= {" ".join(w[i : i + 12]) for i in range(len(w) - 11)}
    w = words(path.read_text(encoding="utf-8"))
    copied = [" ".join(w[i : i + 12]) for i in range(len(w) - 11) if " ".join(w[i : i + 12]) in seed_runs]
    assert not copied, f"{path.name} repeats a seed: {copied[0]}"


def test_reading_grade_joins_wrapped_lines_and_skips_markup() -> None:
    from coursekit.readability import measure, prose_of_myst

    text = "# Title\n\nThis sentence is wrapped\nacross two lines. {footcite:p}`key`\n\n- a {term}`list <glossary term>` item\n- another {term}`one`\n\n```{code-cell} ipython3\nprint('x')\n```\n"
    prose = prose_of_myst(text)
    assert prose.splitlines() == ["This sentence is wrapped across two lines.", "a list item.", "another one."]
    assert measure(prose).sentences == 3


def test_the_home_page_course_map_links_every_chapter() -> None:
    """The map on the home page is written by hand; it had fallen three chapters behind the contents."""
    index = (REPO / "book" / "index.md").read_text(encoding="utf-8")
    missing = [path.stem for path in chapters() if f"]({path.stem}.md)" not in index]
    assert not missing, f"book/index.md's course map does not link: {missing}"
