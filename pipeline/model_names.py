"""Names the tagger model finds (pipeline.tagger), as entity candidates beside the gazetteer's.

LAC tags people (PER), organisations (ORG), places (LOC), works (nw) and other proper nouns (nz:
products, brands, indices). They become candidates of labels person, org, place, work and
product; pipeline.entities picks among them and the gazetteer's by length and priority, so a
name the gazetteer knows keeps its canonical form and level.

Settings (configs/entities.toml, [model_settings]): which tags make which label, the joiners
inside a foreign name (库特尼-李), the dateline markers a name never runs across (新浪体育讯|火箭队),
and the shortest name kept.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from pipeline.tagger import Word


@dataclass(frozen=True)
class ModelSettings:
    """[model_settings] of configs/entities.toml."""

    labels: Mapping[str, str]         # LAC tag -> entity label (PER -> person …)
    name_joiners: frozenset[str]      # between two PER words of one foreign name (-, ·)
    dateline_markers: tuple[str, ...]  # a name runs on after one of these only (新浪体育讯|火箭队)
    brand_then_model: bool            # ORG + an nz with Latin letters or digits is one product (昂达 VX585HD)
    min_chars: int
    stop_words: frozenset[str]        # tagged as names, never one (记者, 网友)
    measure_endings: tuple[str, ...] = ()  # an nz ending in one names a measure, no product (毛利率, 每股收益)
    fund_types: tuple[str, ...] = ()  # an ORG, a theme and one of these is a fund (瑞丰|新能源产业|混合A)
    fund_max_words: int = 4           # words of theme and type after the ORG, at most
    fund_stop_tags: frozenset[str] = frozenset()  # words no fund's theme holds (adverbs, numbers, particles)
    share_classes: frozenset[str] = frozenset()   # what may close a fund's name (混合|A, 强债|A/B)
    split_before: tuple[str, ...] = ()  # terms a name never runs into (浙江地区|生产总值: 地区生产总值)
    segment_suffixes: tuple[str, ...] = ()  # a section of a road or river right after it (衡阳段) is one place with it
    descriptors: tuple[str, ...] = ()  # what kind of company a name is, never part of it (科创板|新股|芯源微电)


def model_candidates(words: Sequence[Word], settings: ModelSettings,
                     priority: int = 3) -> list[tuple[int, int, int, str, str]]:
    """Entity candidates (start, end, priority, label, canonical) from tagged words, offsets as
    the words have them."""
    out: list[tuple[int, int, int, str, str]] = []
    labels, n, after = settings.labels, len(words), 0  # after: the word after the last one read
    starts = [k for k, w in enumerate(words) if w.tag in labels or w.tag == "n" and _latin(w.surface)]
    for i in starts:  # the words a name can start at (Mate of Mate 60 Pro, tagged a common noun)
        if i < after:
            continue  # read with the name before
        w = words[i]
        if w.tag == "n":
            k = _model_end(words, i + 1)
            if k == i + 1 or not _has_digit(words[i:k]) \
                    or w.surface.endswith(settings.measure_endings):
                continue  # a Latin word alone is no name; with a number after it, a model (Mate 60 Pro; not GDP 5)
        label = labels.get(w.tag, labels.get("nz", ""))
        start, end, j = w.start, w.end, i + 1
        if w.tag == "n":
            end, j = words[k - 1].end, k  # Mate|60|Pro: the model's words, found above
        elif w.tag == "PER":  # 库特尼-李, 克里斯·保罗: one name across its joiners
            while j + 1 < n and words[j].surface in settings.name_joiners and words[j + 1].tag == "PER" \
                    and words[j].start == end and words[j + 1].start == words[j].end:
                end, j = words[j + 1].end, j + 2
            if j == i + 1 and (k := _fund_end(words, j, settings, classed=True)) > j:
                label, end, j = settings.labels["nz"], words[k - 1].end, k  # 大成|强债|A/B: a fund, no person
        elif w.tag == "ORG" and settings.brand_then_model and j < n and words[j].tag == "nz" \
                and words[j].start == end and any(ch.isascii() and ch.isalnum() for ch in words[j].surface):
            j = _model_end(words, j + 1)  # 昂达VX585HD, 大疆Mini 4 Pro: the product
            label, end = settings.labels["nz"], words[j - 1].end
        elif w.tag == "LOC" and (k := _segment_end(words, j, settings)) > j:
            end, j = words[k - 1].end, k  # 京港澳高速|衡阳段: the road's section is one place
        elif w.tag == "ORG" and (k := _fund_end(words, j, settings)) > j:
            label, end, j = settings.labels["nz"], words[k - 1].end, k  # 东方|稳健|回报: the fund
        elif w.tag == "nz" and _latin(w.surface) and (k := _model_end(words, j)) > j \
                and (_model_code(w.surface) or _has_digit(words[j:k])):
            end, j = words[k - 1].end, k  # X60|Pro, Z8|II: a model's Latin words after a space are one name
        elif w.tag in ("nz", "ORG") and w.surface[-1:].isascii() and w.surface[-1:].isalpha() and (k := _model_end(words, j)) > j \
                and _has_digit(words[j:k]):
            label, end, j = settings.labels["nz"], words[k - 1].end, k  # 苹果iPhone|15|Pro|Max, 三星Galaxy|S24|Ultra
        elif w.tag == "nz" and j < n and words[j].tag in ("n", "nz") and words[j].start == end:
            after = j  # 股票型|基金: a modifier of the noun after it, not a name
            continue
        surface = "".join(x.surface for x in words[i:j]).strip()
        cut_back = _term_overlap(surface, words, j, settings.split_before)
        if cut_back:  # 浙江地区|生产总值: the name ends where a term it runs into starts (地区生产总值)
            surface, end = surface[:-cut_back], end - cut_back
        cut = max((surface.rfind(m) + len(m) for m in settings.dateline_markers if m in surface[:-1]), default=0)
        if cut:
            start, surface = start + cut, surface[cut:]
        name = surface.strip("《》“”\"'")
        lead = _descriptor_run(name, settings.descriptors) if label == settings.labels.get("ORG") else 0
        if lead and len(name) - lead >= settings.min_chars:  # 科创板新股|芯源微电: the company, not its kind
            start += surface.index(name) + lead
            name = name[lead:]
        measure = w.tag == "nz" and (name.endswith(settings.measure_endings) or _spec(name))
        if len(name) >= settings.min_chars and name not in settings.stop_words and not name.isdigit() and not measure:
            out.append((start, end, priority, label, name))
        after = j
    return out


def _spec(name: str) -> bool:
    """A figure with a Latin unit (16GB, 4K, 120Hz): a specification, no product."""
    return name.isascii() and name[:1].isdigit() and name.replace("+", "").isalnum() and not name.isdigit()


def _model_code(surface: str) -> bool:
    """A product model's code: Latin letters then digits (X60, Z8, S24), not a spec (4K, 12GB)."""
    return surface.isascii() and surface.isalnum() and surface[0].isalpha() and any(ch.isdigit() for ch in surface)


def _has_digit(words: Sequence[Word]) -> bool:
    """A digit in any of `words` (Mate|60|Pro: a model's number)."""
    return any(ch.isdigit() for w in words for ch in w.surface)


def _latin(surface: str) -> bool:
    """Latin letters and digits only, starting with a letter (Mate, X60), or digits only (60)."""
    return surface.isascii() and surface.isalnum() and (surface[0].isalpha() or surface.isdigit())


def _model_end(words: Sequence[Word], j: int) -> int:
    """Where a model's run of Latin words and numbers, each one space after the one before, ends
    from words[j] (X60 + Pro + Max, Z8 + II, Mate + 60 + Pro); j when words[j] does not go on the name."""
    k = j
    while k < len(words) and words[k].start == words[k - 1].end + 1 and _latin(words[k].surface) \
            and (words[k].tag in ("nz", "n", "m") or words[k].surface.isupper()):
        k += 1
    return k


def _segment_end(words: Sequence[Word], j: int, settings: ModelSettings) -> int:
    """Where a section of the place ending at words[j - 1] ends (京港澳高速|衡阳段, 沪昆高速|江西|段): a
    word ending in one of segment_suffixes right after it, or a place and such a word; j when none."""
    end = words[j - 1].end
    for k in (j, j + 1):
        if k >= len(words) or words[k].start != end:
            return j
        if words[k].surface.endswith(settings.segment_suffixes) and (k == j or words[j].tag == "LOC"):
            return k + 1
        end = words[k].end
    return j


def _descriptor_run(name: str, descriptors: tuple[str, ...]) -> int:
    """How many characters at the front of `name` are descriptors of a company (科创板新股)."""
    at = 0
    while (d := next((d for d in descriptors if name.startswith(d, at)), None)) is not None:
        at += len(d)
    return at


def _term_overlap(surface: str, words: Sequence[Word], j: int, terms: tuple[str, ...]) -> int:
    """How many characters at the end of `surface` start one of `terms` that the words from j
    carry on (浙江地区 + 生产总值: 2, for 地区生产总值); 0 when none does."""
    if not terms or j >= len(words) or not surface.endswith(_term_heads(terms)):
        return 0  # (most names end in no term's first characters: the words after are not joined)
    after = "".join(w.surface for w in words[j:j + 4])
    for term in terms:
        for k in range(1, len(term)):
            if k < len(surface) and surface.endswith(term[:k]) and after.startswith(term[k:]):
                return k
    return 0


@lru_cache(maxsize=8)
def _term_heads(terms: tuple[str, ...]) -> tuple[str, ...]:
    """Every proper beginning of every term (地, 地区, 地区生 …), for one endswith test."""
    return tuple(term[:k] for term in terms for k in range(1, len(term)))


def _fund_end(words: Sequence[Word], j: int, settings: ModelSettings, classed: bool = False) -> int:
    """Where a fund's name ends when words[j:] run on from a fund company's name: a theme of one
    word or more, then a fund type, then perhaps its share class (新能源|产业|混合|A, 强债|A/B, the
    class maybe in pieces: A|/|B); j when they do not, or when `classed` and no class closes it."""
    end, best = words[j - 1].end, j
    for k in range(j, min(len(words), j + settings.fund_max_words)):
        w = words[k]
        if w.start != end or w.tag in settings.fund_stop_tags:
            break
        end = w.end
        if k > j and "".join(x.surface for x in words[j:k + 1]).endswith(settings.fund_types):
            best = k + 1
    if best == j:
        return j
    k, cls, closed = best, "", 0
    while k < len(words) and words[k].start == words[k - 1].end and words[k].surface.isascii() and len(cls) < 3:
        cls += words[k].surface
        k += 1
        if cls in settings.share_classes:
            closed = k  # the share class, the longest: 混合A, 强债A/B
    return closed or (j if classed else best)


def load_model_settings(raw: object, errors: list[str], descriptors: tuple[str, ...] = ()) -> ModelSettings:
    """[model_settings] of entities.toml; every problem appended to `errors`."""
    raw = raw if isinstance(raw, dict) else {}
    if not raw:
        errors.append("entities.toml: [model_settings] missing")
        return ModelSettings({}, frozenset(), (), False, 2, frozenset())
    labels = raw.get("labels", {})
    if not isinstance(labels, dict) or not all(isinstance(v, str) for v in labels.values()) or "nz" not in labels:
        errors.append("model_settings.labels: a table of tagger tag -> entity label, nz included")
        labels = {}

    def strings(key: str) -> list[str]:
        value = raw.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            errors.append(f"model_settings.{key}: expected a list of non-empty strings")
            return []
        return value

    min_chars = raw.get("min_chars", 2)
    if type(min_chars) is not int or min_chars < 1:
        errors.append("model_settings.min_chars: a positive integer")
        min_chars = 2
    return ModelSettings(labels=dict(labels), name_joiners=frozenset(strings("name_joiners")),
                         dateline_markers=tuple(strings("dateline_markers")),
                         brand_then_model=bool(raw.get("brand_then_model", True)), min_chars=min_chars,
                         stop_words=frozenset(strings("stop_words")), measure_endings=tuple(strings("measure_endings")),
                         fund_types=tuple(strings("fund_types")), split_before=tuple(strings("split_before")),
                         fund_stop_tags=frozenset(strings("fund_stop_tags")), share_classes=frozenset(strings("share_classes")),
                         segment_suffixes=tuple(strings("segment_suffixes")), descriptors=descriptors)
