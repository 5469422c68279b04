"""Split an article into sentences on 。！？； and line breaks (LF, CRLF or lone CR), never inside a number.

Splitting runs over the normalised view, where layout breaks inside numbers and words are
already joined, so a break that survives there is a real one.
"""
from __future__ import annotations

from pipeline.normalise import CLOSERS, SENTENCE_ENDERS, NormText

_SPACE = " \t\r\n"


def split_spans(norm: NormText) -> list[tuple[int, int]]:
    """Sentence spans in the normalised text, whitespace trimmed, empty ones dropped."""
    text = norm.text
    spans = []
    start = 0
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch in SENTENCE_ENDERS:
            end = i + 1
            while end < n and text[end] in CLOSERS:
                end += 1
            spans.append((start, end))
            start = i = end
            continue
        if ch == "\n" or (ch == "\r" and text[i + 1:i + 2] != "\n"):  # LF, CRLF or a lone CR (old Mac files)
            spans.append((start, i))
            start = i + 1
        i += 1
    spans.append((start, n))
    out = []
    for s, e in spans:
        while s < e and text[s] in _SPACE:
            s += 1
        while e > s and text[e - 1] in _SPACE:
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def sentences(article_id: str, raw: str, norm: NormText) -> list[dict]:
    """Stage helper: `sentences` records of one article, spans in raw offsets."""
    records = []
    for sid, (s, e) in enumerate(split_spans(norm)):
        rs, re_ = norm.raw_span(s, e)
        records.append({"article_id": article_id, "sentence_id": sid, "start": rs, "end": re_, "text": raw[rs:re_]})
    return records
