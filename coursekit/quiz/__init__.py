"""Quizzes: the question bank, grading, and the two renderings (ipywidgets live, HTML + JS on the site)."""

from .bank import Question, QuestionBank, load_question_bank
from .core import Quiz, quiz
from .grading import Feedback, grade

__all__ = ["Feedback", "Question", "QuestionBank", "Quiz", "grade", "load_question_bank", "quiz"]
