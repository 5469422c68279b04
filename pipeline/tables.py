"""The table contract: one Arrow schema per table, deterministic Parquet bytes, and the one
place that knows where a table lives in an output folder (see pipeline.store)."""
from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Collection
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.errors import StageError
from pipeline.store import MANIFEST, Generation, Staging, current, locked

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

SORT_KEYS: dict[str, list[str]] = {
    "articles": ["article_id"],
    "normalised": ["article_id"],
    "sentences": ["article_id", "sentence_id"],
    "tokens": ["article_id", "sentence_id", "token_id"],
    "entities": ["article_id", "start", "end"],
    "claims": ["article_id", "start", "end"],
}


def to_table(name: str, records: list[dict]) -> pa.Table:
    """Records to a typed table (row order not yet fixed: `finish` does that)."""
    schema = SCHEMAS[name]
    columns = {field.name: [row.get(field.name) for row in records] for field in schema}
    return pa.table(columns, schema=schema)


def finish(name: str, parts: list[pa.Table]) -> pa.Table:
    """One table from its parts in the table's deterministic row order, whatever the parts."""
    table = pa.concat_tables(parts) if parts else SCHEMAS[name].empty_table()
    return table.sort_by([(k, "ascending") for k in SORT_KEYS[name]]).combine_chunks()


def table_file(name: str) -> str:
    """Where table `name` lives inside a generation (and, through `current`, in the folder)."""
    return f"{name}.parquet"


def table_path(out_dir: Path, name: str) -> Path:
    """The path a notebook opens for table `name` in an output folder."""
    return out_dir / table_file(name)


def parquet_bytes(table: pa.Table) -> bytes:
    """A table as Parquet bytes: zstd, deterministic (the same table gives the same bytes)."""
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="zstd", write_statistics=False)
    return sink.getvalue().to_pybytes()


def read_arrow(out_dir: Path, name: str, columns: list[str] | None = None,
               article_ids: Collection[str] | None = None, generation: Generation | None = None) -> pa.Table:
    """A table an earlier run wrote to out_dir, optionally only some columns and only the rows
    of some articles, checked against the manifest of the folder's current generation (or of
    `generation`); a clear one-line error when it is missing, damaged or unreadable. Every
    reader of output tables goes through here."""
    gen = generation if generation is not None else current(out_dir)
    rel = table_file(name)
    if gen is None or rel not in gen.files:
        raise StageError(f"{table_path(out_dir, name)}: table '{name}' not found; run the earlier stages first")
    if article_ids is not None and not article_ids:
        return SCHEMAS[name].empty_table().select(columns or SCHEMAS[name].names)
    data = gen.read(rel)
    try:
        where = [("article_id", "in", sorted(article_ids))] if article_ids is not None else None
        return pq.read_table(pa.BufferReader(data), columns=columns, filters=where, schema=SCHEMAS[name])
    except (OSError, pa.ArrowException, KeyError) as exc:
        raise StageError(f"{table_path(out_dir, name)}: not a readable '{name}' table "
                         f"({str(exc).splitlines()[0]})") from exc


def read_frame(out_dir: Path, name: str, columns: list[str] | None = None,
               article_ids: Collection[str] | None = None) -> pd.DataFrame:
    """A table an earlier run wrote, as a pandas DataFrame (see read_arrow)."""
    return read_arrow(out_dir, name, columns, article_ids).to_pandas()


def read_table(out_dir: Path, name: str, generation: Generation | None = None) -> list[dict]:
    """Records of a table an earlier run wrote."""
    return read_arrow(out_dir, name, generation=generation).to_pylist()


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


def write_tables(out_dir: Path, tables: dict[str, pa.Table], manifest: dict,
                 previous: Generation | None) -> Generation:
    """Commit a new generation holding `tables` and every other table of `previous` unchanged.
    The caller holds the folder's lock (pipeline.store.locked)."""
    staging = Staging(out_dir, previous)
    try:
        for name, table in tables.items():
            staging.write(table_file(name), parquet_bytes(table), rows=table.num_rows)
        for rel in previous.files if previous is not None else ():
            if rel not in staging.files:
                staging.keep(rel)
        return staging.commit(manifest, links=[*staging.files, MANIFEST])
    except BaseException:
        staging.abort()
        raise


def write_table(out_dir: Path, name: str, table: pa.Table) -> None:
    """Commit a new generation of out_dir in which table `name` is `table` and every other table
    is kept: for tools and tests that make tables in memory. Takes the folder's lock."""
    with locked(out_dir):
        previous = current(out_dir)
        write_tables(out_dir, {name: table}, previous.manifest if previous is not None else {}, previous)


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
