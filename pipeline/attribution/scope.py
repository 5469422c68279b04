"""The stretch of text a claim's subject candidates are read from, worked out once per clause.

Every claim of a clause reads the same scope (its sentence, the sentences before it and the
headline): the same names, the same tagged words and the same noun phrases. An article has a
few dozen clauses and often several claims in each, so pipeline.attribution.candidates asks an
`ArticleScopes` for a clause's `Scope` and gets the one worked out for the first claim there.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from pipeline.attribution.discourse import Clause, Layout, Mention
from pipeline.attribution.facts import Facts
from pipeline.tagger import Word


@dataclass(frozen=True)
class Scope:
    """What the claims of one clause read their candidates from."""

    clauses: list[Clause]            # the scope's clauses, in text order (see _clauses)
    clause_starts: list[int]         # their starts, for bisecting
    names: list[tuple[Mention, str]]  # the names standing before the clause's end, with their roles
    words: list[Word]                # the tagged words of the scope up to the clause's end
    starts: list[int]                # their starts, for bisecting
    heads: dict[int, Word]           # a word by where it ends (a phrase's head is the word it ends in)
    phrases: list[tuple[int, int, str]]  # the noun phrases a subject could be (start, end, surface), in
    #                                      the order they are found
    parts: list[Clause] | None       # the clauses whose names and phrases `names` and `phrases` lay end to
    #                                  end, each clause's read alone (None: phrases read across clauses)
    members: frozenset[int] = frozenset()  # the indices of `clauses` among the article's

    def host(self, pos: int) -> Clause | None:
        """The scope's clause that pos stands in (None: between clauses or outside the scope)."""
        i = bisect_right(self.clause_starts, pos) - 1
        return self.clauses[i] if i >= 0 and pos < self.clauses[i].end else None


class _Window(NamedTuple):
    """What the claims of one sentence read, laid end to end over its clauses (ArticleScopes._window)."""

    clauses: list[Clause]
    clause_starts: list[int]
    names: list[tuple[Mention, str]]
    words: list[Word]
    starts: list[int]
    phrases: list[tuple[int, int, str]]
    upto: list[tuple[int, int, int, bool]]  # after clauses[i]: how many words, phrases, names; a run-on yet
    members: frozenset[int]                 # the indices of the clauses among the article's


class ArticleScopes:
    """One article's words and clauses with what every claim reads the same way: the headline,
    the clauses' starts, how often a surface stands in the text (`counts`), each clause's Scope and
    the claim-independent features of every candidate (`facts`)."""

    def __init__(self, lay: Layout, words: Sequence[Word], cfg, acfg) -> None:
        self.lay, self.words, self.cfg, self.acfg = lay, words, cfg, acfg
        self.word_starts = [w.start for w in words]
        self.clause_starts = [c.start for c in lay.clauses]
        first = next((x for x in lay.clauses if x.heading), None)
        self.title = lay.text[first.sentence_start:first.end] if first is not None and first.sentence_start == 0 else ""
        self.counts = _Counts(lay.text)  # how often a surface stands in the text
        self.facts = Facts(lay.text, lay.clauses, self.clause_starts, words, self.word_starts, self.title,
                           self.counts, cfg)  # what a candidate is, whatever the claim
        self._scopes: dict[int, Scope] = {}
        self.bases: dict[int, object] = {}  # by clause index: what its claims' candidates start from (candidates._base)
        self.parts: dict[int, object] = {}  # by clause start: the candidates a clause adds to a scope (candidates._part)
        self._windows: dict[int, _Window] = {}
        # layout() keeps a sentence's clauses together and in text order: sentence n's clauses
        # are clauses[sentence_first[n]:sentence_first[n + 1]], so a scope is a slice, not a scan
        self._sentence_of: list[int] = []
        self._sentence_first: list[int] = []
        for i, c in enumerate(lay.clauses):
            if not self._sentence_first or c.sentence_start != lay.clauses[i - 1].sentence_start:
                self._sentence_first.append(i)
            self._sentence_of.append(len(self._sentence_first) - 1)
        self._headings = [c for c in lay.clauses if c.heading]
        self._heading_starts = [c.start for c in self._headings]
        # where each block of headings starts after body text: a bulletin's next story (国内联播快讯)
        self.story_starts = [c.start for i, c in enumerate(lay.clauses)
                             if c.heading and i and not lay.clauses[i - 1].heading]
        self._own: dict[int, tuple[list[Word], list[int], list[tuple[int, int, str]]]] = {}
        self._claim_starts = sorted(s for s, _ in lay.claim_spans)
        self._claim_ends = {s: e for s, e in lay.claim_spans}

    def scope(self, ci: int) -> Scope:
        """The Scope of clause ci, worked out on first asking."""
        got = self._scopes.get(ci)
        if got is None:
            got = self._scopes[ci] = self._work_out(ci)
        return got

    def _work_out(self, ci: int) -> Scope:
        end = self.lay.clauses[ci].end
        win = self._window(self._sentence_of[ci])
        # the clauses starting before clause ci ends are the window's first ones, up to ci itself
        upto = bisect_left(win.clause_starts, end)
        words, phrases, names, run_on = win.upto[upto - 1]
        ws, starts = win.words[:words], win.starts[:words]
        phrases = self._subject_phrases(ws, starts) if run_on else win.phrases[:phrases]
        return Scope(win.clauses, win.clause_starts, win.names[:names], ws, starts, {w.end: w for w in ws}, phrases,
                     None if run_on else win.clauses[:upto], win.members)

    def _window(self, n: int) -> _Window:
        """The clauses every claim of sentence n reads (see _clauses) with their names, words and
        phrases laid end to end, worked out once for all the sentence's clauses: a clause's scope
        is the part of its sentence's window up to the clause."""
        got = self._windows.get(n)
        if got is not None:
            return got
        clauses = self._clauses(n, self.acfg.tag_context)
        names: list[tuple[Mention, str]] = []
        ws: list[Word] = []
        starts: list[int] = []
        phrases: list[tuple[int, int, str]] = []
        upto: list[tuple[int, int, int, bool]] = []
        run_on = False
        for c in clauses:
            own_words, own_starts, own_phrases = self._clause_own(c)
            if own_words and ws and self._runs_on(ws[-1], own_words[0]):
                run_on = True
            names += zip(c.mentions, c.roles)
            ws += own_words
            starts += own_starts
            phrases += own_phrases
            upto.append((len(ws), len(phrases), len(names), run_on))
        got = self._windows[n] = _Window(clauses, [c.start for c in clauses], names, ws, starts, phrases, upto,
                                         frozenset(bisect_left(self.clause_starts, c.start) for c in clauses))
        return got

    def own_phrases(self, c: Clause) -> list[tuple[int, int, str]]:
        """The noun phrases among clause c's own words, read alone (see _subject_phrases)."""
        return self._clause_own(c)[2]

    def _clause_own(self, c: Clause) -> tuple[list[Word], list[int], list[tuple[int, int, str]]]:
        """Clause c's tagged words, their starts and the noun phrases among them, worked out once
        per article: every clause stands in the scopes of the claims of a few sentences."""
        got = self._own.get(c.start)
        if got is None:
            lo, hi = bisect_left(self.word_starts, c.start), bisect_left(self.word_starts, c.end)
            ws, starts = list(self.words[lo:hi]), self.word_starts[lo:hi]
            got = self._own[c.start] = (ws, starts, self._subject_phrases(ws, starts))
        return got

    def _subject_phrases(self, ws: list[Word], starts: list[int]) -> list[tuple[int, int, str]]:
        """The noun phrases among words `ws` (starts: theirs) a subject could be, in the order they
        are found: each whole phrase, what one naming a measure is about (_owner) and the heads of
        the longer ones (业绩冠军|荷银合丰, 两名|嫌疑人)."""
        text, cfg = self.lay.text, self.cfg
        word_at = {w.start: w for w in ws}
        phrases = []
        for a, b in _phrases(ws, cfg, self._claimed, text):
            scope = next((w for w in self.acfg.scope_words if text.endswith(w, a, b) and b - a > len(w)), "") \
                if text.endswith(self.acfg.scope_words, a, b) else ""  # (one test first: most phrases end in none)
            if scope and not text.startswith(self.acfg.modifier_marker, b):  # 产品系列|全国第一: the range of a rank after it is no part of the name
                b -= len(scope)
            surface = text[a:b]
            if surface.endswith(cfg.reporting_marks) or surface in self.acfg.byline_before:
                continue  # 青岛讯, 新浪体育讯: a dateline; 记者, 通讯员: who wrote it
            run = _run(a, b, word_at)
            if not _whole(run):
                continue
            phrases.append((a, b, surface))
            owner = _owner(a, run, cfg)
            if owner is not None and not text[max(0, a - 2):a].endswith(cfg.demonstratives):  # 该|集团海外收入
                phrases.append((*owner, text[owner[0]:owner[1]]))
            # the head of a longer phrase: 业绩冠军|荷银合丰, 两名|嫌疑人
            phrases += [(x, b, text[x:b]) for x in starts[bisect_right(starts, a):bisect_left(starts, b)]
                        if b - x >= 2 and word_at[x].surface not in cfg.bound_starts]
        return phrases

    def _claimed(self, w: Word) -> bool:
        """w starts inside one of the article's claims."""
        i = bisect_right(self._claim_starts, w.start) - 1
        return i >= 0 and w.start < self._claim_ends[self._claim_starts[i]]

    def _runs_on(self, a: Word, b: Word) -> bool:
        """True when _phrases could read words a, b (the last of one clause, the first of the next)
        differently as one stretch than clause by clause: a may end a run and b fits a phrase and
        joins it, or is a number (which only starts a run after a word that fits no phrase). Then
        the phrases are read off the scope's words as a whole."""
        tags = self.cfg.phrase_tags
        return (a.tag in tags or a.tag == "m") and _fits(b, self.cfg, self._claimed) \
            and (b.tag not in tags or _joins(a, b, self.lay.text))

    def _clauses(self, n: int, back: int) -> list[Clause]:
        """The clauses of sentence n and of the `back` sentences before it, and the headline's
        clauses, in text order."""
        clauses, first = self.lay.clauses, self._sentence_first
        out = clauses[first[max(0, n - back)]:first[n + 1] if n + 1 < len(first) else len(clauses)]
        before = self._headings[:bisect_left(self._heading_starts, out[0].start)]
        titles = {before[0].sentence_start, before[-1].sentence_start} if before else set()
        return [x for x in before if x.sentence_start in titles] + out  # the article's title and the story's own


class _Counts(dict):
    """How often each surface stands in a text, counted on first asking."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def __missing__(self, surface: str) -> int:
        n = self[surface] = self.text.count(surface)
        return n


def _run(a: int, b: int, word_at: dict[int, Word]) -> list[Word]:
    """The tagged words of the phrase text[a:b], in order."""
    ws = []
    while a < b and a in word_at:
        ws.append(word_at[a])
        a = word_at[a].end
    return ws


def _owner(a: int, ws: list[Word], cfg) -> tuple[int, int] | None:
    """What a phrase starting at `a` (its words: ws, as _run reads them) that names a measure is
    about: the noun phrase before its measure words (偏股型基金|总规模 -> 偏股型基金, 国内平板电脑|
    出货量 -> 国内平板电脑); None when there is none."""
    if len(ws) < 2 or not ws[-1].surface.endswith(cfg.measure_heads):
        return None
    k = len(ws) - 1
    while k > 0 and (ws[k - 1].tag not in cfg.head_tags or ws[k - 1].surface.endswith(cfg.measure_heads)):
        k -= 1  # 总, 平均, 年: what qualifies the measure goes with it
    return (a, ws[k - 1].end) if k > 0 and ws[k - 1].end - a >= cfg.owner_min_chars else None


def _whole(ws: list[Word]) -> bool:
    """False for a phrase (its words: ws, as _run reads them) that is two things run together: a
    title before a person's name (退休教师|刘桂兰: the name is the subject), or a name before more
    words (潍坊|生产总值, 深圳港集团|吞吐量: the name is the subject or a modifier; the words after
    it stay a candidate of their own)."""
    if len(ws) < 2:
        return True
    return ws[-1].tag != "PER" and ws[0].tag not in ("PER", "ORG", "LOC")


def _phrases(ws: Sequence[Word], cfg, claimed: Callable[[Word], bool] = lambda w: False,
             text: str = "") -> list[tuple[int, int]]:
    """Noun phrases: runs of adjoining words tagged phrase_tags that end in a head tag, at most
    max_phrase_words long (the last words kept). Digits inside a name that is no claim belong to
    it (沪深300ETF), and so does one space between Latin words (X60 Pro)."""
    out, run = [], []
    tags = cfg.phrase_tags
    for w in [*ws, None]:
        free = w is not None and not claimed(w)  # (not 万人 of 1342|万人)
        fits = free and (w.tag in tags or _fits(w, cfg, claimed))
        if fits and (not run or run[-1].end == w.start or _joins(run[-1], w, text)):
            run.append(w)
            continue
        modifier = False  # 法术|伤害, 工业|投资: a noun glued to a verbal noun after it modifies it
        while run and run[-1].tag not in cfg.head_tags:
            modifier = modifier or run[-1].tag in cfg.modified_tags
            run.pop()
        if run and not modifier:
            run = run[-cfg.max_phrase_words:]
            out.append((run[0].start, run[-1].end))
        run = [w] if free and w.tag in tags else []
    return out


def _fits(w: Word, cfg, claimed: Callable[[Word], bool]) -> bool:
    """w may be part of a noun phrase: its tag is a phrase tag, or it is Latin letters and digits
    that no claim holds."""
    return w.tag in cfg.phrase_tags or (w.tag == "m" and w.surface.isascii() and w.surface.isalnum() and not claimed(w))


def _joins(prev: Word, w: Word, text: str) -> bool:
    """w carries on a phrase ending in prev: it adjoins it, or one space parts two Latin words."""
    if prev.end == w.start:
        return True
    gap = text[prev.end:w.start] if text else ""
    return gap == " " and prev.surface[-1:].isascii() and prev.surface[-1:].isalnum() \
        and w.surface[:1].isascii() and w.surface[:1].isalnum()
