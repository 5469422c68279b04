"""Incremental reruns: which articles an output folder already holds up-to-date results for.

An article's results depend only on its text (its id is a hash of the text), the configs and
the pipeline version. So when an earlier complete run in the folder used the same configs and
version, the rows of every article it already processed are reused as they are, and only new
or changed articles go through the stages; articles whose files are gone drop out.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from pipeline.tables import read_arrow, table_path

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Plan:
    """What an incremental run does: the articles to process, the ids whose rows are reused."""

    process: list[dict]
    reuse_ids: frozenset[str]
    removed: int
    incremental: bool  # False: no compatible earlier run, everything is processed
    reason: str = ""  # why a run is not incremental


def previous_manifest(out_dir: Path) -> dict | None:
    """The manifest of the earlier run in out_dir, if there is a readable one."""
    try:
        return json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def plan(out_dir: Path, articles: list[dict], digest: str, version: str, tables: tuple[str, ...]) -> Plan:
    """Split the current articles into those to process and those whose earlier rows stand."""
    prev = previous_manifest(out_dir)
    if prev is None:
        reason = "no earlier run in this folder"
    elif prev.get("complete") is not True or not all(table_path(out_dir, n).exists() for n in tables):
        reason = "the earlier run in this folder did not run every stage"
    elif prev.get("pipeline_version") != version:
        reason = f"the pipeline changed ({prev.get('pipeline_version')} -> {version})"
    elif prev.get("config_digest") != digest:
        reason = "configs/ changed since the earlier run"
    else:
        reason = ""
    if reason:
        return Plan(process=list(articles), reuse_ids=frozenset(), removed=0, incremental=False, reason=reason)
    done = {i["article_id"] for i in prev.get("inputs", [])}
    current = {a["article_id"] for a in articles}
    return Plan(
        process=[a for a in articles if a["article_id"] not in done],
        reuse_ids=frozenset(current & done),
        removed=len(done - current),
        incremental=True,
    )


def reused_rows(out_dir: Path, name: str, ids: frozenset[str]) -> pa.Table:
    """The earlier rows of table `name` that belong to the reused articles."""
    table = read_arrow(out_dir, name)
    return table.filter(pc.is_in(table["article_id"], value_set=pa.array(sorted(ids), pa.string())))
