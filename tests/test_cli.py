"""`coursekit check`: what a maintainer runs after editing data/."""

from __future__ import annotations

from pathlib import Path

from coursekit.cli import main
from helpers import set_cell


def test_check_passes_on_the_real_data(capsys) -> None:
    """The data and the item-writing check both pass, and the item-writing figures are printed."""
    code = main(["check"])
    out, err = capsys.readouterr()
    assert "All course data is valid" in out
    assert "Item writing" in out and "Right answer shown first" in out and '"False" is the right answer' in out
    assert code == 0, err


def test_check_names_the_fault_and_exits_non_zero(data_copy: Path, capsys) -> None:
    row = set_cell(data_copy / "modalities.csv", {"id": "smart-recovery"}, "leader", "robot")
    assert main(["check", "--data", str(data_copy)]) == 1
    error = capsys.readouterr().err
    assert f"modalities.csv, row {row} (id 'smart-recovery'), field 'leader'" in error


def test_check_catches_a_glossary_alias_that_repeats_its_term(data_copy: Path, capsys) -> None:
    # Found while adding a term: an alias equal to its own term (ignoring case) broke only the build.
    row = set_cell(data_copy / "glossary.csv", {"term": "warmline"}, "aliases", "Warmline")
    assert main(["check", "--data", str(data_copy)]) == 1
    assert f"glossary.csv, row {row} (id 'warmline'), field 'term'" in capsys.readouterr().err


def test_check_reports_the_safety_data(capsys) -> None:
    assert main(["check"]) == 0
    assert "Safety data is valid" in capsys.readouterr().out


def test_check_fails_on_a_broken_crisis_line_naming_file_row_and_field(data_copy: Path, capsys) -> None:
    row = set_cell(data_copy / "crisis_lines.csv", {"country": "GB", "service": "Samaritans"}, "kind", "helpline")
    assert main(["check", "--data", str(data_copy)]) == 1
    assert f"crisis_lines.csv, row {row} (id 'GB helpline: Samaritans'), field 'kind'" in capsys.readouterr().err


def test_check_warns_but_passes_when_a_line_is_over_a_year_old(data_copy: Path, capsys) -> None:
    row = set_cell(data_copy / "crisis_lines.csv", {"country": "AU", "service": "Lifeline"}, "checked", "2024-01-15")
    assert main(["check", "--data", str(data_copy)]) == 0
    out = capsys.readouterr().out
    assert "Crisis lines to re-check" in out
    assert f"crisis_lines.csv, row {row} (id 'AU crisis: Lifeline'), field 'checked': last checked 2024-01-15" in out
