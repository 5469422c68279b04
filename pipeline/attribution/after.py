"""The words right after a figure, for pipeline.attribution.metric's MetricReader.

What a figure counts or measures often stands after it: its counted noun (3.4亿用户, 5家|专卖店),
the thing a size describes (4.3英寸|屏幕), what a part of a group did (仅一只|下挫), or, for a
duration that ends its clause with 内, the next clause (3回合内，|无法行动). The words run up to a
stop, the next figure, a joiner before another figure or follow_max_chars, end after a whole word,
and leave out a note on the measure word (6市|（区）|) and a joiner that is a word of its own. The
methods read the reader's state (text, config, the claims' spans, the layout), so they live on a
base class of the reader.
"""
from __future__ import annotations

import re

from pipeline.attribution.cues import COLONS, starts_with_any, trim_tail
from pipeline.attribution.discourse import Clause, is_verb
from pipeline.lexicon import tag_of

NOTE = re.compile(r"[（(][^（）()]{1,8}[）)]")  # a short bracketed note: 10个县（市、区）
LABEL = re.compile(r"([\u4e00-\u9fff“”A-Za-z]{2,10})[：:]")  # a short label before a colon
_HAN = re.compile(r"[\u4e00-\u9fff]")


def _gap_at(text: str, i: int) -> bool:
    """A space at i parts two phrases (a headline's 高清屏幕 昂达…, a run of spaces), not a name's words (Mate 60)."""
    if not text[i:i + 1].isspace():
        return False
    return text[i:i + 2].isspace() or (_HAN.match(text, i - 1) is not None and _HAN.match(text, i + 1) is not None)


def _plain_note(text: str, at: int):
    """The short bracketed note with no digit in it that opens text[at:] (（市、区）), or None."""
    note = NOTE.match(text, at)
    return note if note and not any(ch.isdigit() for ch in note.group()) else None


class WordsAfter:
    """The readings of the words after a figure, for MetricReader (see the module docstring)."""

    def _within(self, k: int) -> str:
        """For a duration that ends its clause with 内 (…，3回合内，无法行动): the next clause of the
        same sentence, when it holds no figure; else ""."""
        i = self.lay.claim_clause[k]
        c, end = self.lay.clauses[i], self.spans[k][1]
        within = starts_with_any(self.text[end:c.end], self.cfg.within_after)
        if not within or self.text[end + len(within):c.end].strip(self.cfg.punctuation) or i + 1 >= len(self.lay.clauses):
            return ""
        n = self.lay.clauses[i + 1]
        if n.claims or n.sentence_start != c.sentence_start:
            return ""
        return trim_tail(self._lead(n, n.start, n.end), self.cfg.tail_trim, self.lay.cut, self.cfg.punctuation)

    def partitive(self, k: int, subject, metric: str) -> str:
        """For a count or share of a group named right before it and followed by what that part
        did (保守配置型基金|仅|一只|下挫, 股票型基金|约|四成半|飘红): what it did and the group's head
        noun (下挫基金, 飘红基金), as the part is that many of the group. `subject` is the chosen
        candidate (start, end, surface); `metric` the one read so far."""
        claim = self.claims[k]
        if claim["kind"] not in ("count", "percent") or subject is None or subject.start < 0 \
                or subject.label in ("place", "person"):
            return metric
        cs, ce = self.spans[k]
        c = self.lay.clauses[self.lay.claim_clause[k]]
        between = self.text[subject.end:cs]
        if not 0 <= len(between) <= self.cfg.partitive_max_gap or not c.start <= subject.start \
                or any(tag_of(w)[:1] == "n" for w in self.lay.cut(between)):
            return metric
        did = metric[len(subject.surface):] if metric.startswith(subject.surface) else metric
        did = did or self._follow(c, k, ce)[0]  # (保守配置型基金|下挫: the group, then what the part did)
        if not did or did not in self.text[ce:ce + len(did) + self.cfg.partitive_max_gap]:
            return metric  # (the words are not the ones after the figure)
        head = list(self.lay.cut(subject.surface))[-1]
        head = head[1:] if head[:1] in self.cfg.candidates.bound_starts else head  # 债券|型基金 -> 基金
        if any(tag_of(w)[:1] == "n" for w in self.lay.cut(did)) or len(head) < 2 or tag_of(head) != "n" \
                or subject.surface in self.cfg.scope_words:
            return metric
        return did + head

    def _nominal(self, words: str) -> bool:
        """`words` are a noun phrase of two characters or more, no verb in it (屏幕, 大底传感器; not
        土地种植小麦, not 时)."""
        return len(words) > 1 and not any(is_verb(w) for w in self.lay.cut(words))

    def _before_acts(self, noun: str) -> str:
        """A counted noun without the account of what it did, when that takes more than one verb and
        act_max_chars or more (1200名|环卫工人|忙着给城市做清洁 -> 环卫工人); a short one stays
        (400多名|建设者正配合验收, 10家|企业入选榜单)."""
        words = list(self.lay.cut(noun))
        verbs = [n for n, w in enumerate(words) if is_verb(w)]
        if len(verbs) < 2 or verbs[0] == 0 or len("".join(words[verbs[0]:])) < self.cfg.act_max_chars:
            return noun
        return "".join(words[:verbs[0]])

    def _counted_noun(self, c: Clause, k: int) -> tuple[str, int]:
        """The counted noun inside a count's own span (3.4亿用户 -> 用户) if that is its unit, with
        what is joined to it (60万归侨侨眷和海外侨胞); and where it ends."""
        claim = self.claims[k]
        unit = claim.get("unit") or ""
        cs, ce = self.spans[k]
        if claim["kind"] != "count" or len(unit) < 2 or tag_of(unit)[:1] in ("q", "m", "d") \
                or (self.unit_rx is not None and self.unit_rx.fullmatch(unit)):
            return "", ce
        span = self.text[cs:ce]
        if unit not in span:
            return "", ce
        noun = span[span.find(unit):]
        if self.text[ce:ce + 1] in self.cfg.joiners and not self.text[ce + 1:ce + 2].isdigit():
            more, end = self._follow(c, k, ce + 1)
            if more:
                return noun + self.text[ce] + more, end
        return noun, ce

    def _next_start(self, c: Clause, k: int) -> int:
        """Where the next claim of k's clause starts (the clause end when there is none)."""
        i = c.claims.index(k)
        return self.spans[c.claims[i + 1]][0] if i + 1 < len(c.claims) else c.end

    def _word_ends(self, s: str) -> list[int]:
        """Where each of jieba's words of `s` ends, in characters from its start."""
        ends, at = [], 0
        for w in self.lay.cut(s):
            at += len(w)
            ends.append(at)
        return ends

    def _follow(self, c: Clause, k: int, pos: int) -> tuple[str, int]:
        """The words from pos (after claim k), up to a stop, the next figure or follow_max_chars,
        and where they end."""
        text, cfg = self.text, self.cfg
        q = starts_with_any(text[pos:c.end], cfg.qualifier_after)
        pos += len(q) if q else 0
        note = _plain_note(text, pos)
        if note and note.end() < self._next_start(c, k):
            pos = note.end()  # 等6市|（区）|扩大…试点: a note on the measure word, the words after it still follow
        kind = self.claims[k]["kind"]
        if kind in ("count", "percent", "money", "multiple", "duration") and text.startswith(cfg.modifier_marker, pos):
            pos += len(cfg.modifier_marker)  # ５６％的|农户用上了自来水, 1200余人的|志愿者队伍, 5个小时的|紧急救援
            if kind == "duration":  # (what lasted so long, a noun; not 为期五天的|书博会在武汉闭幕)
                words, end = self._follow(c, k, pos)
                return (words, end) if self._nominal(words) else ("", pos - len(cfg.modifier_marker))
        limit = min(pos + cfg.follow_max_chars, self._next_start(c, k))
        limit = min([limit] + [m.end for m in c.mentions if m.start < pos < m.end])  # 31个|大城市
        end = pos
        while end < limit and text[end] not in cfg.follow_stops and not _gap_at(text, end) \
                and not cfg.item_number_rx.match(text, end) \
                and not (text[end] in cfg.joiners and text[end + 1:end + 2].isdigit()):
            end += 1  # (100个短语|1. at the thought of…: a list's first item; 6.7英寸屏幕|和5000毫安电池: another figure's)
        if end == pos + cfg.follow_max_chars:  # cut at the cap: end after the last whole word (强制性|国家标准, not 强制性国)
            end = pos + max((e for e in self._word_ends(text[pos:min(c.end, end + 8)]) if e <= end - pos), default=0)
        if text[end:end + 1] in COLONS and kind != "count" and LABEL.fullmatch(text, pos, end + 1):
            return "", end  # 25%|摩根上校：: the next item's label, not what the figure measures (三个|存储版本： is)
        words = text[pos:end].rstrip(cfg.punctuation + "".join(cfg.joiners) + cfg.item_marker)
        if words and len(words) < end - pos:  # a joiner that ends a word stays (电商平台参与, not 参)
            whole = next(e for e in self._word_ends(text[pos:end]) if e >= len(words))
            words = text[pos:pos + whole].rstrip(cfg.punctuation)
        if any(ch in cfg.joiners for ch in text[pos + len(words):end]):
            end = pos + len(words)  # 6个|篮板|和8次助攻: the noun ends before the joiner, the next figure's words start there
        at = 0
        for w in self.lay.cut(words):
            if at and w in cfg.follow_trim and at + len(w) < len(words):
                words, end = words[:at + len(w)], pos + at + len(w)  # 230个|议席中|赢得86席: the range ends the noun
                break
            at += len(w)
        note = _plain_note(text, end) if words else None
        if note and note.end() <= self._next_start(c, k):
            end = note.end()  # 10个县|（市、区）|、86个乡镇: the note on the noun is no part of what comes next
        return trim_tail(words, cfg.follow_trim, self.lay.cut, cfg.punctuation), end
