"""The table contract: one Arrow schema per table, and atomic, deterministic Parquet I/O."""
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


def table_path(out_dir: Path, name: str) -> Path:
    return out_dir / f"{name}.parquet"


def _staged(path: Path, write: Callable[[str], None]) -> str:
    """Write a file's new content beside it under a temporary name (readable as any new file
    is, umask applied); the caller moves it into place. Any failure is a one-line StageError."""
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
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise StageError(f"{path}: cannot write ({exc.strerror or exc})") from exc
        raise
    return tmp


def _commit(staged: dict[Path, str]) -> None:
    try:
        for path, tmp in staged.items():
            os.replace(tmp, path)
    except OSError as exc:
        for tmp in staged.values():
            Path(tmp).unlink(missing_ok=True)
        raise StageError(f"{exc.filename}: cannot write ({exc.strerror or exc})") from exc


def write_tables(out_dir: Path, tables: dict[str, pa.Table]) -> None:
    """Write a run's tables: every file staged first, then all moved into place, so a failure
    while writing leaves the earlier tables as they were."""
    if out_dir.exists() and not out_dir.is_dir():
        raise StageError(f"{out_dir}: not a folder")
    staged = {}
    try:
        for name, table in tables.items():
            path = table_path(out_dir, name)
            staged[path] = _staged(path, lambda tmp, t=table: _write_parquet(t, tmp))
    except BaseException:
        for tmp in staged.values():
            Path(tmp).unlink(missing_ok=True)
        raise
    _commit(staged)


def write_table(out_dir: Path, name: str, table: pa.Table) -> Path:
    """Write one pipeline table into out_dir, atomically."""
    return write_parquet_file(table_path(out_dir, name), table)


def _write_parquet(table: pa.Table, target: str) -> None:
    pq.write_table(table, target, compression="zstd", write_statistics=False)


def write_parquet_file(path: Path, table: pa.Table) -> Path:
    """Write a Parquet file atomically: a temporary file beside it, then os.replace."""
    _commit({path: _staged(path, lambda tmp: _write_parquet(table, tmp))})
    return path


def read_arrow(out_dir: Path, name: str, columns: list[str] | None = None,
               article_ids: Collection[str] | None = None) -> pa.Table:
    """A table an earlier stage wrote, optionally only some columns and only the rows of some
    articles (read with a filter, so a big table is not loaded whole); a clear error when it
    is not there or not readable."""
    path = table_path(out_dir, name)
    if not path.exists():
        raise StageError(f"{path}: table '{name}' not found; run the earlier stages first")
    try:
        if article_ids is not None and not article_ids:
            return SCHEMAS[name].empty_table().select(columns or SCHEMAS[name].names)
        where = [("article_id", "in", sorted(article_ids))] if article_ids is not None else None
        return pq.read_table(path, columns=columns, filters=where, schema=SCHEMAS[name])
    except (OSError, pa.ArrowException, KeyError) as exc:
        raise StageError(f"{path}: not a readable '{name}' table ({str(exc).splitlines()[0]})") from exc


def read_frame(out_dir: Path, name: str, columns: list[str] | None = None,
               article_ids: Collection[str] | None = None) -> pd.DataFrame:
    """A table an earlier stage wrote, as a pandas DataFrame (see read_arrow)."""
    return read_arrow(out_dir, name, columns, article_ids).to_pandas()


def read_table(out_dir: Path, name: str) -> list[dict]:
    """Records of a table an earlier stage wrote."""
    return read_arrow(out_dir, name).to_pylist()


def row_count(out_dir: Path, name: str) -> int:
    """Rows in a written table, from its footer alone."""
    return pq.read_metadata(table_path(out_dir, name)).num_rows


def write_text(path: Path, text: str) -> None:
    """Write a text file atomically."""
    def write(tmp: str) -> None:
        Path(tmp).write_text(text, encoding="utf-8")

    _commit({path: _staged(path, write)})


def write_json(path: Path, data: dict) -> None:
    """Write a JSON file atomically, keys sorted, so reruns give identical bytes."""
    write_text(path, json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n")
