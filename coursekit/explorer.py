"""The comparison explorer: pick modalities and dimensions, and the table updates.

Live, it is ipywidgets. On the static site (no kernel) it shows the default comparison as a full table,
with a sentence saying how to explore it live, rather than controls that would do nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .data import CourseData, course_data
from .display import LiveOrStatic
from .tables import ComparisonTable, compare

DEFAULT_MODALITIES = ("psychoeducation", "psychotherapy", "group-therapy", "support-group", "peer-support-one-to-one")
DEFAULT_DIMENSIONS = ("purpose", "leader", "structure", "emotional_depth", "cost", "confidentiality")


class Explorer(LiveOrStatic):
    def __init__(self, modalities: Sequence[str] = DEFAULT_MODALITIES, dimensions: Sequence[str] = DEFAULT_DIMENSIONS, *, data: CourseData | None = None) -> None:
        self.data = data or course_data()
        self.initial_modalities = [m for m in modalities if m in self.data.modalities.index]
        self.initial_dimensions = [d for d in dimensions if d in self.data.dimensions.index]
        self._widget: Any = None

    def table(self, modalities: Sequence[str], dimensions: Sequence[str]) -> ComparisonTable | None:
        """The table for a selection, or ``None`` when fewer than one modality or dimension is chosen."""
        if not modalities or not dimensions:
            return None
        if len(modalities) == 1:
            return ComparisonTable(list(modalities), list(dimensions), str(self.data.modalities.at[modalities[0], "name"]), data=self.data)
        return compare(list(modalities), list(dimensions), data=self.data)

    def static_html(self) -> str:
        table = self.table(self.initial_modalities, self.initial_dimensions)
        assert table is not None
        return (
            '<div class="ck-explorer-static">'
            '<p class="ck-explorer-hint">In a live notebook you can choose which kinds of support and which '
            "questions to compare. Here is a starting comparison; the appendix has every kind of support on "
            "every dimension.</p>"
            f"{table.to_html()}</div>"
        )

    def widget(self) -> Any:
        if self._widget is not None:
            return self._widget
        import ipywidgets as w

        modality_picker = w.SelectMultiple(
            options=[(str(r.name), r.id) for r in self.data.modalities.itertuples()],
            value=tuple(self.initial_modalities),
            rows=min(10, len(self.data.modalities)),
            description="Support",
            layout=w.Layout(width="auto", min_width="280px"),
        )
        dimension_picker = w.SelectMultiple(
            options=[(str(r.label), r.id) for r in self.data.dimensions.itertuples()],
            value=tuple(self.initial_dimensions),
            rows=min(10, len(self.data.dimensions)),
            description="Compare on",
            layout=w.Layout(width="auto", min_width="280px"),
        )
        output = w.HTML()

        def refresh(_: Any = None) -> None:
            table = self.table(list(modality_picker.value), list(dimension_picker.value))
            output.value = table.to_html() if table else "<p role='status'>Choose at least one kind of support and one thing to compare on.</p>"

        modality_picker.observe(refresh, names="value")
        dimension_picker.observe(refresh, names="value")
        refresh()
        help_text = w.HTML("<p>Hold Ctrl (Cmd on a Mac) or Shift to choose more than one item in each list.</p>")
        box = w.VBox([help_text, w.HBox([modality_picker, dimension_picker], layout=w.Layout(flex_flow="row wrap")), output])
        box.modality_picker, box.dimension_picker, box.output = modality_picker, dimension_picker, output
        self._widget = box
        return box

    def __repr__(self) -> str:
        return f"Explorer(modalities={self.initial_modalities}, dimensions={self.initial_dimensions})"


def explorer(modalities: Sequence[str] = DEFAULT_MODALITIES, dimensions: Sequence[str] = DEFAULT_DIMENSIONS) -> Explorer:
    return Explorer(modalities, dimensions)

