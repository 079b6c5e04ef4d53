"""The order options are shown in: fixed, balanced, and the same everywhere.

Question writers tend to put the right answer first, or to list the right options of a "choose all
that apply" question first. If the page showed options in the order they are written, learners could
guess from the position. So every rendering (the website, the live widgets in Jupyter, the printed
answer keys and the LMS exports) shows options in the order given here, and nowhere else is an
order chosen.

The rules:

- **One right answer** (``single``, ``scenario``): the right option's place is spread evenly over the
  bank *by construction*. Questions of the same kind with the same number of options are put in a
  fixed order (by a SHA-256 hash of their ids) and their right answers go to the last place, then
  the one before, and so on round again. So with 4 options, a quarter of them (rounded down) have
  the right answer first. The wrong options follow in an order fixed by the hash of the question id.
- **Choose all that apply** (``multiple``): options in an order fixed by the hash of the question
  id, chosen so that the right options are never simply the first few (unless every option is right).
- **True or false**: always "True" then "False". Whether "False" is the right answer about half the
  time is up to the question writers; ``coursekit check`` reports it.
- **Matching** and **reflection**: nothing to order (the dropdowns are sorted by name).

The order is deterministic: it depends only on the question ids, the kinds and the number of options,
never on Python's ``hash()`` (which changes between runs) or on the time. Saved progress does not
depend on it either: answers are stored by an option's place *in the question file*, so a stored
answer still means the same option if the order shown ever changes (for example when a question is
added and the balance moves). Keep question ids stable.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from .bank import Question

ONE_ANSWER_KINDS = ("single", "scenario")
ORDERED_KINDS = (*ONE_ANSWER_KINDS, "multiple")


def _digest(*parts: object) -> int:
    """A stable number for some text: SHA-256, the same on every machine and every run."""
    text = "\x1f".join(str(p) for p in parts)
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big")


def _hashed(question_id: str, indexes: Iterable[int], salt: object = "") -> list[int]:
    return sorted(indexes, key=lambda i: _digest(question_id, salt, i))


def is_leading_run(question: Question, order: Sequence[int]) -> bool:
    """True when the right options of a question are exactly the first few shown."""
    right = sum(o.correct for o in question.options)
    return right > 0 and all(question.options[i].correct for i in order[:right])


def option_order(question: Question, key_slot: int | None = None) -> tuple[int, ...]:
    """Where each option of ``question`` is shown: option indexes (as in the file), in the order shown.

    For a one-answer question, ``key_slot`` says where the right option goes (0 = first). Without it
    the place comes from the hash of the id; :func:`option_orders` gives each question its place so
    that places are spread evenly over a whole bank.
    """
    n = len(question.options)
    if question.kind in ONE_ANSWER_KINDS:
        key = next(i for i, o in enumerate(question.options) if o.correct)
        slot = (_digest(question.id, "slot") % n) if key_slot is None else key_slot
        if not 0 <= slot < n:
            raise ValueError(f"{question.id}: key_slot must be from 0 to {n - 1}, got {key_slot}")
        order = _hashed(question.id, (i for i in range(n) if i != key))
        order.insert(slot, key)
        return tuple(order)
    if question.kind == "multiple":
        every_option_right = all(o.correct for o in question.options)
        for attempt in range(64):
            order = _hashed(question.id, range(n), attempt)
            if every_option_right or not is_leading_run(question, order):
                return tuple(order)
        # Unreachable in practice (64 tries at odds of at most 1 in 2); still a valid order.
        return tuple(order[1:] + order[:1])  # pragma: no cover
    return tuple(range(n))


def key_slots(questions: Iterable[Question]) -> dict[str, int]:
    """The place (0 = first) of the right option of each one-answer question, spread evenly.

    Questions are grouped by kind and number of options. Within a group, in the order of the hash of
    their ids, the right answers go to the last place, the one before, ... the first place, and round
    again. The first place gets its share rounded down: at most 1 in 3 with 3 options, 1 in 4 with 4.
    """
    groups: dict[tuple[str, int], list[Question]] = defaultdict(list)
    for question in questions:
        if question.kind in ONE_ANSWER_KINDS:
            groups[(question.kind, len(question.options))].append(question)
    slots = {}
    for (kind, n), members in groups.items():
        for rank, question in enumerate(sorted(members, key=lambda q: (_digest(q.id, "rank"), q.id))):
            slots[question.id] = (n - 1 - rank) % n
    return slots


def option_orders(questions: Iterable[Question]) -> dict[str, tuple[int, ...]]:
    """The order shown for every question of a bank (see the module's notes)."""
    questions = list(questions)
    slots = key_slots(questions)
    return {q.id: option_order(q, slots.get(q.id)) for q in questions}


def shown_key_places(question: Question, order: Sequence[int]) -> tuple[int, ...]:
    """Where the right options appear (0 = first), in the order shown."""
    return tuple(place for place, i in enumerate(order) if question.options[i].correct)


def ordered(question: Question, orders: Mapping[str, tuple[int, ...]]) -> tuple[int, ...]:
    """The order for ``question`` from a plan, or its own hashed order if the plan does not know it."""
    return orders.get(question.id) or option_order(question)
