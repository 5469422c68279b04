"""The pipeline: its stages listed once, in order.

A stage is a plain function from tables (lists of records, by name) to the tables it makes,
over whatever batch of articles it is given; `run_stages` runs them in memory (`process` gives
the finished tables, for the Python API). The runner (pipeline.runner) feeds them one part of
the output at a time and writes what they make.
"""
from __future__ import annotations

import gc
import hashlib
import sys
from bisect import bisect_left
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path

import numpy as np
import pyarrow as pa

from pipeline.attribution import attribute
from pipeline.claims import claims as article_claims
from pipeline.config import Config
from pipeline.entities import Mention, find_entities
from pipeline.errors import InputError, PatternTimeout, StageError
from pipeline.ingest import Problem, ingest as ingest_files
from pipeline.normalise import NormText, normalise
from pipeline.patterns import TIME_BUDGET_S
from pipeline.segment import DEFAULT_SEGMENTER, cutter, tokenizer, tokens
from pipeline.sentences import sentences as article_sentences
from pipeline.tagger import Word, new_word, tag_texts, tags_table
from pipeline.tables import SCHEMAS, as_arrow, finish, records

Tables = dict[str, list]  # records by table name (a stage may give a big table as Arrow tables)
# Views: not tables, but what a stage worked out in memory, by article (the normalised texts with
# their offset maps, the sentences' normalised spans, the tagged words in normalised offsets),
# left for the later stages of the same pass so that each is worked out once; never written.
# Stages run alone, their tables read from a folder, work them out again from the tables.
NORMS, SPANS, WORDS = "normalised_texts", "sentence_spans", "tagged_words"
VIEWS = frozenset({NORMS, SPANS, WORDS})


@dataclass
class Context:
    """What stages share besides tables: the config, the input paths, the segmenter of the
    tokens stage, callbacks for progress and warnings, and whether unreadable inputs stop the run."""

    config: Config
    paths: list[Path] = field(default_factory=list)
    progress: Callable[[str, int, int], None] = lambda stage, done, total: None
    warn: Callable[[str], None] = lambda message: print(f"Warning: {message}", file=sys.stderr)
    skip_unreadable: bool = False  # inputs that cannot be read are warnings, not errors
    segmenter: str = DEFAULT_SEGMENTER  # pipeline.segment.SEGMENTERS: the same tokens, at different speeds


def _norms(tables: Tables) -> dict[str, NormText]:
    """Each article's NormText: the NORMS view, else read from `normalised`."""
    held = tables.get(NORMS)
    if held is not None:
        return held
    return {r["article_id"]: NormText(r["text"], tuple(r["to_raw"])) for r in records(tables["normalised"])}


def _each_article(tables: Tables, ctx: Context, name: str):
    articles = tables["articles"]
    for i, article in enumerate(articles):
        yield article
        ctx.progress(name, i + 1, len(articles))


def ingest(tables: Tables, ctx: Context) -> Tables:
    """Read the input files into `articles`."""
    return {"articles": read_inputs(ctx)}


def normalise_stage(tables: Tables, ctx: Context) -> Tables:
    """Make the matching view of each article, with its offset map, into `normalised`: one
    Arrow table, its offset lists taken from the NormTexts' arrays (as records, Arrow read the
    maps back out of Python lists, an integer at a time)."""
    joinable = ctx.config.claims.joinable_words
    ids, made, norms = [], [], {}
    for article in _each_article(tables, ctx, "normalise"):
        norm = norms[article["article_id"]] = normalise(article["text"], joinable)
        ids.append(article["article_id"])
        made.append(norm)
    starts = np.zeros(len(made) + 1, np.int32)
    np.cumsum([len(n.to_raw) for n in made], out=starts[1:])
    to_raw = pa.ListArray.from_arrays(pa.array(starts),
                                      pa.array(np.concatenate([n.offsets for n in made] or [np.zeros(0, np.int64)])
                                               .astype(np.int32)))
    table = pa.table({"article_id": pa.array(ids, pa.string()), "text": pa.array([n.text for n in made], pa.string()),
                      "to_raw": to_raw}, schema=SCHEMAS["normalised"])
    return {"normalised": [table], NORMS: norms}


def sentences_stage(tables: Tables, ctx: Context) -> Tables:
    """Split each article into `sentences`."""
    norms = _norms(tables)
    out = []
    for article in _each_article(tables, ctx, "sentences"):
        out.extend(article_sentences(article["article_id"], article["text"], norms[article["article_id"]]))
    return {"sentences": out, SPANS: _spans_of(out, norms)}


def _sentence_spans(tables: Tables, norms: dict[str, NormText]) -> dict[str, list[tuple[int, int, int]]]:
    """Each article's sentences as (sentence_id, normalised start, normalised end): the SPANS
    view, else worked out from `sentences`."""
    held = tables.get(SPANS)
    return held if held is not None else _spans_of(tables["sentences"], norms)


def _spans_of(sentences: list[dict], norms: dict[str, NormText]) -> dict[str, list[tuple[int, int, int]]]:
    spans: dict[str, list[tuple[int, int, int]]] = {}
    for s in sentences:
        norm = norms[s["article_id"]]
        spans.setdefault(s["article_id"], []).append((s["sentence_id"], norm.norm_pos(s["start"]), norm.norm_pos(s["end"])))
    for rows in spans.values():
        rows.sort()
    return spans


def segment_stage(tables: Tables, ctx: Context) -> Tables:
    """Cut each sentence into `tokens` (jieba's words, by the chosen segmenter)."""
    norms = _norms(tables)
    spans = _sentence_spans(tables, norms)
    cut = cutter(ctx.segmenter, ctx.config.userdict)
    parts = []
    for article in _each_article(tables, ctx, "segment"):
        aid = article["article_id"]
        parts.append(tokens(aid, article["text"], norms[aid], spans.get(aid, []), cut))
    return {"tokens": parts}


def entity_records(article_id: str, raw: str, norm: NormText, mentions: list[Mention]) -> list[dict]:
    """Mentions as `entities` records: raw offsets, and one entity_id per canonical name in the article."""
    out, ids = [], {}
    for m in mentions:
        rs, re_ = norm.raw_span(m.start, m.end)
        key = (m.label, m.canonical)
        if key not in ids:  # an entity is often named many times in an article: its id is worked out once
            ids[key] = hashlib.sha256(f"{article_id}:{m.label}:{m.canonical}".encode()).hexdigest()[:12]
        out.append({"article_id": article_id, "entity_id": ids[key], "start": rs, "end": re_,
                    "surface": raw[rs:re_], "label": m.label, "canonical": m.canonical})
    return out


def entities_stage(tables: Tables, ctx: Context) -> Tables:
    """Find organisations, places, people and platforms into `entities`."""
    norms = _norms(tables)
    words = _words(tables, norms)
    out = []
    for article in _each_article(tables, ctx, "entities"):
        aid = article["article_id"]
        norm = norms[aid]
        found = find_entities(norm.text, ctx.config.entities, words.get(aid, ()))
        out.extend(entity_records(aid, article["text"], norm, found))
    return {"entities": out}


def _words(tables: Tables, norms: dict[str, NormText]) -> dict[str, list[Word]]:
    """Each article's tagged words in normalised offsets, in text order: the WORDS view, else
    worked out from `tags` (the same words: to_raw only grows, so raw_span then norm_pos gives
    back the offsets the tagger gave)."""
    held = tables.get(WORDS)
    if held is not None:
        return held
    out: dict[str, list[Word]] = {}
    aid = None
    for t in records(tables["tags"]):
        if t["article_id"] != aid:  # the rows come article by article: look the article up once per run of them
            aid = t["article_id"]
            norm, rows = norms[aid], out.setdefault(aid, [])
            to_raw, last, text = norm.to_raw, len(norm.to_raw) - 1, norm.text
        s, e = bisect_left(to_raw, t["start"], 0, last), bisect_left(to_raw, t["end"] - 1, 0, last) + 1  # norm_pos
        rows.append(new_word(s, e, text[s:e], t["tag"]))
    for rows in out.values():
        rows.sort(key=attrgetter("start"))
    return out


def claims_stage(tables: Tables, ctx: Context) -> Tables:
    """Extract numeric `claims` with the rule patterns."""
    norms = _norms(tables)
    spans = _sentence_spans(tables, norms)
    tok = tokenizer(ctx.config.userdict)
    out = []
    for article in _each_article(tables, ctx, "claims"):
        aid = article["article_id"]
        starts = [s for _, s, _ in spans.get(aid, [])]
        try:
            out.extend(article_claims(aid, article["text"], norms[aid], starts, ctx.config.claims, tok))
        except PatternTimeout as exc:
            raise PatternTimeout(f"pattern '{exc}' in claims.toml ran over its time budget ({TIME_BUDGET_S:g} s for "
                                 f"one search) on article {aid} ({article['source']}); it backtracks without end: "
                                 "bound its quantifiers") from None
    return {"claims": out}


def tag_stage(tables: Tables, ctx: Context) -> Tables:
    """Run the tagger model over what attribution reads into `tags`: each sentence holding a
    claim, up to the end of the clause of its last claim, the context_sentences before it, and
    the headline. The rest of the text is never tagged: the model costs more than jieba. The
    words themselves, in normalised offsets and in text order (the spans tagged are), are left
    for the later stages of the same pass (WORDS)."""
    norms = _norms(tables)
    spans = _sentence_spans(tables, norms)
    claimed: dict[str, dict[int, int]] = {}  # article -> sentence -> where its last claim ends
    numbers: dict[str, list[tuple[int, int]]] = {}
    for c in tables["claims"]:
        norm = norms[c["article_id"]]
        span = (norm.norm_pos(c["start"]), norm.norm_pos(c["end"]))
        numbers.setdefault(c["article_id"], []).append(span)
        ends = claimed.setdefault(c["article_id"], {})
        ends[c["sentence_id"]] = max(ends.get(c["sentence_id"], 0), span[1])
    back = ctx.config.attribution.tag_context
    breaks = ctx.config.attribution.clause_breaks
    chosen: dict[str, list[tuple[int, int, int]]] = {}  # article -> (sentence_id, start, end) to tag
    for article in tables["articles"]:
        aid = article["article_id"]
        norm, rows = norms[aid], spans.get(aid, [])
        ends = claimed.get(aid, {})
        wanted = {0} | {i for sid in ends for i in range(sid - back, sid + 1)}
        chosen[aid] = [(sid, s, _clause_end(norm.text, ends[sid], e, breaks) if sid in ends and sid else e)
                       for sid, s, e in rows if sid in wanted]
    tagged = tag_texts([(norms[a["article_id"]].text, [(s, e) for _, s, e in chosen[a["article_id"]]],
                         sorted(numbers.get(a["article_id"], []))) for a in tables["articles"]])
    out = []
    kept: dict[str, list[Word]] = {}
    for article, words in zip(_each_article(tables, ctx, "tag"), tagged):
        aid = article["article_id"]
        kept[aid] = [w for w in words if not w.surface.isspace()]
        out.append(tags_table(aid, article["text"], norms[aid], kept[aid], [(sid, s) for sid, s, _ in chosen[aid]]))
    return {"tags": out, WORDS: kept}


def _clause_end(text: str, pos: int, end: int, breaks: frozenset[str]) -> int:
    """Where the clause running at pos ends (a clause break or the sentence's end)."""
    return next((i + 1 for i in range(pos, end) if text[i] in breaks), end)


def attribute_stage(tables: Tables, ctx: Context) -> Tables:
    """Fill each claim's subject, metric, period, change and is_target."""
    norms = _norms(tables)
    spans = _sentence_spans(tables, norms)
    by_article: dict[str, list[dict]] = {}
    for c in tables["claims"]:
        by_article.setdefault(c["article_id"], []).append(c)
    ents: dict[str, list[dict]] = {}
    for e in tables["entities"]:
        ents.setdefault(e["article_id"], []).append(e)
    words = _words(tables, norms)
    out = []
    for article in _each_article(tables, ctx, "attribute"):
        aid = article["article_id"]
        out.extend(attribute(article, norms[aid], spans.get(aid, []), ents.get(aid, []),
                             by_article.get(aid, []), ctx.config, words.get(aid, [])))
    return {"claims": out}


@dataclass(frozen=True)
class Stage:
    name: str
    func: Callable[[Tables, Context], Tables]
    reads: tuple[str, ...]
    writes: tuple[str, ...]


STAGES: tuple[Stage, ...] = (
    Stage("ingest", ingest, (), ("articles",)),
    Stage("normalise", normalise_stage, ("articles",), ("normalised",)),
    Stage("sentences", sentences_stage, ("articles", "normalised"), ("sentences",)),
    Stage("segment", segment_stage, ("articles", "normalised", "sentences"), ("tokens",)),
    Stage("claims", claims_stage, ("articles", "normalised", "sentences"), ("claims",)),
    Stage("tag", tag_stage, ("articles", "normalised", "sentences", "claims"), ("tags",)),
    Stage("entities", entities_stage, ("articles", "normalised", "tags"), ("entities",)),
    Stage("attribute", attribute_stage, ("articles", "normalised", "sentences", "tags", "entities", "claims"),
          ("claims",)),
)
STAGE_NAMES = tuple(s.name for s in STAGES)


def stage_named(name: str) -> Stage:
    for stage in STAGES:
        if stage.name == name:
            return stage
    raise StageError(f"no stage '{name}'; the stages are {', '.join(STAGE_NAMES)}")


def stage_range(first: str, last: str | None) -> tuple[Stage, ...]:
    """The stages from `first` to `last` (to the end when None), in order."""
    lo = STAGES.index(stage_named(first))
    hi = STAGES.index(stage_named(last)) if last else len(STAGES) - 1
    return STAGES[lo:hi + 1]


def run_stages(tables: Tables, ctx: Context, stages: tuple[Stage, ...] = STAGES[1:]) -> Tables:
    """Run `stages` in memory over a batch of articles (`tables["articles"]`, records) and give
    every table they make. Nothing is read from or written to disk: the runner calls this for
    each part of a run, and so can another engine, batch by batch."""
    tables = dict(tables)
    with gc_paused():
        for stage in stages:
            tables.update(stage.func(tables, ctx))
    return tables


@contextmanager
def gc_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off while stages run, back on as it was after. The
    stages make millions of small objects and almost no reference cycles (97 over the bench
    corpus, and no more memory at its peak); each collection would walk every object alive, and
    these walks cost about 6% of a run. Reference counting still frees everything else at once."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def read_inputs(ctx: Context) -> list[dict]:
    """Ingest ctx.paths; inputs that cannot be read are handled as `unreadable` says."""
    problems: list[Problem] = []
    articles = ingest_files(ctx.paths, problems)
    unreadable(ctx, problems)
    return articles


def unreadable(ctx: Context, problems: list[Problem], kept: dict[Problem, int] | None = None) -> None:
    """Inputs that could not be read stop the run, each named, unless ctx.skip_unreadable: then
    each is a warning, saying for how many articles the folder keeps its earlier rows (`kept`)."""
    if not problems:
        return
    if not ctx.skip_unreadable:
        if len(problems) == 1:
            raise InputError(f"{problems[0]} (--skip-unreadable goes on without it)")
        for problem in problems:
            ctx.warn(str(problem))
        raise InputError(f"{len(problems)} inputs could not be read (listed above); "
                         "--skip-unreadable goes on without them")
    for problem in problems:
        n = (kept or {}).get(problem, 0)
        ctx.warn(f"{problem} (skipped" + (f"; its earlier rows are kept for {n} article(s))" if n else ")"))


def process(articles: list[dict], ctx: Context) -> dict[str, pa.Table]:
    """Every stage after ingest over articles held in memory, each table in its final row order;
    nothing is read or written (the Python API, `pipeline.extract`)."""
    tables = run_stages({"articles": articles}, ctx)
    return {name: finish(name, as_arrow(name, made)) for name, made in tables.items() if name not in VIEWS}


WARM_UP = "预热\n\n青岛市前11个月出口3425.9亿元，同比增长13.1%，居全国第2。"


def warm(ctx: Context) -> None:
    """Run every stage once on a tiny article, so the segmenter, jieba and every rule table are
    loaded (before workers fork and share them)."""
    article = {"article_id": "warm-up", "source": "", "title": "", "text": WARM_UP, "n_chars": len(WARM_UP),
               "encoding": "utf-8", "sha256": ""}
    run_stages({"articles": [article]}, Context(config=ctx.config, segmenter=ctx.segmenter))
