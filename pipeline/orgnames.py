"""Organisation names read back from a suffix (…有限公司, …管委会, …研究院, …平台), and companies
named again by their short names.

From the suffix, words are read backwards by longest dictionary match until a stop word or tag
(configs/entities.toml [suffix_settings]); the name starts at the earliest anchor among them (a
known name, a proper noun, a brand of unknown characters). Used by pipeline.entities.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

from pipeline.lexicon import LONG_WORD, is_word, long_word_ends
from pipeline.people import CJK, MIN_FREQ

if TYPE_CHECKING:
    from pipeline.entities import EntityConfig

ALNUM = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
_NUMERAL = frozenset("0123456789〇零一二两三四五六七八九十百千万亿几数首第")
_CLASSIFIER = frozenset("个家批些种项次位名条座所只件年月日")
_COUNTER = frozenset("个家批些种项位名条座所只件")
_CLOSE = {"（": "）", "(": ")"}


def _name_start(s: str, p: int, cfg: EntityConfig, tags: Mapping[str, str], freq: Mapping[str, int],
                rule=None) -> int | None:
    """Where the organisation name ending at s[p] (the suffix start) begins, or None.

    Reads words backwards by longest dictionary match until a stop (see entities.toml,
    [suffix_settings]) and returns the earliest anchor among them. `tags` are lexicon()'s: a
    match longer than LONG_WORD - 1 is only tried where a word that long of theirs or of the
    config's can end (long_word_ends, cfg.long_ends)."""
    st = cfg.settings
    long_ends, parts = long_word_ends(), cfg.name_parts
    limit, pos, anchor, run = max(0, p - st["max_name_chars"]), p, None, 0
    while pos > limit:
        if anchor is not None and s.endswith(st["descriptors"], limit, pos):
            break  # A+H股上市公司|华锐新能源…: what kind of company, not its name (but 中国上市公司协会)
        ch = s[pos - 1]
        if ch in _CLOSE.values() and pos == p and (opened := _place_note(s, pos, cfg)) is not None:
            pos = opened  # 芯源微电子|（南京）|股份有限公司: the seat's place is part of the name
            continue
        if ch in ALNUM:  # a Latin word is a brand (COSMOPlat); a bare number ends the name
            k = pos - 1
            while k > limit and s[k - 1] in ALNUM:
                k -= 1
            if s[k:pos].isdigit():
                break
            anchor, pos, run = k, k, 0
            continue
        tail = s[pos - 2:pos]
        top = 10 if tail in long_ends or tail in cfg.long_ends else LONG_WORD - 1
        word = ch
        for n in range(min(top, pos - limit), 1, -1):  # the longest word ending at pos
            if (w := s[pos - n:pos]) in tags or w in parts:
                word = w
                break
        if len(word) > 2 and word not in cfg.names:
            word = _name_split(s, pos, word, cfg, tags)
        if word in st["stop_words"] or (word == ch and not CJK.match(ch)) \
                or (len(word) > 1 and word[0] in _NUMERAL and word[1] in _COUNTER):
            break  # (一家村办…: a count of things ends a name, whatever the dictionary says; 四次会议 does not)
        start, tag = pos - len(word), tags.get(word, "")
        if (word in cfg.names and word not in st["non_anchor_names"]) or word in st["anchor_words"] \
                or (rule is not None and (word in rule.anchor_words or (len(word) > 1 and tag in rule.anchor_tags))):
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
            if rule is not None and rule.adjacent_anchor:
                if rule.word_after_place and pos == p and _place_before(s, start, cfg):
                    anchor = start  # 赣州|黄金|机场: the word names the place's airport
                    pos = start
                    continue
                break  # a common word before a brand suffix: a phrase (金融科技, 人才科技), no name
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


def _place_note(s: str, end: int, cfg: EntityConfig) -> int | None:
    """Where a bracketed place name ending at `end` opens (（南京）, (中国)), or None."""
    opened = max(s.rfind("（", max(0, end - 8), end), s.rfind("(", max(0, end - 8), end))
    if opened < 0 or s[end - 1] != _CLOSE[s[opened]]:
        return None
    inner = cfg.names.get(s[opened + 1:end - 1])
    return opened if inner is not None and inner[0] == "place" else None


def _place_before(s: str, end: int, cfg: EntityConfig) -> bool:
    """True when a known place name ends at `end`."""
    return any(cfg.names.get(s[end - k:end], ("",))[0] == "place" for k in range(2, min(end, 6) + 1))


def _name_split(s: str, pos: int, word: str, cfg: EntityConfig, tags: Mapping[str, str]) -> str:
    """The longest match `word` ending at pos, or a shorter dictionary word ending there when a known
    name runs into `word` from before: 河南|理工|大学, not 河|南理工 (an abbreviation of another school);
    a name wholly inside `word` (华为技术) leaves it whole."""
    begin = pos - len(word)
    for n in range(len(word) - 1, 1, -1):
        start = pos - n
        if s[start:pos] in tags and any(s[start - k:start] in cfg.names
                                        for k in range(start - begin + 1, min(start, 6) + 1)):
            return s[start:pos]
    return word


def suffix_mentions(s: str, cfg: EntityConfig, tags: Mapping[str, str],
                     freq: Mapping[str, int]) -> list[tuple[int, int, str, str]]:
    """Organisation names found by suffix: (start, end, label, canonical)."""
    out = []
    longer: dict[str, tuple[str, ...]] = {}  # the bad_after words longer than the suffix, by suffix
    for s0, e, suffix in cfg.suffix_scan.spans(s) if cfg.suffix_scan else ():
        rule = cfg.suffixes[suffix]
        if suffix not in longer:
            longer[suffix] = tuple(w for w in rule.bad_after if len(w) > e - s0)
        if s.startswith(longer[suffix], s0) or s.endswith(rule.bad_before, 0, s0):
            continue
        if rule.check_crossing and e - s0 == 1 and s0 > 0 and freq.get(s[s0 - 1:e], 0) >= MIN_FREQ \
                and (rule.label == "place" or not any(s[s0 - n:s0] in tags for n in range(2, 8))):
            continue  # a common word spans the suffix start (布局, 总部, 都市), unless an org's 建设|局
        start = _name_start(s, s0, cfg, tags, freq, rule)
        if start is not None and rule.label == "place":
            start = _after_places(s, start, s0, cfg)
        if start is None:
            continue
        label, canonical = rule.label, s[start:e]
        known = cfg.names.get(s[start:s0])
        if rule.collapse_to_known and known and known[0] in (("place",) if rule.label == "place" else ("org", "platform")):
            label, canonical = known
        out.append((start, e, label, canonical))
    return out


def _after_places(s: str, start: int, s0: int, cfg: EntityConfig) -> int | None:
    """Where a place name read back from its suffix really starts: after the last place that
    encloses it (河南省|郑州市, 清远|佛冈县, 安吉县|天荒坪镇). None when nothing of its own is left."""
    levels = cfg.settings["level_chars"]
    for q in range(s0 - 1, start, -1):
        if s[q - 1] in levels or any(cfg.names.get(s[x:q], ("",))[0] == "place" for x in range(start, q - 1)):
            start = q
            break
    return start if s0 - start >= cfg.settings["min_name_chars"] else None


def short_names(s: str, found: list[tuple[int, int, str, str]], cfg: EntityConfig) -> list[tuple[int, int, str, str]]:
    """Companies named again by their short names: without the legal suffix and the leading place
    (竹云科技 after 深圳竹云科技有限公司), or a group without its leading place and a generic middle
    word (轨道交通集团, 轨道集团 after 南昌轨道交通集团)."""
    st, out = cfg.settings, []
    for _, _, label, canonical in found:
        suffix = next((x for x in st["short_name_suffixes"] if canonical.endswith(x)), None)
        kept = next((x for x in st["short_name_kept_suffixes"] if canonical.endswith(x)), "") if not suffix else ""
        if suffix is None and not kept:
            continue
        base = canonical[: -len(suffix)] if suffix else canonical
        place = max((n for n in range(2, len(base)) if cfg.names.get(base[:n], ("",))[0] == "place"), default=0)
        shorts = {base, base[place:]}
        for word in st["short_name_drop_words"]:  # 轨道交通集团 -> 轨道集团
            shorts |= {x[:i] + x[i + len(word):] for x in list(shorts) for i in [x.find(word, 1)]
                       if 0 < i < len(x) - len(word)}
        for short in shorts - {canonical}:
            if len(short) < max(st["short_name_min_chars"], len(kept) + 2) or is_word(short) or short in cfg.names:
                continue  # 港集团 is no short name of 青岛港集团
            i = s.find(short)
            while i >= 0:
                out.append((i, i + len(short), label, canonical))
                i = s.find(short, i + len(short))
    return out


def alias_mentions(s: str, found: list[tuple[int, int, str, str]], patterns) -> list[tuple[int, int, int, str, str]]:
    """Short names an article declares (华锐新能源科技股份有限公司（以下简称“华锐新能源”）): every
    occurrence of the alias, anywhere in the article, as the entity right before the declaration
    (not a common word: （以下简称“公司”） would find every 公司).
    Candidates (start, end, priority 0, label, canonical) for pipeline.entities."""
    ends = {b: (label, canonical) for _, b, label, canonical in found}
    out = []
    for pattern in patterns:
        for m in pattern.finditer(s):
            before = m.start()
            while before > 0 and s[before - 1] in " \u3000":
                before -= 1
            if before not in ends:
                continue
            label, canonical = ends[before]
            body = m.group("alias")
            names = re.findall(r"[“\"「『]([^”\"」』]{2,12})[”\"」』]", body) or [body.strip("为:： ")]
            for name in names:
                if 2 <= len(name) <= 12 and not re.search(r"[，,。；;、（）()《》\s]", name) and not is_word(name):
                    out.extend((i.start(), i.end(), 0, label, canonical) for i in re.finditer(re.escape(name), s))
    return out
