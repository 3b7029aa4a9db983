"""The engine: order-preserving partitions on a local cluster, clear errors, deterministic plans."""

from __future__ import annotations

import os

import pandas as pd
import pytest

from analysis.exceptions import AnalysisError
from analysis.runner.engine import Engine, EngineError, Partition, plan_partitions


@pytest.fixture(scope="module")
def cluster():
    with Engine(workers=2) as engine:
        yield engine


def _docs(sizes):
    return pd.DataFrame({"doc_id": [f"doc{i}" for i in range(len(sizes))], "n_chars": sizes})


def test_plan_is_contiguous_ordered_and_about_the_target_size():
    docs = _docs([40, 30, 50, 10, 10, 200, 5])
    plan = plan_partitions(docs, target_chars=60)
    assert [(p.start, p.stop) for p in plan] == [(0, 2), (2, 4), (4, 6), (6, 7)]
    assert [p.first_doc_id for p in plan] == ["doc0", "doc2", "doc4", "doc6"]
    assert [p.index for p in plan] == [0, 1, 2, 3]
    assert sum(p.n_chars for p in plan) == 345
    assert plan == plan_partitions(docs, target_chars=60)
    assert len(plan_partitions(docs, target_chars=10**9)) == 1
    assert plan_partitions(docs.iloc[:0], target_chars=10) == []
    with pytest.raises(ValueError):
        plan_partitions(docs, target_chars=0)


def test_plan_reads_text_lengths_when_n_chars_is_missing():
    docs = pd.DataFrame({"doc_id": ["a", "b"], "text": ["x" * 5, "y" * 5]})
    assert [p.n_chars for p in plan_partitions(docs, target_chars=5)] == [5, 5]


@pytest.mark.slow
def test_local_cluster_has_the_workers_and_environment_asked_for(cluster):
    assert cluster.mode == "local" and cluster.n_workers == 2
    env = cluster.client.run(lambda: (os.environ.get("PYTHONHASHSEED"), os.environ.get("NLTK_DATA")))
    for seed, nltk_data in env.values():
        assert seed == "0" and nltk_data.endswith("nltk_data")


@pytest.mark.slow
def test_results_come_back_in_partition_order_whoever_finishes_first(cluster):
    import time

    def slow_first(part, *, scale):
        time.sleep(scale * (10 - part.index))
        return (part.index, part.first_doc_id, os.getpid())

    plan = plan_partitions(_docs([10] * 10), target_chars=10)
    seen = []
    results = cluster.map_partitions(slow_first, plan, scale=0.05, progress=seen.append)
    assert [r[:2] for r in results] == [(i, f"doc{i}") for i in range(10)]
    assert sorted(seen) == list(range(10))
    assert len({r[2] for r in results}) == 2  # both workers did some of the work
    with Engine("synchronous") as local:
        assert [r[:2] for r in local.map_partitions(slow_first, plan, scale=0)] == [r[:2] for r in results]


@pytest.mark.slow
def test_a_failing_partition_names_its_first_doc_id(cluster):
    def fail_on_doc4(part):
        if part.first_doc_id == "doc4":
            raise ValueError("bad token")
        return part.index

    plan = plan_partitions(_docs([10] * 6), target_chars=20)
    for engine in (cluster, Engine("synchronous")):
        with pytest.raises(EngineError) as err:
            engine.map_partitions(fail_on_doc4, plan)
        assert "'doc4'" in str(err.value) and "partition 2" in str(err.value) and "bad token" in str(err.value)
        assert err.value.doc_id == "doc4" and err.value.partition == 2
        assert isinstance(err.value, AnalysisError)
    assert cluster.map_partitions(lambda p: p.index, plan) == [0, 1, 2]  # the cluster still works


@pytest.mark.slow
def test_a_dying_worker_names_the_partition_and_the_cluster_recovers(cluster):
    def die_on_doc1(part):
        if part.first_doc_id == "doc1":
            os._exit(1)
        return part.index

    plan = plan_partitions(_docs([10] * 3), target_chars=10)
    with pytest.raises(EngineError) as err:
        cluster.map_partitions(die_on_doc1, plan)
    assert "'doc1'" in str(err.value) and "killed its worker" in str(err.value)
    assert cluster.map_partitions(lambda p: p.first_doc_id, plan) == ["doc0", "doc1", "doc2"]


def test_unreachable_scheduler_is_an_error_naming_the_address():
    engine = Engine("tcp://127.0.0.1:9", connect_timeout=1)
    with pytest.raises(EngineError) as err:
        with engine:
            pass
    assert "tcp://127.0.0.1:9" in str(err.value) and err.value.address == "tcp://127.0.0.1:9"


@pytest.mark.slow
def test_remote_mode_connects_to_a_running_scheduler(cluster):
    with Engine(cluster.cluster.scheduler_address) as remote:
        assert remote.mode == "remote"
        assert remote.map_partitions(lambda p: p.index * 2, [Partition(i, i, i + 1, "x", 1) for i in range(3)]) == [0, 2, 4]


def test_synchronous_mode_needs_no_cluster_and_bad_sizes_are_refused():
    with Engine("synchronous") as engine:
        assert engine.client is None and engine.n_workers == 1
        assert engine.map_partitions(lambda p: p, []) == []
    with pytest.raises(EngineError):
        Engine(workers=0)
    with pytest.raises(EngineError, match="not running"):
        Engine().map_partitions(lambda p: p, [1])


# --------------------------------------------------------------------------- #
# Dask edges: bad addresses, servers that do not speak Dask, no live workers
# --------------------------------------------------------------------------- #
@pytest.mark.parametrize("address", ["not-an-address", "tcp://host-without-port", "http://127.0.0.1:8786", ""])
def test_a_malformed_scheduler_address_is_one_plain_line(address):
    from analysis.runner.engine import check_scheduler_address

    with pytest.raises(EngineError) as err:
        check_scheduler_address(address)
    assert str(err.value).startswith(f"--scheduler {address!r} is not a Dask scheduler address")
    assert "\n" not in str(err.value) and err.value.address == address


def test_a_malformed_address_on_the_command_line_is_one_line_and_nothing_runs(tmp_path, capfd):
    from analysis import config
    from analysis.__main__ import main

    tiny = config.TESTS_DIR / "fixtures" / "tiny_corpus"
    assert main(["report", "--corpus", str(tiny), "--out", str(tmp_path / "out"), "--store", str(tmp_path / "s"),
                 "--scheduler", "not-an-address", "--quiet"]) == 1
    err = capfd.readouterr().err
    assert err == ("error: --scheduler 'not-an-address' is not a Dask scheduler address: it needs a port "
                   "(e.g. tcp://host:8786, as 'dask scheduler' prints it)\n")
    assert list(tmp_path.iterdir()) == []


class _FakeServer:
    """A TCP server on 127.0.0.1 that answers every connection like an HTTP server (or stays silent)."""

    def __init__(self, reply: bytes | None):
        import socket
        import threading

        self.reply = reply
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.address = f"tcp://127.0.0.1:{self.sock.getsockname()[1]}"
        self.open = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.open.append(conn)
            if self.reply is not None:
                try:
                    conn.recv(65536)
                    conn.sendall(self.reply)
                except OSError:
                    pass

    def close(self):
        self.sock.close()
        for conn in self.open:
            conn.close()


HTTP_REPLY = (b"HTTP/1.1 400 Bad Request\r\nContent-Type: text/html\r\nContent-Length: 2048\r\n\r\n" + b"x" * 2048)


@pytest.mark.parametrize("reply", [HTTP_REPLY, None], ids=["answers-http", "silent"])
def test_a_server_that_does_not_speak_dask_is_one_line_within_the_timeout(reply):
    import time

    server = _FakeServer(reply)
    try:
        started = time.monotonic()
        with pytest.raises(EngineError) as err:
            with Engine(server.address, connect_timeout=2):
                pass  # pragma: no cover
        assert time.monotonic() - started < 20
    finally:
        server.close()
    message = str(err.value)
    assert message.startswith(f"the server at {server.address!r} does not answer as a Dask scheduler")
    assert "\n" not in message and "EiB" not in message and err.value.address == server.address


def test_a_closed_port_is_unreachable_naming_the_address():
    import socket

    from analysis.runner.engine import probe_scheduler

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed once the block ends
    with pytest.raises(EngineError, match=rf"cannot reach the Dask scheduler at 'tcp://127.0.0.1:{port}' within 2 s"):
        probe_scheduler(f"tcp://127.0.0.1:{port}", timeout=2)


def test_a_real_scheduler_passes_the_probe(cluster):
    from analysis.runner.engine import probe_scheduler

    assert probe_scheduler(cluster.cluster.scheduler_address)["type"] == "Scheduler"


def test_no_live_worker_for_n_seconds_is_an_error_naming_the_scheduler():
    import time

    from distributed import LocalCluster

    with LocalCluster(n_workers=0, processes=False, protocol="tcp://", dashboard_address=None) as workerless:
        address = workerless.scheduler_address
        with Engine(address, no_worker_timeout=1) as engine:
            started = time.monotonic()
            with pytest.raises(EngineError) as err:
                engine.map_partitions(_describe_partition, [Partition(0, 0, 1, "d0", 1)], prefix="p")
            waited = time.monotonic() - started
    assert f"the Dask scheduler {address!r} has had no live worker for 1 s" in str(err.value)
    assert err.value.address == address and 1 <= waited < 15
    with pytest.raises(EngineError, match="must be positive"):
        Engine(address, no_worker_timeout=0)


def _describe_partition(partition, *, prefix):
    return f"{prefix}{partition.index}"
