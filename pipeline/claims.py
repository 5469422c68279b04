"""Numeric claims: run the patterns over the normalised text, pick the winners, read each one.

Patterns run over characters, not jieba tokens: claim boundaries cut through tokens (多万元,
万家 and 第七名 are single tokens). Candidates from every pattern, blockers included, compete
for the text: the longest match wins, then the higher priority. A winning blocker (a date, a
period, a name) simply removes what it covers.

One pass finds the numbers; patterns that start at a number are only tried at numbers whose
continuation fits them (see pipeline.patterns), so the cost grows with the numbers in the
text, not with text length times the number of patterns. A match is only read (its number
parsed) when it could still win.
"""
from __future__ import annotations

import hashlib
from bisect import bisect_right, insort
from decimal import Decimal
from typing import NamedTuple

import jieba
import regex

from pipeline.errors import PatternTimeout
from pipeline.normalise import NormText
from pipeline.numerals import to_float
from pipeline.patterns import TIME_BUDGET_S, ClaimsConfig, Pattern, continuations
from pipeline.readings import extras, mark, shared_scale, value_of

_ONLY_SCALE = regex.compile(r"[十百千万亿]+")
_NOT_ALONE = set("〇零壹贰叁肆伍陆柒捌玖拾佰仟廿卅")  # alone, these are word parts (零件, 陆续), not numbers
_LOOSE_DIGITS = regex.compile(r"[一二两三四五六七八九][〇零一二两三四五六七八九]")
_PAIR = {"一二", "二三", "三四", "四五", "五六", "六七", "七八", "八九"}
_NUMBERISH = set("0123456789.%‰〇零一二两三四五六七八九十百千万亿ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_NOUN_WINDOW = 12
# How far past a number an anchored pattern may look. Bounding the search matters: for a
# regex with a rare required literal (‰, 基点) an unbounded match() scans the rest of the text.
_WINDOW = 200
_BACK = 2  # characters before a number's end that a lookbehind right after it may inspect
_AHEAD = 2  # characters after a number's end that decide which patterns are tried there


class Candidate(NamedTuple):
    """A pattern's reading of one stretch of normalised text (not yet mapped to raw)."""

    start: int
    end: int
    pattern: Pattern
    value: Decimal | None = None
    high: Decimal | None = None
    unit: str | None = None
    over: bool = False


class _Hit(NamedTuple):
    """A pattern's match before it is read: its span (a counted noun or a minus sign included)."""

    start: int
    end: int
    pattern: Pattern
    at: int  # where the pattern's match starts
    num: tuple[int, int]  # the number's span
    match: regex.Match  # the whole match (scanned) or what follows the number (anchored: any
    # lookarounds before the number are only checked in _read, when the hit could still win)
    noun: str | None


def extract(text: str, config: ClaimsConfig, tok: jieba.Tokenizer | None = None) -> list[Candidate]:
    """Winning claim candidates in `text` (any string: an article's normalised text or one sentence)."""
    hits: list[_Hit | None] = []
    for pattern in config.scanned:
        found = _matches(pattern.rx, pattern.id, text) if pattern.lead is None else _led(pattern, text)
        for m in found:
            num = m.span("num") if "num" in pattern.rx.groupindex else (m.start(), m.start())
            hits.append(_hit(pattern, m.start(), m.end(), num, m, text, config, tok))
    anchored, after_rxs, dispatch, size = config.anchored, config.after_rxs, config.dispatch, len(text)
    for num in _matches(config.number_rx, "{NUM}", text):
        start, end = num.span()
        back = max(0, end - _BACK)
        key = text[back:end + _AHEAD]
        todo = dispatch.get(key)
        if todo is None:
            todo = continuations(config, key, end - back)
        for i in todo:
            try:
                m = after_rxs[i].match(text, end, min(size, end + _WINDOW), timeout=TIME_BUDGET_S)
            except TimeoutError:
                raise PatternTimeout(anchored[i].id) from None
            if m is not None:
                hits.append(_hit(anchored[i], start, m.end(), (start, end), m, text, config, tok))
    return _winners([h for h in hits if h is not None], text, config)


def _matches(rx: regex.Pattern, pattern_id: str, text: str):
    """rx.finditer(text), each search with its own time budget: a pattern that backtracks
    without end raises PatternTimeout(pattern_id) instead of hanging the run."""
    pos, size = 0, len(text)
    while pos <= size:
        try:
            m = rx.search(text, pos, timeout=TIME_BUDGET_S)
        except TimeoutError:
            raise PatternTimeout(pattern_id) from None
        if m is None:
            return
        yield m
        pos = m.end() if m.end() > m.start() else m.end() + 1


def _led(p: Pattern, text: str):
    """What _matches(p.rx, p.id, text) finds, for a pattern that opens with a lookaround of one
    character class (patterns.lead_class): the pattern is tried only where the class matches."""
    lead, shift = p.lead
    pos, size = 0, len(text)
    for c in lead.finditer(text):
        at = c.start() + shift
        if at < pos:
            continue
        try:
            m = p.rx.match(text, at, timeout=TIME_BUDGET_S)
        except TimeoutError:
            raise PatternTimeout(p.id) from None
        if m is not None:
            yield m
            pos = m.end() if m.end() > m.start() else m.end() + 1
            if pos > size:
                return


def _hit(p: Pattern, start: int, end: int, num: tuple[int, int], m: regex.Match, text: str,
         config: ClaimsConfig, tok) -> _Hit | None:
    noun = None
    if p.unit_from_noun:
        noun = _counted_noun(text, end, tok, config)
        if noun is None:
            return None
        end += len(noun)
    sign = _minus_sign(text, start, config) if p.signed else 0
    return _Hit(start - sign, end, p, start, num, m, noun)


def _order(item: _Hit | Candidate) -> tuple[int, int, int]:
    return item.start - item.end, -item.pattern.priority, item.start


def _winners(hits: list[_Hit], text: str, config: ClaimsConfig) -> list[Candidate]:
    """Longest first, then priority, then earliest; anything overlapping a taken span drops out.

    A hit that does not read as a claim leaves its text free; a from-to pair read out of one
    hit goes back into the queue as two candidates that compete on their own lengths."""
    queue: list[_Hit | Candidate] = sorted(hits, key=_order)
    taken = bytearray(len(text))
    winners = []
    i = 0
    while i < len(queue):
        item = queue[i]
        i += 1
        if taken.find(1, item.start, item.end) >= 0:
            continue
        if isinstance(item, _Hit):
            cands = _read(item, text, config)
            if len(cands) != 1:
                for c in cands:
                    insort(queue, c, lo=i, key=_order)
                continue
            item = cands[0]
        taken[item.start:item.end] = b"\x01" * (item.end - item.start)
        if item.pattern.kind != "none":
            winners.append(item)
    winners.sort(key=lambda c: (c.start, c.end))
    return winners


def _read(hit: _Hit, text: str, config: ClaimsConfig) -> list[Candidate]:
    """The candidates a hit stands for: none when its number does not read, two for a from-to pair."""
    p, m, num = hit.pattern, hit.match, hit.num
    if p.rematch:
        try:
            m = p.rx.match(text, hit.at, min(len(text), hit.at + _WINDOW), timeout=TIME_BUDGET_S)
        except TimeoutError:
            raise PatternTimeout(p.id) from None
        if m is None:
            return []
        num = m.span("num")
    if p.kind == "none":
        return [Candidate(hit.start, hit.end, p)]
    groups = m.groupdict()
    low, high_text, unit_text = text[num[0]:num[1]], groups.get("num2"), groups.get("unit")
    if high_text is not None:
        low = shared_scale(low, high_text)
    start, end = hit.at, hit.end
    if low in p.reject_bare or not _plausible(low, p, text, start, config):
        return []
    value, high, over = value_of(low, p.value)
    if p.value == "mark" and value is not None:
        value = mark(value, groups)
    if high_text is not None:
        if not _plausible(high_text, p, text, m.start("num2"), config):
            return []
        high, pair, _ = value_of(high_text, p.value)
        if pair is not None:
            return []
    if value is None or (high_text is not None and high is None):
        return []
    if p.extras:
        if high is not None:
            high = extras(high, groups, p.value, config.minor_currency)
        else:
            value = extras(value, groups, p.value, config.minor_currency)
        if value is None or (high_text is not None and high is None):
            return []
    unit = hit.noun or _unit(p, m, unit_text, config)
    over = over or any(ch in (unit_text or "") for ch in "多余")
    if high_text is not None:
        low_end = _from_to_low_end(text, start, m.start("num2"), config)
        if low_end is not None:
            return [Candidate(start, low_end, p, value, None, unit, over),
                    Candidate(m.start("num2"), end, p, high, None, unit, False)]
    if high is not None and high < value:
        return []  # no range runs downwards: two numbers side by side (a quote's price and change, 5.08 -0.20%)
    if high == value:
        high = None
    if hit.start < start:
        value = -value
    return [Candidate(hit.start, end, p, value, high, unit, over)]


def _unit(p: Pattern, m: regex.Match, unit_text: str | None, config: ClaimsConfig) -> str | None:
    for name in p.unit_from:
        unit = config.tables[name].get(unit_text or "")
        if unit is not None:
            return unit
    if p.unit_from:
        return unit_text
    return m.group(p.unit_group) if p.unit_group else p.unit


def _plausible(num_text: str, p: Pattern, text: str, start: int, config: ClaimsConfig) -> bool:
    """Rejects numerals that are words, not numbers: a bare 万 or 千 (万家灯火), loose digit strings (一一);
    十 and 十万, 十亿 are numbers (十万公斤).

    A bare scale word counts with 多/余 (百余家) or right after a cue word (近千名, 逾百家)."""
    if num_text in _NOT_ALONE and not (p.kind == "money" and num_text not in "〇零"):
        return False  # 壹元 is money, 陆续 and 零件 are words
    if (_ONLY_SCALE.fullmatch(num_text) and not num_text.startswith("十") and not p.allow_bare_scale
            and p.value == "number" and _pre_cue(text, start, config) is None):
        return False
    # a discount's two digits are positional (七五折 is 75), elsewhere only a pair range is (六七万)
    return p.value == "discount" or all(pair in _PAIR for pair in _LOOSE_DIGITS.findall(num_text))


def _minus_sign(text: str, start: int, config: ClaimsConfig) -> int:
    """Length of a minus sign right before the number (增长-3.2%, 负1.5, 零下5℃). A dash between
    two numbers is never a minus: after a digit, a letter, another dash, or a number's unit or
    note it separates a range or a code instead (10-15%, COVID-19, 2万元--8万元, 3万(含)-6万元),
    unless a space stands before it and none after (a quote's price and change: 5.08 -0.20%)."""
    for sign in config.minus_signs:
        before = start - len(sign)
        if before < 0 or not text.startswith(sign, before):
            continue
        if before and (text[before - 1] in _NUMBERISH or text[before - 1] in config.minus_not_after):
            continue
        if config.after_amount_rx.search(text, max(0, before - 16), before) and not (
                len(sign) == 1 and before and text[before - 1] in " \u3000"):
            continue
        return len(sign)
    return 0


def _from_to_low_end(text: str, start: int, num2_start: int, config: ClaimsConfig) -> int | None:
    """Where the first figure ends when a range is a change from one figure to another
    (从3家到5家, 由21.6%至44%): before the separator. None for a plain range."""
    before = text[max(0, start - 4):start]
    cue = next((c for c in config.pre_cues if before.endswith(c)), "")
    if not any(before[: len(before) - len(cue)].endswith(c) for c in config.from_to_cues):
        return None
    low = text[start:num2_start].rstrip()
    sep = next((s for s in config.range_sep if low.endswith(s)), "")
    return start + len(low[: len(low) - len(sep)].rstrip())


def _counted_noun(text: str, end: int, tok, config: ClaimsConfig) -> str | None:
    """The counted noun right after a number (3.4亿用户 -> 用户): up to three dictionary nouns,
    two of them joined by 和/与/及 (60万归侨侨眷和海外侨胞)."""
    from jieba.posseg import dt as posseg_dict

    if tok is None or config.unit_rx.match(text, end):
        return None  # a unit or measure follows (3000万欧元, 1.6万家规上企业): not a counted noun
    tags = posseg_dict.word_tag_tab

    def noun(word: str) -> bool:
        tag = tags.get(word, "")
        return word not in config.noun_stop and tag.startswith("n") and tag not in ("nr", "ns", "nt")

    words = list(tok.cut(text[end:end + _NOUN_WINDOW], HMM=False))
    kept, nouns = 0, 0
    for i, word in enumerate(words):
        joins = word in config.noun_joiners and nouns and i + 1 < len(words) and noun(words[i + 1])
        if not (joins or noun(word)) or (i and tags.get(word) == "nz"):
            break  # (三大运营商|齐发力: a dictionary oddity tags 齐发 a proper noun; only the first word may be one)
        kept, nouns = i + 1, nouns + (not joins)
        if nouns == 3:
            break
    return "".join(words[:kept]) or None


def _pre_cue(text: str, start: int, config: ClaimsConfig) -> str | None:
    """The qualifier of a cue word right before `start` (a filler such as 了 or 达到 may stand between),
    or of a cue before a short 的-phrase that names the base: 约占全省的|六成, 约为十年前的|5.8倍."""
    before = text[max(0, start - 6):start]
    for attempt in (before, *(before[: -len(f)] for f in config.fillers if before.endswith(f))):
        if attempt.endswith(config.not_cues):
            continue
        for n in range(len(attempt), -1, -1):  # the longest cue that ends the attempt
            qual = config.pre_cues.get(attempt[len(attempt) - n:])
            if qual is not None:
                return qual
    if config.base_phrase_rx is not None and text.endswith("的", 0, start):
        m = config.base_phrase_rx.search(text, max(0, start - 24), start)
        if m is not None:
            return config.pre_cues[m["cue"]]
    return None


def _post_cue(text: str, end: int, config: ClaimsConfig) -> str | None:
    """The qualifier of a cue word right after the claim (左右, 以上, 内), unless the cue only begins
    a longer word (上下游, 内部, 多元化)."""
    if not text.startswith(tuple(config.post_cues), end) or text.startswith(config.post_not_cues, end):
        return None
    return next((qual for cue, qual in config.post_cues.items() if text.startswith(cue, end)), None)


def qualifier(text: str, start: int, end: int, cand: Candidate, config: ClaimsConfig) -> str:
    """The qualifier from cue words around the claim (spec: exact/approx/nearly/over/under/range).

    A cue after the claim wins over one before it; 多/余 inside the number outweigh 达 and 高达."""
    if cand.high is not None:
        return "range"
    cue = _post_cue(text, end, config)
    if cue is not None:
        return cue
    cue = _pre_cue(text, start, config)
    if cue is not None and cue != "exact":
        return cue
    return "over" if cand.over else "exact"


def claim_id(article_id: str, start: int, end: int, kind: str) -> str:
    """Stable id: the same claim in the same article text keeps its id across runs and revisions."""
    return hashlib.sha256(f"{article_id}:{start}:{end}:{kind}".encode()).hexdigest()[:16]


def claims(article_id: str, raw: str, norm: NormText, sentence_starts: list[int],
           config: ClaimsConfig, tok: jieba.Tokenizer | None) -> list[dict]:
    """Stage helper: `claims` records of one article (attribution columns left empty).

    `sentence_starts` are the sentences' starts in normalised offsets, in order."""
    records = []
    currency = None  # of the latest money with its currency written out
    for cand in extract(norm.text, config, tok):
        rs, re_ = norm.raw_span(cand.start, cand.end)
        kind = cand.pattern.kind
        unit = cand.unit
        if kind == "money" and cand.pattern.unit_from_context:
            unit = currency or unit  # 马丁的年薪为千万美元…洛瑞的年薪是575万: dollars too
        elif kind == "money":
            currency = unit
        records.append({
            "claim_id": claim_id(article_id, rs, re_, kind), "article_id": article_id,
            "sentence_id": max(0, bisect_right(sentence_starts, cand.start) - 1),
            "start": rs, "end": re_, "surface": raw[rs:re_], "kind": kind, "value": to_float(cand.value),
            "value_high": to_float(cand.high) if cand.high is not None else None, "unit": unit,
            "qualifier": qualifier(norm.text, cand.start, cand.end, cand, config),
            "pattern_id": cand.pattern.id,
        })
    return records
