"""A metric as a clean phrase: the last pass over what pipeline.attribution.metric read.

The rules read a metric as a stretch of words before the number; this pass uses the tagger's
parts of speech to make it a phrase a reader would accept as a column label: no function words at
either end (可他的|年薪, 最低首付比例|都可以), no other number in it (…1200亿“云签约|央企项目), not the
subject again, and no longer than max_chars (the last noun phrase is kept). A label right before
the number (普通攻击：45%, [参考价格]:399元) is the metric, and so is the measure named right after
a figure that has none before it (以2.28%的|增长率|领先). What a change is measured against goes
(人均可支配收入比上年增长 -> 人均可支配收入增长), and so do the words up to a pronoun's 的 (要知道他的|年薪).
A change word ending the metric of a percentage names a rise or a fall (涨 -> 涨幅, 平均上涨 -> 平均涨幅).
`ends_in_act` tells the attribute stage when a metric only says what was done (打进|2球), so that what
the figure's unit measures stands in for it (进球).
"""
from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

import regex

from pipeline.attribution.cues import COLONS, Cut, closes_bracket, ending
from pipeline.lexicon import tag_of
from pipeline.tagger import Word


@dataclass(frozen=True)
class TidyConfig:
    """[tidy] of configs/attribution.toml."""

    lead_drop_tags: frozenset[str]
    tail_drop_tags: frozenset[str]
    tail_drop_words: tuple[str, ...]   # modal verbs and fillers that never end a metric (可以, 能)
    lead_drop_words: tuple[str, ...]
    dict_lead_drop_tags: frozenset[str]  # the same by jieba's tags, for a metric not in the text as one piece
    dict_tail_drop_tags: frozenset[str]
    max_chars: int
    rest_min_chars: int                 # what a phrase subject leaves of a metric must be this long (成交额)
    label_max_chars: int
    after_tags: frozenset[str]          # what a measure named after the figure may be made of
    measure_heads: tuple[str, ...]
    change_nouns: tuple[tuple[str, str], ...]  # (direction, noun): 涨 on a percentage -> 涨幅
    act_nouns: dict[str, str]           # a metric that is only this verb -> the noun it measures (售 -> 售价)
    rise_words: tuple[str, ...]         # bare change words that such a noun replaces, up (涨, 上扬) …
    fall_words: tuple[str, ...]         # … and down (跌, 微挫)
    change_words: tuple[str, ...]       # both, as one tuple (cues.ending finds a config's tuple by identity)
    act_tags: frozenset[str]            # verbs: a metric ending in one says what was done (打进, 取得)
    record_words: tuple[str, ...]       # … as does one ending in a record after such a verb (砍下…新高)
    place_preps: tuple[str, ...]        # a metric opening with one of these and a place drops them up to its verb
    possessive_rx: regex.Pattern        # words up to a pronoun's 的 (要知道他的|年薪): no part of a metric
    per_rx: regex.Pattern               # the base an amount is per (每10股派现): no part of a metric
    method_rx: regex.Pattern            # how it was worked out (按收盘价计算的市盈率): no part of a metric
    window_rx: regex.Pattern            # a time window (在过去24小时内): the claim's period, no part of its metric
    scene_rx: regex.Pattern             # a scene and what precedes it (…在各项赛事中|出场): no part of a metric
    comparison_rx: regex.Pattern        # what a change is measured against (比上年, 较去年同期): no part of a metric
    demonstrative_tags: frozenset[str]  # 这款|手机: the words before a subject that go with it
    ordinal_prefix: str                 # 第一|产业增加值: an ordinal of a noun stays
    field_marker: str                   # …手机中的|市场份额: a measure's field before it
    min_field_chars: int


def _jieba_tag(word: str) -> str:
    """jieba's tag of `word` in the tagger's terms (uj, ul … -> u)."""
    tag = tag_of(word)
    return "u" if tag.startswith("u") else tag


def _modifies(ws: list[Word], ordinal: str) -> bool:
    """The first word is an adverb of the modifier after it (最|关键|的, 更|大), or an ordinal (a
    numeral starting with `ordinal`) that is part of a noun (第一|产业增加值): it stays."""
    if len(ws) < 2:
        return False
    if ws[0].tag == "m":
        return ws[0].surface.startswith(ordinal) and ws[1].tag.startswith("n")
    return ws[0].tag == "d" and (ws[1].tag == "a" or len(ws) > 2 and ws[2].surface == "的")


class Tidier:
    """Tidies the metrics of one article's claims; `words` are the tagger's (normalised offsets)."""

    def __init__(self, text: str, words: Sequence[Word], cfg: TidyConfig,
                 numbers: Sequence[tuple[int, int]] = (), cut: Cut | None = None) -> None:
        self.text, self.words, self.cfg, self.cut = text, words, cfg, cut
        self.starts = [w.start for w in words]
        self.number_ends = sorted(e for _, e in numbers)

    def label(self, clause_start: int, cs: int) -> str | None:
        """The label before a colon right before the number (普通攻击：45%), if short and plain."""
        text = self.text
        i = cs - 1
        while i >= clause_start - 1 and i >= 0 and text[i] in " \t\u3000":
            i -= 1
        if i < 0 or text[i] not in COLONS or text[clause_start:cs].strip(" \t\u3000" + COLONS):
            return None
        j = i
        opening = max(text.rfind("[", 0, i), text.rfind("【", 0, i)) if text[i - 1:i] in ("]", "】") else -1
        if 0 <= opening and i - opening <= self.cfg.label_max_chars + 2:
            j = opening  # [参考价格]:399元: the label is what the brackets hold
        else:
            while j > 0 and text[j - 1] not in "，,。；;！？!?\n" + COLONS and not text[j - 1].isdigit() and i - j < 40 \
                    and not text[j - 2:j].isspace():  # a run of spaces ends a label too
                j -= 1
        label = text[j:i].strip(" \t\u3000[]【】")
        if 2 <= len(label) <= self.cfg.label_max_chars:
            return label
        return None

    def named_after(self, ce: int, end: int) -> str | None:
        """A measure named after the figure: …2.28%的|增长率 (a noun phrase ending in a measure word)."""
        text = self.text
        if not text.startswith("的", ce):
            return None
        ws = self._words(ce + 1, end)
        run = []
        for w in ws:
            if w.tag not in self.cfg.after_tags and not (run and w.surface.endswith(self.cfg.measure_heads)):
                break  # (票房|占比: a measure word the tagger reads as a verb still ends the phrase)
            run.append(w)
        phrase = "".join(w.surface for w in run)
        return phrase if phrase and phrase.endswith(self.cfg.measure_heads) else None

    def tidy(self, metric: str, lo: int, cs: int, subject: str | None, kind: str, change: str | None,
             phrase: bool = False) -> str:
        """`metric` cleaned; where it stands as written between lo and the number cs, by the
        tagger's words, else by its characters. The subject goes from its front, a `phrase` subject
        only when what is left names a measure of its own (沪深300ETF|成交额; not 进口铁矿砂|价值)."""
        if not metric:
            return metric
        at = self.text.rfind(metric, lo, cs)
        composed = at < 0 and self.cut is not None  # put together from two places (已开通|16条|国内航线)
        if at >= 0:
            end = at + len(metric)
            i = bisect_left(self.number_ends, end + 1) - 1
            if i >= 0 and self.number_ends[i] > at:  # another figure inside: only what follows it
                at = self.number_ends[i]
            ws = self._words(at, end)
            metric = self._trim(ws)
            at = self.text.find(metric, at, end) if metric else -1
        if subject and not metric.startswith(subject) and 0 < (i := metric.find(subject)) <= 3 \
                and all(t in self.cfg.demonstrative_tags for t in map(_jieba_tag, self.cut(metric[:i]) if self.cut else ["x"])):
            metric = metric[i:]  # 这款|手机|搭载…: the subject with its demonstrative
            at = at + i if at >= 0 else at
        if subject and metric.startswith(subject) and len(metric) > len(subject) \
                and not (phrase and len(metric) - len(subject) < self.cfg.rest_min_chars):
            rest = metric[len(subject):].lstrip("的")
            at = at + len(metric) - len(rest) if at >= 0 else at
            metric = rest
        if composed:  # not in the text as one piece: trimmed by the dictionary's tags
            ws = [Word(-1, -1, w, _jieba_tag(w)) for w in self.cut(metric)]
            metric = self._trim(ws, self.cfg.dict_lead_drop_tags, self.cfg.dict_tail_drop_tags) or metric
        if len(metric) > self.cfg.max_chars:
            metric = self._last_phrase(metric, at if at >= 0 else -1)
            start = self.text.find(metric, at, cs) if at >= 0 else -1
            if start >= 0 and not metric.startswith(("“", "《")):  # “未来城市”场景: a quote opening it stays whole
                metric = self._trim(self._words(start, start + len(metric)))
        if (start := self.text.rfind(metric, lo, cs)) >= 0 and (
                metric.startswith(self.cfg.place_preps) or self.text[start - 1:start] in self.cfg.place_preps):
            ws = self._words(start, start + len(metric))
            first = 2 if metric.startswith(self.cfg.place_preps) else 1
            verb = next((j for j, w in enumerate(ws) if j >= first and w.tag in self.cfg.act_tags), 0)
            if verb and (first == 2 or ws[0].tag == "LOC"):  # 到麦理浩夫人度假村|接受医学观察, 在|匈牙利|投资:
                metric = self._trim(ws[verb:])  # where it happened is no part of what happened
        if (own := self.cfg.possessive_rx.match(metric)) and own.end() < len(metric):
            metric = metric[own.end():]  # 要知道他的|年薪: whose it is, the pronoun points to the subject
        if cut := self.cfg.method_rx.sub("", metric, count=1):
            metric = cut  # 按首日收盘价计算的|市盈率 -> 市盈率
        if cut := self.cfg.window_rx.sub("", metric):
            metric = cut  # 俄军在过去24小时内发动 -> 俄军发动
        if kind != "rank" and (cut := self.cfg.scene_rx.sub("", metric, count=1)):
            metric = cut  # 代表维多利亚竞技在各项赛事中|出场 -> 出场 (a rank's range stays: 在年内成交地块中|排名)
        field = self.cfg.field_marker
        at_field = metric.rfind(field)
        if kind != "rank" and at_field > 0 and metric.endswith(self.cfg.measure_heads) \
                and len(metric) - at_field - len(field) >= self.cfg.min_field_chars:
            metric = metric[at_field + len(field):]  # 价位段安卓手机中的|市场份额 (占比 alone keeps 总销量中的)
        if cut := self.cfg.comparison_rx.sub("", self.cfg.per_rx.sub("", metric)):
            metric = cut  # 常住人口城镇化率比上年末提高 -> 常住人口城镇化率提高, 每10股派现 -> 派现
        metric = self.cfg.act_nouns.get(metric, metric)
        word = ending(metric, self.cfg.change_words) if kind == "percent" else ""
        if word:  # 平均上涨|1.47% -> 平均涨幅; 上扬|0.61% -> 涨幅 (the word says which way)
            direction = change or ("increase" if word in self.cfg.rise_words else "decrease")
            metric = metric[: -len(word)] + dict(self.cfg.change_nouns).get(direction, word)
        return _balanced(metric)

    def ends_in_act(self, metric: str, lo: int, cs: int) -> bool:
        """`metric`, as written between lo and the number cs, ends in a verb (tagged act_tags), or
        in a record word after one: it says what was done, not what is measured (比赛打进|2球,
        前15轮仅取得|5胜, 砍下职业生涯新高的|41分)."""
        at = self.text.rfind(metric, lo, cs)
        ws = self._words(at, at + len(metric)) if at >= 0 else []
        if ws and ws[-1].surface in self.cfg.record_words:
            return any(w.tag in self.cfg.act_tags for w in ws[:-1])
        return bool(ws) and ws[-1].tag in self.cfg.act_tags

    def _words(self, a: int, b: int) -> list[Word]:
        """The tagged words inside [a, b), the edge words cut to it."""
        out = []
        for w in self.words[max(0, bisect_left(self.starts, a) - 1):bisect_left(self.starts, b)]:
            s, e = max(w.start, a), min(w.end, b)
            if e > s:
                out.append(Word(s, e, self.text[s:e], w.tag if (s, e) == (w.start, w.end) else "x"))
        if not out or out[0].start > a or out[-1].end < b:  # not tagged there: characters as they are
            return [Word(a, b, self.text[a:b], "n")]
        return out

    def _trim(self, ws: list[Word], lead_tags: frozenset[str] | None = None, tail_tags: frozenset[str] | None = None) -> str:
        """The words without those tagged or listed to drop at either end, as one string."""
        cfg = self.cfg
        marks = lead_tags is None  # jieba's words hold a quote mark alone: it stays with its quote
        lead_tags = cfg.lead_drop_tags if lead_tags is None else lead_tags
        tail_tags = cfg.tail_drop_tags if tail_tags is None else tail_tags
        while ws and (ws[0].tag in lead_tags and not _modifies(ws, cfg.ordinal_prefix) or ws[0].surface in cfg.lead_drop_words
                      or marks and not ws[0].surface.strip(" “”\"'《》（）()、，,")):
            ws = ws[1:]
        while ws and (ws[-1].tag in tail_tags or ws[-1].surface in cfg.tail_drop_words
                      or marks and not ws[-1].surface.strip(" “”\"'（）()、，,")) \
                and not closes_bracket([w.surface for w in ws]):  # (地区生产总值|(|GDP|): it stays)
            ws = ws[:-1]
        return "".join(w.surface for w in ws).strip(" \t\u3000")

    def _last_phrase(self, metric: str, at: int) -> str:
        """The end of an over-long metric: from after its last 的 within max_chars, else its
        longest tail of whole words within max_chars."""
        cap = self.cfg.max_chars
        if at < 0:
            return metric
        ws = self._words(at, at + len(metric))
        fallback, found = metric, False
        quoted = self._quoted(ws)
        for i in range(len(ws) - 1, 0, -1):
            if quoted[i]:
                continue  # no cut inside quotation or title marks: the quote goes whole, past the cap if need be
            rest = "".join(w.surface for w in ws[i:])
            if len(rest) > cap and found:
                break
            fallback, found = rest, True
            if ws[i - 1].surface == "的" and len(rest) >= 2:
                return rest
        return fallback

    @staticmethod
    def _quoted(ws: list[Word]) -> list[bool]:
        """For each word, whether it stands inside quotation or title marks opened before it."""
        out, quotes, titles = [], 0, 0
        for w in ws:
            out.append(quotes > 0 or titles > 0)
            s = w.surface
            quotes += s.count("“") - s.count("”")
            titles += s.count("《") - s.count("》")
        return out


_OPENING, _CLOSING = "“‘「《（(", "”’」》）)"


def _balanced(metric: str) -> str:
    """`metric` without a quote or bracket left dangling at its edges: an opening one at its end,
    a closing one at its start (…上线首日|》|上线首日即登顶 -> 上线首日即登顶)."""
    return metric.rstrip(_OPENING).lstrip(_CLOSING)
