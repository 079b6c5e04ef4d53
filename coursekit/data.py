"""Load and validate the course's knowledge: modalities, dimensions, statements, comparisons, references.

Everything a maintainer edits lives in ``data/``. Each file is checked against a pydantic schema and
then against the other files (known ids, known reference keys, no duplicates, no gaps). The first
problem stops the load with a :class:`CourseDataError` naming the file, the row or id and the field.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

import pandas as pd
import yaml
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, ValidationError

from .errors import CourseDataError


def _course_root() -> Path:
    """The folder that holds ``data/`` and ``course.yml``: the checkout when there is one, else the copy
    a wheel carries (``pip install`` from the repository, as on Colab; see setup.py)."""
    checkout = Path(__file__).resolve().parent.parent
    shipped = Path(__file__).resolve().parent / "course"
    return checkout if (checkout / "data").is_dir() or not shipped.is_dir() else shipped


PACKAGE_ROOT = _course_root()
# COURSEKIT_DATA points the whole course at another data folder (a local edition, or a test's copy).
DEFAULT_DATA_DIR = Path(os.environ.get("COURSEKIT_DATA") or PACKAGE_ROOT / "data").resolve()

MODALITIES_FILE = "modalities.csv"
DIMENSIONS_FILE = "dimensions.csv"
STATEMENTS_FILE = "modality_statements.csv"
COMPARISONS_FILE = "comparisons.yml"
REFERENCES_FILE = "references.bib"

Slug = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


def _split_list(value: Any) -> Any:
    """Spreadsheet cells hold lists as ``a; b; c``."""
    if isinstance(value, str):
        return [part.strip() for part in value.split(";") if part.strip()]
    return value


def _blank_to_none(value: Any) -> Any:
    if isinstance(value, str) and not value.strip():
        return None
    return value


KeyList = Annotated[list[Text], BeforeValidator(_split_list)]
OptionalInt = Annotated[int | None, BeforeValidator(_blank_to_none)]
OptionalSlug = Annotated[Slug | None, BeforeValidator(_blank_to_none)]

Family = Literal["self-help", "psychoeducation", "psychotherapy", "group-therapy", "mutual-aid", "peer-support", "crisis",
                 "medication", "harm-reduction"]
Leader = Literal["professional", "peer", "either", "self"]
Format = Literal["individual", "group", "family", "online"]
CostBand = Literal["free", "low", "moderate", "high", "varies"]
Bound = Literal["yes", "no", "partly"]
Evidence = Literal["strong", "moderate", "emerging", "mixed"]


class _Row(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class Modality(_Row):
    """One kind of support, with the typed values that tables sort and figures plot."""

    id: Slug
    name: Text
    short_name: Text
    family: Family
    parent: OptionalSlug = None
    summary: Text
    leader: Leader
    leader_training: int = Field(ge=0, le=4)
    structure: int = Field(ge=1, le=5)
    emotional_depth: int = Field(ge=1, le=5)
    formats: Annotated[list[Format], BeforeValidator(_split_list)] = Field(min_length=1)
    sessions_min: OptionalInt = Field(default=None, ge=1)
    sessions_max: OptionalInt = Field(default=None, ge=1)
    cost_band: CostBand
    leader_confidentiality_bound: Bound
    evidence_strength: Evidence
    references: KeyList = Field(min_length=1)


class Dimension(_Row):
    """One way of comparing modalities, such as cost or who leads."""

    id: Slug
    label: Text
    question: Text


class Statement(_Row):
    """What one modality is like on one dimension, in plain words, with its sources."""

    modality: Slug
    dimension: Slug
    statement: Text
    references: KeyList = Field(default_factory=list)


class ComparisonSpec(_Row):
    """A named comparison that chapters show, defined in ``comparisons.yml``."""

    id: Slug
    title: Text
    modalities: list[Slug] = Field(min_length=2)
    dimensions: list[Slug] = Field(min_length=1)
    note: str | None = None


@dataclass(frozen=True)
class Reference:
    key: str
    text: str
    url: str | None


@dataclass(frozen=True)
class CourseData:
    """All of ``data/``, validated. Frames are indexed by id and keep the files' order."""

    directory: Path
    modalities: pd.DataFrame
    dimensions: pd.DataFrame
    statements: pd.DataFrame
    comparisons: dict[str, ComparisonSpec]
    references: dict[str, Reference]

    def modality(self, modality_id: str) -> pd.Series:
        return self.modalities.loc[modality_id]

    def statement(self, modality_id: str, dimension_id: str) -> pd.Series:
        return self.statements.loc[(modality_id, dimension_id)]


# --- reading files -------------------------------------------------------------------------------

def page_title(page: str, root: Path = PACKAGE_ROOT) -> str:
    """A book page's title, its first ``# `` heading: ``book/your-role`` -> "Your role: scope, ...".

    Links to a page use its real title, so renaming a chapter renames every link to it. A page with no
    heading (or no file) falls back to its name, "Your role".
    """
    path = root / f"{page}.md"
    if path.is_file():
        fenced = False  # a "# comment" inside a code cell is not a heading
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.lstrip().startswith(("```", "~~~")):
                fenced = not fenced
            elif not fenced and line.startswith("# "):
                return line[2:].strip()
    return Path(page).name.replace("-", " ").capitalize()


def display_path(path: Path) -> str:
    """Paths in messages read as a maintainer sees them: ``data/modalities.csv``."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        try:
            return str(path.resolve().relative_to(PACKAGE_ROOT))
        except ValueError:
            return str(path)


def read_csv_rows(path: Path, columns: list[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield ``(spreadsheet row number, cells)``; the header is row 1, so data starts at row 2."""
    shown = display_path(path)
    if not path.is_file():
        raise CourseDataError(shown, "file is missing")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CourseDataError(shown, f"is not UTF-8 text ({exc.reason}); save it as 'CSV UTF-8'") from exc
    reader = csv.reader(text.splitlines(), strict=True)
    try:
        header = [cell.strip() for cell in next(reader)]
    except StopIteration:
        raise CourseDataError(shown, "file is empty; expected a header row") from None
    except csv.Error as exc:
        raise CourseDataError(shown, f"is not valid CSV: {exc}", row=1) from exc
    missing = [c for c in columns if c not in header]
    if missing:
        raise CourseDataError(shown, f"column is missing from the header; expected columns: {', '.join(columns)}", row=1, field=missing[0])
    unknown = [c for c in header if c not in columns]
    if unknown:
        raise CourseDataError(shown, f"unknown column; expected only: {', '.join(columns)}", row=1, field=unknown[0])
    line = 1
    try:
        for line, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue  # a blank line between rows is harmless
            if len(cells) != len(header):
                first = cells[0].strip() if cells else None
                raise CourseDataError(
                    shown,
                    f"has {len(cells)} cells but the header has {len(header)}; check for a stray comma or a missing quote",
                    row=line,
                    item_id=first or None,
                    field=header[min(len(cells), len(header)) - 1] if cells else None,
                )
            yield line, dict(zip(header, cells))
    except csv.Error as exc:
        raise CourseDataError(shown, f"is not valid CSV: {exc}", row=line + 1) from exc


M = TypeVar("M", bound=BaseModel)


def validate_row(model: type[M], cells: dict[str, Any], *, file: str, row: int | None, item_id: str | None) -> M:
    """Check one row or item against its schema; the first fault becomes a located error."""
    try:
        return model.model_validate(cells)
    except ValidationError as exc:
        error = exc.errors()[0]
        field = ".".join(str(part) for part in error["loc"]) or None
        got = error.get("input")
        message = error["msg"]
        if error["type"] == "missing" or (isinstance(got, str) and not got.strip() and field):
            message = "is required but empty"
        elif not isinstance(got, dict):
            message = f"{message}; got {got!r}"
        raise CourseDataError(file, message, row=row, item_id=item_id, field=field) from exc


def _load_table(directory: Path, name: str, model: type[M], id_fields: tuple[str, ...]) -> list[tuple[int, M]]:
    path = directory / name
    shown = display_path(path)
    columns = list(model.model_fields)
    rows: list[tuple[int, M]] = []
    seen: dict[tuple[str, ...], int] = {}
    for line, cells in read_csv_rows(path, columns):
        item_id = " / ".join(cells.get(f, "").strip() for f in id_fields) or None
        item = validate_row(model, {k: v for k, v in cells.items() if v.strip() or k in id_fields}, file=shown, row=line, item_id=item_id)
        key = tuple(getattr(item, f) for f in id_fields)
        if key in seen:
            raise CourseDataError(shown, f"duplicates row {seen[key]}; each {' and '.join(id_fields)} may appear once", row=line, item_id=item_id, field=id_fields[-1])
        seen[key] = line
        rows.append((line, item))
    if not rows:
        raise CourseDataError(shown, "has a header but no rows")
    return rows


def load_references(path: Path) -> dict[str, Reference]:
    """Parse ``references.bib`` with pybtex (the parser sphinxcontrib-bibtex uses).

    The tables, the quizzes and the safety pages each need the references; a page that shows all
    three parses the file once (the cache is keyed by the file's modification time and size).
    """
    stat = path.stat() if path.is_file() else None
    return dict(_load_references(str(path), stat.st_mtime_ns if stat else 0, stat.st_size if stat else 0))


@functools.lru_cache(maxsize=8)
def _load_references(path_text: str, _mtime_ns: int, _size: int) -> dict[str, Reference]:
    path = Path(path_text)
    shown = display_path(path)
    bib = _parse_bibtex(path)
    references: dict[str, Reference] = {}
    for key, entry in bib.entries.items():
        for required in ("title", "year"):
            if not entry.fields.get(required):
                raise CourseDataError(shown, "is required for every reference", item_id=key, field=required)
        references[key] = Reference(key=key, text=format_reference(entry), url=entry.fields.get("url"))
    return references


def check_reference_style(path: Path, passed: Path | None = None) -> None:
    """Raise :class:`CourseDataError` if the book's reference style cannot format an entry.

    Run once per build (coursekit/sphinx_ext.py), by ``coursekit check`` and by the tests, not on
    every data load: formatting every entry takes about a second, and each executed page loads
    the data in its own kernel. With a ``passed`` folder, a version of the file that passed before
    is not checked again (a rebuild after editing a question does not re-check the sources).
    """
    marker = passed / f"{hashlib.sha256(path.read_bytes()).hexdigest()[:24]}.ok" if passed is not None and path.is_file() else None
    if marker is not None and marker.is_file():
        return
    _check_book_style_fields(_parse_bibtex(path), display_path(path))
    if marker is not None:
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.touch()


def _parse_bibtex(path: Path) -> Any:
    """The parsed file, read once per version of it: a build checks the style and loads the data."""
    shown = display_path(path)
    if not path.is_file():
        raise CourseDataError(shown, "file is missing")
    stat = path.stat()
    return _parse_bibtex_once(str(path), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=4)
def _parse_bibtex_once(path_text: str, _mtime_ns: int, _size: int) -> Any:
    from pybtex.database import parse_file
    from pybtex.scanner import PybtexError

    try:
        return parse_file(path_text, bib_format="bibtex")
    except PybtexError as exc:
        raise CourseDataError(display_path(Path(path_text)), f"is not valid BibTeX: {exc}") from exc


# Entry types whose template in the book's style ("plain") has no required field: the style formats
# a @misc with any fields missing, so there is nothing to check.
ALL_FIELDS_OPTIONAL = frozenset({"misc"})


def _check_book_style_fields(bib: Any, shown: str) -> None:
    """Format every entry with the style the book uses, so a missing field fails here, naming it.

    Without this, a book entry with no publisher passes every data check and then stops the strict
    book build with a bare ``KeyError: 'publisher'`` deep inside pybtex.
    """
    from pybtex.plugin import find_plugin
    from pybtex.style.template import FieldIsMissing

    style = find_plugin("pybtex.style.formatting", "plain")()
    for key, entry in bib.entries.items():
        if entry.type in ALL_FIELDS_OPTIONAL:
            continue  # nothing for the style to miss; formatting them was most of the check's time
        try:
            style.format_entry(key, entry)
        except FieldIsMissing as exc:
            raise CourseDataError(shown, f"is required for a @{entry.type} entry by the book's reference style", item_id=key, field=exc.field_name) from exc


def reference_gaps(path: Path) -> list[CourseDataError]:
    """Fields a reader needs to find each source: every fault names the file, the key and the field.

    A web page keeps the date it was read (``urldate``, YYYY-MM-DD); a journal article has its journal,
    volume or issue, pages (or article number) and DOI (or a ``nodoi`` field saying where the article is
    shown without one); author lists are complete (no "and others").
    A field that was looked for and could not be confirmed from a source is named in the entry's
    ``unverified`` field instead of being guessed; :func:`unverified_fields` lists those.
    """
    from pybtex.database import parse_file

    shown = display_path(path)
    bib = parse_file(str(path), bib_format="bibtex")
    gaps: list[CourseDataError] = []
    for key, entry in bib.entries.items():
        fields = entry.fields
        declared = {f.strip() for f in fields.get("unverified", "").split(",") if f.strip()}

        def gap(field: str, message: str) -> None:
            if field not in declared:
                gaps.append(CourseDataError(shown, message, item_id=key, field=field))

        web_source = entry.type.lower() not in {"article", "book", "incollection", "inproceedings", "phdthesis"}
        if web_source and fields.get("url") and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", fields.get("urldate", "")):
            gap("urldate", "a web source needs the date it was read, as YYYY-MM-DD")
        if entry.type.lower() == "article":
            # Some journals issue no DOI: ``nodoi`` says where that was seen, so the gap is a fact, not a guess.
            for needed in ("journal",) + (() if fields.get("nodoi") else ("doi",)):
                if not fields.get(needed):
                    gap(needed, "is required for a journal article (or name it in 'unverified' if no source confirms it; for a journal that issues none, say where in 'nodoi')")
            if not (fields.get("volume") or fields.get("number")):
                # Cochrane reviews have an issue number but no volume.
                gap("volume", "a journal article needs its volume (or issue number)")
            if not (fields.get("pages") or fields.get("eid") or fields.get("number")):
                gap("pages", "a journal article needs its pages or article number")
        if fields.get("doi") and not fields["doi"].startswith("10."):
            gap("doi", "write the DOI itself, starting 10., not a link")
        for role, people in entry.persons.items():
            if any(str(person).lower() == "others" for person in people):
                gap(role, "list every author; 'and others' hides who wrote it")
    return gaps


def unverified_fields(path: Path) -> list[str]:
    """References with fields no source could confirm, as 'key: field, field' lines (to look up again)."""
    from pybtex.database import parse_file

    bib = parse_file(str(path), bib_format="bibtex")
    return [f"{key}: {entry.fields['unverified']}" for key, entry in bib.entries.items() if entry.fields.get("unverified")]


def _strip_braces(value: str) -> str:
    """BibTeX to plain text: accents such as ``Fl\\"uckiger`` become ``Flückiger`` (latexcodec comes with pybtex)."""
    import codecs

    import latexcodec  # noqa: F401 - registers the "ulatex" codec

    try:
        value = codecs.decode(value, "ulatex")
    except ValueError:
        pass
    return value.replace("{", "").replace("}", "").replace("\\&", "&").replace("--", "–")


def format_reference(entry: Any) -> str:
    """A short, readable citation for notes under tables: Authors (year). Title. Source."""
    people = entry.persons.get("author") or entry.persons.get("editor") or []
    if people:
        names = [_strip_braces(" ".join(p.last_names)) for p in people]
        authors = names[0] if len(names) == 1 else (f"{names[0]} and {names[1]}" if len(names) == 2 else f"{names[0]} et al.")
    else:
        authors = _strip_braces(entry.fields.get("organization") or entry.fields.get("institution") or entry.fields.get("publisher") or entry.fields.get("howpublished") or "")
    source = entry.fields.get("journal") or entry.fields.get("publisher") or entry.fields.get("institution") or ""
    parts = [f"{authors} ({entry.fields['year']})." if authors else f"({entry.fields['year']}).", _strip_braces(entry.fields["title"]).rstrip(".") + "."]
    if source and _strip_braces(source) != authors:
        parts.append(_strip_braces(source).rstrip(".") + ".")
    return " ".join(parts)


def _check_keys(keys: Iterable[str], references: dict[str, Reference], *, file: str, row: int | None, item_id: str | None, field: str = "references") -> None:
    for key in keys:
        if key not in references:
            raise CourseDataError(file, f"reference key '{key}' is not in data/{REFERENCES_FILE}", row=row, item_id=item_id, field=field)


def load_comparisons(path: Path, modality_ids: set[str], dimension_ids: set[str]) -> dict[str, ComparisonSpec]:
    shown = display_path(path)
    raw = read_yaml(path)
    if not isinstance(raw, dict):
        raise CourseDataError(shown, "must be a mapping of comparison ids to their settings")
    specs: dict[str, ComparisonSpec] = {}
    for comparison_id, settings in raw.items():
        if not isinstance(settings, dict):
            raise CourseDataError(shown, "must be a mapping with title, modalities and dimensions", item_id=str(comparison_id))
        spec = validate_row(ComparisonSpec, {"id": comparison_id, **settings}, file=shown, row=None, item_id=str(comparison_id))
        for field, known, ids in (("modalities", modality_ids, spec.modalities), ("dimensions", dimension_ids, spec.dimensions)):
            for value in ids:
                if value not in known:
                    raise CourseDataError(shown, f"unknown {field[:-1]} '{value}'; known: {', '.join(sorted(known))}", item_id=spec.id, field=field)
        specs[spec.id] = spec
    return specs


# How an evidence statement may open for each rating in modalities.csv. The table shows the rating
# and the statement side by side, so a statement that opens "Strong." under a "moderate" rating is a
# contradiction a learner would see.
EVIDENCE_OPENINGS: dict[str, tuple[str, ...]] = {
    "strong": ("strong",),
    "moderate": ("moderate",),
    "emerging": ("emerging", "limited"),
    "mixed": ("mixed", "promising but mixed"),
}


def evidence_contradiction(rating: str, statement: str) -> str | None:
    """Why an evidence statement contradicts its modality's ``evidence_strength``, or None."""
    text = statement.strip().lower()
    for other, openings in EVIDENCE_OPENINGS.items():
        for opening in openings:
            if re.match(rf"{re.escape(opening)}\b", text) and other != rating:
                return f"opens '{statement.split('.')[0]}', but evidence_strength in data/{MODALITIES_FILE} is '{rating}'"
    if not any(re.match(rf"{re.escape(opening)}\b", text) for opening in EVIDENCE_OPENINGS.get(rating, ())):
        # Opening with the rating keeps the table's two columns in step: a statement that leaves it out
        # said "low certainty" under a "moderate" rating, and nothing caught it.
        return f"should open with its rating ('{EVIDENCE_OPENINGS[rating][0].capitalize()}'), as evidence_strength in data/{MODALITIES_FILE} is '{rating}'"
    if rating != "strong" and re.search(r"\bstrong evidence\b", text):
        return f"says 'strong evidence', but evidence_strength in data/{MODALITIES_FILE} is '{rating}'; say for what and for whom the evidence is strong, and rate the modality as a whole"
    return None


def read_yaml(path: Path) -> Any:
    shown = display_path(path)
    if not path.is_file():
        raise CourseDataError(shown, "file is missing")
    try:
        # libyaml's parser when PyYAML has it (its wheels do): several times faster, the same results.
        return yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise CourseDataError(shown, f"is not valid YAML: {getattr(exc, 'problem', exc)}" + (f" (line {line})" if line else "")) from exc


def load_course_data(directory: str | Path | None = None) -> CourseData:
    """Read and cross-check every file in ``data/``. Raises :class:`CourseDataError` on the first fault."""
    directory = Path(directory) if directory is not None else DEFAULT_DATA_DIR
    references = load_references(directory / REFERENCES_FILE)

    modality_rows = _load_table(directory, MODALITIES_FILE, Modality, ("id",))
    dimension_rows = _load_table(directory, DIMENSIONS_FILE, Dimension, ("id",))
    statement_rows = _load_table(directory, STATEMENTS_FILE, Statement, ("modality", "dimension"))

    modalities_file = display_path(directory / MODALITIES_FILE)
    modality_ids = {m.id for _, m in modality_rows}
    for line, m in modality_rows:
        _check_keys(m.references, references, file=modalities_file, row=line, item_id=m.id)
        if m.parent is not None and m.parent not in modality_ids:
            raise CourseDataError(modalities_file, f"parent '{m.parent}' is not a modality id", row=line, item_id=m.id, field="parent")
        if m.sessions_min is not None and m.sessions_max is not None and m.sessions_min > m.sessions_max:
            raise CourseDataError(modalities_file, f"is smaller than sessions_min ({m.sessions_min})", row=line, item_id=m.id, field="sessions_max")

    statements_file = display_path(directory / STATEMENTS_FILE)
    dimension_ids = {d.id for _, d in dimension_rows}
    for line, s in statement_rows:
        item_id = f"{s.modality} / {s.dimension}"
        if s.modality not in modality_ids:
            raise CourseDataError(statements_file, f"unknown modality '{s.modality}'; add it to data/{MODALITIES_FILE} first", row=line, item_id=item_id, field="modality")
        if s.dimension not in dimension_ids:
            raise CourseDataError(statements_file, f"unknown dimension '{s.dimension}'; known: {', '.join(sorted(dimension_ids))}", row=line, item_id=item_id, field="dimension")
        _check_keys(s.references, references, file=statements_file, row=line, item_id=item_id)
    present = {(s.modality, s.dimension) for _, s in statement_rows}
    for _, m in modality_rows:
        for _, d in dimension_rows:
            if (m.id, d.id) not in present:
                raise CourseDataError(statements_file, f"has no statement for modality '{m.id}' on dimension '{d.id}'; every modality needs one for every dimension", item_id=f"{m.id} / {d.id}", field="statement")

    strength = {m.id: m.evidence_strength for _, m in modality_rows}
    for line, s in statement_rows:
        if s.dimension == "evidence":
            problem = evidence_contradiction(strength[s.modality], s.statement)
            if problem:
                raise CourseDataError(statements_file, problem, row=line, item_id=f"{s.modality} / evidence", field="statement")

    comparisons = load_comparisons(directory / COMPARISONS_FILE, modality_ids, dimension_ids)

    modalities = pd.DataFrame([m.model_dump() for _, m in modality_rows]).set_index("id", drop=False)
    dimensions = pd.DataFrame([d.model_dump() for _, d in dimension_rows]).set_index("id", drop=False)
    statements = pd.DataFrame([s.model_dump() for _, s in statement_rows]).set_index(["modality", "dimension"], drop=False)
    for column in ("sessions_min", "sessions_max"):
        modalities[column] = modalities[column].astype("Int64")
    # Ids stay as columns too; unnamed indexes keep groupby("modality") and friends unambiguous.
    for frame in (modalities, dimensions):
        frame.index.name = None
    statements.index.names = [None, None]
    return CourseData(directory, modalities, dimensions, statements, comparisons, references)


@functools.lru_cache(maxsize=4)
def _cached(directory: str, stamp: tuple[float, ...]) -> CourseData:
    return load_course_data(directory)


def course_data(directory: str | Path | None = None) -> CourseData:
    """The validated course data, cached until a file in ``data/`` changes."""
    directory = Path(directory) if directory is not None else DEFAULT_DATA_DIR
    stamp = tuple(p.stat().st_mtime for p in sorted(directory.glob("*")) if p.is_file())
    return _cached(str(directory), stamp)
