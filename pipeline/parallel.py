"""Running the parts of a run in worker processes.

Every stage after ingest works article by article, and every part of the output is built from
its own articles alone, so parts can be built in forked workers, each writing its own files:
the output is byte-identical to a one-process run. Workers are forked after the parent has
loaded the config and jieba's dictionaries, so they start at no cost; where fork is not the
platform's safe default (anything but Linux), the run stays in one process.

Workers never outlive the run: each asks the kernel to kill it when its parent dies (even by
SIGKILL), ignores Ctrl-C (the parent alone decides), and the parent kills them at once when
the run stops for any reason, so an interrupted run ends within a second.
"""
from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

MIN_CHARS_PER_JOB = 100_000  # below this, starting workers costs more than it saves
_PR_SET_PDEATHSIG = 1
T = TypeVar("T")
R = TypeVar("R")

_shared: dict = {}  # what forked workers inherit: the function and its fixed arguments


def default_jobs() -> int:
    """Worker processes to use when the user does not say: the machine's cores, up to 8."""
    return max(1, min(8, os.cpu_count() or 1))


def can_fork() -> bool:
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def worker_count(jobs: int, tasks: int, chars: int) -> int:
    """How many workers a run of `tasks` parts holding `chars` characters of new text is worth:
    none (0) when one process does it as fast, or where workers cannot be forked."""
    count = min(jobs, tasks, chars // MIN_CHARS_PER_JOB)
    return count if count > 1 and can_fork() else 0


def _start_worker(parent: int) -> None:
    """In each worker: die with the parent, leave Ctrl-C to it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the parent died before the request was in place
        os._exit(1)


def _call(item):
    return _shared["func"](item)


def _kill(pool: ProcessPoolExecutor) -> None:
    """End every worker now (a running task is not waited for)."""
    processes = dict(getattr(pool, "_processes", None) or {})
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes.values():
        if process.is_alive():
            process.kill()
    for process in processes.values():
        process.join(timeout=1)


def map_in_workers(func: Callable[[T], R], items: list[T], jobs: int, warm: Callable[[], None]) -> Iterator[R]:
    """func(item) for each item, in `jobs` forked workers, results in the items' order.

    `warm` runs once in the parent before the workers fork (load what they all share). When
    the caller stops early or anything fails (an error in a worker, Ctrl-C in the parent),
    the workers are killed before the exception goes on."""
    warm()
    _shared["func"] = func
    pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"),
                               initializer=_start_worker, initargs=(os.getpid(),))
    finished = False
    try:
        yield from pool.map(_call, items)
        finished = True
    finally:
        if finished:
            pool.shutdown(wait=True)
        else:
            _kill(pool)
        _shared.clear()

