"""The features of one claim's subject candidates: where each stands from the number, what the
candidates around it say of it, and the parts of speech around it.

pipeline.attribution.facts gives what a candidate is whatever the claim (`Fixed`, worked out once
per article); `describe` adds, in one pass over a claim's candidates, what depends on the claim
(its clause, where its number starts and ends) and on the other candidates (which holds which,
which comes first in its clause, which is a clause's topic). Features are inserted into each
candidate's dict in one fixed order: the ranker sums weight × value in insertion order, so the
order is part of every score.
"""
from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from itertools import accumulate
from typing import TYPE_CHECKING

from pipeline.attribution.facts import Fixed
from pipeline.attribution.scope import ArticleScopes, Scope
from pipeline.tagger import Word

_NONE: dict[str, float] = {}
_NEAR = 512
_DIST = [math.log1p(d) / 5 for d in range(_NEAR)]  # the feature dist of a candidate d characters before the number

if TYPE_CHECKING:  # candidates calls describe: the class is only named here
    from pipeline.attribution.candidates import Candidate


def describe(cands: list[Candidate], known: list[Fixed], article: ArticleScopes, scope: Scope, members: frozenset[int],
             ci: int, cs: int, ce: int) -> list[Candidate]:
    """Fill the features of a claim's candidates `cands` (in text order; `known`: each one's Fixed)
    for a claim at [cs, ce) in clause ci whose scope is `scope` (`members`: the indices of its
    clauses), and give the ones that can be its subject: a measure right before its number is the
    metric (粮食产量|增长5%), a byline, a dateline or a clock never is the subject.

    The features, in the order inserted: lab_<label>, len, salience, in_title, heading (Fixed.lead);
    where it stands (same_clause_before/after, prev_clause and setting, prev_sentence,
    other_paragraph), dist, clause_first, described (38岁的|王家元); measure_head, generic,
    demonstrative, time_name, files_story (Fixed.middle); inside_other, encloses, holds_name,
    quoted, apposed; model, event (Fixed.kinds); counted_example, event_caused, given_to;
    verb_before, after_prep, after_de (Fixed.syntax), metric_slot; topic_own,
    before_own_topic or topic_carried."""
    lay, cfg, acfg = article.lay, article.cfg, article.acfg
    text, clauses = lay.text, lay.clauses
    clause = clauses[ci]
    sentence, para, end = clause.sentence_start, clause.para_start, clause.end
    heads, is_generic, verb_between = scope.heads, article.facts.is_generic, article.facts.verb_between
    firsts: dict[int, int] = {}    # each clause's first candidate (cands come sorted by start)
    earliest: dict[int, int] = {}  # where a candidate ending here starts, at the earliest
    event = False
    for c, k in zip(cands, known):
        if c.start >= 0:
            firsts.setdefault(k.host, c.start)
            event = event or "event" in k.kinds
        earliest.setdefault(c.end, c.start)
    spans = _Spans(cands)
    place_starts = {o.start for o in cands if o.label == "place"}
    names, name_starts = spans.names, spans.name_starts
    # 仓库发生火灾，造成|2人死亡: the figure is what an event before it caused
    caused = event and any(w in cfg.cause_verbs for w in lay.cut(text[clause.start:cs]))
    topics: dict[int, Candidate] = {}
    example_gap, item_marker, breaks = cfg.example_max_gap, acfg.item_marker, acfg.clause_breaks
    slot_labels = ("phrase", "product")
    for c, k in zip(cands, known):
        f = c.feats
        f.update(k.lead)
        s = c.start
        if s < 0:
            continue
        e, j = c.end, k.host
        before_number = e <= cs
        if j == ci:
            f["same_clause_before" if before_number else "same_clause_after"] = 1
        else:
            host = clauses[j]
            if host.sentence_start == sentence:
                f["prev_clause"] = 1
                if text[host.start:s].strip() in cfg.setting_preps and e == host.end:
                    f["setting"] = 1  # 在北大荒七星农场，|5000多名…: a clause that only sets the scene
            elif not host.heading:
                f["prev_sentence"] = 1
                if host.para_start != para:
                    f["other_paragraph"] = 1
        if before_number:
            d = cs - e  # (>= 0 here)
            f["dist"] = _DIST[d] if d < _NEAR else math.log1p(d) / 5
        if k.lead_first or s == firsts[j]:
            f["clause_first"] = 1
        if s >= ce and text[ce:s].lstrip("左右以上多余").startswith("的") and not verb_between(ce, s):
            f["described"] = 1  # 38岁的|王家元 (not 23.58%的收益率|位居|…偏股型基金第一)
        elif s == ce and c.label == "phrase":
            f["counted"] = 1  # 225只|股票型基金, 两名|嫌疑人: what the figure counts
        head = heads.get(e)  # the head word, when the scope holds it
        generic = k.generic[1] if head is None else k.generic[0] if head is k.word else is_generic(head.surface)
        middle = k.middle[generic]
        if middle:  # (most candidates have none of these features: no call to add nothing)
            f.update(middle)
        if c.label == "place":
            if spans.inside_other(c):
                f["inside_other"] = 1
            if e in place_starts:
                f["encloses"] = 1  # 贵州|遵义|播州区: a place right before a place inside it
        lo, hi = bisect_left(name_starts, s), bisect_right(name_starts, e)
        if lo < hi and any(o.end <= e and o.end - o.start < e - s for o in names[lo:hi]):
            f["holds_name"] = 1  # c holds a shorter name: one starting within c ends within it too
        if k.quoted:
            f["quoted"] = 1  # 中右翼政党“公民联盟”: a name set off as one
        if earliest.get(s, s) < s or (earliest.get(s - 1, s) < s and text[s - 1:s] in ("", "“", "《")):
            f["apposed"] = 1  # 业绩冠军|荷银合丰, 政党|“公民联盟”: the later of two adjoining phrases is the head
        if k.kinds:
            f.update(k.kinds)  # model, event
        if before_number and cs - e <= example_gap and text[e:cs].endswith(item_marker) \
                and not any(ch in breaks for ch in text[e:cs]):
            f["counted_example"] = 1  # 民政部等|五部门, 阿里巴巴、京东等|12家企业: an example of what it counts
        if caused and before_number and "event" in k.kinds:
            f["event_caused"] = 1
        if c.label in ("person", "org") and sentence <= s and before_number \
                and cfg.given_rx.search(text, sentence, s):
            f["given_to"] = 1  # 判处被告人|王某|有期徒刑四年: whom a sentence, a fine or an award is given to
        if k.inside and j in members:
            # what the tagger's parts of speech say around c (Fixed.syntax); the scope holds no words of a
            # clause after the claim's: nothing before c there, no verb
            syntax, topical, head_of_de = k.syntax if clauses[j].start < end else (_NONE, k.topical, False)
            if syntax:
                f.update(syntax)  # verb_before: an object; after_prep: a place in passing; after_de: a phrase's head
            if j == ci and before_number and c.label in slot_labels and _metric_slot(e, cs, scope, cfg):
                f["metric_slot"] = 1  # 综合毛利率|为|78.6%, 机身最薄处|仅|5.9毫米: what is measured, not who
            if topical:  # the clause's topic: its first candidate in subject position, the longest phrase
                old = topics.get(j)  # where it starts (北京大兴国际机场, not 北京)
                if old is None or head_of_de or (old.start == s and e > old.end):
                    topics[j] = c
    _topics(cands, topics, clauses, ci, cs)
    # (the cheap tests first: most candidates have no measure and nothing around them)
    return [c for c, k in zip(cands, known) if not (k.measure and c.label != "product" and c.feats.get("metric_slot"))
            and not (c.label == "person" and c.feats.get("role_source"))
            and not (k.around and (k.around.get("files_story") or k.around.get("time_name")))]


def _metric_slot(e: int, cs: int, scope: Scope, cfg) -> bool:
    """Only linking words, at most 8 characters of them, stand between a candidate ending at e and
    the number at cs: it is what the number measures."""
    ws, starts = scope.words, scope.starts
    between = ws[bisect_left(starts, e):bisect_left(starts, cs)]
    return all(w.tag in cfg.link_tags for w in between) and text_len(between) <= 8


def _topics(cands: list[Candidate], topics: dict[int, Candidate], clauses: list, ci: int, cs: int) -> None:
    """The topic of the claim's clause before its number, or, when it has none there, the topic of
    the nearest clause before it that has one (not a heading), and every candidate that ends it."""
    clause = clauses[ci]
    own = topics.get(ci)
    if own is not None and own.end <= cs:
        _mark_topic(cands, own, "topic_own")
        for c in cands:
            if c.start < clause.start:
                c.feats["before_own_topic"] = 1  # the clause names its own topic: less reason to carry one
        return
    carried = max((j for j in topics if j < ci and not clauses[j].heading), default=None)
    if carried is not None:
        _mark_topic(cands, topics[carried], "topic_carried")


def text_len(ws: Sequence[Word]) -> int:
    return sum(len(w.surface) for w in ws)


def _mark_topic(cands: list[Candidate], topic: Candidate, name: str) -> None:
    """The topic phrase and every candidate that ends it (业绩冠军荷银合丰 and 荷银合丰)."""
    for c in cands:
        if c.end == topic.end and c.start >= topic.start:
            c.feats[name] = 1


class _Spans:
    """Which candidates hold which, for candidates in text order (sorted by start, then end):
    bisecting their starts instead of comparing every pair (an article's claims have a few
    dozen candidates each, and a long article thousands of claims). `names`: the candidates
    that are no phrase, and their starts, for describe's holds_name. The starts of all and the
    furthest end up to each are made on the first inside_other: only places ask it, and most
    claims' candidates hold none."""

    def __init__(self, cands: list[Candidate]) -> None:
        self.cands = cands
        self.starts: list[int] | None = None
        self.reach: list[int] = []  # the furthest end up to each
        self.names = [o for o in cands if o.label != "phrase"]
        self.name_starts = [o.start for o in self.names]

    def inside_other(self, c: Candidate) -> bool:
        """A longer candidate holds c: one starting before it ends at or after its end, or one
        starting where it starts ends after it."""
        if self.starts is None:
            self.starts = [o.start for o in self.cands]
            self.reach = list(accumulate((o.end for o in self.cands), max))
        lo, hi = bisect_left(self.starts, c.start), bisect_right(self.starts, c.start)
        return (lo > 0 and self.reach[lo - 1] >= c.end) or (hi > 0 and self.cands[hi - 1].end > c.end)
