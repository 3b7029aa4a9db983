"""How news coverage talks: corpus loading, cleaning, tokens, frequencies and framing.

The package follows the pipeline, one subpackage a step:

* :mod:`analysis.corpus`: load and validate a corpus, separate boilerplate, the group-label rule;
* :mod:`analysis.text`: sentences and tokens with offsets, frequencies, n-grams, KWIC,
  collocations and dispersion;
* :mod:`analysis.framing`: actors, quotes, speakers, attributions, frames and tone;
* :mod:`analysis.compare`: keyness and group comparisons;
* :mod:`analysis.report`: figures, the papermill report runner and safe publishing;
* :mod:`analysis.runner`: one settings source, the stage store and the Dask engine that
  compute each stage once.

Beside them: :mod:`analysis.config` (paths and fixed settings), :mod:`analysis.exceptions`
(error types carrying file, line and cell context), :mod:`analysis.outputs` (atomic, byte-stable
writers), :mod:`analysis.yaml_files` (strict YAML resource loading) and :mod:`analysis.tables`.

Importing the package has no side effects.
"""

__version__ = "0.1.0"
