"""Property: a value written in any form that news and documents use comes back from the claims
stage with its value, its unit and its span.

The generator writes integers and decimals as ASCII digits (with and without thousands
separators), full-width digits, Chinese numerals (lower case and 大写), traditional characters,
with a scale word (万, 亿), as a range sharing the scale word, and with a unit or a currency.
Cases hypothesis found are kept below as explicit examples.
"""
from __future__ import annotations

from decimal import Decimal

from hypothesis import example, given, settings
from hypothesis import strategies as st

_LOWER = "零一二三四五六七八九"
_UPPER = "零壹贰叁肆伍陆柒捌玖"
_PLACES = {False: ("", "十", "百", "千"), True: ("", "拾", "佰", "仟")}
_TRADITIONAL = str.maketrans("万亿两个点圆", "萬億兩個點圓")
_FULLWIDTH = str.maketrans("0123456789.,%", "０１２３４５６７８９．，％")

# (how the unit is written, kind, unit in the table)
UNITS = [("元", "money", "CNY"), ("美元", "money", "USD"), ("公斤", "quantity", "公斤"), ("家", "count", "家"),
         ("万元", "money", "CNY"), ("亿元", "money", "CNY"), ("平方米", "quantity", "平方米")]
CONTEXT = "今年全市该项指标达到{}，同比有所变化。"


def _section(n: int, upper: bool) -> str:
    """0 < n < 10000 in Chinese numerals, zeros inside read as one 零 (1005 -> 一千零五)."""
    digits, places = (_UPPER if upper else _LOWER), _PLACES[upper]
    out, zero = [], False
    for place in range(3, -1, -1):
        d = n // 10 ** place % 10
        if d == 0:
            zero = bool(out)
            continue
        if zero:
            out.append(digits[0])
            zero = False
        out.append(digits[d] + places[place])
    return "".join(out)


def chinese(n: int, upper: bool = False) -> str:
    """A positive integer in Chinese numerals with 万/亿 sections (120030 -> 十二万零三十)."""
    groups = []
    for big in ("亿", "万", ""):
        size = {"亿": 10 ** 8, "万": 10 ** 4, "": 1}[big]
        part, n = divmod(n, size)
        groups.append((part, big))
    out, gap = "", False
    for part, big in groups:
        if part == 0:
            gap = bool(out)
            continue
        if out and (gap or part < 1000):
            out += (_UPPER if upper else _LOWER)[0]
        out += _section(part, upper) + big
        gap = False
    if not upper and out.startswith("一十"):
        out = out[1:]  # 十五, not 一十五
    return out


def grouped(n: int) -> str:
    return f"{n:,}"


def claim_at(read_claims, sentence: str, surface: str) -> dict | None:
    start = sentence.index(surface)
    return next((r for r in read_claims(sentence) if (r["start"], r["end"]) == (start, start + len(surface))), None)


def check(read_claims, written: str, unit_text: str, kind: str, unit: str, value: Decimal,
          high: Decimal | None = None) -> None:
    surface = written + unit_text
    sentence = CONTEXT.format(surface)
    got = claim_at(read_claims, sentence, surface)
    scale = {"万元": 10 ** 4, "亿元": 10 ** 8}.get(unit_text, 1)
    assert got is not None, (sentence, [(r["surface"], r["value"]) for r in read_claims(sentence)])
    assert (got["kind"], got["unit"]) == (kind, unit), sentence
    assert got["value"] == float(value * scale), sentence
    assert got["value_high"] == (None if high is None else float(high * scale)), sentence


integers = st.integers(min_value=1, max_value=999_999_999)
units = st.sampled_from(UNITS)


@settings(max_examples=150, deadline=None)
@given(n=integers, unit=units)
@example(n=10, unit=UNITS[0]).via("十 reads alone")
@example(n=100_005, unit=UNITS[3]).via("a zero inside a section")
@example(n=200_000_000, unit=UNITS[0]).via("两亿 and 二亿")
@example(n=1, unit=UNITS[3]).via("1家 counts, 一家 does not")
@example(n=1, unit=UNITS[0]).via("壹元 is money")
@example(n=100_000, unit=UNITS[2]).via("十万公斤: scale words alone after 十 are a number")
def test_integer_in_every_form(n: int, unit, read_claims) -> None:
    unit_text, kind, table_unit = unit
    if unit_text[0] in "万亿":
        n %= 10_000  # 1万万元 is no way to write 1亿元
        if n == 0:
            return
    forms = {str(n), grouped(n), str(n).translate(_FULLWIDTH), grouped(n).translate(_FULLWIDTH)}
    if not (kind == "count" and n == 1):  # 一家 is the article "a", never a count (spec)
        forms |= {chinese(n), chinese(n).translate(_TRADITIONAL)}
    if kind == "money":  # 大写 numerals write amounts (invoices, contracts, judgments)
        forms.add(chinese(n, upper=True))
    for written in forms:
        check(read_claims, written, unit_text, kind, table_unit, Decimal(n))


@settings(max_examples=100, deadline=None)
@given(whole=st.integers(min_value=0, max_value=99_999), frac=st.integers(min_value=1, max_value=99),
       scale=st.sampled_from(["", "万", "亿"]), unit=st.sampled_from([u for u in UNITS if not u[0].startswith(("万", "亿"))]))
def test_decimal_with_a_scale_word(whole: int, frac: int, scale: str, unit, read_claims) -> None:
    unit_text, kind, table_unit = unit
    digits = f"{whole}.{frac:02d}".rstrip("0")
    value = Decimal(digits) * {"": 1, "万": 10 ** 4, "亿": 10 ** 8}[scale]
    for written in (digits + scale, digits.translate(_FULLWIDTH) + scale, (digits + scale).translate(_TRADITIONAL)):
        check(read_claims, written, unit_text, kind, table_unit, value)


@settings(max_examples=100, deadline=None)
@given(low=st.integers(min_value=1, max_value=8), step=st.integers(min_value=1, max_value=9),
       scale=st.sampled_from(["万", "亿", "千万", "百亿", "十万"]), sep=st.sampled_from(["到", "至", "-", "~", "—", "--"]),
       chinese_digits=st.booleans())
@example(low=3, step=2, scale="万", sep="到", chinese_digits=True).via("三到五万元")
@example(low=3, step=1, scale="千万", sep="到", chinese_digits=False).via("3到4千万元")
def test_range_shares_the_scale_word(low: int, step: int, scale: str, sep: str, chinese_digits: bool,
                                     read_claims) -> None:
    high = min(low + step, 9)
    if high == low:
        return
    write = (lambda d: _LOWER[d]) if chinese_digits else str
    size = {"万": 10 ** 4, "亿": 10 ** 8, "千万": 10 ** 7, "百亿": 10 ** 10, "十万": 10 ** 5}[scale]
    check(read_claims, f"{write(low)}{sep}{write(high)}{scale}", "元", "money", "CNY",
          Decimal(low * size), Decimal(high * size))


@settings(max_examples=80, deadline=None)
@given(n=st.integers(min_value=1, max_value=9_999), frac=st.integers(min_value=0, max_value=9))
def test_percent_in_every_form(n: int, frac: int, read_claims) -> None:
    digits = f"{n}.{frac}" if frac else str(n)
    value = float(Decimal(digits))
    written_forms = [digits + "%", digits.translate(_FULLWIDTH) + "％", "百分之" + digits, "百分之" + grouped(n) if not frac else None,
                     "百分之" + chinese(n) + (f"点{_LOWER[frac]}" if frac else "")]
    for surface in filter(None, written_forms):
        sentence = CONTEXT.format(surface)
        got = claim_at(read_claims, sentence, surface)
        assert got is not None and (got["kind"], got["unit"], got["value"]) == ("percent", "%", value), sentence
