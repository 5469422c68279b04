"""Incremental reruns: which parts of an output folder a run can keep, and what it must rebuild.

An article's results depend only on its text (its id is a hash of the text), the configs, the
pipeline version and the segmenter. So when the folder's current generation was made with the
same configs, version and segmenter, and its files match their checksums, a part whose articles are exactly the same
is kept as it is (a hard link), and a part that gained, lost or changed articles is rebuilt:
its new articles go through the stages, the rows of the others are copied from the parts that
held them. A damaged generation is never reused: everything is processed again, a repair.

Parts follow from the set of articles (pipeline.partition), so the result is the same as a
full run's, byte for byte, and the cost follows the number of articles changed.
"""
from __future__ import annotations

import os
from dataclasses import dataclass

import pyarrow as pa

from pipeline.errors import StageError
from pipeline.ingest import Input
from pipeline.partition import key, leaves
from pipeline.store import Generation, read_parquet
from pipeline.tables import SCHEMAS, part_file

INPUTS = "inputs.parquet"  # a generation's scan of its inputs: the next run's checklist
INPUTS_SCHEMA = pa.schema([
    ("path", pa.binary()), ("source", pa.string()), ("article_id", pa.string()), ("sha256", pa.string()),
    ("n_chars", pa.int64()), ("encoding", pa.string()), ("size", pa.int64()), ("mtime_ns", pa.int64()),
    ("ino", pa.int64()),
])
RACY_NS = 2_000_000_000  # a file changed this close to the scan that saw it is read again, whatever its mtime


@dataclass(frozen=True)
class Part:
    """One part of the new generation: its articles, and what the run does about them."""

    prefix: str
    inputs: list[Input]
    new: list[Input]  # to read and run through the stages
    reused: frozenset[str]  # ids whose rows are copied from the previous generation
    keep: frozenset[str]  # tables whose previous part is kept as it is

    @property
    def key(self) -> str:
        return key(i.article_id for i in self.inputs)


@dataclass(frozen=True)
class Plan:
    parts: list[Part]
    incremental: bool  # False: no compatible earlier run, everything is processed
    reason: str  # why a run is not incremental
    removed: int

    @property
    def processed(self) -> int:
        return sum(len(p.new) for p in self.parts)

    @property
    def reused(self) -> int:
        return sum(len(p.inputs) - len(p.new) for p in self.parts)

    @property
    def changes_nothing(self) -> bool:
        return self.incremental and not self.removed and all(len(p.keep) == len(TABLE_NAMES) for p in self.parts)


TABLE_NAMES = tuple(SCHEMAS)  # every table a whole run writes


def unusable(previous: Generation | None, digest: str, version: str, segmenter: str) -> str:
    """Why the previous generation's rows cannot be reused, or "" when they can: it was made by
    another pipeline version, other configs or another segmenter (a folder that names none was
    segmented by jieba, the only one then), or it is damaged."""
    if previous is None:
        return "no earlier run in this folder"
    info = previous.info
    if info.get("complete") is not True or not all(previous.of_table(n) for n in TABLE_NAMES) or INPUTS not in previous.files:
        return "the earlier run in this folder did not run every stage"
    if info.get("pipeline_version") != version:
        return f"the pipeline changed ({info.get('pipeline_version')} -> {version})"
    if info.get("config_digest") != digest:
        return "configs/ changed since the earlier run"
    if info.get("segmenter", "jieba") != segmenter:
        return f"the segmenter changed ({info.get('segmenter', 'jieba')} -> {segmenter})"
    for rel in previous.files:
        try:
            previous.check(rel)
        except StageError:
            return f"the earlier tables are damaged ({rel} does not match its checksum), so they are rebuilt"
    return ""


def earlier_inputs(previous: Generation | None) -> list[Input]:
    """The previous run's scan of its inputs (one per article it holds); [] when there is none."""
    if previous is None or INPUTS not in previous.files:
        return []
    try:
        table = read_parquet(previous.read(INPUTS), schema=INPUTS_SCHEMA)
    except (StageError, OSError, pa.ArrowException):
        return []
    columns = [table[name].to_pylist() for name in INPUTS_SCHEMA.names]
    columns[0] = [os.fsdecode(raw) for raw in columns[0]]
    return [Input(*row) for row in zip(*columns)]


def unchanged_files(previous: Generation | None, inputs: list[Input]) -> dict[str, Input]:
    """Of the previous scan, the entries the next scan may trust without reading the file again
    (by path): all but those changed too close to that scan (a file written twice in the same
    instant keeps its mtime)."""
    trusted = previous.info.get("scanned_ns", 0) - RACY_NS if previous is not None else 0
    return {i.path: i for i in inputs if i.mtime_ns < trusted}


def inputs_table(inputs: list[Input]) -> pa.Table:
    ordered = sorted(inputs, key=lambda i: i.article_id)
    columns = {name: [getattr(i, name) for i in ordered] for name in INPUTS_SCHEMA.names}
    columns["path"] = [os.fsencode(p) for p in columns["path"]]
    return pa.table(columns, schema=INPUTS_SCHEMA)


def plan(previous: Generation | None, inputs: list[Input], reason: str, held: dict[str, Input]) -> Plan:
    """The parts of the new generation and, for each, what is kept, copied or processed.

    `reason` says why nothing can be reused ("" when the previous generation is usable);
    `held` is the previous run's inputs by article id."""
    parts = leaves(inputs)
    if reason:
        return Plan([Part(p, group, list(group), frozenset(), frozenset()) for p, group in parts.items()],
                    incremental=False, reason=reason, removed=0)
    out = []
    for prefix, group in parts.items():
        ids = key(i.article_id for i in group)
        same = all(previous.files.get(part_file(n, prefix), {}).get("key") == ids for n in TABLE_NAMES)
        keep = frozenset(n for n in TABLE_NAMES if same and (n != "articles" or all(
            (held[i.article_id].source, held[i.article_id].sha256, held[i.article_id].encoding)
            == (i.source, i.sha256, i.encoding) for i in group)))
        reused = frozenset(i.article_id for i in group if i.article_id in held)
        out.append(Part(prefix, group, [i for i in group if i.article_id not in held], reused, keep))
    current = {i.article_id for i in inputs}
    return Plan(out, incremental=True, reason="", removed=sum(1 for aid in held if aid not in current))
