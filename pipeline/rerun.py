"""Incremental reruns: which articles an output folder already holds up-to-date results for.

An article's results depend only on its text (its id is a hash of the text), the configs and
the pipeline version. So when the folder's current generation was made by a complete run with
the same configs and version, and every one of its files matches its checksum, the rows of
every article it already processed are reused as they are, and only new or changed articles
go through the stages; articles whose files are gone drop out. A damaged generation is never
reused: everything is processed again, which repairs it.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from pipeline.errors import StageError
from pipeline.store import Generation
from pipeline.tables import read_arrow, table_file


@dataclass(frozen=True)
class Plan:
    """What an incremental run does: the articles to process, the ids whose rows are reused."""

    process: list[dict]
    reuse_ids: frozenset[str]
    removed: int
    incremental: bool  # False: no compatible earlier run, everything is processed
    reason: str = ""  # why a run is not incremental


def _unusable(previous: Generation | None, digest: str, version: str, tables: tuple[str, ...]) -> str:
    """Why the previous generation cannot be reused, or "" when it can."""
    if previous is None:
        return "no earlier run in this folder"
    prev = previous.manifest
    if prev.get("complete") is not True or not all(table_file(n) in previous.files for n in tables):
        return "the earlier run in this folder did not run every stage"
    if prev.get("pipeline_version") != version:
        return f"the pipeline changed ({prev.get('pipeline_version')} -> {version})"
    if prev.get("config_digest") != digest:
        return "configs/ changed since the earlier run"
    try:
        for rel in previous.files:
            previous.check(rel)
    except StageError as exc:
        return f"the earlier tables are damaged ({exc}), so they are rebuilt"
    return ""


def plan(previous: Generation | None, articles: list[dict], digest: str, version: str,
         tables: tuple[str, ...]) -> Plan:
    """Split the current articles into those to process and those whose earlier rows stand."""
    reason = _unusable(previous, digest, version, tables)
    if reason:
        return Plan(process=list(articles), reuse_ids=frozenset(), removed=0, incremental=False, reason=reason)
    done = {i["article_id"] for i in previous.manifest.get("inputs", [])}
    current = {a["article_id"] for a in articles}
    return Plan(
        process=[a for a in articles if a["article_id"] not in done],
        reuse_ids=frozenset(current & done),
        removed=len(done - current),
        incremental=True,
    )


def reused_rows(out_dir: Path, previous: Generation, name: str, ids: frozenset[str]) -> pa.Table:
    """The earlier rows of table `name` that belong to the reused articles."""
    table = read_arrow(out_dir, name, generation=previous)
    return table.filter(pc.is_in(table["article_id"], value_set=pa.array(sorted(ids), pa.string())))
