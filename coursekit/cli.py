"""Command line: ``coursekit check`` validates data/ and says what to fix; ``coursekit export`` writes LMS files."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .data import load_course_data
from .errors import CourseDataError
from .quiz import load_question_bank


def check(data_dir: Path | None) -> int:
    try:
        data = load_course_data(data_dir)
        bank = load_question_bank(data_dir)
    except CourseDataError as error:
        print(f"Problem in the course data:\n  {error}", file=sys.stderr)
        return 1
    print(
        f"All course data is valid: {len(data.modalities)} modalities, {len(data.dimensions)} dimensions, "
        f"{len(data.statements)} statements, {len(data.comparisons)} comparisons, {len(data.references)} references, "
        f"{len(bank.questions)} questions in {len(bank.sets)} files."
    )
    return 0


def export(out: Path) -> int:
    from .export import export_all

    try:
        reports = export_all(out)
    except CourseDataError as error:
        print(f"Problem in the course data:\n  {error}", file=sys.stderr)
        return 1
    for report in reports:
        print(report.summary())
    return 0


FACILITATOR_TOC_PART = Path("book/facilitator/toc-part.yml")


def facilitator_toc(out: Path, root: Path | None = None) -> Path:
    """The learner table of contents plus the facilitator kit, so one _toc.yml stays the source."""
    from .data import PACKAGE_ROOT

    root = root or PACKAGE_ROOT
    out.parent.mkdir(parents=True, exist_ok=True)
    learner = (root / "_toc.yml").read_text(encoding="utf-8").rstrip("\n") + "\n"
    out.write_text(learner + (root / FACILITATOR_TOC_PART).read_text(encoding="utf-8"), encoding="utf-8")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="coursekit", description="Tools for the peer support modalities course.")
    commands = parser.add_subparsers(dest="command", required=True)
    check_parser = commands.add_parser("check", help="validate everything in data/")
    check_parser.add_argument("--data", type=Path, default=None, help="the data folder (default: the course's data/)")
    export_parser = commands.add_parser("export", help="write the question bank as Moodle GIFT, Moodle XML and Canvas QTI")
    export_parser.add_argument("--out", type=Path, default=Path("_build/export"), help="folder to write into (default: _build/export)")
    handouts_parser = commands.add_parser("handouts", help="print the handout pages of a built site to PDF (A4 and US Letter)")
    handouts_parser.add_argument("--site", type=Path, default=Path("_build/html"))
    handouts_parser.add_argument("--out", type=Path, default=Path("_build/handouts"))
    toc_parser = commands.add_parser("facilitator-toc", help="write the facilitator edition's table of contents")
    toc_parser.add_argument("out", type=Path)
    args = parser.parse_args(argv)
    if args.command == "handouts":
        from .handouts import render_handouts

        for path in render_handouts(args.site, args.out):
            print(path)
        return 0
    if args.command == "facilitator-toc":
        print(facilitator_toc(args.out))
        return 0
    if args.command == "check":
        return check(args.data)
    if args.command == "export":
        return export(args.out)
    return 2  # pragma: no cover - argparse rejects unknown commands first


if __name__ == "__main__":
    raise SystemExit(main())
