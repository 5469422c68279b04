"""The Python API: `extract` runs the pipeline's stages on texts held in memory.

It gives the same tables a `pipeline run` writes (the same stages, configs and row order), as
pandas DataFrames, and writes no file: for a notebook, a test or a service that has a text
rather than a folder of files.
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from pipeline.config import DEFAULT_DIR, load_config
from pipeline.errors import InputError
from pipeline.ingest import article_record
from pipeline.stages import Context, process

TABLES = ("articles", "sentences", "tokens", "entities", "claims")


def _articles(texts: str | Iterable[str]) -> list[dict]:
    """`articles` records for the texts; each text's `source` is `text[i]`, its place in the
    input. A leading BOM is removed, as when a file is read; a repeated text is kept once."""
    if isinstance(texts, str):
        texts = [texts]
    elif isinstance(texts, (bytes, bytearray)) or not isinstance(texts, Iterable):
        raise InputError(f"extract() takes a str or a list of str, not {type(texts).__name__}")
    records: dict[str, dict] = {}
    for i, text in enumerate(texts):
        name = f"text[{i}]"
        if not isinstance(text, str):
            hint = " (decode it first)" if isinstance(text, (bytes, bytearray)) else ""
            raise InputError(f"{name}: not a str but {type(text).__name__}{hint}")
        text = text.removeprefix("\ufeff")
        if not text.strip():
            raise InputError(f"{name}: empty text")
        if "\x00" in text:
            raise InputError(f"{name}: holds NUL characters, not text")
        record = article_record(text, name, "utf-8", text.encode("utf-8"))
        records.setdefault(record["article_id"], record)
    if not records:
        raise InputError("extract() was given no texts")
    return list(records.values())


def extract(texts: str | Iterable[str], configs: str | Path = DEFAULT_DIR) -> dict[str, pd.DataFrame]:
    """Extract the numeric claims of one text or several.

    Returns the tables `pipeline run` writes, by name (`articles`, `sentences`, `tokens`,
    `entities`, `claims`), with the same columns and row order. Raises InputError for a text
    that is not a non-empty str, ConfigError for invalid rules in `configs`.

    Example: `extract("青岛市前11个月出口3425.9亿元。")["claims"][["surface", "kind", "value"]]`
    """
    articles = _articles(texts)
    tables = process(articles, Context(config=load_config(Path(configs))))
    return {name: tables[name].to_pandas() for name in TABLES}
