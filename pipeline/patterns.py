"""Claim patterns as data: configs/claims.toml loaded once into frozen dataclasses.

A pattern is a regex template over the normalised text plus how to read its match (kind,
unit, value). Macros in templates ({NUM}, {RANGE_SEP}, {<vocab list>}) are expanded here,
so the rules stay readable and every word list lives in one place.

Speed: most patterns start at a number (`(?P<num>{NUM})`, lookarounds allowed before it).
Those are *anchored*: one pass finds every number, and at each number only the patterns
whose continuation fits the next character are tried (see `continuations`). Every other
pattern (a name in 《》, 第N, 前N个月, letters) is *scanned* over the whole text, so it should
start with a literal.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import regex

KINDS = ("money", "percent", "percentage_point", "count", "quantity", "duration", "multiple", "rank")
VALUE_MODES = ("number", "fraction", "tenths", "hundredths", "plus_half", "one", "half", "doublings", "permille", "mark",
               "discount", "coins")
EXTRA_GROUPS = ("half", "tenth", "minor1", "minor2")  # parts after the unit that add to the value (readings.extras)
QUALIFIERS = ("exact", "approx", "nearly", "over", "under")

_DIGITS = r"(?:\d{1,3}(?:[,，]\d{3})+(?!\d)|\d+)(?:\.\d+)?"
_CN_PLAIN = "〇零一二两三四五六七八九廿卅壹贰叁肆伍陆柒捌玖拾佰仟万亿"
_CN_DIGIT = "〇零一二两三四五六七八九廿卅壹贰叁肆伍陆柒捌玖"
_GUARDED = "十百千"
_MACRO = regex.compile(r"(?<!\\[pP])\{([A-Za-z_]+)\}")  # not \p{Han}
_LOOKAROUND = ("(?<=", "(?<!", "(?=", "(?!")
_ANCHOR_HEAD = "(?P<num>{NUM}"
_MARKED = regex.compile(r"«([^«»]+)»")
_LEAD = regex.compile(r"\(\?(<?)=(\[\^?\]?(?:[^\]\\{]|\\.)*\])\)")  # (?<=[class]) or (?=[class]) opening a template
_QUANTIFIER = regex.compile(r"(?:[*+]|\{\d*,\})(?![+])")  # repeats without bound, gives characters back
TIME_BUDGET_S = 1.0  # for one search of one pattern: a pattern over it backtracks without end
_PATTERN_KEYS = {"id", "kind", "comment", "regex", "priority", "unit", "unit_from", "unit_group", "unit_from_noun",
                 "value", "allow_bare_scale", "signed", "reject_bare", "examples", "not_examples",
                 "unit_from_context"}


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
    unit_from: tuple[str, ...] = ()  # unit tables tried in order; the unit as written if none has it
    unit_group: str | None = None
    unit_from_noun: bool = False
    value: str = "number"
    allow_bare_scale: bool = False
    signed: bool = False  # a minus sign right before the number makes it negative (增长-3.2%)
    unit_from_context: bool = False  # the unit of the article's latest money before it, else `unit` (年薪575万)
    reject_bare: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()
    not_examples: tuple[str, ...] = ()
    after: str | None = None  # expanded regex after the number when anchored, else None (scanned)
    rematch: bool = False  # anchored, but read from the whole match (lookarounds before, a longer num group)
    extras: bool = False  # the regex has a half, tenth or minor-coin group (readings.extras)
    lead: Any = field(default=None, repr=False, compare=False)  # scanned: (class, shift) of lead_class, or None


@dataclass(frozen=True)
class ClaimsConfig:
    """Everything claims extraction reads from configs/claims.toml."""

    patterns: tuple[Pattern, ...]
    tables: dict[str, dict[str, str]]  # unit tables: surface -> unit
    pre_cues: dict[str, str]  # cue -> qualifier, longest cue first
    post_cues: dict[str, str]
    fillers: tuple[str, ...]
    not_cues: tuple[str, ...]  # words that end in a cue but are not one (签约 is not 约)
    post_not_cues: tuple[str, ...]  # words that begin with a post cue but are not one (上下游 is not 上下)
    base_phrase_rx: Any  # a cue, a verb such as 占, and a 的-phrase up to the number (约占全省的|六成)
    range_sep: tuple[str, ...]
    from_to_cues: tuple[str, ...]
    joinable_words: tuple[str, ...]  # unit words that layout breaks may split
    noun_stop: frozenset[str] = frozenset()  # words that end a counted noun (3.4亿用户)
    noun_joiners: frozenset[str] = frozenset()  # words that may join two counted nouns (和)
    minus_signs: tuple[str, ...] = ()
    minus_not_after: str = ""  # characters before a sign that make it no minus (正负 is plus or minus)
    minor_currency: dict = field(default_factory=dict)  # coin word -> Decimal factor of the main unit (角 0.1)
    after_amount_rx: Any = field(default=None, repr=False, compare=False)  # a number (and unit) ends here
    unit_rx: Any = field(default=None, repr=False, compare=False)  # any unit or measure word: no counted noun
    number_rx: Any = field(default=None, repr=False, compare=False)  # {NUM}: the one number pass
    anchored: tuple[Pattern, ...] = ()
    scanned: tuple[Pattern, ...] = ()
    after_rxs: tuple[Any, ...] = field(default=(), repr=False, compare=False)  # each anchored pattern's after-part
    dispatch: dict[str, tuple[int, ...]] = field(default_factory=dict, repr=False, compare=False)


def alternation(words: list[str]) -> str:
    """A regex matching any of the literal words, longest first, as a prefix tree.

    (元|元人民币|美元 becomes 元(?:人民币)?|美元): the engine then tries one branch per
    character instead of every word, which matters for long unit and measure lists."""
    words = sorted({w for w in words if w})
    return "(?:" + _trie(words) + ")" if words else "(?!)"


def _trie(words: list[str]) -> str:
    branches: dict[str, list[str]] = {}
    for w in words:
        branches.setdefault(w[0], []).append(w[1:])
    alts = []
    for head, tails in sorted(branches.items()):
        rest = [t for t in tails if t]
        if not rest:
            alts.append(regex.escape(head))
            continue
        sub = _trie(rest)
        sub = f"(?:{sub})" if "|" in sub or len(rest) > 1 else sub
        alts.append(regex.escape(head) + (f"(?:{sub})?" if "" in tails else sub))
    return "|".join(alts)


def number_regex(guards: dict[str, str], vague_not_after: str = "", glued: bool = False) -> str:
    """The {NUM} macro: digits and Chinese numerals with scale words and 多/余 inside, and the
    vague 数/几 before scale words (数千万, 几十) or 几 after 十 (十几, 三十几万).

    Atomic (a number never gives characters back, so no pattern re-reads it shorter), split
    where a Chinese digit meets an Arabic one (统一5亿元 is 统一 + 5亿元; 亿2000 joins), and
    never glued to a letter before it (C919, G20 are codes) unless `glued` ({NUM_GLUED}, for a
    currency code right before the number: RMB300). 数 after one of `vague_not_after` ends a
    word (人数, 指数), so it is no numeral there."""
    guarded = "|".join(f"{ch}(?!{guards[ch]})" if ch in guards else ch for ch in _GUARDED)
    # lookbehinds after the literal: tried only where the literal is, not at every position
    not_after = f"(?<![{regex.escape(vague_not_after)}]数)" if vague_not_after else ""
    vague = f"(?:数{not_after}|几(?<![几好]几))(?=[十百千万亿])"
    # 两个亿: a 个 between a digit and 亿 is part of the number (two hundred million, not two of 亿)
    cn = (f"(?:[{_CN_PLAIN}]|{guarded}|几(?<=十几)(?!乎)|个(?<=[{_CN_DIGIT}十]个)(?=亿))+"
          f"(?:点[〇零一二三四五六七八九壹贰叁肆伍陆柒捌玖]+)?")
    # 零 opens a number only as itself or before 点 (找零|十块 is no 零十)
    first = f"(?:{_DIGITS}|(?:{vague})?(?!零[{_CN_PLAIN}{_GUARDED}]){cn})"
    more = f"(?:(?<![{_CN_DIGIT}]){_DIGITS}|{cn})"
    lead = "" if glued else "(?<![A-Za-z\\d])"
    return f"{lead}(?>{first}(?:[多余]?{more})*[多余]?)"


def split_anchored(template: str) -> str | None:
    """What must follow the number for an anchored pattern, or None when it has to be scanned.

    Anchored: only lookarounds before a `(?P<num>{NUM}...)` group that has no `|` of its own,
    and no `|` splitting the whole template. The answer is the template with everything up
    to and including that leading {NUM} cut off (the group's own `)` kept balanced)."""
    i = 0
    while template.startswith(_LOOKAROUND, i):
        i = _group_end(template, i)
    if not template.startswith(_ANCHOR_HEAD, i) or _has_top_level_bar(template):
        return None
    group = template[i:_group_end(template, i)]
    if _has_top_level_bar(group[len(_ANCHOR_HEAD):-1]):
        return None
    return "(?:" + template[i + len(_ANCHOR_HEAD):]


def _group_end(s: str, i: int) -> int:
    """Index just past the group that opens at s[i]."""
    return next((i + j + 1 for j, ch, depth in _structure(s[i:]) if ch == ")" and depth == 1), len(s))


def _has_top_level_bar(s: str) -> bool:
    return any(ch == "|" and depth == 0 for _, ch, depth in _structure(s))


def _structure(s: str):
    """(index, character, group depth) of a regex's characters outside escapes and [classes]."""
    depth, j = 0, 0
    while j < len(s):
        ch = s[j]
        if ch == "\\":
            j += 2
            continue
        if ch == "[":  # skip the class: a leading ^ or ] is part of it
            j += 1 + (s[j + 1:j + 2] == "^")
            j += s[j:j + 1] == "]"
            while j < len(s) and s[j] != "]":
                j += 2 if s[j] == "\\" else 1
            j += 1
            continue
        depth += ch == "("
        yield j, ch, depth
        depth -= ch == ")"
        j += 1


def lead_class(template: str) -> tuple[Any, int] | None:
    """For a template that opens with a lookaround of one character class, (?<=[“"「]) or
    (?=[$¥A-Z]): that class compiled, and where a match starts from a character of it (1: after
    it, 0: at it); None for any other template. The regex engine tries such a template at every
    position of the text (ten times as slow as finding the class); every match starts at one of
    these, so trying the template there alone finds the same matches."""
    m = _LEAD.match(template)
    if m is None or _has_top_level_bar(template):  # (?<=[“])x|y: y may start anywhere
        return None
    try:
        return regex.compile(m.group(2), regex.V0), len(m.group(1))
    except regex.error:
        return None


def nested_unbounded(template: str) -> str | None:
    """The first group that repeats without bound and holds a quantifier that does too, such
    as (a+)+: such a pattern can backtrack for longer than any article is worth. None when
    there is none. Macros count as single atoms ({NUM} is atomic, word lists are bounded);
    atomic groups (?>...) and possessive quantifiers (a++) give nothing back, so they pass."""
    s = _MACRO.sub("X", template)
    stack: list[list] = []  # per open group: [start index, holds an unbounded quantifier]
    for j, ch, _ in _structure(s):
        if ch == "(":
            stack.append([j, False])
        elif ch in "*+{" and _QUANTIFIER.match(s, j) and s[j - 1:j] not in ("*", "+", "?", "}", "(") and stack:
            stack[-1][1] = True
        elif ch == ")" and stack:
            start, inner = stack.pop()
            inner = inner and not s.startswith("(?>", start)
            repeated = _QUANTIFIER.match(s, j + 1)
            if inner and repeated:
                return s[start:repeated.end()]
            if stack and (repeated or inner):
                stack[-1][1] = True
    return None


def continuations(config: ClaimsConfig, key: str, at: int) -> tuple[int, ...]:
    """Indexes of the anchored patterns that could go on after a number, judged from `key`: the
    text around the number's end (`at` in key). Cached per key in `config.dispatch`.

    A pattern is kept unless no text starting with key[at:] can continue it (a partial match),
    so the answer never drops a match; lookbehinds right after the number see key[:at]."""
    found = config.dispatch.get(key)
    if found is None:
        found = tuple(i for i, rx in enumerate(config.after_rxs) if rx.match(key, at, partial=True))
        config.dispatch[key] = found
    return found


def unmark(example: str) -> tuple[str, int, int] | None:
    """An example without its «» markers, and where the marked text is; None if not marked once."""
    found = list(_MARKED.finditer(example))
    if len(found) != 1 or example.count("«") != 1 or example.count("»") != 1:
        return None
    m = found[0]
    return example[:m.start()] + m.group(1) + example[m.end():], m.start(), m.end() - 2


_ARABIC = str.maketrans("一二两三四五六七八九", "1223456789")


def _in_digits(phrase: str) -> str:
    """`phrase` with its Han digits written as Arabic ones (三位一体 -> 3位1体)."""
    return phrase.translate(_ARABIC)


def load_claims_config(data: dict, errors: list[str]) -> ClaimsConfig:
    """Build the claims config, appending every problem to `errors` rather than stopping."""
    vocab = data.get("vocab", {})
    macros: dict[str, str] = {}
    tables: dict[str, dict[str, str]] = {}
    digits = set(vocab.get("digit_variants_of", []))
    for name, entry in vocab.items():
        if isinstance(entry, list):
            words = [str(w) for w in entry]
            macros[name] = alternation(words + [_in_digits(w) for w in words if _in_digits(w) != w] if name in digits else words)
        elif isinstance(entry, dict) and name != "numeral_guards":
            tables[name] = {str(k): str(v) for k, v in entry.items()}
            macros[name] = alternation(list(tables[name]))
    guards, vague_not_after = vocab.get("numeral_guards", {}), "".join(vocab.get("vague_not_after", []))
    macros["NUM"] = number_regex(guards, vague_not_after)
    macros["NUM_GLUED"] = number_regex(guards, vague_not_after, glued=True)
    # a note may stand before the separator: 3万(含)-6万元
    note = alternation(vocab.get("range_notes", []))
    macros["RANGE_SEP"] = rf"\s?(?:{note}\s?)?" + alternation(vocab.get("range_sep", ["-"])) + r"\s?"

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
            if qual not in QUALIFIERS:
                errors.append(f"claims.toml: qualifiers.{side}.{cue} = '{qual}' is not a qualifier")
    joinable = [w for t in ("currency", "quantity_unit", "duration_unit") for w in tables.get(t, {})]
    joinable += [str(w) for w in vocab.get("measure", []) + vocab.get("joinable", [])]
    minor = _minor_currency(vocab.get("minor_currency", {}), errors)
    numchars = regex.escape(_CN_PLAIN + _GUARDED + "0123456789多余%‰")
    dashes = "".join(sorted({c for w in vocab.get("range_sep", ["-"]) for c in str(w) if not regex.match(r"\p{Han}", c)}))
    after_amount = f"(?:[{numchars}](?:{alternation(joinable)})?|[{regex.escape(dashes)}])(?:{note})?\\s*$"
    anchored = tuple(p for p in patterns if p.after is not None)
    after_rxs = tuple(regex.compile(p.after, regex.V0) for p in anchored)
    return ClaimsConfig(
        patterns=tuple(patterns),
        tables=tables,
        pre_cues=_longest_first(quals.get("pre", {})),
        post_cues=_longest_first(quals.get("post", {})),
        fillers=tuple(quals.get("fillers", [])),
        not_cues=tuple(quals.get("not_cues", [])),
        post_not_cues=tuple(quals.get("post_not_cues", [])),
        base_phrase_rx=_base_phrase_rx(quals, errors),
        range_sep=tuple(sorted(vocab.get("range_sep", []), key=len, reverse=True)),
        from_to_cues=tuple(vocab.get("from_to_cues", [])),
        joinable_words=tuple(sorted(set(joinable))),
        noun_stop=frozenset(str(w) for w in vocab.get("noun_stop", [])),
        noun_joiners=frozenset(str(w) for w in vocab.get("noun_joiners", [])),
        minus_signs=tuple(str(w) for w in vocab.get("minus_signs", [])),
        minus_not_after="".join(vocab.get("minus_not_after", [])),
        minor_currency=minor,
        after_amount_rx=regex.compile(after_amount),
        unit_rx=regex.compile(alternation(joinable)),
        number_rx=regex.compile(macros["NUM"], regex.V0),
        anchored=anchored,
        scanned=tuple(p for p in patterns if p.after is None),
        after_rxs=after_rxs,
    )


def _minor_currency(table: dict, errors: list[str]) -> dict:
    """[vocab.minor_currency]: coin word -> its factor of the main unit, as an exact Decimal."""
    out = {}
    for word, factor in table.items():
        try:
            out[str(word)] = Decimal(str(factor))
        except ArithmeticError:
            errors.append(f"claims.toml: vocab.minor_currency.{word} = {factor!r} is not a number")
    return out


def _base_phrase_rx(quals: dict, errors: list[str]) -> Any:
    """qualifiers.base_phrase: a pre cue, one of its verbs, then a short 的-phrase ending at the number."""
    spec = quals.get("base_phrase")
    if not spec:
        return None
    cues, verbs = spec.get("cues", []), spec.get("verbs", [])
    unknown = [c for c in cues if c not in quals.get("pre", {})]
    if unknown:
        errors.append(f"claims.toml: qualifiers.base_phrase.cues {unknown} are not pre cues")
        return None
    gap = int(spec.get("max_chars", 12))
    return regex.compile(f"(?P<cue>{alternation(cues)})(?:{alternation(verbs)})[^，。；：,;:、\n]{{1,{gap}}}的$")


def _longest_first(cues: dict[str, str]) -> dict[str, str]:
    """Cue words in the order they must be tried: 超过 before 超, 左右 before 左."""
    return dict(sorted(cues.items(), key=lambda kv: -len(kv[0])))


def _load_pattern(raw: dict, i: int, macros: dict[str, str], tables: dict, errors: list[str]) -> Pattern | None:
    pid = raw.get("id") or f"#{i + 1}"
    where = f"claims.toml: pattern '{pid}'"
    problems = []
    for key in ("id", "kind", "comment", "regex"):
        if not raw.get(key):
            problems.append(f"{where}: missing '{key}'")
    for key in sorted(set(raw) - _PATTERN_KEYS):
        problems.append(f"{where}: unknown key '{key}'")
    kind = raw.get("kind", "")
    if kind and kind not in KINDS and kind != "none":
        problems.append(f"{where}: kind '{kind}' is not one of {', '.join(KINDS)} or none")
    if raw.get("value", "number") not in VALUE_MODES:
        problems.append(f"{where}: value '{raw.get('value')}' is not one of {', '.join(VALUE_MODES)}")
    unit_from = raw.get("unit_from") or []
    unit_from = [unit_from] if isinstance(unit_from, str) else list(unit_from)
    for name in unit_from:
        if name not in tables:
            problems.append(f"{where}: unit_from '{name}' is not a table under [vocab]")
    if kind and kind != "none" and not any(raw.get(k) for k in ("unit", "unit_from", "unit_group", "unit_from_noun")):
        problems.append(f"{where}: says nothing about its unit (unit, unit_from, unit_group or unit_from_noun)")
    if not raw.get("examples"):
        problems.append(f"{where}: has no examples")
    for ex in [*raw.get("examples", []), *raw.get("not_examples", [])]:
        if not isinstance(ex, str):
            problems.append(f"{where}: example {ex!r} is not a string")
    for ex in raw.get("examples", []):
        if isinstance(ex, str) and unmark(ex) is None:
            problems.append(f"{where}: example '{ex}' must mark the expected text once, «like this»")
    template = raw.get("regex", "")
    unknown = sorted({m for m in _MACRO.findall(template) if m not in macros})
    if unknown:
        problems.append(f"{where}: unknown macro(s) {', '.join('{' + m + '}' for m in unknown)}")
    nested = nested_unbounded(template) if template else None
    if nested:
        problems.append(f"{where}: nested unbounded quantifiers ({nested}) can backtrack without end; "
                        "bound the inner one ({1,20}) or make the group atomic (?>...)")
    rx = after = None
    if not unknown and template:
        expand = lambda t: _MACRO.sub(lambda m: macros[m.group(1)], t)  # noqa: E731
        try:
            rx = regex.compile(expand(template), regex.V0)
        except regex.error as exc:
            problems.append(f"{where}: regex does not compile ({exc})")
        else:
            if kind != "none" and "num" not in rx.groupindex:
                problems.append(f"{where}: regex has no (?P<num>...) group")
            rest = split_anchored(template)
            after = None if rest is None else expand(rest)
            if after is not None:
                try:  # a continuation that needs a group from before the number is scanned instead
                    regex.compile(after, regex.V0)
                except regex.error:
                    after = None
    errors.extend(problems)
    if problems:
        return None
    return Pattern(
        id=pid, kind=kind, comment=raw["comment"], template=template, rx=rx,
        priority=int(raw.get("priority", 10)), unit=raw.get("unit"), unit_from=tuple(unit_from),
        unit_group=raw.get("unit_group"), unit_from_noun=bool(raw.get("unit_from_noun", False)),
        value=raw.get("value", "number"), allow_bare_scale=bool(raw.get("allow_bare_scale", False)),
        signed=bool(raw.get("signed", False)), unit_from_context=bool(raw.get("unit_from_context", False)),
        reject_bare=tuple(raw.get("reject_bare", [])),
        examples=tuple(raw.get("examples", [])), not_examples=tuple(raw.get("not_examples", [])),
        after=after, rematch=after is not None and not template.startswith(_ANCHOR_HEAD + ")"),
        extras=raw.get("value") == "coins" or any(g in rx.groupindex for g in EXTRA_GROUPS),
        lead=lead_class(template) if after is None else None,
    )
