"""The engine: per-document work runs as partitions of documents on Dask.

:class:`Engine` is a context manager with three modes:

* ``Engine()`` starts a ``distributed.LocalCluster`` sized to the machine
  (one single-threaded worker process per core: tokenizing is pure Python, so
  threads would gain nothing), with ``PYTHONHASHSEED=0`` and ``NLTK_DATA`` set
  in every worker;
* ``Engine("tcp://host:8786")`` connects to a running Dask scheduler (``dask
  scheduler``, or one started by dask-jobqueue on SLURM). Its workers must
  import this project and see the store folder (a shared file system);
* ``Engine("synchronous")`` runs everything in this process, one partition
  after the other: for tiny corpora, in-notebook builds and tests.

Results never depend on the mode, the number of workers or which worker
finished first: :meth:`Engine.map_partitions` returns results in partition
order, and partitions are planned from the corpus alone
(:func:`plan_partitions`).

Examples:
    >>> import pandas as pd
    >>> docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "n_chars": [5, 5, 5]})
    >>> [(p.start, p.stop, p.first_doc_id) for p in plan_partitions(docs, target_chars=10)]
    [(0, 2, 'a'), (2, 3, 'c')]
    >>> with Engine("synchronous") as engine:
    ...     engine.map_partitions(_describe, plan_partitions(docs, target_chars=10), prefix="p")
    ['p0:a', 'p1:c']
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from typing import Any, Callable, Sequence

import pandas as pd

from analysis import config
from analysis.exceptions import AnalysisError

#: Default partition size, in characters of raw text (about 100 to 250 news articles; small enough to balance two workers on a few MB).
DEFAULT_TARGET_CHARS = 250_000
#: Seconds to wait for a scheduler given with ``--scheduler``.
CONNECT_TIMEOUT = 10
#: Seconds a run waits while the scheduler has no live worker, before it gives up (``--worker-timeout``).
NO_WORKER_TIMEOUT = 60
SYNCHRONOUS = "synchronous"


class EngineError(AnalysisError, RuntimeError):
    """The engine could not run a partition, or could not reach its scheduler.

    Attributes:
        address: The scheduler address, when that is what failed.
        partition: The failing partition's index, when known.
        doc_id: The failing partition's first ``doc_id``, when known.
    """

    def __init__(self, message: str, *, address: str | None = None, partition: int | None = None,
                 doc_id: str | None = None) -> None:
        self.address = address
        self.partition = partition
        self.doc_id = doc_id
        super().__init__(message)


@dataclass(frozen=True)
class Partition:
    """A contiguous run of documents, in corpus order.

    Attributes:
        index: 0-based position among the partitions.
        start: First row of the document table.
        stop: One past the last row.
        first_doc_id: ``doc_id`` of the first document (named in errors).
        n_chars: Characters of raw text in the partition.
    """

    index: int
    start: int
    stop: int
    first_doc_id: str
    n_chars: int

    @property
    def n_docs(self) -> int:
        return self.stop - self.start


def plan_partitions(documents: pd.DataFrame, *, target_chars: int = DEFAULT_TARGET_CHARS) -> list[Partition]:
    """Split a corpus, in corpus order, into contiguous partitions of about ``target_chars``.

    A partition closes as soon as it holds ``target_chars`` characters (so a
    longer document forms a partition of its own). The plan depends only on
    the documents and ``target_chars``, never on the workers.

    Args:
        documents: The document table (``doc_id`` and ``n_chars`` or ``text``).
        target_chars: Characters per partition (at least 1).

    Returns:
        The partitions; none for an empty table.
    """
    if target_chars < 1:
        raise ValueError("target_chars must be at least 1")
    sizes = (documents["n_chars"] if "n_chars" in documents.columns else documents["text"].str.len()).tolist()
    ids = documents["doc_id"].astype(str).tolist()
    partitions: list[Partition] = []
    start, total = 0, 0
    for row, size in enumerate(sizes):
        total += int(size)
        if total >= target_chars or row == len(sizes) - 1:
            partitions.append(Partition(len(partitions), start, row + 1, ids[start], total))
            start, total = row + 1, 0
    return partitions


def _describe(partition: Partition, *, prefix: str) -> str:
    """A trivial partition function (for examples and tests)."""
    return f"{prefix}{partition.index}:{partition.first_doc_id}"


def _first_doc_id(item: Any) -> str | None:
    if isinstance(item, dict):
        return item.get("first_doc_id")
    return getattr(item, "first_doc_id", None)


def _index(item: Any, default: int) -> int:
    value = item.get("index") if isinstance(item, dict) else getattr(item, "index", None)
    return default if value is None else int(value)


def worker_environment() -> dict[str, str]:
    """Environment every worker gets: fixed hashing, the project's NLTK data, no thread oversubscription."""
    return {
        "PYTHONHASHSEED": "0",
        "NLTK_DATA": str(config.NLTK_DATA_DIR),
        "OMP_NUM_THREADS": "1",
        "OPENBLAS_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
    }


def check_scheduler_address(address: str) -> str:
    """Refuse, in one plain line, an address that cannot name a Dask scheduler (``tcp://host:port``).

    Raises:
        EngineError: Naming the address and the expected form.

    Examples:
        >>> check_scheduler_address("tcp://10.0.0.5:8786")
        'tcp://10.0.0.5:8786'
        >>> check_scheduler_address("not-an-address")
        Traceback (most recent call last):
        ...
        analysis.runner.engine.EngineError: --scheduler 'not-an-address' is not a Dask scheduler address: it needs a port (e.g. tcp://host:8786, as 'dask scheduler' prints it)
    """
    from distributed.comm.addressing import parse_address, parse_host_port

    form = "(e.g. tcp://host:8786, as 'dask scheduler' prints it)"
    try:
        scheme, location = parse_address(address)
        if scheme not in ("tcp", "tls"):
            raise ValueError(f"the protocol {scheme!r} is not tcp or tls")
        host, port = parse_host_port(location)
        if not host or not 0 < int(port) < 65536:
            raise ValueError("it needs a host and a port")
    except (ValueError, TypeError) as err:
        reason = str(err) if "protocol" in str(err) or "host and a port" in str(err) else "it needs a port"
        raise EngineError(f"--scheduler {address!r} is not a Dask scheduler address: {reason} {form}",
                          address=address) from None
    return address


def probe_scheduler(address: str, timeout: float = CONNECT_TIMEOUT) -> dict:
    """Ask the server at ``address`` who it is, in Dask's protocol, within ``timeout`` seconds.

    Done before a ``distributed.Client`` is made: a client given a server that
    does not speak Dask (an HTTP server) reads its reply as a frame length of
    exabytes, or waits forever.

    Returns:
        The scheduler's identity.

    Raises:
        EngineError: One line naming the address: unreachable, no reply, or not a Dask scheduler.
    """
    import asyncio
    import threading

    from distributed.comm import connect

    check_scheduler_address(address)
    outcome: dict[str, Any] = {}

    async def ask() -> dict:
        comm = await asyncio.wait_for(connect(address, timeout=timeout), timeout)
        try:
            await asyncio.wait_for(comm.write({"op": "identity", "reply": True}), timeout)
            return await asyncio.wait_for(comm.read(), timeout)
        finally:
            comm.abort()

    def run() -> None:
        import socket

        from distributed.comm.addressing import parse_address, parse_host_port

        try:
            host, port = parse_host_port(parse_address(address)[1])
            socket.create_connection((host, port), timeout=timeout).close()
        except OSError as err:
            outcome["unreachable"] = err
            return
        try:
            outcome["identity"] = asyncio.run(ask())
        except BaseException as err:  # noqa: BLE001 - any failure (MemoryError from a bogus frame length too)
            outcome["error"] = err

    thread = threading.Thread(target=run, name="probe-dask-scheduler", daemon=True)
    thread.start()
    thread.join(3 * timeout + 5)
    hint = ("start one with 'dask scheduler' and workers with 'dask worker ADDRESS --nthreads 1', "
            "or leave --scheduler out to use a local cluster")
    identity = outcome.get("identity")
    if isinstance(identity, dict) and identity.get("type") == "Scheduler":
        return identity
    unreachable = outcome.get("unreachable")
    if unreachable is not None:
        detail = str(unreachable).strip() or type(unreachable).__name__
        raise EngineError(f"cannot reach the Dask scheduler at {address!r} within {timeout:g} s ({detail}); {hint}",
                          address=address)
    raise EngineError(f"the server at {address!r} does not answer as a Dask scheduler (is it the right host and "
                      f"port?); {hint}", address=address)


class Engine:
    """Run partition functions on a local cluster, a remote scheduler, or in-process.

    Args:
        scheduler: ``None`` (start a local cluster), ``"synchronous"``, or a
            scheduler address such as ``"tcp://10.0.0.5:8786"``.
        workers: Worker processes of the local cluster; default one per core.
        connect_timeout: Seconds to wait for a remote scheduler.
        allowed_failures: How often a partition may kill a worker before it
            counts as failed (a local cluster's scheduler setting).
        no_worker_timeout: Seconds the scheduler may have no live worker
            while partitions wait, before the run stops with an error naming it.
    """

    def __init__(self, scheduler: str | None = None, workers: int | None = None, *,
                 connect_timeout: float = CONNECT_TIMEOUT, allowed_failures: int = 1,
                 no_worker_timeout: float = NO_WORKER_TIMEOUT) -> None:
        if workers is not None and workers < 1:
            raise EngineError(f"workers must be at least 1, got {workers}")
        if not no_worker_timeout > 0:
            raise EngineError(f"the time to wait for a live worker must be positive, got {no_worker_timeout}")
        self.no_worker_timeout = float(no_worker_timeout)
        self.scheduler = scheduler
        self.workers = workers
        self.connect_timeout = connect_timeout
        self.allowed_failures = allowed_failures
        self.client = None
        self.cluster = None

    @property
    def mode(self) -> str:
        """``local``, ``remote`` or ``synchronous``."""
        if self.scheduler == SYNCHRONOUS:
            return SYNCHRONOUS
        return "local" if self.scheduler is None else "remote"

    @property
    def n_workers(self) -> int:
        """Workers available now (1 in synchronous mode)."""
        if self.client is None:
            return 1
        return max(1, len(self.client.scheduler_info(n_workers=-1).get("workers", {})))

    def __repr__(self) -> str:
        where = self.scheduler or f"local cluster, {self.workers or os.cpu_count()} workers"
        return f"Engine({where})"

    def __enter__(self) -> "Engine":
        if self.mode == SYNCHRONOUS:
            return self
        import dask
        from distributed import Client, LocalCluster

        if self.mode == "local":
            env = worker_environment()
            with dask.config.set({
                "distributed.scheduler.allowed-failures": self.allowed_failures,
                "distributed.nanny.pre-spawn-environ": env,
                "distributed.worker.daemon": False,
                "logging.distributed": "error",
            }):
                self.cluster = LocalCluster(
                    n_workers=self.workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
                    dashboard_address=None, env=env, silence_logs=40,
                    # no dashboard; the scheduler's small health server binds a free local port (not 8787)
                    scheduler_kwargs={"dashboard": False, "dashboard_address": "127.0.0.1:0"},
                )
                self.client = Client(self.cluster, set_as_default=False)
        else:
            probe_scheduler(self.scheduler, self.connect_timeout)
            try:
                self.client = Client(self.scheduler, timeout=self.connect_timeout, set_as_default=False)
            except Exception as err:  # noqa: BLE001 - whatever the client raises is one line
                raise EngineError(
                    f"cannot reach the Dask scheduler at {self.scheduler!r} within {self.connect_timeout:g} s "
                    f"({type(err).__name__}: {err}). Start one with 'dask scheduler' and workers with "
                    "'dask worker ADDRESS --nthreads 1', or leave --scheduler out to use a local cluster",
                    address=self.scheduler,
                ) from None
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the client and the local cluster, if any."""
        if self.client is not None:
            self.client.close()
            self.client = None
        if self.cluster is not None:
            self.cluster.close()
            self.cluster = None

    def map_partitions(
        self,
        func: Callable[..., Any],
        partitions: Sequence[Any],
        *,
        progress: Callable[[int], None] | None = None,
        **settings: Any,
    ) -> list[Any]:
        """Run ``func(partition, **settings)`` for every partition; results in partition order.

        ``func`` must be importable by the workers (a function of this
        package) and ``settings`` plain data. ``progress(i)`` is called in
        this process as partition ``i``'s result arrives (in partition order).

        Raises:
            EngineError: A partition raised, or killed its worker; the message
                names the partition and its first ``doc_id``.
        """
        partitions = list(partitions)
        if not partitions:
            return []
        if self.mode == SYNCHRONOUS:
            results = []
            for i, part in enumerate(partitions):
                try:
                    results.append(func(part, **settings))
                except Exception as err:
                    raise self._failure(part, i, err) from err
                if progress:
                    progress(i)
            return results
        if self.client is None:
            raise EngineError("the engine is not running: use it as 'with Engine(...) as engine:'")
        from dask.base import tokenize

        token = tokenize(func.__module__, func.__qualname__, settings, os.getpid(), id(partitions))
        keys = [f"{func.__name__}-{_index(p, i)}-{token}" for i, p in enumerate(partitions)]
        futures = self.client.map(func, partitions, key=keys, pure=False, retries=0, **settings)
        results = []
        try:
            for i, future in enumerate(futures):  # in partition order: results never depend on finishing order
                self._wait_with_live_workers(future)
                try:
                    results.append(future.result())
                except Exception as err:
                    raise self._failure(partitions[i], i, err) from err
                if progress:
                    progress(i)
            return results
        finally:
            for future in futures:
                future.release()

    def _live_workers(self) -> int:
        try:
            return len(self.client.nthreads())
        except Exception as err:  # noqa: BLE001 - the scheduler itself is gone
            raise EngineError(f"lost the Dask scheduler {self._where()} ({type(err).__name__}: {err})",
                              address=self.scheduler) from None

    def _where(self) -> str:
        if self.mode == "remote":
            return repr(self.scheduler)
        address = getattr(self.cluster, "scheduler_address", None)
        return f"of the local cluster ({address})" if address else "of the local cluster"

    def _wait_with_live_workers(self, future: Any) -> None:
        """Wait for ``future``; stop when the scheduler has had no live worker for ``no_worker_timeout`` s."""
        poll = min(1.0, self.no_worker_timeout / 4)
        without_workers_since: float | None = None
        while not future.done():
            try:
                future.result(timeout=poll)
                return
            except Exception:  # noqa: BLE001 - a timeout, or the partition's own error (read again by the caller)
                if future.done():
                    return
            if self._live_workers():
                without_workers_since = None
                continue
            now = time.monotonic()
            if without_workers_since is None:
                without_workers_since = now
            elif now - without_workers_since >= self.no_worker_timeout:
                raise EngineError(
                    f"the Dask scheduler {self._where()} has had no live worker for {self.no_worker_timeout:g} s; "
                    "start workers with 'dask worker ADDRESS --nthreads 1' (or raise --worker-timeout)",
                    address=self.scheduler,
                )

    def _failure(self, part: Any, default_index: int, err: BaseException) -> EngineError:
        index = _index(part, default_index)
        doc_id = _first_doc_id(part)
        killed = type(err).__name__ == "KilledWorker"
        what = ("killed its worker process (out of memory, or a crash)" if killed
                else f"failed: {type(err).__name__}: {err}")
        where = f" on the scheduler {self.scheduler!r}" if self.mode == "remote" else ""
        return EngineError(
            f"partition {index} (first doc_id {doc_id!r}) {what}{where}", partition=index, doc_id=doc_id,
            address=self.scheduler if self.mode == "remote" else None,
        )
