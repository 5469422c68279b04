"""Read article files as they are: the raw text every offset in every table points into.

Nothing is skipped without a word: a folder that cannot be listed, a broken or looping
symbolic link and a file that cannot be read as text are each a `Problem` naming the path
and the reason. The caller decides whether problems stop the run (the default) or are
warnings (`--skip-unreadable`).
"""
from __future__ import annotations

import errno
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import InputError, shown

ENCODINGS = ("utf-8", "gb18030")


@dataclass(frozen=True)
class Problem:
    """An input that could not be read: its path (as the user gave or the walk found it) and why."""

    path: Path
    reason: str

    def __str__(self) -> str:
        return f"{shown(self.path)}: {self.reason}"


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "symbolic link loop"
    return exc.strerror or str(exc)


def _walk(folder: str, ancestors: tuple[tuple[int, int], ...], seen: set[tuple[int, int]],
          found: list[str], problems: list[Problem]) -> None:
    """Every `*.txt` file under folder (symbolic links followed, hidden names left out). Paths
    stay strings here: a folder of a million files is walked without a Path object each."""
    try:
        st = os.stat(folder)
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        problems.append(Problem(Path(folder), f"cannot list folder ({_reason(exc)})"))
        return
    here = (st.st_dev, st.st_ino)
    if here in ancestors:
        problems.append(Problem(Path(folder), "symbolic link loop (leads back to a folder that holds it)"))
        return
    if here in seen:
        return  # the same folder reached by a second path: its files are already listed
    seen.add(here)
    for entry in entries:
        if entry.name.startswith("."):
            continue  # hidden files and folders, such as macOS `._` files and .git
        try:
            is_dir = entry.is_dir()
            is_file = not is_dir and entry.is_file()
            if entry.is_symlink() and not (is_dir or is_file):
                os.stat(entry.path)  # raises for a broken or looping link
        except OSError as exc:
            reason = "broken symbolic link" if exc.errno == errno.ENOENT else _reason(exc)
            problems.append(Problem(Path(entry.path), reason))
            continue
        if is_dir:
            _walk(entry.path, ancestors + (here,), seen, found, problems)
        elif is_file and entry.name.lower().endswith(".txt"):
            found.append(entry.path)


def input_files(paths: list[Path], problems: list[Problem] | None = None) -> list[str]:
    """Expand files and folders into a sorted list of `*.txt` files, as path strings (folders
    recursively; any case of the suffix; hidden files and folders left out).

    Inputs that cannot be listed are appended to `problems`; without that list, the first one
    raises InputError. A path that does not exist, and a folder without a single *.txt file,
    always raise."""
    found: set[str] = set()
    collected: list[Problem] = [] if problems is None else problems
    for path in paths:
        if not os.path.lexists(path):
            raise InputError(f"{shown(path)}: no such file or folder")
        if path.is_dir():
            files: list[str] = []
            before = len(collected)
            _walk(str(path), (), set(), files, collected)
            if not files and len(collected) == before:
                raise InputError(f"{shown(path)}: folder holds no *.txt files")
            found.update(files)
        elif path.is_file():
            found.add(str(path))
        else:
            try:
                os.stat(path)
                collected.append(Problem(path, "not a file or folder"))
            except OSError as exc:
                collected.append(Problem(path, "broken symbolic link" if exc.errno == errno.ENOENT else _reason(exc)))
        if problems is None and collected:
            raise InputError(str(collected[0]))
    return sorted(found)


def find_inputs(paths: list[Path], problems: list[Problem] | None = None) -> list[Path]:
    """input_files as Paths."""
    return [Path(p) for p in input_files(paths, problems)]


def read_text(path: Path) -> tuple[str, str, bytes]:
    """Decode UTF-8 (a BOM stripped), UTF-16 with a BOM, else GB18030; line endings kept
    exactly (CRLF stays). Returns the text, the encoding and the bytes read."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{shown(path)}: cannot read ({_reason(exc)})") from exc
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16"), "utf-16", data
        except UnicodeDecodeError as exc:
            raise InputError(f"{shown(path)}: not decodable as UTF-16 despite its byte-order mark") from exc
    if b"\x00" in data:
        raise InputError(f"{shown(path)}: binary file (NUL bytes), not text")
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if text.startswith("\ufeff"):
            text = text[1:]
        return text, encoding, data
    raise InputError(f"{shown(path)}: not decodable as UTF-8 or GB18030")


def article_id(text: str) -> str:
    """Stable id from the content alone, so an article keeps its id when its file moves."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def title_of(text: str) -> str:
    """The first non-empty line (any line end: LF, CRLF or a lone CR)."""
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


def read_article(path: Path) -> dict:
    """One `articles` record: the file's text exactly as read; InputError when it is not text."""
    text, encoding, data = read_text(path)
    if not text.strip():
        raise InputError(f"{shown(path)}: file is empty")
    return article_record(text, shown(path), encoding, data)


@dataclass(frozen=True)
class Input:
    """An input file as the first pass of a run sees it: its article's id and size, not its text
    (a run holds one of these per article, and reads the text again only to process it)."""

    path: str  # as Python names it (surrogate escapes for bytes that are not UTF-8)
    source: str
    article_id: str
    sha256: str
    n_chars: int
    encoding: str
    size: int
    mtime_ns: int
    ino: int

    def read(self) -> dict:
        """The article record, read again; InputError when the file changed since the scan."""
        record = read_article(Path(self.path))
        if record["sha256"] != self.sha256:
            raise InputError(f"{self.source}: changed while this run was reading it; run again")
        return record


def scan(paths: list[Path], problems: list[Problem], known: dict[str, Input] | None = None) -> list[Input]:
    """The first pass: every input's article id, size and checksum, one Input per article (the
    same article in two files is kept once, from the first path); unreadable inputs go to
    `problems`. A file whose size, mtime and inode match its entry in `known` (an earlier
    run's scan, by path) is not read again."""
    found: list[Input] = []
    seen: set[str] = set()
    known = known or {}
    for path in input_files(paths, problems):
        try:
            st = os.stat(path)
        except OSError as exc:
            problems.append(Problem(Path(path), _reason(exc)))
            continue
        entry = known.get(path)
        if entry is None or (entry.size, entry.mtime_ns, entry.ino) != (st.st_size, st.st_mtime_ns, st.st_ino):
            try:
                record = read_article(Path(path))
            except InputError as exc:
                problems.append(Problem(Path(path), str(exc).removeprefix(f"{shown(path)}: ")))
                continue
            entry = Input(path, record["source"], record["article_id"], record["sha256"], record["n_chars"],
                          record["encoding"], st.st_size, st.st_mtime_ns, st.st_ino)
        if entry.article_id not in seen:
            seen.add(entry.article_id)
            found.append(entry)
    return found


def ingest(paths: list[Path], problems: list[Problem] | None = None) -> list[dict]:
    """Stage: one `articles` record per input file, text exactly as read (the same article in
    two files is kept once, from the first path). Unreadable inputs go to `problems` when
    given, else the first one raises InputError."""
    records = []
    seen: set[str] = set()
    for path in find_inputs(paths, problems):
        try:
            record = read_article(path)
        except InputError as exc:
            if problems is None:
                raise
            problems.append(Problem(path, str(exc).removeprefix(f"{shown(path)}: ")))
            continue
        if record["article_id"] not in seen:
            seen.add(record["article_id"])
            records.append(record)
    return records


def article_record(text: str, source: str, encoding: str, data: bytes) -> dict:
    """One `articles` record: the text as read, its id, title and the digest of its bytes
    (shared by files read here and texts given to the Python API)."""
    return {
        "article_id": article_id(text),
        "source": source,
        "title": title_of(text),
        "text": text,
        "n_chars": len(text),
        "encoding": encoding,
        "sha256": hashlib.sha256(data).hexdigest(),
    }
