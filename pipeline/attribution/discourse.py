"""Who a figure is about: clauses, the role each entity mention plays in its clause, and the
subject carried over from the text before when a clause names none.

A clause's topic is the first mention that is not a source (据X统计, a name alone before a colon:
国家统计局：…, a byline: 本报讯（记者 陈思远）), a speaker (X表示), a person's affiliation (X局长张三),
a reference point (占X的, 位居X, 位于X, 比肩X), a range word out of topic position (位居全国第七), an
example (X、Y等5家) or an object (after a verb or a noun of its clause: 加快海尔卡奥斯等平台建设; words
that describe the name — A股上市公司, 退休教师 — do not count). A trade partner (对X进出口) is the
subject of its own clause's figures; a figure followed by 的 and a name describes that name (72岁的退休
教师刘桂兰). A clause opening with an anaphor (全市, 我县) is about the place the article is about, or,
when it names none, about the anaphor itself. Where a clause has none of these, the subject comes
from the earlier clauses of the sentence, the earlier sentences of the paragraph, the section's
heading, and finally the article's subject of last resort (pipeline.attribution.about).
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from pipeline.attribution.cues import (Cut, breaks_rx, ends_with_any, inside_number, is_heading, opening_word,
                                       starts_with_any, strip_lead)
from pipeline.lexicon import tag_of

Appositive = Callable[[str, str], str]
_SPACES = " \t\u3000"
_HEADING_GAP = re.compile(r"(?<=[^\W\d_])[ \u3000](?=[^\W\d_])")  # a space between two words of a headline

@dataclass(frozen=True)
class Mention:
    """An entity mention in normalised offsets, with the entities-table fields attribution needs."""

    start: int
    end: int
    surface: str
    entity_id: str
    label: str
    canonical: str


@dataclass
class Clause:
    """A stretch of a sentence between clause breaks, with the mentions and claims inside it."""

    start: int
    end: int
    sentence_start: int
    para_start: int
    heading: bool
    lead_at: int = 0  # where the clause's own words start, after periods and connectives
    mentions: list[Mention] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    claims: list[int] = field(default_factory=list)
    anaphor: str | None = field(default="", compare=False, repr=False)  # see lead_anaphor ("": not asked yet)


@dataclass
class Layout:
    """One article cut into clauses; claim k lies in clauses[claim_clause[k]]."""

    text: str
    clauses: list[Clause]
    claim_clause: list[int]
    claim_spans: list[tuple[int, int]]
    cut: Cut
    place: Mention | None = None     # the place the article is about (what 全市, 我县 refer to)
    fallback: Mention | None = None  # the subject when nothing nearer names one (attribution.about)
    place_levels: Mapping[str, frozenset[str]] = field(default_factory=dict)  # EntityConfig.place_levels
    suffix_levels: Mapping[str, str] = field(default_factory=dict)  # EntityConfig.suffix_levels


def layout(text: str, sentences: list[tuple[int, int, int]], mentions: list[Mention],
           claim_spans: list[tuple[int, int]], cfg, cut: Cut,
           appositive: Appositive = lambda lead, label: lead) -> Layout:
    """Cut the sentences into clauses, place mentions and claims in them, and give every mention
    its role (see the module docstring). `appositive` strips the words that describe a name from
    the end of the text before it (上市公司|华锐新能源…, 退休教师|刘桂兰)."""
    clauses: list[Clause] = []
    sent_start = para = -1
    wrapped = False
    line_para: dict[int, int] = {}  # a line's start -> its paragraph's start (lines run on)
    breaks = breaks_rx(cfg.clause_breaks).finditer
    for _, s, e in sorted(sentences, key=lambda t: t[1]) or [(0, 0, len(text))]:
        heading = is_heading(text, s, e, cfg)
        line = text.rfind("\n", 0, s) + 1
        start = s
        if wrapped and not heading and not starts_with_any(text[s:s + 8], cfg.line_openers):
            # a line cut mid-sentence (…选派干部赴\n\n上海开展…) runs on, its clause too
            end = clauses[-1].end if clauses else 0
            if clauses and clauses[-1].sentence_start == sent_start and (text[end] in "\r\n" or text[end] not in cfg.clause_breaks):
                start = clauses.pop().start
            line_para[line] = para
        else:
            sent_start, para = s, line_para.get(line, line)
        wrapped = not heading and text[e - 1] not in cfg.sentence_enders
        cuts = [m.start() for m in breaks(text, s, e)]
        if heading:  # a headline's parts stand apart by spaces: 四川发布统计公报 全省经济总量迈上…
            cuts = sorted(cuts + [m.start() for m in _HEADING_GAP.finditer(text, s, e)])
        cuts.append(e)
        for i in cuts:
            # (only a comma or colon can stand inside a number: the test is skipped for the rest)
            if i == e or text[i] not in ",:" or not inside_number(text, i):
                if i > start:
                    clauses.append(Clause(start, i, sent_start, para, heading))
                start = i + 1
    if not clauses:
        clauses.append(Clause(0, len(text), 0, 0, False))
    starts = [c.start for c in clauses]
    for m in mentions:
        i = bisect_right(starts, m.start) - 1
        if i >= 0 and m.end <= clauses[i].end:
            clauses[i].mentions.append(m)
    claim_clause = []
    for k, (cs, _) in enumerate(claim_spans):
        i = max(0, bisect_right(starts, cs) - 1)
        clauses[i].claims.append(k)
        claim_clause.append(i)
    referring = _any_of(cfg.pronouns + cfg.anaphors + cfg.org_anaphors).search  # one in a clause's first 16 characters
    for c in clauses:
        if c.mentions or c.claims or referring(text, c.start, c.start + 16):
            c.lead_at = c.end - len(strip_lead(text[c.start:c.end], cfg, cut))
        else:
            c.lead_at = c.start  # nothing there needs the clause's opening words
        if c.mentions:  # (a clause without them keeps its own empty list of roles)
            c.roles = _roles(text, c, cfg, cut, appositive)
    return Layout(text, clauses, claim_clause, claim_spans, cut)


@lru_cache(maxsize=16)
def _any_of(words: tuple[str, ...]) -> re.Pattern:
    """A pattern found wherever one of `words` stands."""
    return re.compile("|".join(map(re.escape, words)) or "(?!)")


def _joined(text: str, a: Mention, b: Mention, cfg) -> bool:
    """b follows a directly (青岛胶州湾) or after one joiner (韩国、日本 / 市委和市政府)."""
    return b.start == a.end or (b.start - a.end == 1 and text[a.end] in cfg.joiners)


def _roles(text: str, c: Clause, cfg, cut: Cut, appositive: Appositive) -> list[str]:
    """Each mention's role in clause c: topic, partner, source, speaker, affiliation, base,
    locative, scope, item or object (see _role)."""
    roles: list[str] = []
    for i, m in enumerate(c.mentions):
        before = text[c.start:m.start]
        listed = _after_list(text, c, i, cfg)  # 食物局、卫生局|副局长表示: the list's words after it
        partner = ends_with_any(before, cfg.partner_before) and (
            starts_with_any(listed, cfg.partner_after) is not None
            # 对印度进出口增长2.5%，对日本|下降10.8%: the trade is understood
            or ((text[c.lead_at:m.start] if c.lead_at <= m.start else before) in cfg.partner_before
                and starts_with_any(listed, cfg.increase + cfg.decrease) is not None))
        if partner:
            roles.append("partner")  # 与X贸易 even right after another name (我国与俄罗斯的贸易额)
        elif i and _joined(text, c.mentions[i - 1], m, cfg) \
                and not (roles[-1] == "affiliation" and m.label == "person" and c.mentions[i - 1].label == "org"
                         and m.start == c.mentions[i - 1].end):
            roles.append(roles[-1])  # one list or one compound name: one role (辽宁队|郭艾伦: the person is its own)
        else:
            roles.append(_role(text, c, i, cfg, cut, appositive, before, listed))
    return roles


def _role(text: str, c: Clause, i: int, cfg, cut: Cut, appositive: Appositive, before: str, listed: str) -> str:
    """The role of mention i, from the words around it in its clause (`before` it, and `listed`
    after it and the mentions listed with it); "topic" when nothing keeps it from being the
    clause's subject. A mention after a verb of its clause is an object (加快海尔卡奥斯等平台建设,
    体悟上海…), unless a 的-phrase makes it the head (搭建的卡奥斯平台, 吕特领导的传统右翼自由民主党)."""
    m = c.mentions[i]
    after = text[m.end:c.end]
    line = text[text.rfind("\n", 0, m.start) + 1:m.start]  # a byline line's spaces may cut it into clauses
    if ends_with_any(line.rstrip(_SPACES), cfg.byline_before) \
            or m.label == "person" and starts_with_any(after.lstrip(_SPACES), cfg.byline_after):
        return "source"  # 本报讯（记者 陈思远）, 通讯员张卫东报道, 张岩/摄: who wrote it, never the topic, whatever
        # the tagger took it for (□记者 薄克国: a place to LAC)
    if m.label == "place" and ends_with_any(before.rstrip(_SPACES), cfg.dateline_before) and starts_with_any(
            cfg.date_rx.sub("", after.lstrip(_SPACES), count=1), cfg.dateline_after):
        return "source"  # 新华社北京4月16日电: where it was filed
    if m.label != "place" and text[c.end:c.end + 1] in cfg.source_colons \
            and not before.strip(cfg.punctuation) and not after.strip(cfg.punctuation):
        return "speaker" if m.label == "person" else "source"  # 国家统计局：前三季度…
    if ends_with_any(before, cfg.source_before) or m.label == "org" and m.surface.endswith(cfg.jurisdiction_bodies):
        return "source"  # 据…统计; 国家统计局发布公报: a statistics body reports on its place, never on itself
    said = cfg.setting_rx.sub("", cfg.date_rx.sub("", listed.lstrip(cfg.punctuation), count=1), count=1)
    if m.label != "person":
        said = cfg.reporter_rx.sub("", said, count=1)  # X研究所一位研究员|分析说: X is where it comes from
    verb = starts_with_any(said, cfg.reporting_after)
    if verb and not (m.label == "org" and verb in cfg.publishing and starts_with_any(said[len(verb):], cfg.own_reports)):
        return "speaker" if m.label == "person" else "source"  # (汇通银行发布的业绩快报显示: its own figures)
    if m.label != "person" and any(p.label == "person" and 0 <= p.start - m.end <= cfg.affiliation_max_gap
                                   for p in c.mentions[i + 1:]):
        return "affiliation"
    if _modifies_next(text, c, i, cfg, cut):
        return "affiliation"
    if ends_with_any(before, cfg.base_before):
        return "base"
    if ends_with_any(before, cfg.locative_before):
        return "locative"
    if before.strip(cfg.punctuation) in cfg.existential_leads and not after.strip(cfg.punctuation):
        return "topic"  # 还有|哈希姆-塔比特|，这个榜眼秀…: a clause that only brings in a name makes it the topic
    lead = appositive(text[c.lead_at:m.start], m.label) if m.start > c.lead_at else ""
    if m.surface in cfg.scope_words and (lead or starts_with_any(after, cfg.scope_not_before)):
        return "scope"
    if _examples(listed, cfg, cut):
        return "item"
    # a verbal noun counts as a verb when more words follow it (将建设|全球…技术|中国本地化研究中心);
    # a noun right before the name makes it part of a phrase (体悟|上海高质量发展)
    de = lead.rfind(cfg.modifier_marker)
    if de >= 0 and not any(is_verb(w) for w in cut(lead[de + 1:])):
        lead = lead[:de + 1]  # 吕特领导的|传统右翼|自由民主党: modifiers after 的 leave the name the head
    words = list(cut(lead)) if lead else []
    if words and (is_verb(words[-1]) or tag_of(words[-1])[:1] in cfg.phrase_tags or not lead.endswith(
            cfg.modifier_marker) and any(tag_of(w).startswith("v") for w in words[:-1])):  # a verb or a verbal noun
        return "object"
    return "topic"


def _modifies_next(text: str, c: Clause, i: int, cfg, cut: Cut) -> bool:
    """Mention i stands in a 的-phrase whose head is the next mention (吕特领导的|传统右翼|自由民主党,
    海尔旗下的卡奥斯): it says whose the head is; the head is what the clause is about."""
    m = c.mentions[i]
    nxt = next((p for p in c.mentions[i + 1:] if p.start >= m.end), None)
    if nxt is None:
        return False
    between = text[m.end:nxt.start]
    de = between.find(cfg.modifier_marker)
    if de < 0 or de > cfg.affiliation_max_gap or any(ch in cfg.clause_breaks for ch in between):
        return False
    return not any(is_verb(w) for w in cut(between[de + len(cfg.modifier_marker):]))


def is_verb(word: str) -> bool:
    """A dictionary verb (not a verbal noun such as 出口)."""
    tag = tag_of(word)
    return tag.startswith("v") and tag != "vn"


def _examples(after: str, cfg, cut: Cut) -> bool:
    """A mention (with the mentions listed with it) followed by `after` in its clause opens a
    list of examples closed by 等 (海尔卡奥斯等工业互联网平台, 阿里巴巴、京东等12家企业): named
    items, not the topic."""
    end = after.find(cfg.item_marker)
    if end < 0 or end > 30:
        return False
    items = after[:end]
    return not any(ch in cfg.clause_breaks for ch in items) and not any(is_verb(w) for w in cut(items))


def _after_list(text: str, c: Clause, i: int, cfg) -> str:
    """The clause text after mention i and the mentions listed with it (对韩国、日本和澳大利亚|进出口)."""
    while i + 1 < len(c.mentions) and _joined(text, c.mentions[i], c.mentions[i + 1], cfg):
        i += 1
    return text[c.mentions[i].end:c.end]


def clause_topic(text: str, c: Clause, pos: int, cfg, cut: Cut) -> Mention | str | None:
    """The topic of clause c among the mentions before `pos`: a Mention; "pronoun" when the clause
    opens with 我, an anaphor Mention (label "anaphor", no entity) when it opens with 全市 or 我县
    (both resolved by the caller); None when it has none."""
    lead_at = min(c.lead_at, pos)
    lead = text[lead_at:pos]
    opening = text[c.start:lead_at]
    word = next((w for w in cfg.org_anaphors if w in opening), None) if opening else None  # (no word is empty)
    if word and not any(m.start < lead_at for m in c.mentions):
        at = c.start + opening.find(word)
        return Mention(at, at + len(word), word, "", ORG_ANAPHOR, word)
    if not any(m.start == lead_at for m in c.mentions):
        word = lead_anaphor(text, c, cfg, cut) if pos == c.end else opening_word(lead, cfg.anaphors, cut)
        if word and not starts_with_any(lead[len(word):], cfg.scope_not_before):
            return anaphor(lead_at, word)  # (全省首个…, 全市第一: a range, not the place written about)
        if starts_with_any(lead, cfg.pronouns):
            return "pronoun"
    best: Mention | None = None
    for m, role in zip(c.mentions, c.roles):
        if m.start >= pos or role != "topic":
            continue
        if best is None:
            best = m
            continue
        gap = text[best.end:m.start]
        if gap == "" or (gap.endswith(cfg.modifier_marker) and len(gap) <= 12):
            best = m  # 青岛|海尔: the later name is the head; 海尔搭建的|卡奥斯平台: the 的-phrase's head
    return best


def lead_anaphor(text: str, c: Clause, cfg, cut: Cut) -> str | None:
    """The anaphor (全市, 我县) clause c's own words open with (opening_word of text[c.lead_at:c.end]),
    worked out once per clause: pipeline.attribution.about counts them and subjects reads each
    clause's topic, both over every clause."""
    if c.anaphor == "":
        c.anaphor = opening_word(text[c.lead_at:c.end], cfg.anaphors, cut)
    return c.anaphor


def clause_partner(c: Clause, pos: int) -> Mention | None:
    """The first trade partner named in clause c before `pos`."""
    return next((m for m, r in zip(c.mentions, c.roles) if r == "partner" and m.start < pos), None)


def subjects(lay: Layout, cfg) -> list[Mention | None]:
    """Each claim's subject: its clause's partner or topic, else the carried-over subject."""
    text, cut = lay.text, lay.cut
    out: list[Mention | None] = [None] * len(lay.claim_spans)
    sent = para = section = speaker = None
    places: list[Mention] = []  # the places named as topics so far, the latest last
    cur_sent = cur_para = None
    in_heading = False
    blocks, named = 0, set()  # blocks of headings so far; what was named since the latest
    levels = frozenset(cfg.anaphor_levels)

    def resolve(t: Mention | str | None) -> Mention | None:
        if t == "pronoun":
            return speaker  # 我 in a quote: whoever said it
        if isinstance(t, Mention) and t.label == ORG_ANAPHOR:
            # 公司, 该行, 本集团: the latest company (a bank for 行, a team for 队) named before in this paragraph or the
            # one before it, else nothing of its own
            return next((m for m, para_start in reversed(orgs) if m.start < t.start and para_start >= prev_para
                         and not m.surface.endswith(cfg.body_suffixes)
                         and (t.surface[-1] not in cfg.org_anaphor_kinds or m.surface.endswith(t.surface[-1]))), None)
        if isinstance(t, Mention) and t.label == ANAPHOR:
            # 全市, 我县: the article's place if it is of that level (苏州, not the 常熟市 of 常熟市一家
            # 企业), else the latest place of that level (全省 is 安徽, not the 合肥 named since), as last
            # written; else the latest place of no known level, else the word itself
            level = next((ch for ch in reversed(t.surface) if ch in levels), "")  # 全村, 村里: 村
            known = [p for p in (lay.place, *reversed(places)) if p is not None]
            fit = next((p for p in known if level in _levels(p, levels, lay)), None)
            fit = next((p for p in reversed(places) if fit is not None and p.canonical == fit.canonical), fit)
            if fit is None and known and _levels(known[0], levels, lay) - {level}:
                return t  # 我省 in a paper of a province it never names, after 广州市: the word itself
            if fit is None and not known and t.surface[-1] not in levels:
                return None  # 县里 with no county named: the subject carried so far (我县) says it better
            return fit or (known[0] if known else t)
        return t

    orgs = [(m, c.para_start) for c in lay.clauses for m in c.mentions if m.label == "org"]
    prev_para = -1  # where the paragraph before the current one starts
    for c in lay.clauses:
        if c.para_start != cur_para:
            para = speaker = None
            prev_para = cur_para if cur_para is not None else c.para_start
            cur_para = c.para_start
        if c.sentence_start != cur_sent:
            sent, cur_sent = None, c.sentence_start
        if c.heading and not in_heading:
            section = para = sent = None  # a new block of headings: a new story or section
            blocks += 1
            named = set()
        in_heading = c.heading
        if c.mentions:
            named.update(m.canonical for m in c.mentions)
        # an organisation as the article's own subject stands for a story of a bulletin (国内联播快讯) only where
        # that story names it (a local paper's place holds for all its stories)
        fallback = lay.fallback if not c.claims or blocks <= 1 or lay.fallback is None \
            or lay.fallback.label == "place" or lay.fallback.canonical in named else None
        for k in c.claims:
            pos = lay.claim_spans[k][0]
            t = clause_topic(text, c, pos, cfg, cut)
            own = clause_partner(c, pos) or _where_written(t, resolve(t)) or _described(text, c, lay.claim_spans[k][1], cfg)
            out[k] = own or sent or para or section or fallback
        topic = resolve(clause_topic(text, c, c.end, cfg, cut))
        if c.mentions:
            speaker = next((m for m, r in zip(reversed(c.mentions), reversed(c.roles)) if r == "speaker"), speaker)
        if topic is not None:
            if c.heading:
                section = topic if topic.label != "person" else section
            elif starts_with_any(text[c.start:c.end].lstrip(cfg.punctuation), cfg.local_after):
                sent = topic  # 其中X…: a part, named for its own sentence only
            else:
                sent = para = topic
            if topic.label == "place":
                places.append(topic)
        partner = clause_partner(c, c.end) if c.mentions else None
        if partner is not None and not c.heading:
            sent = partner
    return out


def _where_written(t: Mention | str | None, resolved: Mention | None) -> Mention | None:
    """A clause's own anaphor (全区公办学校学位占比…) resolved to its place stands where the anaphor
    is written: the place is this clause's topic, not a name carried from far back."""
    if isinstance(t, Mention) and t.label == ANAPHOR and resolved is not None and resolved is not t \
            and resolved.start >= 0 and t.start >= 0:
        return Mention(t.start, t.end, resolved.surface, resolved.entity_id, resolved.label, resolved.canonical)
    return resolved


ANAPHOR = "anaphor"
ORG_ANAPHOR = "org_anaphor"


def _levels(place: Mention, levels: frozenset[str], lay: Layout) -> frozenset[str]:
    """The levels `place` is known to be: from the gazetteer (安徽 -> 省, 美国 -> 国), else from its
    suffix rule (吉抚高铁 -> 施, works), else the level character its name ends in (XX镇 -> 镇)."""
    known = lay.place_levels.get(place.canonical)
    if known:
        return known
    suffix = next((s for s in lay.suffix_levels if place.surface.endswith(s)), None)
    return frozenset(lay.suffix_levels[suffix]) if suffix else frozenset(place.surface[-1:]) & levels


def anaphor(start: int, word: str) -> Mention:
    """全县, 我市 … standing for the place written about: a subject with no entity of its own."""
    return Mention(start, start + len(word), word, "", ANAPHOR, word)


def _described(text: str, c: Clause, end: int, cfg) -> Mention | None:
    """The name a figure describes: 72岁的退休教师刘桂兰, 拥有3000名员工的华为 — a figure followed by 的
    and, a few words on in its clause, a person or an organisation."""
    rest = text[end:c.end]
    q = starts_with_any(rest, cfg.qualifier_after)
    at = end + (len(q) if q else 0)
    if not text.startswith(cfg.modifier_marker, at):
        return None
    return next((m for m in c.mentions if m.label in ("person", "org") and at < m.start
                 and m.start - at <= cfg.described_max_gap), None)


def last_run(text: str, mentions: list[Mention], cfg) -> list[Mention]:
    """The last run of mentions joined by 、/和/及/与 (韩国、日本和澳大利亚)."""
    run: list[Mention] = []
    for m in mentions:
        if run and (m.start - run[-1].end == 1 and text[run[-1].end] in cfg.joiners):
            run.append(m)
        else:
            run = [m]
    return run
