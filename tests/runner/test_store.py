"""The stage store: atomic entries, corruption detected and rebuilt, locking, deterministic Parquet."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pandas as pd
import pytest

from analysis import config
from analysis.outputs import file_sha256
from analysis.runner import store as st
from analysis.runner.store import MARKER, Store, StoreError, make_key, part_name, write_parquet


def _frame(n: int = 5, offset: int = 0) -> pd.DataFrame:
    return pd.DataFrame({
        "doc_id": pd.array([f"d{i // 2}" for i in range(offset, offset + n)], dtype="string"),
        "norm": pd.array([["nato", "war", "claim", "said", "kyiv"][i % 5] for i in range(offset, offset + n)],
                         dtype="string"),
        "start": range(offset, offset + n),
        "quote_id": pd.array([None if i % 2 else i for i in range(n)], dtype="Int64"),
    })


def _builder(calls: list, parts: int = 2):
    def build(tmp: Path):
        calls.append(tmp)
        return {"tokens": [write_parquet(_frame(5, 5 * i), tmp / "tokens" / part_name(i)) for i in range(parts)]}
    return build


def test_default_root_is_data_interim_store():
    assert st.DEFAULT_STORE_DIR == config.PROJECT_ROOT / "data" / "interim" / "store"
    assert Store().root == st.DEFAULT_STORE_DIR


def test_same_frame_gives_the_same_bytes(tmp_path):
    frame = _frame(1000)
    a = write_parquet(frame, tmp_path / "a" / part_name(0))
    shuffled_index = frame.set_index(pd.Index(range(1000, 0, -1)))
    b = write_parquet(shuffled_index, tmp_path / "b" / part_name(0))
    assert (tmp_path / "a" / part_name(0)).read_bytes() == (tmp_path / "b" / part_name(0)).read_bytes()
    assert a["sha256"] == b["sha256"] and a["rows"] == 1000
    assert b"pandas" in (tmp_path / "a" / part_name(0)).read_bytes()  # dtypes survive the round trip


def test_round_trip_keeps_pandas_dtypes(tmp_path):
    frame = _frame(7)
    store = Store(tmp_path)
    store.ensure("s", "k", lambda tmp: {"t": [write_parquet(frame, tmp / "t" / part_name(0))]}, inputs={})
    pd.testing.assert_frame_equal(store.read("s", "k"), frame)


def test_keys_are_canonical():
    assert make_key({"a": 1, "b": [1, 2]}) == make_key({"b": [1, 2], "a": 1})
    assert make_key({"a": 1}) != make_key({"a": 2})
    assert len(make_key({})) == 64


def test_ensure_builds_once_and_records_inputs_sizes_and_hashes(tmp_path):
    store, calls = Store(tmp_path), []
    entry = store.ensure("text", "abc", _builder(calls), inputs={"settings": {"clean": True}})
    again = store.ensure("text", "abc", _builder(calls), inputs={"settings": {"clean": True}})
    assert len(calls) == 1 and again.path == entry.path == tmp_path / "text" / "abc"
    marker = json.loads((entry.path / MARKER).read_text())
    assert marker["stage"] == "text" and marker["key"] == "abc" and marker["inputs"] == {"settings": {"clean": True}}
    part = marker["tables"]["tokens"]["parts"][1]
    assert part["file"] == "tokens/part-00001.parquet"
    assert part["bytes"] == (entry.path / part["file"]).stat().st_size
    assert part["sha256"] == file_sha256(entry.path / part["file"])
    assert entry.rows("tokens") == 10
    assert not list((tmp_path / "text").glob(".abc.tmp-*"))


@pytest.mark.parametrize("damage", ["truncate", "delete_marker", "bad_marker", "delete_part"])
def test_corrupt_entry_is_detected_removed_and_rebuilt(tmp_path, damage):
    store, calls = Store(tmp_path), []
    entry = store.ensure("text", "k1", _builder(calls), inputs={})
    part = entry.path / "tokens" / part_name(1)
    if damage == "truncate":
        part.write_bytes(part.read_bytes()[:-10])
    elif damage == "delete_marker":
        (entry.path / MARKER).unlink()
    elif damage == "bad_marker":
        (entry.path / MARKER).write_text("{not json")
    else:
        part.unlink()
    assert store.get("text", "k1") is None
    with pytest.raises(StoreError):
        store.read("text", "k1")
    rebuilt = store.ensure("text", "k1", _builder(calls), inputs={})
    assert len(calls) == 2
    assert len(store.read("text", "k1")) == 10 and rebuilt.path == entry.path


def test_same_size_different_bytes_is_corrupt(tmp_path):
    store, calls = Store(tmp_path), []
    entry = store.ensure("text", "k1", _builder(calls), inputs={})
    part = entry.path / "tokens" / part_name(0)
    data = bytearray(part.read_bytes())
    data[len(data) // 2] ^= 0xFF
    part.write_bytes(bytes(data))
    assert store.get("text", "k1") is None


def test_leftover_temporary_folder_is_removed_and_never_read(tmp_path):
    store, calls = Store(tmp_path), []
    stale = tmp_path / "text" / ".k1.tmp-999999-deadbeef"
    (stale / "tokens").mkdir(parents=True)
    (stale / "tokens" / part_name(0)).write_bytes(b"half written")
    assert store.get("text", "k1") is None
    store.ensure("text", "k1", _builder(calls), inputs={})
    assert not stale.exists() and len(calls) == 1


def test_a_failing_build_publishes_nothing(tmp_path):
    store = Store(tmp_path)

    def build(tmp):
        write_parquet(_frame(), tmp / "tokens" / part_name(0))
        raise RuntimeError("worker died")

    with pytest.raises(RuntimeError, match="worker died"):
        store.ensure("text", "k1", build, inputs={})
    assert store.get("text", "k1") is None
    assert sorted(p.name for p in (tmp_path / "text").iterdir()) == [".k1.lock"]


def test_a_part_that_differs_from_its_description_is_refused(tmp_path):
    store = Store(tmp_path)

    def build(tmp):
        desc = write_parquet(_frame(), tmp / "tokens" / part_name(0))
        (tmp / "tokens" / part_name(0)).write_bytes(b"x" * desc["bytes"])
        return {"tokens": [desc]}

    with pytest.raises(StoreError, match="does not match"):
        store.ensure("text", "k1", build, inputs={})
    assert store.get("text", "k1") is None


def test_filters_and_columns_read_only_the_rows_asked_for(tmp_path):
    store = Store(tmp_path)
    store.ensure("text", "k", _builder([], parts=3), inputs={})
    rows = store.read("text", "k", "tokens", columns=["doc_id", "start"], filters=[("norm", "in", ["nato", "kyiv"])])
    assert list(rows.columns) == ["doc_id", "start"]
    assert rows["start"].tolist() == [0, 4, 5, 9, 10, 14]
    parts = list(store.iter_parts("text", "k", "tokens", columns=["start"]))
    assert [p["start"].tolist() for p in parts] == [list(range(0, 5)), list(range(5, 10)), list(range(10, 15))]
    with pytest.raises(StoreError, match="no table"):
        store.entry("text", "k").parts("nothing")


_RACER = textwrap.dedent("""
    import sys, time, json
    from pathlib import Path
    import pandas as pd
    from analysis.runner.store import Store, write_parquet, part_name
    root, log = sys.argv[1], Path(sys.argv[2])
    def build(tmp):
        with open(log, "a") as f:
            f.write("build\\n")
        time.sleep(1.5)
        return {"t": [write_parquet(pd.DataFrame({"x": range(100)}), tmp / "t" / part_name(0))]}
    entry = Store(root).ensure("s", "shared", build, inputs={})
    print(json.dumps({"rows": entry.rows("t"), "path": str(entry.path)}))
""")


@pytest.mark.slow
def test_two_processes_sharing_a_store_build_once_and_both_get_the_entry(tmp_path):
    log = tmp_path / "log.txt"
    env = dict(os.environ, PYTHONHASHSEED="0")
    procs = [subprocess.Popen([sys.executable, "-c", _RACER, str(tmp_path / "store"), str(log)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env) for _ in range(2)]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs), outputs
    results = [json.loads(out.strip().splitlines()[-1]) for out, _ in outputs]
    assert results[0] == results[1] and results[0]["rows"] == 100
    assert log.read_text().count("build") == 1
    assert Store(tmp_path / "store").get("s", "shared") is not None


def test_a_streamed_table_has_the_bytes_of_the_whole_table_whatever_the_parts():
    """Report tables are written part by part; row groups are regrouped, so partitioning never shows."""
    import numpy as np
    import pyarrow as pa

    from analysis.runner.store import ROW_GROUP_SIZE, parquet_bytes, write_parquet_stream

    n = ROW_GROUP_SIZE * 2 + 123
    whole = pa.table({"a": np.arange(n), "s": [f"w{i % 97}" for i in range(n)]})
    expected = parquet_bytes(whole)
    for cuts in ([0, n], [0, 5, 70_000, 70_001, 140_000, n], [0, ROW_GROUP_SIZE, 2 * ROW_GROUP_SIZE, n]):
        parts = [whole.slice(a, b - a) for a, b in zip(cuts, cuts[1:])]
        path = write_parquet_stream(iter(parts), Path(tempfile.mkdtemp()) / "t.parquet")
        assert path.read_bytes() == expected, cuts
    other = whole.slice(0, n - 1)  # negative control: different rows, different bytes
    path = write_parquet_stream(iter([other]), Path(tempfile.mkdtemp()) / "t.parquet")
    assert path.read_bytes() != expected


# --------------------------------------------------------------------------- #
# a lock held by another run: say who holds it, give up after the timeout
# --------------------------------------------------------------------------- #
_HOLD_LOCK = (
    "import sys, time; from analysis.runner.store import Store; "
    "lock = Store(sys.argv[1]).lock('demo', sys.argv[2]); lock.__enter__(); print('held', flush=True); time.sleep(600)"
)


def test_waiting_for_a_store_lock_names_the_holder_and_gives_up_after_the_timeout(tmp_path, capsys):
    import re
    import socket
    import time

    from analysis.runner.store import StoreLockedError

    key = make_key({"stage": "demo", "n": 1})
    holder = subprocess.Popen([sys.executable, "-c", _HOLD_LOCK, str(tmp_path), key], stdout=subprocess.PIPE,
                              text=True, env={**os.environ, "PYTHONPATH": str(config.PROJECT_ROOT)})
    try:
        assert holder.stdout.readline().strip() == "held"
        store = Store(tmp_path, lock_timeout=1)
        built = []
        started = time.monotonic()
        with pytest.raises(StoreLockedError) as err:
            store.ensure("demo", key, lambda tmp: built.append(tmp) or {}, inputs={})
        assert 1 <= time.monotonic() - started < 10 and built == []
        host = re.escape(socket.gethostname())
        assert re.search(rf"stage demo: another run \(PID {holder.pid} on host {host} since \d{{4}}-\d\d-\d\dT"
                         rf"\d\d:\d\d:\d\dZ\) still holds the store lock .*after 1 s\. What to do:.*--lock-timeout",
                         str(err.value))
        said = capsys.readouterr().err
        assert f"stage demo: waiting up to 1 s for another run (PID {holder.pid} on host " in said
    finally:
        holder.kill()
        holder.wait()
    # the holder died without cleaning up: its lock is gone with it, and its note names nobody now
    entry = Store(tmp_path, lock_timeout=1).ensure("demo", key, lambda tmp: {}, inputs={})
    assert entry.key == key
    assert capsys.readouterr().err == ""


def test_an_unwritable_or_file_store_is_refused_before_any_work(tmp_path, capsys, monkeypatch):
    from analysis.__main__ import main
    from analysis.runner.store import check_store_folder

    tiny = config.TESTS_DIR / "fixtures" / "tiny_corpus"
    file = tmp_path / "store.txt"
    file.write_text("mine")
    for given, problem in ((file, "the stage store exists and is not a folder"),
                           (file / "sub", f"cannot create the stage store: {file} is not a folder")):
        assert main(["report", "--corpus", str(tiny), "--out", str(tmp_path / "out"), "--store", str(given),
                     "--quiet"]) == 1
        err = capsys.readouterr().err
        assert err == f"error: {given}: {problem}. What to do: give --store a folder you can write to\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store.txt"] and file.read_text() == "mine"
    # a folder without write permission (simulated: the tests may run as root, who may write anywhere)
    locked = tmp_path / "locked"
    locked.mkdir()
    monkeypatch.setattr(st.os, "access", lambda path, mode: Path(path) != locked)
    with pytest.raises(StoreError, match=r"locked: the stage store folder is not writable"):
        check_store_folder(locked)
    with pytest.raises(StoreError, match=rf"cannot create the stage store in {locked} \(not writable\)"):
        check_store_folder(locked / "store")
    check_store_folder(tmp_path / "new" / "store")  # a new folder in a writable place is fine
