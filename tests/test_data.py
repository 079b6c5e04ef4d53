"""The knowledge base in data/: the real files load, and each kind of fault stops with a located message."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import coursekit as ck
from coursekit.data import check_reference_style, load_course_data
from helpers import read_rows, row_number, set_cell, write_rows

DESIGN_MODALITIES = {
    "self-help", "psychoeducation", "family-psychoeducation", "psychotherapy", "cbt", "dbt", "psychodynamic", "humanistic",
    "ipt", "family-therapy", "group-therapy", "support-group", "twelve-step", "smart-recovery",
    "peer-support-one-to-one", "peer-support-group", "peer-support-online", "crisis-services",
    # Added for issue 13 ("the rest of the map"); more follow as their data lands.
    "trauma-focused-cbt", "emdr", "act", "behavioural-activation",
    "warmline", "peer-respite",
    "psychiatric-medication", "hearing-voices-group", "moud", "harm-reduction", "clubhouse", "recovery-college",
}
DESIGN_DIMENSIONS = {
    "purpose", "leader", "structure", "interaction", "emotional_depth", "duration", "skills", "format", "membership",
    "confidentiality", "cost", "accessibility", "evidence", "self_management", "relationship",
}


def test_real_data_covers_every_modality_and_dimension_of_the_design() -> None:
    data = load_course_data()
    assert set(data.modalities.index) == DESIGN_MODALITIES
    assert set(data.dimensions.index) == DESIGN_DIMENSIONS
    assert len(data.statements) == len(DESIGN_MODALITIES) * len(DESIGN_DIMENSIONS)


def test_every_modality_rests_on_a_reference_in_the_bib() -> None:
    data = load_course_data()
    for modality in data.modalities.itertuples():
        assert modality.references and set(modality.references) <= set(data.references), modality.id


def test_every_bib_entry_is_used_somewhere() -> None:
    """An unused entry is a sign that a citation was lost in an edit."""
    data = load_course_data()
    used = {k for refs in data.modalities["references"] for k in refs} | {k for refs in data.statements["references"] for k in refs}
    from coursekit.quiz import load_question_bank

    used |= {k for q in load_question_bank().questions.values() for k in q.references}
    from coursekit.glossary import load_glossary

    used |= {k for entry in load_glossary() for k in entry.references}
    from coursekit.safety import load_safety

    safety = load_safety()
    rules = safety.rules
    used |= {k for r in rules.risks for k in r.references} | {r.line.source for r in safety.lines}
    used |= set(rules.asking.references) | set(rules.means_safety.references) | set(rules.safety_plan.references)
    book = Path(__file__).resolve().parent.parent / "book"
    text = " ".join(p.read_text(encoding="utf-8") for p in book.rglob("*.md"))
    unused = [key for key in data.references if key not in used and key not in text]
    assert not unused, f"references never cited: {unused}"


def test_typed_columns_have_types_for_sorting_and_charts() -> None:
    data = load_course_data()
    assert str(data.modalities["leader_training"].dtype) == "int64"
    assert str(data.modalities["sessions_max"].dtype) == "Int64"
    assert data.modalities.at["cbt", "leader"] == "professional"
    assert data.modalities.at["support-group", "leader_confidentiality_bound"] == "no"
    assert "group" in data.modalities.at["group-therapy", "formats"]


def _fails(data_dir: Path) -> str:
    with pytest.raises(ck.CourseDataError) as caught:
        load_course_data(data_dir)
    return str(caught.value)


def test_unknown_modality_in_statements_names_file_row_and_field(data_copy: Path) -> None:
    path = data_copy / "modality_statements.csv"
    row = set_cell(path, {"modality": "cbt", "dimension": "cost"}, "modality", "aromatherapy")
    message = _fails(data_copy)
    assert "modality_statements.csv" in message and f"row {row}" in message and "field 'modality'" in message
    assert "unknown modality 'aromatherapy'" in message


def test_unknown_dimension_names_file_row_and_field(data_copy: Path) -> None:
    path = data_copy / "modality_statements.csv"
    row = set_cell(path, {"modality": "dbt", "dimension": "skills"}, "dimension", "vibes")
    message = _fails(data_copy)
    assert f"modality_statements.csv, row {row}" in message and "field 'dimension'" in message and "'vibes'" in message


def test_missing_required_cell_names_file_row_and_field(data_copy: Path) -> None:
    path = data_copy / "modalities.csv"
    row = set_cell(path, {"id": "ipt"}, "summary", "   ")
    message = _fails(data_copy)
    assert f"modalities.csv, row {row} (id 'ipt'), field 'summary': is required but empty" in message


def test_missing_statement_for_a_pair_names_the_pair(data_copy: Path) -> None:
    path = data_copy / "modality_statements.csv"
    header, rows = read_rows(path)
    write_rows(path, header, [r for r in rows if not (r["modality"] == "humanistic" and r["dimension"] == "evidence")])
    message = _fails(data_copy)
    assert "modality_statements.csv" in message and "humanistic / evidence" in message and "field 'statement'" in message


def test_reference_key_not_in_bib_names_file_row_and_field(data_copy: Path) -> None:
    path = data_copy / "modality_statements.csv"
    row = set_cell(path, {"modality": "cbt", "dimension": "duration"}, "references", "madeup2099")
    message = _fails(data_copy)
    assert f"row {row} (id 'cbt / duration'), field 'references'" in message and "'madeup2099' is not in data/references.bib" in message


def test_duplicated_row_names_both_rows(data_copy: Path) -> None:
    path = data_copy / "modalities.csv"
    header, rows = read_rows(path)
    first = row_number(path, {"id": "dbt"})
    write_rows(path, header, [*rows, next(r for r in rows if r["id"] == "dbt")])
    message = _fails(data_copy)
    assert f"row {len(rows) + 2} (id 'dbt'), field 'id': duplicates row {first}" in message


def test_value_outside_its_allowed_set_says_what_was_expected(data_copy: Path) -> None:
    row = set_cell(data_copy / "modalities.csv", {"id": "twelve-step"}, "cost_band", "cheap")
    message = _fails(data_copy)
    assert f"modalities.csv, row {row} (id 'twelve-step'), field 'cost_band'" in message
    assert "'free'" in message and "'varies'" in message and "'cheap'" in message


def test_number_out_of_range_says_the_range(data_copy: Path) -> None:
    row = set_cell(data_copy / "modalities.csv", {"id": "cbt"}, "structure", "9")
    message = _fails(data_copy)
    assert f"row {row} (id 'cbt'), field 'structure'" in message and "less than or equal to 5" in message


def test_sessions_min_above_max_is_refused(data_copy: Path) -> None:
    path = data_copy / "modalities.csv"
    set_cell(path, {"id": "cbt"}, "sessions_min", "40")
    row = set_cell(path, {"id": "cbt"}, "sessions_max", "12")
    assert f"row {row} (id 'cbt'), field 'sessions_max'" in _fails(data_copy)


def test_malformed_csv_row_names_the_row(data_copy: Path) -> None:
    path = data_copy / "dimensions.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3] + ",an extra cell"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    message = _fails(data_copy)
    assert "dimensions.csv, row 4" in message and "cells but the header has 3" in message


def test_missing_column_names_the_column(data_copy: Path) -> None:
    path = data_copy / "dimensions.csv"
    header, rows = read_rows(path)
    write_rows(path, [h for h in header if h != "question"], [{k: v for k, v in r.items() if k != "question"} for r in rows])
    assert "dimensions.csv, row 1, field 'question': column is missing" in _fails(data_copy)


def test_malformed_bib_names_the_file(data_copy: Path) -> None:
    path = data_copy / "references.bib"
    path.write_text(path.read_text(encoding="utf-8") + "\n@article{broken, title = {Unclosed\n", encoding="utf-8")
    assert "references.bib: is not valid BibTeX" in _fails(data_copy)


def test_book_without_publisher_names_the_key_and_field(data_copy: Path) -> None:
    # The book's reference style cannot format a @book with no publisher; the strict build used to stop
    # with a bare KeyError. The data check names the entry instead.
    path = data_copy / "references.bib"
    path.write_text(path.read_text(encoding="utf-8") + "\n@book{nopublisher2020, author = {Doe, Jane}, title = {A Book}, year = {2020}}\n", encoding="utf-8")
    with pytest.raises(ck.CourseDataError) as caught:
        check_reference_style(path)
    assert "references.bib, id 'nopublisher2020', field 'publisher': is required for a @book entry" in str(caught.value)


def test_malformed_yaml_names_the_file_and_line(data_copy: Path) -> None:
    path = data_copy / "comparisons.yml"
    path.write_text("psychoeducation-vs-therapy:\n  title: [unclosed\n", encoding="utf-8")
    message = _fails(data_copy)
    assert "comparisons.yml: is not valid YAML" in message and "line" in message


def test_unknown_modality_in_a_comparison_names_the_comparison(data_copy: Path) -> None:
    path = data_copy / "comparisons.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("group-therapy", "drum-circle", 1), encoding="utf-8")
    message = _fails(data_copy)
    assert "comparisons.yml" in message and "field 'modalities'" in message and "'drum-circle'" in message


def test_missing_file_is_named(data_copy: Path) -> None:
    (data_copy / "dimensions.csv").unlink()
    assert "dimensions.csv: file is missing" in _fails(data_copy)


def test_edited_cell_reaches_the_table(data_copy: Path) -> None:
    set_cell(data_copy / "modality_statements.csv", {"modality": "cbt", "dimension": "purpose"}, "statement", "An edited statement for this test.")
    data = load_course_data(data_copy)
    table = ck.compare(["cbt", "dbt"], ["purpose"], data=data)
    assert table.frame.loc["Purpose and goals", "CBT"] == "An edited statement for this test."
    assert "An edited statement for this test." in table.to_html()


def test_course_data_cache_notices_edits(data_copy: Path) -> None:
    first = ck.course_data(data_copy)
    assert ck.course_data(data_copy) is first
    path = data_copy / "modality_statements.csv"
    set_cell(path, {"modality": "dbt", "dimension": "purpose"}, "statement", "Changed again.")
    import os, time

    later = time.time() + 5
    os.utime(path, (later, later))
    assert ck.course_data(data_copy).statement("dbt", "purpose")["statement"] == "Changed again."


def test_real_data_dir_is_not_touched_by_these_tests(tmp_path: Path) -> None:
    """Guard: the fixtures copy data/, so the real files still load."""
    shutil.copytree(Path(ck.data.DEFAULT_DATA_DIR), tmp_path / "d")
    assert len(load_course_data(tmp_path / "d").modalities) == len(DESIGN_MODALITIES)


def test_evidence_statement_that_contradicts_its_rating_names_row_and_field(data_copy: Path) -> None:
    # The table shows the rating beside the statement; "Strong." under a "moderate" rating contradicts it.
    row = set_cell(data_copy / "modality_statements.csv", {"modality": "psychodynamic", "dimension": "evidence"}, "statement", "Strong. Many trials show it helps.")
    with pytest.raises(ck.CourseDataError) as caught:
        load_course_data(data_copy)
    error = caught.value
    assert error.file.endswith("modality_statements.csv")
    assert (error.row, error.item_id, error.field) == (row, "psychodynamic / evidence", "statement")
    assert "'moderate'" in str(error)


def test_strong_evidence_claim_under_a_lower_rating_is_refused(data_copy: Path) -> None:
    set_cell(data_copy / "modality_statements.csv", {"modality": "twelve-step", "dimension": "evidence"}, "statement", "Moderate. There is strong evidence that it works for drugs.")
    with pytest.raises(ck.CourseDataError, match="strong evidence"):
        load_course_data(data_copy)


def test_evidence_statement_that_leaves_out_its_rating_is_refused(data_copy: Path) -> None:
    # The first release's DBT row: "low certainty" under a "moderate" rating, with no rating word to catch.
    set_cell(data_copy / "modality_statements.csv", {"modality": "dbt", "dimension": "evidence"}, "statement",
             "The most-studied therapy for borderline personality disorder, but the certainty of the evidence is low.")
    with pytest.raises(ck.CourseDataError) as raised:
        load_course_data(data_copy)
    error = raised.value
    assert (error.item_id, error.field) == ("dbt / evidence", "statement") and error.file.endswith("modality_statements.csv")
    assert "should open with its rating ('Moderate')" in str(error)


def test_real_evidence_statements_agree_with_their_ratings() -> None:
    from coursekit.data import evidence_contradiction

    data = load_course_data()
    for modality in data.modalities.itertuples():
        statement = data.statement(modality.id, "evidence")["statement"]
        assert evidence_contradiction(modality.evidence_strength, statement) is None, modality.id


def test_incomplete_references_are_named_by_key_and_field(data_copy: Path) -> None:
    from coursekit.data import reference_gaps

    bib = data_copy / "references.bib"
    bib.write_text(bib.read_text(encoding="utf-8") + """
@article{broken2020entry,
  author  = {Smith, Ann and others},
  title   = {A study},
  journal = {Some Journal},
  year    = {2020},
  doi     = {https://doi.org/10.1000/xyz}
}

@misc{webpage2024nodate,
  author = {{Some Organisation}},
  title  = {A web page},
  year   = {2024},
  url    = {https://example.org/page}
}
""", encoding="utf-8")
    found = {(g.item_id, g.field) for g in reference_gaps(bib)}
    assert {("broken2020entry", "volume"), ("broken2020entry", "pages"), ("broken2020entry", "doi"), ("broken2020entry", "author"), ("webpage2024nodate", "urldate")} <= found
    assert all(g.file.endswith("references.bib") for g in reference_gaps(bib))


def test_real_references_are_complete() -> None:
    from coursekit.data import DEFAULT_DATA_DIR, reference_gaps

    assert [str(g) for g in reference_gaps(DEFAULT_DATA_DIR / "references.bib")] == []


def test_a_field_declared_unverified_is_not_a_gap_but_is_listed(data_copy: Path) -> None:
    from coursekit.data import reference_gaps, unverified_fields

    bib = data_copy / "references.bib"
    bib.write_text(bib.read_text(encoding="utf-8") + """
@article{looked2020butnotfound,
  author     = {Smith, Ann and others},
  title      = {A study},
  journal    = {Some Journal},
  year       = {2020},
  volume     = {3},
  pages      = {1--9},
  unverified = {doi, author}
}
""", encoding="utf-8")
    assert [g for g in reference_gaps(bib) if g.item_id == "looked2020butnotfound"] == []
    assert "looked2020butnotfound: doi, author" in unverified_fields(bib)


def test_an_article_from_a_journal_without_dois_says_so_instead(data_copy: Path) -> None:
    from coursekit.data import reference_gaps

    bib = data_copy / "references.bib"
    entry = """
@article{{nodoi2020{n},
  author  = {{Smith, Ann}},
  title   = {{A study}},
  journal = {{Some Journal}},
  year    = {{2020}},
  volume  = {{3}},
  pages   = {{1--9}}{extra}
}}
"""
    bib.write_text(bib.read_text(encoding="utf-8") + entry.format(n="said", extra=",\n  nodoi   = {The journal's page shows none}") + entry.format(n="silent", extra=""), encoding="utf-8")
    found = {(g.item_id, g.field) for g in reference_gaps(bib)}
    assert ("nodoi2020silent", "doi") in found
    assert not [f for f in found if f[0] == "nodoi2020said"]


def test_the_reference_style_check_remembers_a_file_that_passed_and_checks_a_changed_one(tmp_path: Path) -> None:
    from coursekit.errors import CourseDataError

    bib = tmp_path / "references.bib"
    bib.write_text("@book{good2020, author = {Doe, Jane}, title = {A Book}, publisher = {Press}, year = {2020}}\n", encoding="utf-8")
    passed = tmp_path / "passed"
    check_reference_style(bib, passed)
    assert len(list(passed.iterdir())) == 1
    bib.write_text(bib.read_text(encoding="utf-8") + "@book{nopublisher2020, author = {Doe, Jane}, title = {B}, year = {2020}}\n", encoding="utf-8")
    with pytest.raises(CourseDataError) as caught:
        check_reference_style(bib, passed)
    assert caught.value.item_id == "nopublisher2020" and caught.value.field == "publisher"
    assert len(list(passed.iterdir())) == 1, "a file that failed is not remembered"


def test_the_style_check_skips_only_types_the_style_cannot_fail_on(tmp_path: Path) -> None:
    """@misc is skipped because the plain style formats one with no fields at all; the others are checked."""
    from pybtex.database import parse_string
    from pybtex.plugin import find_plugin

    from coursekit.data import ALL_FIELDS_OPTIONAL

    style = find_plugin("pybtex.style.formatting", "plain")()
    for entry_type in ALL_FIELDS_OPTIONAL:
        bare = parse_string(f"@{entry_type}{{bare, note = {{x}}}}", "bibtex")
        style.format_entry("bare", bare.entries["bare"])  # raises FieldIsMissing if the skip were wrong
    bib = tmp_path / "references.bib"
    bib.write_text("@misc{bare, note = {x}}\n@techreport{noinstitution, author = {Doe, Jane}, title = {T}, year = {2020}}\n", encoding="utf-8")
    from coursekit.errors import CourseDataError

    with pytest.raises(CourseDataError) as caught:
        check_reference_style(bib)
    assert caught.value.item_id == "noinstitution" and caught.value.field == "institution"
