"""Load a corpus of news articles into one validated table.

A corpus is one of:

* a folder of ``.txt``/``.md`` files, searched recursively, with an optional
  ``metadata.csv`` (one row per document) and an optional ``MANIFEST.sha256``;
* a JSON Lines file with one article object per line;
* a CSV file with a text column.

Whatever the format, :func:`load_corpus` returns a :class:`pandas.DataFrame`
with one row per document and the schema in :data:`DOCUMENT_SCHEMA`. Its
``text`` column is the raw text exactly as decoded (a UTF-8 byte-order mark is
dropped; CRLF line endings are kept), and every character offset elsewhere in
the project refers to it.

Nothing is guessed: text is UTF-8 unless an ``encoding`` is given, undecodable
bytes are an error, and every problem raises :class:`~analysis.exceptions.CorpusError`
naming the file and the line or record.

Examples:
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.txt").write_text("Kyiv said yes.", encoding="utf-8")
    >>> docs = load_corpus(folder)
    >>> docs.loc[0, "doc_id"], docs.loc[0, "text"], int(docs.loc[0, "n_chars"])
    ('a.txt', 'Kyiv said yes.', 14)
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import pandas as pd

from analysis.exceptions import CorpusError, ManifestError
from analysis.outputs import file_sha256

#: Standard metadata columns; only ``doc_id`` and the text are required.
METADATA_COLUMNS: tuple[str, ...] = ("doc_id", "outlet", "published", "title", "url", "language", "path")

#: Columns of the document table, with their dtypes and meaning.
DOCUMENT_SCHEMA: dict[str, tuple[str, str]] = {
    "doc_id": ("string", "unique document identifier"),
    "text": ("string", "raw text as decoded; all offsets refer to it"),
    "outlet": ("string", "publisher, if known"),
    "published": ("string", "publication date as given (not parsed), if known"),
    "title": ("string", "headline, if known"),
    "url": ("string", "source address, if known"),
    "language": ("string", "language code, if known"),
    "path": ("string", "file the text came from, relative to the corpus"),
    "source": ("string", "where the record was read: file, or file:line"),
    "n_chars": ("int64", "length of ``text`` in characters"),
}

TEXT_SUFFIXES: tuple[str, ...] = (".txt", ".md")
METADATA_FILE = "metadata.csv"
MANIFEST_FILE = "MANIFEST.sha256"

_ENCODING_HINT = (
    "save the file as UTF-8, or pass the corpus's real encoding explicitly "
    "(for example encoding='latin-1'); nothing is guessed or replaced"
)


@dataclass(frozen=True)
class _Record:
    fields: dict[str, str | None]
    source: str
    path: Path
    line: int | None


# --------------------------------------------------------------------------- #
# public API
# --------------------------------------------------------------------------- #
def load_corpus(
    path: str | Path,
    *,
    encoding: str = "utf-8",
    text_column: str = "text",
    id_column: str = "doc_id",
    verify_manifest: bool = True,
) -> pd.DataFrame:
    """Load a corpus folder, JSONL file or CSV file into a document table.

    Args:
        path: A folder, a ``.jsonl`` file or a ``.csv`` file.
        encoding: The text encoding. ``"utf-8"`` (the default) also accepts
            a UTF-8 byte-order mark. Give another codec only if you know the
            corpus uses it. In a folder, an ``encoding`` column of
            ``metadata.csv`` can name the codec of single files.
        text_column: The field holding the article text (JSONL and CSV).
        id_column: The field holding the document identifier (JSONL, CSV and
            ``metadata.csv``).
        verify_manifest: Check ``MANIFEST.sha256`` in a corpus folder, if
            there is one.

    Returns:
        One row per document, in corpus order, with the columns of
        :data:`DOCUMENT_SCHEMA` followed by any extra metadata columns.

    Raises:
        CorpusError: On a missing file, duplicate ids, an empty text,
            undecodable bytes, a malformed JSONL line, a CSV without the text
            column, or a manifest mismatch.

    Examples:
        >>> import tempfile, pathlib
        >>> f = pathlib.Path(tempfile.mkdtemp()) / "c.jsonl"
        >>> _ = f.write_text('{"doc_id": "x", "text": "Hi.", "outlet": "AP"}\\n')
        >>> load_corpus(f)[["doc_id", "outlet", "source"]].to_dict("records")
        [{'doc_id': 'x', 'outlet': 'AP', 'source': 'c.jsonl:1'}]
    """
    corpus = Path(path)
    if not corpus.exists():
        raise CorpusError("the corpus does not exist", path=corpus, hint="check the path")
    if corpus.is_dir():
        if verify_manifest and (corpus / MANIFEST_FILE).exists():
            verify_manifest_file(corpus)
        records = _read_folder(corpus, encoding=encoding, id_column=id_column)
    elif corpus.suffix.lower() == ".jsonl":
        records = _read_jsonl(corpus, encoding=encoding, text_column=text_column, id_column=id_column)
    elif corpus.suffix.lower() == ".csv":
        records = _read_csv(corpus, encoding=encoding, text_column=text_column, id_column=id_column)
    else:
        raise CorpusError(
            "unknown corpus format",
            path=corpus,
            hint="give a folder of .txt/.md files, a .jsonl file or a .csv file",
        )
    return _to_frame(records)


def corpus_files(path: str | Path) -> list[Path]:
    """List the input files of a corpus, sorted, for manifests and provenance.

    For a folder: every visible file below it except the manifest itself.
    For a single file: that file.

    Examples:
        >>> import tempfile, pathlib
        >>> d = pathlib.Path(tempfile.mkdtemp())
        >>> for name in ["b.txt", "a.txt", ".hidden", "MANIFEST.sha256"]:
        ...     _ = (d / name).write_text("x")
        >>> [p.name for p in corpus_files(d)]
        ['a.txt', 'b.txt']
    """
    root = Path(path)
    if root.is_file():
        return [root]
    files = []
    for p in root.rglob("*"):
        if any(part.startswith(".") for part in p.relative_to(root).parts):
            continue
        if p.is_symlink():
            _check_contained(p, root, what="the symbolic link", where=p)
        if p.is_file() and p.name != MANIFEST_FILE:
            files.append(p)
    return sorted(files, key=lambda p: p.relative_to(root).as_posix())


def contained_path(root: str | Path, name: str, *, where: str | Path, line: int | None = None) -> Path:
    """Resolve ``name`` (a path written in a corpus file) inside the corpus folder ``root``.

    Manifest and metadata paths are relative to the corpus folder and must
    stay inside it: an absolute path, a ``..`` that climbs out, or a symbolic
    link that points outside is an error naming the file and line.

    Examples:
        >>> import tempfile, pathlib
        >>> d = pathlib.Path(tempfile.mkdtemp())
        >>> contained_path(d, "sub/a.txt", where=d / "MANIFEST.sha256") == d / "sub" / "a.txt"
        True
        >>> contained_path(d, "../etc/passwd", where=d / "MANIFEST.sha256", line=3)  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        analysis.exceptions.CorpusError: .../MANIFEST.sha256, line 3, record '../etc/passwd': the path leads outside the corpus folder...
    """
    root = Path(root)
    candidate = Path(name)
    hint = "list files by their path relative to the corpus folder, inside it"
    if candidate.is_absolute() or ".." in candidate.parts:
        raise CorpusError(
            "the path leads outside the corpus folder (absolute paths and '..' are not allowed)",
            path=where, line=line, record=name, hint=hint,
        )
    target = root / candidate
    _check_contained(target, root, what="the path", where=where, line=line, record=name)
    return target


def _check_contained(
    target: Path, root: Path, *, what: str, where: str | Path, line: int | None = None, record: str | None = None
) -> None:
    """Raise CorpusError when ``target`` resolves outside ``root`` (through symbolic links)."""
    resolved = target.resolve()
    if not resolved.is_relative_to(root.resolve()):
        raise CorpusError(
            f"{what} points outside the corpus folder, to {resolved}",
            path=where, line=line, record=record,
            hint="copy the file into the corpus folder, or remove the link; a corpus reads only its own files",
        )


def manifest_line(digest: str, name: str) -> str:
    """One line of ``MANIFEST.sha256`` exactly as GNU ``sha256sum`` writes it, newline included.

    A name holding a backslash, a newline or a carriage return is escaped
    (``\\\\``, ``\\n``, ``\\r``) and the line starts with a backslash; any other
    name, leading spaces and tabs included, is written as it is.

    Examples:
        >>> d = "0" * 64
        >>> manifest_line(d, " lead.txt") == d + "   lead.txt\\n"
        True
        >>> manifest_line(d, "two\\nlines.txt") == "\\\\" + d + "  two\\\\nlines.txt\\n"
        True
    """
    if any(ch in name for ch in "\\\n\r"):
        escaped = name.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r")
        return f"\\{digest}  {escaped}\n"
    return f"{digest}  {name}\n"


_UNESCAPES = {"\\\\": "\\", "\\n": "\n", "\\r": "\r"}


def parse_manifest_line(line: str) -> tuple[str, str] | None:
    """Read one ``sha256sum`` line (without its newline) into ``(digest, name)``; None if malformed.

    The inverse of :func:`manifest_line`; ``" *"`` (binary mode) is accepted as the separator too.

    Examples:
        >>> d = "ab" * 32
        >>> parse_manifest_line(manifest_line(d, " lead\\tand\\nnew\\\\line ü.txt")[:-1]) == (d, " lead\\tand\\nnew\\\\line ü.txt")
        True
        >>> parse_manifest_line(d + " *bin.dat"), parse_manifest_line("xyz  a.txt")
        (('abababababababababababababababababababababababababababababababab', 'bin.dat'), None)
    """
    escaped = line.startswith("\\")
    body = line[1:] if escaped else line
    digest, separator, name = body[:64], body[64:66], body[66:]
    if len(digest) != 64 or any(ch not in "0123456789abcdefABCDEF" for ch in digest):
        return None
    if separator not in ("  ", " *") or not name:
        return None
    if escaped:
        unescaped, i = [], 0
        while i < len(name):
            if name[i] == "\\":
                pair = name[i:i + 2]
                if pair not in _UNESCAPES:
                    return None
                unescaped.append(_UNESCAPES[pair])
                i += 2
            else:
                unescaped.append(name[i])
                i += 1
        name = "".join(unescaped)
    return digest.lower(), name


def write_manifest(folder: str | Path) -> Path:
    """Write ``MANIFEST.sha256`` for a corpus folder, in ``sha256sum`` format.

    The file can be checked with ``sha256sum -c MANIFEST.sha256`` from inside
    the folder, and :func:`verify_manifest_file` reads back any file name
    (leading spaces, tabs, newlines, backslashes, non-ASCII), escaped as
    ``sha256sum`` does (:func:`manifest_line`). It is written atomically.

    Raises:
        CorpusError: A file name is not valid UTF-8 (naming it as far as it can be shown).

    Examples:
        >>> import tempfile, pathlib
        >>> d = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (d / "a.txt").write_text("abc")
        >>> print(write_manifest(d).read_text(), end="")
        ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  a.txt
    """
    from analysis.outputs import write_text_atomic

    root = Path(folder)
    if not root.is_dir():
        raise CorpusError("not a folder; give the corpus folder to write its manifest for", path=root)
    lines = []
    for p in corpus_files(root):
        name = p.relative_to(root).as_posix()
        try:
            name.encode("utf-8")
        except UnicodeEncodeError:
            raise CorpusError("the file name is not valid UTF-8; rename the file", path=repr(name)[1:-1]) from None
        lines.append(manifest_line(file_sha256(p), name))
    target = root / MANIFEST_FILE
    write_text_atomic(target, "".join(lines))
    return target


def verify_manifest_file(folder: str | Path) -> dict[str, str]:
    """Check every file of a corpus folder against its ``MANIFEST.sha256``.

    Args:
        folder: A corpus folder that holds ``MANIFEST.sha256``.

    Returns:
        The verified mapping of relative path to SHA-256.

    Raises:
        ManifestError: A listed file is missing or differs, a line is
            malformed, or a file is present but not listed.

    Examples:
        >>> import tempfile, pathlib
        >>> d = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (d / "a.txt").write_text("abc")
        >>> _ = write_manifest(d)
        >>> sorted(verify_manifest_file(d))
        ['a.txt']
        >>> _ = (d / "a.txt").write_text("abd")
        >>> verify_manifest_file(d)  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        analysis.exceptions.ManifestError: .../MANIFEST.sha256, line 1, record 'a.txt': the file's SHA-256 is ...
    """
    root = Path(folder)
    manifest = root / MANIFEST_FILE
    hint = (
        f"restore the raw file (raw data is never edited), or, if the change is "
        f"intended, regenerate the manifest with: python -m analysis manifest {root}"
    )
    listed: dict[str, str] = {}
    text = manifest.read_text(encoding="utf-8")
    for number, line in enumerate(text.split("\n"), start=1):  # not splitlines(): names may hold \f, \x1c ...
        line = line[:-1] if line.endswith("\r") else line  # a manifest saved with CRLF endings
        if not line.strip():
            continue
        parsed = parse_manifest_line(line)
        if parsed is None:
            raise ManifestError(
                "malformed line; expected '<sha256>  <relative path>' as sha256sum writes it (a name with a "
                "backslash or a newline escaped, and the line starting with a backslash)",
                path=manifest, line=number, hint=hint,
            )
        digest, name = parsed
        target = contained_path(root, name, where=manifest, line=number)
        if not target.is_file():
            raise ManifestError("the listed file is missing", path=manifest, line=number, record=name, hint=hint)
        actual = file_sha256(target)
        if actual != digest:
            raise ManifestError(
                f"the file's SHA-256 is {actual}, the manifest says {digest}",
                path=manifest,
                line=number,
                record=name,
                hint=hint,
            )
        listed[name] = digest
    for extra in corpus_files(root):
        rel = extra.relative_to(root).as_posix()
        if rel not in listed:
            raise ManifestError("the file is not listed in the manifest", path=extra, hint=hint)
    return listed


# --------------------------------------------------------------------------- #
# readers
# --------------------------------------------------------------------------- #
def _decode(data: bytes, *, path: Path, encoding: str, line_offset: int = 0) -> str:
    codec = "utf-8-sig" if encoding.lower().replace("_", "-") in {"utf-8", "utf8"} else encoding
    try:
        return data.decode(codec)
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1 + line_offset
        raise CorpusError(
            f"cannot decode byte 0x{data[err.start]:02x} at byte {err.start} as {encoding}",
            path=path,
            line=line,
            hint=_ENCODING_HINT,
        ) from None
    except LookupError:
        raise CorpusError(f"unknown encoding {encoding!r}", path=path, hint="give a Python codec name") from None


def _read_folder(root: Path, *, encoding: str, id_column: str) -> list[_Record]:
    text_files = [p for p in corpus_files(root) if p.suffix.lower() in TEXT_SUFFIXES]
    by_rel = {p.relative_to(root).as_posix(): p for p in text_files}
    metadata_path = root / METADATA_FILE
    records: list[_Record] = []
    if metadata_path.exists():
        rows = _read_csv_rows(metadata_path, encoding=encoding, required=(id_column,))
        used: set[str] = set()
        for line, row in rows:
            rel = (row.get("path") or "").strip() or (row.get(id_column) or "").strip()
            contained_path(root, rel, where=metadata_path, line=line)
            file = by_rel.get(rel)
            if file is None:
                raise CorpusError(
                    f"the file {rel!r} named here does not exist below {root}",
                    path=metadata_path,
                    line=line,
                    hint="fix the 'path' column or add the file",
                )
            if rel in used:
                raise CorpusError(
                    f"the file {rel!r} is listed twice", path=metadata_path, line=line,
                    hint="give every file one row, so no text is counted twice",
                )
            used.add(rel)
            fields = _rename(row, id_column, "text")
            fields["path"] = rel
            # a per-file `encoding` column overrides the corpus encoding (for the odd legacy file)
            file_encoding = (row.get("encoding") or "").strip() or encoding
            fields["text"] = _decode(file.read_bytes(), path=file, encoding=file_encoding)
            records.append(_Record(fields, source=f"{METADATA_FILE}:{line}", path=metadata_path, line=line))
        unlisted = sorted(set(by_rel) - used)
        if unlisted:
            raise CorpusError(
                f"{len(unlisted)} text file(s) are not listed in {METADATA_FILE}, first {unlisted[0]!r}",
                path=metadata_path,
                hint="add a row for each document, or move files that are not documents out of the corpus",
            )
    else:
        for rel, file in by_rel.items():
            fields = {"doc_id": rel, "path": rel, "text": _decode(file.read_bytes(), path=file, encoding=encoding)}
            records.append(_Record(fields, source=rel, path=file, line=None))
    if not records:
        raise CorpusError("no .txt or .md files found", path=root, hint="check the corpus folder")
    return records


def _read_jsonl(path: Path, *, encoding: str, text_column: str, id_column: str) -> list[_Record]:
    records: list[_Record] = []
    for number, chunk in enumerate(path.read_bytes().split(b"\n"), start=1):
        line = _decode(chunk, path=path, encoding=encoding, line_offset=number - 1)
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as err:
            raise CorpusError(
                f"malformed JSON ({err.msg} at column {err.colno})",
                path=path,
                line=number,
                hint="each line must be one JSON object; fix or remove this line",
            ) from None
        if not isinstance(obj, dict):
            raise CorpusError("the line is not a JSON object", path=path, line=number, hint="wrap the record in {...}")
        for column in (id_column, text_column):
            if column not in obj or obj[column] is None:
                raise CorpusError(
                    f"the record has no {column!r} field",
                    path=path,
                    line=number,
                    hint=f"every record needs {id_column!r} and {text_column!r}",
                )
        fields = {k: _stringify(v, path=path, line=number, key=k) for k, v in obj.items()}
        records.append(_Record(_rename(fields, id_column, text_column), f"{path.name}:{number}", path, number))
    if not records:
        raise CorpusError("the file holds no records", path=path, hint="add one JSON object per line")
    return records


def _read_csv(path: Path, *, encoding: str, text_column: str, id_column: str) -> list[_Record]:
    rows = _read_csv_rows(path, encoding=encoding, required=(id_column, text_column))
    if not rows:
        raise CorpusError("the file holds no rows below its header", path=path, hint="add one row per document")
    return [_Record(_rename(row, id_column, text_column), f"{path.name}:{line}", path, line) for line, row in rows]


def _rename(fields: dict[str, str | None], id_column: str, text_column: str) -> dict[str, str | None]:
    """Store the identifier and text under the standard names."""
    renamed = {k: v for k, v in fields.items() if k not in (id_column, text_column, "doc_id", "text")}
    renamed["doc_id"] = fields.get(id_column)
    renamed["text"] = fields.get(text_column)
    return renamed


def _read_csv_rows(path: Path, *, encoding: str, required: Iterable[str]) -> list[tuple[int, dict[str, str]]]:
    text = _decode(path.read_bytes(), path=path, encoding=encoding)
    # strict: a stray quote inside a field is an error, never silently rewritten
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    header = reader.fieldnames or []
    for column in required:
        if column not in header:
            raise CorpusError(
                f"the header has no {column!r} column (it has: {', '.join(header) or 'nothing'})",
                path=path,
                line=1,
                hint=f"add a {column!r} column, or name the right column (text_column=/id_column=)",
            )
    rows: list[tuple[int, dict[str, str]]] = []
    start = 2
    try:
        for row in reader:
            if None in row:
                raise CorpusError(
                    "the row has more fields than the header", path=path, line=start, hint="quote fields that hold commas"
                )
            rows.append((start, row))
            start = reader.line_num + 1
    except csv.Error as err:
        raise CorpusError(f"malformed CSV ({err})", path=path, line=reader.line_num, hint="fix the quoting") from None
    return rows


def _stringify(value: object, *, path: Path, line: int, key: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float, bool)):
        return json.dumps(value)
    raise CorpusError(
        f"field {key!r} holds a {type(value).__name__}, not a plain value",
        path=path,
        line=line,
        hint="flatten nested fields before loading",
    )


#: Control characters (C0 except tab, line and page breaks; DEL; C1) and U+FFFD replacement marks.
_NON_TEXT = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]")
#: Share of control characters (or U+FFFD replacement marks) above which a text counts as binary.
BINARY_CONTROL_SHARE = 0.05


def binary_reason(text: str) -> str | None:
    """Say why a decoded text looks binary, or return None for ordinary text.

    A NUL character anywhere, or more than :data:`BINARY_CONTROL_SHARE` of
    control characters (C0, DEL, C1) and replacement marks, means binary
    data, not an article. Tabs, line and page breaks are text.

    Examples:
        >>> binary_reason("Kyiv said yes.\\n\\tIndented.") is None
        True
        >>> binary_reason("\\x00" * 4096)
        'it holds NUL bytes (first at character 0)'
        >>> binary_reason("ab\\x01\\x02\\x03\\x04 cd")
        '4 of 9 characters are control characters'
        >>> binary_reason("A wire story that ends with the wire control mark.\\x03") is None  # one stray control character is tolerated
        True
    """
    nul = text.find("\x00")
    if nul >= 0:
        return f"it holds NUL bytes (first at character {nul})"
    odd = len(_NON_TEXT.findall(text))
    if odd and odd > BINARY_CONTROL_SHARE * len(text):
        return f"{odd} of {len(text)} characters are control characters"
    return None


def _to_frame(records: list[_Record]) -> pd.DataFrame:
    seen: dict[str, str] = {}
    rows = []
    for rec in records:
        fields = dict(rec.fields)
        where = dict(path=rec.path, line=rec.line)
        doc_id = (fields.pop("doc_id", None) or "").strip()
        if not doc_id:
            raise CorpusError("the doc_id is empty", **where, hint="give every document an identifier")
        if doc_id in seen:
            raise CorpusError(
                f"duplicate doc_id, first seen at {seen[doc_id]}",
                **where,
                record=doc_id,
                hint="make every doc_id unique",
            )
        seen[doc_id] = rec.source
        text = fields.pop("text", None)
        if text is None or not text.strip():
            raise CorpusError("the document text is empty", **where, record=doc_id, hint="remove it or supply its text")
        binary = binary_reason(text)
        if binary:
            raise CorpusError(
                f"the document is not text: {binary}",
                **where,
                record=doc_id,
                hint="remove binary files from the corpus, or convert them to plain text first",
            )
        row = {"doc_id": doc_id, "text": text}
        for key, value in fields.items():
            row[key] = value if (value is None or value.strip()) else None
        row["source"] = rec.source
        row["n_chars"] = len(text)
        rows.append(row)
    frame = pd.DataFrame(rows)
    extras = [c for c in frame.columns if c not in DOCUMENT_SCHEMA]
    for column, (dtype, _) in DOCUMENT_SCHEMA.items():
        if column not in frame.columns:
            frame[column] = None
        frame[column] = frame[column].astype(dtype)
    for column in extras:
        frame[column] = frame[column].astype("string")
    return frame[list(DOCUMENT_SCHEMA) + extras].reset_index(drop=True)
