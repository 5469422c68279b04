"""Attribution: who each claim is about (subject), what it measures (metric), when (period),
whether it is a change and in which direction, and whether it is a goal rather than a result.

Everything works on the normalised view of one article, sentence by sentence, in text order,
so a subject left implicit is carried over from the text before it.
"""
from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass

import regex

from pipeline.normalise import NormText

_CLAUSE_BREAKS = "，,；;：:。！？!?\n"


@dataclass(frozen=True)
class AttributionConfig:
    """Cue words and patterns from configs/attribution.toml."""

    increase: tuple[str, ...]
    decrease: tuple[str, ...]
    target_cues: tuple[str, ...]
    period_rx: regex.Pattern
    lead_trim: tuple[str, ...]
    tail_trim: tuple[str, ...]
    borrow_if_only: frozenset[str]


def load_attribution_config(data: dict, errors: list[str]) -> AttributionConfig | None:
    """Build the attribution config, appending every problem to `errors`."""
    def words(section: str, key: str) -> tuple[str, ...]:
        value = data.get(section, {}).get(key)
        if not isinstance(value, list) or not value:
            errors.append(f"attribution.toml: [{section}] {key} must be a non-empty list of words")
            return ()
        return tuple(sorted(map(str, value), key=len, reverse=True))

    period = None
    try:
        period = regex.compile(data.get("period", {}).get("regex", ""))
    except regex.error as exc:
        errors.append(f"attribution.toml: [period] regex does not compile ({exc})")
    config = AttributionConfig(
        increase=words("change", "increase"), decrease=words("change", "decrease"),
        target_cues=words("target", "cues"), period_rx=period,
        lead_trim=words("metric", "lead_trim"), tail_trim=words("metric", "tail_trim"),
        borrow_if_only=frozenset(words("metric", "borrow_if_only")),
    )
    return None if period is None else config


def _norm_pos(norm: NormText, raw_pos: int) -> int:
    return bisect_left(norm.to_raw, raw_pos, 0, len(norm.to_raw) - 1)


def trim_metric(text: str, config: AttributionConfig) -> str:
    """Strip connectives in front and cue words at the back until nothing more comes off."""
    changed = True
    while changed and text:
        changed = False
        for word in config.lead_trim:
            if text.startswith(word) and len(text) > len(word):
                text, changed = text[len(word):], True
                break
        for word in config.tail_trim:
            if text.endswith(word):
                text, changed = text[: -len(word)], True
                break
    return text.strip(" “”\"'（）()、")


def change_of(before: str, config: AttributionConfig) -> str | None:
    """'increase' / 'decrease' when the words right before the number say it is a change."""
    tail = before[-6:]
    best, where = None, -1
    for direction, cues in (("increase", config.increase), ("decrease", config.decrease)):
        for cue in cues:
            pos = tail.rfind(cue)
            if pos > where:
                best, where = direction, pos
    return best


def attribute(article: dict, norm: NormText, sentences: list[tuple[int, int, int]], entities: list[dict],
              claims: list[dict], config) -> list[dict]:
    """Stage helper: the article's claims with the attribution columns filled."""
    cfg: AttributionConfig = config.attribution
    text = norm.text
    mentions = sorted((_norm_pos(norm, e["start"]), _norm_pos(norm, e["end"]), e) for e in entities)
    mention_starts = [m[0] for m in mentions]
    fallback = _dominant(entities)
    out = []
    prev: dict | None = None
    carried: tuple[str, str] | None = None
    for claim in sorted(claims, key=lambda c: c["start"]):
        cs, ce = _norm_pos(norm, claim["start"]), _norm_pos(norm, claim["end"])
        sid, ss, se = _sentence_of(sentences, cs)
        clause_start = max(ss, max(text.rfind(ch, ss, cs) for ch in _CLAUSE_BREAKS) + 1)
        if prev is not None and prev["_sid"] == sid and prev["_nend"] > clause_start:
            clause_start = prev["_nend"]
        window = text[clause_start:cs]
        # the subject: the nearest entity before the claim in its sentence, else carried over
        i = bisect_left(mention_starts, cs)
        subject = None
        for ms, me, e in reversed(mentions[:i]):
            if ms < ss:
                break
            if me <= cs:
                subject = (e["surface"], e["entity_id"])
                if ms >= clause_start:
                    window = text[me:cs]
                break
        if subject is None:
            subject = carried or fallback
        carried = subject
        periods = list(cfg.period_rx.finditer(text, ss, cs))
        for p in periods:
            if p.end() > clause_start and p.start() >= clause_start:
                window = text[p.end():cs] if p.end() <= cs else window
        metric = trim_metric(window, cfg)
        if prev is not None and prev["_sid"] == sid and (not metric or metric in cfg.borrow_if_only):
            metric = (prev["metric"] or "") + metric
        record = dict(claim)
        record.update({
            "subject": subject[0] if subject else None,
            "subject_entity_id": subject[1] if subject else None,
            "metric": metric or None,
            "period": periods[-1].group() if periods else None,
            "period_year": _year(periods[-1].group()) if periods else None,
            "change": change_of(text[clause_start:cs], cfg),
            "is_target": any(cue in text[ss:cs] for cue in cfg.target_cues),
        })
        out.append(record)
        prev = dict(record, _sid=sid, _nend=ce)
    return out


def _sentence_of(sentences: list[tuple[int, int, int]], pos: int) -> tuple[int, int, int]:
    best = sentences[0] if sentences else (0, 0, pos)
    for sid, s, e in sentences:
        if s <= pos:
            best = (sid, s, e)
        else:
            break
    return best


def _year(period: str) -> int | None:
    m = regex.search(r"(?:19|20)\d{2}", period)
    return int(m.group()) if m else None


def _dominant(entities: list[dict]) -> tuple[str, str] | None:
    """The article's most-mentioned place (else entity): the subject when nothing nearer is named."""
    places = [e for e in entities if e["label"] == "place"] or entities
    if not places:
        return None
    canonical, _ = Counter(e["canonical"] for e in places).most_common(1)[0]
    forms = Counter(e["surface"] for e in places if e["canonical"] == canonical)
    surface = sorted(forms.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    eid = next(e["entity_id"] for e in places if e["canonical"] == canonical)
    return surface, eid
