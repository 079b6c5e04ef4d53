"""One object, two renderings: an ipywidgets view for live Jupyter and self-contained HTML for the site.

Jupyter front ends (JupyterLab, Notebook 7, VS Code, Colab, Voila) pick the widget view. The book's HTML
builder is told to prefer ``text/html`` (``nb_mime_priority_overrides`` in ``_config.yml``), so the static
site never shows controls that have no kernel behind them.
"""

from __future__ import annotations

from typing import Any


class LiveOrStatic:
    """Subclasses provide ``widget()`` and ``static_html()``; the bundle carries both."""

    def widget(self) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def static_html(self) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        bundle: dict[str, Any] = {"text/plain": repr(self), "text/html": self.static_html()}
        view = self.widget()._repr_mimebundle_()
        bundle.update({key: value for key, value in view.items() if key != "text/plain"})
        return bundle
