"""The runner: a whole run, or some stages alone, over an output folder, one part at a time.

A whole run scans its inputs first (ids, sizes and checksums, not texts), cuts the articles
into parts (pipeline.partition), and decides per part what to keep, copy or process
(pipeline.rerun). Each part to build is then read, run through the stages in memory
(stages.run_stages) and written, alone: memory holds one part per process, never a whole table.
Parts are built in forked workers when the work is large enough, each worker writing its own
files; the parent only collects their manifest rows. Everything lands in a new generation
that one rename makes current (pipeline.store).
"""
from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass, replace
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.compute as pc

from pipeline import __version__
from pipeline.errors import StageError, shown
from pipeline.ingest import Input, Problem, scan
from pipeline.parallel import map_in_workers, worker_count
from pipeline.rerun import INPUTS, TABLE_NAMES, Plan, earlier_inputs, inputs_table, plan, unchanged_files, unusable
from pipeline.stages import STAGES, Context, Stage, Tables, run_stages, stage_named, stage_range, unreadable, warm
from pipeline.store import MANIFEST, Generation, Staging, current, locked, write_file
from pipeline.tables import as_arrow, claims_by_kind, encode_part, finish, parquet_bytes, part_file, read_arrow, \
    row_count, table_path

if TYPE_CHECKING:
    from pipeline.engines import Engine

COUNTED = ("articles", "sentences", "tokens", "entities", "claims")  # the tables a run's summary counts


@dataclass(frozen=True)
class Task:
    """One part to build: its articles' key, those to read from their files and process, the ids
    whose rows are copied from the previous generation, and (for stages run alone) the tables
    the stages read from the previous part."""

    prefix: str
    key: str
    new: tuple[Input, ...] = ()
    reused: frozenset[str] = frozenset()
    current: tuple[Input, ...] = ()  # every article of the part as scanned now (source, checksum)
    reads: tuple[str, ...] = ()
    tables: tuple[str, ...] | None = None  # the tables to write (None: every table the run makes)
    articles: int = 0  # articles the stages run over (for progress)
    chars: int = 0  # about how much text they hold (is the part worth a worker?)


@dataclass(frozen=True)
class Job:
    """What a run does: run `stages` over each task's part and write the tables in `made`;
    keep every other file of the previous generation listed in `keep`."""

    stages: tuple[Stage, ...]
    made: tuple[str, ...]
    tasks: list[Task]
    keep: list[str]
    info: dict
    inputs: list[Input] | None = None  # the scan, stored for the next run


def run(out_dir: Path, ctx: Context, first: str = "ingest", last: str | None = None, full: bool = False,
        jobs: int = 1, wait: bool = False, engine: Engine | None = None) -> dict:
    """Run the stages from `first` to `last` (inclusive) over out_dir and commit what they made
    as the folder's new generation; returns what the run did and what the folder holds.

    A whole run (ingest to the end) is incremental unless `full`: only the parts whose articles
    changed are rebuilt. Stages run alone read the earlier tables from out_dir, part by part.
    With `jobs` > 1 a large run builds its parts in that many worker processes; with an
    `engine` (pipeline.engines: a dask cluster) the engine runs the stages of every part, and
    this process reads and writes the files. The folder is locked for the run (`wait` for
    another run to finish, else an error), and nothing in it changes unless every part is built."""
    stages = stage_range(first, last)
    with locked(out_dir, wait):
        previous = current(out_dir)
        if stages[0].name == "ingest":
            job = _from_inputs(out_dir, ctx, previous, stages, full)
        else:
            job = _from_tables(out_dir, ctx, previous, stages)
        if job is None:
            return _summary(previous, {**previous.info, "stages_run": [],
                                       "run": {"mode": "incremental", "why_full": None, "processed": 0,
                                               "reused": row_count(previous, "articles"), "removed": 0}})
        return _summary(_execute(out_dir, ctx, previous, job, jobs, engine), None)


def _from_inputs(out_dir: Path, ctx: Context, previous: Generation | None, stages: tuple[Stage, ...],
                 full: bool) -> Job | None:
    """A run that starts by reading the inputs: the scan, then the plan; None when it would
    change nothing (the folder already holds exactly these articles, up to date)."""
    complete = stages == STAGES
    scanned_ns = time.time_ns()
    held = earlier_inputs(previous)
    if not complete:
        reason = "stages"
    else:
        reason = "--full" if full else unusable(previous, ctx.config.digest, __version__, ctx.segmenter)
    problems: list[Problem] = []
    inputs = scan(ctx.paths, problems, unchanged_files(previous, held) if not full else None)
    inputs += _kept(ctx, problems, inputs, held if not reason else [])
    the_plan = plan(previous, inputs, reason, {i.article_id: i for i in held})
    if complete and the_plan.changes_nothing and previous is not None:
        return None
    made = tuple(dict.fromkeys(n for stage in stages for n in stage.writes))
    tasks, keep = [], []
    for part in the_plan.parts:
        keep += [part_file(n, part.prefix) for n in made if n in part.keep]
        if len(part.keep) < len(made):
            tasks.append(Task(part.prefix, part.key, tuple(part.new), part.reused, tuple(part.inputs),
                              tables=tuple(n for n in made if n not in part.keep), articles=len(part.new),
                              chars=sum(i.n_chars for i in part.new)))
    keep += _other_tables(previous, made)
    info = _info(ctx, stages, complete, the_plan, scanned_ns)
    return Job(stages[1:], made, tasks, keep, info, inputs)


def _kept(ctx: Context, problems: list[Problem], inputs: list[Input], held: list[Input]) -> list[Input]:
    """Articles the folder holds whose files could not be read now: kept as they were when the
    user says so (--skip-unreadable), else the problems stop the run."""
    scanned = {i.article_id for i in inputs}
    kept = [i for i in held if i.article_id not in scanned and any(_under(i, p) for p in problems)]
    unreadable(ctx, problems, {p: sum(_under(i, p) for i in kept) for p in problems})
    return kept


def _under(item: Input, problem: Problem) -> bool:
    """True when the input is the unreadable path or lies under it (an unlistable folder)."""
    path = shown(problem.path)
    return item.source == path or item.source.startswith(path.rstrip("/") + "/")


def _from_tables(out_dir: Path, ctx: Context, previous: Generation | None, stages: tuple[Stage, ...]) -> Job:
    """Stages run alone over the tables already in the folder: one task per part of `articles`."""
    articles = previous.of_table("articles") if previous is not None else {}
    if not articles:
        raise StageError(f"{table_path(out_dir, 'articles')}: table 'articles' not found; run the earlier stages first")
    reads: list[str] = []
    made: list[str] = []
    for stage in stages:
        reads += [n for n in stage.reads if n not in made and n not in reads]
        made += [n for n in stage.writes if n not in made]
    tasks = []
    for entry in articles.values():
        prefix, key = entry["prefix"], entry["key"]
        for name in reads:
            held = previous.files.get(part_file(name, prefix))
            if held is None and not previous.of_table(name):
                raise StageError(f"{table_path(out_dir, name)}: table '{name}' not found; run the earlier stages first")
            if held is None or held["key"] != key:
                producer = next(s.name for s in STAGES if name in s.writes)
                raise StageError(f"{table_path(out_dir, name)}: holds other articles than "
                                 f"{table_path(out_dir, 'articles')}; run again from '{producer}'")
        tasks.append(Task(prefix, key, reads=tuple(reads), articles=entry["rows"], chars=2 * entry["bytes"]))
    info = {**previous.info, "complete": False, "stages_run": [s.name for s in stages],
            "run": {"mode": "stages", "why_full": None, "processed": row_count(previous, "articles"),
                    "reused": 0, "removed": 0}}
    if "tokens" in made:
        info["segmenter"] = ctx.segmenter  # what made the tokens now
    keep = _other_tables(previous, tuple(made)) + ([INPUTS] if INPUTS in previous.files else [])
    return Job(stages, tuple(made), tasks, keep, info)


def _other_tables(previous: Generation | None, made: tuple[str, ...]) -> list[str]:
    if previous is None:
        return []
    return [rel for rel, e in previous.files.items() if e["table"] in TABLE_NAMES and e["table"] not in made]


def _info(ctx: Context, stages: tuple[Stage, ...], complete: bool, the_plan: Plan, scanned_ns: int) -> dict:
    if not complete:
        mode, why = "stages", None
    elif the_plan.incremental:
        mode, why = "incremental", None
    else:
        mode, why = "full", the_plan.reason
    return {
        "pipeline_version": __version__,
        "config_digest": ctx.config.digest,
        "segmenter": ctx.segmenter,
        "complete": complete,
        "stages_run": [s.name for s in stages],
        "scanned_ns": scanned_ns,
        "run": {"mode": mode, "why_full": why, "processed": the_plan.processed, "reused": the_plan.reused,
                "removed": the_plan.removed},
    }


def _execute(out_dir: Path, ctx: Context, previous: Generation | None, job: Job, jobs: int,
             engine: Engine | None) -> Generation:
    """Build every task's part into a new generation, keep the rest, commit."""
    staging = Staging(out_dir, previous)
    try:
        for rel in job.keep:
            staging.keep(rel)
        if job.inputs is not None:
            staging.write(INPUTS, parquet_bytes(inputs_table(job.inputs)), table="inputs", prefix="", rows=len(job.inputs))
        total, done = sum(t.articles for t in job.tasks), 0
        with closing(_built(out_dir, ctx, previous, staging.path, job, jobs, engine)) as built:
            for task, entries in zip(job.tasks, built):
                for entry in entries:
                    staging.record(entry)
                done += task.articles
                ctx.progress("articles", done, total)
        return staging.commit(job.info, links=[*job.made, *_other_names(previous), MANIFEST])
    except BaseException:
        staging.abort()
        raise


def _other_names(previous: Generation | None) -> list[str]:
    return sorted({e["table"] for e in previous.files.values() if e["table"] in TABLE_NAMES}) if previous else []


def _built(out_dir: Path, ctx: Context, previous: Generation | None, path: Path, job: Job, jobs: int,
           engine: Engine | None) -> Iterator[list[dict]]:
    """Each task's manifest rows, in task order: in this process, in forked workers when the
    work is worth it (they write their parts themselves and hand back only the rows; with fewer
    parts than workers, they run pieces of the parts and this process writes them), or on the
    engine's cluster (which gets each part's tables and gives back the tables it made)."""
    quiet = replace(ctx, progress=lambda stage, done, total: None)
    if engine is not None:
        work = ((read_part(out_dir, previous, task), _stage_names(job, task), task.tables or job.made)
                for task in job.tasks)
        with closing(engine.map(compute_part, quiet, work)) as made:
            for task, tables in zip(job.tasks, made):
                yield write_part(out_dir, previous, path, task, tables)
        return
    chars = sum(t.chars for t in job.tasks)
    if 0 < len(job.tasks) < jobs:  # fewer parts than workers: cut the parts
        pieces = [(i, piece) for i, task in enumerate(job.tasks) for piece in _cut(task, -(-jobs // len(job.tasks)))]
        workers = worker_count(jobs, len(pieces), chars)
        if workers and len(pieces) > len(job.tasks):
            yield from _built_in_pieces(out_dir, quiet, previous, path, job, pieces, workers, lambda: warm(ctx))
            return
    workers = worker_count(jobs, len(job.tasks), chars)
    build = lambda task: build_part(out_dir, quiet, previous, path, job, task)  # noqa: E731
    yield from map_in_workers(build, job.tasks, workers, lambda: warm(ctx)) if workers else map(build, job.tasks)


def _cut(task: Task, pieces: int) -> list[Task]:
    """A part's new articles in `pieces` runs of about equal text, in their order, each a task
    of its own for the stages (a part whose stages read earlier tables stays whole)."""
    if pieces < 2 or task.reads or len(task.new) < 2:
        return [task]
    runs: list[list[Input]] = [[]]
    done, share = 0, task.chars / pieces
    for item in task.new:
        if runs[-1] and done >= share * len(runs) and len(runs) < pieces:
            runs.append([])
        runs[-1].append(item)
        done += item.n_chars
    return [replace(task, new=tuple(run), reused=frozenset(), articles=len(run), chars=sum(i.n_chars for i in run))
            for run in runs]


def _built_in_pieces(out_dir: Path, ctx: Context, previous: Generation | None, path: Path, job: Job,
                     pieces: list[tuple[int, Task]], workers: int,
                     warm_up: Callable[[], None]) -> Iterator[list[dict]]:
    """Fewer parts than workers (a small run is one part): the workers run the stages over
    pieces of the parts, and this process joins each part's pieces and writes it. The tables
    are the same: every stage works article by article, and a part's rows are sorted when written."""
    compute = lambda piece: compute_part(ctx, read_part(out_dir, previous, piece), _stage_names(job, piece),  # noqa: E731
                                         piece.tables or job.made)
    with closing(map_in_workers(compute, [p for _, p in pieces], workers, warm_up)) as made:
        for i, group in groupby(zip(pieces, made), key=lambda pair: pair[0][0]):
            tables: dict[str, list[pa.Table]] = {}
            for _, piece_tables in group:
                for name, parts in piece_tables.items():
                    tables.setdefault(name, []).extend(parts)
            yield write_part(out_dir, previous, path, job.tasks[i], tables)


def build_part(out_dir: Path, ctx: Context, previous: Generation | None, path: Path, job: Job,
               task: Task) -> list[dict]:
    """Build one part: read its new articles (or, for stages alone, its earlier tables), run the
    stages in memory, add the rows copied from the previous generation, and write one file per
    table into the generation at `path`. Returns the files' manifest rows."""
    made = compute_part(ctx, read_part(out_dir, previous, task), _stage_names(job, task), task.tables or job.made)
    return write_part(out_dir, previous, path, task, made)


def _stage_names(job: Job, task: Task) -> tuple[str, ...]:
    """The stages a part goes through: none when all its rows are copied from the previous generation."""
    return tuple(s.name for s in job.stages) if task.new or task.reads else ()


def read_part(out_dir: Path, previous: Generation | None, task: Task) -> Tables:
    """The tables a part's stages start from: its new articles, read from their files, or (for
    stages run alone) its tables in the previous generation."""
    if task.reads:
        return {name: read_arrow(out_dir, name, generation=previous, prefix=task.prefix).to_pylist()
                for name in task.reads}
    return {"articles": [item.read() for item in task.new]}


def compute_part(ctx: Context, tables: Tables, stage_names: tuple[str, ...],
                 names: tuple[str, ...]) -> dict[str, list[pa.Table]]:
    """Run the named stages over a part's tables in memory and give the tables `names`, as
    Arrow: a part's work that touches no file, so an engine can do it on any machine."""
    tables = run_stages(tables, ctx, tuple(stage_named(n) for n in stage_names))
    return {name: as_arrow(name, tables.get(name, [])) for name in names}


def write_part(out_dir: Path, previous: Generation | None, path: Path, task: Task,
               made: dict[str, list[pa.Table]]) -> list[dict]:
    """Write a part's tables into the generation at `path`, with the rows of its reused
    articles copied from the previous generation; the files' manifest rows."""
    entries = []
    for name, parts in made.items():
        if task.reused:
            parts = [*parts, _copied(out_dir, previous, name, task)]
        rel, data, extra = encode_part(name, task.prefix, finish(name, parts), task.key)
        entries.append(write_file(path / rel, data, out_dir / rel, file=rel, **extra))
    return entries


def _copied(out_dir: Path, previous: Generation, name: str, task: Task) -> pa.Table:
    """The previous generation's rows of the task's reused articles; for `articles`, with each
    file's current path, checksum and encoding (the text, and so the id, is the same)."""
    old = read_arrow(out_dir, name, generation=previous, prefix=task.prefix)
    old = old.filter(pc.is_in(old["article_id"], value_set=pa.array(sorted(task.reused), pa.string())))
    if name != "articles":
        return old
    now = {i.article_id: i for i in task.current}
    ids = old["article_id"].to_pylist()
    for column in ("source", "sha256", "encoding"):
        values = pa.array([getattr(now[aid], column) for aid in ids], pa.string())
        old = old.set_column(old.schema.get_field_index(column), column, values)
    return old


def _summary(generation: Generation, info: dict | None) -> dict:
    """What `run` returns: what the run did (the manifest's info) and the rows the folder holds."""
    info = info if info is not None else generation.info
    rows = {n: c for n in COUNTED if (c := row_count(generation, n)) is not None}
    return {**info, "rows": rows, "claims_by_kind": claims_by_kind(generation)}


def held_sources(out_dir: Path) -> list[str]:
    """The sources of the articles an output folder holds ([] for a folder without a run)."""
    generation = current(out_dir)
    if generation is None or not generation.of_table("articles"):
        return []
    return read_arrow(out_dir, "articles", ["source"], generation=generation)["source"].to_pylist()



def describe(out_dir: Path) -> dict:
    """What the folder's current generation holds and what the run that made it did (the
    manifest's metadata, with row counts): `pipeline run` prints this."""
    generation = current(out_dir)
    if generation is None:
        raise StageError(f"{out_dir}/: no run in this folder")
    return _summary(generation, None)
