"""Every pattern in configs/claims.toml keeps its own promises: its examples come out as claims of
that pattern (or, for blockers, leave no claim behind), its not_examples do not.

Examples are raw text with the expected claim marked «like this»; they go through `normalise`
like an article does, so layout breaks inside an example (380\\n万亩) are part of the test.
"""
from __future__ import annotations

import copy
import tomllib
from pathlib import Path

import pytest

from pipeline.claims import extract
from pipeline.normalise import NormText, normalise
from pipeline.patterns import ClaimsConfig, Pattern, load_claims_config, unmark
from pipeline.segment import tokenizer

ROOT = Path(__file__).resolve().parents[1]
RAW_CONFIG = tomllib.loads((ROOT / "configs" / "claims.toml").read_text(encoding="utf-8"))


def _load(data: dict) -> tuple[ClaimsConfig, list[str]]:
    errors: list[str] = []
    return load_claims_config(data, errors), errors


CONFIG, CONFIG_ERRORS = _load(RAW_CONFIG)
PATTERNS = list(CONFIG.patterns)


@pytest.fixture(scope="module")
def tok():
    return tokenizer(ROOT / "configs" / "userdict.txt")


def _norm_span(norm: NormText, start: int, end: int) -> tuple[int, int]:
    """The normalised span covering raw [start, end)."""
    inside = [i for i in range(len(norm.text)) if start <= norm.to_raw[i] < end]
    return inside[0], inside[-1] + 1


def test_config_loads_without_errors():
    assert CONFIG_ERRORS == []
    assert len(PATTERNS) == len(RAW_CONFIG["pattern"])


@pytest.mark.parametrize("pattern", PATTERNS, ids=[p.id for p in PATTERNS])
def test_examples(pattern: Pattern, tok):
    assert pattern.examples, f"{pattern.id} has no examples"
    for example in pattern.examples:
        raw, start, end = unmark(example)
        norm = normalise(raw, CONFIG.joinable_words)
        want = _norm_span(norm, start, end)
        found = extract(norm.text, CONFIG, tok)
        if pattern.kind == "none":
            overlapping = [norm.text[c.start:c.end] for c in found if c.start < want[1] and want[0] < c.end]
            assert not overlapping, f"{example!r}: blocked text still yields {overlapping}"
        else:
            got = [(c.start, c.end, c.pattern.id) for c in found]
            assert (*want, pattern.id) in got, (
                f"{example!r}: want {norm.text[want[0]:want[1]]!r} from {pattern.id}, got "
                f"{[(norm.text[s:e], pid) for s, e, pid in got]}")


@pytest.mark.parametrize("pattern", [p for p in PATTERNS if p.not_examples],
                         ids=[p.id for p in PATTERNS if p.not_examples])
def test_not_examples(pattern: Pattern, tok):
    for example in pattern.not_examples:
        norm = normalise(example, CONFIG.joinable_words)
        found = extract(norm.text, CONFIG, tok)
        if pattern.kind == "none":  # a blocker never wins a claim of its own: the text keeps its claim
            assert found, f"{example!r}: {pattern.id} should leave its claim, none is left"
            continue
        found = [norm.text[c.start:c.end] for c in found if c.pattern.id == pattern.id]
        assert not found, f"{example!r}: {pattern.id} should not match, got {found}"


def test_broken_config_reports_every_error_at_once():
    data = copy.deepcopy(RAW_CONFIG)
    data["qualifiers"]["pre"]["大约"] = "roughly"
    data["pattern"] = [
        {"id": "a", "kind": "money", "comment": "no unit said", "regex": "(?P<num>{NUM})元", "examples": ["«5元»"]},
        {"id": "b", "kind": "size", "comment": "bad kind", "regex": "(?P<num>{NUM})号", "unit": "号",
         "examples": ["«5号»"]},
        {"id": "c", "kind": "count", "comment": "unknown macro", "regex": "(?P<num>{NUM}){nosuchlist}", "unit": "个",
         "examples": ["«5个»"]},
        {"id": "d", "kind": "count", "comment": "does not compile", "regex": "(?P<num>{NUM}个", "unit": "个",
         "examples": ["«5个»"]},
        {"id": "e", "kind": "count", "comment": "no num group", "regex": "{NUM}个", "unit": "个", "examples": ["«5个»"]},
        {"id": "f", "kind": "count", "regex": "(?P<num>{NUM})个", "unit": "个", "examples": ["«5个»"]},
        {"id": "g", "kind": "count", "comment": "no examples", "regex": "(?P<num>{NUM})个", "unit": "个"},
        {"id": "h", "kind": "count", "comment": "unmarked example", "regex": "(?P<num>{NUM})个", "unit": "个",
         "examples": ["5个"]},
        {"id": "i", "kind": "count", "comment": "bad value mode", "regex": "(?P<num>{NUM})个", "unit": "个",
         "value": "squared", "examples": ["«5个»"]},
        {"id": "j", "kind": "count", "comment": "unknown table", "regex": "(?P<num>{NUM})个", "unit_from": "nope",
         "examples": ["«5个»"]},
        {"id": "l", "kind": "count", "comment": "typo", "regex": "(?P<num>{NUM})个", "unit": "个", "examples": ["«5个»"],
         "priorty": 3},
        {"id": "k", "kind": "count", "comment": "fine", "regex": "(?P<num>{NUM})个", "unit": "个", "examples": ["«5个»"]},
        {"id": "k", "kind": "count", "comment": "same id", "regex": "(?P<num>{NUM})件", "unit": "件", "examples": ["«5件»"]},
    ]
    config, errors = _load(data)
    text = "\n".join(errors)
    for needle in ("qualifiers.pre.大约 = 'roughly'", "'a': says nothing about its unit", "'b': kind 'size'",
                   "'c': unknown macro(s) {nosuchlist}", "'d': regex does not compile", "'e': regex has no (?P<num>",
                   "'f': missing 'comment'", "'g': has no examples", "'h': example '5个' must mark",
                   "'i': value 'squared'", "'j': unit_from 'nope'", "'k' appears twice", "'l': unknown key 'priorty'"):
        assert needle in text, f"missing error {needle!r} in:\n{text}"
    assert [p.id for p in config.patterns] == ["k", "k"]


@pytest.mark.parametrize("template, after", [
    ("(?P<num>{NUM})个", "(?:)个"),
    ("(?<=a)(?P<num>{NUM}分之{NUM})x", "(?:分之{NUM})x"),
    ("(?<![\\d.])(?=\\d{4}|x)(?P<num>{NUM})年", "(?:)年"),
    ("(?P<num>{NUM}|一半)", None),
    ("(?P<num>{NUM})a|b", None),
    ("第(?P<num>{NUM})名", None),
    ("(?P<unit>港币)\\K(?P<num>{NUM})元", None),
])
def test_split_anchored(template, after):
    from pipeline.patterns import split_anchored

    assert split_anchored(template) == after


def test_anchoring_is_decided_from_the_template():
    anchored = {p.id for p in CONFIG.anchored}
    scanned = {p.id for p in CONFIG.scanned}
    assert anchored | scanned == {p.id for p in PATTERNS} and not anchored & scanned
    assert "percent.sign" in anchored and "none.title" in scanned


def test_dispatch_never_drops_a_continuation():
    """At every number in the seed articles, each anchored pattern whose after-part matches there
    is among those `continuations` keeps (the dispatch only saves time, never a claim)."""
    from pipeline.claims import _AHEAD, _BACK
    from pipeline.patterns import continuations

    text = normalise("".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))),
                     CONFIG.joinable_words).text
    checked = 0
    for num in CONFIG.number_rx.finditer(text):
        end = num.end()
        back = max(0, end - _BACK)
        kept = set(continuations(CONFIG, text[back:end + _AHEAD], end - back))
        for i, rx in enumerate(CONFIG.after_rxs):
            if rx.match(text, end):
                assert i in kept, f"{CONFIG.anchored[i].id} dropped at {text[num.start():end + 8]!r}"
                checked += 1
    assert checked > 100


# --- patterns tried only where their leading character class matches ------------------------

@pytest.mark.parametrize(("template", "shift"), [
    ('(?<=[“"「])(?P<num>\\d+)', 1),
    ("(?=[$¥A-Z])(?P<num>\\d+)", 0),
    ("(?<=[a])x|y", None),        # the second branch may start anywhere
    ("(?<=占)(?P<num>\\d+)", None),  # no class
    ("(?P<num>\\d+)", None),
])
def test_lead_class(template: str, shift: int | None) -> None:
    from pipeline.patterns import lead_class
    got = lead_class(template)
    assert (got[1] if got else None) == shift


def test_led_patterns_find_what_a_full_scan_finds() -> None:
    """Every scanned pattern with a leading class finds, on the seeds, exactly the matches a
    search at every position finds."""
    from pipeline.claims import _led, _matches
    led = [p for p in CONFIG.scanned if p.lead is not None]
    assert led, "no pattern opens with a character class: the shortcut is dead code"
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        text = normalise(path.read_text(encoding="utf-8")).text
        for p in led:
            assert [m.span() for m in _led(p, text)] == [m.span() for m in _matches(p.rx, p.id, text)], p.id
