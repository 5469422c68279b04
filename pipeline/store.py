"""The output folder as a series of generations, each made visible by one atomic rename.

    OUT/.lock                              held (flock) by the run writing the folder
    OUT/.generations/000007/claims/part-3a.parquet   one complete generation: every table's
    OUT/.generations/000007/manifest.parquet         parts, and the manifest listing them
    OUT/current -> .generations/000007
    OUT/claims  -> current/claims          what notebooks open (made once, never rewritten)

A run writes a new generation beside the current one (parts it does not change are hard
links to the current generation's), with the manifest listing every file's size and sha256,
flushes it to disk, and then replaces the `current` symbolic link by rename(2): one atomic
step. A run that fails or is killed before that step leaves the folder as it was (its
half-written generation is removed by the next run); after it, the new generation is whole.
Readers resolve `current` once and trust a file only when its checksum matches the manifest.
The manifest is a small table (one row per file), and what the run did is in its metadata.
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import FolderInUse, StageError

LOCK = ".lock"
GENERATIONS = ".generations"
CURRENT = "current"
MANIFEST = "manifest.parquet"
OLD_MANIFEST = "manifest.json"  # earlier layouts: one file per table, with manifest.json beside them
MANIFEST_SCHEMA = pa.schema([
    ("file", pa.string()), ("table", pa.string()), ("prefix", pa.string()), ("rows", pa.int64()),
    ("bytes", pa.int64()), ("sha256", pa.string()), ("mtime_ns", pa.int64()), ("key", pa.string()),
    ("kinds", pa.string()),
])
INFO_KEY = b"pipeline.run"  # the manifest's metadata: what the run did, as JSON


def _cannot_write(path: Path, exc: OSError) -> StageError:
    return StageError(f"{path}: cannot write ({exc.strerror or exc})")


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def locked(out_dir: Path, wait: bool = False) -> Iterator[None]:
    """Hold the folder's lock (an OS file lock, released by the kernel if the process dies).

    Another run holding it is an error naming its process, unless `wait`. A folder this run
    creates is removed again when the run fails before writing anything into it."""
    created = not out_dir.exists()
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _cannot_write(out_dir, exc) from exc
    if not out_dir.is_dir():
        raise StageError(f"{out_dir}: not a folder")
    path = out_dir / LOCK
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CREAT, 0o666)  # never written: the lock is all it is for
    except OSError as exc:
        raise _cannot_write(out_dir, exc) from exc
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if not wait:
                raise FolderInUse(f"{out_dir}/ is in use by process {_holder(fd)} (another run); "
                                  "wait for it to finish, or pass --wait") from None
            fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            yield
        except BaseException:
            if created and not current_path(out_dir):
                shutil.rmtree(out_dir / GENERATIONS, ignore_errors=True)
                path.unlink(missing_ok=True)
                try:
                    out_dir.rmdir()
                except OSError:
                    pass
            raise
    finally:
        os.close(fd)


def _holder(fd: int) -> str:
    """The process holding the lock on fd's file, as the kernel lists it in /proc/locks."""
    st = os.fstat(fd)
    inode = f"{os.major(st.st_dev):02x}:{os.minor(st.st_dev):02x}:{st.st_ino}"
    try:
        for line in Path("/proc/locks").read_text().splitlines():
            fields = line.split()
            if len(fields) > 5 and fields[1] == "FLOCK" and fields[5] == inode and fields[4].isdigit():
                return fields[4]
    except OSError:
        pass
    return "unknown"


def current_path(out_dir: Path) -> Path | None:
    """The current generation's folder, or None when the folder holds no committed run."""
    link = out_dir / CURRENT
    if not link.is_symlink():
        return None
    return out_dir / os.readlink(link)


def check_layout(out_dir: Path) -> None:
    """A folder written by an earlier version of the pipeline is named, never misread."""
    now = current_path(out_dir)
    if now is None:
        old = (out_dir / OLD_MANIFEST).is_file() and not (out_dir / OLD_MANIFEST).is_symlink()
    else:
        old = (now / OLD_MANIFEST).is_file() and not (now / MANIFEST).exists()
    if old:
        raise StageError(f"{out_dir}/ holds tables in an older layout (one file per table, manifest.json); "
                         "run into a new --out folder, or move the old one away")


@dataclass(frozen=True)
class Generation:
    """A committed generation: its folder, its files (path inside it -> size, sha256, table,
    prefix, rows ...) and what the run that made it did (`info`)."""

    path: Path
    files: dict[str, dict]
    info: dict

    @property
    def out_dir(self) -> Path:
        return self.path.parent.parent

    def read(self, rel: str) -> bytes:
        """A file's bytes, after checking them against the manifest."""
        shown = self.out_dir / rel
        entry = self.files.get(rel)
        if entry is None:
            raise StageError(f"{shown}: not in this run's manifest")
        try:
            data = (self.path / rel).read_bytes()
        except OSError as exc:
            raise StageError(f"{shown}: cannot read ({exc.strerror or exc})") from exc
        if len(data) != entry["bytes"] or hashlib.sha256(data).hexdigest() != entry["sha256"]:
            raise StageError(f"{shown}: damaged (it does not match the checksum in the manifest); "
                             f"`pipeline run PATHS --out {self.out_dir}` rebuilds it")
        return data

    def check(self, rel: str) -> None:
        """Raise StageError unless the file is whole: its size and modification time are those the
        manifest recorded with its checksum (nothing wrote it since), else its sha256 matches."""
        try:
            st = os.stat(self.path / rel)
        except OSError as exc:
            raise StageError(f"{self.out_dir / rel}: cannot read ({exc.strerror or exc})") from exc
        entry = self.files.get(rel, {})
        if (st.st_size, st.st_mtime_ns) != (entry.get("bytes"), entry.get("mtime_ns")):
            self.read(rel)

    def of_table(self, table: str) -> dict[str, dict]:
        """The files of one table: path -> entry, in part order."""
        return {rel: e for rel, e in self.files.items() if e["table"] == table}


def read_parquet(data: bytes, schema: pa.Schema | None = None,
                 filters: list[tuple[str, str, list]] | None = None) -> pa.Table:
    """A Parquet file's bytes as a table (as `schema`, with only its columns, only the rows that
    pass `filters` of the form (column, "in", values)), read in this thread alone.

    Not through pyarrow.dataset: a dataset scan starts Arrow's thread pools, which can abort
    the process as it exits (apache/arrow#34314, #39862), and the files a run reads are small
    parts that threads would not speed up."""
    names = schema.names if schema is not None else None
    needed = list(dict.fromkeys([*names, *(f[0] for f in filters or ())])) if names is not None else None
    table = pq.ParquetFile(pa.BufferReader(data), pre_buffer=False).read(columns=needed, use_threads=False)
    for column, op, values in filters or ():
        if op != "in":
            raise ValueError(f"filter {op!r} not supported")
        table = table.filter(pc.is_in(table[column], value_set=pa.array(values, table.schema.field(column).type)))
    if names is not None:
        table = table.select(names)
    return table.cast(schema) if schema is not None else table


def current(out_dir: Path) -> Generation | None:
    """The folder's committed generation, or None when there is none (a new folder, or only the
    leftovers of a run that never committed). A manifest that cannot be read is an error."""
    check_layout(out_dir)
    path = current_path(out_dir)
    if path is None:
        return None
    try:
        table = read_parquet((path / MANIFEST).read_bytes())
        info = json.loads(table.schema.metadata[INFO_KEY])
        table = table.select(MANIFEST_SCHEMA.names)
    except (OSError, ValueError, KeyError, pa.ArrowException) as exc:
        raise StageError(f"{out_dir / MANIFEST}: damaged or missing ({str(exc).splitlines()[0]}); "
                         f"`pipeline run PATHS --out {out_dir} --full` rebuilds the folder") from exc
    return Generation(path, {row["file"]: row for row in table.to_pylist()}, info)


def write_file(path: Path, data: bytes, shown: Path, **extra) -> dict:
    """Write a new file, flush it to disk, and give its manifest row (`extra`: its table, prefix,
    rows ...); a failure is a one-line StageError naming `shown`."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "xb") as fh:  # always a new file: never write through a link into an older generation
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
            mtime = os.fstat(fh.fileno()).st_mtime_ns
    except OSError as exc:
        raise _cannot_write(shown, exc) from exc
    return {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest(), "mtime_ns": mtime, **extra}


class Staging:
    """A generation being written: invisible until `commit`, removed by `abort`."""

    def __init__(self, out_dir: Path, previous: Generation | None) -> None:
        self.out_dir = out_dir
        self.previous = previous
        root = out_dir / GENERATIONS
        number = int(previous.path.name) + 1 if previous is not None else 1
        self.path = root / f"{number:06d}"
        self.files: dict[str, dict] = {}
        self.committed = False
        try:
            remove_stale(out_dir)
            self.path.mkdir(parents=True)
        except OSError as exc:
            raise _cannot_write(root, exc) from exc

    def write(self, rel: str, data: bytes, **extra) -> dict:
        """Add a file with the given bytes; its manifest row (also returned, for a worker to hand
        to the parent's `record`)."""
        entry = write_file(self.path / rel, data, self.out_dir / rel, file=rel, **extra)
        self.files[rel] = entry
        return entry

    def record(self, entry: dict) -> None:
        """Note a file another process wrote into this generation."""
        self.files[entry["file"]] = entry

    def keep(self, rel: str) -> None:
        """Carry a file of the previous generation over unchanged (a hard link where the file
        system allows one, else a copy), after checking it is whole."""
        assert self.previous is not None
        self.previous.check(rel)
        source, target = self.previous.path / rel, self.path / rel
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(source, target)
            except OSError:
                shutil.copyfile(source, target)
            mtime = os.stat(target).st_mtime_ns
        except OSError as exc:
            raise _cannot_write(self.out_dir / rel, exc) from exc
        self.files[rel] = {**self.previous.files[rel], "mtime_ns": mtime}

    def commit(self, info: dict, links: list[str]) -> Generation:
        """Write the manifest, flush everything, and make this generation current in one rename.
        Then make sure OUT/<name> links exist for `links`, and remove older generations."""
        rows = [{name: entry.get(name) for name in MANIFEST_SCHEMA.names} for _, entry in sorted(self.files.items())]
        metadata = {INFO_KEY: json.dumps(info, ensure_ascii=False, sort_keys=True).encode("utf-8")}
        table = pa.Table.from_pylist(rows, schema=MANIFEST_SCHEMA.with_metadata(metadata))
        sink = pa.BufferOutputStream()
        pq.write_table(table, sink, compression="zstd")
        write_file(self.path / MANIFEST, sink.getvalue().to_pybytes(), self.out_dir / MANIFEST)  # its row is not kept
        pointer = self.out_dir / f".{CURRENT}.new"
        try:
            for folder in sorted({self.path, *((self.path / rel).parent for rel in self.files)}):
                _fsync(folder)
            pointer.unlink(missing_ok=True)
            os.symlink(os.path.relpath(self.path, self.out_dir), pointer)
            os.replace(pointer, self.out_dir / CURRENT)  # the commit
            self.committed = True
        except OSError as exc:
            try:
                pointer.unlink(missing_ok=True)
            except OSError:
                pass
            raise _cannot_write(self.out_dir, exc) from exc
        try:
            _fsync(self.out_dir)
            for name in links:
                link = self.out_dir / name
                if not link.is_symlink() and not link.exists():
                    os.symlink(os.path.join(CURRENT, name), link)
        except OSError:
            pass  # the generation is committed; links are made again by the next run
        remove_stale(self.out_dir)
        return Generation(self.path, {e["file"]: e for e in rows}, info)

    def abort(self) -> None:
        """Remove the generation being written, unless it was committed (an interruption right
        after the commit must not take the folder's current tables with it)."""
        if not self.committed:
            shutil.rmtree(self.path, ignore_errors=True)


def remove_stale(out_dir: Path) -> None:
    """Remove what no committed generation needs: older generations, the half-written ones of
    runs that failed or were killed, and temporary files earlier versions left behind.
    Best effort: what cannot be removed now is removed by a later run."""
    keep = current_path(out_dir)
    root = out_dir / GENERATIONS
    if root.is_dir():
        for entry in root.iterdir():
            if keep is None or entry.name != keep.name:
                shutil.rmtree(entry, ignore_errors=True)
    for entry in [*out_dir.glob(".*.tmp"), out_dir / f".{CURRENT}.new"]:
        try:
            entry.unlink(missing_ok=True)
        except OSError:
            pass
