"""Attribution: who each claim is about (subject), what it measures (metric), when (period),
whether it is a change and in which direction, and whether it is a goal rather than a result.

Everything works on the normalised view of one article, clause by clause in text order, so a
subject left implicit is carried over from the text before it (pipeline.discourse) and a bare
change word borrows what the figure before it measured (pipeline.metric). The words and
patterns all come from configs/attribution.toml (pipeline.attribution_config).
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import lru_cache

import regex

from pipeline.attribution.candidates import Candidate, candidates
from pipeline.attribution.config import AttributionConfig
from pipeline.attribution.ranker import choose
from pipeline.attribution.scope import ArticleScopes
from pipeline.attribution.tidy import Tidier
from pipeline.attribution.cues import Cut, change_of, ends_with_word, holds_any, starts_with_any
from pipeline.attribution.discourse import Clause, Mention, anaphor, is_verb, layout, lead_anaphor, subjects
from pipeline.lexicon import tag_of
from pipeline.attribution.metric import MetricReader
from pipeline.normalise import NormText, fold_char
from pipeline.segment import tokenizer
from pipeline.tagger import Word




def attribute(article: dict, norm: NormText, sentences: list[tuple[int, int, int]], entities: list[dict],
              claims: list[dict], config, words: Sequence[Word] = (),
              observe: Callable[[dict, list[Candidate], Candidate | None], None] | None = None) -> list[dict]:
    """Stage helper: the article's claims, in text order, with subject, subject_entity_id, metric,
    period, period_year, change and is_target filled.

    `sentences` are (sentence_id, normalised start, end); entity and claim records carry raw
    offsets; `words` are the tagger's, in normalised offsets and text order; `config.attribution`
    is an AttributionConfig. `observe(claim, candidates, chosen)` sees every subject choice (the
    ranker's fitting reads them)."""
    cfg: AttributionConfig = config.attribution
    text = norm.text
    ordered = sorted(claims, key=lambda c: (c["start"], c["end"]))
    spans = [(norm.norm_pos(c["start"]), norm.norm_pos(c["end"])) for c in ordered]
    tok = tokenizer(config.userdict)
    lay = layout(text, sentences, mentions_of(norm, entities), spans, cfg, _cut_once(tok), _appositive(config.entities))
    lay.place, lay.fallback = about(text, lay.clauses, cfg, config.entities.names, lay.cut)
    lay.place_levels, lay.suffix_levels = config.entities.place_levels, config.entities.suffix_levels
    reader = MetricReader(lay, ordered, cfg, config.claims.unit_rx)
    subject_of = subjects(lay, cfg)
    periods = _Periods(text, lay, cfg)
    scopes = ArticleScopes(lay, words, cfg.candidates, cfg)
    tidier = Tidier(text, words, cfg.tidy, spans, lay.cut)
    out: list[dict] = []
    last: tuple[int, Candidate] | None = None  # the sentence start and subject of the latest claim with one
    for k, claim in enumerate(ordered):
        cs = spans[k][0]
        clause = lay.clauses[lay.claim_clause[k]]
        listed = reader.pair(k, subject_of[k])
        cands = candidates(k, scopes, subject_of[k], listed)
        if last is not None and last[0] == clause.sentence_start:
            _among(cands, last[1], text[clause.start:cs], cfg)
        subject = _named_for(choose(cands, config.ranker), cands, cfg, text)
        if subject is not None:
            last = (clause.sentence_start, subject)
        if observe is not None:
            observe(claim, cands, subject)
        # the metric is read after the chosen subject when that is a name; a phrase chosen as subject
        # may be what the rules read as part of the metric (电池销量|增长), so they read it their way
        named = subject is not None and subject.feats.get("src_name") and not subject.feats.get("list_item")
        metric, _ = reader.read(k, _as_mention(subject) if named else subject_of[k])
        period, year = periods.at(clause, cs)
        window_start = max(clause.start, reader.previous_end(k), cs - cfg.change_max_distance)
        change = change_of(text[window_start:cs], cfg) if claim["kind"] != "rank" else None
        prev = reader.previous(k)
        if change is None and prev is not None and claim["kind"] != "rank" and not reader.gap(spans[prev][1], cs):
            change = out[-1]["change"]  # 分别增长92%、73.8%和91%: one change word for the list
        label = tidier.label(clause.start, cs)
        after = tidier.named_after(spans[k][1], clause.end)  # …2.28%的|增长率: a measure named after it
        if label:
            metric = label
        elif after and not reader.pre.get(k) and k not in reader.leveled:
            metric = after  # (上调25个基点到|0.75%至1%|的水平: the rate is what reached that level)
        # a phrase chosen as subject goes from the metric's front too (沪深300ETF|成交额), unless it holds a
        # measure itself (电池销量|增长, 柴油价格每吨|提高: then what is left is only the change)
        measure = subject is not None and holds_any(subject.surface, cfg.candidates.measure_heads)
        thing = subject is not None and (named or not measure)
        # (长岳低碳经济股票、和信光伏产业指数分别上涨…: a listed name is the subject, the verb the metric)
        item = _listed_item(subject, metric or "", measure, lay.cut)
        metric = tidier.tidy(metric, clause.sentence_start, cs, item or (subject.surface if thing else None),
                             claim["kind"], change, phrase=not named and not item)
        if not metric and after:
            metric = after  # 以|37.6%|的票房占比领跑: nothing before it measures, the words after it do
        metric = reader.partitive(k, subject, metric or "")  # 基金仅|一只|下挫 -> 下挫基金
        unit_metric = reader.unit_metric(claim)
        if unit_metric and metric and not change and tidier.ends_in_act(metric, clause.sentence_start, cs):
            metric = unit_metric  # 打进|21球 -> 进球: only the unit says what is measured
        elif unit_metric and claim.get("unit") in cfg.unit_metric_first \
                and not any(w in (metric or "") for w in (unit_metric, *cfg.unit_metric_kept)):
            metric = unit_metric  # 这名患者是在美国留学的|23岁|内地男生: an age, whoever it describes
        record = dict(claim)
        record.update({
            "subject": subject.surface if subject else None,
            "subject_entity_id": (subject.entity_id or None) if subject else None,
            "metric": _as_written(metric, text, article.get("text"), norm, clause.sentence_start, cs) or None,
            "period": period,
            "period_year": year,
            "change": change,
            "is_target": is_target(text[clause.sentence_start:cs], cfg, lay.cut),
        })
        out.append(record)
    return out


def _cut_once(tok) -> Cut:
    """jieba's words of a text (no HMM step), each text cut once per article: the rules cut the
    same stretches again and again (a clause's lead, a metric's window, its tail), over half of
    the cuts on the seeds. Gives an iterator, as the tokenizer's cut does."""
    seen: dict[str, tuple[str, ...]] = {}

    def cut(s: str) -> Iterator[str]:
        got = seen.get(s)
        if got is None:
            got = seen[s] = tuple(tok.cut(s, HMM=False))
        return iter(got)

    return cut


def _as_written(metric: str | None, text: str, raw: str | None, norm: NormText, lo: int, hi: int) -> str | None:
    """The metric in the article's own characters where it stands in one piece between lo and the
    number hi (高职（专科）计划, not the normalised 高职(专科)计划); else as it is."""
    if not metric or raw is None or (at := text.rfind(metric, lo, hi)) < 0:
        return metric
    start, end = norm.raw_span(at, at + len(metric))
    written = raw[start:end]
    return written if len(written) == len(metric) and "".join(map(fold_char, written)) == metric else metric


def _among(cands: list[Candidate], previous: Candidate, before: str, cfg: AttributionConfig) -> None:
    """Marks the previous claim's subject among cands when the claim's clause opens with 其中, 其余 …
    and has no topic nor counted noun of its own (一共有63个人，其中有|37人…): the part is of the same group,
    so it has the same subject (其中|沪深300ETF|成交额60亿元 and 其中12名|游客 name the part instead)."""
    if starts_with_any(before.lstrip(cfg.punctuation), cfg.partitive_leads) \
            and not any(c.feats.get("topic_own") or c.feats.get("counted") for c in cands):
        for c in cands:
            if c.surface == previous.surface:
                c.feats["among_previous"] = 1


def _named_for(chosen: Candidate | None, cands: list[Candidate], cfg: AttributionConfig,
               text: str) -> Candidate | None:
    """The chosen subject as a reader names it: an anaphor (全省, 我市, 该公司) by what the discourse
    rules resolve it to (安徽经济…全省进出口增长: 安徽); a description by the quoted name after it
    (中右翼政党“公民联盟”); a model's name cut short (X60) in full (X60 Pro); a phrase's head by the
    whole phrase (保守配置型|基金); a generic noun (公司,
    集团) by the latest name before it that ends in it (华为公司发布年报。…公司实现营收…: 华为公司)."""
    if chosen is None:
        return None
    anaphors = cfg.anaphors + cfg.org_anaphors
    if chosen.surface in anaphors:
        resolved = next((c for c in cands if c.feats.get("rule") and c.surface not in anaphors), None)
        if resolved is not None:
            return resolved
    if chosen.start >= 0:
        # (each scan tests where a candidate stands first: few stand there, and that test costs least)
        start, end = chosen.start, chosen.end
        named = next((c for c in cands if 0 < c.start - end <= 5 and c.feats.get("quoted")
                      and text[end:c.start - 1] in cfg.name_kinds), None)  # quoted: an opening mark before it
        if named is not None:
            return named
        longer = [c for c in cands if c.start == start and c.end > end and c.feats.get("model")
                  and c.surface[len(chosen.surface):].isascii()]
        if longer:
            return max(longer, key=lambda c: c.end)
        if chosen.label == "phrase" and not chosen.feats.get("model"):  # 保守配置型|基金: the whole noun phrase, not its head
            whole = [c for c in cands if c.label == "phrase" and c.end == chosen.end and 0 <= c.start < chosen.start
                     and not c.feats.get("after_prep")]  # (从|订单需求上传到…: a phrase after a preposition is none)
            if whole:
                return min(whole, key=lambda c: c.start)
    if not chosen.feats.get("generic") or chosen.label != "phrase":
        return chosen
    names = [c for c in cands if c.feats.get("src_name") and 0 <= c.end <= chosen.start
             and c.surface.endswith(chosen.surface) and len(c.surface) > len(chosen.surface)]
    return max(names, key=lambda c: (c.end, c.end - c.start), default=chosen)


def _listed_item(subject: Candidate | None, metric: str, measure: bool, cut: Cut) -> str:
    """The front of `metric` that repeats the end of a subject chosen from a 分别 list, when that
    subject is a name (or a phrase holding one and no measure) and the repeated part ends in a noun
    (not 进口 of 进口、出口|整体通关时间, a verbal noun that measures), or ""."""
    if subject is None or not subject.feats.get("list_item") \
            or not (subject.feats.get("src_name") or subject.feats.get("holds_name") and not measure):
        return ""
    s = subject.surface
    front = next((s[i:] for i in range(len(s) - 1) if metric.startswith(s[i:])), "")
    return front if front and not tag_of(list(cut(front))[-1]).startswith("v") else ""


def _as_mention(c: Candidate | None) -> Mention | None:
    """A chosen candidate as the Mention the metric reader skips over (a subject with no place in
    the text, an anaphor resolved to the article's place, is none)."""
    if c is None or c.start < 0:
        return None
    return Mention(c.start, c.end, c.surface, c.entity_id, c.label, c.surface)


def _appositive(entities) -> Callable[[str, str], str]:
    """Strips what describes the name that follows from the end of `lead`: descriptors of an
    organisation (A+H股上市公司) and a person's title (退休教师, 市长), from configs/entities.toml."""
    descriptors = entities.settings.get("descriptors", ())
    any_descriptor = tuple(descriptors)  # one endswith asks whether any ends it, before finding which
    titles = entities.title_first_re

    def strip(lead: str, label: str) -> str:
        while True:
            lead = lead.rstrip(" \t\u3000")
            cut = next((len(d) for d in descriptors if lead.endswith(d)), 0) if lead.endswith(any_descriptor) else 0
            if not cut and label == "person" and titles is not None:
                cut = next((len(lead) - i for i in range(max(0, len(lead) - 8), len(lead))
                            if titles.fullmatch(lead, i)), 0)
                de = lead.rfind("的", 0, len(lead) - cut)
                if cut and 0 <= len(lead) - cut - de - 1 <= 4:
                    cut = len(lead) - de  # 72岁的|独居|老人|向桂英: a short modifier of the title too
            if not cut:
                return lead
            lead = lead[:-cut]

    return strip


class _Periods:
    """Reference periods of one article: the nearest one before a claim in its sentence, else
    the one framing an earlier sentence of its paragraph. A sentence naming several different
    periods (一季度…，二季度…，三季度…) enumerates them and frames nothing after it."""

    def __init__(self, text: str, lay, cfg: AttributionConfig) -> None:
        self.cfg = cfg
        self.found: list[tuple[int, int, str]] = []
        for m in cfg.period_rx.finditer(text):
            if m.end() > m.start() and not any(ends_with_word(text[max(0, m.start() - 4):m.start()], w)
                                               for w in cfg.period_comparison_before):
                self.found.append((m.start(), m.end(), m.group()))
        self.starts = [p[0] for p in self.found]
        bounds: dict[int, list[int]] = {}
        for c in lay.clauses:
            b = bounds.setdefault(c.sentence_start, [c.sentence_start, c.end, c.para_start])
            b[1] = max(b[1], c.end)
        self.sentences = sorted(bounds.values())
        self.sentence_starts = [b[0] for b in self.sentences]

    def _within(self, start: int, end: int) -> list[tuple[int, int, str]]:
        lo, hi = bisect_left(self.starts, start), bisect_left(self.starts, end)
        return [p for p in self.found[lo:hi] if p[1] <= end]

    def at(self, clause, pos: int) -> tuple[str | None, int | None]:
        """(period, period_year) of a claim starting at pos in clause."""
        inside = self._within(clause.sentence_start, pos)
        chosen = inside[-1] if inside else None
        i = bisect_right(self.sentence_starts, clause.sentence_start) - 1
        while chosen is None and i > 0:
            i -= 1
            start, end, para = self.sentences[i]
            if para != clause.para_start:
                break
            ps = self._within(start, end)
            if len({p[2] for p in ps}) == 1:
                chosen = ps[-1]
        if chosen is None:
            return None, None
        year = _year(chosen[2])
        if year is None and not chosen[2].startswith(self.cfg.period_relative):
            for p in reversed(self._within(clause.para_start, chosen[0])):
                if (year := _year(p[2])) is not None:
                    break
        return chosen[2], year


_YEARS = regex.compile(r"(?:19|20)\d{2}(?=年|$|[-—~～至到])|[一二][〇零一二三四五六七八九]{3}(?=年)")
_CN_YEAR_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")


@lru_cache(maxsize=4096)
def _year(period: str) -> int | None:
    """The last calendar year a period names, in digits (2020年) or numerals (一九九八年); kept per
    period: a text names the same few periods for claim after claim."""
    years = _YEARS.findall(period)
    return int(years[-1].translate(_CN_YEAR_DIGITS)) if years else None


def is_target(before: str, cfg: AttributionConfig, cut=None) -> bool:
    """True when the sentence up to the number states a goal or plan: a cue word, a deadline year
    (到2025年), or 将 meaning "will" — not 将 meaning 把 (将 + a noun + a verb: 将成本降低30%)."""
    if holds_any(before, cfg.target_cues) or cfg.deadline_rx.search(before):
        return True
    if cut is None:
        cut = lambda s: tokenizer(None).cut(s, HMM=False)  # noqa: E731
    for word in cfg.future:
        i = before.find(word)
        while i >= 0:
            rest = before[i + len(word):]
            if rest[:1] and rest[:1] not in cfg.future_not_before:
                words = list(cut(rest))
                if not (tag_of(words[0]) in cfg.ba_noun_tags and any(is_verb(w) for w in words[1:])):
                    return True
            i = before.find(word, i + 1)
    return False


def mentions_of(norm: NormText, entities: list[dict]) -> list[Mention]:
    """Entity records (raw offsets) as Mentions in normalised offsets, in text order."""
    pos = norm.norm_pos
    out = [Mention(pos(e["start"]), pos(e["end"]), e["surface"], e["entity_id"], e["label"], e["canonical"])
           for e in entities]
    return sorted(out, key=lambda m: (m.start, m.end))


def about(text: str, clauses: list[Clause], cfg, names: Mapping[str, tuple[str, str]],
          cut: Cut) -> tuple[Mention | None, Mention | None]:
    """(the place the article is about, the subject of last resort).

    A place is the article's when it is named more often than any other (北京、上海、广州 once each:
    none); mentions that report (sources, speakers, affiliations) do not count, and 全国-like words
    count only where they open a clause (全国规模以上工业增加值…). With no place named most, the place
    a statistics body serves stands in (安徽省统计局 -> 安徽省). The subject of last resort is, in
    this order: the place named as a topic, the anaphor opening most clauses (全县…), the organisation
    named most, the place that is only a location (12家企业落户青岛), the headline's name."""
    reporting = ("source", "speaker", "affiliation", "scope")
    places = [(m, r) for c in clauses for m, r in zip(c.mentions, c.roles) if m.label == "place" and (
        r == "topic" if m.surface in cfg.scope_words else r not in reporting)]
    topical, _ = _top([m for m, r in places if r not in ("locative", "base")])
    located = _top([m for m, _ in places])[0] or _jurisdiction(clauses, cfg, names)
    counts = Counter(w for c in clauses if not any(m.start == c.lead_at for m in c.mentions)
                     for w in [lead_anaphor(text, c, cfg, cut)] if w)
    word = min(counts, key=lambda w: (-counts[w], w)) if counts and not located else None
    org, _ = _top([m for c in clauses for m, r in zip(c.mentions, c.roles)  # (not 送往|某医院: where, not who)
                   if m.label not in ("place", "person") and r not in reporting and r not in ("locative", "base")])
    heading = next((m for c in clauses if c.heading for m, r in zip(c.mentions, c.roles)
                    if r == "topic" and m.label != "person"), None)
    fallback = topical or (anaphor(-1, word) if word else None) or org or located or heading
    return topical or located, fallback  # -1: the anaphor stands nowhere in the text


def _jurisdiction(clauses: list[Clause], cfg, names: Mapping[str, tuple[str, str]]) -> Mention | None:
    """The place named at the head of the first statistics body (安徽省统计局 -> 安徽省; 国家统计局 ->
    the country), as a mention inside the body's name; None when no body names a known place."""
    for m in (m for c in clauses for m in c.mentions):
        if m.label != "org" or not m.surface.endswith(cfg.jurisdiction_bodies):
            continue
        head = m.surface[: -len(next(b for b in cfg.jurisdiction_bodies if m.surface.endswith(b)))]
        if head == cfg.national_prefix:
            head = cfg.national_place
        for n in range(len(head), 1, -1):
            label, canonical = names.get(head[:n], ("", ""))
            if label == "place":
                return Mention(m.start, m.start + n, head[:n], "", "place", canonical)
    return None


def _top(pool: list[Mention]) -> tuple[Mention | None, int]:
    """The most often named canonical in pool, in its most frequent form, and how often it is named;
    (None, 0) when two share the top."""
    if not pool:
        return None, 0
    ranked = Counter(m.canonical for m in pool).most_common(2)
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return None, 0
    canonical, n = ranked[0]
    forms = Counter(m.surface for m in pool if m.canonical == canonical)
    surface = sorted(forms.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    return next(m for m in pool if m.canonical == canonical and m.surface == surface), n
