"""The table contract: one Arrow schema per table, deterministic Parquet bytes, and the one
place that knows where a table lives in an output folder: a folder of parts per table
(pipeline.partition says which articles each part holds; pipeline.store, which generation)."""
from __future__ import annotations

import json
import os
import tempfile
from collections import Counter
from collections.abc import Callable, Collection, Iterator
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pipeline.errors import StageError
from pipeline.partition import key, leaves, overlaps, part_name
from pipeline.store import MANIFEST, Generation, Staging, current, locked, read_parquet

SCHEMAS: dict[str, pa.Schema] = {
    "articles": pa.schema([
        ("article_id", pa.string()), ("source", pa.string()), ("title", pa.string()),
        ("text", pa.string()), ("n_chars", pa.int32()), ("encoding", pa.string()), ("sha256", pa.string()),
    ]),
    "normalised": pa.schema([
        ("article_id", pa.string()), ("text", pa.string()), ("to_raw", pa.list_(pa.int32())),
    ]),
    "sentences": pa.schema([
        ("article_id", pa.string()), ("sentence_id", pa.int32()), ("start", pa.int32()),
        ("end", pa.int32()), ("text", pa.string()),
    ]),
    "tokens": pa.schema([
        ("article_id", pa.string()), ("sentence_id", pa.int32()), ("token_id", pa.int32()),
        ("start", pa.int32()), ("end", pa.int32()), ("text", pa.string()),
    ]),
    "tags": pa.schema([
        ("article_id", pa.string()), ("sentence_id", pa.int32()), ("start", pa.int32()), ("end", pa.int32()),
        ("text", pa.string()), ("tag", pa.string()),
    ]),
    "entities": pa.schema([
        ("article_id", pa.string()), ("entity_id", pa.string()), ("start", pa.int32()), ("end", pa.int32()),
        ("surface", pa.string()), ("label", pa.string()), ("canonical", pa.string()),
    ]),
    "claims": pa.schema([
        ("claim_id", pa.string()), ("article_id", pa.string()), ("sentence_id", pa.int32()),
        ("start", pa.int32()), ("end", pa.int32()), ("surface", pa.string()), ("kind", pa.string()),
        ("value", pa.float64()), ("value_high", pa.float64()), ("unit", pa.string()),
        ("qualifier", pa.string()), ("subject", pa.string()), ("subject_entity_id", pa.string()),
        ("metric", pa.string()), ("period", pa.string()), ("period_year", pa.int32()),
        ("change", pa.string()), ("is_target", pa.bool_()), ("pattern_id", pa.string()),
    ]),
}

ROW_GROUP = 65_536  # rows per row group: readers skip groups by their article_id statistics
SORT_KEYS: dict[str, list[str]] = {
    "articles": ["article_id"],
    "normalised": ["article_id"],
    "sentences": ["article_id", "sentence_id"],
    "tokens": ["article_id", "sentence_id", "token_id"],
    "tags": ["article_id", "start", "end"],
    "entities": ["article_id", "start", "end"],
    "claims": ["article_id", "start", "end"],
}


def to_table(name: str, records: list[dict]) -> pa.Table:
    """Records to a typed table (row order not yet fixed: `finish` does that). Arrow reads the
    dicts itself, as one struct array of the table's schema (a key a record lacks is null, a key
    the schema lacks is left out): about three times as fast as a Python list per column."""
    return pa.Table.from_struct_array(pa.array(records, type=pa.struct(SCHEMAS[name])))


def finish(name: str, parts: list[pa.Table]) -> pa.Table:
    """One table from its parts in the table's deterministic row order, whatever the parts.
    Parts the stages made usually come in that order already: then the sort is skipped."""
    table = (pa.concat_tables(parts) if parts else SCHEMAS[name].empty_table()).combine_chunks()
    if _in_order(table, SORT_KEYS[name]):
        return table
    return table.sort_by([(k, "ascending") for k in SORT_KEYS[name]]).combine_chunks()


def _in_order(table: pa.Table, keys: list[str]) -> bool:
    """True when every row's keys are at most the next row's (compared key by key, as the sort
    does; a null anywhere says no), so the stable sort would leave the rows where they are."""
    n = table.num_rows
    if n < 2:
        return True
    ordered = None
    for k in reversed(keys):
        a, b = table[k].slice(0, n - 1), table[k].slice(1)
        ordered = pc.less_equal(a, b) if ordered is None else pc.or_(pc.less(a, b), pc.and_(pc.equal(a, b), ordered))
    return pc.all(ordered, skip_nulls=False).as_py() is True


def as_arrow(name: str, made: list) -> list[pa.Table]:
    """A stage's output as Arrow tables: it may give records or, for big tables, Arrow tables."""
    if made and isinstance(made[0], pa.Table):
        return list(made)
    return [to_table(name, made)]


def records(made: list) -> list[dict]:
    """A stage's output as records, whether it gave records or Arrow tables."""
    if made and isinstance(made[0], pa.Table):
        return [row for table in made for row in table.to_pylist()]
    return made


def table_path(out_dir: Path, name: str) -> Path:
    """The folder a notebook opens for table `name` in an output folder (a link through `current`)."""
    return out_dir / name


def part_file(name: str, prefix: str) -> str:
    """Where the part of table `name` holding the articles whose id starts with `prefix` lives
    inside a generation."""
    return f"{name}/{part_name(prefix)}"


def parquet_bytes(table: pa.Table) -> bytes:
    """A table as Parquet bytes: zstd, row groups with statistics on article_id (so readers can
    skip to an article), deterministic (the same table gives the same bytes)."""
    sink = pa.BufferOutputStream()
    stats = ["article_id"] if "article_id" in table.schema.names else False
    pq.write_table(table, sink, compression="zstd", write_statistics=stats, row_group_size=ROW_GROUP)
    return sink.getvalue().to_pybytes()


def encode_part(name: str, prefix: str, table: pa.Table, key: str) -> tuple[str, bytes, dict]:
    """A finished part of table `name`: where it goes, its bytes, and what the manifest says of it
    (rows, the key of the articles it was made from, claims by kind)."""
    kinds = None
    if name == "claims":
        kinds = json.dumps(dict(sorted(Counter(table["kind"].to_pylist()).items())), ensure_ascii=False)
    return part_file(name, prefix), parquet_bytes(table), {"table": name, "prefix": prefix, "rows": table.num_rows,
                                                         "key": key, "kinds": kinds}


def _schema(name: str, columns: list[str] | None) -> pa.Schema:
    return SCHEMAS[name] if columns is None else pa.schema([SCHEMAS[name].field(c) for c in columns])


def read_parts(out_dir: Path, name: str, columns: list[str] | None = None,
               article_ids: Collection[str] | None = None, *, generation: Generation | None = None,
               prefix: str | None = None) -> Iterator[tuple[str, pa.Table]]:
    """Each part of a table an earlier run wrote, as (prefix, table): optionally only some
    columns, only the rows of some articles (parts that cannot hold them are not opened), only
    the parts that can hold articles starting with `prefix`. Each part is checked against the
    manifest of the folder's current generation (or of `generation`); a clear one-line error
    when the table is missing, damaged or unreadable. Every reader of output tables goes
    through here."""
    gen = generation if generation is not None else current(out_dir)
    files = gen.of_table(name) if gen is not None else {}
    if not files:
        raise StageError(f"{table_path(out_dir, name)}: table '{name}' not found; run the earlier stages first")
    schema = _schema(name, columns)
    wanted = sorted(article_ids) if article_ids is not None else None
    for rel, entry in sorted(files.items()):
        if prefix is not None and not overlaps(prefix, entry["prefix"]):
            continue
        if wanted is not None and not any(aid.startswith(entry["prefix"]) for aid in wanted):
            continue
        data = gen.read(rel)
        try:
            where = [("article_id", "in", wanted)] if wanted is not None else None
            yield entry["prefix"], read_parquet(data, schema=schema, filters=where)
        except (OSError, pa.ArrowException, KeyError) as exc:
            raise StageError(f"{out_dir / rel}: not a readable '{name}' table ({str(exc).splitlines()[0]})") from exc


def read_arrow(out_dir: Path, name: str, columns: list[str] | None = None,
               article_ids: Collection[str] | None = None, *, generation: Generation | None = None,
               prefix: str | None = None) -> pa.Table:
    """A table (or some of it: see read_parts) as one Arrow table."""
    parts = [t for _, t in read_parts(out_dir, name, columns, article_ids, generation=generation, prefix=prefix)]
    return pa.concat_tables(parts) if parts else _schema(name, columns).empty_table()


def read_frame(out_dir: Path, name: str, columns: list[str] | None = None,
               article_ids: Collection[str] | None = None) -> pd.DataFrame:
    """A table an earlier run wrote, as a pandas DataFrame (see read_parts)."""
    return read_arrow(out_dir, name, columns, article_ids).to_pandas()


def read_table(out_dir: Path, name: str, columns: list[str] | None = None, *,
               generation: Generation | None = None) -> list[dict]:
    """Records of a table an earlier run wrote (see read_parts)."""
    return read_arrow(out_dir, name, columns, generation=generation).to_pylist()


def row_count(generation: Generation, name: str) -> int | None:
    """Rows in a table of a generation, from its manifest; None when it has no such table."""
    files = generation.of_table(name)
    return sum(e["rows"] for e in files.values()) if files else None


def claims_by_kind(generation: Generation) -> dict[str, int] | None:
    files = generation.of_table("claims")
    if not files:
        return None
    counts: Counter = Counter()
    for entry in files.values():
        counts.update(json.loads(entry["kinds"] or "{}"))
    return dict(sorted(counts.items()))


def _write_atomically(path: Path, write: Callable[[str], None]) -> None:
    """Write a file's new content beside it under a temporary name (readable as any new file
    is, umask applied), then move it into place. Any failure is a one-line StageError."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        os.close(fd)
    except OSError as exc:
        raise StageError(f"{path}: cannot write ({exc.strerror or exc})") from exc
    try:
        write(tmp)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600 files; outputs are for everyone who may read the folder
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise StageError(f"{path}: cannot write ({exc.strerror or exc})") from exc
        raise


def write_table(out_dir: Path, name: str, table: pa.Table) -> None:
    """Commit a new generation of out_dir in which table `name` is `table`, cut into parts (by its
    own articles for `articles`, else by the parts of the articles already there), every other
    table kept: for tools and tests that make tables in memory. Takes the folder's lock."""
    with locked(out_dir):
        previous = current(out_dir)
        if name == "articles":
            ids = table.select(["article_id", "n_chars"]).to_pylist()
            parts = {p: key(a.article_id for a in group) for p, group in leaves(SimpleNamespace(**r) for r in ids).items()}
        else:
            held = previous.of_table("articles") if previous is not None else {}
            if not held:
                raise StageError(f"{table_path(out_dir, 'articles')}: table 'articles' not found; write it first")
            parts = {e["prefix"]: e["key"] for e in held.values()}
        staging = Staging(out_dir, previous)
        try:
            for prefix, part_key in parts.items():
                rows = table.filter(pc.starts_with(table["article_id"], prefix)) if prefix else table
                rel, data, extra = encode_part(name, prefix, finish(name, [rows]), part_key)
                staging.write(rel, data, **extra)
            kept = [rel for rel, e in (previous.files.items() if previous is not None else ()) if e["table"] != name]
            for rel in kept:
                staging.keep(rel)
            tables = {name} | {previous.files[rel]["table"] for rel in kept if previous.files[rel]["table"] in SCHEMAS}
            staging.commit(previous.info if previous is not None else {}, links=[*sorted(tables), MANIFEST])
        except BaseException:
            staging.abort()
            raise


def write_parquet_file(path: Path, table: pa.Table) -> Path:
    """Write a single Parquet file (not an output folder's table) atomically: a temporary file
    beside it, then os.replace."""
    data = parquet_bytes(table)
    _write_atomically(path, lambda tmp: Path(tmp).write_bytes(data))
    return path


def write_text(path: Path, text: str) -> None:
    """Write a text file atomically."""
    _write_atomically(path, lambda tmp: Path(tmp).write_text(text, encoding="utf-8"))


def write_json(path: Path, data: dict) -> None:
    """Write a JSON file atomically, keys sorted, so reruns give identical bytes."""
    write_text(path, json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n")
