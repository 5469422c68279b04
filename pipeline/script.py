"""Traditional Chinese to simplified, one character for one, for the matching view.

Hong Kong, Taiwan and Macau news writes 萬, 億, 兩, 個, 點, 圓, 幾, 臺幣 …; every rule in
configs/ is written in simplified characters. OpenCC (its own dictionaries, shipped in the
wheel) converts the view before any pattern runs. The offset map of pipeline.normalise maps
view positions to raw ones character by character, so the conversion must keep the length:
OpenCC's phrase tables almost always do; where a phrase would change the length, that line is
converted character by character instead (a lone character keeps its length in t2s).
"""
from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """`text` with traditional characters replaced by simplified ones; always the same length."""
    if text.isascii():
        return text
    convert = _converter().convert
    out = convert(text)
    if len(out) == len(text):
        return out
    lines = []
    for line in text.splitlines(keepends=True):
        done = convert(line)
        if len(done) != len(line):
            done = "".join(c if len(c := convert(ch)) == 1 else ch for ch in line)
        lines.append(done)
    return "".join(lines)
