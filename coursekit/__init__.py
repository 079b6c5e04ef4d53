"""coursekit: the machinery behind the peer support modalities course.

Chapters and notebooks call it in one short line, for example::

    import coursekit as ck
    ck.comparison("psychoeducation-vs-therapy")   # a named table from data/comparisons.yml
    ck.compare(["cbt", "dbt"], ["purpose", "duration"])
    ck.explorer()                                  # pick modalities and dimensions live
    ck.landscape_map()                             # figure drawn from data/modalities.csv
    ck.quiz("landscape")                           # the knowledge check in data/questions/landscape.yml
    ck.review(seed=1, per_topic=2)                 # a mixed review: two questions from every chapter
    ck.competency_map()                            # which parts teach and check each competency
"""

from .decision import DecisionAid, decide, decision_aid, load_decision_rules, which_support_fits_guide
from .competencies import competency_map
from .data import CourseData, course_data, load_course_data
from .errors import CourseDataError
from .explorer import Explorer, explorer
from .figures import landscape_map
from .safety import crisis_lines, crisis_sheet, emergency_numbers, load_safety, risk_guide, risk_summary, safety_basics
from .quiz import Feedback, Quiz, check_items, grade, load_question_bank, quiz, review
from .workshop import answer_keys, role_plays, session_plan
from .tables import ComparisonTable, compare, comparison, comparison_frame, matrix, typed_frame, typed_table

__all__ = [
    "competency_map",
    "ComparisonTable",
    "Feedback",
    "Quiz",
    "grade",
    "load_question_bank",
    "quiz",
    "review",
    "check_items",
    "CourseData",
    "CourseDataError",
    "DecisionAid",
    "decide",
    "decision_aid",
    "load_decision_rules",
    "Explorer",
    "compare",
    "comparison",
    "comparison_frame",
    "course_data",
    "explorer",
    "landscape_map",
    "load_course_data",
    "matrix",
    "typed_frame",
    "typed_table",
    "which_support_fits_guide",
    "crisis_lines",
    "emergency_numbers",
    "crisis_sheet",
    "load_safety",
    "risk_guide",
    "risk_summary",
    "safety_basics",
    "answer_keys",
    "role_plays",
    "session_plan",
]
