"""Command line: ``coursekit check`` validates data/ and says what to fix; ``coursekit export`` writes LMS files."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .data import load_course_data
from .errors import CourseDataError
from .quiz import load_question_bank


@dataclass
class CheckResult:
    """What one check found. Any problem fails ``coursekit check``; notes (figures, warnings) are only printed.

    Each problem is one line that names the file, the row or id, and the field or flaw, like
    ``data/questions/groups.yml, id 'groups-x', flaw 'none-of-the-above': ...``.
    """

    name: str
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


Check = Callable[["Path | None"], CheckResult]


def data_check(data_dir: Path | None, passed: Path | None = None) -> CheckResult:
    """Every file in data/ loads and agrees with the others (a fault raises CourseDataError).

    ``passed``: a folder that remembers which versions of references.bib passed the style check.
    """
    from .data import DEFAULT_DATA_DIR, REFERENCES_FILE, check_reference_style
    from .glossary import load_glossary

    data = load_course_data(data_dir)
    check_reference_style((data_dir or DEFAULT_DATA_DIR) / REFERENCES_FILE, passed)
    bank = load_question_bank(data_dir)
    # The glossary is read only at build time otherwise, so a clash there surfaced late.
    glossary = load_glossary(data_dir)
    return CheckResult("course data", notes=[
        f"All course data is valid: {len(data.modalities)} modalities, {len(data.dimensions)} dimensions, "
        f"{len(data.statements)} statements, {len(data.comparisons)} comparisons, {len(data.references)} references, "
        f"{len(bank.questions)} questions in {len(bank.sets)} files, {len(glossary)} glossary terms."
    ])


def references_check(data_dir: Path | None) -> CheckResult:
    """Every source can be found again: dates read for web pages; journal, volume, pages, DOI, all authors for articles."""
    from .data import DEFAULT_DATA_DIR, REFERENCES_FILE, reference_gaps, unverified_fields

    path = (data_dir or DEFAULT_DATA_DIR) / REFERENCES_FILE
    gaps = reference_gaps(path)
    notes = [] if gaps else ["Every reference has the fields a reader needs to find it, or says which could not be confirmed."]
    unverified = unverified_fields(path)
    if unverified:
        notes.append(f"  Fields no source could confirm yet ({len(unverified)} references; look them up again, this does not fail the check):")
        notes += [f"    {line}" for line in unverified]
    return CheckResult("references", problems=[str(g) for g in gaps], notes=notes)


def item_writing_check(data_dir: Path | None) -> CheckResult:
    """Clues that let learners guess (see coursekit/quiz/itemcheck.py for each flaw and limit)."""
    from .quiz.itemcheck import check_items

    report = check_items(load_question_bank(data_dir))
    notes = ["Item writing (data/questions/*.yml), as learners see the options:", *(f"  {line}" for line in report.figure_lines())]
    if report.warnings:
        notes.append("  To look at (these do not fail the check):")
        notes += [f"    {line}" for line in report.warning_lines()]
    if not report.findings:
        notes.append("  No item-writing flaws found.")
    return CheckResult("item writing", problems=[str(f) for f in report.errors], notes=notes)


def safety_check(data_dir: Path | None) -> CheckResult:
    """safety.yml, crisis_lines.csv and the practice tool agree; lines not checked for a year are named (a warning only)."""
    from .decision import load_decision_rules
    from .safety import STALE_AFTER_DAYS, load_safety

    data = load_safety(data_dir)
    load_decision_rules(data_dir)
    countries = sorted({r.line.country for r in data.lines})
    notes = [f"Safety data is valid: {len(data.rules.risks)} kinds of risk, {len(data.lines)} crisis lines in {len(countries)} places ({', '.join(countries)})."]
    stale = data.stale()
    if stale:
        notes.append(f"Crisis lines to re-check (last checked more than {STALE_AFTER_DAYS} days ago; this does not fail the check):")
        notes += [f"  warning: {line}" for line in stale]
    return CheckResult("safety", notes=notes)


def competency_check(data_dir: Path | None) -> CheckResult:
    """competencies.yml and competency_map.yml: known ids, and every section, question, role play and plan block tagged."""
    from .competencies import coverage, load_competency_map

    references = set(load_course_data(data_dir).references)
    entries = coverage(load_competency_map(data_dir, references=references))
    frameworks = sorted({e.framework.short_name for e in entries})
    notes = [f"Competency map is valid: {len(entries)} competencies in {len(frameworks)} frameworks ({', '.join(frameworks)})."]
    gaps = [e.category.id for e in entries if not e.taught]
    if gaps:
        notes.append(f"  Not taught in any chapter section or role play (the competency page says so): {', '.join(gaps)}")
    return CheckResult("competencies", notes=notes)


def review_check(data_dir: Path | None) -> CheckResult:
    """Every page says when its content was last reviewed; pages due for review are listed, not failed."""
    import datetime as dt

    from .data import DEFAULT_DATA_DIR
    from .reviews import overdue, page_reviews

    root = (data_dir or DEFAULT_DATA_DIR).parent
    if not (root / "book").is_dir():
        return CheckResult("review dates", notes=["No book/ folder next to the data: review dates not checked."])
    today = dt.date.today()
    reviews = page_reviews(root, today=today)
    notes = [f"Every page says when it was last reviewed ({len(reviews)} pages; oldest {min(r.reviewed for r in reviews).isoformat()})."]
    late = overdue(reviews, today)
    if late:
        notes.append(f"  Due for review (more than a year since the last; this does not fail the check): {len(late)} pages")
        notes += [f"    {r.page}.md: reviewed {r.reviewed.isoformat()}, due {r.due.isoformat()}" for r in late]
    return CheckResult("review dates", notes=notes)


def profile_check(data_dir: Path | None) -> CheckResult:
    """course.yml (or COURSE_PROFILE): the host's title, contact, country and address are well formed."""
    from .data import DEFAULT_DATA_DIR
    from .launch import NOTEBOOKS_DIR, install_cells_out_of_step
    from .profile import load_profile, profile_path
    from .safety import load_safety

    countries = dict(load_safety(data_dir).rules.countries)
    profile = load_profile(countries=countries)
    host = profile.organisation or "this course's own profile"
    notes = [
        f"Profile {profile_path().name} is valid: {host}; home country {countries[profile.home_country]} (its crisis lines come first)"
        + (f"; site address {profile.base_url}" if profile.base_url else "") + "."
    ]
    problems = []
    root = (data_dir or DEFAULT_DATA_DIR).parent
    if (root / NOTEBOOKS_DIR).is_dir():
        # A notebook opened on Colab installs the course from launch.repository: it must name the same one.
        problems = [f"{notebook}: its first cell does not install from launch.repository in {profile_path().name}; run `coursekit install-cells`"
                    for notebook in install_cells_out_of_step(profile.launch.settings, root)]
    return CheckResult("profile", notes=notes, problems=problems)


# The checks `coursekit check` runs, in order. To add one, write a function that takes the data
# folder (None for the course's own data/) and returns a CheckResult, and append it here. A
# CourseDataError raised by a check stops the run: later checks would read the same broken data.
CHECKS: list[Check] = [data_check, references_check, safety_check, item_writing_check, competency_check, review_check, profile_check]


def check(data_dir: Path | None, checks: list[Check] | None = None) -> int:
    failed = 0
    for run in checks if checks is not None else CHECKS:
        try:
            result = run(data_dir)
        except CourseDataError as error:
            print(f"Problem in the course data:\n  {error}", file=sys.stderr)
            return 1
        for line in result.notes:
            print(line)
        if result.problems:
            failed += len(result.problems)
            print(f"Problems found by the {result.name} check ({len(result.problems)}):", file=sys.stderr)
            for problem in result.problems:
                print(f"  {problem}", file=sys.stderr)
    if failed:
        print(f"coursekit check: {failed} problem(s) to fix; each line above names the file, the id and the flaw.", file=sys.stderr)
        return 1
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


def print_links(hub: str, binder: str, repo: str, branch: str, colab: bool = False) -> int:
    """Each workshop notebook's launch links, for a facilitator to hand out; settings default to course.yml's."""
    from .launch import LaunchSettings, launch_links, workshop_notebooks
    from .profile import load_profile

    configured = load_profile().launch.settings
    settings = LaunchSettings(
        repository=repo or configured.repository,
        branch=branch or configured.branch,
        jupyterhub_url=hub or configured.jupyterhub_url,
        binderhub_url=binder or configured.binderhub_url,
        colab=colab or configured.colab,
    )
    if not settings.repository:
        print("Give the course repository with --repo (or set launch.repository in course.yml).", file=sys.stderr)
        return 2
    if not (settings.jupyterhub_url or settings.binderhub_url or settings.colab):
        print("Say where to open the notebooks: --hub URL, --binder URL or --colab.", file=sys.stderr)
        return 2
    if settings.colab and not settings.github:
        print("Colab opens notebooks from GitHub only: give --repo https://github.com/owner/name.", file=sys.stderr)
        return 2
    for notebook in workshop_notebooks():
        print(notebook)
        for label, url in launch_links(settings, notebook):
            print(f"  {label}: {url}")
    return 0


def write_install_cells() -> int:
    from .launch import set_install_cells
    from .profile import load_profile

    settings = load_profile().launch.settings
    changed = set_install_cells(settings)
    where = f"install from {settings.repository} ({settings.branch})" if settings.repository else "only import the course (no launch.repository)"
    print(f"{len(changed)} notebook(s) changed; every workshop notebook's first cell now says to {where}.")
    for notebook in changed:
        print(f"  {notebook}")
    return 0


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
    pdf_parser = commands.add_parser("pdf", help="print a built site as one PDF: contents, page numbers, quizzes with an answer section")
    pdf_parser.add_argument("--site", type=Path, default=Path("_build/html"))
    pdf_parser.add_argument("--out", type=Path, default=Path("_build/pdf/course-learner.pdf"))
    pdf_parser.add_argument("--edition", choices=("learner", "facilitator"), default="learner")
    toc_parser = commands.add_parser("facilitator-toc", help="write the facilitator edition's table of contents")
    toc_parser.add_argument("out", type=Path)
    links_parser = commands.add_parser("links", help="print the links that open each workshop notebook live (JupyterHub, Binder, Colab)")
    links_parser.add_argument("--hub", default="", help="your JupyterHub's address (links go through nbgitpuller)")
    links_parser.add_argument("--binder", default="", help="a BinderHub's address, for example https://mybinder.org")
    links_parser.add_argument("--colab", action="store_true", help="add Google Colab links (the repository must be on GitHub)")
    links_parser.add_argument("--repo", default="", help="the course repository's git address (default: course.yml's launch.repository)")
    links_parser.add_argument("--branch", default="", help="the branch (default: course.yml's, or main)")
    commands.add_parser("install-cells", help="make each workshop notebook's first cell install the course from course.yml's launch.repository (for Colab)")
    args = parser.parse_args(argv)
    if args.command == "install-cells":
        return write_install_cells()
    if args.command == "links":
        return print_links(args.hub, args.binder, args.repo, args.branch, args.colab)
    if args.command == "handouts":
        from .handouts import render_handouts

        for path in render_handouts(args.site, args.out):
            print(path)
        return 0
    if args.command == "pdf":
        from .printbook import page_count, render_pdf
        from .profile import load_profile

        written = render_pdf(args.site, args.out, load_profile().title, args.edition)
        print(f"{written} ({page_count(written)} pages, {written.stat().st_size / 1e6:.1f} MB)")
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
