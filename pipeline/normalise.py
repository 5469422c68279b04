"""A matching view of the raw text, with an offset map back into it.

Every pattern in the pipeline runs over this view, never over the raw text, so that
full-width digits, traditional characters (萬, 億, 兩, 點 …), the line breaks that column
layouts put inside numbers and unit words, and the spaces that PDF and OCR text puts between
numerals (三 十 个 百 分 点) do not matter; every span it finds is mapped back, so offsets always
point into the raw text exactly as read.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property, lru_cache

import numpy as np

from pipeline.script import to_simplified

_FULLWIDTH_KEPT = {"，"}  # the Chinese comma stays: it separates clauses far more often than thousands
_WS = " \t\r\n\u3000\xa0"
SENTENCE_ENDERS = "。！？!?；;"  # end a sentence (pipeline.sentences splits on them)
CLOSERS = "”’」』)）\"'"  # belong to the sentence they close
_TERMINAL = SENTENCE_ENDERS + "：:…"  # a line ending in one of these is not wrapped
_ASCII_DIGITS = "0123456789"
_CN_DIGITS = "〇零一二两三四五六七八九十"
_CN_UPPER = "壹贰叁肆伍陆柒捌玖拾佰仟"  # financial (大写) numerals
_SCALES = "十百千万亿"
_CN_NUMERALS = set(_CN_DIGITS + _CN_UPPER + _SCALES)
_APPROX = "多余"
_WRAP_MIN_LINE = 12  # a line at least this long that ends mid-sentence is a column wrap, not a heading …
_WRAP_RATIO = 1.5  # … unless the next line is this many times as wide (a body under its headline)


@dataclass(frozen=True)
class NormText:
    """Normalised text plus `to_raw`: to_raw[i] is the raw offset of text[i] (one extra end entry)."""

    text: str
    to_raw: tuple[int, ...]

    @cached_property
    def offsets(self) -> np.ndarray:
        """to_raw as an int64 array, made once: the tokens, tags and normalised tables all map
        their offsets through it."""
        offsets = np.fromiter(self.to_raw, np.int64, len(self.to_raw))
        offsets.flags.writeable = False  # shared by every reader
        return offsets

    def norm_pos(self, raw_pos: int) -> int:
        """The normalised offset of raw offset `raw_pos` (of the next kept character when the
        raw one was dropped as layout whitespace)."""
        return bisect_left(self.to_raw, raw_pos, 0, len(self.to_raw) - 1)

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Raw [start, end) of the normalised span [start, end)."""
        if end <= start:
            return self.to_raw[start], self.to_raw[start]
        return self.to_raw[start], self.to_raw[end - 1] + 1


def fold_char(ch: str) -> str:
    """Full-width ASCII forms and the ideographic space to their ASCII counterparts."""
    code = ord(ch)
    if 0xFF01 <= code <= 0xFF5E and ch not in _FULLWIDTH_KEPT:
        return chr(code - 0xFEE0)
    if ch == "\u3000":
        return " "
    return ch


_FOLD = {chr(c): fold_char(chr(c)) for c in [*range(0xFF01, 0xFF5F), 0x3000] if fold_char(chr(c)) != chr(c)}
_FULLWIDTH = re.compile("[" + "".join(map(re.escape, _FOLD)) + "]")  # a sub over the few hits beats str.translate
_GAP = re.compile(r"[ \t\r\n\u3000\xa0]+")
_NUMERIC = set(_ASCII_DIGITS + _APPROX + _SCALES + _CN_DIGITS + _CN_UPPER)
_AHEAD = 12  # characters after a gap read (spaces removed) to see whether a unit word goes on there


class _Joiner:
    """Decides, at each whitespace gap, whether layout put it inside a number, unit or line."""

    def __init__(self, joinable_words: Iterable[str]) -> None:
        words = {w for w in joinable_words if w}
        self.heads = {w[0] for w in words}
        self.splits: dict[str, list[tuple[str, str]]] = {}  # char after the gap -> (head, rest)
        for w in sorted((w for w in words if len(w) >= 2), key=len, reverse=True):
            for cut in range(1, len(w)):
                self.splits.setdefault(w[cut], []).append((w[:cut], w[cut:]))

    def joins(self, tail: str, line_len: int, gap: str, view: str, j: int) -> bool:
        """`view` is the folded, simplified text (same offsets as the raw text)."""
        prev, nxt = tail[-1], view[j]
        breaks = gap.count("\n")
        if prev in _NUMERIC and (nxt in _SCALES or nxt in _APPROX or nxt == "%" or nxt in self.heads and breaks < 2):
            return True  # (a blank line before a measure word ends the figure: …达1342万\n\n本报北京电)
        if breaks == 0 and _spaced_numeral(tail, nxt):
            return True
        # digits broken by layout join (the line wrapped inside 12\n345), digits between
        # spaces do not: 分别为120 150亿元 is two numbers, not one
        if breaks == 1 and prev in _ASCII_DIGITS and nxt in _ASCII_DIGITS:
            return True
        if breaks <= 1 and prev in _ASCII_DIGITS and nxt == ".":
            return True
        if breaks <= 1 and prev == "." and tail[-2:-1] in tuple(_ASCII_DIGITS) and nxt in _ASCII_DIGITS:
            return True
        ahead = view[j:j + _AHEAD]
        if breaks == 0:
            ahead = _GAP.sub("", ahead)  # 个 百 分 点: the unit word goes on after more spaces
        for head, rest in self.splits.get(nxt, ()):
            if tail.endswith(head) and len(tail) > len(head) and ahead.startswith(rest):
                before = tail[-len(head) - 1]
                if before in _NUMERIC or before == "个":
                    return True
        if breaks == 1 and prev not in _TERMINAL and prev not in CLOSERS and line_len >= _WRAP_MIN_LINE:
            return _fits(view, j - len(gap), j)
        return False


def _width(s: str) -> int:
    """Columns `s` takes in a fixed-width layout: two for a Chinese character, one for ASCII."""
    return sum(1 if ch.isascii() else 2 for ch in s)


def _fits(view: str, end: int, nxt: int) -> bool:
    """The line ending at `end` may be a wrap of the column the next line (from `nxt`) fills: the
    next line is not far wider. One far wider (a body under its headline) shows it ended on its own."""
    line = view[view.rfind("\n", 0, end) + 1:end]
    stop = view.find("\n", nxt)
    following = view[nxt:stop if stop >= 0 else len(view)].rstrip()
    return _width(following) <= _width(line) * _WRAP_RATIO


@lru_cache(maxsize=8)
def _joiner(joinable_words: tuple[str, ...]) -> _Joiner:
    """The _Joiner of a config's words, made once (its tables take longer to build than most
    articles take to normalise)."""
    return _Joiner(joinable_words)


def _spaced_numeral(tail: str, nxt: str) -> bool:
    """A space inside a numeral written out with spaces (三 十, 三 点 五, 百 分 之 7, 七成 六):
    between two Chinese numerals, around the 点 after one, and inside 分之."""
    prev = tail[-1]
    if prev in _CN_NUMERALS:
        return nxt in _CN_NUMERALS or nxt == "点"
    if prev in "点成" and tail[-2:-1] and tail[-2] in _NUMERIC:
        return nxt in _CN_NUMERALS or (prev == "点" and nxt in _ASCII_DIGITS)
    if tail.endswith("分") and tail[-2:-1] and tail[-2] in _NUMERIC:
        return nxt == "之"
    if tail.endswith("分之"):
        return nxt in _CN_NUMERALS or nxt in _ASCII_DIGITS
    return False


def normalise(raw: str, joinable_words: Iterable[str] = ()) -> NormText:
    """Fold full-width characters, write traditional characters as simplified ones, and drop
    the whitespace that layout put inside a number, a unit or a wrapped line (`380\\n万亩`,
    `52平\\n方公里`, `806 . 2公斤`, `390多\\n\\n万家`, `三 十 个 百 分 点`).

    `joinable_words` are unit and measure words that may be split by a break and are joined
    when they follow a number. Text between gaps is copied in bulk; only gaps are decided."""
    joiner = _joiner(tuple(joinable_words))
    folded = _FULLWIDTH.sub(lambda m: _FOLD[m.group()], raw)  # one character for one: offsets hold
    folded = to_simplified(folded)  # the same length again
    kept: list[tuple[int, int]] = []  # raw intervals that stay; only dropped gaps split them
    start = 0
    tail = ""  # the last characters of the output so far
    line_len = 0  # output characters since the last kept line break
    pos = 0
    for gap in _GAP.finditer(raw):
        i, j = gap.span()
        tail = (tail + folded[max(pos, i - 10):i])[-10:]
        line_len += i - pos
        pos = j
        if tail and j < len(raw) and joiner.joins(tail, line_len, raw[i:j], folded, j):
            kept.append((start, i))
            start = j
            continue
        text = folded[i:j]
        tail = (tail + text)[-10:]
        newline = text.rfind("\n")
        line_len = line_len + len(text) if newline < 0 else len(text) - newline - 1
    kept.append((start, len(raw)))
    offsets = np.concatenate([*(np.arange(a, b) for a, b in kept), [len(raw)]]).astype(np.int64)
    norm = NormText("".join(folded[a:b] for a, b in kept), tuple(offsets.tolist()))
    offsets.flags.writeable = False
    vars(norm)["offsets"] = offsets  # the cached property, made at once from the intervals
    return norm
