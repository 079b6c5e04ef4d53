"""Comparison tables: pure functions that build DataFrames, and an accessible HTML rendering of them."""

from __future__ import annotations

import html
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from .data import CourseData, course_data
from .errors import CourseDataError

_table_ids = itertools.count(1)


def _check_ids(kind: str, wanted: Sequence[str], known: pd.Index) -> None:
    for value in wanted:
        if value not in known:
            raise KeyError(f"unknown {kind} '{value}'; known: {', '.join(known)}")


def comparison_frame(modalities: Sequence[str], dimensions: Sequence[str] | None = None, data: CourseData | None = None) -> pd.DataFrame:
    """Statements for each dimension (rows) and modality (columns), labelled for reading."""
    data = data or course_data()
    dimensions = list(dimensions) if dimensions is not None else list(data.dimensions.index)
    _check_ids("modality", modalities, data.modalities.index)
    _check_ids("dimension", dimensions, data.dimensions.index)
    frame = pd.DataFrame(
        {data.modalities.at[m, "short_name"]: [data.statements.at[(m, d), "statement"] for d in dimensions] for m in modalities},
        index=pd.Index([data.dimensions.at[d, "label"] for d in dimensions], name="Dimension"),
    )
    return frame


def typed_frame(modalities: Sequence[str] | None = None, data: CourseData | None = None) -> pd.DataFrame:
    """The structured columns of the modalities, for sorting, filtering and charts."""
    data = data or course_data()
    modalities = list(modalities) if modalities is not None else list(data.modalities.index)
    _check_ids("modality", modalities, data.modalities.index)
    columns = ["short_name", "family", "leader", "leader_training", "structure", "emotional_depth", "formats",
               "sessions_min", "sessions_max", "cost_band", "leader_confidentiality_bound", "evidence_strength"]
    frame = data.modalities.loc[modalities, columns].copy()
    frame["formats"] = frame["formats"].map(", ".join)
    return frame


@dataclass
class ComparisonTable:
    """A comparison ready to show: ``.frame`` for pandas work, HTML for the page and the notebook."""

    modalities: list[str]
    dimensions: list[str]
    caption: str
    note: str | None = None
    data: CourseData = field(default_factory=course_data, repr=False)

    @property
    def frame(self) -> pd.DataFrame:
        return comparison_frame(self.modalities, self.dimensions, self.data)

    def references(self) -> list[str]:
        """Reference keys used in the table, in order of first use."""
        keys: list[str] = []
        for d in self.dimensions:
            for m in self.modalities:
                for key in self.data.statements.at[(m, d), "references"]:
                    if key not in keys:
                        keys.append(key)
        return keys

    def to_html(self) -> str:
        return render_comparison_html(self)

    def _repr_html_(self) -> str:
        return self.to_html()

    def __repr__(self) -> str:
        return f"ComparisonTable({self.caption!r}, modalities={self.modalities}, dimensions={self.dimensions})"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40]


def render_comparison_html(table: ComparisonTable) -> str:
    """Accessible HTML: caption, column and row header scopes, numbered source markers, a scroll region."""
    data = table.data
    prefix = f"ck-{_slug(table.caption)}-{next(_table_ids)}"
    keys = table.references()
    number = {key: i for i, key in enumerate(keys, start=1)}
    esc = html.escape
    head = "".join(
        f'<th scope="col"><abbr title="{esc(data.modalities.at[m, "name"])}">{esc(data.modalities.at[m, "short_name"])}</abbr></th>'
        if data.modalities.at[m, "short_name"] != data.modalities.at[m, "name"]
        else f'<th scope="col">{esc(data.modalities.at[m, "name"])}</th>'
        for m in table.modalities
    )
    body = []
    for d in table.dimensions:
        cells = []
        for m in table.modalities:
            statement = data.statements.loc[(m, d)]
            marks = ",".join(
                f'<a class="ck-ref" href="#{prefix}-src-{number[k]}" aria-label="source {number[k]}">{number[k]}</a>'
                for k in statement["references"]
            )
            cells.append(f"<td>{esc(statement['statement'])}{' <sup>' + marks + '</sup>' if marks else ''}</td>")
        body.append(f'<tr><th scope="row">{esc(data.dimensions.at[d, "label"])}</th>{"".join(cells)}</tr>')
    sources = "".join(
        f'<li id="{prefix}-src-{number[k]}">{esc(data.references[k].text)}'
        + (f' <a href="{esc(data.references[k].url)}">{esc(_short_url(data.references[k].url))}</a>' if data.references[k].url else "")
        + "</li>"
        for k in keys
    )
    note = f'<p class="ck-table-note">{esc(table.note)}</p>' if table.note else ""
    return (
        f'<div class="ck-compare" data-modalities="{esc(" ".join(table.modalities))}">'
        f'<div class="ck-table-scroll" role="region" aria-labelledby="{prefix}-cap" tabindex="0">'
        f'<table class="ck-table"><caption id="{prefix}-cap">{esc(table.caption)}</caption>'
        f'<thead><tr><th scope="col">Dimension</th>{head}</tr></thead><tbody>{"".join(body)}</tbody></table></div>'
        f'{note}'
        + (f'<details class="ck-sources"><summary>Sources for this table ({len(keys)})</summary><ol>{sources}</ol></details>' if keys else "")
        + "</div>"
    )


def _short_url(url: str) -> str:
    return re.sub(r"^https?://(www\.)?", "", url).rstrip("/")


def compare(modalities: Sequence[str], dimensions: Sequence[str] | None = None, caption: str | None = None, *, data: CourseData | None = None) -> ComparisonTable:
    """Compare two or more modalities on chosen dimensions (all dimensions if none are given)."""
    data = data or course_data()
    dimensions = list(dimensions) if dimensions is not None else list(data.dimensions.index)
    _check_ids("modality", modalities, data.modalities.index)
    _check_ids("dimension", dimensions, data.dimensions.index)
    if caption is None:
        names = [str(data.modalities.at[m, "short_name"]) for m in modalities]
        caption = " compared with ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else names[0]
    return ComparisonTable(list(modalities), dimensions, caption, data=data)


def comparison(comparison_id: str, *, data: CourseData | None = None) -> ComparisonTable:
    """A named comparison from ``data/comparisons.yml``, such as ``psychoeducation-vs-therapy``."""
    data = data or course_data()
    try:
        spec = data.comparisons[comparison_id]
    except KeyError:
        raise CourseDataError("data/comparisons.yml", f"no comparison with this id; known: {', '.join(data.comparisons)}", item_id=comparison_id) from None
    return ComparisonTable(list(spec.modalities), list(spec.dimensions), spec.title, spec.note, data=data)


def matrix(*, data: CourseData | None = None) -> ComparisonTable:
    """Every modality on every dimension: the appendix matrix."""
    data = data or course_data()
    return ComparisonTable(list(data.modalities.index), list(data.dimensions.index), "All modalities on all dimensions", data=data)


TYPED_LABELS = {
    "leader": "Who leads",
    "leader_training": "Training (0-4)",
    "structure": "Structure (1-5)",
    "emotional_depth": "Depth (1-5)",
    "formats": "Formats",
    "sessions": "Typical sessions",
    "cost_band": "Cost band",
    "leader_confidentiality_bound": "Leader bound to confidentiality",
    "evidence_strength": "Evidence",
}


@dataclass
class TypedTable:
    """The structured values of every modality, as an accessible table (and ``.frame`` for pandas)."""

    data: CourseData = field(default_factory=course_data, repr=False)

    @property
    def frame(self) -> pd.DataFrame:
        return typed_frame(data=self.data)

    def _repr_html_(self) -> str:
        esc = html.escape
        frame = self.frame
        head = "".join(f'<th scope="col">{esc(label)}</th>' for label in TYPED_LABELS.values())
        rows = []
        for modality_id, row in frame.iterrows():
            low, high = row["sessions_min"], row["sessions_max"]
            sessions = "ongoing" if pd.isna(low) and pd.isna(high) else (f"{low}" if pd.isna(high) or low == high else f"{'' if pd.isna(low) else low}–{high}")
            cells = [row["leader"], row["leader_training"], row["structure"], row["emotional_depth"], row["formats"], sessions,
                     row["cost_band"], row["leader_confidentiality_bound"], row["evidence_strength"]]
            name = self.data.modalities.at[modality_id, "name"]
            rows.append(f'<tr><th scope="row">{esc(str(name))}</th>' + "".join(f"<td>{esc(str(c))}</td>" for c in cells) + "</tr>")
        return (
            '<div class="ck-table-scroll" role="region" aria-labelledby="ck-typed-cap" tabindex="0">'
            '<table class="ck-table ck-typed"><caption id="ck-typed-cap">Structured values for every kind of support</caption>'
            f'<thead><tr><th scope="col">Kind of support</th>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>'
        )


def typed_table(*, data: CourseData | None = None) -> TypedTable:
    return TypedTable(data or course_data())
