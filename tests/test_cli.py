"""`coursekit check`: what a maintainer runs after editing data/."""

from __future__ import annotations

from pathlib import Path

from coursekit.cli import main
from helpers import set_cell


def test_check_passes_on_the_real_data(capsys) -> None:
    assert main(["check"]) == 0
    assert "All course data is valid" in capsys.readouterr().out


def test_check_names_the_fault_and_exits_non_zero(data_copy: Path, capsys) -> None:
    row = set_cell(data_copy / "modalities.csv", {"id": "smart-recovery"}, "leader", "robot")
    assert main(["check", "--data", str(data_copy)]) == 1
    error = capsys.readouterr().err
    assert f"modalities.csv, row {row} (id 'smart-recovery'), field 'leader'" in error
