"""Split an article into sentences on 。！？； and line breaks (LF, CRLF or lone CR), never inside a number.

Splitting runs over the normalised view, where layout breaks inside numbers and words are
already joined, so a break that survives there is a real one.
"""
from __future__ import annotations

import re

from pipeline.normalise import CLOSERS, SENTENCE_ENDERS, NormText

_SPACE = " \t\r\n"
# a sentence ender with the closers after it, or a line break (LF, or a lone CR: old Mac files;
# the CR of a CRLF is trimmed as space)
_BREAK = re.compile(f"[{re.escape(SENTENCE_ENDERS)}][{re.escape(CLOSERS)}]*|\n|\r(?!\n)")


def split_spans(norm: NormText) -> list[tuple[int, int]]:
    """Sentence spans in the normalised text, whitespace trimmed, empty ones dropped. An ender
    (and its closers) ends its sentence, a line break ends the one before it."""
    text = norm.text
    spans = []
    start = 0
    for m in _BREAK.finditer(text):
        spans.append((start, m.start() if m.group() in "\r\n" else m.end()))
        start = m.end()
    spans.append((start, len(text)))
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
