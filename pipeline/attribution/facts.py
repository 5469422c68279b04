"""What a subject candidate is, whatever claim it is weighed for: the features that depend only
on the candidate's place and surface in the article, worked out once per article.

A name or noun phrase of one sentence is a candidate for the claims of that sentence and of the
`tag_context` sentences after it: about three claims each on the seeds. Its label, length and
salience, whether the headline holds it, what stands right around it in the text (a demonstrative,
a clock, a dateline mark, quotation marks) and which words of its clause come before it are the
same for every one of those claims. pipeline.attribution.candidates takes them from `Facts` and
works out itself only what depends on the claim (where the candidate stands from the number) or on
the other candidates of the claim (which holds which, which comes first in its clause).

The features come back as small dicts in the order candidates inserts them into a candidate's
features: the ranker sums weight × value in that order, and the same order keeps every score,
so every choice, exactly what it was. Beside them come the facts the claim-dependent features are
read from (the clause a candidate stands in, the word before it, the word it ends in), so that
pipeline.attribution.features looks nothing up twice for a candidate several claims weigh.
"""
from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import accumulate

from pipeline.attribution.discourse import Clause
from pipeline.lexicon import frequency
from pipeline.tagger import Word


@dataclass(slots=True)
class Fixed:
    """One candidate's claim-independent features, in the groups candidates inserts them, and the
    facts its other features are read from (never changed once made). With slots: made once per
    candidate but read a dozen times for every claim that weighs it, and a slot reads in a third of
    the time a NamedTuple's field does. A candidate standing nowhere in the text (start < 0) has
    only `lead`; the rest keep their defaults."""

    lead: dict[str, float]    # lab_<label>, len, salience, in_title, heading
    measure: dict[str, float]  # measure_head
    around: dict[str, float]  # demonstrative, time_name, files_story
    quoted: bool              # set off by quotation marks (中右翼政党“公民联盟”)
    kinds: dict[str, float]   # model, event
    host: int = -1            # the index of the clause it stands in (the last one starting at or before it)
    inside: bool = False      # it starts inside that clause, not in the break after it
    lead_first: bool = False  # it starts where that clause's own words start (Clause.lead_at)
    word: Word | None = None  # the tagged word ending where it ends (its head), if any
    generic: tuple[bool, bool] = (False, False)  # (its head `word` is generic, its last two characters are)
    middle: tuple[dict[str, float], dict[str, float]] = ({}, {})  # measure + around, without and with generic
    topical: bool = False     # it may be a clause's topic: no measure, dateline or clock
    syntax: tuple[dict[str, float], bool, bool] = ({}, False, False)  # when `inside`: what the words before it in
    #   its clause say (verb_before, after_prep, after_de), whether it may then be its clause's topic, and
    #   whether it heads a 的-phrase (features.describe reads them for every claim that weighs it)


_NONE: dict[str, float] = {}
_MIDDLE = (_NONE, {"generic": 1})  # Fixed.middle of a candidate with no measure word and nothing around it
_MEASURE = {"measure_head": 1}  # Fixed.measure of one ending in a measure word (the dicts of Fixed are only read)
_MEASURED = (_MEASURE, {**_MEASURE, "generic": 1})  # Fixed.middle of one with that and nothing around it
_NO_SYNTAX = (_NONE, False, False)  # Fixed.syntax of a candidate not inside its clause
_SALIENCE = tuple(math.log1p(n) / 2 for n in range(7))  # by how often the surface stands in the text, up to 6


class Facts:
    """The claim-independent features of one article's candidates, each worked out on first asking.

    `clauses` are the article's, in text order (their starts: `clause_starts`); `words` the
    tagger's, in text order; `counts[surface]` how often a surface stands in the text; `cfg` the
    CandidateConfig."""

    def __init__(self, text: str, clauses: list[Clause], clause_starts: list[int], words: Sequence[Word],
                 word_starts: list[int], title: str, counts: Mapping[str, int], cfg) -> None:
        self.text, self.clauses, self.clause_starts = text, clauses, clause_starts
        self.words, self.word_starts, self.title, self.counts, self.cfg = words, word_starts, title, counts, cfg
        self.verbs = list(accumulate((w.tag in cfg.verb_tags for w in words), initial=0))
        self.ending = {w.end: w for w in words}  # the word ending at each position (the last, as a Scope's heads)
        self._fixed: dict[tuple[int, int, str, str], Fixed] = {}
        self._surfaces: dict[tuple[str, str], tuple] = {}  # by (surface, label): see _of_surface
        self._lead_words: dict[int, int] = {}  # by clause index: the index of its first own word
        self._ends: dict[int, tuple[bool, bool, Word | None, bool]] = {}  # by position: see _at_end

    def fixed(self, start: int, end: int, surface: str, label: str) -> Fixed:
        """The features of the candidate `surface` at [start, end) labelled `label` that no claim
        changes (start < 0: it stands nowhere in the text, and only lead is filled)."""
        key = (start, end, surface, label)
        got = self._fixed.get(key)
        if got is None:
            got = self._fixed[key] = self._work_out(start, end, surface, label)
        return got

    def _work_out(self, start: int, end: int, surface: str, label: str) -> Fixed:
        text, cfg = self.text, self.cfg
        got = self._surfaces.get((surface, label))
        if got is None:
            got = self._surfaces[(surface, label)] = self._of_surface(surface, label)
        lead, measure, time_name, kinds, generic_tail = got
        if start < 0:
            return Fixed(lead, _NONE, _NONE, False, _NONE)
        j = bisect_right(self.clause_starts, start) - 1
        host = self.clauses[j]
        if host.heading:
            lead = {**lead, "heading": 1}
        around = {}
        if text[max(0, start - 2):start].endswith(cfg.demonstratives):
            around["demonstrative"] = 1  # 该宗地, 这名患者, 该基金: the thing named before
        if time_name or text[max(0, start - 6):start].endswith(cfg.time_names):
            around["time_name"] = 1
        files_story, closed, word, word_generic = self._at_end(end)
        if files_story:
            around["files_story"] = 1
        quoted = closed and text[start - 1:start] in "“\"《「"
        inside = 0 <= j and start < host.end
        generic = (word_generic, generic_tail)
        if around:
            middle = ({**measure, **around}, {**measure, "generic": 1, **around})
            topical = not measure and not files_story and "time_name" not in around
        else:
            around = _NONE
            middle = _MIDDLE if measure is _NONE else _MEASURED
            topical = measure is _NONE
        syntax = self._syntax(start, j, host, topical) if inside else _NO_SYNTAX
        return Fixed(lead, measure, around, quoted, kinds, j, inside, start == host.lead_at, word,
                     generic, middle, topical, syntax)

    def _of_surface(self, surface: str, label: str) -> tuple[dict[str, float], dict[str, float], bool,
                                                             dict[str, float], bool]:
        """What a candidate is by its surface and label alone, wherever it stands (a name is named
        again and again): (Fixed.lead without heading, Fixed.measure, it is a clock's name, Fixed.kinds,
        its last two characters are generic)."""
        cfg = self.cfg
        lead = {f"lab_{label}": 1, "len": math.log1p(len(surface)),
                "salience": _SALIENCE[min(6, self.counts[surface])]}  # named again and again: the story's
        if self.title and surface in self.title:
            lead["in_title"] = 1
        measure = _MEASURE if surface.rstrip("”\"）)").endswith(cfg.measure_heads) else _NONE
        kinds = {}
        if cfg.model_rx.search(surface):
            kinds["model"] = 1
        if label == "phrase" and surface.endswith(cfg.event_heads):
            kinds["event"] = 1
        return lead, measure, surface in cfg.time_names, kinds or _NONE, self.is_generic(surface[-2:])

    def _syntax(self, start: int, j: int, host: Clause, topical: bool) -> tuple[dict[str, float], bool, bool]:
        """Fixed.syntax of a candidate starting at `start` inside clause `host` (clauses[j]): a verb between
        the clause's own words' start and its start makes it an object, a preposition right before it
        a place in passing, 的 right before it the head of a phrase (周卫东管理的|瑞丰混合A)."""
        i = bisect_left(self.word_starts, start)
        prev = self.words[i - 1] if i > 0 and self.words[i - 1].start >= host.start else None
        lead_word = self._lead_words.get(j)
        if lead_word is None:  # (the index of the clause's first own word: one per clause)
            lead_word = self._lead_words[j] = bisect_left(self.word_starts, max(host.start, host.lead_at))
        verb_before = self.verbs[i] > self.verbs[min(i, lead_word)]
        after_prep = prev is not None and prev.tag in self.cfg.prep_tags
        head_of_de = prev is not None and prev.surface == "的"
        feats = {}
        if verb_before:
            feats["verb_before"] = 1
        if after_prep:
            feats["after_prep"] = 1
        if head_of_de:
            feats["after_de"] = 1
        return feats or _NONE, (not verb_before or head_of_de) and not after_prep and topical, head_of_de

    def _at_end(self, end: int) -> tuple[bool, bool, Word | None, bool]:
        """What a candidate ending at `end` has after it, whatever its start: (a dateline's mark
        follows, so it filed the story; a closing quotation mark follows; the tagged word ending
        there; that word is generic). A phrase and its heads end at one place."""
        got = self._ends.get(end)
        if got is None:
            text = self.text
            after = text[end:end + 12]
            word = self.ending.get(end)
            got = self._ends[end] = (
                after.lstrip("0123456789月日年 ").startswith(self.cfg.reporting_marks) and after[:1] != "的",
                text[end:end + 1] in "”\"》」", word, word is not None and self.is_generic(word.surface))
        return got

    def is_generic(self, head: str) -> bool:
        """A head word this common in jieba's dictionary says little of what a phrase names (情况, 工作)."""
        return frequency(head) >= self.cfg.generic_freq

    def verb_between(self, a: int, b: int) -> bool:
        """A verb stands among the words from a to b."""
        return self.verbs[bisect_left(self.word_starts, b)] > self.verbs[bisect_left(self.word_starts, a)]
