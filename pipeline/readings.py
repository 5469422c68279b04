"""How a matched claim's numbers become its value: value modes, shared scale words in ranges,
and the parts a pattern may match around the number (a half, a tenth, smaller coins).

Everything stays a Decimal here; pipeline.claims converts to float only when it writes a row.
"""
from __future__ import annotations

from decimal import Decimal

import regex

from pipeline.numerals import fold, parse_fraction_percent, parse_number

SCALED_MODES = {"tenths": Decimal(10), "hundredths": Decimal("0.01"), "permille": Decimal("0.1"),
                "number": Decimal(1), "mark": Decimal(1), "coins": Decimal(1)}
_SCALE_RUN = regex.compile(r"[十百千万亿]+$")
_BIG = regex.compile(r"[万亿]")
_HALF = Decimal("0.5")


def value_of(num_text: str, mode: str) -> tuple[Decimal | None, Decimal | None, bool]:
    """(value, high end of a pair or vague range such as 六七万 or 数千万, written 多/余) of a
    number under a pattern's value mode."""
    if mode in ("one", "half"):
        return Decimal(1 if mode == "one" else "0.5"), None, False
    if mode == "fraction":
        return parse_fraction_percent(num_text), None, False
    if mode == "discount":
        return _discount(num_text), None, False
    number = parse_number(num_text)
    if number is None:
        return None, None, False
    if mode in SCALED_MODES:
        k = SCALED_MODES[mode]
        return number.value * k, None if number.high is None else number.high * k, number.over
    if number.high is not None:
        return None, None, False
    if mode == "plus_half":
        return number.value + _HALF, None, number.over
    if number.value != number.value.to_integral_value():  # doublings: 翻两番 is 2**2
        return None, None, False
    return Decimal(2) ** int(number.value), None, False


def _discount(num_text: str) -> Decimal | None:
    """A discount in 折 as the percent of the price paid: 对折 50, 八折 80, 8.5折 85, 七五折 75
    (two digits are the percent itself); 十折 and more are no discount."""
    if num_text == "对":
        return Decimal(50)
    number = parse_number(num_text)
    if number is None or number.high is not None or number.over or not 0 < number.value < 100:
        return None
    if number.value == 10:
        return None
    return number.value * 10 if number.value < 10 else number.value


def mark(value: Decimal, groups: dict) -> Decimal:
    """A sports mark with the unit inside: the digits after it are decimals (9秒97 -> 9.97,
    6米82 -> 6.82); with 分 the number is minutes (3分03秒57 -> 183.57 seconds); with 小时 and
    minutes after it, the number is hours (2小时30分 -> 150 minutes: exact, where hours are not)."""
    if groups.get("min"):
        value = 60 * value + Decimal(int(groups["min"]))
    if groups.get("sec"):
        value = 60 * value + Decimal(int(groups["sec"]))
    if groups.get("frac"):
        value += Decimal(int(groups["frac"])) / (10 ** len(groups["frac"]))
    return value


def shared_scale(low: str, high: str) -> str:
    """The low end of a range with the scale words it shares with the high end: 5-10万元 is
    50000-100000, 三到五万元 30000-50000, 三千到四千万元 30000000-40000000, 七到八百亿
    70000000000-80000000000, 三到十万 30000-100000.

    The low end takes the longest tail of the high end's trailing scale words that still reads
    as a number below the high end; a low end with a scale word of its own takes only 万/亿,
    and only when it has neither."""
    low, high = fold(low), fold(high)
    run = _SCALE_RUN.search(high)
    if run is None or _BIG.search(low):
        return low
    high_number = parse_number(high)
    if high_number is None:
        return low
    words = run.group()
    own_scale = "百" in low or "千" in low
    for cut in range(len(words)):
        tail = words[cut:]
        if own_scale and not _BIG.match(tail):
            continue
        number = parse_number(low + tail)
        if number is not None and number.value < high_number.value:
            return low + tail
    return low


def extras(value: Decimal, groups: dict, mode: str, minor: dict[str, Decimal]) -> Decimal | None:
    """The value with the parts matched after the unit: `half` (两吨半, 四成半: half a unit),
    `tenth` (八成二: tenths of a unit), `minor1`/`minor2` with their `_unit` (12元5角, 46元3角2分,
    五美元又二十美分: smaller coins, at the factors of [vocab.minor_currency]); under the value
    mode `coins` the whole amount is in coins (50美分 is 0.5). None when a part does not read."""
    unit = SCALED_MODES.get(mode, Decimal(1))
    if mode == "coins":  # 50美分: the coin's factor
        factor = minor.get((groups.get("unit") or "").rstrip("钱"))
        return None if factor is None else value * factor
    if groups.get("half"):
        value += unit * _HALF
    if groups.get("tenth"):
        tenth = parse_number(groups["tenth"])
        if tenth is None or not 0 < tenth.value < 10:
            return None
        value += unit * tenth.value / 10
    for part in ("minor1", "minor2"):
        if groups.get(part):
            number = parse_number(groups[part])
            factor = minor.get(groups.get(part + "_unit") or "")
            if number is None or number.high is not None or factor is None:
                return None
            value += number.value * factor
    return value
