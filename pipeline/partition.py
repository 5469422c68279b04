"""Which part of each table an article's rows live in.

Article ids are hex digests, so they spread evenly over hex prefixes. The parts are the
leaves of a prefix tree: a prefix whose articles hold more than PART_CHARS characters is
split into its 16 longer prefixes, recursively; the rest are parts (`part-3a.parquet` holds
the articles whose id starts with 3a; `part-all.parquet` all of them, for a small corpus).

The parts follow from the set of articles alone, never from the history of the folder, so an
incremental run and a full run cut the same parts and write the same bytes. A change of k
articles touches at most k parts (a few more when a part splits or merges), whatever the size
of the corpus; part names sort as their article ids do.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Protocol

PART_CHARS = 1_000_000  # at most this much text per part, unless one article alone is longer


class Sized(Protocol):
    article_id: str
    n_chars: int


def leaves(items: Iterable[Sized], limit: int | None = None) -> dict[str, list]:
    """The parts for these articles: prefix -> the articles whose id starts with it, in id order
    (at most `limit` characters each, PART_CHARS by default)."""
    limit = PART_CHARS if limit is None else limit
    ordered = sorted(items, key=lambda a: a.article_id)
    found: dict[str, list] = {}

    def split(prefix: str, group: list) -> None:
        depth = len(prefix)
        if sum(a.n_chars for a in group) <= limit or len(group) <= 1 or any(len(a.article_id) <= depth for a in group):
            found[prefix] = group
            return
        for ch in sorted({a.article_id[depth] for a in group}):  # hex digits for the pipeline's own ids
            split(prefix + ch, [a for a in group if a.article_id[depth] == ch])

    if ordered:
        split("", ordered)
    return found


def part_name(prefix: str) -> str:
    return f"part-{prefix or 'all'}.parquet"


def prefix_of(name: str) -> str:
    """The prefix a part file holds (part_name reversed)."""
    stem = name.removeprefix("part-").removesuffix(".parquet")
    return "" if stem == "all" else stem


def overlaps(a: str, b: str) -> bool:
    """True when parts of prefixes a and b can hold the same article."""
    return a.startswith(b) or b.startswith(a)


def key(values: Iterable[str]) -> str:
    """A digest of a part's contents: the sorted ids (or id records) of its articles."""
    h = hashlib.sha256()
    for value in sorted(values):
        h.update(value.encode("utf-8", "surrogatepass") + b"\n")
    return h.hexdigest()
