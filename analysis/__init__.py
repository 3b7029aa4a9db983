"""How news coverage talks: corpus loading, cleaning, tokens, frequencies and framing.

The package is organised one module per concern:

* :mod:`analysis.config`: project paths and fixed settings;
* :mod:`analysis.corpus`: load and validate a corpus (folder, JSONL, CSV);
* :mod:`analysis.clean`: separate publisher boilerplate from the article body;
* :mod:`analysis.nltk_resources`: offline, pickle-free NLTK models and stopwords;
* :mod:`analysis.tokenize`: sentences and tokens with raw-text offsets;
* :mod:`analysis.frequencies`: term, n-gram and type/token statistics;
* :mod:`analysis.pipeline`: the steps above in one call, for notebooks;
* :mod:`analysis.plots`: the report's figures;
* :mod:`analysis.outputs`: atomic, byte-stable writers;
* :mod:`analysis.report`: the papermill report runner (``python -m analysis report``);
* :mod:`analysis.exceptions`: error types carrying file, line and cell context.

Importing the package has no side effects.
"""

__version__ = "0.1.0"
