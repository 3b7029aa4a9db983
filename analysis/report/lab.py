"""JupyterLab's saves leave the committed notebooks as they are.

When its kernel starts, JupyterLab copies the kernel's ``language_info`` (the Python version, the
CodeMirror mode, the Pygments lexer …) into the notebook's metadata and saves it with the next save. The
committed notebooks hold ``language_info`` as ``{"name": "python"}`` only (as nbstripout leaves it), so
merely opening ``00_explore.ipynb`` would change the tracked file, differently on every Python version.
:func:`keep_committed_metadata` is a Jupyter server *pre-save hook* (``make lab`` passes
``--ContentsManager.pre_save_hook=analysis.report.lab.keep_committed_metadata``) that trims it back
before the file is written. Cells, outputs a student makes, and every other key are left alone.
"""

from __future__ import annotations

from typing import Any

#: The dotted name ``make lab`` and the browser test give Jupyter's ``ContentsManager.pre_save_hook``.
PRE_SAVE_HOOK = "analysis.report.lab.keep_committed_metadata"


def keep_committed_metadata(model: dict[str, Any], **_: Any) -> None:
    """Trim a notebook's ``language_info`` to its ``name`` before Jupyter saves it (in place).

    Examples:
        >>> model = {"type": "notebook", "content": {"metadata": {"language_info": {
        ...     "name": "python", "version": "3.11.7", "pygments_lexer": "ipython3"}, "tags": ["x"]}}}
        >>> keep_committed_metadata(model, path="00_explore.ipynb")
        >>> model["content"]["metadata"]
        {'language_info': {'name': 'python'}, 'tags': ['x']}
        >>> other = {"type": "file", "content": "language_info"}
        >>> keep_committed_metadata(other, path="notes.txt"); other["content"]
        'language_info'
    """
    if model.get("type") != "notebook" or not isinstance(model.get("content"), dict):
        return
    metadata = model["content"].get("metadata")
    info = metadata.get("language_info") if isinstance(metadata, dict) else None
    if isinstance(info, dict) and "name" in info:
        metadata["language_info"] = {"name": info["name"]}
