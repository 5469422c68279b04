"""What a figure measures, in the article's words.

The metric is the stretch before the number, from the previous figure of its clause (or the
clause start, or the end of its subject) to the number, with reference periods, names and
connectives cut off the front and cue words off the back. Then, in this order:

* a rank is what is ranked + the range + 排名 (数量全省第一 -> 数量全省排名), the sentence's list
  (在《…》中) or previous metric standing in when nothing ranked precedes it;
* figures after 分别 pair with the list before it (家用电器、集装箱出口分别增长92%和91%), each with
  its own change word where one stands before it (分别下降1.9%和增长0.8%);
* a figure with nothing before it takes the verb of the figure it is joined to and its own noun
  (聚集了3.4亿用户和390多万家生态资源 -> 聚集生态资源), else the words after it;
* a metric of only 占/同比/增长/实际增长 … is read against the paragraph's last plain metric
  (出口3425.9亿元、增长13.1% -> 出口增长), never against another such metric;
* a count followed by its noun, or a figure after a bare verb, gets the noun (开放1000个应用场景 ->
  开放应用场景, 可实现100%标准化生产 -> 实现标准化生产); a quantity or multiple after any verb measures
  the noun it stands before, when that is a noun phrase (新机配备3倍光学变焦 -> 光学变焦);
* a metric of connectives and time words only (由于当日, 普遍在) counts as nothing; a generic noun
  alone (总数, 价值) is read against the paragraph's last plain metric; after 历时/用时 a duration
  measures the words after it (仅用时48小时便完成全线合龙);
* a figure that is the level the previous one changed to (从11万亿元增长到|56.1万亿元, 下调25个基点至|3.6%)
  takes the previous figure's metric, its change words cut off; a level a change reached with no
  figure before it (贫困人口下降到|3.1万人) measures what changed, without the change word;
* what a cause led to or a speaker said is measured, not the cause or the speaker (事故造成|3人死亡
  -> 死亡, 官方称其CPU性能较上一代提升|30%); what a multiple is a multiple of is no part of it
  (产量16.2万台，是去年同期的|1.8倍 -> 产量);
* money a verb gives or spends measures what it is for (县财政拿出|2300万元|用于粮食生产补贴 -> 粮食生产补贴);
* the words after a figure end before a bracketed note on them and before a numbered list (10个县（市、区）,
  100个短语1. …);
* with nothing at all, the previous figure's metric, or the clause before it (…出厂，只需七个工作日),
  or what its unit measures (72岁 -> 年龄).

The words after a figure are read in pipeline.attribution.after, ranks and 分别 lists in
pipeline.attribution.lists.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from pipeline.attribution.after import LABEL, NOTE, WordsAfter
from pipeline.attribution.cues import (cut_change, ending, holds_any, is_field, opening_word, starts_with_any,
                                      strip_lead, trim_tail)
from pipeline.attribution.discourse import Clause, Layout, Mention, is_verb
from pipeline.attribution.lists import ListsAndRanks
from pipeline.lexicon import tag_of

def _any_of(words: Iterable[str]) -> re.Pattern:
    """A pattern found wherever one of `words` is (none: never): one search instead of a
    substring test per word (a change word joined with each noun: a few hundred)."""
    alternatives = [re.escape(w) for w in words]
    return re.compile("|".join(alternatives) if alternatives else "(?!)")


class MetricReader(ListsAndRanks, WordsAfter):
    """Reads claims' metrics in text order (call `read` for k = 0, 1, 2 …): the paragraph's last
    plain metric and the previous figure's verb are carried from one claim to the next."""

    def __init__(self, lay: Layout, claims: list[dict], cfg, unit_rx=None) -> None:
        self.lay, self.text, self.claims, self.cfg = lay, lay.text, claims, cfg
        self.unit_rx = unit_rx  # the claims' units and measure words (人次, 个): none is a counted noun
        self.spans = lay.claim_spans
        self.pre: dict[int, str] = {}
        self.metric: dict[int, str] = {}
        self.lists: dict[int, tuple[str, Mention | None]] = {}
        self.consumed: dict[int, int] = {}
        self.leveled: set[int] = set()  # claims that are the level the figure before changed to
        self.in_sentence: list[int] = []  # claims of the current sentence read so far
        self.sentence = self.paragraph = -1
        self.base = ""        # the paragraph's last plain metric, change words cut off
        self.last_plain = ""  # the sentence's last metric that is no rank
        self.unit_metrics = dict(cfg.unit_metrics)
        self.derived_nouns = _any_of(w + n for w in cfg.derived for n in cfg.derived_nouns)  # 增长率, 增加值
        self.change_words = tuple(w for w in cfg.increase + cfg.decrease if len(w) > 1)  # 减轻, 放量 (not 涨 of 涨幅)
        self.derived_words = tuple(cfg.derived) + self.change_words  # what _derived cuts, in its order

    def previous(self, k: int) -> int | None:
        """The claim before k in k's clause, if any."""
        c = self.lay.clauses[self.lay.claim_clause[k]]
        i = c.claims.index(k)
        return c.claims[i - 1] if i else None

    def previous_end(self, k: int) -> int:
        """Where the text that belongs to claim k starts: after the clause's previous claim and
        the noun that claim took (带动1000家以上企业数字化转型、|5万家)."""
        p = self.previous(k)
        if p is None:
            return self.lay.clauses[self.lay.claim_clause[k]].start
        return self.consumed.get(p, self.spans[p][1])

    def read(self, k: int, subject: Mention | None) -> tuple[str, Mention | None]:
        """(metric, subject named by a 分别 list or None) of claim k."""
        c = self.lay.clauses[self.lay.claim_clause[k]]
        if c.para_start != self.paragraph:
            self.paragraph, self.base = c.para_start, ""
        if c.sentence_start != self.sentence:
            self.sentence, self.last_plain, self.in_sentence = c.sentence_start, "", []
        self.pair(k, subject)
        cs = self.spans[k][0]
        pre = self._window(c, k, subject)
        self.pre[k] = pre
        claim = self.claims[k]
        list_subject = None
        if claim["kind"] == "rank":
            metric = self._rank(c, cs, pre)
            list_subject = self.lists[k][1] if k in self.lists else None  # A、B分别位列第二和第六
        elif k in self.lists:
            metric, list_subject = self.lists[k]
        else:
            metric = self._compose(c, k, pre, subject)
        self.metric[k] = metric
        if claim["kind"] != "rank" and metric:
            self.last_plain = metric
        self.in_sentence.append(k)
        return metric, list_subject

    def _compose(self, c: Clause, k: int, pre: str, subject: Mention | None) -> str:
        """The metric of a figure that is no rank and in no 分别 list (see the module docstring)."""
        cfg, cs, claim = self.cfg, self.spans[k][0], self.claims[k]
        base = cfg.multiple_base_rx.search(pre) if claim["kind"] == "multiple" else None
        if base:  # 产量16.2万台，是去年同期的|1.8倍: what it is a multiple of is no part of it
            pre = pre[:base.start()]
        if pre and self._hollow(pre, time_words=claim["kind"] != "duration"):
            pre = ""  # 由于当日|1900亿元逆回购到期, 普遍在|30个月 (but 国庆假期|8天: time words measure a duration)
        verb = claim["kind"] == "duration" and next((v for v in cfg.duration_verbs if pre.endswith(v)), "")
        if verb:  # 轨道铺设仅用时|48小时|便完成全线合龙: what took that long
            pre = trim_tail(pre[: -len(verb)], cfg.tail_trim, self.lay.cut, cfg.punctuation)
        noun, noun_end = self._counted_noun(c, k)
        counted = bool(noun)
        if not noun or (not pre and noun == claim.get("unit")):
            noun, noun_end = self._follow(c, k, self.spans[k][1])
        prev = self.previous(k)
        derived = bool(pre) and self._derived(pre)
        attributive = self._attributive(k)
        if prev is not None and self._level_after(k, cs):
            metric, noun, derived = self._without_change(self.metric.get(prev, "")), "", True
            self.leveled.add(k)
        elif not pre:
            joined = prev is not None and not self.gap(self.previous_end(k), cs) \
                and any(ch in cfg.joiners for ch in self.text[self.previous_end(k):cs])
            if joined and self.pre.get(prev):
                metric = self._with_noun(self.pre[prev], noun) if noun else self.metric.get(prev, "")
            elif not noun and prev is None and self.in_sentence:  # 日均客运量翻了一番，达到|110万人次
                # (a clause with no figure between says what this one measures: 累计回报已由负转正，达到|3.12%)
                metric = (claim["kind"] == "duration" and self._within(k)) or self._clause_before(k, subject) \
                    or cut_change(self.metric.get(self.in_sentence[-1], ""), cfg)
            else:
                metric = self._before_acts(noun) if claim["kind"] == "count" else noun
        elif derived:
            metric = pre if not self.base or pre.startswith(self.base) else self.base + pre
            noun = ""
        elif pre in cfg.generic and self.base:  # 新增…企业32家，总数|101家
            metric, noun = self.base + pre, ""
        elif claim["kind"] == "money" and (purpose := starts_with_any(noun, cfg.purpose_words)) \
                and len(noun) > len(purpose) and self._spends(pre):
            metric = noun[len(purpose):]  # 县财政拿出|2300万元|用于粮食生产补贴: what the money is for
        elif not counted and attributive and (head := self._noun_tail(pre)):
            metric, noun = head, ""  # 搭载一块有效像素约|6100万|的传感器: the noun it is the value of
        elif noun and claim["kind"] in ("quantity", "multiple") and self._nominal(noun) \
                and self._bare_verb(self._without_measure(pre), True):
            metric = noun  # 采用了更为方便携带的|4.3英寸|屏幕: a size or power measures the thing it stands before
        elif noun and (verb or claim["kind"] == "count" or self._bare_verb(pre, claim["kind"] in ("quantity", "multiple"))) \
                and not (claim["kind"] == "percent" and pre in cfg.increase + cfg.decrease):  # 涨|0.51%|居首: the change
            metric = self._with_noun(pre, noun)
        elif noun and claim["kind"] != "count" and attributive and self._bare_verb(pre, True):
            metric = noun  # 科技报出了|399元|的价格: what the figure describes, not the clause that brings it
        else:
            metric, noun = pre, ""
        if noun and noun_end < self._next_start(c, k):
            self.consumed[k] = noun_end  # the noun ends at a stop: the next figure starts after it
        # a change is never the base of another (metric == pre: _derived(pre) said no already)
        if (pre or noun) and not derived and (metric == pre or not self._derived(metric)):
            self.base = cut_change(metric, cfg)
        same = [p for p in self.in_sentence if self.claims[p]["kind"] == claim["kind"]]
        if not metric and same:
            # 涵盖41个行业大类中的|36个; 一线城市…16.4个月，三四线城市…30个月; without its change word
            # (粮食总产量…增加177.6亿斤…，稳定在|1.3万亿斤以上: a level, not a change)
            metric = cut_change(self.metric.get(same[-1], ""), cfg)
        if not metric and claim["kind"] == "duration":
            metric = self._within(k)  # 使用后单体目标，|3回合|内，无法做出任何动作: what cannot be done for so long
        unit_metric = self.unit_metric(claim)  # 72岁 -> 年龄, before the clause before
        return metric or unit_metric or self._clause_before(k, subject) or self._field_label(c, cs)

    def unit_metric(self, claim: dict) -> str:
        """What the claim's unit measures (岁 -> 年龄, 球 -> 进球), or ""."""
        return self.unit_metrics.get(claim.get("unit") or "", "")

    def _field_label(self, c: Clause, cs: int) -> str:
        """For a figure with no words of its own after a field's text in a listing (眩晕：使用后…
        无法做出任何动作。|25%): the field's label, the latest label before a colon in its paragraph
        that the listing repeats (cues.is_field)."""
        text = self.text
        labels = [m.group(1) for m in LABEL.finditer(text, c.para_start, cs)]
        return next((x for x in reversed(labels) if is_field(text, x)), "")

    def _level_after(self, k: int, cs: int) -> bool:
        """Claim k is the level its clause's previous figure changed to: only 到/至 stand between
        them, perhaps after a change word and before a period (LPR下调25个基点至|3.6%,
        从2012年的3.44万亿元增长到2021年的|7.35万亿元)."""
        cfg = self.cfg
        gap = cfg.period_rx.sub("", self.text[self.previous_end(k):cs].strip(cfg.punctuation))
        gap = gap.removesuffix(cfg.modifier_marker)
        word = starts_with_any(gap, cfg.increase + cfg.decrease)
        return (gap[len(word):] if word else gap) in cfg.level_after

    def _without_change(self, metric: str) -> str:
        """`metric` without the change word it ends in (LPR下调 -> LPR; 占GDP比重 stays)."""
        word = ending(metric, self.cfg.increase + self.cfg.decrease)
        return metric[: len(metric) - len(word)] or metric

    def _hollow(self, pre: str, time_words: bool = True) -> bool:
        """Nothing measured, only connectives, prepositions and (unless `time_words` is False) time
        words (由于当日, 普遍在)."""
        hollow = self.cfg.hollow_tags if time_words else self.cfg.hollow_tags - {"t"}
        return all(tag_of(w) in hollow or w in self.cfg.tail_trim for w in self.lay.cut(pre))

    def _clause_before(self, k: int, subject: Mention | None) -> str:
        """For a figure with no words of its own (…，只需七个工作日; a headline's second line): the
        clause before it, when that clause belongs to the same sentence or headline and holds no figure."""
        i = self.lay.claim_clause[k]
        c = self.lay.clauses[i]
        if i == 0:
            return ""
        p = self.lay.clauses[i - 1]
        if p.claims or not (p.sentence_start == c.sentence_start or (p.heading and c.heading)):
            return ""
        start = subject.end if subject is not None and p.start <= subject.start < p.end else p.start
        clause = trim_tail(self._lead(p, start, p.end), self.cfg.tail_trim, self.lay.cut, self.cfg.punctuation)
        # (他也是火箭当前年薪最高的球员，可也仅仅是|千万美元|出头: the measure it names, not the whole clause)
        measure = [w for w in self.lay.cut(clause) if len(w) > 1 and w.endswith(self.cfg.value_heads)]
        return measure[-1] if measure else clause

    def _derived(self, pre: str) -> bool:
        """A metric read against the one before it: a share (占全市…) or only change words (同比增长)."""
        if starts_with_any(pre, self.cfg.share_heads):
            return True
        pre = NOTE.sub("", pre)  # 比去年同期（下同）增长
        if holds_any(pre, self.cfg.not_change) or self.derived_nouns.search(pre):
            return False  # 增加值增长, 增长率: a noun that only looks like a change word
        pre = self.cfg.tidy.comparison_rx.sub("", pre) or pre  # 比上一代|减轻了约: what it is compared with
        pre = self.cfg.tidy.method_rx.sub("", pre, count=1) or pre  # 按年率计算|增长: how it was worked out
        if not holds_any(pre, self.derived_words):
            return False  # (most metrics: no change word to cut)
        rest = pre
        for word in self.derived_words:
            rest = rest.replace(word, "")
        return rest != pre and all(len(w) == 1 and tag_of(w)[:1] != "n" or tag_of(w) in self.cfg.adverb_tags
                                   for w in self.lay.cut(rest))  # (药|占比: a noun of its own, no share)

    def _bare_verb(self, pre: str, ends: bool = False) -> bool:
        """The metric so far is just a verb, perhaps after adverbs (实现, 可实现, 再推出); with `ends`,
        any words ending in a verb (新机配备|3倍|光学变焦: a quantity or multiple measures the noun after it)."""
        words = list(self.lay.cut(pre))
        return is_verb(words[-1]) and (ends or all(tag_of(w)[:1] in self.cfg.verb_prefix_tags
                                                   or w in self.cfg.tail_trim for w in words[:-1]))

    def _attributive(self, k: int) -> bool:
        """Claim k modifies the noun after it (399元的价格, 5000多平方米的厂房)."""
        end = self.spans[k][1]
        q = starts_with_any(self.text[end:end + 4], self.cfg.qualifier_after)
        return self.text.startswith(self.cfg.modifier_marker, end + len(q or ""))

    def _noun_tail(self, pre: str) -> str:
        """The nouns (and adjectives before them) `pre` ends in when they name a value (value_heads) and
        stand after a verb or measure word (使用容量 -> 容量, 一块有效像素 -> 有效像素), or ""."""
        words = list(self.lay.cut(pre))
        n = len(words)
        while n and (tag_of(words[n - 1]).startswith(self.cfg.measure_noun_tags) and not is_verb(words[n - 1])
                     or n < len(words) and tag_of(words[n - 1]) == "a"):
            n -= 1
        tail = "".join(words[n:])
        if not 0 < n < len(words) or len(tail) < 2 or not tail.endswith(self.cfg.value_heads):
            return ""
        return tail if is_verb(words[n - 1]) or tag_of(words[n - 1])[:1] in ("m", "q", "u") else ""

    def _without_measure(self, pre: str) -> str:
        """`pre` without the numeral and measure word it ends in (配备|一颗|6倍…, 配备|一块|3.2英寸…)."""
        words = list(self.lay.cut(pre))
        while len(words) > 1 and tag_of(words[-1])[:1] in self.cfg.numeral_tags:
            words.pop()
        return "".join(words)

    def _with_noun(self, pre: str, noun: str) -> str:
        """pre + noun, or the noun alone when pre ends in a record word (拿下全队最高的|11个|篮板 ->
        篮板): the record says how good it was, the noun what was counted."""
        return noun if ending(pre.removesuffix(self.cfg.modifier_marker), self.cfg.tidy.record_words) else pre + noun

    def _spends(self, pre: str) -> bool:
        """The metric so far ends in a verb that is no measure with the noun before it (拿出, 还安排;
        not 研发|投入), or names only who gives the money (财政)."""
        words = list(self.lay.cut(pre))
        if words and all(tag_of(w).startswith("n") for w in words):
            return True  # 财政|20亿元|支持特困地区高中改造: who gives it, then what it is for
        return bool(words) and is_verb(words[-1]) \
            and (len(words) == 1 or not tag_of(words[-2]).startswith(self.cfg.measure_noun_tags))

    def pair(self, k: int, subject: Mention | None) -> Mention | None:
        """The name a 分别 list pairs claim k with (烟台、潍坊…分别为9516亿元和7011亿元), if any; the
        list's pairs are worked out once, at its first figure."""
        c = self.lay.clauses[self.lay.claim_clause[k]]
        if k not in self.lists:
            self.lists.update(self._list_group(c, k, subject))
        return self.lists[k][1] if k in self.lists else None

    def _window(self, c: Clause, k: int, subject: Mention | None) -> str:
        """The trimmed text between the previous figure (or clause start, or subject) and claim k."""
        cfg, cut = self.cfg, self.lay.cut
        cs = self.spans[k][0]
        pos = self.previous_end(k)
        q = starts_with_any(self.text[pos:cs], cfg.qualifier_after)
        pos += len(q) if q and self.previous(k) is not None else 0
        if subject is not None and pos <= subject.start and subject.end <= cs \
                and not self._modifies_figure(c, pos, subject, cs):
            pos = subject.end
            suffix = starts_with_any(self.text[pos:cs], cfg.admin_suffixes) or ""
            if suffix and next(iter(self.lay.cut(self.text[pos:cs])), "") == suffix:
                pos += len(suffix)  # (全县|乡镇企业: 乡 starts a word, no suffix of the name)
            de = self.text.find(cfg.modifier_marker, pos, min(cs, pos + cfg.affiliation_max_gap + 1))
            head = None if de < 0 else next((m for m in c.mentions if de < m.start and m.end <= cs
                                             and not self.gap(de + 1, m.start)), None)
            if head is not None:  # 海尔搭建的卡奥斯平台|已经聚集了3.4亿用户: the phrase's head is no part of it
                pos = head.end
        lead = self._lead(c, pos, cs)
        basis = cfg.basis_rx.search(lead)  # 居民消费价格由上月的|1.2%: where it came from is no part of it
        lead = lead[:basis.start()] if basis else lead
        pre = trim_tail(lead, cfg.tail_trim, cut, cfg.punctuation)
        pre = self._reached(pre, lead[len(pre):]) if lead.startswith(pre) else pre
        words = list(cut(pre))
        cut_at = max((n for n, w in enumerate(words) if w in cfg.starts_after), default=-1)
        if cut_at >= 0:  # 事故造成|3人死亡, 官方称其…: what was caused or said, not the cause or the speaker
            said = strip_lead("".join(words[cut_at + 1:]), cfg, cut)
            if words[cut_at] in cfg.candidates.cause_verbs or trim_tail(said, cfg.tail_trim, cut, cfg.punctuation):
                pre = said  # (本科录取率预计在|三成以上: nothing said after it, the words before it measure)
        marker = pre.rfind(cfg.item_marker)
        kind = pre[marker + 1:] if marker > 0 else ""  # 组织消防、武警、民兵等|救援力量|1800余人: what the examples are
        if marker > 0 and (not kind or "、" in pre[:marker] and self._nominal(kind)):
            words = list(cut(pre[:marker + 1]))  # 涵盖A、B、C等|12个: the verb, not the examples
            verb = next((n for n, w in enumerate(words) if is_verb(w)), len(words))
            sep = next((n for n, w in enumerate(words) if w in cfg.joiners), len(words))
            pre = ("".join(words[:verb + 1]) if verb < sep else "") + kind
        return pre

    def _modifies_figure(self, c: Clause, pos: int, subject: Mention, cs: int) -> bool:
        """The subject only modifies what the figure counts, after the clause's verb (还关了|南京|的两家专卖店):
        the verb before it says what is measured, so the window keeps it."""
        if self.text[subject.end:cs] != self.cfg.modifier_marker:
            return False
        before = trim_tail(self._lead(c, pos, subject.start), self.cfg.tail_trim, self.lay.cut, self.cfg.punctuation)
        words = list(self.lay.cut(before))
        return bool(words) and is_verb(words[-1])

    def _reached(self, pre: str, rest: str) -> str:
        """`pre` without its change word when the figure is the level the change reached
        (全县贫困人口下降到|3.1万人 -> 贫困人口, 吞吐量由此提高到|5000万人次 -> 吞吐量, 人均收入增至|5万元):
        the figure is a level of what changed, not the change. The adverbs before the change word
        go with it; a metric that would be left with nothing but change words stays as it was."""
        cfg = self.cfg
        marker = ending(pre, cfg.level_after)
        body = pre[: len(pre) - len(marker)]
        if not marker and not starts_with_any(rest.lstrip(cfg.punctuation), cfg.level_after):
            return pre
        word = ending(body, cfg.increase + cfg.decrease)
        if not word or any(pre.endswith(w) for w in cfg.not_change if word in w):
            return pre
        words = list(self.lay.cut(body[: len(body) - len(word)]))
        while words and (tag_of(words[-1]) in cfg.adverb_tags or tag_of(words[-1]) == "c"):
            words.pop()
        body = "".join(words)
        if words and all(w in self.cfg.tidy.record_words for w in words):
            return ""  # 最低|降至3.65%: how far it went, not what went there (the clause before says)
        return pre if not body or self._derived(body) or self._hollow(body) else body

    def _lead(self, c: Clause, pos: int, end: int) -> str:
        """text[pos:end] without leading periods, names, 全市-like words and connectives."""
        text, cfg = self.text, self.cfg
        while pos < end:
            rest = strip_lead(text[pos:end], cfg, self.lay.cut)
            at = end - len(rest)
            m = next((m for m in c.mentions if m.start == at and m.end <= end), None)
            prep = starts_with_any(rest, cfg.partner_before)
            if m is None and prep:  # 对日本|下降10.8%: the partner is the subject, not what is measured
                m = next((m for m in c.mentions if m.start == at + len(prep) and m.end <= end), None)
            word = opening_word(rest, cfg.anaphors, self.lay.cut) or starts_with_any(rest, cfg.pronouns)
            nxt = m.end if m else at + len(word) if word else at
            if nxt == pos:
                break
            pos = nxt
        return text[pos:end]

    def gap(self, start: int, end: int) -> str:
        """What stands between two figures besides joiners, qualifiers and cue words."""
        gap = self.text[start:end]
        q = starts_with_any(gap, self.cfg.qualifier_after)
        gap = gap[len(q):] if q else gap
        gap = trim_tail(gap, self.cfg.tail_trim, self.lay.cut, self.cfg.punctuation)
        return gap.strip(self.cfg.punctuation + self.cfg.gap_chars)
