"""Numeric claims: run the patterns over the normalised text, pick the winners, read each one.

Patterns run over characters, not jieba tokens: claim boundaries cut through tokens (多万元,
万家 and 第七名 are single tokens). Candidates from every pattern, blockers included, compete
for the text: the longest match wins, then the higher priority. A winning blocker (a date, a
period, a name) simply removes what it covers.
"""
from __future__ import annotations

import hashlib
from bisect import bisect_right
from dataclasses import dataclass
from decimal import Decimal

import jieba
import regex

from pipeline.normalise import NormText
from pipeline.numerals import Number, parse_fraction_percent, parse_number, to_float
from pipeline.patterns import ClaimsConfig, Pattern

_ONLY_SCALE = regex.compile(r"[十百千万亿多余]+")
_NOT_ALONE = set("〇零壹贰叁肆伍陆柒捌玖拾佰仟廿卅")  # alone, these are word parts (零件, 陆续), not numbers
_LOOSE_DIGITS = regex.compile(r"[一二两三四五六七八九][〇零一二两三四五六七八九]")
_PAIR = {"一二", "二三", "三四", "四五", "五六", "六七", "七八", "八九"}
_NOUN_STOP = {"年", "月", "日", "号", "届", "期", "元", "的", "和", "与", "及", "等"}
_NOUN_WINDOW = 12


@dataclass(frozen=True)
class Candidate:
    """A pattern's reading of one stretch of normalised text (not yet mapped to raw)."""

    start: int
    end: int
    pattern: Pattern
    value: Decimal | None = None
    high: Decimal | None = None
    unit: str | None = None
    over: bool = False


def extract(text: str, config: ClaimsConfig, tok: jieba.Tokenizer | None = None) -> list[Candidate]:
    """Winning claim candidates in `text` (any string: an article's normalised text or one sentence)."""
    found: list[Candidate] = []
    for pattern in config.patterns:
        for m in pattern.rx.finditer(text):
            found.extend(_read(m, text, pattern, config, tok))
    found.sort(key=lambda c: (-(c.end - c.start), -c.pattern.priority, c.start))
    taken: list[tuple[int, int]] = []
    winners = []
    for cand in found:
        if any(cand.start < e and s < cand.end for s, e in taken):
            continue
        taken.append((cand.start, cand.end))
        if cand.pattern.kind != "none":
            winners.append(cand)
    winners.sort(key=lambda c: (c.start, c.end))
    return winners


def _read(m: regex.Match, text: str, p: Pattern, config: ClaimsConfig, tok) -> list[Candidate]:
    if p.kind == "none":
        return [Candidate(m.start(), m.end(), p)]
    num_text = m.group("num")
    num2_text = m.groupdict().get("num2")
    if num_text in p.reject_bare or not _plausible(num_text, p):
        return []
    if num2_text is not None and not _plausible(num2_text, p):
        return []
    value, high, over = _value(num_text, p)
    if value is None:
        return []
    if num2_text is not None:
        high, pair, _ = _value(num2_text, p)
        if high is None or pair is not None:
            return []
    unit_text = m.groupdict().get("unit")
    end = m.end()
    if p.unit_from_noun:
        noun = _counted_noun(text, end, tok)
        if noun is None:
            return []
        unit, end = noun, end + len(noun)
    elif p.unit_from:
        unit = config.tables[p.unit_from].get(unit_text or "", unit_text)
    elif p.unit_group:
        unit = m.group(p.unit_group)
    else:
        unit = p.unit
    over = over or any(ch in (unit_text or "") for ch in "多余")
    start = m.start()
    if high is not None and _is_from_to(text, start, config):
        first_end = _low_end(text, start, m.start("num2"), config)
        return [Candidate(start, first_end, p, value, None, unit, over),
                Candidate(m.start("num2"), end, p, high, None, unit, False)]
    if high is not None and value == high:
        high = None
    return [Candidate(start, end, p, value, high, unit, over)]


def _plausible(num_text: str, p: Pattern) -> bool:
    """Rejects numerals that are words, not numbers: a bare 万 or 千 (万家灯火), loose digit strings (一一)."""
    if num_text in _NOT_ALONE:
        return False
    if _ONLY_SCALE.fullmatch(num_text) and num_text not in ("十",) and not p.allow_bare_scale and p.value == "number":
        return False
    for pair in _LOOSE_DIGITS.findall(num_text):
        if pair not in _PAIR:
            return False
    return True


def _value(num_text: str, p: Pattern) -> tuple[Decimal | None, Decimal | None, bool]:
    """(value, high end of a pair range such as 六七万, written 多/余) under the pattern's value mode."""
    if p.value == "one":
        return Decimal(1), None, False
    if p.value == "fraction":
        return parse_fraction_percent(num_text), None, False
    number: Number | None = parse_number(num_text)
    if number is None:
        return None, None, False
    if p.value == "tenths":
        return number.value * 10, number.high * 10 if number.high is not None else None, number.over
    if p.value == "plus_half":
        if number.high is not None:
            return None, None, False
        return number.value + Decimal("0.5"), None, number.over
    return number.value, number.high, number.over


def _is_from_to(text: str, start: int, config: ClaimsConfig) -> bool:
    before = text[max(0, start - 4):start]
    for cue in config.pre_cues:
        if before.endswith(cue):
            before = before[: -len(cue)]
            break
    return any(before.endswith(cue) for cue in config.from_to_cues)


def _low_end(text: str, start: int, num2_start: int, config: ClaimsConfig) -> int:
    """Where the low figure of a from-to pair ends: before the separator and its spaces."""
    low = text[start:num2_start].rstrip()
    for sep in sorted(config.range_sep, key=len, reverse=True):
        if low.endswith(sep):
            low = low[: -len(sep)].rstrip()
            break
    return start + len(low)


def _counted_noun(text: str, end: int, tok) -> str | None:
    """The counted noun right after a number (3.4亿用户 -> 用户): dictionary nouns, up to three words."""
    from jieba.posseg import dt as posseg_dict

    if tok is None:
        return None
    tags = posseg_dict.word_tag_tab
    window = text[end:end + _NOUN_WINDOW]
    words = []
    for word in tok.cut(window, HMM=False):
        tag = tags.get(word, "")
        if word in _NOUN_STOP or not tag.startswith("n") or tag in ("nr", "ns", "nt"):
            break
        words.append(word)
        if len(words) == 3:
            break
    return "".join(words) or None


def qualifier(text: str, start: int, end: int, cand: Candidate, config: ClaimsConfig) -> str:
    """The qualifier from cue words around the claim (spec: exact/approx/nearly/over/under/range)."""
    if cand.high is not None:
        return "range"
    after = text[end:end + 3]
    for cue in sorted(config.post_cues, key=len, reverse=True):
        if after.startswith(cue):
            return config.post_cues[cue]
    before = text[max(0, start - 6):start]
    for attempt in (before, *(before[: -len(f)] for f in config.fillers if before.endswith(f))):
        if any(attempt.endswith(word) for word in config.not_cues):
            continue
        for cue in sorted(config.pre_cues, key=len, reverse=True):
            if attempt.endswith(cue):
                return config.pre_cues[cue]
    return "over" if cand.over else "exact"


def claim_id(article_id: str, start: int, end: int, kind: str) -> str:
    """Stable id: the same claim in the same article text keeps its id across runs and revisions."""
    return hashlib.sha256(f"{article_id}:{start}:{end}:{kind}".encode()).hexdigest()[:16]


def claims(article_id: str, raw: str, norm: NormText, sentence_starts: list[int],
           config: ClaimsConfig, tok: jieba.Tokenizer | None) -> list[dict]:
    """Stage helper: `claims` records of one article (attribution columns left empty).

    `sentence_starts` are the sentences' starts in normalised offsets, in order."""
    records = []
    for cand in extract(norm.text, config, tok):
        rs, re_ = norm.raw_span(cand.start, cand.end)
        records.append({
            "claim_id": claim_id(article_id, rs, re_, cand.pattern.kind),
            "article_id": article_id,
            "sentence_id": max(0, bisect_right(sentence_starts, cand.start) - 1),
            "start": rs,
            "end": re_,
            "surface": raw[rs:re_],
            "kind": cand.pattern.kind,
            "value": to_float(cand.value),
            "value_high": to_float(cand.high) if cand.high is not None else None,
            "unit": cand.unit,
            "qualifier": qualifier(norm.text, cand.start, cand.end, cand, config),
            "pattern_id": cand.pattern.id,
            "_nstart": cand.start,
            "_nend": cand.end,
        })
    return records
