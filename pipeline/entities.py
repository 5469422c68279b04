"""Mention-level entity recognition (places, organisations, platforms, people) from rules as data.

All names, suffixes, titles and stop lists live in configs/entities.toml; this module only
compiles them once (`load_entity_config`) and applies them (`find_entities`); organisations named
by a suffix are read by pipeline.orgnames, people by pipeline.people.  jieba is used as a dictionary (word -> POS tag, word -> frequency) and to cut
a few characters where a known name's end falls inside a dictionary word, never whole texts,
so the pass costs a fraction of one segmentation.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

import regex

from pipeline.lexicon import cuts_through, lexicon, word_ends
from pipeline.model_names import ModelSettings, load_model_settings, model_candidates
from pipeline.orgnames import ALNUM, alias_mentions, short_names, suffix_mentions
from pipeline.people import person_mentions
from pipeline.tagger import Word
from pipeline.wordscan import WordScan

LABELS = frozenset({"place", "org", "platform", "person", "product", "work"})  # person groups need no label
_WRAP = re.compile(r"(?<=[\u3400-\u9fff])\r?\n(?=[\u3400-\u9fff])")  # column-layout break


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
    anchor_tags: frozenset[str] = frozenset()   # tags of 2+-char words that anchor this rule's names (田径|锦标赛)
    anchor_words: frozenset[str] = frozenset()  # words that anchor them although generic (全国|田径锦标赛)
    adjacent_anchor: bool = False  # no common word between anchor and suffix (商汤科技, not 金融科技)
    word_after_place: bool = False  # but one word may follow a place name (赣州|黄金|机场, 北京|首都|国际机场)


@dataclass(frozen=True)
class EntityConfig:
    """Every entity rule compiled once; immutable and shared by all articles."""
    names: Mapping[str, tuple[str, str]]                 # surface -> (label, canonical)
    names_scan: WordScan | None                          # where the names occur
    patterns: tuple[tuple[regex.Pattern, str, str, bool], ...]  # (regex, label, canonical, everywhere)
    suffixes: Mapping[str, SuffixRule]
    suffix_scan: WordScan | None                         # where the suffixes occur
    settings: Mapping[str, object]                       # suffix_settings + gazetteer_settings
    title_first_re: re.Pattern | None                   # for a title at a given place (attribution)
    title_first_scan: WordScan | None                    # where the titles before a name occur
    name_first_re: re.Pattern | None
    strict_titles: frozenset[str]                        # name-first titles needing whitespace before
    person: Mapping[str, object]                         # person_settings, as sets
    rule_ids: tuple[str, ...]
    aliases: tuple[regex.Pattern, ...] = ()              # （以下简称“X”）: X names the entity before
    model: ModelSettings | None = None                   # names from the tagger model (pipeline.model_names)
    suffix_levels: Mapping[str, str] = field(default_factory=dict)  # place suffix -> the level of what it ends
    # (铁路, 机场 -> 施: works, never what 全省 or 全市 stands for)
    place_levels: Mapping[str, frozenset[str]] = field(default_factory=dict)  # place canonical -> its levels:
    # the level characters its written forms end in, and its group's level (安徽 -> {省}, 美国 -> {国})
    long_ends: frozenset[str] = frozenset()  # lexicon.word_ends of the names, suffixes, name and anchor words
    name_parts: frozenset[str] = frozenset()  # the names, suffixes, name and anchor words: a name read
    # backwards from its suffix is made of these and dictionary words (pipeline.orgnames)


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
    patterns: list[tuple[regex.Pattern, str, str, bool]] = []
    suffixes: dict[str, SuffixRule] = {}
    titles: dict[str, set[str]] = {"title_first": set(), "name_first": set(), "strict": set()}
    ids: list[str] = []
    aliases: list[regex.Pattern] = []
    levels: dict[str, set[str]] = {}  # place canonical -> its levels (省, 市, 国 ...)
    suffix_levels: dict[str, str] = {}
    level_chars = str(data.get("gazetteer_settings", {}).get("level_chars", ""))
    for kind in ("gazetteer", "pattern", "suffix", "person", "alias"):
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
            if kind == "alias":
                for item in _strings(g.get("patterns"), f"{gid}: patterns", errors):
                    try:
                        aliases.append(regex.compile(item))
                    except regex.error as exc:
                        errors.append(f"{gid}: bad pattern {item!r} ({exc})")
                continue
            label = g.get("label", "person" if kind == "person" else None)
            if label not in LABELS:
                errors.append(f"{gid}: unknown label {label!r}")
                continue
            if kind == "gazetteer":
                level = g.get("level", "")
                if not isinstance(level, str) or len(level) > 1:
                    errors.append(f"{gid}: level must be one character")
                    level = ""
                for entry in g.get("entries") or [None]:
                    if not _strings(entry, f"{gid}: entry {entry!r}", errors):
                        continue
                    for surface in entry if g.get("match_canonical", True) or len(entry) == 1 else entry[1:]:
                        if names.get(surface, (label, entry[0])) != (label, entry[0]):
                            errors.append(f"{gid}: alias {surface!r} listed under {names[surface][1]!r} and {entry[0]!r}")
                        else:
                            names[surface] = (label, entry[0])
                    if label == "place":
                        found = levels.setdefault(entry[0], set())
                        found.update(w[-1] for w in entry if w[-1] in level_chars)
                        found.update(level)
            elif kind == "pattern":
                for item in g.get("patterns") or [None]:
                    try:
                        # no canonical: the mention is its own canonical (重点30城, 一线城市)
                        patterns.append((regex.compile(item["regex"]), label, str(item.get("canonical", "")),
                                         bool(g.get("everywhere"))))
                    except (regex.error, KeyError, TypeError) as exc:
                        errors.append(f"{gid}: bad pattern {item!r} ({exc})")
            elif kind == "suffix":
                rule = SuffixRule(gid, label, tuple(_strings(g.get("bad_after", []), f"{gid}: bad_after", errors)),
                                  tuple(_strings(g.get("bad_before", []), f"{gid}: bad_before", errors)),
                                  bool(g.get("check_crossing")), bool(g.get("collapse_to_known")),
                                  frozenset(_strings(g.get("anchor_tags", []), f"{gid}: anchor_tags", errors)),
                                  frozenset(_strings(g.get("anchor_words", []), f"{gid}: anchor_words", errors)),
                                  bool(g.get("adjacent_anchor")), bool(g.get("word_after_place")))
                for suffix in _strings(g.get("suffixes"), f"{gid}: suffixes", errors):
                    if suffix in suffixes:
                        errors.append(f"{gid}: suffix {suffix!r} already in {suffixes[suffix].rule_id}")
                    suffixes[suffix] = rule
                    if g.get("level"):
                        suffix_levels[suffix] = str(g["level"])
            elif g.get("direction") not in ("title_first", "name_first"):
                errors.append(f"{gid}: direction must be title_first or name_first")
            else:
                words = _strings(g.get("titles"), f"{gid}: titles", errors)
                titles[g["direction"]].update(words)
                titles["strict"].update(words if g.get("strict_boundary") else ())
    raw = data.get("suffix_settings", {})
    settings: dict[str, object] = {k: raw.get(k, d) for k, d in
                                   (("min_name_chars", 2), ("max_name_chars", 20), ("anchor_min_freq", 10),
                                    ("short_name_min_chars", 3))}
    if not all(type(v) is int and v >= 0 for v in settings.values()):
        errors.append("suffix_settings: min_name_chars, max_name_chars, anchor_min_freq, short_name_min_chars "
                      "must be integers >= 0")
        settings.update(min_name_chars=2, max_name_chars=20, anchor_min_freq=10, short_name_min_chars=3)
    settings["short_name_suffixes"] = tuple(sorted(_strings(raw.get("short_name_suffixes", []),
                                                            "suffix_settings.short_name_suffixes", errors), key=len, reverse=True))
    for key in ("descriptors", "short_name_drop_words", "short_name_kept_suffixes"):
        settings[key] = tuple(sorted(_strings(raw.get(key, []), f"suffix_settings.{key}", errors), key=len, reverse=True))
    for key in ("stop_tags", "single_stop_tags", "anchor_tags", "stop_words", "name_verbs",
                "name_words", "anchor_words", "non_anchor_names"):
        settings[key] = frozenset(_strings(raw.get(key, []), f"suffix_settings.{key}", errors))
    settings["level_chars"] = level_chars
    for key in ("place_not_followed_by", "name_runs_into", "full_name_labels"):
        settings[key] = tuple(_strings(data.get("gazetteer_settings", {}).get(key, []), f"gazetteer_settings.{key}", errors))
    pr = data.get("person_settings", {})
    settings["repeat_person_names"] = bool(pr.get("repeat_names", True))
    person: dict[str, frozenset[str]] = {}
    for key in ("surnames", "ambiguous_surnames", "break_chars", "left_context"):
        if not isinstance(pr.get(key), str) or not pr[key].strip():
            errors.append(f"person_settings.{key}: expected a non-empty string of characters")
        person[key] = frozenset(ch for ch in str(pr.get(key, "")) if not ch.isspace())
    person["compound_surnames"] = frozenset(_strings(pr.get("compound_surnames", []), "person_settings.compound_surnames", errors))
    parts = [*names, *suffixes, *settings["name_words"], *settings["anchor_words"]]
    return EntityConfig(
        names=MappingProxyType(names), names_scan=WordScan(names) if names else None, patterns=tuple(patterns),
        suffixes=MappingProxyType(suffixes), suffix_scan=WordScan(suffixes) if suffixes else None,
        settings=MappingProxyType(settings), title_first_re=_alternation(titles["title_first"]),
        title_first_scan=WordScan(titles["title_first"]) if titles["title_first"] else None,
        name_first_re=_alternation(titles["name_first"]), strict_titles=frozenset(titles["strict"]),
        person=MappingProxyType(person), rule_ids=tuple(ids), aliases=tuple(aliases),
        place_levels=MappingProxyType({k: frozenset(v) for k, v in levels.items() if v}),
        model=load_model_settings(data.get("model_settings"), errors, settings["descriptors"]),
        suffix_levels=MappingProxyType(suffix_levels),
        long_ends=word_ends(parts), name_parts=frozenset(parts))


def find_entities(text: str, config: EntityConfig, words: Sequence[Word] = ()) -> list[Mention]:
    """All non-overlapping entity mentions in `text`, sorted by start; offsets index `text`.

    `words` are the tagger model's (offsets into `text`); its names are candidates too.
    A single line break between two CJK characters (column layout) is read through.  Where
    candidates overlap the longest wins, then gazetteer/pattern over person over suffix rules
    over the model, then the earlier one — so the result is deterministic."""
    tags, freq = lexicon()
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
    names, runs_into, not_followed = config.names, config.settings["name_runs_into"], config.settings["place_not_followed_by"]
    for a, b, name in config.names_scan.spans(s) if config.names_scan else ():
        if (s[a] in ALNUM and a > 0 and s[a - 1] in ALNUM) or (s[b - 1] in ALNUM and b < len(s) and s[b] in ALNUM):
            continue  # a Latin name inside a longer Latin word
        if not s.startswith(runs_into, b) and cuts_through(s, a, b) and not any(s[a:n] in names for n in range(a + 1, b)):
            continue  # 联合国|内外 is 联合|国内外 (青岛市|区 keeps 青岛市: 青岛 is a name too)
        label, canonical = names[name]
        if label != "place" or not s.startswith(not_followed, b):
            cands.append((a, b, 0, label, canonical))  # not the 辽阳 of 辽阳东路 (a street)
    for pattern, label, canonical, everywhere in config.patterns:
        cands.extend(pattern_mentions(s, pattern, label, canonical, everywhere))
    cands.extend((a, b, 1, lab, can) for a, b, lab, can in person_mentions(s, config, tags, freq))
    suffixed = suffix_mentions(s, config, tags, freq)
    cands.extend((a, b, 2, lab, can) for a, b, lab, can in suffixed + short_names(s, suffixed, config))
    if words and config.model is not None:
        from_text = (lambda i: i) if to_text is None else (lambda i: bisect_left(to_text, i))
        cands.extend((from_text(a), from_text(b - 1) + 1, p, lab, can)
                     for a, b, p, lab, can in model_candidates(words, config.model))
    picked = _select(cands, len(s))
    if config.aliases:  # （以下简称“X”）: X is the entity before it, wherever the article names it
        more = alias_mentions(s, picked, config.aliases)
        if more:
            cands += more
            picked = _select(cands, len(s))
    longer = _named_in_full(s, picked, config.settings["full_name_labels"])
    if longer:
        picked = _select(cands + longer, len(s))  # (the declared short names stay among the candidates)
    chosen = []
    for a, b, label, canonical in picked:
        if to_text is not None:
            a, b = to_text[a], to_text[b - 1] + 1
        chosen.append(Mention(a, b, text[a:b], label, "".join(canonical.split())))
    return sorted(chosen, key=lambda m: m.start)


def pattern_mentions(s: str, pattern: regex.Pattern, label: str, canonical: str,
                     everywhere: bool) -> list[tuple[int, int, int, str, str]]:
    """Candidates of one pattern: the match, or its `name` group where it has one (华岳精密 of
    华岳精密（603917）); with `everywhere`, every other occurrence of that name in the article too."""
    out = []
    for m in pattern.finditer(s):
        a, b = m.span("name") if "name" in pattern.groupindex else m.span()
        if b > a:
            out.append((a, b, 0, label, canonical or s[a:b]))
            if everywhere:
                out.extend((i, i + b - a, 0, label, canonical or s[a:b]) for i in _occurrences(s, s[a:b]) if i != a)
    return out


def _named_in_full(s: str, picked: list[tuple[int, int, str, str]],
                   labels: Sequence[str]) -> list[tuple[int, int, int, str, str]]:
    """A name of one of `labels` found in part where the article names it in full elsewhere, with
    the same label (韩宇 in a headline, 韩宇航 in the body: the text reads 韩宇航 at both): the full
    name there too. One article names one person or firm one way; the tagger is not always as consistent."""
    full = {}
    for a, b, label, canonical in picked:
        if label in labels and b - a >= 2:
            full.setdefault(s[a:b], (label, canonical))
    starts = [a for a, _, _, _ in picked]
    out = []
    for name, (label, canonical) in full.items():
        for i in _occurrences(s, name):
            j = bisect_left(starts, i)
            while j < len(picked) and picked[j][0] < i + len(name):
                a, b, lab, _ = picked[j]
                if lab == label and b <= i + len(name) and b - a < len(name):
                    out.append((i, i + len(name), 3, label, canonical))
                    break
                j += 1
    return out


def _occurrences(s: str, word: str) -> list[int]:
    out, i = [], s.find(word)
    while i >= 0:
        out.append(i)
        i = s.find(word, i + len(word))
    return out


def _select(cands: list[tuple[int, int, int, str, str]], n: int) -> list[tuple[int, int, str, str]]:
    """Non-overlapping candidates: the longest first, then by priority, start, label, canonical."""
    taken = bytearray(n)
    out = []
    ranked = sorted((a - b, p, a, label, canonical, b) for a, b, p, label, canonical in set(cands))
    for _, _, a, label, canonical, b in ranked:
        if taken.find(1, a, b) >= 0:
            continue
        taken[a:b] = b"\x01" * (b - a)
        out.append((a, b, label, canonical))
    return sorted(out)
