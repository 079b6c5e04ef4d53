"""The end-of-course review: a mixed set of questions drawn from every chapter.

``ck.review(seed=1, per_topic=2)`` picks ``per_topic`` scored questions from each chapter's question
file. The choice is balanced by topic (the same number from each chapter) and by kind (it prefers the
kinds it has used least so far, and avoids two of the same kind from one chapter), and it depends only
on the seed: the same seed always gives the same set, and another seed gives another set. Facilitators
change the seed for a new round; the website shows a few fixed sets because it has no kernel.

The warm-up on *How to use this course* (``orientation``) is not a chapter, so it is left out unless
you name it in ``topics``. Reflection questions are left out too: they have no right answer to review.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence

from .bank import Question, QuestionBank, load_question_bank
from .core import Quiz

WARM_UP_TOPICS = frozenset({"orientation"})


def review_topics(bank: QuestionBank) -> list[str]:
    """The topics a review draws from by default: every chapter's question file."""
    return [topic for topic in bank.sets if topic not in WARM_UP_TOPICS]


def review_questions(bank: QuestionBank, *, seed: int = 1, per_topic: int = 2, topics: Sequence[str] | None = None) -> list[Question]:
    """The questions of a review set, in the order shown: a pure function of the bank and the seed.

    Questions are interleaved: one from each chapter (in an order the seed chooses), then a second
    from each, and so on, so two questions from one chapter never sit together.
    """
    if per_topic < 1:
        raise ValueError("per_topic must be 1 or more")
    topics = list(topics) if topics is not None else review_topics(bank)
    if not topics:
        raise ValueError("a review needs at least one topic")
    rng = random.Random(f"coursekit-review:{seed}")  # a text seed is hashed with SHA-512: the same on every run
    topic_order = sorted(topics)
    rng.shuffle(topic_order)
    kinds_used: Counter[str] = Counter()
    picked: dict[str, list[Question]] = {}
    for topic in topic_order:
        pool = [q for q in bank.topic(topic).questions if q.graded]
        rng.shuffle(pool)
        chosen: list[Question] = []
        for _ in range(min(per_topic, len(pool))):
            here = {q.kind for q in chosen}
            # Prefer a kind not yet used for this chapter, then the kind used least in the whole set;
            # among equals, the seed's shuffle decides (min keeps the first of equals).
            best = min((q for q in pool if q not in chosen), key=lambda q: (q.kind in here, kinds_used[q.kind]))
            chosen.append(best)
            kinds_used[best.kind] += 1
        picked[topic] = chosen
    return [picked[topic][r] for r in range(per_topic) for topic in topic_order if r < len(picked[topic])]


def review(seed: int = 1, per_topic: int = 2, *, topics: Sequence[str] | None = None, title: str | None = None, bank: QuestionBank | None = None) -> Quiz:
    """An end-of-course review quiz: ``per_topic`` questions from every chapter, chosen by ``seed``."""
    bank = bank or load_question_bank()
    questions = review_questions(bank, seed=seed, per_topic=per_topic, topics=topics)
    return Quiz(f"review-{seed}-{per_topic}", title or f"Review: questions from every chapter (set {seed})", questions, bank.modality_names, orders=bank.option_orders)
