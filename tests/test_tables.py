"""The table contract's in-memory steps: records to typed tables, parts to one table in its row order."""
from __future__ import annotations

import random

import pyarrow as pa
import pytest

from pipeline.tables import SORT_KEYS, finish, to_table


def _entity(aid: str | None, start: int | None, end: int) -> dict:
    return {"article_id": aid, "entity_id": f"{aid}{start}", "start": start, "end": end, "surface": "x",
            "label": "org", "canonical": "x"}


def _sorted(name: str, rows: list[dict]) -> list[dict]:
    """What finish must give: Arrow's stable sort of the rows by the table's keys."""
    return to_table(name, rows).sort_by([(k, "ascending") for k in SORT_KEYS[name]]).to_pylist()


@pytest.mark.parametrize("keys", [
    [("a", 1, 2), ("a", 3, 4), ("b", 0, 1)],            # already in order
    [("b", 0, 1), ("a", 3, 4), ("a", 1, 2)],            # reversed
    [("a", 3, 4), ("a", 1, 2), ("a", 1, 3)],            # one article, starts out of order
    [("a", 1, 3), ("a", 1, 2)],                         # same start, ends out of order
    [("a", 1, 2), ("a", 1, 2), ("a", 0, 9)],            # equal keys stay in their order, the rest moves
    [("a", None, 2), ("a", 1, 2)],                      # a null key sorts last
    [("a", None, 2), ("a", 1, 2), ("a", 2, 3)],         # even where the other rows are in order
    [(None, 1, 2), ("a", 1, 2)],
    [("a", 5, 6)],
    [],
])
def test_finish_gives_the_rows_in_the_tables_order(keys: list[tuple]) -> None:
    rows = [_entity(*k) for k in keys]
    for i, row in enumerate(rows):
        row["surface"] = str(i)  # tells equal keys apart
    assert finish("entities", [to_table("entities", rows)]).to_pylist() == _sorted("entities", rows)


@pytest.mark.parametrize("seed", range(5))
def test_finish_sorts_parts_given_in_any_order(seed: int) -> None:
    rng = random.Random(seed)
    rows = [_entity(rng.choice("abc"), rng.randrange(5), rng.randrange(5, 8)) for _ in range(40)]
    cut = sorted(rng.sample(range(1, 40), 3))
    parts = [to_table("entities", rows[a:b]) for a, b in zip([0, *cut], [*cut, 40])]
    assert finish("entities", parts).to_pylist() == _sorted("entities", rows)
    ordered = _sorted("entities", rows)
    assert finish("entities", [to_table("entities", ordered)]).to_pylist() == ordered


def test_to_table_reads_missing_keys_as_null_and_leaves_other_keys_out() -> None:
    table = to_table("sentences", [{"article_id": "a", "sentence_id": 0, "start": 0, "end": 3, "text": "abc",
                                    "extra": 1}, {"article_id": "a", "sentence_id": 1}])
    assert table.schema == pa.schema([("article_id", pa.string()), ("sentence_id", pa.int32()),
                                      ("start", pa.int32()), ("end", pa.int32()), ("text", pa.string())])
    assert table.to_pylist()[1] == {"article_id": "a", "sentence_id": 1, "start": None, "end": None, "text": None}
