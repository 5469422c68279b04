"""Engines that run the stages of a run's parts beyond this process: a dask.distributed cluster.

The runner (pipeline.runner) reads each part's tables, hands them to the engine with the
stages to run, and writes what comes back, so the files and the commit stay with the process
that holds the folder's lock, and the output is the same, byte for byte, as a local run's: the
same stage functions run over the same parts. Workers need no shared file system: each part
travels with its articles, and the configs travel once per run (the workers check their
digest). They need the pipeline installed, at the same version.

dask is an optional dependency (`pip install 'news-numeric-claims[dask]'`); it is imported only
when a run uses it.
"""
from __future__ import annotations

import logging
import pickle
import tempfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TypeVar

from pipeline import __version__
from pipeline.config import Config, load_config
from pipeline.errors import StageError
from pipeline.stages import Context

R = TypeVar("R")
INSTALL_HINT = "pip install 'news-numeric-claims[dask]'"


class Engine(Protocol):
    def map(self, func: Callable[..., R], ctx: Context, work: Iterable[tuple]) -> Iterator[R]:
        """func(ctx, *args) for each args in `work`, results in the order of `work`."""


@dataclass(frozen=True)
class Recipe:
    """What a worker needs to rebuild the run's Context: the configs' files and digest, the
    segmenter, and the pipeline version the run expects."""

    files: dict[str, bytes]
    digest: str
    segmenter: str
    version: str


def recipe(ctx: Context) -> Recipe:
    root = ctx.config.root
    files = {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}
    return Recipe(files, ctx.config.digest, ctx.segmenter, __version__)


_configs: dict[str, tuple[tempfile.TemporaryDirectory, Config]] = {}  # per worker process, by digest


def context_on_worker(made: Recipe) -> Context:
    """The run's Context in a worker: its configs written to a folder of the worker's own, once
    per process, and loaded (their digest checked against the run's)."""
    if made.version != __version__:
        raise StageError(f"a dask worker runs pipeline {__version__}, this run {made.version}; "
                         "install the same version on every worker")
    if made.digest not in _configs:
        folder = tempfile.TemporaryDirectory(prefix="pipeline-configs-")
        for rel, data in made.files.items():
            path = Path(folder.name) / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        config = load_config(Path(folder.name))
        if config.digest != made.digest:
            raise StageError("the configs a dask worker received do not match the run's (digest differs)")
        _configs[made.digest] = (folder, config)
    return Context(config=_configs[made.digest][1], segmenter=made.segmenter)


def _on_worker(func: Callable[..., R], made: Recipe, payload: bytes) -> R:
    return func(context_on_worker(made), *pickle.loads(payload))


class DaskEngine:
    """Runs parts on a dask.distributed cluster: a LocalCluster of `workers` processes on this
    machine (started for the run, closed after it), or the cluster whose scheduler is at
    `scheduler` (tcp://host:8786). At most two parts per worker thread are in flight, so the
    memory this process holds stays bounded whatever the size of the run."""

    def __init__(self, scheduler: str | None = None, workers: int = 2) -> None:
        self.scheduler = scheduler
        self.workers = workers

    def map(self, func: Callable[..., R], ctx: Context, work: Iterable[tuple]) -> Iterator[R]:
        distributed = _import_distributed()
        cluster, client = self._connect(distributed)
        try:
            shipped = client.scatter(recipe(ctx), broadcast=True)
            window = max(2, 2 * sum(client.nthreads().values()))
            pending: deque = deque()
            for args in work:
                # pickled here: dask would otherwise walk every record looking for futures in them
                payload = pickle.dumps(args, protocol=pickle.HIGHEST_PROTOCOL)
                pending.append(client.submit(_on_worker, func, shipped, payload, pure=False))
                if len(pending) >= window:
                    yield _result(pending.popleft(), distributed)
            while pending:
                yield _result(pending.popleft(), distributed)
        finally:
            client.close()
            if cluster is not None:
                cluster.close()

    def _connect(self, distributed: Any) -> tuple[Any, Any]:
        """(the LocalCluster started for this run, or None; a client of the cluster)."""
        if self.scheduler is not None:
            try:
                return None, distributed.Client(self.scheduler, timeout="10s")
            except (OSError, TimeoutError, ValueError) as exc:
                raise StageError(f"cannot reach the dask scheduler at {self.scheduler} ({exc})") from exc
        cluster = distributed.LocalCluster(n_workers=self.workers, threads_per_worker=1, processes=True,
                                           dashboard_address=None, silence_logs=logging.ERROR)
        try:
            return cluster, distributed.Client(cluster)
        except BaseException:
            cluster.close()
            raise


def _result(future: Any, distributed: Any) -> Any:
    try:
        return future.result()
    except distributed.KilledWorker as exc:
        raise StageError(f"dask workers died while building a part ({exc}); see the workers' logs") from exc


def _import_distributed() -> Any:
    try:
        import distributed
    except ImportError as exc:
        raise StageError(f"--engine dask needs dask.distributed, which is not installed ({INSTALL_HINT})") from exc
    return distributed
