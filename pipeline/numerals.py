"""Exact values of the numeral spans that the claim patterns cut out of news text.

Chinese news mixes Arabic digits, Chinese numerals and scale words freely
(`806.2`, `一百零五`, `3.4亿`, `1亿2000多万`, `六七万`), and the values end up in
tables that are compared against each other, so everything here is exact
(`Decimal`), pure, and never raises on string input: a span that is not a
well-formed number yields None.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal, Inexact, InvalidOperation, localcontext
from typing import NamedTuple

DIGIT_CHARS = "〇零一二两三四五六七八九壹贰叁肆伍陆柒捌玖廿卅"
SCALE_CHARS = "十百千万亿拾佰仟"

_DIGIT_VALUE = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "两": 2}
_FOLD = str.maketrans(
    "０１２３４５６７８９．，壹贰叁肆伍陆柒捌玖拾佰仟貳參陸萬億兩點幾",
    "0123456789.,一二三四五六七八九十百千二三六万亿两点几",
)
_CN = "〇零一二两三四五六七八九廿卅"
_SCALES = "十百千万亿"
_SMALL_EXP = {"十": 1, "百": 2, "千": 3}
_BIG_EXP = {"万": 4, "亿": 8, "万亿": 12}
_NO_SMALL = 99  # last_small before any 十/百/千 in the current section

# 多/余 follow an Arabic digit or a scale and end the span or precede 万/亿: 390多万, 10余, 百余.
_MARKER = re.compile(rf"(?<=[0-9{_SCALES}])[多余](?=[万亿]|$)")
# Two adjacent ascending digits not inside a longer digit run: 六七万, 二三十, 十二三.
_PAIR = re.compile(
    rf"(?<![0-9{_CN}点])([一二两三四五六七八])([二两三四五六七八九])(?![0-9{_CN}点])"
)
_TOKEN = re.compile(
    r"(?P<ascii>[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?)"
    r"|(?P<cn>[〇零一二两三四五六七八九]+)(?:点(?P<frac>[〇零一二三四五六七八九]+))?"
    r"|(?P<tens>[廿卅])|(?P<big>万亿|万|亿)|(?P<small>[十百千])"
)
_FRACTION = re.compile(r"(.+?)分之(.+)")
_SLASH_FRACTION = re.compile(r"(\d{1,3})/(\d{1,3})")
# Vague amounts: 数/几 before scale words (数千万 is 1千万 to 10千万, 几十 10 to 100), 几 after
# 十 (十几 is 10 to 20, 三十几万 300000 to 400000).
_VAGUE_LEAD = re.compile(r"[数几](?P<scales>[十百千万亿]+)")
_VAGUE_TAIL = re.compile(r"(?P<head>.*十)几(?P<big>万亿|万|亿)?")
# ASCII digits (no separators), bare or with one of 万/亿/万亿 after a non-zero number; other
# forms (3千, 0万) go to the general reader, which knows their rules.
_PLAIN = re.compile(r"(?P<digits>(?:0|[1-9][0-9]{0,14})(?:\.[0-9]{1,12})?)(?P<scale>万亿|亿|万)?")
_PLAIN_SCALE = {"万亿": Decimal(10) ** 12, "亿": Decimal(10) ** 8, "万": Decimal(10) ** 4, None: Decimal(1)}
# A decimal point after a place word (五十点五, 一百点二五万): the tokenizer only reads 点 inside
# a digit run, so such a span is read as its whole part plus its decimals.
_PLACE_DECIMAL = re.compile(r"(?P<whole>.*[十百千])点(?P<frac>[〇零一二三四五六七八九]+)(?P<scale>万亿|万|亿)?")
# Arithmetic on parsed spans must be exact: rounding anywhere means the span was absurd.
_EXACT = Context(prec=60, traps=[Inexact, InvalidOperation])


@dataclass(frozen=True)
class Number:
    """A parsed numeral: `value` (low end of a pair range), `high` (top of a
    pair range such as 六七万, else None) and `over` (多/余 said "more than")."""

    value: Decimal
    high: Decimal | None
    over: bool


class _Tok(NamedTuple):
    value: Decimal | None  # None for a scale word
    exp: int = 0  # power of ten of a scale word
    positional: bool = False  # multi-digit Chinese run (二〇二〇): valid only as the whole span
    bare: bool = False  # single non-zero Chinese digit right after a scale (the 五 of 一万五)


def parse_number(text: str) -> Number | None:
    """Value of one numeral span (`390多万`, `1,234.5`, `一百零五`, `六七万`), or None
    if the span is not a well-formed number."""
    if not isinstance(text, str):
        return None
    plain = _PLAIN.fullmatch(text)
    if plain and not (plain["scale"] and Decimal(plain["digits"]) == 0):
        # the common case, 8739.59亿 or 13.1: no need for the general reader
        return Number(_tidy(Decimal(plain["digits"]) * _PLAIN_SCALE[plain["scale"]]), None, False)
    s = text.strip().translate(_FOLD).replace("个亿", "亿")  # 两个亿 is 2亿
    if "几" in s or "数" in s:
        return _vague(s)
    stripped = _MARKER.sub("", s)
    if "多" in stripped or "余" in stripped:
        return None
    over = stripped != s
    pairs = [m for m in _PAIR.finditer(stripped) if _DIGIT_VALUE[m[1]] + 1 == _DIGIT_VALUE[m[2]]]
    if len(pairs) > 1:
        return None
    try:
        with localcontext(_EXACT):
            decimal = _PLACE_DECIMAL.fullmatch(stripped)
            if decimal and not pairs:
                whole = _evaluate(_tokenize(decimal["whole"]))
                if whole is None:
                    return None
                frac = Decimal("0." + "".join(str(_DIGIT_VALUE[c]) for c in decimal["frac"]))
                scale = 10 ** _BIG_EXP[decimal["scale"]] if decimal["scale"] else 1
                return Number(_tidy((whole + frac) * scale), None, over)
            if not pairs:
                value = _evaluate(_tokenize(stripped))
                return None if value is None else Number(_tidy(value), None, over)
            m = pairs[0]  # a pair range is the numeral read twice, once with each digit
            low = _evaluate(_tokenize(stripped[: m.start()] + m[1] + stripped[m.end() :]))
            high = _evaluate(_tokenize(stripped[: m.start()] + m[2] + stripped[m.end() :]))
            if low is None or high is None:
                return None
            return Number(_tidy(low), _tidy(high), over)
    except ArithmeticError:
        return None


def _vague(s: str) -> Number | None:
    """A vague amount as its bounds: 数千万 -> 10000000-100000000, 几十 -> 10-100, 十几 -> 10-20."""
    lead = _VAGUE_LEAD.fullmatch(s)
    if lead:
        base = parse_number(lead["scales"])
        return None if base is None else Number(base.value, _tidy(base.value * 10), False)
    tail = _VAGUE_TAIL.fullmatch(s)
    if tail:
        big = tail["big"] or ""
        low, step = parse_number(tail["head"] + big), parse_number("十" + big)
        if low is None or step is None or low.high is not None or low.over:
            return None
        return Number(low.value, _tidy(low.value + step.value), False)
    return None


def parse_fraction_percent(text: str) -> Decimal | None:
    """Percent value of a Chinese fraction phrase (`三分之二` -> 66.67, `百分之三点五` -> 3.5,
    `十万分之三` -> 0.003, `一半` -> 50): exact where the division ends (a Decimal, never
    rounded), else rounded half-up to 2 decimals, or to 4 significant digits below 1 percent
    (`三十万分之一` -> 0.0003333); None for anything else, including approximate or range
    numerators (`百分之二十多`), which have no single value."""
    if not isinstance(text, str):
        return None
    s = text.strip().translate(_FOLD)
    if s in ("一半", "半数"):
        return Decimal(50)
    m = _FRACTION.fullmatch(s)
    slash = _SLASH_FRACTION.fullmatch(s)
    if not m and not slash:
        return None
    if slash:  # 1/3: a proper fraction only (3/1 and 9/11-like dates are no share)
        num, den = parse_number(slash[1]), parse_number(slash[2])
        if num is None or den is None or not 0 < num.value < den.value:
            return None
    else:
        den, num = parse_number(m[1]), parse_number(m[2])
    if den is None or num is None or den.value == 0:
        return None
    if den.over or num.over or den.high is not None or num.high is not None:
        return None
    try:
        with localcontext(_EXACT):
            return _tidy(num.value * 100 / den.value)
    except Inexact:
        with localcontext(Context(prec=60)):
            value = num.value * 100 / den.value
            places = Decimal("0.01") if abs(value) >= 1 else Decimal(1).scaleb(value.adjusted() - 3)
            return value.quantize(places, ROUND_HALF_UP)
    except ArithmeticError:
        return None


def fold(text: str) -> str:
    """Full-width digits, 大写 and traditional numerals as plain ones (叁佰萬 -> 三百万)."""
    return text.translate(_FOLD)


def to_float(d: Decimal) -> float:
    """`d` as a float64, the storage type of the output tables."""
    return float(d)


def _tokenize(s: str) -> list[_Tok] | None:
    """Split a marker-free span into numbers and scale words; None on a stray character."""
    toks: list[_Tok] = []
    pos = 0
    while pos < len(s):
        m = _TOKEN.match(s, pos)
        if not m:
            return None
        pos = m.end()
        after_scale = bool(toks) and toks[-1].value is None
        if m["ascii"]:
            toks.append(_Tok(Decimal(m["ascii"].replace(",", ""))))
        elif m["cn"]:
            run, frac, nxt = m["cn"], m["frac"], s[pos : pos + 1]
            # 两 is 2 only as the whole span or before a scale: 十两 is ten taels, not 12.
            if "两" in run and (run != "两" or frac or (nxt not in _SCALES if nxt else bool(toks))):
                return None
            # (一百零一点五: the zero still only marks the skipped place before a decimal)
            placeholder = after_scale and run[0] in "〇零" and (not frac or len(run.lstrip("〇零")) == 1)
            if placeholder:
                # The zero of 一百零五 / 一千零十 only marks a skipped place.
                run = run.lstrip("〇零")
                if len(run) > 1 or (not run and nxt in ("", "万", "亿")):
                    return None
                if not run:
                    continue
            digits = "".join(str(_DIGIT_VALUE[c]) for c in run)
            if frac:
                digits += "." + "".join(str(_DIGIT_VALUE[c]) for c in frac)
            bare = after_scale and len(run) == 1 and not frac and not placeholder
            toks.append(_Tok(Decimal(digits), positional=len(run) > 1, bare=bare))
        elif m["tens"]:
            toks += [_Tok(Decimal(2 if m["tens"] == "廿" else 3)), _Tok(None, 1)]
        else:
            toks.append(_Tok(None, _BIG_EXP[m["big"]] if m["big"] else _SMALL_EXP[m["small"]]))
    return toks


def _evaluate(toks: list[_Tok] | None) -> Decimal | None:
    """Sectioned evaluation: 十/百/千 build a chunk below 万; 万, 亿 and 万亿 close
    groups that must come in strictly decreasing order (1亿2000万, 5亿1万4千6百),
    except that 亿 may swallow a preceding 万 group (一万二千亿 = 1.2e12)."""
    if not toks or (len(toks) > 1 and any(t.positional for t in toks)):
        return None
    groups: list[tuple[Decimal, int]] = []  # (value already multiplied out, exponent)
    chunk, pending, last_small = Decimal(0), None, _NO_SMALL
    for i, tok in enumerate(toks):
        prev = toks[i - 1] if i else None
        if tok.value is not None:
            if pending is not None:
                return None
            pending = tok.value
            if tok.bare and i == len(toks) - 1 and prev is not None:
                pending *= 10 ** (prev.exp - 1)  # colloquial 一万五 = 15000, 三千五 = 3500
        elif tok.exp < 4:
            if pending is None:
                # Implicit 1: 十五, 百余, and 十 right after a scale (一千零十, 一百十).
                if not (prev is None or (tok.exp == 1 and prev.value is None)):
                    return None
                pending = Decimal(1)
            if i == 1 and tok.exp == 3 and pending >= 10 and (i + 1 == len(toks) or toks[i + 1].exp >= 4):
                # digits times one place word, as statistics write thousands: 44.8千公顷, 12千万
                chunk, pending, last_small = pending * 10**tok.exp, None, 0
                continue
            if not 0 < pending < 10 or tok.exp >= last_small:
                return None
            chunk += pending * 10**tok.exp
            pending, last_small = None, tok.exp
        else:
            val = _section(chunk, pending, last_small)
            empty = pending is None and not chunk
            if val is None or pending == 0 or (tok.exp == 12 and groups):
                return None
            while groups and groups[-1][1] < tok.exp:
                val += groups.pop()[0]
                empty = False
            if empty:
                if prev is not None:
                    return None
                val = Decimal(1)
            if groups and (groups[-1][1] == tok.exp or val >= 10 ** (groups[-1][1] - tok.exp)):
                return None
            groups.append((val * 10**tok.exp, tok.exp))
            chunk, pending, last_small = Decimal(0), None, _NO_SMALL
    rest = _section(chunk, pending, last_small)
    if rest is None or (groups and rest >= 10 ** groups[-1][1]):
        return None
    return sum((g for g, _ in groups), rest)


def _tidy(d: Decimal) -> Decimal:
    """Drop zeros that scaling left after the point (8739.59亿 -> 873959000000, not ...000.00)."""
    return d.quantize(Decimal(1)) if d == d.to_integral_value() else d.normalize()


def _section(chunk: Decimal, pending: Decimal | None, last_small: int) -> Decimal | None:
    """Chunk plus trailing units; None when the units overflow their place (二十15)."""
    if pending is None:
        return chunk
    if chunk and pending >= 10**last_small:
        return None
    return chunk + pending
