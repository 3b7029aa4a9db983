"""Step 4 of the pipeline, comparison: what one group (or voice) says more than another.

Public API:

* :mod:`~analysis.compare.keyness`: log-likelihood, chi-squared, log ratio and %DIFF of a target
  against a reference (:func:`keyness`, :func:`compare_groups`, :func:`against_general_english`,
  :func:`keyness_tables`);
* :mod:`~analysis.compare.groups`: per-group rates of terms, frames and quoted speech with
  bootstrap intervals (:func:`group_comparison`, :func:`voice_comparison`).

Groups follow the one rule of :mod:`analysis.corpus.groups`.
"""

from analysis.compare.groups import group_comparison, voice_comparison
from analysis.compare.keyness import against_general_english, compare_groups, keyness, keyness_tables

__all__ = ["keyness", "compare_groups", "against_general_english", "keyness_tables", "group_comparison",
           "voice_comparison"]
