"""Claim patterns as data: configs/claims.toml loaded once into frozen dataclasses.

A pattern is a regex template over the normalised text plus how to read its match (kind,
unit, value). Macros in templates ({NUM}, {RANGE_SEP}, {<vocab list>}) are expanded here,
so the rules stay readable and every word list lives in one place.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import regex

KINDS = ("money", "percent", "percentage_point", "count", "quantity", "duration", "multiple", "rank")
VALUE_MODES = ("number", "fraction", "tenths", "plus_half", "one")

_DIGITS = r"(?:\d{1,3}(?:[,，]\d{3})+(?!\d)|\d+)(?:\.\d+)?"
_CN_PLAIN = "〇零一二两三四五六七八九廿卅壹贰叁肆伍陆柒捌玖拾佰仟万亿"
_GUARDED = "十百千"
_MACRO = regex.compile(r"(?<!\\[pP])\{([A-Za-z_]+)\}")  # not \p{Han}


@dataclass(frozen=True)
class Pattern:
    """One rule: where it matches, what kind of claim it makes, how unit and value are read."""

    id: str
    kind: str  # one of KINDS, or "none" for a blocker
    comment: str
    template: str
    rx: Any = field(repr=False, compare=False)
    priority: int = 10
    unit: str | None = None
    unit_from: str | None = None
    unit_group: str | None = None
    unit_from_noun: bool = False
    value: str = "number"
    allow_bare_scale: bool = False
    reject_bare: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()
    not_examples: tuple[str, ...] = ()


@dataclass(frozen=True)
class ClaimsConfig:
    """Everything claims extraction reads from configs/claims.toml."""

    patterns: tuple[Pattern, ...]
    tables: dict[str, dict[str, str]]  # unit tables: surface -> unit
    pre_cues: dict[str, str]
    post_cues: dict[str, str]
    fillers: tuple[str, ...]
    not_cues: tuple[str, ...]  # words that end in a cue but are not one (签约 is not 约)
    range_sep: tuple[str, ...]
    from_to_cues: tuple[str, ...]
    joinable_words: tuple[str, ...]  # unit words that layout breaks may split


def alternation(words: list[str]) -> str:
    """A longest-first regex alternation of literal words."""
    return "(?:" + "|".join(regex.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w))) + ")"


def number_regex(guards: dict[str, str]) -> str:
    """The {NUM} macro: digits and Chinese numerals with scale words and 多/余 inside."""
    guarded = "|".join(f"{ch}(?!{guards[ch]})" if ch in guards else ch for ch in _GUARDED)
    cn_char = f"(?:[{_CN_PLAIN}]|{guarded})"
    cn = f"{cn_char}+(?:点[〇零一二三四五六七八九]+)?"
    part = f"(?:{_DIGITS}|{cn})"
    return f"(?:{part}(?:[多余]?{part})*[多余]?)"


def load_claims_config(data: dict, errors: list[str]) -> ClaimsConfig:
    """Build the claims config, appending every problem to `errors` rather than stopping."""
    vocab = data.get("vocab", {})
    macros: dict[str, str] = {}
    tables: dict[str, dict[str, str]] = {}
    for name, entry in vocab.items():
        if isinstance(entry, list):
            macros[name] = alternation([str(w) for w in entry])
        elif isinstance(entry, dict) and name != "numeral_guards":
            tables[name] = {str(k): str(v) for k, v in entry.items()}
            macros[name] = alternation(list(tables[name]))
    macros["NUM"] = number_regex(vocab.get("numeral_guards", {}))
    macros["RANGE_SEP"] = r"\s?" + alternation(vocab.get("range_sep", ["-"])) + r"\s?"

    patterns = []
    seen: set[str] = set()
    for i, raw in enumerate(data.get("pattern", [])):
        pattern = _load_pattern(raw, i, macros, tables, errors)
        if pattern is None:
            continue
        if pattern.id in seen:
            errors.append(f"claims.toml: pattern id '{pattern.id}' appears twice")
        seen.add(pattern.id)
        patterns.append(pattern)

    quals = data.get("qualifiers", {})
    for side in ("pre", "post"):
        for cue, qual in quals.get(side, {}).items():
            if qual not in ("exact", "approx", "nearly", "over", "under"):
                errors.append(f"claims.toml: qualifiers.{side}.{cue} = '{qual}' is not a qualifier")
    joinable = [w for t in ("currency", "quantity_unit", "duration_unit") for w in tables.get(t, {})]
    joinable += [str(w) for w in vocab.get("measure", [])] + ["百分点", "个百分点"]
    return ClaimsConfig(
        patterns=tuple(patterns),
        tables=tables,
        pre_cues=dict(quals.get("pre", {})),
        post_cues=dict(quals.get("post", {})),
        fillers=tuple(quals.get("fillers", [])),
        not_cues=tuple(quals.get("not_cues", [])),
        range_sep=tuple(vocab.get("range_sep", [])),
        from_to_cues=tuple(vocab.get("from_to_cues", [])),
        joinable_words=tuple(sorted(set(joinable))),
    )


def _load_pattern(raw: dict, i: int, macros: dict[str, str], tables: dict, errors: list[str]) -> Pattern | None:
    pid = raw.get("id") or f"#{i + 1}"
    where = f"claims.toml: pattern '{pid}'"
    problems = []
    for key in ("id", "kind", "comment", "regex"):
        if not raw.get(key):
            problems.append(f"{where}: missing '{key}'")
    kind = raw.get("kind", "")
    if kind and kind not in KINDS and kind != "none":
        problems.append(f"{where}: kind '{kind}' is not one of {', '.join(KINDS)} or none")
    if raw.get("value", "number") not in VALUE_MODES:
        problems.append(f"{where}: value '{raw.get('value')}' is not one of {', '.join(VALUE_MODES)}")
    if raw.get("unit_from") and raw["unit_from"] not in tables:
        problems.append(f"{where}: unit_from '{raw['unit_from']}' is not a table under [vocab]")
    if kind and kind != "none" and not any(raw.get(k) for k in ("unit", "unit_from", "unit_group", "unit_from_noun")):
        problems.append(f"{where}: says nothing about its unit (unit, unit_from, unit_group or unit_from_noun)")
    if kind != "none" and not raw.get("examples"):
        problems.append(f"{where}: has no examples")
    template = raw.get("regex", "")
    unknown = sorted({m for m in _MACRO.findall(template) if m not in macros})
    if unknown:
        problems.append(f"{where}: unknown macro(s) {', '.join('{' + m + '}' for m in unknown)}")
    rx = None
    if not unknown and template:
        expanded = _MACRO.sub(lambda m: macros[m.group(1)], template)
        try:
            rx = regex.compile(expanded, regex.V0)
        except regex.error as exc:
            problems.append(f"{where}: regex does not compile ({exc})")
        else:
            if kind != "none" and "num" not in rx.groupindex:
                problems.append(f"{where}: regex has no (?P<num>...) group")
    errors.extend(problems)
    if problems:
        return None
    return Pattern(
        id=pid, kind=kind, comment=raw["comment"], template=template, rx=rx,
        priority=int(raw.get("priority", 10)), unit=raw.get("unit"), unit_from=raw.get("unit_from"),
        unit_group=raw.get("unit_group"), unit_from_noun=bool(raw.get("unit_from_noun", False)),
        value=raw.get("value", "number"), allow_bare_scale=bool(raw.get("allow_bare_scale", False)),
        reject_bare=tuple(raw.get("reject_bare", [])),
        examples=tuple(raw.get("examples", [])), not_examples=tuple(raw.get("not_examples", [])),
    )
