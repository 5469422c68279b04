"""Organisation names read back from a suffix (…有限公司, …管委会, …研究院, …平台), and companies
named again by their short names.

From the suffix, words are read backwards by longest dictionary match until a stop word or tag
(configs/entities.toml [suffix_settings]); the name starts at the earliest anchor among them (a
known name, a proper noun, a brand of unknown characters). Used by pipeline.entities.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from pipeline.lexicon import is_word
from pipeline.people import CJK, MIN_FREQ

if TYPE_CHECKING:
    from pipeline.entities import EntityConfig

ALNUM = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
_NUMERAL = frozenset("0123456789〇零一二两三四五六七八九十百千万亿几数首第")
_CLASSIFIER = frozenset("个家批些种项次位名条座所只件年月日")


def _name_start(s: str, p: int, cfg: EntityConfig, tags: Mapping[str, str], freq: Mapping[str, int]) -> int | None:
    """Where the organisation name ending at s[p] (the suffix start) begins, or None.

    Reads words backwards by longest dictionary match until a stop (see entities.toml,
    [suffix_settings]) and returns the earliest anchor among them."""
    st = cfg.settings
    limit, pos, anchor, run = max(0, p - st["max_name_chars"]), p, None, 0
    while pos > limit:
        ch = s[pos - 1]
        if ch in ALNUM:  # a Latin word is a brand (COSMOPlat); a bare number ends the name
            k = pos - 1
            while k > limit and s[k - 1] in ALNUM:
                k -= 1
            if s[k:pos].isdigit():
                break
            anchor, pos, run = k, k, 0
            continue
        word = next((s[pos - n:pos] for n in range(min(10, pos - limit), 1, -1)
                     if (w := s[pos - n:pos]) in cfg.names or w in st["name_words"]
                     or w in st["anchor_words"] or w in tags or w in cfg.suffixes), ch)
        if word in st["stop_words"] or (word == ch and not CJK.match(ch)):
            break
        start, tag = pos - len(word), tags.get(word, "")
        if (word in cfg.names and word not in st["non_anchor_names"]) or word in st["anchor_words"]:
            anchor, run = start, 0
        elif word in st["name_words"] or word in cfg.suffixes:
            run = 0
        elif len(word) == 1:
            if tag in st["stop_tags"] or tag in st["single_stop_tags"]:
                break
            run += 1
            if run >= 2:  # two or more characters outside the dictionary: a brand name (赛轮)
                anchor = start
        else:
            run = 0
            if tag in st["stop_tags"] or (tag.startswith("v") and tag != "vn" and word not in st["name_verbs"]):
                break
            if tag == "m" and (all(c in _NUMERAL for c in word) or word[-1] in _CLASSIFIER):
                break
            if tag in st["anchor_tags"] and word not in st["non_anchor_names"] \
                    and (len(word) > 2 or freq.get(word, 0) >= st["anchor_min_freq"]):
                anchor = start
        pos = start
    if anchor is None or p - anchor < st["min_name_chars"]:
        return None
    return anchor


def suffix_mentions(s: str, cfg: EntityConfig, tags: Mapping[str, str],
                     freq: Mapping[str, int]) -> list[tuple[int, int, str, str]]:
    """Organisation names found by suffix: (start, end, label, canonical)."""
    out = []
    for m in cfg.suffix_re.finditer(s) if cfg.suffix_re else ():
        s0, e = m.span()
        rule = cfg.suffixes[m.group()]
        if any(len(w) > e - s0 and s.startswith(w, s0) for w in rule.bad_after) \
                or any(s.endswith(w, 0, s0) for w in rule.bad_before):
            continue
        if rule.check_crossing and e - s0 == 1 and s0 > 0 and freq.get(s[s0 - 1:e], 0) >= MIN_FREQ \
                and not any(s[s0 - n:s0] in tags for n in range(2, 8)):
            continue  # a common word spans the suffix start (布局, 总部, 举办), unless 建设|局
        start = _name_start(s, s0, cfg, tags, freq)
        if start is None:
            continue
        label, canonical = rule.label, s[start:e]
        known = cfg.names.get(s[start:s0])
        if rule.collapse_to_known and known and known[0] in ("org", "platform"):
            label, canonical = known
        out.append((start, e, label, canonical))
    return out


def short_names(s: str, found: list[tuple[int, int, str, str]], cfg: EntityConfig) -> list[tuple[int, int, str, str]]:
    """Companies named again by their short names (竹云科技 after 深圳竹云科技有限公司)."""
    st, out = cfg.settings, []
    for _, _, label, canonical in found:
        suffix = next((x for x in st["short_name_suffixes"] if canonical.endswith(x)), None)
        if suffix is None:
            continue
        base = canonical[: -len(suffix)]
        place = max((n for n in range(2, len(base)) if cfg.names.get(base[:n], ("",))[0] == "place"), default=0)
        for short in {base, base[place:]}:
            if len(short) < st["short_name_min_chars"] or is_word(short) or short in cfg.names:
                continue
            i = s.find(short)
            while i >= 0:
                out.append((i, i + len(short), label, canonical))
                i = s.find(short, i + len(short))
    return out
