"""Word segmentation with jieba: our own Tokenizer instance, a user dictionary from configs/."""
from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

import jieba

from pipeline.normalise import NormText

jieba.setLogLevel(logging.WARNING)


@lru_cache(maxsize=4)
def tokenizer(userdict: Path | None) -> jieba.Tokenizer:
    """A jieba Tokenizer of our own (the global one is left alone), loaded once per dictionary."""
    tok = jieba.Tokenizer()
    tok.initialize()
    if userdict is not None:
        tok.load_userdict(str(userdict))
    return tok


def tokens(article_id: str, raw: str, norm: NormText, sentence_spans: list[tuple[int, int, int]],
           userdict: Path | None) -> list[dict]:
    """Stage helper: `tokens` records; each sentence (id, normalised start, end) is cut alone.

    Cutting the normalised view keeps numbers and wrapped words whole; offsets are mapped
    back so `text` is always the raw slice."""
    tok = tokenizer(userdict)
    text = norm.text
    records = []
    for sid, s, e in sentence_spans:
        tid = 0
        for word, ws, we in tok.tokenize(text[s:e]):
            if word.isspace():
                continue
            rs, re_ = norm.raw_span(s + ws, s + we)
            records.append({"article_id": article_id, "sentence_id": sid, "token_id": tid,
                            "start": rs, "end": re_, "text": raw[rs:re_]})
            tid += 1
    return records
