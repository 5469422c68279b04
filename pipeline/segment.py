"""Word segmentation: the segmenters the tokens stage can use, and the `tokens` table they make.

Two segmenters give the same tokens: `rjieba` (the default: jieba-rs, about twelve times
faster, kept to jieba's tokens by pipeline.fastseg) and `jieba` itself. Both load the user
dictionary from configs/. The stages that cut a few characters at a time (claims' counted
nouns, attribution) use `tokenizer`, a jieba Tokenizer whose cut also runs on jieba-rs with the
same words, whatever the segmenter: their output is the same, byte for byte, only faster.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from functools import lru_cache, partial
from itertools import compress
from pathlib import Path

import jieba
import numpy as np
import pyarrow as pa

from pipeline.errors import StageError
from pipeline.fastseg import FastCut
from pipeline.normalise import NormText
from pipeline.tables import SCHEMAS

jieba.setLogLevel(logging.WARNING)

SEGMENTERS = ("rjieba", "jieba")
DEFAULT_SEGMENTER = "rjieba"


class _Tokenizer(jieba.Tokenizer):
    """A jieba Tokenizer whose `cut` on a text, with or without HMM, runs on jieba-rs
    (pipeline.fastseg), giving jieba's words; full mode and bytes are left to jieba, and so is
    everything once a word is added to its dictionary (jieba-rs would still have the old one)."""

    fast: FastCut | None = None

    def cut(self, sentence: str | bytes, cut_all: bool = False, HMM: bool = True,  # noqa: N803 (jieba's names)
            use_paddle: bool = False) -> Iterator[str]:
        if self.fast is None or cut_all or use_paddle or not isinstance(sentence, str):
            return super().cut(sentence, cut_all, HMM, use_paddle)
        return iter(self.fast.cut(sentence, HMM))

    def add_word(self, word: str, freq: int | None = None, tag: str | None = None) -> None:
        self.fast = None
        super().add_word(word, freq, tag)


@lru_cache(maxsize=4)
def tokenizer(userdict: Path | None) -> jieba.Tokenizer:
    """A jieba Tokenizer of our own (the global one is left alone), loaded once per dictionary.
    Its `cut` runs on jieba-rs and gives jieba's words (`jieba_cut` is jieba's own)."""
    tok = _Tokenizer()
    tok.initialize()
    if userdict is not None:
        tok.load_userdict(str(userdict))
    tok.fast = FastCut(tok)
    return tok


def jieba_cut(tok: jieba.Tokenizer, text: str) -> list[str]:
    """jieba's own cut of `text` (with HMM), whatever the Tokenizer's class."""
    return list(jieba.Tokenizer.cut(tok, text))


@lru_cache(maxsize=4)
def cutter(segmenter: str, userdict: Path | None) -> Callable[[str], list[str]]:
    """The cut function of a segmenter (one of SEGMENTERS), with the user dictionary: text to
    words, whitespace included, in jieba's conventions. Loaded once per process."""
    if segmenter == "jieba":
        return partial(jieba_cut, tokenizer(userdict))
    if segmenter == "rjieba":
        return tokenizer(userdict).fast.cut
    raise StageError(f"no segmenter '{segmenter}'; the segmenters are {', '.join(SEGMENTERS)}")


def tokens(article_id: str, raw: str, norm: NormText, sentence_spans: list[tuple[int, int, int]],
           cut: Callable[[str], list[str]]) -> pa.Table:
    """Stage helper: the `tokens` table of one article, sentences given as (id, normalised
    start, end) in text order.

    The normalised view is cut whole (jieba splits at every sentence boundary anyway, since
    none is a Han character); whitespace tokens are dropped, and each token goes to the first
    sentence that ends after it starts (the last one, past the end of every sentence). Offsets
    are mapped back so `text` is always the raw slice. Built as arrays: Python work per token
    would cost more than the fast segmenter."""
    text = norm.text
    words = cut(text)
    lengths = np.fromiter(map(len, words), np.int64, len(words))
    kept = ~np.fromiter(map(str.isspace, words), np.bool_, len(words))
    ends = np.cumsum(lengths)
    starts, ends = (ends - lengths)[kept], ends[kept]
    to_raw = norm.offsets
    raw_starts, raw_ends = to_raw[starts], to_raw[ends - 1] + 1
    if sentence_spans:
        sids = np.array([sid for sid, _, _ in sentence_spans], np.int32)
        sentence_ends = np.array([end for _, _, end in sentence_spans], np.int64)
        in_sentence = np.minimum(np.searchsorted(sentence_ends, starts, side="right"), len(sids) - 1)
    else:
        sids, in_sentence = np.zeros(1, np.int32), np.zeros(len(starts), np.int64)
    positions = np.arange(len(starts))
    first = np.ones(len(starts), np.bool_)
    first[1:] = in_sentence[1:] != in_sentence[:-1]
    token_ids = positions - np.maximum.accumulate(np.where(first, positions, 0))
    texts = list(compress(words, kept.tolist()))
    for i in np.flatnonzero(~_same_in_raw(text, raw, to_raw, starts, ends)).tolist():
        texts[i] = raw[raw_starts[i]:raw_ends[i]]
    return pa.table({"article_id": pa.repeat(pa.scalar(article_id, pa.string()), len(texts)),
                     "sentence_id": sids[in_sentence], "token_id": token_ids.astype(np.int32),
                     "start": raw_starts.astype(np.int32), "end": raw_ends.astype(np.int32),
                     "text": pa.array(texts, pa.string())}, schema=SCHEMAS["tokens"])


def _same_in_raw(text: str, raw: str, to_raw: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """For each span [start, end) of the normalised `text`, whether the raw text holds exactly
    the same characters at the raw span it maps to (so the word cut from the view is the raw
    slice): true for all but the few tokens normalisation touched (full-width forms,
    traditional characters, joined spaces)."""
    view = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), np.uint32)
    held = np.frombuffer(raw.encode("utf-32-le", "surrogatepass"), np.uint32)[to_raw[:-1]]
    changed = np.concatenate(([0], np.cumsum(view != held)))
    return (changed[ends] == changed[starts]) & (to_raw[ends - 1] + 1 - to_raw[starts] == ends - starts)
