"""Every phrase a claim's subject could be, each with the features a reader weighs.

Candidates come from four places: the names in the claim's sentence and the sentences before it
(gazetteer, suffix rules and the tagger model: pipeline.entities), the noun phrases the tagger's
parts of speech chunk there (偏股型基金, 两名嫌疑人 -> 嫌疑人, 受灾群众), the people a pronoun (他, 她)
points back to, and the rule-based subject of pipeline.discourse (which carries a subject through
the text and resolves 全市-like anaphors) with the pairing of a 分别 list. The features say where a
candidate stands (its clause, before or after the number, the sentences before, the headline),
what it is (label, source, how long, how common its head word), the role it plays (source,
speaker, object, location in passing …) and whether it looks like a metric (ends in 率, 额 …).
pipeline.attribution.ranker scores them; the weights are data (configs/ranker.toml).
"""
from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from types import MappingProxyType

import regex

from pipeline.attribution.cues import COLONS, is_field
from pipeline.attribution.discourse import ANAPHOR, ORG_ANAPHOR, Layout, Mention
from pipeline.attribution.facts import Facts, Fixed
from pipeline.attribution.scope import ArticleScopes, Scope
from pipeline.lexicon import lexicon
from pipeline.tagger import Word


@dataclass(slots=True)
class Candidate:
    """One possible subject of one claim, in normalised offsets (start == end == -1: it stands
    nowhere in the text, as an anaphor resolved to the article's place may)."""

    start: int
    end: int
    surface: str
    label: str
    entity_id: str = ""
    feats: dict[str, float] = field(default_factory=dict)

    def key(self) -> tuple[int, int, str]:
        return self.start, self.end, self.surface


@dataclass(frozen=True)
class CandidateConfig:
    """[candidates] of configs/attribution.toml."""

    phrase_tags: frozenset[str]    # tags of the words a noun phrase is made of
    head_tags: frozenset[str]      # tags a noun phrase may end in
    measure_heads: tuple[str, ...]  # endings that make a phrase a measure, not a subject (增长率, 总额)
    pronouns: tuple[str, ...]       # 他, 她: the latest person before
    group_pronouns: tuple[str, ...]  # 他们, 双方: the latest group or list
    time_names: tuple[str, ...]     # 北京时间, 当地时间: a clock, never a place
    reporting_marks: tuple[str, ...]  # 讯, 电, 报道: a name right before one filed the story
    max_phrase_words: int
    generic_freq: int               # a head word at least this common in jieba's dictionary is generic
    demonstratives: tuple[str, ...] = ("该", "这", "此", "本", "某")
    speaker_labels: tuple[str, ...] = ()  # 记者：, 主持人：: who speaks next in a transcript, no section
    event_heads: tuple[str, ...] = ()  # 事故, 地震, 选举: an event the figures are about (its dead, its seats)
    model_rx: regex.Pattern = regex.compile("(?!)")  # a product model's name (X60 Pro, 星澜S7)
    example_max_gap: int = 12       # at most this far from the figure, a name before 等 is an example it counts
    label_max_chars: int = 10
    given_rx: regex.Pattern = regex.compile("(?!)")  # 判处被告人|: a verb that gives a sentence, a fine or an award to what follows
    cause_verbs: frozenset[str] = frozenset()  # 造成, 导致: what follows in the clause is what an event caused
    owner_min_chars: int = 4           # what a measure phrase is about is a candidate from this length (国内平板电脑|出货量)
    setting_preps: frozenset[str] = frozenset()  # 在: a clause of only 在 and a name sets the sentence's scene
    modified_tags: frozenset[str] = frozenset()  # vn: a phrase glued to such a word modifies it (法术|伤害), no subject
    bound_starts: frozenset[str] = frozenset()  # 型, 式: a one-character word no head of a phrase starts with (型基金)
    verb_tags: frozenset[str] = frozenset({"v", "vd"})
    prep_tags: frozenset[str] = frozenset({"p"})
    link_tags: frozenset[str] = frozenset({"v", "vd", "d", "ad", "p", "u", "xc", "f", "w"})


def candidates(k: int, article: ArticleScopes, rule: Mention | None, listed: Mention | None) -> list[Candidate]:
    """The candidates for claim k of the article, features filled, in text order."""
    lay, cfg, acfg = article.lay, article.cfg, article.acfg
    text = lay.text
    ci = lay.claim_clause[k]
    clause = lay.clauses[ci]
    cs, ce = lay.claim_spans[k]
    scope = article.scope(ci)
    lo = scope.clauses[0].start
    pool: dict[tuple[int, int, str], Candidate] = {}

    def add(start: int, end: int, surface: str, label: str, entity_id: str = "", **feats: float) -> Candidate:
        return _add(pool, start, end, surface, label, entity_id, feats)

    for m, role in scope.names:
        _add(pool, m.start, m.end, m.surface, m.label, m.entity_id, _name_feats(role))
    for a, b, surface in scope.phrases:
        _add(pool, a, b, surface, "phrase", "", _PHRASE_FEATS)
    item, measures = _paired_item(k, lay, article.words, article.word_starts, acfg)
    if item is not None:
        add(item[0], item[1], text[item[0]:item[1]], "phrase", list_item=1)
    label = _section_label(k, lay, cfg)
    if label is not None:
        add(label[0], label[1], text[label[0]:label[1]], "phrase", section_label=1)
    for p in _pronoun_targets(scope.words[bisect_left(scope.starts, clause.start):], lay, cfg, cs, clause.sentence_start):
        add(p.start, p.end, p.surface, p.label, p.entity_id, src_pronoun=1)
    for m, name in ((rule, "rule"), (listed, "list_pair")):
        if m is None:
            continue
        if m.label in (ANAPHOR, ORG_ANAPHOR) and m.start < 0:
            add(-1, -1, m.surface, m.label, "", **{name: 1, "src_rule_only": 1})
        elif (m.start, m.end, m.surface) in pool or lo <= m.start < clause.end:
            add(m.start, m.end, m.surface, m.label, m.entity_id, **{name: 1})
        else:
            add(m.start, m.end, m.surface, m.label, m.entity_id, **{name: 1, "src_rule_only": 1, "far": 1})
    out = sorted((c for c in pool.values() if (len(c.surface) >= 2 or c.label != "phrase")
                  and not (c.start < ce and cs < c.end)),  # 3回合: the claim's own words are no candidate
                 key=lambda c: (c.start, c.end, c.surface))
    fixed = _describe(out, article, ci, cs, ce, scope.heads)
    _kinds(out, fixed, text, cs, cfg, acfg)
    if any(c.feats.get("event") for c in out) and any(w in cfg.cause_verbs for w in lay.cut(text[clause.start:cs])):
        for c in out:  # 仓库发生火灾，造成|2人死亡: the figure is what the event caused
            if c.feats.get("event") and c.end <= cs:
                c.feats["event_caused"] = 1
    for c in out:  # 判处被告人|王某|有期徒刑四年，并处罚金…: whom a sentence, a fine or an award is given to
        if c.label in ("person", "org") and clause.sentence_start <= c.start and c.end <= cs \
                and cfg.given_rx.search(text, clause.sentence_start, c.start):
            c.feats["given_to"] = 1
    _syntax(out, lay, scope, ci, cs, cfg, article.facts)
    # 粮食产量|增长5%, 营业收入|为…: a measure right before its number is the metric, never the subject
    # and a byline, a dateline or a clock never is (本报讯（记者 陈思远）, 新浪体育讯, 北京时间)
    out = [c for c in out if not (c.feats.get("metric_slot") and c.feats.get("measure_head"))
           and not (c.label == "person" and c.feats.get("role_source"))
           and not c.feats.get("files_story") and not c.feats.get("time_name")]
    for c in out:
        if measures is not None and measures[0] <= c.start and c.end <= measures[1]:
            c.feats["in_measure_list"] = 1
        if c.feats.get("rule") and (c.feats.get("same_clause_before") or c.feats.get("prev_clause")):
            c.feats["rule_local"] = 1  # the discourse rules read it off the claim's own sentence (对东盟, 占山东的)
    return out


def _add(pool: dict[tuple[int, int, str], Candidate], start: int, end: int, surface: str, label: str,
         entity_id: str, feats: Mapping[str, float]) -> Candidate:
    """The candidate of pool at (start, end, surface), made on first asking, with each feature of
    feats at its highest value yet."""
    cand = pool.get((start, end, surface))
    if cand is None:
        cand = pool[(start, end, surface)] = Candidate(start, end, surface, label, entity_id,
                                                       {name: max(0.0, value) for name, value in feats.items()})
        return cand
    for name, value in feats.items():
        cand.feats[name] = max(cand.feats.get(name, 0.0), value)
    return cand


_PHRASE_FEATS = MappingProxyType({"src_phrase": 1})
_NAME_FEATS: dict[str, Mapping[str, float]] = {}


def _name_feats(role: str) -> Mapping[str, float]:
    """The features a name playing `role` comes in with (src_name, role_<role>), made once per role."""
    got = _NAME_FEATS.get(role)
    if got is None:
        got = _NAME_FEATS[role] = MappingProxyType({"src_name": 1, f"role_{role}": 1})
    return got


def _kinds(cands: list[Candidate], fixed: list[Fixed], text: str, cs: int, cfg: CandidateConfig, acfg) -> None:
    """What kind of thing a candidate names: a product model (model_regex: X60 Pro, 星澜S7), an event
    (event_heads: 多车相撞事故, 议会选举), or an example of what the figure counts, right before the 等
    closing its list (民政部等|五部门, 阿里巴巴、京东等|12家企业). `fixed`: each candidate's Facts."""
    for c, known in zip(cands, fixed):
        if c.start < 0:
            continue
        c.feats.update(known.kinds)  # model, event
        between = text[c.end:cs]
        if c.end <= cs and cs - c.end <= cfg.example_max_gap and between.endswith(acfg.item_marker) \
                and not any(ch in acfg.clause_breaks for ch in between):
            c.feats["counted_example"] = 1


def _syntax(cands: list[Candidate], lay: Layout, scope: Scope, ci: int, cs: int, cfg: CandidateConfig,
            facts: Facts) -> None:
    """Features from the tagger's parts of speech around each candidate: what stands before it in
    its clause (a verb makes it an object, a preposition a place in passing, 的 the head of a
    phrase) and what follows it (a verb or a noun: it is what the clause is about). The topic of
    a clause is its first candidate standing in that subject position; a claim's clause without
    one carries the topic of the nearest clause before it that has one."""
    ws, starts, end = scope.words, scope.starts, lay.clauses[ci].end
    topics: dict[int, Candidate] = {}
    for c in cands:
        if c.start < 0:
            continue
        host = scope.host(c.start)
        if host is None:
            continue
        # a verb between the clause's own words' start and c (例如|建设银行规定: none before it); the
        # scope holds no words of a clause after the claim's (nothing before c there, no verb)
        verb_before, prev = facts.before(c.start, host) if host.start < end else (False, None)
        f = c.feats
        if verb_before:
            f["verb_before"] = 1
        if prev is not None and prev.tag in cfg.prep_tags:
            f["after_prep"] = 1
        if prev is not None and prev.surface == "的":
            f["after_de"] = 1
        if host is lay.clauses[ci] and c.end <= cs and c.label in ("phrase", "product"):
            between = ws[bisect_left(starts, c.end):bisect_left(starts, cs)]
            if all(w.tag in cfg.link_tags for w in between) and text_len(between) <= 8:
                f["metric_slot"] = 1  # 综合毛利率|为|78.6%, 机身最薄处|仅|5.9毫米: what is measured, not who
        head_of_de = prev is not None and prev.surface == "的"  # 周卫东管理的|瑞丰混合A: the phrase's head
        if (not verb_before or head_of_de) and (prev is None or prev.tag not in cfg.prep_tags) \
                and not f.get("measure_head") and not f.get("files_story") and not f.get("time_name"):
            key = id(host)
            old = topics.get(key)
            if old is None or head_of_de or (old.start == c.start and c.end > old.end):
                topics[key] = c  # the longest phrase where the clause's topic starts (北京大兴国际机场, not 北京)
    clause = lay.clauses[ci]
    own = topics.get(id(clause))
    if own is not None and own.end <= cs:
        _mark_topic(cands, own, "topic_own")
        for c in cands:
            if c.start < clause.start:
                c.feats["before_own_topic"] = 1  # the clause names its own topic: less reason to carry one
        return
    for x in reversed([x for x in scope.clauses if x.start < clause.start and not x.heading]):
        t = topics.get(id(x))
        if t is not None:
            _mark_topic(cands, t, "topic_carried")
            return


def text_len(ws: Sequence[Word]) -> int:
    return sum(len(w.surface) for w in ws)


def _mark_topic(cands: list[Candidate], topic: Candidate, name: str) -> None:
    """The topic phrase and every candidate that ends it (业绩冠军荷银合丰 and 荷银合丰)."""
    for c in cands:
        if c.end == topic.end and c.start >= topic.start:
            c.feats[name] = 1


def _paired_item(k: int, lay: Layout, words: Sequence[Word], word_starts: list[int],
                 acfg) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
    """(the item a 分别 list pairs claim k with, the span of a list of measures): the figures after
    分别 in k's clause take, in order, the items listed before it (in the clause, else in the clause
    before it in the sentence), split at 、 and a last 和/及/与; the first item loses what leads up
    to the list (紧随其后的有|A). A list of measures (家用电器、集装箱出口分别增长…) pairs no subject."""
    text = lay.text
    ci = lay.claim_clause[k]
    c = lay.clauses[ci]
    cs = lay.claim_spans[k][0]
    at = text.rfind(acfg.list_marker, c.start, cs)
    if at < 0:
        return None, None
    group = [x for x in c.claims if lay.claim_spans[x][0] > at]
    if len(group) < 2:
        return None, None
    stretches = [(c.start, at)]
    if ci > 0 and lay.clauses[ci - 1].sentence_start == c.sentence_start:
        stretches.append((lay.clauses[ci - 1].start, lay.clauses[ci - 1].end))
    names = {(m.start, m.end) for x in lay.clauses if x.sentence_start == c.sentence_start for m in x.mentions}
    for a, b in stretches:
        items = _items(text, a, b, acfg)
        tail = _shared_tail(words, word_starts, items, acfg) if items else None
        if tail is not None:
            items[-1] = (items[-1][0], tail)
            if not all(i in names or any(ms <= i[0] and i[1] == me for ms, me in names) for i in items[1:]):
                return None, (items[0][0], items[-1][1])  # 家用电器、集装箱出口分别增长…: what is measured
        if len(items) == len(group):
            s, e = items[group.index(k)]
            if s == items[0][0]:  # the first item: only its last words after a verb, preposition or 的
                inside = words[bisect_left(word_starts, s):bisect_left(word_starts, e)]
                cut = max((w.end for w in inside if w.tag in ("p", "u", "c", "d", "r", "vd")
                           or w.surface in acfg.list_openers), default=s)
                s = cut if cut < e else s
            return ((s, e) if e - s >= 2 else None), None
    return None, None


def _shared_tail(words: Sequence[Word], word_starts: list[int], items: list[tuple[int, int]], acfg) -> int | None:
    """Where the last item of a list ends when it ends in a word all items share, a verb or a
    measure (…和集装箱|出口, 对韩国、日本和澳大利亚|进出口); None when it does not. Items that are
    names with such a tail are still who the figures are about (trade partners); others are measures.
    A verb that ends another item too, or after another item ending in a verb, is part of the names
    (华商盛世成长、东方精选…中信红利精选: fund names, no shared tail)."""
    def last_word(span: tuple[int, int]) -> list[Word]:
        return words[bisect_left(word_starts, span[0]):bisect_left(word_starts, span[1])]

    inside = last_word(items[-1])
    if len(inside) < 2:
        return None
    tail = inside[-1]
    if tail.surface in acfg.list_tails or tail.surface in acfg.partner_after:
        return tail.start
    if tail.tag not in ("v", "vn"):
        return None
    others = [ws[-1] for ws in map(last_word, items[:-1]) if ws]
    named = any(w.surface == tail.surface or w.tag in ("v", "vn") for w in others)
    return None if named else tail.start


def _items(text: str, a: int, b: int, acfg) -> list[tuple[int, int]]:
    """Spans of the items of a list in text[a:b]: split at 、, the last two also at 和/及/与."""
    out, start = [], a
    for i in range(a, b + 1):
        if i == b or text[i] == "、":
            out.append((start, i))
            start = i + 1
    if len(out) >= 2:
        s, e = out[-1]
        j = max(text.rfind(ch, s, e) for ch in "和及与")
        if j > s:
            out[-1:] = [(s, j), (j + 1, e)]
    trimmed = []
    for s, e in out:
        while s < e and text[s] in acfg.punctuation:
            s += 1
        while e > s and text[e - 1] in acfg.punctuation:
            e -= 1
        trimmed.append((s, e))
    return trimmed if len(trimmed) >= 2 and all(e > s for s, e in trimmed) else []


def _section_label(k: int, lay: Layout, cfg: CandidateConfig) -> tuple[int, int] | None:
    """The latest short label before a colon that opens a stretch of text in k's paragraph (女船长：
    HP少，速度中。…), the thing the figures after it describe; a label right before a figure (普通攻击：
    45%) names a measure instead and does not count, nor does a field's label written again and again in a
    listing (安眠之吻：使用后…。25%), and a speaker's label (记者：) opens speech, no section."""
    text = lay.text
    ci = lay.claim_clause[k]
    para = lay.clauses[ci].para_start
    for x in reversed(lay.clauses[: ci + 1]):
        if x.para_start != para:
            break
        if text[x.end:x.end + 1] not in COLONS or x.end > lay.claim_spans[k][0]:
            continue
        start = max([x.start] + [lay.claim_spans[j][1] for j in x.claims])
        label = text[start:x.end].strip(" \t\u3000")
        if label.endswith(cfg.speaker_labels):
            return None  # 记者：在飞机上…: a transcript's turn, what follows is speech
        after = text[x.end + 1:x.end + 3].lstrip(" \u3000")
        if 2 <= len(label) <= cfg.label_max_chars and not any(ch.isdigit() for ch in label) \
                and after[:1] and not after[:1].isdigit() and not is_field(text, label):
            s = text.index(label, start)
            return s, s + len(label)
    return None


def _pronoun_targets(ws: Sequence[Word], lay: Layout, cfg: CandidateConfig, cs: int,
                     sentence_start: int) -> list[Mention]:
    """For a pronoun standing before the claim in its clause (他的年薪), the person it points back
    to: the first person its sentence names before it, the one the sentence is about (布拉德-米勒，
    …就被恩师阿德尔曼打入冷宫，…他的年薪: 布拉德-米勒), else the latest person named before it."""
    out = []
    people: list[Mention] | None = None
    for w in ws:
        if w.start >= cs:
            break
        if w.surface in cfg.pronouns:
            if people is None:  # most claims have no pronoun: the article's people only when one does
                people = [m for c in lay.clauses for m in c.mentions if m.label == "person"]
            before = [m for m in people if m.end <= w.start]
            if before:
                out.append(next((m for m in before if m.start >= sentence_start), before[-1]))
    return out


def _describe(cands: list[Candidate], article: ArticleScopes, ci: int, cs: int, ce: int,
              heads: dict[int, Word]) -> list[Fixed]:
    """Fill the position, shape and lexical features of every candidate; `heads` maps where a
    tagged word ends to the word (a phrase's head word is the one it ends in). Returns each
    candidate's claim-independent features (Facts.fixed), in the order of cands."""
    lay, cfg = article.lay, article.cfg
    text = lay.text
    clause = lay.clauses[ci]
    freq = lexicon()[1]
    clause_starts = article.clause_starts
    hosts = [bisect_right(clause_starts, c.start) - 1 for c in cands]  # the clause each stands in
    firsts: dict[int, int] = {}  # each clause's first candidate
    for c, j in zip(cands, hosts):
        if c.start >= 0:
            firsts[j] = min(firsts.get(j, c.start), c.start)
    spans = _Spans(cands)
    earliest: dict[int, int] = {}  # where a candidate ending here starts, at the earliest
    for o in cands:
        earliest[o.end] = min(earliest.get(o.end, o.start), o.start)
    place_starts = {o.start for o in cands if o.label == "place"}
    fixed = [article.facts.fixed(c.start, c.end, c.surface, c.label) for c in cands]
    for c, j, known in zip(cands, hosts, fixed):
        f = c.feats
        f.update(known.lead)  # lab_<label>, len, salience, in_title, heading
        if c.start < 0:
            continue
        host = lay.clauses[j]
        if j == ci:
            f["same_clause_before" if c.end <= cs else "same_clause_after"] = 1
        elif host.sentence_start == clause.sentence_start:
            f["prev_clause"] = 1
            if text[host.start:c.start].strip() in cfg.setting_preps and c.end == host.end:
                f["setting"] = 1  # 在北大荒七星农场，|5000多名…: a clause that only sets the scene
        elif not host.heading:
            f["prev_sentence"] = 1
            if host.para_start != clause.para_start:
                f["other_paragraph"] = 1
        if c.end <= cs:
            f["dist"] = math.log1p(max(0, cs - c.end)) / 5
        if c.start == host.lead_at or c.start == firsts.get(j):
            f["clause_first"] = 1
        if c.start >= ce and text[ce:c.start].lstrip("左右以上多余").startswith("的") \
                and not article.facts.verb_between(ce, c.start):
            f["described"] = 1  # 38岁的|王家元 (not 23.58%的收益率|位居|…偏股型基金第一)
        f.update(known.measure)
        head = heads.get(c.end)
        if freq.get(head.surface if head else c.surface[-2:], 0) >= cfg.generic_freq:
            f["generic"] = 1
        f.update(known.around)  # demonstrative, time_name, files_story
        if c.label == "place" and spans.inside_other(c):
            f["inside_other"] = 1
        if c.label == "place" and c.end in place_starts:
            f["encloses"] = 1  # 贵州|遵义|播州区: a place right before a place inside it
        if spans.holds_name(c):
            f["holds_name"] = 1
        if known.quoted:
            f["quoted"] = 1  # 中右翼政党“公民联盟”: a name set off as one
        s = c.start
        if earliest.get(s, s) < s or (earliest.get(s - 1, s) < s and text[s - 1:s] in ("", "“", "《")):
            f["apposed"] = 1  # 业绩冠军|荷银合丰, 政党|“公民联盟”: the later of two adjoining phrases is the head
    return fixed


class _Spans:
    """Which candidates hold which, for candidates in text order (sorted by start, then end):
    bisecting their starts instead of comparing every pair (an article's claims have a few
    dozen candidates each, and a long article thousands of claims)."""

    def __init__(self, cands: list[Candidate]) -> None:
        self.cands = cands
        self.starts = [o.start for o in cands]
        self.reach = list(accumulate((o.end for o in cands), max))  # the furthest end up to each
        self.names = [o for o in cands if o.label != "phrase"]
        self.name_starts = [o.start for o in self.names]

    def inside_other(self, c: Candidate) -> bool:
        """A longer candidate holds c: one starting before it ends at or after its end, or one
        starting where it starts ends after it."""
        lo, hi = bisect_left(self.starts, c.start), bisect_right(self.starts, c.start)
        return (lo > 0 and self.reach[lo - 1] >= c.end) or (hi > 0 and self.cands[hi - 1].end > c.end)

    def holds_name(self, c: Candidate) -> bool:
        """c holds a shorter name: one of the names starting within c ends within it too."""
        lo, hi = bisect_left(self.name_starts, c.start), bisect_right(self.name_starts, c.end)
        return lo < hi and any(o.end <= c.end and o.end - o.start < c.end - c.start for o in self.names[lo:hi])
