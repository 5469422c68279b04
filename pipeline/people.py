"""People: personal names next to a title (市长赵豪志, 王清宪书记, 张岩摄), found again alone.

A name is a surname (single or compound, from configs/entities.toml [person_settings]) plus one
or two characters, checked against jieba's dictionary so common words (黄金, 高度) and verbs
right after a name (刘俏|认为) are not read as names. Used by pipeline.entities.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pipeline.entities import EntityConfig

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
MIN_FREQ = 50             # a dictionary word rarer than this does not count as "a word starts here"
_COMMON_WORD_FREQ = 3000  # a surname+char pair this common is a word, not a name (黄金, 高度)
_VERB_FREQ = 1000         # a verb this common right after a 2-char name ends it (刘俏|认为)


def _is_cjk(s: str, i: int) -> bool:
    """s[i] exists and is a CJK ideograph."""
    return 0 <= i < len(s) and CJK.match(s[i]) is not None


def _word_starts(s: str, i: int, tags: Mapping[str, str], freq: Mapping[str, int]) -> bool:
    """True if a common dictionary word of 2–4 characters starts at s[i] (表示, 介绍 …)."""
    return any(s[i:i + n] in tags and freq.get(s[i:i + n], 0) >= MIN_FREQ for n in (2, 3, 4)
               if i + n <= len(s))


def _plausible_name(s: str, i: int, n: int, cfg: EntityConfig, tags: Mapping[str, str],
                    freq: Mapping[str, int]) -> bool:
    """s[i:i+n] starts with a surname, is all CJK outside break characters, and its surname
    plus first given character is not a common word (高度, 于是, 黄金)."""
    ps = cfg.person
    cand = s[i:i + n]
    if len(cand) != n or not all(CJK.match(c) and c not in ps["break_chars"] for c in cand):
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


def person_mentions(s: str, cfg: EntityConfig, tags: Mapping[str, str],
                     freq: Mapping[str, int]) -> list[tuple[int, int, str, str]]:
    """People next to a title, in both orders, and found again alone: (start, end, "person", name)."""
    out, brk = [], cfg.person["break_chars"]
    for t, title_end, _ in cfg.title_first_scan.spans(s) if cfg.title_first_scan else ():
        i = title_end
        if t > 0 and freq.get(s[t - 1:t + 1], 0) >= MIN_FREQ or freq.get(s[i - 1:i + 1], 0) >= MIN_FREQ:
            continue  # the title is part of a longer word: 东部长江, 医院长期
        while i < len(s) and s[i] in " \u3000" and i - title_end < 2:
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
            bounded = before.isspace() if strict else (not CJK.match(before) or before in cfg.person["left_context"])
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
