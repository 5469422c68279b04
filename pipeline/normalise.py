"""A matching view of the raw text, with an offset map back into it.

Every pattern in the pipeline runs over this view, never over the raw text, so that
full-width digits and the line breaks that column layouts put inside numbers and unit
words do not matter; every span it finds is mapped back, so offsets always point into
the raw text exactly as read.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

_FULLWIDTH_KEPT = {"，"}  # the Chinese comma stays: it separates clauses far more often than thousands
_WS = " \t\r\n\u3000\xa0"
_TERMINAL = "。！？!?；;：:…"
_ASCII_DIGITS = "0123456789"
_CN_DIGITS = "〇零一二两三四五六七八九十"
_SCALES = "十百千万亿"
_APPROX = "多余"
_WRAP_MIN_LINE = 12  # a line at least this long that ends mid-sentence is a column wrap, not a heading


@dataclass(frozen=True)
class NormText:
    """Normalised text plus `to_raw`: to_raw[i] is the raw offset of text[i] (one extra end entry)."""

    text: str
    to_raw: tuple[int, ...]

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


def normalise(raw: str, joinable_words: Iterable[str] = ()) -> NormText:
    """Fold full-width characters and drop the whitespace that layout put inside a number,
    a unit or a wrapped line (`380\\n万亩`, `52平\\n方公里`, `806 . 2公斤`, `390多\\n\\n万家`).

    `joinable_words` are unit and measure words that may be split by a break and are joined
    when they follow a number.
    """
    words = sorted({w for w in joinable_words if len(w) >= 2}, key=len, reverse=True)
    heads = {w[0] for w in joinable_words if w}
    out: list[str] = []
    to_raw: list[int] = []
    n = len(raw)
    i = 0
    while i < n:
        ch = raw[i]
        if ch not in _WS:
            out.append(fold_char(ch))
            to_raw.append(i)
            i += 1
            continue
        j = i
        while j < n and raw[j] in _WS:
            j += 1
        gap = raw[i:j]
        if out and j < n and _joins(out, gap, raw, j, words, heads):
            i = j
            continue
        for k in range(i, j):
            out.append(fold_char(raw[k]))
            to_raw.append(k)
        i = j
    to_raw.append(n)
    return NormText("".join(out), tuple(to_raw))


def _joins(out: list[str], gap: str, raw: str, j: int, words: list[str], heads: set[str]) -> bool:
    prev, nxt = out[-1], fold_char(raw[j])
    breaks = gap.count("\n")
    numeric_prev = prev in _ASCII_DIGITS or prev in _APPROX or prev in _SCALES or prev in _CN_DIGITS
    if numeric_prev and (nxt in _SCALES or nxt in _APPROX or nxt == "%" or nxt in heads):
        return True
    if breaks <= 1 and prev in _ASCII_DIGITS and (nxt in _ASCII_DIGITS or nxt == "."):
        return True
    if breaks <= 1 and prev == "." and len(out) > 1 and out[-2] in _ASCII_DIGITS and nxt in _ASCII_DIGITS:
        return True
    tail = "".join(out[-8:])
    for word in words:
        for cut in range(1, len(word)):
            head, rest = word[:cut], word[cut:]
            if tail.endswith(head) and raw.startswith(rest, j) and len(tail) > cut:
                before = tail[-cut - 1]
                if before in _ASCII_DIGITS or before in _CN_DIGITS or before in _SCALES or before in _APPROX or before == "个":
                    return True
    if breaks == 1 and "\n" in gap and prev not in _TERMINAL and prev not in "”’」』)）":
        line_start = len(out) - 1
        while line_start >= 0 and out[line_start] != "\n":
            line_start -= 1
        return len(out) - 1 - line_start >= _WRAP_MIN_LINE
    return False
