"""Step 2 of the pipeline, the text: sentences and tokens with offsets, and what can be counted from them.

Public API:

* :mod:`~analysis.text.tokenize`: :func:`tokenize_corpus` (Punkt sentences, Treebank words, every
  token with ``raw[start:end]`` offsets), :class:`TokenSettings`;
* :mod:`~analysis.text.prepare`: :func:`prepare_corpus` (load, clean and tokenize in memory, for
  small corpora and tests), :class:`PreparedCorpus`, :func:`document_summary`,
  :func:`validation_summary`, :func:`boilerplate_by_rule`;
* :mod:`~analysis.text.frequencies`: term and n-gram frequencies, type/token statistics;
* :mod:`~analysis.text.kwic`: keyword in context;
* :mod:`~analysis.text.collocations`: association measures over bigrams, trigrams and windows;
* :mod:`~analysis.text.dispersion`: term positions and Juilland's D;
* :mod:`~analysis.text.nltk_resources`: offline, pickle-free NLTK models and stopwords.
"""

from analysis.text.frequencies import counted_tokens, ngram_frequencies, term_frequencies, type_token_stats
from analysis.text.prepare import (
    PreparedCorpus,
    boilerplate_by_rule,
    document_summary,
    prepare_corpus,
    validation_summary,
)
from analysis.text.tokenize import TokenSettings, tokenize_corpus

__all__ = [
    "TokenSettings", "tokenize_corpus",
    "PreparedCorpus", "prepare_corpus", "document_summary", "validation_summary", "boilerplate_by_rule",
    "counted_tokens", "term_frequencies", "ngram_frequencies", "type_token_stats",
]
