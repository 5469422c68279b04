"""Read article files as they are: the raw text every offset in every table points into."""
from __future__ import annotations

import hashlib
from pathlib import Path

from pipeline.errors import InputError

ENCODINGS = ("utf-8", "gb18030")


def find_inputs(paths: list[Path]) -> list[Path]:
    """Expand files and folders into a sorted list of `*.txt` files (folders recursively)."""
    found: set[Path] = set()
    for path in paths:
        if not path.exists():
            raise InputError(f"{path}: no such file or folder")
        if path.is_dir():
            files = [p for p in path.rglob("*.txt") if p.is_file()]
            if not files:
                raise InputError(f"{path}: folder holds no *.txt files")
            found.update(files)
        else:
            found.add(path)
    return sorted(found, key=lambda p: p.as_posix())


def read_text(path: Path) -> tuple[str, str]:
    """Decode UTF-8 (a BOM stripped), else GB18030; line endings kept exactly (CRLF stays)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    if b"\x00" in data:
        raise InputError(f"{path}: binary file (NUL bytes), not text")
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if text.startswith("\ufeff"):
            text = text[1:]
        return text, encoding
    raise InputError(f"{path}: not decodable as UTF-8 or GB18030")


def article_id(text: str) -> str:
    """Stable id from the content alone, so an article keeps its id when its file moves."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def ingest(paths: list[Path]) -> list[dict]:
    """Stage: one `articles` record per input file, text exactly as read."""
    records = []
    seen: dict[str, Path] = {}
    for path in find_inputs(paths):
        text, encoding = read_text(path)
        if not text.strip():
            raise InputError(f"{path}: file is empty")
        aid = article_id(text)
        if aid in seen:
            continue  # the same article twice (a copy in another folder): keep the first
        seen[aid] = path
        title = next((line.strip() for line in text.splitlines() if line.strip()), "")
        records.append(
            {
                "article_id": aid,
                "source": str(path),
                "title": title,
                "text": text,
                "n_chars": len(text),
                "encoding": encoding,
                "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
            }
        )
    return records
