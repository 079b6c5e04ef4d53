"""Comparison tables: the seed comparisons hold the right cells, and the HTML is accessible."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import coursekit as ck
from coursekit.glossary import load_glossary
from helpers import read_rows, set_cell, write_rows

SEED_COMPARISONS = {
    "psychoeducation-vs-therapy": ["psychoeducation", "psychotherapy"],
    "group-therapy-vs-support-groups": ["group-therapy", "support-group"],
    "peer-support-vs-therapy": ["peer-support-one-to-one", "psychotherapy"],
    "psychotherapy-approaches": ["cbt", "dbt", "psychodynamic", "humanistic", "ipt", "family-therapy"],
}


@pytest.mark.parametrize("comparison_id,modalities", SEED_COMPARISONS.items())
def test_seed_comparison_cells_come_from_the_data(comparison_id: str, modalities: list[str]) -> None:
    data = ck.course_data()
    table = ck.comparison(comparison_id)
    assert table.modalities == modalities
    frame = table.frame
    assert list(frame.columns) == [data.modalities.at[m, "short_name"] for m in modalities]
    for dimension in table.dimensions:
        label = data.dimensions.at[dimension, "label"]
        for modality in modalities:
            assert frame.at[label, data.modalities.at[modality, "short_name"]] == data.statement(modality, dimension)["statement"]


def test_seed_comparisons_cover_the_seed_dimensions() -> None:
    assert set(ck.comparison("psychoeducation-vs-therapy").dimensions) >= {"purpose", "leader", "interaction", "emotional_depth", "duration", "skills", "format", "self_management", "relationship"}
    assert set(ck.comparison("group-therapy-vs-support-groups").dimensions) >= {"purpose", "leader", "structure", "membership", "confidentiality", "cost", "accessibility"}
    assert set(ck.comparison("peer-support-vs-therapy").dimensions) >= {"leader", "structure", "relationship", "confidentiality", "accessibility"}


def test_html_has_caption_scopes_and_working_source_markers() -> None:
    table = ck.comparison("group-therapy-vs-support-groups")
    soup = BeautifulSoup(table.to_html(), "html.parser")
    assert soup.select_one("caption").get_text() == table.caption
    assert [th["scope"] for th in soup.select("thead th")] == ["col"] * 3
    assert len(soup.select('tbody th[scope="row"]')) == len(table.dimensions)
    region = soup.select_one(".ck-table-scroll")
    assert region["role"] == "region" and region["tabindex"] == "0" and soup.find(id=region["aria-labelledby"])
    markers = soup.select("a.ck-ref")
    assert markers
    for marker in markers:
        target = soup.find(id=marker["href"][1:])
        assert target is not None and target.name == "li"
    assert len(soup.select(".ck-sources li")) == len(table.references())


def test_statements_are_escaped(data_copy: Path) -> None:
    set_cell(data_copy / "modality_statements.csv", {"modality": "cbt", "dimension": "purpose"}, "statement", "<script>alert(1)</script>")
    html = ck.compare(["cbt", "dbt"], ["purpose"], data=ck.load_course_data(data_copy)).to_html()
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_compare_refuses_unknown_ids() -> None:
    with pytest.raises(KeyError, match="unknown modality 'reiki'"):
        ck.compare(["cbt", "reiki"])
    with pytest.raises(KeyError, match="unknown dimension 'colour'"):
        ck.compare(["cbt", "dbt"], ["colour"])


def test_matrix_has_every_cell() -> None:
    data = ck.course_data()
    frame = ck.matrix().frame
    assert frame.shape == (len(data.dimensions), len(data.modalities)) and frame.notna().all().all()


def test_typed_table_is_sortable_and_accessible() -> None:
    typed = ck.typed_frame()
    # Sorting by training puts a clinician-led kind of support last, whichever it is.
    most_trained = typed.sort_values("leader_training").iloc[-1]
    assert most_trained["family"] in {"psychotherapy", "group-therapy", "psychoeducation", "medication"} and most_trained["leader"] == "professional"
    soup = BeautifulSoup(ck.typed_table()._repr_html_(), "html.parser")
    assert len(soup.select('tbody th[scope="row"]')) == len(typed)


def test_landscape_map_has_alt_text_and_a_table_of_every_point() -> None:
    figure = ck.landscape_map()
    assert figure.svg.startswith("<?xml") and "<svg" in figure.svg
    soup = BeautifulSoup(figure._repr_html_(), "html.parser")
    image = soup.select_one("img")
    assert image["alt"] == figure.alt and "structured" in figure.alt and "licensed clinicians" in figure.alt
    data = ck.course_data()
    assert len(soup.select('tbody th[scope="row"]')) == len(data.modalities)
    for short_name in data.modalities["short_name"]:
        assert short_name in figure.svg.replace("&amp;", "&"), short_name


def test_explorer_updates_and_falls_back_to_a_full_table() -> None:
    explorer = ck.explorer()
    bundle = explorer._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle and "ck-compare" in bundle["text/html"]
    assert "<select" not in bundle["text/html"], "no dead controls on the static site"
    live = explorer.widget()
    live.modality_picker.value = ("cbt", "ipt")
    live.dimension_picker.value = ("evidence",)
    assert "IPT" in live.output.value and "Evidence base" in live.output.value
    live.dimension_picker.value = ()
    assert "Choose at least one" in live.output.value


def test_glossary_loads_and_a_bad_row_is_located(data_copy: Path) -> None:
    assert any(entry.term == "peer supporter" for entry in load_glossary())
    path = data_copy / "glossary.csv"
    header, rows = read_rows(path)
    rows.append({**rows[0], "aliases": ""})
    write_rows(path, header, rows)
    with pytest.raises(ck.CourseDataError) as caught:
        load_glossary(data_copy)
    assert re.search(rf"glossary.csv, row {len(rows) + 1} \(id '{rows[0]['term']}'\), field 'term': '{rows[0]['term']}' is already defined in row 2", str(caught.value))
