"""Running the per-article stages in worker processes.

Every stage after ingest works article by article, so a batch splits into chunks that run the
same stage functions in forked workers; their tables are concatenated and sorted like any
other, so the output is byte-identical to a one-process run. Workers are forked after the
parent has loaded the config and jieba's dictionaries, so they start at no cost; where fork
is not the platform's safe default (anything but Linux), the run stays in one process.
"""
from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace

import pyarrow as pa

MIN_CHARS_PER_JOB = 100_000  # below this, starting workers costs more than it saves

_shared: dict = {}  # what forked workers inherit: the stages, their context, the table maker


def default_jobs() -> int:
    """Worker processes to use when the user does not say: the machine's cores, up to 8."""
    return max(1, min(8, os.cpu_count() or 1))


def can_fork() -> bool:
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def chunks(articles: list[dict], jobs: int) -> list[list[dict]]:
    """Articles in `jobs` chunks of about equal text, or one chunk when the batch is too small
    to be worth splitting."""
    total = sum(a["n_chars"] for a in articles)
    jobs = min(jobs, len(articles), max(1, total // MIN_CHARS_PER_JOB))
    if jobs <= 1 or not can_fork():
        return [articles]
    bins: list[list[dict]] = [[] for _ in range(jobs)]
    sizes = [0] * jobs
    for article in sorted(articles, key=lambda a: (-a["n_chars"], a["article_id"])):
        i = sizes.index(min(sizes))
        bins[i].append(article)
        sizes[i] += article["n_chars"]
    return bins


def _work(index: int) -> dict[str, list[pa.Table]]:
    stages, ctx, to_parts, chunk = _shared["stages"], _shared["ctx"], _shared["to_parts"], _shared["chunks"][index]
    tables: dict[str, list] = {"articles": chunk}
    for stage in stages:
        tables.update(stage.func(tables, ctx))
    return {name: to_parts(name, rows) for name, rows in tables.items() if name != "articles"}


def run_chunks(stages: tuple, ctx, parts: list[list[dict]], to_parts: Callable[[str, list], list[pa.Table]],
               warm: Callable[[], None]) -> dict[str, list[pa.Table]]:
    """Run `stages` over each chunk of articles in its own forked worker; the tables they make,
    as Arrow tables, gathered per table name."""
    warm()
    quiet = replace(ctx, progress=lambda stage, done, total: None)  # the parent reports per chunk
    _shared.update(stages=stages, ctx=quiet, to_parts=to_parts, chunks=parts)
    gathered: dict[str, list[pa.Table]] = {}
    try:
        with ProcessPoolExecutor(len(parts), mp_context=multiprocessing.get_context("fork")) as pool:
            for done, result in enumerate(pool.map(_work, range(len(parts))), start=1):
                for name, tables in result.items():
                    gathered.setdefault(name, []).extend(tables)
                ctx.progress("articles", done, len(parts))
    finally:
        _shared.clear()
    return gathered
