"""An article's text as HTML, with its claims and their subjects marked at their raw offsets.

Each claim becomes exactly one `<mark class="claim">` (its anchor, focusable, id `c-<id>`), so
the page holds one highlighted element per claim whatever overlaps. The text is cut at every
span boundary: a piece inside several spans is wrapped by each, outer spans first, and a
span that a boundary cuts continues in `<mark class="claim-part">` pieces. Subject mentions
are wrapped innermost, as `<span class="subj">`, split at claim boundaries where they cross.
"""
from __future__ import annotations

import math

from markupsafe import Markup, escape

KINDS = ("money", "percent", "percentage_point", "count", "quantity", "duration", "multiple", "rank")


def kind_class(kind: str) -> str:
    """The CSS class that colours a kind; kinds the stylesheet does not know share one colour."""
    return f"k-{kind}" if kind in KINDS else "k-other"


def _number(value: float) -> str:
    return f"{value:,.15g}" if abs(value) < 1e15 else f"{value:,.0f}"


def _chinese_scale(value: float) -> str:
    """A large value read the Chinese way (8,739.59亿, 230万), as articles write it."""
    for scale, word in ((1e8, "亿"), (1e4, "万")):
        if abs(value) >= scale:
            return f"{_number(round(value / scale, 4))}{word}"
    return ""


def format_value(value: float | None, value_high: float | None, unit: str | None) -> str:
    """A claim's value for reading: thousands separated, the range's high end, the unit, and
    for large amounts the value in 万/亿 (873959000000 CNY → 873,959,000,000 CNY (8,739.59亿))."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    has_high = value_high is not None and not math.isnan(value_high)
    text = _number(value) + (f"–{_number(value_high)}" if has_high else "")
    unit = unit or ""
    text += unit if unit == "%" else f" {unit}".rstrip()
    scaled = _chinese_scale(value)
    if scaled:
        text += f" ({scaled}" + (f"–{_chinese_scale(value_high)}" if has_high else "") + ")"
    return text


def _claim_open(claim: dict, first: bool, status: str) -> str:
    cid = escape(claim["anchor"])
    classes = " ".join(c for c in ("claim" if first else "claim-part", kind_class(claim["kind"]), status) if c)
    extra = f' id="c-{cid}" tabindex="0"' if first else ""
    return f'<mark class="{classes}" data-claim="{cid}"{extra}>'


def mark_text(text: str, claims: list[dict], subjects: list[dict], status: dict[str, str]) -> Markup:
    """The text as HTML: `claims` need `anchor`, `kind`, `start`, `end`; `subjects` (entity
    mentions) need `entity_id`, `start`, `end`; `status` maps an anchor to a CSS class
    (added, changed) for a review of a diff. Spans of no length are left out."""
    claims = [c for c in claims if c["end"] > c["start"]]
    subjects = [e for e in subjects if e["end"] > e["start"]]
    bounds = sorted({0, len(text)} | {p for s in claims + subjects for p in (s["start"], s["end"])})
    opening: dict[int, list[dict]] = {}
    for span in sorted(claims, key=lambda c: (c["start"], -c["end"])):
        opening.setdefault(span["start"], []).append(span)
    entering: dict[int, list[dict]] = {}
    for span in sorted(subjects, key=lambda e: (e["start"], -e["end"])):
        entering.setdefault(span["start"], []).append(span)
    open_claims: list[dict] = []
    open_subjects: list[dict] = []
    out: list[str] = []
    for a, b in zip(bounds, bounds[1:]):
        open_claims = [c for c in open_claims if c["end"] > a] + opening.get(a, [])
        open_subjects = [e for e in open_subjects if e["end"] > a] + entering.get(a, [])
        piece = str(escape(text[a:b]))
        if open_subjects:
            piece = f'<span class="subj" data-entity="{escape(open_subjects[-1]["entity_id"])}">{piece}</span>'
        for claim in reversed(open_claims):
            piece = _claim_open(claim, claim["start"] == a, status.get(claim["anchor"], "")) + piece + "</mark>"
        out.append(piece)
    return Markup("".join(out))


def snippet(text: str, start: int, end: int, context: int = 24) -> Markup:
    """A claim in a little of its text, the claim itself struck through (a removed claim)."""
    before = text[max(0, start - context):start]
    after = text[end:end + context]
    return Markup(f"…{escape(before)}<del>{escape(text[start:end])}</del>{escape(after)}…")
