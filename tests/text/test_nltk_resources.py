"""Offline, pickle-free NLTK: the Punkt model, punkt_tab files, stopwords."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import textwrap

from analysis import config
from analysis.text.nltk_resources import install_punkt_tab, load_stopwords, punkt_parameters, sentence_tokenizer


def test_punkt_parameters_match_nltk_punkt_tab_english():
    params = punkt_parameters()
    assert (len(params.abbrev_types), len(params.collocations), len(params.sent_starters), len(params.ortho_context)) == (
        156, 37, 39, 20366,
    )
    assert "u.s" in params.abbrev_types and "mr" in params.abbrev_types


def test_abbreviations_do_not_end_sentences():
    text = "Mr. Biden met U.S. officials. They left."
    assert sentence_tokenizer().tokenize(text) == ["Mr. Biden met U.S. officials.", "They left."]


def test_stopwords_are_nltk_179_list_with_recorded_checksum():
    words = load_stopwords()
    assert len(words) == 179
    assert {"the", "don't", "should've", "mightn't"} <= words and "nato" not in words
    digest = hashlib.sha256(config.STOPWORDS_FILE.read_bytes()).hexdigest()
    readme = (config.STOPWORDS_FILE.parent / "README.md").read_text(encoding="utf-8")
    assert digest in readme, "stopword list changed: update its README provenance"


def test_install_writes_punkt_tab(tmp_path):
    folder = install_punkt_tab(tmp_path / "nltk_data")
    assert folder == (tmp_path / "nltk_data" / "tokenizers" / "punkt_tab" / "english").resolve()
    assert len((folder / "abbrev_types.txt").read_text().splitlines()) == 156


def test_plain_nltk_runs_offline_without_pickles(tmp_path, seed_text):
    """Unmodified nltk.sent_tokenize / word_tokenize with the network and pickle disabled."""
    install_punkt_tab(tmp_path / "nltk_data")
    script = textwrap.dedent(
        """
        import pickle, socket, sys, json
        def refuse(*a, **k):
            raise RuntimeError("network or pickle used")
        socket.socket.connect = refuse
        socket.create_connection = refuse
        socket.getaddrinfo = refuse
        pickle.load = pickle.loads = refuse
        import nltk
        text = sys.stdin.read()
        print(json.dumps([nltk.sent_tokenize(text), nltk.word_tokenize(text)]))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        input=seed_text,
        capture_output=True,
        text=True,
        env={"NLTK_DATA": str(tmp_path / "nltk_data"), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    import json

    sentences, words = json.loads(done.stdout)
    assert sentences == sentence_tokenizer().tokenize(seed_text)
    assert words[:4] == ["KYIV", "--", "President", "Volodymyr"]
    # "U.S." is a known abbreviation: this sentence must stay whole
    assert any(s.startswith("It also comes as former U.S. President Donald Trump") for s in sentences)


def test_plain_nltk_without_punkt_tab_fails_instead_of_downloading(tmp_path):
    script = "import nltk; nltk.sent_tokenize('One. Two.')"
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True,
        env={"NLTK_DATA": str(tmp_path / "empty"), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}, timeout=120,
    )
    assert done.returncode != 0 and "punkt_tab" in done.stderr
