"""Step 5 of the pipeline, the report presents: figures, notebook HTML, the index page, safe publishing.

The report is built by :mod:`analysis.runner.report` (``python -m analysis report``), which plans the
stages and notebooks; nothing here imports the runner.

Public API:

* :mod:`~analysis.report.publish`: publishing that never destroys data (staging, lock, rollback);
* :mod:`~analysis.report.plots`: the report's figures, drawn the same way every time;
* :mod:`~analysis.report.messages`: what a notebook says when a result is empty
  (:func:`say_absent`, :func:`say_too_few_groups`), and which actor lexicon the counts come from
  (:func:`actor_lexicon_sentences`);
* :mod:`~analysis.report.explore`: the interactive explorer of ``00_explore.ipynb``;
* :mod:`~analysis.report.html_export`: self-contained, inert HTML pages of executed notebooks;
* :mod:`~analysis.report.pages`: a page's layout: findings first (:class:`Findings`), settings last and
  folded (:func:`settings_details`);
* :mod:`~analysis.report.findings`: the sentences each notebook's page opens with;
* :mod:`~analysis.report.kernel`: the project's Jupyter kernel.

Importing this package does not import papermill; :mod:`analysis.runner.report` does.
"""

from analysis.report.messages import (absence_message, actor_label, actor_labels, actor_lexicon_sentences, html_block,
                                      say_absent, say_too_few_groups)
from analysis.report.pages import Findings, settings_details

__all__ = ["absence_message", "say_absent", "say_too_few_groups", "html_block", "actor_lexicon_sentences", "actor_label",
           "actor_labels", "Findings", "settings_details"]
