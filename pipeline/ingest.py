"""Read article files as they are: the raw text every offset in every table points into."""
from __future__ import annotations

import hashlib
from pathlib import Path

from pipeline.errors import InputError

ENCODINGS = ("utf-8", "gb18030")


def find_inputs(paths: list[Path]) -> list[Path]:
    """Expand files and folders into a sorted list of `*.txt` files (folders recursively; any
    case of the suffix; hidden files and folders, such as macOS `._` files, left out)."""
    found: set[Path] = set()
    for path in paths:
        if not path.exists():
            raise InputError(f"{path}: no such file or folder")
        if path.is_dir():
            files = [p for p in path.rglob("*") if p.suffix.lower() == ".txt" and p.is_file()
                     and not any(part.startswith(".") for part in p.relative_to(path).parts)]
            if not files:
                raise InputError(f"{path}: folder holds no *.txt files")
            found.update(files)
        else:
            found.add(path)
    return sorted(found, key=lambda p: p.as_posix())


def read_text(path: Path) -> tuple[str, str, bytes]:
    """Decode UTF-8 (a BOM stripped), UTF-16 with a BOM, else GB18030; line endings kept
    exactly (CRLF stays). Returns the text, the encoding and the bytes read."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16"), "utf-16", data
        except UnicodeDecodeError as exc:
            raise InputError(f"{path}: not decodable as UTF-16 despite its byte-order mark") from exc
    if b"\x00" in data:
        raise InputError(f"{path}: binary file (NUL bytes), not text")
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if text.startswith("\ufeff"):
            text = text[1:]
        return text, encoding, data
    raise InputError(f"{path}: not decodable as UTF-8 or GB18030")


def article_id(text: str) -> str:
    """Stable id from the content alone, so an article keeps its id when its file moves."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def ingest(paths: list[Path]) -> list[dict]:
    """Stage: one `articles` record per input file, text exactly as read."""
    records = []
    seen: dict[str, Path] = {}
    for path in find_inputs(paths):
        text, encoding, data = read_text(path)
        if not text.strip():
            raise InputError(f"{path}: file is empty")
        aid = article_id(text)
        if aid in seen:
            continue  # the same article twice (a copy in another folder): keep the first
        seen[aid] = path
        records.append(article_record(text, str(path), encoding, data))
    return records


def article_record(text: str, source: str, encoding: str, data: bytes) -> dict:
    """One `articles` record: the text as read, its id, title and the digest of its bytes
    (shared by files read here and texts given to the Python API)."""
    return {
        "article_id": article_id(text),
        "source": source,
        "title": next((line.strip() for line in text.splitlines() if line.strip()), ""),
        "text": text,
        "n_chars": len(text),
        "encoding": encoding,
        "sha256": hashlib.sha256(data).hexdigest(),
    }
