"""jieba's bundled dictionary as look-up tables (word -> POS tag, word -> frequency).

Entity recognition and attribution ask "is this a word, and what part of speech?" about a few
characters at a time; dictionary look-ups answer that for free, where tagging whole texts with
jieba.posseg would cost about six segmentations.
"""
from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from functools import lru_cache

import jieba

jieba.setLogLevel(logging.WARNING)

LONG_WORD = 5  # characters: words this long are few (2% of the dictionary's)


@lru_cache(maxsize=1)
def dictionary_tokenizer() -> jieba.Tokenizer:
    """A jieba Tokenizer with the bundled dictionary only (no user dictionary), loaded once."""
    tok = jieba.Tokenizer()
    tok.initialize()
    return tok


@lru_cache(maxsize=1)
def lexicon() -> tuple[Mapping[str, str], Mapping[str, int]]:
    """(word -> POS tag, word -> frequency), loaded lazily, once per process.

    The tags are a snapshot of jieba.posseg's word_tag_tab (read from the dictionary file when
    jieba.posseg is imported; posseg.cut is never run) so user dictionaries loaded elsewhere
    later cannot change results; the frequencies come from dictionary_tokenizer()."""
    import jieba.posseg
    return dict(jieba.posseg.dt.word_tag_tab), dictionary_tokenizer().FREQ


def word_ends(words: Iterable[str]) -> frozenset[str]:
    """The last two characters of every word of LONG_WORD or more characters: a longest match read
    backwards from a position with none of these before it need not try a length past LONG_WORD - 1."""
    return frozenset(w[-2:] for w in words if len(w) >= LONG_WORD)


@lru_cache(maxsize=1)
def long_word_ends() -> frozenset[str]:
    """word_ends of the dictionary's words (lexicon()'s), worked out once per process."""
    return word_ends(lexicon()[0])


def cuts_through(text: str, start: int, end: int) -> bool:
    """True when text[start:end] ends inside a word jieba's dictionary would cut there instead
    (联合国|内外 is 联合|国内外). Only a few characters around the end are segmented, and only
    when a dictionary word spans the end at all."""
    if end >= len(text) or not is_word(text[end - 1:end + 1]):
        return False
    lo = max(0, start - 2)
    pos = lo
    for word in dictionary_tokenizer().cut(text[lo:end + 4], HMM=False):
        pos += len(word)
        if pos >= end:
            return pos != end
    return False


def is_word(word: str, min_freq: int = 50) -> bool:
    """True when `word` is a dictionary word at least `min_freq` common (拥有, 链接, 数据)."""
    tags, freq = lexicon()
    return word in tags and freq.get(word, 0) >= min_freq


# The dictionary's tables hold half a million keys: a look-up there misses the processor's caches
# and costs about ten times one in a small table (2.5-4 µs against 0.2 µs in a run), and the words
# of news repeat across articles. tag_of and frequency keep their answers for the process, up to
# KEPT words each (then all are forgotten at once and asked again).
KEPT = 1 << 17
_TAGS: dict[str, str] = {}
_FREQUENCIES: dict[str, int] = {}


def tag_of(word: str) -> str:
    """The word's POS tag in jieba's dictionary ('' when it is no dictionary word)."""
    got = _TAGS.get(word)
    if got is None:
        if len(_TAGS) >= KEPT:
            _TAGS.clear()
        got = _TAGS[word] = lexicon()[0].get(word, "")
    return got


def frequency(word: str) -> int:
    """How common `word` is in jieba's dictionary (0: not in it)."""
    got = _FREQUENCIES.get(word)
    if got is None:
        if len(_FREQUENCIES) >= KEPT:
            _FREQUENCIES.clear()
        got = _FREQUENCIES[word] = lexicon()[1].get(word, 0)
    return got
