"""The layout of a notebook's page: its findings first, its settings last and folded away.

A notebook computes its results in order, so its findings can only be
written at its end. Its page should open with them: the HTML export
(:mod:`analysis.report.html_export`) moves the cells tagged
:data:`FINDINGS_TAG` right after the notebook's title, and the cells tagged
:data:`SETTINGS_TAG` to the end of the page (:func:`page_order`). In
JupyterLab the notebook keeps its own order.

:class:`Findings` and :func:`settings_details` are what those cells display:
a short list of sentences, and the settings behind the notebook's tables in
a collapsed ``<details>`` section (every text escaped, nothing cut, no index
column).

Examples:
    >>> print(Findings(["3 documents.", "Most named: <NATO> (4)."]))
    Findings
    - 3 documents.
    - Most named: <NATO> (4).
    >>> "&lt;NATO&gt;" in Findings(["Most named: <NATO> (4)."])._repr_html_()
    True
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Any, Iterable, Sequence

import pandas as pd

__all__ = ["FINDINGS_TAG", "SETTINGS_TAG", "Findings", "SettingsDetails", "page_order", "settings_details",
           "show_whole_cells"]

#: Cells with this tag open the notebook's HTML page (after its title).
FINDINGS_TAG = "findings"
#: Cells with this tag close the notebook's HTML page.
SETTINGS_TAG = "settings"


@dataclass(frozen=True)
class Findings:
    """A notebook's short summary: one sentence per finding, shown as a list (escaped in HTML)."""

    lines: Sequence[str]
    title: str = "Findings"

    def __str__(self) -> str:
        return "\n".join([self.title, *(f"- {line}" for line in self.lines)])

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        items = "".join(f"<li>{escape(str(line))}</li>" for line in self.lines)
        return f'<div class="nf-findings"><strong>{escape(self.title)}</strong><ul>{items}</ul></div>'


@dataclass(frozen=True)
class SettingsDetails:
    """The settings behind a notebook's tables, folded in a ``<details>`` section (see :func:`settings_details`)."""

    table: pd.DataFrame

    def summary(self) -> str:
        """The line a reader sees before unfolding the section."""
        changed = int((self.table.get("changed", pd.Series(dtype=str)).astype(str) == "yes").sum())
        n = len(self.table)
        return (f"Settings behind this page's tables: {n} setting{'s' if n != 1 else ''}, "
                f"{changed} changed from the default")

    def __str__(self) -> str:
        rows = [" | ".join(str(v) for v in row) for row in self.table.itertuples(index=False)]
        return "\n".join([self.summary(), " | ".join(map(str, self.table.columns)), *rows])

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        head = "".join(f"<th>{escape(str(c))}</th>" for c in self.table.columns)
        body = "".join(
            "<tr>" + "".join(f"<td>{escape(_text(v))}</td>" for v in row) + "</tr>"
            for row in self.table.itertuples(index=False)
        )
        return (f'<details class="nf-settings"><summary>{escape(self.summary())}</summary>'
                f'<div class="nf-scroll"><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'
                "</details>")


def show_whole_cells() -> None:
    """Let a notebook's tables show every character of a cell (pandas cuts text at 50 by default).

    Called when a notebook opens its study (:func:`analysis.runner.study.open_notebook`); a wide table then
    scrolls inside its own box on the page (:data:`analysis.report.html_export.PAGE_CSS`).
    """
    pd.set_option("display.max_colwidth", None)


def _text(value: Any) -> str:
    return "" if value is None or (isinstance(value, float) and value != value) else str(value)


def settings_details(table: pd.DataFrame) -> SettingsDetails:
    """Show a settings table (``Study.settings_used()``) folded, without its index and with every word of it.

    Examples:
        >>> t = pd.DataFrame({"setting": ["top_n"], "value": ["5"], "default": ["20"], "changed": ["yes"],
        ...                   "meaning": ["how many rows " * 10]})
        >>> page = settings_details(t)._repr_html_()
        >>> page.startswith('<details class="nf-settings"><summary>Settings behind this page')
        True
        >>> "1 setting, 1 changed" in page, page.count("how many rows"), "<th></th>" in page
        (True, 10, False)
    """
    return SettingsDetails(table.reset_index(drop=True))


def page_order(cells: Iterable[dict]) -> list[dict]:
    """The cells of a notebook in the order its page shows them.

    The first markdown cell (the title) stays first; cells tagged
    :data:`FINDINGS_TAG` follow it; cells tagged :data:`SETTINGS_TAG` go last;
    every other cell keeps its place. Nothing is dropped.

    Examples:
        >>> cells = [{"cell_type": "markdown", "metadata": {}, "id": "title"},
        ...          {"cell_type": "code", "metadata": {"tags": ["settings"]}, "id": "settings"},
        ...          {"cell_type": "code", "metadata": {}, "id": "figure"},
        ...          {"cell_type": "markdown", "metadata": {"tags": ["findings"]}, "id": "findings-heading"},
        ...          {"cell_type": "code", "metadata": {"tags": ["findings"]}, "id": "findings"}]
        >>> [c["id"] for c in page_order(cells)]
        ['title', 'findings-heading', 'findings', 'figure', 'settings']
    """
    cells = list(cells)

    def tagged(cell: dict, tag: str) -> bool:
        return tag in (cell.get("metadata", {}).get("tags") or [])

    head = cells[:1] if cells and cells[0].get("cell_type") == "markdown" else []
    rest = cells[len(head):]
    findings = [c for c in rest if tagged(c, FINDINGS_TAG)]
    settings = [c for c in rest if tagged(c, SETTINGS_TAG) and not tagged(c, FINDINGS_TAG)]
    middle = [c for c in rest if not tagged(c, FINDINGS_TAG) and not tagged(c, SETTINGS_TAG)]
    return head + findings + middle + settings
