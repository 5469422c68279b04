"""Small text helpers shared by attribution's modules: cue words at the edges of a stretch of text.

A cue word only counts where it is a word of its own: 据 ends 数据 but is no source cue there,
有 ends 拥有 but is no filler there. Single characters are checked against jieba's dictionary;
edges of short windows are trimmed by whole jieba words (已|链接|近 loses 近, not 接近).
Also here: where clauses break and which lines are headings, and the change words of a window
(change_of, cut_change).
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache

from pipeline.lexicon import is_word

Cut = Callable[[str], Iterable[str]]


def ends_with_word(text: str, word: str) -> bool:
    """`text` ends with `word`, and a one-character `word` does not end a longer dictionary
    word there (数据 does not end with the cue 据; 现在 not with 在)."""
    if not text.endswith(word):
        return False
    if len(word) == 1 and len(text) >= 2 and is_word(text[-2:]):
        return False
    return True


@lru_cache(maxsize=256)
def _alternation(words: tuple[str, ...], at_end: bool) -> re.Pattern:
    body = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) or "(?!)"
    return re.compile(f"(?:{body})\\Z" if at_end else f"(?:{body})")


_BY_IDENTITY: dict[str, dict[int, tuple[tuple[str, ...], re.Pattern]]] = {"end": {}, "sorted_end": {}, "start": {}}
_ENDS, _STARTS = _BY_IDENTITY["end"], _BY_IDENTITY["start"]


def _pattern(words: Iterable[str], how: str) -> re.Pattern:
    """The alternation of `words` (how: "end", "sorted_end" or "start"). The cue lists are the
    config's own tuples, asked for tens of thousands of times a run: a tuple already seen is found
    by its identity (the entry holds the tuple, so its id stays its own) instead of hashing all
    its words again for the lru_cache; other iterables are turned into a tuple and looked up there.
    (ends_with_any and starts_with_any look a tuple up by identity themselves first.)"""
    seen = _BY_IDENTITY[how]
    if type(words) is tuple:
        got = seen.get(id(words))
        if got is not None and got[0] is words:
            return got[1]
    key = tuple(sorted(words)) if how == "sorted_end" else tuple(words)
    rx = _alternation(key, how != "start")
    if type(words) is tuple:
        if len(seen) >= 1024:  # tuples made on the fly (a + b) come and go
            seen.clear()
        seen[id(words)] = (words, rx)
    return rx


def ends_with_any(text: str, words: tuple[str, ...]) -> bool:
    """True when `text` ends with one of `words` (see ends_with_word)."""
    got = _ENDS.get(id(words))
    rx = got[1] if got is not None and got[0] is words else _pattern(words, "end")
    m = rx.search(text, max(0, len(text) - 12))
    return m is not None and ends_with_word(text, m.group())


def ending(text: str, words: Iterable[str]) -> str:
    """The longest of `words` that `text` ends with, else "" (no dictionary check: 平均上涨 ends in 上涨)."""
    m = _pattern(words, "sorted_end").search(text)
    return m.group() if m else ""


def starts_with_any(text: str, words: tuple[str, ...]) -> str | None:
    """The longest of `words` that `text` starts with, else None."""
    got = _STARTS.get(id(words))
    m = (got[1] if got is not None and got[0] is words else _pattern(words, "start")).match(text)
    return m.group() if m else None


def holds_any(text: str, words: tuple[str, ...]) -> bool:
    """True when one of `words` stands anywhere in `text` (as any(w in text for w in words), in
    one search of their alternation)."""
    got = _STARTS.get(id(words))
    return (got[1] if got is not None and got[0] is words else _pattern(words, "start")).search(text) is not None


def opening_word(text: str, words: tuple[str, ...], cut: Cut) -> str | None:
    """The longest of `words` that `text` starts with, when jieba does not cut through its end
    (全市|经济 -> 全市; 全|市场 -> None: the whole market is no city)."""
    word = starts_with_any(text, words)
    if not word:
        return word
    at = 0
    for w in cut(text[:len(word) + 6]):
        if at >= len(word):
            break
        at += len(w)
    return word if at == len(word) else None


COLONS = "：:"  # what ends a label (女船长：, [参考价格]:)


def is_field(text: str, label: str) -> bool:
    """A label written twice or more before a colon names a field each item of a listing has (眩晕：
    under every boss of a game guide, 售价： under every phone), not an item with a section of its own."""
    return sum(text.count(label + colon) for colon in COLONS) >= 2


def first_word(text: str, cut: Cut, window: int = 8) -> str:
    """The first jieba word of `text` ('' for an empty text); only the first `window` characters
    are segmented, which is all a connective or a cue word needs."""
    return next(iter(cut(text[:window])), "") if text else ""


def trim_tail(text: str, words: Iterable[str], cut: Cut, punct: str) -> str:
    """`text` without the trailing jieba words (one or two together) listed in `words`, and
    without trailing punctuation."""
    wordset = _word_set(words)
    tokens = list(cut(_rstrip_open(text, punct)))
    while tokens:
        if len(tokens) >= 2 and tokens[-2] + tokens[-1] in wordset:  # 维持|在 before 在 alone
            del tokens[-2:]
        elif tokens[-1] in wordset or tokens[-1].strip(punct) == "" and not closes_bracket(tokens):
            tokens.pop()
        else:
            break
    return _rstrip_open("".join(tokens), punct)


_PAIRS = {")": "(", "）": "（"}


def closes_bracket(tokens: list[str]) -> bool:
    """The last token is a closing bracket whose opening one stands before it (地区生产总值（GDP|）)."""
    opening = _PAIRS.get(tokens[-1])
    return opening is not None and any(opening in t for t in tokens[:-1])


def _rstrip_open(text: str, punct: str) -> str:
    """`text` without trailing punctuation, except a closing bracket whose opening one it holds."""
    end = len(text)
    while end and text[end - 1] in punct:
        opening = _PAIRS.get(text[end - 1])
        if opening is not None and opening in text[:end - 1]:
            break
        end -= 1
    return text[:end]


_SETS: dict[int, tuple[tuple[str, ...], frozenset[str]]] = {}


def _word_set(words: Iterable[str]) -> frozenset[str]:
    """`words` as a set: a config tuple's set made once, found by the tuple's identity (the
    entry holds the tuple, so its id stays its own), as _pattern finds its alternation."""
    if type(words) is not tuple:
        return frozenset(words)
    got = _SETS.get(id(words))
    if got is None or got[0] is not words:
        if len(_SETS) >= 1024:  # tuples made on the fly come and go
            _SETS.clear()
        got = _SETS[id(words)] = (words, frozenset(words))
    return got[1]


def strip_lead(s: str, cfg, cut: Cut) -> str:
    """`s` without leading punctuation, datelines, dates, reference periods, connectives (lead_trim words, whole
    jieba words only: 在|建项目 keeps 在) and demonstratives with their noun (该集团)."""
    while s:
        t = s.lstrip(cfg.punctuation)
        t = t[cfg.dateline_rx.match(t).end():] if cfg.dateline_rx.match(t) else t  # 本报昆明10月8日电（记者 X）
        t = t[cfg.day_rx.match(t).end():] if cfg.day_rx.match(t) else t
        m = cfg.period_rx.match(t)
        if m and m.end() > 0:
            t = t[m.end():]
        phrase = starts_with_any(t, cfg.lead_phrases)
        if phrase:
            t = t[len(phrase):]
        elif starts_with_any(t, cfg.lead_trim) or starts_with_any(t, cfg.demonstratives):
            w = first_word(t, cut)
            if w in cfg.lead_trim:
                t = t[len(w):]
            elif w in cfg.demonstratives:  # 该集团, 这家企业: the thing named before
                t = t[len(w):]
                t = t[len(first_word(t, cut)):]
        if t == s:
            break
        s = t
    return s


@lru_cache(maxsize=8)
def breaks_rx(chars: frozenset[str]) -> re.Pattern:
    return re.compile("[" + re.escape("".join(sorted(chars))) + "]")


def inside_number(text: str, i: int) -> bool:
    """A comma or colon between digits (1,000 / 12:10) does not end a clause."""
    return 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit() and text[i] in ",:"


def is_heading(text: str, s: int, e: int, cfg) -> bool:
    """A whole short line with no sentence or clause punctuation: a headline, a section title."""
    line_start = text.rfind("\n", 0, s) + 1
    line_end = text.find("\n", e)
    line_end = len(text) if line_end < 0 else line_end
    return (not text[line_start:s].strip() and not text[e:line_end].strip() and e - s <= cfg.heading_max_chars
            and not any(ch in cfg.heading_enders for ch in text[s:e]))


def change_of(window: str, cfg) -> str | None:
    """'increase' / 'decrease' when a change word stands in `window` (the text right before the
    number, in its clause); None when there is none, or when the change word is followed by
    到/至 (the number is the new level, not the change)."""
    if not (holds_any(window, cfg.increase) or holds_any(window, cfg.decrease)):
        return None  # (most windows hold no change word: one search each says so)
    blocked = set()
    for word in cfg.not_change:
        i = window.find(word)
        while i >= 0:
            blocked.update(range(i, i + len(word)))
            i = window.find(word, i + 1)
    best, where, length = None, -1, 0
    for direction, cues in (("increase", cfg.increase), ("decrease", cfg.decrease)):
        for cue in cues:
            pos = window.rfind(cue)
            while pos >= 0 and any(p in blocked for p in range(pos, pos + len(cue))):
                pos = window.rfind(cue, 0, pos)
            if pos < 0:
                continue
            if pos > where or (pos == where and len(cue) > length):
                best, where, length = direction, pos, len(cue)
    if best is None:
        return None
    rest = window[where + length:]
    return None if rest.startswith(cfg.level_after) else best


def cut_change(metric: str, cfg) -> str:
    """A metric without its change part (外贸进出口逆势增长 -> 外贸进出口逆势; 增加值 is no change):
    the base the later figures of the sentence are read against."""
    if not holds_any(metric, cfg.derived):
        return metric  # (most metrics hold none: one search says so)
    blocked = {i for w in cfg.not_change for i in occurrences(metric, w)}
    cut = min((i for w in cfg.derived for i in [metric.find(w)] if i > 0 and i not in blocked), default=len(metric))
    return metric[:cut]


def occurrences(text: str, word: str) -> list[int]:
    """Every index covered by an occurrence of word in text."""
    out, i = [], text.find(word)
    while i >= 0:
        out.extend(range(i, i + len(word)))
        i = text.find(word, i + 1)
    return out
