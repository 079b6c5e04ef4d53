"""Quizzes: the question bank, grading, the order options are shown in, the item-writing check, the
end-of-course review, and the two renderings (ipywidgets live, HTML + JS on the site)."""

from .bank import Question, QuestionBank, load_question_bank
from .core import Quiz, quiz
from .grading import Feedback, grade
from .itemcheck import ItemReport, check_items
from .order import option_order, option_orders
from .review_set import review, review_questions

__all__ = [
    "Feedback",
    "ItemReport",
    "Question",
    "QuestionBank",
    "Quiz",
    "check_items",
    "grade",
    "load_question_bank",
    "option_order",
    "option_orders",
    "quiz",
    "review",
    "review_questions",
]
