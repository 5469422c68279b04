"""Every phrase a claim's subject could be, each with the features a reader weighs.

Candidates come from four places: the names in the claim's sentence and the sentences before it
(gazetteer, suffix rules and the tagger model: pipeline.entities), the noun phrases the tagger's
parts of speech chunk there (偏股型基金, 两名嫌疑人 -> 嫌疑人, 受灾群众), the people a pronoun (他, 她)
points back to, and the rule-based subject of pipeline.discourse (which carries a subject through
the text and resolves 全市-like anaphors) with the pairing of a 分别 list. The features say where a
candidate stands (its clause, before or after the number, the sentences before, the headline),
what it is (label, source, how long, how common its head word), the role it plays (source,
speaker, object, location in passing …) and whether it looks like a metric (ends in 率, 额 …);
pipeline.attribution.features fills them in. pipeline.attribution.ranker scores them; the weights
are data (configs/ranker.toml).

The names and phrases of a scope are worked out once per clause (_part) and laid end to end for
each clause's claims (_base): a claim only adds its own (a 分别 list's item, a section label, a
pronoun's person, the discourse rules' subject) and drops the ones its number overlaps.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import NamedTuple

import regex

from pipeline.attribution.cues import COLONS, is_field
from pipeline.attribution.discourse import ANAPHOR, ORG_ANAPHOR, Clause, Layout, Mention, is_verb
from pipeline.attribution.facts import Fixed
from pipeline.attribution.features import describe
from pipeline.attribution.scope import ArticleScopes, Scope
from pipeline.lexicon import tag_of
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
    agent_skip_tags: frozenset[str] = frozenset()  # t, d: between a counted figure and the verb its group does
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
    base = _base(article, ci, scope)
    made: dict[tuple[int, int, str], Candidate] = {}  # the base's candidates the claim adds features to, and new ones

    def add(start: int, end: int, surface: str, label: str, entity_id: str = "", **feats: float) -> None:
        key = (start, end, surface)
        cand = made.get(key)
        if cand is None and key in base.index:
            _, label, entity_id, feats0, _ = base.index[key]
            cand = made[key] = Candidate(start, end, surface, label, entity_id, dict(feats0))
        _add(made, start, end, surface, label, entity_id, feats)

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
        elif (m.start, m.end, m.surface) in made or (m.start, m.end, m.surface) in base.index \
                or lo <= m.start < clause.end:
            add(m.start, m.end, m.surface, m.label, m.entity_id, **{name: 1})
        else:
            add(m.start, m.end, m.surface, m.label, m.entity_id, **{name: 1, "src_rule_only": 1, "far": 1})
    # a one-character phrase is none (其|…); the claim's own words are no candidate (3回合)
    out: list[Candidate] = []
    known: list[Fixed] = []
    for key, label, entity_id, feats, fixed in base.entries:
        if fixed is not None and not (key[0] < ce and cs < key[1]):
            out.append(made.pop(key) if key in made else Candidate(*key, label, entity_id, dict(feats)))
            known.append(fixed)
    new = [c for key, c in made.items() if key not in base.index and (len(c.surface) >= 2 or c.label != "phrase")
           and not (c.start < ce and cs < c.end)]
    if new:
        out += new
        known += [article.facts.fixed(c.start, c.end, c.surface, c.label) for c in new]
        order = sorted(range(len(out)), key=lambda i: (out[i].start, out[i].end, out[i].surface))
        out, known = [out[i] for i in order], [known[i] for i in order]
    out = describe(out, known, article, scope, base.members, ci, cs, ce)
    stories = article.story_starts
    story = bisect_right(stories, cs)
    agent = None
    for c in out:
        if measures is not None and measures[0] <= c.start and c.end <= measures[1]:
            c.feats["in_measure_list"] = 1
        if c.feats.get("rule") and (c.feats.get("same_clause_before") or c.feats.get("prev_clause")):
            c.feats["rule_local"] = 1  # the discourse rules read it off the claim's own sentence (对东盟, 占山东的)
        if story and 0 <= c.start < stories[story - 1] and c.label not in ("place", ANAPHOR):
            c.feats["other_story"] = 1  # a bulletin's earlier story: its names are not this one's (its place may be)
        if c.end == cs - len(acfg.modifier_marker) and text.startswith(acfg.modifier_marker, c.end) \
                and c.feats.get("verb_before") and c.label == "place":
            c.feats["modifies_counted"] = 1  # 还关了|南京|的两家专卖店: where the things counted are, not who acts
        if c.feats.get("counted_example") and not c.feats.get("verb_before"):
            if agent is None:
                agent = _acts_after(text, ce, clause.end, lay.cut, cfg)
            if agent:
                c.feats["counted_agent"] = 1  # 民政部等|五部门|日前要求: the group the figure counts acts
    return out


def _acts_after(text: str, ce: int, end: int, cut, cfg: CandidateConfig) -> bool:
    """A verb follows the figure ending at ce in its clause, after its counted noun and words
    tagged agent_skip_tags (time words, adverbs) only (五部门|日前要求, 12家|企业|参与): what the
    figure counts is the clause's agent."""
    counted = True  # the nouns right after the figure are what it counts
    for w in cut(text[ce:end]):
        if is_verb(w):
            return True
        tag = tag_of(w)[:1]
        counted = counted and tag == "n"
        if not counted and tag not in cfg.agent_skip_tags:
            return False
    return False


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


Key = tuple[int, int, str]  # a candidate's start, end and surface
Entry = tuple[Key, str, str, Mapping[str, float], "Fixed | None"]  # key, label, entity id, features, its Fixed
#                                                                    (None: a one-character phrase, never a candidate)


class _Base(NamedTuple):
    """What every claim of a clause starts from: the names and noun phrases of its scope as
    candidates (`entries`, in text order, and by key: `index`), and the indices of the scope's
    clauses (`members`)."""

    entries: list[Entry]
    index: dict[Key, Entry]
    members: frozenset[int]


def _base(article: ArticleScopes, ci: int, scope: Scope) -> _Base:
    """Clause ci's _Base, worked out for its first claim (ArticleScopes.bases keeps it). A name or
    phrase stands inside one clause, so where each clause's phrases are read alone (Scope.parts)
    the scope's candidates are its clauses' own, laid end to end; else they are read off the scope."""
    got = article.bases.get(ci)
    if got is None:
        if scope.parts is None:
            entries = _entries(article, scope.names, scope.phrases)
        else:
            entries = [e for x in scope.parts for e in _part(article, x)]
        got = article.bases[ci] = _Base(entries, {e[0]: e for e in entries}, scope.members)
    return got


def _part(article: ArticleScopes, x: Clause) -> list[Entry]:
    """The candidates clause x adds to every scope that holds it (ArticleScopes.parts keeps them)."""
    got = article.parts.get(x.start)
    if got is None:
        got = article.parts[x.start] = _entries(article, zip(x.mentions, x.roles), article.own_phrases(x))
    return got


def _entries(article: ArticleScopes, names: Iterable[tuple[Mention, str]], phrases: Iterable[Key]) -> list[Entry]:
    """Names (with their roles), then noun phrases, as candidates merged by key (each feature at
    its highest value, as _add merges them), in text order."""
    pool: dict[Key, tuple[str, str, dict[str, float]]] = {}  # key -> label, entity id, features
    for m, role in names:
        key = (m.start, m.end, m.surface)
        got = pool.get(key)
        if got is None:  # (a name's features are all 1: max(0.0, 1) is 1, the template's copy as it is)
            pool[key] = (m.label, m.entity_id, dict(_name_feats(role)))
        else:
            own = got[2]
            for name, value in _name_feats(role).items():
                own[name] = max(own.get(name, 0.0), value)
    for key in phrases:  # (start, end, surface): a phrase is its own key
        got = pool.get(key)
        if got is None:
            pool[key] = ("phrase", "", {"src_phrase": 1})
        else:
            got[2]["src_phrase"] = max(got[2].get("src_phrase", 0.0), 1)
    fixed = article.facts.fixed
    return [(key, label, entity_id, feats,
             fixed(*key, label) if len(key[2]) >= 2 or label != "phrase" else None)
            for key, (label, entity_id, feats) in sorted(pool.items())]


_NAME_FEATS: dict[str, Mapping[str, float]] = {}


def _name_feats(role: str) -> Mapping[str, float]:
    """The features a name playing `role` comes in with (src_name, role_<role>), made once per role."""
    got = _NAME_FEATS.get(role)
    if got is None:
        got = _NAME_FEATS[role] = MappingProxyType({"src_name": 1, f"role_{role}": 1})
    return got


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
