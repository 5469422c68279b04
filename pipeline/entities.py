"""Mention-level entity recognition (places, organisations, platforms, people) from rules as data.

All names, suffixes, titles and stop lists live in configs/entities.toml; this module only
compiles them once (`load_entity_config`) and applies them (`find_entities`).  jieba is used as
a dictionary only (word -> POS tag, word -> frequency), never to cut whole texts, so the pass
costs a fraction of one segmentation.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType

import jieba
import regex

jieba.setLogLevel(logging.WARNING)

LABELS = frozenset({"place", "org", "platform", "person"})  # person groups need no label
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_WRAP = re.compile(r"(?<=[\u3400-\u9fff])\r?\n(?=[\u3400-\u9fff])")  # column-layout break
_ALNUM = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
_NUMERAL = frozenset("0123456789〇零一二两三四五六七八九十百千万亿几数首第")
_CLASSIFIER = frozenset("个家批些种项次位名条座所只件年月日")
_MIN_FREQ = 50            # a dictionary word rarer than this does not count as "a word starts here"
_COMMON_WORD_FREQ = 3000  # a surname+char pair this common is a word, not a name (黄金, 高度)
_VERB_FREQ = 1000         # a verb this common right after a 2-char name ends it (刘俏|认为)


@lru_cache(maxsize=1)
def _lexicon() -> tuple[Mapping[str, str], Mapping[str, int]]:
    """jieba's bundled dictionary as (word->POS tag, word->frequency), loaded lazily, once.

    The tags are a snapshot of jieba.posseg's word_tag_tab (read from the dictionary file when
    jieba.posseg is imported; posseg.cut is never run) so user dictionaries loaded elsewhere
    later cannot change results; the frequencies come from a Tokenizer of our own."""
    import jieba.posseg
    tok = jieba.Tokenizer()
    tok.initialize()
    return dict(jieba.posseg.dt.word_tag_tab), tok.FREQ


@dataclass(frozen=True)
class Mention:
    """One entity mention: text[start:end] == surface; canonical is the normalised name."""
    start: int
    end: int
    surface: str
    label: str
    canonical: str


@dataclass(frozen=True)
class SuffixRule:
    """One organisation suffix and the checks that decide whether it really ends a name."""
    rule_id: str
    label: str
    bad_after: tuple[str, ...]    # words starting at the suffix that show it is none (局长)
    bad_before: tuple[str, ...]   # strings ending right before it that do the same (市|中心)
    check_crossing: bool
    collapse_to_known: bool


@dataclass(frozen=True)
class EntityConfig:
    """Every entity rule compiled once; immutable and shared by all articles."""
    names: Mapping[str, tuple[str, str]]                 # surface -> (label, canonical)
    names_re: re.Pattern | None
    patterns: tuple[tuple[regex.Pattern, str, str], ...]  # (regex, label, canonical)
    suffixes: Mapping[str, SuffixRule]
    suffix_re: re.Pattern | None
    settings: Mapping[str, object]                       # suffix_settings + gazetteer_settings
    title_first_re: re.Pattern | None
    name_first_re: re.Pattern | None
    strict_titles: frozenset[str]                        # name-first titles needing whitespace before
    person: Mapping[str, object]                         # person_settings, as sets
    rule_ids: tuple[str, ...]


def _alternation(words: set[str]) -> re.Pattern | None:
    """All `words` as one trie-shaped regex (青(?:岛(?:市)?|海省?)…): greedy optional tails make
    the longest word at a position win, and the shared prefixes make it ~10× faster than a flat
    alternation of a thousand names."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word + "\0":  # "\0" marks "a word may end here"
            node = node.setdefault(ch if ch != "\0" else "", {})

    def build(node: dict) -> str:
        alts = [re.escape(ch) + build(sub) for ch, sub in sorted(node.items()) if ch]
        body = "" if not alts else alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node and body else body

    return re.compile(build(trie)) if trie else None


def _strings(value: object, where: str, errors: list[str]) -> list[str]:
    """A list of non-empty strings, or an error message and []."""
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        errors.append(f"{where}: expected a list of non-empty strings")
        return []
    return value


def load_entity_config(data: dict, errors: list[str]) -> EntityConfig:
    """Compile the parsed entities.toml.  Every problem (missing id or comment, duplicate id,
    unknown label or direction, bad regex, alias under two canonicals, malformed example) is
    appended to `errors` and the item skipped, so a caller can list all problems at once."""
    names: dict[str, tuple[str, str]] = {}
    patterns: list[tuple[regex.Pattern, str, str]] = []
    suffixes: dict[str, SuffixRule] = {}
    titles: dict[str, set[str]] = {"title_first": set(), "name_first": set(), "strict": set()}
    ids: list[str] = []
    for kind in ("gazetteer", "pattern", "suffix", "person"):
        for n, g in enumerate(data.get(kind, [])):
            gid = g.get("id") if isinstance(g, dict) else None
            if not isinstance(gid, str) or not gid:
                errors.append(f"{kind}[{n}]: missing id")
                continue
            if gid in ids:
                errors.append(f"{gid}: duplicate id")
            ids.append(gid)
            if not isinstance(g.get("comment"), str) or not g["comment"].strip():
                errors.append(f"{gid}: missing comment")
            for key, need in (("examples", ("text", "surface", "label", "canonical")), ("not_examples", ("text",))):
                exs = g.get(key)
                if not isinstance(exs, list) or not exs or not all(
                        isinstance(ex, dict) and all(isinstance(ex.get(f), str) for f in need) for ex in exs):
                    errors.append(f"{gid}: {key} must be a non-empty list of {{{', '.join(need)}}}")
            label = g.get("label", "person" if kind == "person" else None)
            if label not in LABELS:
                errors.append(f"{gid}: unknown label {label!r}")
                continue
            if kind == "gazetteer":
                for entry in g.get("entries") or [None]:
                    if not _strings(entry, f"{gid}: entry {entry!r}", errors):
                        continue
                    for surface in entry if g.get("match_canonical", True) or len(entry) == 1 else entry[1:]:
                        if names.get(surface, (label, entry[0])) != (label, entry[0]):
                            errors.append(f"{gid}: alias {surface!r} listed under {names[surface][1]!r} and {entry[0]!r}")
                        else:
                            names[surface] = (label, entry[0])
            elif kind == "pattern":
                for item in g.get("patterns") or [None]:
                    try:
                        patterns.append((regex.compile(item["regex"]), label, str(item["canonical"])))
                    except (regex.error, KeyError, TypeError) as exc:
                        errors.append(f"{gid}: bad pattern {item!r} ({exc})")
            elif kind == "suffix":
                rule = SuffixRule(gid, label, tuple(_strings(g.get("bad_after", []), f"{gid}: bad_after", errors)),
                                  tuple(_strings(g.get("bad_before", []), f"{gid}: bad_before", errors)),
                                  bool(g.get("check_crossing")), bool(g.get("collapse_to_known")))
                for suffix in _strings(g.get("suffixes"), f"{gid}: suffixes", errors):
                    if suffix in suffixes:
                        errors.append(f"{gid}: suffix {suffix!r} already in {suffixes[suffix].rule_id}")
                    suffixes[suffix] = rule
            elif g.get("direction") not in ("title_first", "name_first"):
                errors.append(f"{gid}: direction must be title_first or name_first")
            else:
                words = _strings(g.get("titles"), f"{gid}: titles", errors)
                titles[g["direction"]].update(words)
                titles["strict"].update(words if g.get("strict_boundary") else ())
    raw = data.get("suffix_settings", {})
    settings: dict[str, object] = {k: raw.get(k, d) for k, d in
                                   (("min_name_chars", 2), ("max_name_chars", 20), ("anchor_min_freq", 10))}
    if not all(type(v) is int and v >= 0 for v in settings.values()):
        errors.append("suffix_settings: min_name_chars, max_name_chars, anchor_min_freq must be integers >= 0")
        settings.update(min_name_chars=2, max_name_chars=20, anchor_min_freq=10)
    for key in ("stop_tags", "single_stop_tags", "anchor_tags", "stop_words", "name_verbs",
                "name_words", "anchor_words", "non_anchor_names"):
        settings[key] = frozenset(_strings(raw.get(key, []), f"suffix_settings.{key}", errors))
    settings["place_not_followed_by"] = tuple(_strings(data.get("gazetteer_settings", {}).get(
        "place_not_followed_by", []), "gazetteer_settings.place_not_followed_by", errors))
    pr = data.get("person_settings", {})
    settings["repeat_person_names"] = bool(pr.get("repeat_names", True))
    person: dict[str, frozenset[str]] = {}
    for key in ("surnames", "ambiguous_surnames", "break_chars", "left_context"):
        if not isinstance(pr.get(key), str) or not pr[key].strip():
            errors.append(f"person_settings.{key}: expected a non-empty string of characters")
        person[key] = frozenset(ch for ch in str(pr.get(key, "")) if not ch.isspace())
    person["compound_surnames"] = frozenset(_strings(pr.get("compound_surnames", []), "person_settings.compound_surnames", errors))
    return EntityConfig(
        names=MappingProxyType(names), names_re=_alternation(set(names)), patterns=tuple(patterns),
        suffixes=MappingProxyType(suffixes), suffix_re=_alternation(set(suffixes)),
        settings=MappingProxyType(settings), title_first_re=_alternation(titles["title_first"]),
        name_first_re=_alternation(titles["name_first"]), strict_titles=frozenset(titles["strict"]),
        person=MappingProxyType(person), rule_ids=tuple(ids))


def _is_cjk(s: str, i: int) -> bool:
    """s[i] exists and is a CJK ideograph."""
    return 0 <= i < len(s) and _CJK.match(s[i]) is not None


def _word_starts(s: str, i: int, tags: Mapping[str, str], freq: Mapping[str, int]) -> bool:
    """True if a common dictionary word of 2–4 characters starts at s[i] (表示, 介绍 …)."""
    return any(s[i:i + n] in tags and freq.get(s[i:i + n], 0) >= _MIN_FREQ for n in (2, 3, 4)
               if i + n <= len(s))


def _name_start(s: str, p: int, cfg: EntityConfig, tags: Mapping[str, str], freq: Mapping[str, int]) -> int | None:
    """Where the organisation name ending at s[p] (the suffix start) begins, or None.

    Reads words backwards by longest dictionary match until a stop (see entities.toml,
    [suffix_settings]) and returns the earliest anchor among them."""
    st = cfg.settings
    limit, pos, anchor, run = max(0, p - st["max_name_chars"]), p, None, 0
    while pos > limit:
        ch = s[pos - 1]
        if ch in _ALNUM:  # a Latin word is a brand (COSMOPlat); a bare number ends the name
            k = pos - 1
            while k > limit and s[k - 1] in _ALNUM:
                k -= 1
            if s[k:pos].isdigit():
                break
            anchor, pos, run = k, k, 0
            continue
        word = next((s[pos - n:pos] for n in range(min(10, pos - limit), 1, -1)
                     if (w := s[pos - n:pos]) in cfg.names or w in st["name_words"]
                     or w in st["anchor_words"] or w in tags or w in cfg.suffixes), ch)
        if word in st["stop_words"] or (word == ch and not _CJK.match(ch)):
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


def _suffix_mentions(s: str, cfg: EntityConfig, tags: Mapping[str, str],
                     freq: Mapping[str, int]) -> list[tuple[int, int, str, str]]:
    """Organisation names found by suffix: (start, end, label, canonical)."""
    out = []
    for m in cfg.suffix_re.finditer(s) if cfg.suffix_re else ():
        s0, e = m.span()
        rule = cfg.suffixes[m.group()]
        if any(len(w) > e - s0 and s.startswith(w, s0) for w in rule.bad_after) \
                or any(s.endswith(w, 0, s0) for w in rule.bad_before):
            continue
        if rule.check_crossing and e - s0 == 1 and s0 > 0 and freq.get(s[s0 - 1:e], 0) >= _MIN_FREQ \
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


def _plausible_name(s: str, i: int, n: int, cfg: EntityConfig, tags: Mapping[str, str],
                    freq: Mapping[str, int]) -> bool:
    """s[i:i+n] starts with a surname, is all CJK outside break characters, and its surname
    plus first given character is not a common word (高度, 于是, 黄金)."""
    ps = cfg.person
    cand = s[i:i + n]
    if len(cand) != n or not all(_CJK.match(c) and c not in ps["break_chars"] for c in cand):
        return False
    if not (cand[0] in ps["surnames"] or cand[:2] in ps["compound_surnames"]):
        return False
    if tags.get(cand, "").startswith("nr"):
        return True
    pair = cand[:2]
    if pair in tags and not tags[pair].startswith("nr") and freq.get(pair, 0) >= _COMMON_WORD_FREQ:
        return False
    if cand[0] in ps["ambiguous_surnames"] and cand[:2] not in ps["compound_surnames"] and (
            (pair in tags and not tags[pair].startswith("nr")) or _word_starts(s, i + 1, tags, freq)):
        return False
    return True


def _person_mentions(s: str, cfg: EntityConfig, tags: Mapping[str, str],
                     freq: Mapping[str, int]) -> list[tuple[int, int, str, str]]:
    """People next to a title, in both orders: (start, end, "person", name)."""
    out, brk = [], cfg.person["break_chars"]
    for m in cfg.title_first_re.finditer(s) if cfg.title_first_re else ():
        t, i = m.span()
        if t > 0 and freq.get(s[t - 1:t + 1], 0) >= _MIN_FREQ or freq.get(s[i - 1:i + 1], 0) >= _MIN_FREQ:
            continue  # the title is part of a longer word: 东部长江, 医院长期
        while i < len(s) and s[i] in " \u3000" and i - m.end() < 2:
            i += 1
        sl = 2 if s[i:i + 2] in cfg.person["compound_surnames"] else 1
        j = i + sl
        if sl == 1 and s[j:j + 1] in (" ", "\u3000") and _is_cjk(s, j + 1) and not _is_cjk(s, j + 2) \
                and _plausible_name(s[i] + s[j + 1], 0, 2, cfg, tags, freq):
            out.append((i, j + 2, "person", s[i] + s[j + 1]))  # spaced byline name: 孙 欣
        elif _is_cjk(s, j) and s[j] not in brk:  # one given character or two?
            if not _is_cjk(s, j + 1) or s[j + 1] in brk or any(
                    tags.get(w := s[j + 1:j + k]) == "v" and freq.get(w, 0) >= _VERB_FREQ for k in (3, 4)):
                n = sl + 1  # 王毅，/ 刘俏认为 / 李强调研
            elif tags.get(s[i:j + 2], "").startswith("nr") or not _is_cjk(s, j + 2) or s[j + 2] in brk \
                    or _word_starts(s, j + 2, tags, freq):
                n = sl + 2
            else:
                n = sl + 1 if _word_starts(s, j + 1, tags, freq) else sl + 2
            if _plausible_name(s, i, n, cfg, tags, freq):
                out.append((i, i + n, "person", s[i:i + n]))
    for m in cfg.name_first_re.finditer(s) if cfg.name_first_re else ():
        t = m.start()
        strict = m.group() in cfg.strict_titles
        for n in (4, 3, 2):
            i = t - n
            if i < 0 or (n == 4 and s[i:i + 2] not in cfg.person["compound_surnames"]):
                continue
            before = s[i - 1] if i > 0 else "\n"
            bounded = before.isspace() if strict else (not _CJK.match(before) or before in cfg.person["left_context"])
            if bounded and _plausible_name(s, i, n, cfg, tags, freq):
                out.append((i, t, "person", s[i:t]))
                break
    for name in sorted({c for *_, c in out}) if cfg.settings["repeat_person_names"] else ():
        i = s.find(name)  # a name once seen with a title is found again alone: 宋远方说
        while i >= 0:
            k = i + len(name)
            if not _is_cjk(s, k) or s[k] in brk or _word_starts(s, k, tags, freq):
                out.append((i, k, "person", name))
            i = s.find(name, k)
    return out


def find_entities(text: str, config: EntityConfig) -> list[Mention]:
    """All non-overlapping entity mentions in `text`, sorted by start; offsets index `text`.

    A single line break between two CJK characters (column layout) is read through.  Where
    candidates overlap the longest wins, then gazetteer/pattern over person over suffix rules,
    then the earlier one — so the result is deterministic."""
    tags, freq = _lexicon()
    breaks = [m.start() for m in _WRAP.finditer(text)]
    if breaks:  # s is text without wrap breaks; to_text maps an index of s to one of text
        parts, to_text, prev = [], [], 0
        for b in breaks + [len(text)]:
            parts.append(text[prev:b])
            to_text.extend(range(prev, b))
            prev = b + (2 if text.startswith("\r\n", b) else 1)
        s = "".join(parts)
    else:
        s, to_text = text, None
    cands: list[tuple[int, int, int, str, str]] = []  # (start, end, priority, label, canonical)
    for m in config.names_re.finditer(s) if config.names_re else ():
        a, b = m.span()
        if (s[a] in _ALNUM and a > 0 and s[a - 1] in _ALNUM) or (s[b - 1] in _ALNUM and b < len(s) and s[b] in _ALNUM):
            continue  # a Latin name inside a longer Latin word
        label, canonical = config.names[m.group()]
        if label != "place" or not s.startswith(config.settings["place_not_followed_by"], b):
            cands.append((a, b, 0, label, canonical))  # not the 辽阳 of 辽阳东路 (a street)
    for pattern, label, canonical in config.patterns:
        cands.extend((m.start(), m.end(), 0, label, canonical) for m in pattern.finditer(s) if m.end() > m.start())
    cands.extend((a, b, 1, lab, can) for a, b, lab, can in _person_mentions(s, config, tags, freq))
    cands.extend((a, b, 2, lab, can) for a, b, lab, can in _suffix_mentions(s, config, tags, freq))
    taken = bytearray(len(s))
    chosen = []
    for a, b, prio, label, canonical in sorted(set(cands), key=lambda c: (c[0] - c[1], c[2], c[0], c[3], c[4])):
        if any(taken[a:b]):
            continue
        taken[a:b] = b"\x01" * (b - a)
        if to_text is not None:
            a, b = to_text[a], to_text[b - 1] + 1
        chosen.append(Mention(a, b, text[a:b], label, "".join(canonical.split())))
    return sorted(chosen, key=lambda m: m.start)
