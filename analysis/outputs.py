"""Atomic, byte-stable writers for tables, figures and text, and file digests.

Every file the project writes goes through these functions. Each writes to a
temporary file in the destination folder and renames it into place, so a
crash never leaves a half-written output. Tables use fixed CSV conventions
(UTF-8, ``\\n`` line endings, a fixed float format) and figures fixed PNG
metadata, so the same data always gives the same bytes.

Examples:
    >>> import tempfile, pathlib, pandas as pd
    >>> out = pathlib.Path(tempfile.mkdtemp())
    >>> path = write_csv(pd.DataFrame({"term": ["nato"], "per_10k": [1 / 3]}), out / "t.csv")
    >>> print(path.read_text(), end="")
    term,per_10k
    nato,0.333333333333
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

import pandas as pd

from analysis.config import resolve_path

#: Float format of every CSV: 12 significant digits, enough for any
#: statistic here and stable across platforms.
CSV_FLOAT_FORMAT = "%.12g"
#: Resolution of every saved figure.
FIGURE_DPI = 120
#: First characters that make a spreadsheet read a cell as a formula (OWASP, "CSV Injection"):
#: ``=``, ``+``, ``-``, ``@``, tab and carriage return.
FORMULA_PREFIXES: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")


def write_bytes_atomic(path: str | Path, data: bytes) -> Path:
    """Write bytes to ``path`` atomically, creating parent folders.

    Examples:
        >>> import tempfile, pathlib
        >>> p = write_bytes_atomic(pathlib.Path(tempfile.mkdtemp()) / "a" / "b.bin", b"x")
        >>> p.read_bytes()
        b'x'
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def write_text_atomic(path: str | Path, text: str) -> Path:
    """Write UTF-8 text with ``\\n`` line endings atomically.

    Examples:
        >>> import tempfile, pathlib
        >>> write_text_atomic(pathlib.Path(tempfile.mkdtemp()) / "t.txt", "hé\\n").read_bytes()
        b'h\\xc3\\xa9\\n'
    """
    return write_bytes_atomic(path, text.encode("utf-8"))


def spreadsheet_safe_cell(value):
    """Prefix a string that a spreadsheet would read as a formula with ``'``.

    Only strings change; numbers, missing values and other objects are kept as they are.

    Examples:
        >>> [spreadsheet_safe_cell(v) for v in ["=1+1", "+7", "-x", "@SUM(A1)", "a=b", "", -5, None]]
        ["'=1+1", "'+7", "'-x", "'@SUM(A1)", 'a=b', '', -5, None]
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells and column names cannot start a spreadsheet formula.

    Numeric, boolean and date columns are untouched: ``-5`` stays the number ``-5``.
    A text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
    return gets a leading ``'`` (see :data:`FORMULA_PREFIXES`).

    Examples:
        >>> import pandas as pd
        >>> safe = spreadsheet_safe(pd.DataFrame({"term": ["=1+1", "a=b", "-", "x"], "n": [-5, 1, 2, 3]}))
        >>> safe["term"].tolist(), safe["n"].tolist()
        (["'=1+1", 'a=b', "'-", 'x'], [-5, 1, 2, 3])
    """
    out = frame.copy()
    for position in range(out.shape[1]):
        column = out.iloc[:, position]
        if pd.api.types.is_object_dtype(column) or pd.api.types.is_string_dtype(column):
            out.isetitem(position, column.map(spreadsheet_safe_cell, na_action="ignore"))
    out.columns = [spreadsheet_safe_cell(name) for name in out.columns]
    return out


def write_csv(frame: pd.DataFrame, path: str | Path, *, csv_safe: bool = False) -> Path:
    """Write a table as CSV atomically, with fixed, byte-stable conventions.

    Args:
        frame: The table; its index is not written.
        path: The destination file.
        csv_safe: Prefix text cells that a spreadsheet would run as formulas
            with ``'`` (see :func:`spreadsheet_safe`). Off by default: the CSV
            then holds the data exactly.

    Returns:
        The path written.

    Examples:
        >>> import tempfile, pathlib, pandas as pd
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.csv"
        >>> print(write_csv(pd.DataFrame({"a": ["x, y", None], "b": [1.5, 2.0]}), p).read_text(), end="")
        a,b
        "x, y",1.5
        ,2
        >>> print(write_csv(pd.DataFrame({"a": ["=1+1", "a=b"], "b": [-5, 2]}), p, csv_safe=True).read_text(), end="")
        a,b
        '=1+1,-5
        a=b,2
    """
    if csv_safe:
        frame = spreadsheet_safe(frame)
    text = frame.to_csv(index=False, lineterminator="\n", float_format=CSV_FLOAT_FORMAT)
    return write_text_atomic(path, text)


def save_figure(fig, path: str | Path) -> Path:
    """Save a matplotlib figure as PNG atomically, with fixed metadata.

    The PNG carries no timestamp, and its ``Software`` tag names only the
    pinned matplotlib version, so reruns give identical bytes.

    Args:
        fig: A :class:`matplotlib.figure.Figure`.
        path: The destination ``.png`` file.

    Returns:
        The path written.

    Examples:
        >>> import tempfile, pathlib, matplotlib
        >>> matplotlib.use("agg")
        >>> import matplotlib.pyplot as plt
        >>> fig, ax = plt.subplots()
        >>> _ = ax.plot([0, 1])
        >>> a = save_figure(fig, pathlib.Path(tempfile.mkdtemp()) / "f.png").read_bytes()
        >>> b = save_figure(fig, pathlib.Path(tempfile.mkdtemp()) / "f.png").read_bytes()
        >>> a == b, a[:4]
        (True, b'\\x89PNG')
        >>> plt.close(fig)
    """
    import io

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=FIGURE_DPI, metadata={"Software": None}, bbox_inches="tight")
    return write_bytes_atomic(path, buffer.getvalue())


def write_table(frame: pd.DataFrame, out_dir: str | Path, name: str, *, csv_safe: bool = False) -> Path:
    """Write a report table as ``<out_dir>/tables/<name>.csv``.

    A relative ``out_dir`` is taken from the project root, wherever the
    notebook runs. ``csv_safe`` as in :func:`write_csv`.

    Examples:
        >>> import tempfile, pathlib, pandas as pd
        >>> write_table(pd.DataFrame({"a": [1]}), pathlib.Path(tempfile.mkdtemp()), "x").parts[-2:]
        ('tables', 'x.csv')
    """
    return write_csv(frame, resolve_path(out_dir) / "tables" / f"{name}.csv", csv_safe=csv_safe)


def write_figure(fig, data: pd.DataFrame, out_dir: str | Path, name: str, *, csv_safe: bool = False) -> Path:
    """Write a report figure and the table it was drawn from.

    Writes ``<out_dir>/figures/<name>.png`` and ``<out_dir>/figures/<name>.csv``;
    a relative ``out_dir`` is taken from the project root. ``csv_safe`` as in
    :func:`write_csv` (the figure itself is unchanged).

    Returns:
        The path of the PNG.

    Examples:
        >>> import tempfile, pathlib, pandas as pd
        >>> from analysis.report.plots import bar_chart
        >>> out = pathlib.Path(tempfile.mkdtemp())
        >>> data = pd.DataFrame({"t": ["a"], "n": [1]})
        >>> png = write_figure(bar_chart(data, label="t", value="n", title="x"), data, out, "demo")
        >>> sorted(p.name for p in png.parent.iterdir())
        ['demo.csv', 'demo.png']
    """
    folder = resolve_path(out_dir) / "figures"
    write_csv(data, folder / f"{name}.csv", csv_safe=csv_safe)
    return save_figure(fig, folder / f"{name}.png")


def file_sha256(path: str | Path) -> str:
    """Return the SHA-256 hex digest of a file's bytes.

    Examples:
        >>> import tempfile, pathlib
        >>> f = pathlib.Path(tempfile.mkdtemp()) / "x"
        >>> _ = f.write_bytes(b"abc")
        >>> file_sha256(f)[:16]
        'ba7816bf8f01cfea'
    """
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
