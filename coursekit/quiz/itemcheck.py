"""The item-writing check: clues in the questions that let a learner guess without knowing.

``coursekit check`` runs it after the data checks. It looks at the bank as learners see it (options
in the order of :mod:`coursekit.quiz.order`) and reports two things.

**Figures for the whole bank**, each with a limit. A figure is judged only when the bank has at
least ``MIN_QUESTIONS`` questions of that kind; outside its limit it fails the check.

==========================  ======================================================  ================
figure                      what is counted                                         limit
==========================  ======================================================  ================
``key-first-too-often``     one-answer questions (single, scenario, and each kind   at most 40%
                            on its own) whose right answer is shown first
``choose-all-leading-run``  "choose all that apply" questions whose right options   at most 40%
                            are exactly the first few shown
``true-false-balance``      true-false questions whose right answer is "False"      35% to 65%
``correct-longest``         one-answer questions whose right answer is the longest  at most 40%
                            option (most characters)
``reason-on-wrong-options`` wrong options (single and scenario) that justify        at most the
                            themselves with "so", "since", "because", "as" or       right answers'
                            "instead"                                               share + 15 points
``most-steps-wins``         how many one-answer questions a learner would get       at most chance
                            right by always picking the option with the most        + 15 points
                            steps (commas), sharing ties
==========================  ======================================================  ================

The first two are kept in bounds by the order the course shows options in; the last two are up to
the question writers. When one is out of bounds, the questions it counted are listed as warnings.

**Flaws in one question**, named with the file and the question id:

==================================  ========  =========================================================
flaw                                fails?    what it means, and how it is found
==================================  ========  =========================================================
``all-of-the-above``                yes       an option is "All of the above", "Both of these" or the like
``none-of-the-above``               yes       an option is "None of the above", "Neither of these" or the like
``negative-stem``                   yes       the question asks with NOT, NO, NEVER, EXCEPT, LEAST,
                                              CANNOT or a word ending in N'T without making that word
                                              **bold**. Only the asking sentence counts (the one ending
                                              in "?", or the whole statement of a true-false question),
                                              and words inside quotation marks are skipped, as is a
                                              contrast such as "therapy, not a support group".
``unsafe-or-unkind-distractors``    yes       a scenario where the feedback of *every* wrong option
                                              calls it unsafe or unkind (words in ``UNSAFE_OR_UNKIND``,
                                              such as "unsafe", "puts her at risk", "unkind", "sounds
                                              cold", "dismissive", "brushes off", "blaming"). Then the
                                              right answer is the only kind one: make at least one
                                              wrong option a well-meant mistake.
``same-fact``                       yes       two questions that test the same fact: the key words of
                                              their question and right answers overlap by 45% or more,
                                              or by 30% or more when they cite the same source.
``uneven-option-lengths``           no        the longest option has more than twice the words of the
                                              shortest, and at least 10 words more.
==================================  ========  =========================================================

Everything here is a plain function of the bank: :func:`check_items` returns an :class:`ItemReport`.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from .bank import Question, QuestionBank
from .order import ONE_ANSWER_KINDS, is_leading_run, shown_key_places
from .text import plain

Severity = Literal["error", "warning"]

MIN_QUESTIONS = 5
KEY_FIRST_LIMIT = 0.40
LEADING_RUN_LIMIT = 0.40
TRUE_FALSE_FALSE_SHARE = (0.35, 0.65)
CORRECT_LONGEST_LIMIT = 0.40
# A wrong option that argues for itself ("..., because it is quicker") while right answers just say what
# to do is a clue: a reviewer measured a test-wise learner at 63% on one-answer questions with it.
REASON_WORDS = re.compile(r"\b(so|since|because|as|instead)\b", re.I)
REASON_GAP = 0.15
# Right answers written as "do A, do B, and do C" against one-step wrong options are a clue too.
STRATEGY_GAP = 0.15
SAME_FACT_OVERLAP = 0.45
SAME_FACT_OVERLAP_SAME_SOURCE = 0.30
UNEVEN_RATIO = 2.0
UNEVEN_EXTRA_WORDS = 10
WHOLE_BANK = "(whole bank)"

# An option that *is* "all of the above" (it starts so), not one that mentions "all of them" in passing.
_ALL_OF = re.compile(r"^\W*(all|both)( of)? (the )?(above|these|them|those|options|answers)\b", re.I)
_NONE_OF = re.compile(r"^\W*(none|neither)( of)? (the )?(above|these|them|those|options|answers)\b", re.I)
_NEGATIVE = re.compile(r"\b(not|no|never|none|nothing|nobody|except|least|cannot|\w+n[’']t)\b", re.I)
_CONTRAST = re.compile(r",\s*(but\s+)?not\b", re.I)  # "group therapy, not a support group" contrasts; it does not ask negatively
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”")
UNSAFE_OR_UNKIND = re.compile(
    r"\b(unsafe|not safe|dangerous|harmful|could harm|(puts?|leaves?) (him|her|them|someone|the person|\w+) at risk"
    r"|miss(es)? (possible |any |the )?risk|ignor(es|ing) (the |any )?risk"
    r"|unkind|sounds? cold|dismissive|brush(es)? off|shuts? (\w+ )?out|(feel|feeling|leaves? \w+( feeling)?) unheard"
    r"|blaming|shaming|hurtful|(could|may|might) hurt|rude|cruel|mocking|judgem?ental)\b",
    re.I,
)
_STOP = frozenset(
    """a an the and or but of to in on for with is are was were be been it its this that these those what which who whom how why
    when where do does did you your they them their he she him her his we our i me my as at by from can could should would will
    may might not no yes there than then so if about into only also just more most some any all each every one two true false
    best fit fits response respond reply say tell offer help choose apply right peer supporter role first""".split()
)


@dataclass(frozen=True)
class Finding:
    """One thing to fix (``error``) or to look at (``warning``), located like the data checks' messages."""

    file: str
    question_id: str
    flaw: str
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        where = f"id '{self.question_id}'" if self.question_id != WHOLE_BANK else WHOLE_BANK
        return f"{self.file}, {where}, flaw '{self.flaw}': {self.message}"


@dataclass(frozen=True)
class Figure:
    """A bank-wide count with its limit: ``count`` of ``total`` questions, listed in ``ids``."""

    flaw: str
    label: str
    count: int
    total: int
    low: float | None
    high: float | None
    ids: tuple[str, ...] = ()
    detail: str = ""

    @property
    def share(self) -> float:
        return self.count / self.total if self.total else 0.0

    @property
    def judged(self) -> bool:
        return self.total >= MIN_QUESTIONS

    @property
    def ok(self) -> bool:
        if not self.judged:
            return True
        return (self.low is None or self.share >= self.low - 1e-9) and (self.high is None or self.share <= self.high + 1e-9)

    @property
    def limit(self) -> str:
        if self.low is not None and self.high is not None:
            return f"aim for {self.low:.0%} to {self.high:.0%}"
        return f"at most {self.high:.0%}" if self.high is not None else f"at least {self.low:.0%}"

    def __str__(self) -> str:
        verdict = "ok" if self.ok else "OUT OF BOUNDS"
        if not self.judged:
            verdict = f"not judged (fewer than {MIN_QUESTIONS} questions)"
        detail = f" [{self.detail}]" if self.detail else ""
        return f"{self.label}: {self.count} of {self.total} ({self.share:.0%}){detail}; {self.limit}: {verdict}"


@dataclass(frozen=True)
class ItemReport:
    figures: tuple[Figure, ...]
    findings: tuple[Finding, ...] = field(default_factory=tuple)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def figure(self, flaw: str, kind: str | None = None) -> Figure:
        """A figure by its flaw name (and, for the key's place, its kind: 'single', 'scenario' or None for both)."""
        matches = [f for f in self.figures if f.flaw == flaw and (kind is None or f"({kind})" in f.label)]
        return matches[0]

    def figure_lines(self) -> list[str]:
        return [str(figure) for figure in self.figures]

    def warning_lines(self) -> list[str]:
        """Warnings, with those of the same message in one file on one line: "file, ids 'a', 'b', flaw ..."."""
        grouped: dict[tuple[str, str, str], list[str]] = {}
        for finding in self.warnings:
            grouped.setdefault((finding.file, finding.flaw, finding.message), []).append(finding.question_id)
        lines = []
        for (file, flaw, message), ids in grouped.items():
            where = f"id '{ids[0]}'" if len(ids) == 1 else "ids " + ", ".join(f"'{i}'" for i in ids)
            lines.append(f"{file}, {where}, flaw '{flaw}': {message}")
        return lines

    def lines(self) -> list[str]:
        """The whole report as a maintainer reads it."""
        out = ["Item writing (data/questions/*.yml), as learners see the options:"]
        out += [f"  {line}" for line in self.figure_lines()]
        if self.errors:
            out.append(f"  {len(self.errors)} problem(s) to fix:")
            out += [f"    {finding}" for finding in self.errors]
        if self.warnings:
            out.append(f"  {len(self.warnings)} thing(s) to look at (these do not fail the check):")
            out += [f"    {line}" for line in self.warning_lines()]
        if not self.findings:
            out.append("  No item-writing flaws found.")
        return out

    def __str__(self) -> str:
        return "\n".join(self.lines())


# --- figures ---------------------------------------------------------------------------------------

_PLACES = ("1st", "2nd", "3rd", "4th", "5th", "6th", "7th", "8th")


def _key_place_figure(questions: list[Question], orders: dict[str, tuple[int, ...]], label: str) -> Figure:
    places = Counter(shown_key_places(q, orders[q.id])[0] for q in questions)
    first = tuple(q.id for q in questions if shown_key_places(q, orders[q.id])[0] == 0)
    detail = ", ".join(f"{_PLACES[p] if p < len(_PLACES) else p + 1} {places[p]}" for p in sorted(places))
    return Figure("key-first-too-often", label, len(first), len(questions), None, KEY_FIRST_LIMIT, first, detail)


def _longest_is_right(question: Question) -> bool:
    lengths = [len(plain(o.text)) for o in question.options]
    key = next(i for i, o in enumerate(question.options) if o.correct)
    return all(lengths[key] > n for i, n in enumerate(lengths) if i != key)


def bank_figures(bank: QuestionBank) -> tuple[Figure, ...]:
    """The bank-wide figures, measured on the options in the order learners see them."""
    orders = bank.option_orders
    questions = list(bank.questions.values())
    one_answer = [q for q in questions if q.kind in ONE_ANSWER_KINDS]
    figures = [_key_place_figure(one_answer, orders, "Right answer shown first, one-answer questions (single and scenario)")]
    figures += [_key_place_figure([q for q in one_answer if q.kind == kind], orders, f"Right answer shown first ({kind})") for kind in ONE_ANSWER_KINDS]
    multiple = [q for q in questions if q.kind == "multiple"]
    leading = tuple(q.id for q in multiple if is_leading_run(q, orders[q.id]))
    figures.append(Figure("choose-all-leading-run", "Right options are just the first few shown (multiple)", len(leading), len(multiple), None, LEADING_RUN_LIMIT, leading))
    true_false = [q for q in questions if q.kind == "true-false"]
    keyed_false = tuple(q.id for q in true_false if q.options[1].correct)
    low, high = TRUE_FALSE_FALSE_SHARE
    figures.append(Figure("true-false-balance", '"False" is the right answer (true-false)', len(keyed_false), len(true_false), low, high, keyed_false))
    longest = tuple(q.id for q in one_answer if _longest_is_right(q))
    figures.append(Figure("correct-longest", "Right answer is the longest option, one-answer questions", len(longest), len(one_answer), None, CORRECT_LONGEST_LIMIT, longest))
    figures.append(_reason_figure(one_answer))
    figures.append(_most_steps_figure(one_answer))
    return tuple(figures)


def _most_steps_figure(one_answer: list[Question]) -> Figure:
    """The score of a learner who always picks the option with the most commas (ties shared), against chance."""
    score = 0.0
    chance = 0.0
    helped: list[str] = []
    for q in one_answer:
        steps = [plain(o.text).count(",") for o in q.options]
        top = [i for i, n in enumerate(steps) if n == max(steps)]
        key = next(i for i, o in enumerate(q.options) if o.correct)
        chance += 1 / len(q.options)
        if key in top:
            score += 1 / len(top)
            if len(top) < len(q.options):
                helped.append(q.id)
    n = len(one_answer) or 1
    return Figure("most-steps-wins", "A learner who always picks the option with the most steps (commas) would get right, one-answer questions",
                  round(score), len(one_answer), None, min(1.0, chance / n + STRATEGY_GAP), tuple(helped), f"by chance: {chance / n:.0%}")


def _gives_a_reason(text: str) -> bool:
    return bool(REASON_WORDS.search(plain(text)))


def _reason_figure(one_answer: list[Question]) -> Figure:
    """Wrong options that give a reason, against how often right answers do (the limit moves with them)."""
    wrong = [(q.id, o) for q in one_answer for o in q.options if not o.correct]
    keys = [o for q in one_answer for o in q.options if o.correct]
    with_reason = [qid for qid, o in wrong if _gives_a_reason(o.text)]
    key_share = sum(_gives_a_reason(o.text) for o in keys) / len(keys) if keys else 0.0
    detail = f"right answers: {sum(_gives_a_reason(o.text) for o in keys)} of {len(keys)} ({key_share:.0%})"
    return Figure("reason-on-wrong-options", 'Wrong options that give a reason ("so", "since", "because", "as", "instead"), one-answer questions',
                  len(with_reason), len(wrong), None, min(1.0, key_share + REASON_GAP), tuple(dict.fromkeys(with_reason)), detail)


def _figure_findings(bank: QuestionBank, figures: Iterable[Figure]) -> list[Finding]:
    findings = []
    advice = {
        "key-first-too-often": "the order options are shown in should prevent this; see coursekit/quiz/order.py",
        "choose-all-leading-run": "the order options are shown in should prevent this; see coursekit/quiz/order.py",
        "true-false-balance": "rewrite some statements so that the other answer is right",
        "correct-longest": "shorten some right answers, or give wrong options the same detail",
        "reason-on-wrong-options": "move the reasons from wrong options into their feedback, or give some right answers a reason too",
        "most-steps-wins": "give some wrong options as many steps as the right answer, or write some right answers as one step",
    }
    for figure in figures:
        if figure.ok:
            continue
        findings.append(Finding("data/questions", WHOLE_BANK, figure.flaw, f"{figure.label}: {figure.count} of {figure.total} ({figure.share:.0%}); {figure.limit}. {advice[figure.flaw].capitalize()}."))
        counted = {
            "true-false-balance": ('"False" is the right answer' if figure.share > (figure.high or 1) else '"True" is the right answer'),
            "correct-longest": "the right answer is the longest option",
            "reason-on-wrong-options": "a wrong option gives a reason",
            "most-steps-wins": "the right answer is among the options with the most steps",
            "key-first-too-often": "the right answer is shown first",
            "choose-all-leading-run": "the right options are the first few shown",
        }[figure.flaw]
        ids = figure.ids
        if figure.flaw == "true-false-balance" and figure.share < (figure.low or 0):
            ids = tuple(q.id for q in bank.questions.values() if q.kind == "true-false" and q.options[0].correct)
        findings += [Finding(bank.file_of(i), i, figure.flaw, f"counted in the figure above: {counted}", "warning") for i in ids]
    return list(dict.fromkeys(findings))  # the key's place is judged for both kinds together and apart: name each question once


# --- flaws in one question -------------------------------------------------------------------------

def _asking_part(question: Question) -> str:
    """The words that ask: a true-false statement, or the sentences that end in '?' (all if none do)."""
    text = _QUOTED.sub(" ", question.prompt)
    if question.kind == "true-false":
        return text
    sentences = re.split(r"(?<=[.?!])\s+", text.strip())
    asking = [s for s in sentences if s.rstrip().endswith("?")]
    return " ".join(asking or sentences)


def negative_words(question: Question) -> list[str]:
    """Negative words in the asking part of the prompt that are not in **bold**."""
    text = _CONTRAST.sub(" ", _BOLD.sub(" ", _asking_part(question)))
    return [m.group(0) for m in _NEGATIVE.finditer(text)]


def _words(text: str) -> set[str]:
    def stem(word: str) -> str:
        for suffix in ("ing", "ies", "es", "ed", "s"):
            if word.endswith(suffix) and len(word) - len(suffix) >= 4:
                return word[: -len(suffix)]
        return word

    words = re.findall(r"[a-z0-9]+", plain(text).lower().replace("’", "'").replace("'s ", " "))
    return {stem(w) for w in words if w not in _STOP and len(w) > 2}


def fact_words(question: Question) -> set[str]:
    """The key words of what a question tests: its question and its right answers."""
    parts = [question.prompt]
    parts += [o.text for o in question.options if o.correct and question.kind != "true-false"]
    parts += [p.text for p in question.pairs]
    return _words(" ".join(parts))


def overlap(a: set[str], b: set[str]) -> float:
    """Shared words as a share of all the words of both (Jaccard index)."""
    return len(a & b) / len(a | b) if a | b else 0.0


def question_findings(question: Question, file: str) -> list[Finding]:
    """Flaws that one question has on its own."""
    found: list[Finding] = []
    for index, option in enumerate(question.options):
        text = plain(option.text)
        if _ALL_OF.search(text):
            found.append(Finding(file, question.id, "all-of-the-above", f"option {index + 1} ({text!r}) rewards a partial guess; write each right answer as its own option, or make it a 'choose all that apply' question"))
        if _NONE_OF.search(text):
            found.append(Finding(file, question.id, "none-of-the-above", f"option {index + 1} ({text!r}) tests what is wrong, not what is right; replace it with a real option"))
    if question.graded:
        words = negative_words(question)
        if words:
            shown = ", ".join(dict.fromkeys(w.lower() for w in words))
            found.append(Finding(file, question.id, "negative-stem", f"the question asks with '{shown}' and learners can miss it; ask it the positive way, or write the word in bold: **{words[0]}**"))
    if question.kind == "scenario":
        wrong = [o for o in question.options if not o.correct]
        if wrong and all(UNSAFE_OR_UNKIND.search(o.feedback) for o in wrong):
            found.append(Finding(file, question.id, "unsafe-or-unkind-distractors", "the feedback calls every wrong option unsafe or unkind, so the right answer is easy to spot; make at least one wrong option a well-meant mistake"))
    if question.kind in {*ONE_ANSWER_KINDS, "multiple"}:
        counts = [len(plain(o.text).split()) for o in question.options]
        if max(counts) > UNEVEN_RATIO * min(counts) and max(counts) - min(counts) >= UNEVEN_EXTRA_WORDS:
            found.append(Finding(file, question.id, "uneven-option-lengths", f"options run from {min(counts)} to {max(counts)} words; a much longer or shorter option stands out", "warning"))
    return found


def same_fact_findings(bank: QuestionBank) -> list[Finding]:
    """Pairs of questions that test the same fact (reported on the later one, naming the earlier)."""
    questions = [q for q in bank.questions.values() if q.graded]
    words = {q.id: fact_words(q) for q in questions}
    found = []
    for first, second in itertools.combinations(questions, 2):
        share = overlap(words[first.id], words[second.id])
        same_source = bool(set(first.references) & set(second.references))
        if share >= SAME_FACT_OVERLAP or (same_source and share >= SAME_FACT_OVERLAP_SAME_SOURCE):
            why = f"{share:.0%} of their key words are shared" + (" and they cite the same source" if same_source else "")
            found.append(Finding(bank.file_of(second.id), second.id, "same-fact", f"tests the same fact as '{first.id}' ({bank.file_of(first.id)}): {why}; ask about something else, or drop one"))
    return found


def check_items(bank: QuestionBank) -> ItemReport:
    """The whole item-writing check: figures for the bank, and every flaw found, errors first."""
    figures = bank_figures(bank)
    findings = _figure_findings(bank, figures)
    for question_set in bank.sets.values():
        for question in question_set.questions:
            findings += question_findings(question, question_set.file)
    findings += same_fact_findings(bank)
    findings.sort(key=lambda f: f.severity != "error")
    return ItemReport(figures, tuple(findings))
