"""Word segmentation with jieba: our own Tokenizer instance, a user dictionary from configs/."""
from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

import jieba
import pyarrow as pa

from pipeline.normalise import NormText
from pipeline.tables import SCHEMAS

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
           userdict: Path | None) -> pa.Table:
    """Stage helper: the `tokens` table of one article, sentences given as (id, normalised
    start, end) in text order.

    The normalised view is cut whole (jieba splits at every sentence boundary anyway, since
    none is a Han character) and tokens are assigned to the sentence they fall in; offsets are
    mapped back so `text` is always the raw slice. Built as columns: a dict per token costs
    more than jieba."""
    cut = tokenizer(userdict).cut
    text, to_raw = norm.text, norm.to_raw
    sids: list[int] = []
    tids: list[int] = []
    starts: list[int] = []
    ends: list[int] = []
    words: list[str] = []
    spans = iter(sentence_spans)
    sid, _, send = next(spans, (0, 0, len(text)))
    pos = tid = 0
    for word in cut(text):
        ws, pos = pos, pos + len(word)
        if word.isspace():
            continue
        while ws >= send:
            sid, _, send = next(spans, (sid, send, len(text) + 1))
            tid = 0
        rs, re_ = to_raw[ws], to_raw[pos - 1] + 1
        sids.append(sid)
        tids.append(tid)
        starts.append(rs)
        ends.append(re_)
        words.append(raw[rs:re_])
        tid += 1
    return pa.table({"article_id": pa.array([article_id] * len(words), pa.string()),
                     "sentence_id": pa.array(sids, pa.int32()), "token_id": pa.array(tids, pa.int32()),
                     "start": pa.array(starts, pa.int32()), "end": pa.array(ends, pa.int32()),
                     "text": pa.array(words, pa.string())}, schema=SCHEMAS["tokens"])
