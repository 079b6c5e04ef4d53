"""Figures drawn from the data at build time, each with alt text and a table as its long description."""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Sequence
from dataclasses import dataclass

from .data import CourseData, course_data

# Marker shapes as well as colours, so families can be told apart without colour vision.
FAMILY_STYLE: dict[str, tuple[str, str, str]] = {
    # family: (colour, marker, legend label)
    "self-help": ("#6b4c9a", "P", "Self-help"),
    "psychoeducation": ("#0f6e8c", "s", "Psychoeducation"),
    "psychotherapy": ("#a23b2a", "o", "Psychotherapy"),
    "group-therapy": ("#b35900", "D", "Group therapy"),
    "mutual-aid": ("#2f6b2f", "^", "Support groups and mutual aid"),
    "peer-support": ("#1f4e9c", "v", "Peer support"),
    "crisis": ("#333333", "X", "Crisis services"),
    "medication": ("#7a2e6b", "h", "Medication"),
    "harm-reduction": ("#5c5c00", "*", "Harm reduction"),
}

TRAINING_LABELS = ["None (self-directed)", "Fellow member", "Trained peer worker", "Trained professional", "Licensed clinician"]
STRUCTURE_LABELS = ["Open", "", "Some structure", "", "Set programme"]


@dataclass
class Figure:
    """An image with alt text, a caption and a data table that says the same in words."""

    svg: str
    alt: str
    caption: str
    table_html: str

    def _repr_html_(self) -> str:
        encoded = base64.b64encode(self.svg.encode("utf-8")).decode("ascii")
        # The data table follows the figure: a figure's caption must be its first or last child.
        return (
            '<div class="ck-figure-block"><figure class="ck-figure">'
            f'<img src="data:image/svg+xml;base64,{encoded}" alt="{html.escape(self.alt)}" width="720">'
            f"<figcaption>{html.escape(self.caption)}</figcaption></figure>"
            f'<details class="ck-figure-data"><summary>The same information as a table</summary>{self.table_html}</details></div>'
        )


def _spread(points: Sequence[tuple[float, float]], step: float = 0.16) -> list[tuple[float, float]]:
    """Nudge points that share a spot apart, so every label can be read."""
    seen: dict[tuple[float, float], int] = {}
    spread = []
    for x, y in points:
        count = seen.get((x, y), 0)
        seen[(x, y)] = count + 1
        offset = ((count + 1) // 2) * step * (1 if count % 2 else -1)
        spread.append((x, y + offset))
    return spread


def landscape_map(modalities: Sequence[str] | None = None, *, data: CourseData | None = None) -> Figure:
    """Where each kind of support sits by how structured it is and how much training its leader has."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    data = data or course_data()
    frame = data.modalities if modalities is None else data.modalities.loc[list(modalities)]
    points = _spread([(float(r.structure), float(r.leader_training)) for r in frame.itertuples()])

    plt.rcParams["svg.fonttype"] = "none"  # keep labels as text: smaller, and selectable
    fig, ax = plt.subplots(figsize=(8, 5.6), dpi=100)
    for family, (colour, marker, label) in FAMILY_STYLE.items():
        idx = [i for i, r in enumerate(frame.itertuples()) if r.family == family]
        if idx:
            ax.scatter([points[i][0] for i in idx], [points[i][1] for i in idx], c=colour, marker=marker, s=70, label=label, edgecolors="white", linewidths=0.6, zorder=3)
    for (x, y), row in zip(points, frame.itertuples()):
        ax.annotate(row.short_name, (x, y), xytext=(7, -3), textcoords="offset points", fontsize=8.5, color="#1a1a1a")
    ax.set_xlim(0.6, 5.9)
    ax.set_ylim(-0.6, 4.6)
    ax.set_xticks(range(1, 6), STRUCTURE_LABELS)
    ax.set_yticks(range(0, 5), TRAINING_LABELS)
    ax.set_xlabel("How structured it is")
    ax.set_ylabel("Training of the person who leads")
    ax.grid(True, color="#dddddd", zorder=0)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=3, fontsize=8, frameon=False)
    fig.tight_layout()
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None})
    plt.close(fig)

    low = [r.short_name for r in frame.itertuples() if r.leader_training <= 2]
    high = [r.short_name for r in frame.itertuples() if r.leader_training >= 4]
    alt = (
        "Chart placing each kind of support by how structured it is (left to right, open to set programme) "
        "and by the training of the person who leads it (bottom to top, none to licensed clinician). "
        f"Led by fellow members, peers or the person themselves: {', '.join(low)}. "
        f"Led by licensed clinicians: {', '.join(high)}. "
        "The table below the chart gives every value."
    )
    rows = "".join(
        f'<tr><th scope="row">{html.escape(r.name)}</th><td>{r.structure} of 5</td><td>{html.escape(TRAINING_LABELS[r.leader_training])}</td></tr>'
        for r in frame.itertuples()
    )
    table = (
        '<div class="ck-table-scroll" role="region" aria-label="Landscape chart data" tabindex="0"><table class="ck-table">'
        "<caption>Structure and leader training for each kind of support</caption>"
        '<thead><tr><th scope="col">Support</th><th scope="col">Structure</th><th scope="col">Who leads</th></tr></thead>'
        f"<tbody>{rows}</tbody></table></div>"
    )
    caption = "The landscape of support: more structure and more professional training towards the top right; open, peer-led help towards the bottom left."
    return Figure(buffer.getvalue(), alt, caption, table)
