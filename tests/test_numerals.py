"""Table tests for pipeline.numerals: one numeral span per line, exact Decimal results."""
from __future__ import annotations

import itertools
from decimal import Decimal

import pytest

from pipeline.numerals import (
    DIGIT_CHARS,
    SCALE_CHARS,
    Number,
    parse_fraction_percent,
    parse_number,
    to_float,
)

# (span, value, high or None, over); values are strings so the expected Decimals are exact.
NUMBERS = [
    # ASCII digits, decimals, full-width forms, thousands groups
    ("3713", "3713", None, False),
    ("806.2", "806.2", None, False),
    ("0.5", "0.5", None, False),
    ("0", "0", None, False),
    ("007", "7", None, False),
    (" 42 ", "42", None, False),
    ("１２３", "123", None, False),
    ("４５．６", "45.6", None, False),
    ("1,234.5", "1234.5", None, False),
    ("1，234", "1234", None, False),
    ("12,345,678", "12345678", None, False),
    ("１，２３４", "1234", None, False),
    # single Chinese digits and positional runs
    ("〇", "0", None, False),
    ("零", "0", None, False),
    ("一", "1", None, False),
    ("两", "2", None, False),
    ("九", "9", None, False),
    ("二〇二〇", "2020", None, False),
    ("二〇", "20", None, False),
    ("一九四九", "1949", None, False),
    ("九五", "95", None, False),
    ("一二三", "123", None, False),
    ("三五", "35", None, False),
    ("二三四五", "2345", None, False),
    # 十/百/千 with implicit and explicit multipliers
    ("十", "10", None, False),
    ("十五", "15", None, False),
    ("二十", "20", None, False),
    ("二十五", "25", None, False),
    ("百", "100", None, False),
    ("一百", "100", None, False),
    ("一百零五", "105", None, False),
    ("一百一十", "110", None, False),
    ("一千零十", "1010", None, False),
    ("一千零五十", "1050", None, False),
    ("三千五百", "3500", None, False),
    ("九千九百九十九", "9999", None, False),
    ("两千", "2000", None, False),
    ("千", "1000", None, False),
    # 廿 / 卅
    ("廿", "20", None, False),
    ("廿五", "25", None, False),
    ("卅", "30", None, False),
    ("卅一", "31", None, False),
    # financial forms
    ("壹", "1", None, False),
    ("拾", "10", None, False),
    ("壹佰贰拾叁", "123", None, False),
    ("伍仟零陆", "5006", None, False),
    ("玖拾玖", "99", None, False),
    ("叁万肆仟", "34000", None, False),
    # 点 as a decimal point
    ("三点五", "3.5", None, False),
    ("零点五", "0.5", None, False),
    ("十二点五", "12.5", None, False),
    ("三点一四一五", "3.1415", None, False),
    ("三点五亿", "350000000", None, False),
    ("十二点五万", "125000", None, False),
    ("一百零点五", "100.5", None, False),
    ("一百点五", "100.5", None, False),
    ("五十点五", "50.5", None, False),
    ("十点二五", "10.25", None, False),
    ("二十点五万", "205000", None, False),
    ("三千零五十点七亿", "305070000000", None, False),
    # colloquial trailing digit after a unit
    ("一万五", "15000", None, False),
    ("三千五", "3500", None, False),
    ("两万五千", "25000", None, False),
    ("两万五", "25000", None, False),
    ("一百二", "120", None, False),
    ("一亿二", "120000000", None, False),
    ("一万零五", "10005", None, False),
    # scale words after digits
    ("万", "10000", None, False),
    ("亿", "100000000", None, False),
    ("万亿", "1000000000000", None, False),
    ("千亿", "100000000000", None, False),
    ("百亿", "10000000000", None, False),
    ("十万", "100000", None, False),
    ("百万", "1000000", None, False),
    ("千万", "10000000", None, False),
    ("3千", "3000", None, False),
    ("20万", "200000", None, False),
    ("1.5万", "15000", None, False),
    ("3.4亿", "340000000", None, False),
    ("8739.59亿", "873959000000", None, False),
    ("56.1万亿", "56100000000000", None, False),
    ("3713万", "37130000", None, False),
    ("1,200万", "12000000", None, False),
    ("１．５万", "15000", None, False),
    ("0.5亿", "50000000", None, False),
    ("三十五万", "350000", None, False),
    ("三千五百万", "35000000", None, False),
    ("十万亿", "10000000000000", None, False),
    # mixed sections
    ("1亿2000万", "120000000", None, False),
    ("5亿1万4千6百", "500014600", None, False),
    ("2.5亿3000万", "280000000", None, False),
    ("一亿二千万", "120000000", None, False),
    ("一万二千亿", "1200000000000", None, False),
    ("1万2000亿", "1200000000000", None, False),
    ("1万亿2000亿", "1200000000000", None, False),
    ("三亿零五万", "300050000", None, False),
    ("一亿零一百", "100000100", None, False),
    ("1亿20", "100000020", None, False),
    # 多 / 余
    ("390多万", "3900000", None, True),
    ("20多", "20", None, True),
    ("1亿2000多万", "120000000", None, True),
    ("10余", "10", None, True),
    ("百余", "100", None, True),
    ("十多", "10", None, True),
    ("十余万", "100000", None, True),
    ("三十多亿", "3000000000", None, True),
    ("1000多", "1000", None, True),
    ("两百多", "200", None, True),
    ("万余", "10000", None, True),
    ("1.5万多", "15000", None, True),
    ("４０多万", "400000", None, True),
    # pair ranges
    ("六七万", "60000", "70000", False),
    ("二三十", "20", "30", False),
    ("三四", "3", "4", False),
    ("七八百", "700", "800", False),
    ("一二", "1", "2", False),
    ("八九", "8", "9", False),
    ("两三万", "20000", "30000", False),
    ("一两", "1", "2", False),
    ("十二三", "12", "13", False),
    ("一百二三十", "120", "130", False),
    ("三千五六百", "3500", "3600", False),
    ("四五十万", "400000", "500000", False),
    ("五六亿", "500000000", "600000000", False),
    ("二三十多万", "200000", "300000", True),
    ("三四百万", "3000000", "4000000", False),
    # vague amounts are their bounds (spec: 数千万元 -> 10000000-100000000, 几十年 -> 10-100)
    ("数千万", "10000000", "100000000", False),
    ("数十", "10", "100", False),
    ("几十", "10", "100", False),
    ("几百万", "1000000", "10000000", False),
    ("数十亿", "1000000000", "10000000000", False),
    ("十几", "10", "20", False),
    ("二十几", "20", "30", False),
    ("三十几万", "300000", "400000", False),
    ("十几亿", "1000000000", "2000000000", False),
    # traditional and financial forms read directly too
    ("萬", "10000", None, False),
    ("兩萬", "20000", None, False),
    ("三億", "300000000", None, False),
    ("壹佰貳拾參", "123", None, False),
    ("陸仟", "6000", None, False),
    ("肆佰叁拾萬", "4300000", None, False),
    ("三點五", "3.5", None, False),
]

INVALID = [
    "",
    "   ",
    "abc",
    "多",
    "余",
    ",",
    "，",
    ".",
    "点",
    "1..2",
    "1.",
    ".5",
    "1.2.3",
    "12,34",
    "1,2345",
    "1234,567",
    "十十",
    "百百",
    "千十百",
    "万万",
    "万万万",
    "亿亿",
    "一亿万",
    "3亿2万亿",
    "1亿2万亿",
    "1亿20000万",
    "1万20000",
    "二十15",
    "12十",
    "0十",
    "多万",
    "20多多",
    "一万多五",
    "3五",
    "二0二0",
    "二〇万",
    "一万二三四",
    "一千零",
    "三点",
    "点五",
    "-5",
    "+5",
    "5%",
    "1e5",
    "一二三四五六七八九十",
    "三四五六万",
    "十二三四",
    "一二三四万",
    "六七八九十",
    "一百个",
    "十两",
    "一万两",
    "两点五",
    "两〇",
    "三两",
    "二多",
    "二多十",
    "百多十",
    "十二多",
    "零万",
    "十零万",
    "零亿一",
    "1 000",
    "百分之五",
    "数",
    "几",
    "几个",
    "数万几",
    "一百几十",
    "٣",
    "1" * 70,
]

FRACTIONS = [
    ("2/3", "66.67"),  # a proper fraction with a slash (占2/3)
    ("1/4", "25"),
    ("一半", "50"),
    ("半数", "50"),
    (" 一半 ", "50"),
    ("三分之一", "33.33"),
    ("三分之二", "66.67"),
    ("四分之三", "75"),
    ("四分之一", "25"),
    ("五分之一", "20"),
    ("六分之一", "16.67"),
    ("八分之一", "12.5"),
    ("十分之一", "10"),
    ("十分之三", "30"),
    ("百分之四十", "40"),
    ("百分之三点五", "3.5"),
    ("百分之15", "15"),
    ("百分之0.125", "0.125"),
    ("百分之一百二十", "120"),
    ("百分之百", "100"),
    ("百分之零点五", "0.5"),
    ("千分之五", "0.5"),
    ("万分之三", "0.03"),
    ("3分之1", "33.33"),
    ("二十分之一", "5"),
    ("七分之一", "14.29"),
    # exact where the division ends, never rounded to zero
    ("十万分之三", "0.003"),
    ("万分之零点五", "0.005"),
    ("百万分之一", "0.0001"),
    ("三十万分之一", "0.0003333"),
    ("百分之2,350", "2350"),
    ("百分之三点五", "3.5"),
    ("三分之二", "66.67"),
    ("百分之三点一四一五九", "3.14159"),
]

NOT_FRACTIONS = [
    "",
    "3/2",   # a slash fraction above one is a ratio or a score, no share
    "0/3",
    "半",
    "一半多",
    "分之一",
    "三分之",
    "百分之",
    "零分之一",
    "百分之二十多",
    "百分之二三十",
    "三分之一分之二",
    "百分之abc",
    "50%",
    "三分一",
]


@pytest.mark.parametrize(("text", "value", "high", "over"), NUMBERS)
def test_parse_number(text: str, value: str, high: str | None, over: bool) -> None:
    expected = Number(Decimal(value), None if high is None else Decimal(high), over)
    assert parse_number(text) == expected


@pytest.mark.parametrize(("text", "value", "high", "over"), NUMBERS)
def test_parse_number_has_no_trailing_fraction_zeros(text: str, value: str, high: str | None, over: bool) -> None:
    # Scaled decimals must print as plain integers (873959000000, not 873959000000.00).
    number = parse_number(text)
    assert number is not None and str(number.value) == value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "三五", Number(Decimal(3), Decimal(5), False),
            marks=pytest.mark.xfail(strict=True, reason="only consecutive pairs are ranges; 三五 reads as positional 35"),
        ),
    ],
)
def test_known_misses(text: str, expected: Number) -> None:
    assert parse_number(text) == expected


@pytest.mark.parametrize("text", INVALID)
def test_parse_number_rejects(text: str) -> None:
    assert parse_number(text) is None


@pytest.mark.parametrize("char", DIGIT_CHARS)
def test_every_digit_char_parses_alone(char: str) -> None:
    number = parse_number(char)
    assert number is not None and number.high is None and not number.over
    assert number.value in {Decimal(n) for n in range(10)} | {Decimal(20), Decimal(30)}


@pytest.mark.parametrize("char", SCALE_CHARS)
def test_every_scale_char_parses_alone_as_a_power_of_ten(char: str) -> None:
    number = parse_number(char)
    assert number is not None
    assert number.value in {Decimal(10) ** e for e in (1, 2, 3, 4, 8)}


@pytest.mark.parametrize(("text", "percent"), FRACTIONS)
def test_parse_fraction_percent(text: str, percent: str) -> None:
    result = parse_fraction_percent(text)
    assert isinstance(result, Decimal) and result == Decimal(percent)


@pytest.mark.parametrize("text", NOT_FRACTIONS)
def test_parse_fraction_percent_rejects(text: str) -> None:
    assert parse_fraction_percent(text) is None


@pytest.mark.parametrize(
    ("d", "f"), [(Decimal("806.2"), 806.2), (Decimal("873959000000"), 873959000000.0), (Decimal("0"), 0.0)]
)
def test_to_float(d: Decimal, f: float) -> None:
    result = to_float(d)
    assert type(result) is float and result == f


def test_never_raises_on_short_strings() -> None:
    alphabet = "0159.,，多余点十百千万亿〇零一二两三九廿壹拾分之半a -"
    for n in range(1, 5):
        for chars in itertools.product(alphabet, repeat=n):
            text = "".join(chars)
            result = parse_number(text)
            assert result is None or isinstance(result.value, Decimal), text
            percent = parse_fraction_percent(text)
            assert percent is None or isinstance(percent, Decimal), text


def test_plain_fast_path_agrees_with_the_general_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    """ASCII numbers with one scale word take a fast path; it must read them exactly as the
    general reader does."""
    import random
    import re

    import pipeline.numerals as numerals

    rng = random.Random(7)
    texts = []
    for _ in range(3000):
        digits = str(rng.choice([0, rng.randint(1, 9), rng.randint(10, 99999), rng.randint(10**6, 10**12)]))
        if rng.random() < 0.5:
            digits += "." + str(rng.randint(0, 10**rng.randint(1, 6))).zfill(rng.randint(1, 3))
        texts.append(digits + rng.choice(["", "", "万", "亿", "万亿", "千", "百"]))
    fast = [numerals.parse_number(t) for t in texts]
    monkeypatch.setattr(numerals, "_PLAIN", re.compile(r"(?!)"))
    assert fast == [numerals.parse_number(t) for t in texts]
