"""Metrics of ranks and of figures in 分别 lists, for pipeline.attribution.metric's MetricReader.

A rank measures what is ranked, its range and 排名 (增速居全省|第一 -> 增速全省排名); figures after
分别 pair with the items listed before it (家用电器、集装箱出口分别增长92%和91%), each with its own
change word where one stands before it. The methods read the reader's state (text, config, the
claims' spans and the metrics read so far), so they live on a base class of the reader.
"""
from __future__ import annotations

from pipeline.attribution.cues import cut_change, starts_with_any, trim_tail
from pipeline.attribution.discourse import Clause, Mention, last_run
from pipeline.lexicon import tag_of


class ListsAndRanks:
    """The rank and 分别-list readings of MetricReader (see the module docstring)."""

    def _rank(self, c: Clause, cs: int, pre: str) -> str:
        """What is ranked + the range + 排名 (增速居全省|第一 -> …增速全省排名)."""
        cfg = self.cfg
        pre = pre.replace(cfg.list_marker, "")  # 分别位列第二、第三: one rank each
        verb = starts_with_any(pre, cfg.rank_verbs)
        body = pre[len(verb):] if verb else pre
        inner = max((body.rfind(v), v) for v in cfg.rank_verbs if len(v) > 1)  # (not 列 of 系列)
        if inner[0] > 0:  # 以13胜2负的战绩|排名|联赛第二: what is ranked before the verb, the range after it
            body = body[:inner[0]] + body[inner[0] + len(inner[1]):]
        scope = next((w for w in cfg.scope_words if body.endswith(w)), "")
        ranked = body[: len(body) - len(scope)]
        tail = next((v for v in cfg.rank_verbs if ranked.endswith(v)), "")
        last = list(self.lay.cut(ranked))[-1:] if len(tail) == 1 else []
        if last and last[0] != tail and tag_of(last[0])[:1] in ("n", "q"):
            tail = ""  # 产品系列|全国第一: 列 of the noun 系列 is no verb
        ranked = ranked[: len(ranked) - len(tail)]
        if not ranked or ranked in cfg.rank_generic:
            frames = list(cfg.rank_frame_rx.finditer(self.text, c.sentence_start, cs))
            prefix = frames[-1].group("list") if frames else cut_change(self.last_plain, cfg)
            ranked = prefix + ranked if prefix and not ranked.startswith(prefix) else ranked
        return (ranked + scope).removesuffix(cfg.rank_suffix) + cfg.rank_suffix

    def _list_group(self, c: Clause, k: int, subject: Mention | None) -> dict[int, tuple[str, Mention | None]]:
        """When claim k opens a run of figures after 分别, each figure paired with its item:
        claim -> (metric, subject or None). Items are the names listed before 分别 (对韩国、日本
        进出口), else the words listed (家用电器、集装箱出口), else a noun before 分别 that all
        the figures measure (全国平均每升零售价分别提高0.29元和0.32元), else the figures before
        (面积A、金额B，同比分别下降p和q)."""
        text, cfg = self.text, self.cfg
        rank = self.claims[k]["kind"] == "rank"
        ks = [x for x in c.claims if (self.claims[x]["kind"] == "rank") == rank]
        if k not in ks:
            return {}
        head_start, cs = self.previous_end(k), self.spans[k][0]
        at = text.rfind(cfg.list_marker, head_start, cs)
        if at < 0:
            return {}
        i = j = ks.index(k)
        verb = trim_tail(text[at + len(cfg.list_marker):cs], cfg.tail_trim, self.lay.cut, self.cfg.punctuation)
        verbs = [verb]
        while j + 1 < len(ks):  # 分别下降1.9%和增长0.8%: a change word may stand before each figure
            gap = self.gap(self.spans[ks[j]][1], self.spans[ks[j + 1]][0])
            if gap and gap not in cfg.increase + cfg.decrease:
                break
            verbs.append(gap or verb)
            j += 1
        group = ks[i:j + 1]
        if len(group) < 2:
            return {}
        run = last_run(text, [m for m in c.mentions if head_start <= m.start and m.end <= at], cfg)
        if len(run) != len(group):  # 张家港、常熟、昆山…，在全国评比中分别位列第二、第三和第六位: the names open the sentence
            before = [m for x in self.lay.clauses if x.sentence_start == c.sentence_start and x.end <= c.start
                      for m in x.mentions]
            run = last_run(text, before, cfg) if before else []
            run = run if len(run) == len(group) and run[0] is before[0] else []
        if len(run) == len(group):
            tail = text[max(run[-1].end, c.start):at].strip(cfg.punctuation)
            return {kk: ((tail or self.base) + verbs[n], run[n]) for n, kk in enumerate(group)}
        items = self._items(c, head_start, at, subject)
        if len(items) == len(group):
            return {kk: (items[n] + verbs[n], None) for n, kk in enumerate(group)}
        head = self._lead(c, head_start, at).strip(cfg.punctuation)
        if not items and any(tag_of(w)[:1] == "n" for w in self.lay.cut(head)):
            return {kk: (head + verbs[n], None) for n, kk in enumerate(group)}  # 零售价分别提高|0.29元和0.32元
        before = [self.metric[p] for p in self.in_sentence[-len(group):] if self.metric.get(p)]
        if not items and len(before) == len(group):
            return {kk: (cut_change(before[n], cfg) + verbs[n], None) for n, kk in enumerate(group)}
        return {}

    def _items(self, c: Clause, start: int, end: int, subject: Mention | None) -> list[str]:
        """The list items before 分别 (家用电器、集装箱出口 -> 家用电器出口, 集装箱出口)."""
        if subject is not None and start <= subject.start and subject.end <= end:
            start = subject.end
        head = self._lead(c, start, end)
        parts = head.split("、")
        tokens = list(self.lay.cut(parts[-1]))
        for n in range(len(tokens) - 1, 0, -1):
            if tokens[n] in self.cfg.joiners:
                parts[-1:] = ["".join(tokens[:n]), "".join(tokens[n + 1:])]
                break
        if len(parts) < 2 or not all(parts):
            return []
        last = list(self.lay.cut(parts[-1]))
        tail = ""
        if len(last) >= 2 and (last[-1] in self.cfg.list_tails or tag_of(last[-1]) in ("v", "vn")):
            tail, parts[-1] = last[-1], "".join(last[:-1])
        elif len(last) >= 2 and all(len(list(self.lay.cut(p))) == 1 for p in parts[:-1]):
            tail, parts[-1] = "".join(last[1:]), last[0]  # 进口、出口|整体通关时间: one word each, the rest shared
        return [p + tail for p in parts]
