"""Step 1 of the pipeline, the corpus: load and validate articles, separate boilerplate, group documents.

Public API:

* :mod:`~analysis.corpus.load`: :func:`load_corpus` (folder, JSONL or CSV, checked against
  ``MANIFEST.sha256``), :func:`corpus_files`, :func:`write_manifest`;
* :mod:`~analysis.corpus.clean`: :func:`clean_corpus` finds publisher boilerplate as spans, never
  rewriting a character (:class:`CleanedCorpus`);
* :mod:`~analysis.corpus.groups`: the one group-label rule, :func:`group_labels` and
  :func:`group_values` (:data:`MISSING_GROUP`); ``group_by`` may be a list of columns;
* :mod:`~analysis.corpus.time`: publication dates, ``time_bucket`` and ``period`` columns
  (:func:`add_time_columns`), :func:`volume_over_time` and :func:`time_overview`.
"""

from analysis.corpus.clean import CleanedCorpus, clean_corpus
from analysis.corpus.groups import LABEL_SEPARATOR, MISSING_GROUP, group_columns, group_labels, group_values
from analysis.corpus.load import corpus_files, load_corpus, write_manifest
from analysis.corpus.time import add_time_columns, time_overview, volume_over_time

__all__ = [
    "load_corpus", "corpus_files", "write_manifest",
    "CleanedCorpus", "clean_corpus",
    "MISSING_GROUP", "LABEL_SEPARATOR", "group_columns", "group_labels", "group_values",
    "add_time_columns", "time_overview", "volume_over_time",
]
