"""Traditional Chinese to simplified, one character for one, for the matching view.

Hong Kong, Taiwan and Macau news writes 萬, 億, 兩, 個, 點, 圓, 幾, 臺幣 …; every rule in
configs/ is written in simplified characters. OpenCC (its own dictionaries, shipped in the
wheel) converts the view before any pattern runs. The offset map of pipeline.normalise maps
view positions to raw ones character by character, so the conversion must keep the length:
OpenCC's phrase tables almost always do; where a phrase would change the length, that line is
converted character by character instead (a lone character keeps its length in t2s).
"""
from __future__ import annotations

import re
from functools import lru_cache
from itertools import chain

# The CJK blocks whose characters OpenCC may convert (extension A, unified, compatibility).
_CJK = chain(range(0x3400, 0x4DC0), range(0x4E00, 0xA000), range(0xF900, 0xFB00))


@lru_cache(maxsize=1)
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=1)
def _traditional() -> re.Pattern:
    """Any character that t2s converts on its own: a text with none of them is left as it is,
    which spares simplified news the conversion (one search instead)."""
    chars = [chr(c) for c in _CJK]
    converted = _converter().convert("\n".join(chars)).split("\n")
    if len(converted) != len(chars):  # cannot happen with one character a line; convert always then
        return re.compile(".", re.S)
    return re.compile("[" + "".join(re.escape(c) for c, out in zip(chars, converted) if out != c) + "]")


def to_simplified(text: str) -> str:
    """`text` with traditional characters replaced by simplified ones; always the same length."""
    if text.isascii() or not _traditional().search(text):
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
