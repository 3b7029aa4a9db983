"""Tests for analysis.corpus.load: formats, schema, and every bad-input case."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from analysis import config
from analysis.corpus.load import DOCUMENT_SCHEMA, load_corpus, verify_manifest_file, write_manifest
from analysis.exceptions import CorpusError, ManifestError


def test_default_corpus_starts_with_the_seed_article_and_states_only_its_own_metadata():
    docs = load_corpus(config.DATA_RAW_DIR)
    first = docs.iloc[0]
    assert first["doc_id"] == "000_f23b1accf70ada01"
    assert first["text"].startswith("KYIV -- President Volodymyr Zelenskiy said")
    assert first["outlet"] == "RFE/RL"
    assert first["dateline"] == "Kyiv"
    assert first["event_date"] == "2024-12-09"
    for unstated in ("published", "title", "url", "language"):
        assert first[unstated] is None or str(first[unstated]) == "<NA>"


def test_default_corpus_is_byte_identical_to_the_given_seed():
    seed = config.PROJECT_ROOT.parent / "shared" / "seed" / "000_f23b1accf70ada01.txt"
    if not seed.exists():
        pytest.skip("shared seed not present")
    assert (config.DATA_RAW_DIR / seed.name).read_bytes() == seed.read_bytes()


def test_schema_and_dtypes(small_corpus):
    docs = load_corpus(small_corpus)
    assert list(docs.columns)[: len(DOCUMENT_SCHEMA)] == list(DOCUMENT_SCHEMA)
    for column, (dtype, _) in DOCUMENT_SCHEMA.items():
        assert str(docs[column].dtype) == dtype, column
    assert docs["doc_id"].tolist() == ["a", "b", "c"]
    assert docs["outlet"].tolist() == ["Outlet A", "Outlet B", "Outlet B"]


def test_bom_is_dropped_and_crlf_kept(small_corpus):
    docs = load_corpus(small_corpus).set_index("doc_id")
    assert docs.loc["c", "text"].startswith("Zelenskiy\u2019s")  # no U+FEFF
    assert "\r\n" in docs.loc["b", "text"]
    assert docs.loc["b", "n_chars"] == len("Moscow claimed the talks failed.\r\nNATO and Kyiv disagreed.\r\n")


def test_folder_without_metadata_uses_relative_paths(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "x.txt").write_text("One.", encoding="utf-8")
    (tmp_path / "a.md").write_text("Two.", encoding="utf-8")
    (tmp_path / "notes.csv").write_text("ignored", encoding="utf-8")
    docs = load_corpus(tmp_path)
    assert docs["doc_id"].tolist() == ["a.md", "sub/x.txt"]


def test_jsonl_and_csv_keep_extra_columns(tmp_path):
    jsonl = tmp_path / "c.jsonl"
    jsonl.write_text(
        json.dumps({"doc_id": "r1", "text": "Hi.", "dateline": "KYIV", "words": 1}) + "\n\n", encoding="utf-8"
    )
    docs = load_corpus(jsonl)
    assert docs.loc[0, "dateline"] == "KYIV" and docs.loc[0, "words"] == "1"
    csv_file = tmp_path / "c.csv"
    csv_file.write_text('doc_id,body,section\nx,"Line one,\nline two",world\n', encoding="utf-8")
    docs = load_corpus(csv_file, text_column="body")
    assert docs.loc[0, "text"] == "Line one,\nline two" and docs.loc[0, "section"] == "world"


def test_per_file_encoding_in_metadata(tmp_path):
    (tmp_path / "a.txt").write_bytes("Café in Kyiv.".encode("latin-1"))
    (tmp_path / "b.txt").write_bytes("Café in Kyiv.".encode("utf-8"))
    (tmp_path / "metadata.csv").write_text("doc_id,path,encoding\na,a.txt,latin-1\nb,b.txt,\n")
    docs = load_corpus(tmp_path)
    assert docs["text"].tolist() == ["Café in Kyiv.", "Café in Kyiv."]


def test_explicit_legacy_encoding(tmp_path):
    (tmp_path / "a.txt").write_bytes("Café in Kyiv.".encode("latin-1"))
    with pytest.raises(CorpusError):
        load_corpus(tmp_path)
    assert load_corpus(tmp_path, encoding="latin-1").loc[0, "text"] == "Café in Kyiv."


# ----------------------------------------------------------------- bad input --
def _raises(path, *, match, line=None, **kwargs) -> CorpusError:
    with pytest.raises(CorpusError, match=match) as info:
        load_corpus(path, **kwargs)
    if line is not None:
        assert info.value.line == line
    return info.value


def test_duplicate_ids_name_file_and_line(tmp_path):
    f = tmp_path / "c.jsonl"
    f.write_text('{"doc_id": "a", "text": "x"}\n{"doc_id": "b", "text": "y"}\n{"doc_id": "a", "text": "z"}\n')
    err = _raises(f, match="duplicate doc_id, first seen at c.jsonl:1", line=3)
    assert err.record == "a" and err.path.endswith("c.jsonl")


def test_duplicate_id_in_metadata_names_the_metadata_line(tmp_path):
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "b.txt").write_text("y")
    (tmp_path / "metadata.csv").write_text("doc_id,path\na,a.txt\na,b.txt\n")
    err = _raises(tmp_path, match="duplicate doc_id, first seen at metadata.csv:2", line=3)
    assert err.path.endswith("metadata.csv")


def test_a_file_listed_twice_is_an_error(tmp_path):
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "metadata.csv").write_text("doc_id,path\na,a.txt\nb,a.txt\n")
    _raises(tmp_path, match="'a.txt' is listed twice", line=3)


@pytest.mark.parametrize(
    "row",
    ['a,"he said "no" today"\n', 'a,"an unclosed quote\nb,swallowed\n'],
)
def test_badly_quoted_csv_is_an_error_not_rewritten_text(tmp_path, row):
    f = tmp_path / "c.csv"
    f.write_text("doc_id,text\n" + row)
    _raises(f, match="malformed CSV")


def test_missing_file_named_in_metadata(tmp_path):
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "metadata.csv").write_text("doc_id,path\na,a.txt\nb,b.txt\n")
    _raises(tmp_path, match="'b.txt' named here does not exist", line=3)


def test_missing_corpus_path(tmp_path):
    _raises(tmp_path / "nope", match="does not exist")


def test_empty_text(tmp_path):
    f = tmp_path / "c.csv"
    f.write_text("doc_id,text\na,hello\nb,   \n")
    err = _raises(f, match="text is empty", line=3)
    assert err.record == "b"


def test_undecodable_bytes_name_the_line_and_never_replace(tmp_path):
    (tmp_path / "bad.txt").write_bytes(b"fine line\nsecond \xe9t\xe9 line\n")
    err = _raises(tmp_path, match=r"cannot decode byte 0xe9 at byte 17 as utf-8", line=2)
    assert err.path.endswith("bad.txt") and "encoding=" in str(err)


def test_malformed_jsonl_line(tmp_path):
    f = tmp_path / "c.jsonl"
    f.write_text('{"doc_id": "a", "text": "x"}\n{"doc_id": "b", "text": \n')
    _raises(f, match="malformed JSON", line=2)


def test_jsonl_record_without_text(tmp_path):
    f = tmp_path / "c.jsonl"
    f.write_text('{"doc_id": "a", "body": "x"}\n')
    _raises(f, match="no 'text' field", line=1)


def test_csv_without_text_column(tmp_path):
    f = tmp_path / "c.csv"
    f.write_text("doc_id,body\na,x\n")
    err = _raises(f, match="no 'text' column", line=1)
    assert "body" in str(err)


def test_manifest_mismatch_names_file_and_line(tmp_path):
    shutil.copytree(config.PROJECT_ROOT / "tests" / "fixtures" / "small_corpus", tmp_path / "c")
    corpus = tmp_path / "c"
    assert sorted(verify_manifest_file(corpus)) == ["a_kyiv.txt", "b_moscow.txt", "c_brussels.md", "metadata.csv"]
    (corpus / "b_moscow.txt").write_bytes(b"Tampered.\n")
    with pytest.raises(ManifestError, match="b_moscow.txt") as info:
        load_corpus(corpus)
    assert info.value.line == 2 and "python -m analysis manifest" in str(info.value)


def test_manifest_unlisted_and_missing_files(tmp_path):
    (tmp_path / "a.txt").write_text("x")
    write_manifest(tmp_path)
    (tmp_path / "new.txt").write_text("y")
    with pytest.raises(ManifestError, match="not listed"):
        load_corpus(tmp_path)
    (tmp_path / "new.txt").unlink()
    (tmp_path / "a.txt").unlink()
    (tmp_path / "b.txt").write_text("z")
    with pytest.raises(ManifestError, match="listed file is missing"):
        load_corpus(tmp_path)


def test_loading_writes_nothing(small_corpus, tmp_path):
    before = {p: p.stat().st_mtime_ns for p in Path(small_corpus).rglob("*")}
    load_corpus(small_corpus)
    assert {p: p.stat().st_mtime_ns for p in Path(small_corpus).rglob("*")} == before


def test_real_corpus_with_a_latin1_file(shared_corpora):
    sport = shared_corpora / "bbc-news-2005" / "sport"
    with pytest.raises(CorpusError, match="199.txt"):
        load_corpus(sport)
    docs = load_corpus(sport, encoding="latin-1")
    assert len(docs) > 400 and docs["doc_id"].is_unique


# --------------------------------------------------------------------------- #
# the manifest round-trips any file name, in sha256sum's own format
# --------------------------------------------------------------------------- #
ODD_NAMES = [" lead.txt", "trailing .txt", "two\nlines.txt", "tab\there.txt", "back\\slash.txt",
             "carriage\rreturn.txt", "ünïcødé ✓ 新闻.txt", "sub/ nested\n.txt", "form\x0cfeed.txt"]


def _odd_corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "odd"
    (folder / "sub").mkdir(parents=True)
    for i, name in enumerate(ODD_NAMES):
        (folder / name).write_text(f"Document {i} says peace.", encoding="utf-8")
    return folder


def test_the_manifest_command_round_trips_leading_spaces_newlines_tabs_and_non_ascii_names(tmp_path, capsys):
    from analysis.__main__ import main

    folder = _odd_corpus(tmp_path)
    assert main(["manifest", str(folder)]) == 0
    assert capsys.readouterr().out == f"wrote {folder / 'MANIFEST.sha256'}\n"
    assert sorted(verify_manifest_file(folder)) == sorted(ODD_NAMES)
    assert sorted(load_corpus(folder)["doc_id"]) == sorted(n.strip() for n in ODD_NAMES)  # ids are trimmed
    text = (folder / "MANIFEST.sha256").read_text(encoding="utf-8")
    digest = {name: __import__("hashlib").sha256((folder / name).read_bytes()).hexdigest() for name in ODD_NAMES}
    # worked out by hand from GNU sha256sum's rules: \\, \n and \r escaped, and such a line starts with \
    assert f"{digest[' lead.txt']}   lead.txt\n" in text
    assert f"{digest['tab' + chr(9) + 'here.txt']}  tab\there.txt\n" in text
    assert f"\\{digest['two' + chr(10) + 'lines.txt']}  two\\nlines.txt\n" in text
    assert f"\\{digest['back' + chr(92) + 'slash.txt']}  back\\\\slash.txt\n" in text
    assert f"\\{digest['carriage' + chr(13) + 'return.txt']}  carriage\\rreturn.txt\n" in text
    assert f"\\{digest['sub/ nested' + chr(10) + '.txt']}  sub/ nested\\n.txt\n" in text
    assert text.count("\n") == len(ODD_NAMES)


def test_the_manifest_agrees_with_sha256sum_line_for_line(tmp_path):
    import subprocess

    sha256sum = shutil.which("sha256sum")
    if sha256sum is None:
        pytest.skip("sha256sum (GNU coreutils) is not installed")
    folder = _odd_corpus(tmp_path)
    write_manifest(folder)
    ours = (folder / "MANIFEST.sha256").read_bytes()
    names = sorted(ODD_NAMES, key=lambda n: Path(n).as_posix())
    theirs = subprocess.run([sha256sum, "--", *names], cwd=folder, capture_output=True, check=True).stdout
    assert sorted(ours.split(b"\n")) == sorted(theirs.split(b"\n"))
    checked = subprocess.run([sha256sum, "-c", "MANIFEST.sha256"], cwd=folder, capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_the_default_corpus_manifest_is_written_byte_for_byte_as_committed(tmp_path):
    copy = tmp_path / "raw"
    shutil.copytree(config.DATA_RAW_DIR, copy)
    committed = (config.DATA_RAW_DIR / "MANIFEST.sha256").read_bytes()
    write_manifest(copy)
    assert (copy / "MANIFEST.sha256").read_bytes() == committed


@pytest.mark.parametrize(
    "line",
    [
        "\\" + "0" * 64 + "  bad\\qescape.txt",   # an escape sha256sum never writes
        "\\" + "0" * 64 + "  ends-in-backslash\\",
        "0" * 63 + "  short-digest.txt",
        "0" * 64 + " one-space.txt",
        "z" * 64 + "  not-hex.txt",
    ],
)
def test_a_malformed_manifest_line_names_the_file_and_line(tmp_path, line):
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "a.txt").write_text("peace")
    write_manifest(folder)
    with (folder / "MANIFEST.sha256").open("a", encoding="utf-8") as handle:
        handle.write(line + "\n")
    with pytest.raises(ManifestError, match=r"MANIFEST.sha256, line 2: malformed line"):
        verify_manifest_file(folder)


def test_a_name_whose_leading_space_was_lost_is_a_missing_file(tmp_path):
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / " lead.txt").write_text("peace")
    digest = __import__("hashlib").sha256(b"peace").hexdigest()
    (folder / "MANIFEST.sha256").write_text(f"{digest}  lead.txt\n")  # what a stripping writer produced
    with pytest.raises(ManifestError, match=r"line 1, record 'lead.txt': the listed file is missing"):
        verify_manifest_file(folder)
    (folder / "MANIFEST.sha256").write_text(f"{digest}   lead.txt\r\n")  # exact, even with CRLF endings
    assert verify_manifest_file(folder) == {" lead.txt": digest}
