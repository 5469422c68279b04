"""The pipeline: its stages listed once, in order, and the runner that walks them.

A stage is a plain function from tables (lists of records, by name) to the tables it makes.
Run alone, a stage reads what the earlier stages wrote to the output folder; `run` walks the
whole list (or resumes from one stage) and writes every table at the end, atomically.
"""
from __future__ import annotations

import hashlib
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import pyarrow as pa

from pipeline import __version__
from pipeline.attribution import attribute
from pipeline.claims import claims as article_claims
from pipeline.config import Config
from pipeline.entities import Mention, find_entities
from pipeline.errors import InputError, PatternTimeout, StageError, shown
from pipeline.ingest import Problem, ingest as ingest_files
from pipeline.normalise import NormText, normalise
from pipeline.parallel import chunks, map_in_workers
from pipeline.patterns import TIME_BUDGET_S
from pipeline.rerun import plan, reused_rows
from pipeline.segment import tokenizer, tokens
from pipeline.sentences import sentences as article_sentences
from pipeline.store import Generation, current, locked
from pipeline.tables import finish, read_table, table_file, table_path, to_table, write_tables

COUNTED = ("articles", "sentences", "tokens", "entities", "claims")  # the tables a run's summary counts
Tables = dict[str, list]  # records by table name (a stage may give a big table as Arrow tables)


@dataclass
class Context:
    """What stages share besides tables: the config, the input paths, callbacks for progress
    and warnings, and whether unreadable inputs stop the run."""

    config: Config
    paths: list[Path] = field(default_factory=list)
    progress: Callable[[str, int, int], None] = lambda stage, done, total: None
    warn: Callable[[str], None] = lambda message: print(f"Warning: {message}", file=sys.stderr)
    skip_unreadable: bool = False  # inputs that cannot be read are warnings, not errors


def _norms(tables: Tables) -> dict[str, NormText]:
    return {r["article_id"]: NormText(r["text"], tuple(r["to_raw"])) for r in tables["normalised"]}


def _each_article(tables: Tables, ctx: Context, name: str):
    articles = tables["articles"]
    for i, article in enumerate(articles):
        yield article
        ctx.progress(name, i + 1, len(articles))


def ingest(tables: Tables, ctx: Context) -> Tables:
    """Read the input files into `articles`."""
    return {"articles": read_inputs(ctx)}


def normalise_stage(tables: Tables, ctx: Context) -> Tables:
    """Make the matching view of each article, with its offset map, into `normalised`."""
    joinable = ctx.config.claims.joinable_words
    out = []
    for article in _each_article(tables, ctx, "normalise"):
        norm = normalise(article["text"], joinable)
        out.append({"article_id": article["article_id"], "text": norm.text, "to_raw": list(norm.to_raw)})
    return {"normalised": out}


def sentences_stage(tables: Tables, ctx: Context) -> Tables:
    """Split each article into `sentences`."""
    norms = _norms(tables)
    out = []
    for article in _each_article(tables, ctx, "sentences"):
        out.extend(article_sentences(article["article_id"], article["text"], norms[article["article_id"]]))
    return {"sentences": out}


def _sentence_spans(tables: Tables, norms: dict[str, NormText]) -> dict[str, list[tuple[int, int, int]]]:
    """Each article's sentences as (sentence_id, normalised start, normalised end)."""
    spans: dict[str, list[tuple[int, int, int]]] = {}
    for s in tables["sentences"]:
        norm = norms[s["article_id"]]
        spans.setdefault(s["article_id"], []).append((s["sentence_id"], norm.norm_pos(s["start"]), norm.norm_pos(s["end"])))
    for rows in spans.values():
        rows.sort()
    return spans


def segment_stage(tables: Tables, ctx: Context) -> Tables:
    """Cut each sentence into jieba `tokens`."""
    norms = _norms(tables)
    spans = _sentence_spans(tables, norms)
    parts = []
    for article in _each_article(tables, ctx, "segment"):
        aid = article["article_id"]
        parts.append(tokens(aid, article["text"], norms[aid], spans.get(aid, []), ctx.config.userdict))
    return {"tokens": parts}


def entity_records(article_id: str, raw: str, norm: NormText, mentions: list[Mention]) -> list[dict]:
    """Mentions as `entities` records: raw offsets, and one entity_id per canonical name in the article."""
    out = []
    for m in mentions:
        rs, re_ = norm.raw_span(m.start, m.end)
        eid = hashlib.sha256(f"{article_id}:{m.label}:{m.canonical}".encode()).hexdigest()[:12]
        out.append({"article_id": article_id, "entity_id": eid, "start": rs, "end": re_,
                    "surface": raw[rs:re_], "label": m.label, "canonical": m.canonical})
    return out


def entities_stage(tables: Tables, ctx: Context) -> Tables:
    """Find organisations, places, people and platforms into `entities`."""
    norms = _norms(tables)
    out = []
    for article in _each_article(tables, ctx, "entities"):
        aid = article["article_id"]
        norm = norms[aid]
        out.extend(entity_records(aid, article["text"], norm, find_entities(norm.text, ctx.config.entities)))
    return {"entities": out}


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
    out = []
    for article in _each_article(tables, ctx, "attribute"):
        aid = article["article_id"]
        out.extend(attribute(article, norms[aid], spans.get(aid, []), ents.get(aid, []),
                             by_article.get(aid, []), ctx.config))
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
    Stage("entities", entities_stage, ("articles", "normalised"), ("entities",)),
    Stage("claims", claims_stage, ("articles", "normalised", "sentences"), ("claims",)),
    Stage("attribute", attribute_stage, ("articles", "normalised", "sentences", "entities", "claims"), ("claims",)),
)
STAGE_NAMES = tuple(s.name for s in STAGES)


def stage_named(name: str) -> Stage:
    for stage in STAGES:
        if stage.name == name:
            return stage
    raise StageError(f"no stage '{name}'; the stages are {', '.join(STAGE_NAMES)}")


def _slice(first: str, last: str | None) -> tuple[Stage, ...]:
    lo = STAGES.index(stage_named(first))
    hi = STAGES.index(stage_named(last)) if last else len(STAGES) - 1
    return STAGES[lo:hi + 1]


def run(out_dir: Path, ctx: Context, first: str = "ingest", last: str | None = None, full: bool = False,
        jobs: int = 1, wait: bool = False) -> dict:
    """Run the stages from `first` to `last` (inclusive) and commit what they made as the folder's
    new generation (pipeline.store); returns the manifest.

    Earlier tables are read from out_dir's current generation. A whole run (ingest to the end)
    is incremental unless `full`: articles an earlier compatible run already processed keep
    their rows; with `jobs` > 1 a large batch is processed in that many worker processes.
    The folder is locked for the run (`wait` for another run to finish, else an error), and
    nothing in it changes unless every stage succeeds."""
    with locked(out_dir, wait):
        return _run_locked(out_dir, ctx, first, last, full, jobs)


def _run_locked(out_dir: Path, ctx: Context, first: str, last: str | None, full: bool, jobs: int) -> dict:
    stages = _slice(first, last)
    complete = stages == STAGES
    made = tuple(dict.fromkeys(n for stage in stages for n in stage.writes))
    previous = current(out_dir)
    tables: Tables = {}
    articles: list[dict] | None = None
    reuse = None
    if stages[0].name == "ingest":
        has_articles = previous is not None and table_file("articles") in previous.files
        articles = read_inputs(ctx, lambda: read_table(out_dir, "articles", previous) if has_articles else [])
        tables["articles"] = articles
        stages = stages[1:]
    if complete:
        reuse = plan(previous, articles, ctx.config.digest, __version__, made) if not full else None
        if reuse is not None and not reuse.process and not reuse.removed and _same_sources(out_dir, previous, articles):
            return _manifest(previous.manifest["rows"], previous.manifest.get("claims_by_kind"), articles, ctx,
                             (), reuse, complete=True)
        tables["articles"] = reuse.process if reuse else articles
        parts = chunks(tables["articles"], jobs)
        if len(parts) > 1:
            tables.update(_in_workers(stages, ctx, parts, jobs))
            stages = ()
    for stage in stages:
        for name in stage.reads:
            if name not in tables:
                tables[name] = read_table(out_dir, name, previous)
                _check_current(out_dir, tables, name)
        tables.update(stage.func(tables, ctx))
    if articles is not None:
        tables["articles"] = articles
    finished = {}
    for name in made:
        parts = _parts(name, tables[name])
        if reuse is not None and reuse.reuse_ids and name != "articles":
            parts.append(reused_rows(out_dir, previous, name, reuse.reuse_ids))
        finished[name] = finish(name, parts)
    rows = {}
    for name in COUNTED:
        entry = previous.files.get(table_file(name)) if previous is not None else None
        if name in finished or entry is not None:
            rows[name] = finished[name].num_rows if name in finished else entry["rows"]
    if "claims" in finished:
        kinds = dict(sorted(Counter(finished["claims"]["kind"].to_pylist()).items()))
    else:
        kinds = previous.manifest.get("claims_by_kind") if previous else None
    if articles is None:
        articles = read_table(out_dir, "articles", previous)
    manifest = _manifest(rows, kinds, articles, ctx, _slice(first, last), reuse, complete=complete)
    write_tables(out_dir, finished, manifest, previous)
    return manifest


def read_inputs(ctx: Context, earlier: Callable[[], list[dict]] = list) -> list[dict]:
    """Ingest ctx.paths. Inputs that cannot be read stop the run, naming each, unless
    ctx.skip_unreadable: then each is a warning, and an article of `earlier` (the articles the
    folder already holds) whose file is among them is kept as it was rather than dropped."""
    problems: list[Problem] = []
    articles = ingest_files(ctx.paths, problems)
    if not problems:
        return articles
    if not ctx.skip_unreadable:
        if len(problems) == 1:
            raise InputError(f"{problems[0]} (--skip-unreadable goes on without it)")
        for problem in problems:
            ctx.warn(str(problem))
        raise InputError(f"{len(problems)} inputs could not be read (listed above); "
                         "--skip-unreadable goes on without them")
    held = {a["article_id"] for a in articles}
    kept = [old for old in earlier() if old["article_id"] not in held
            and any(_under(old["source"], p.path) for p in problems)]
    for problem in problems:
        keeps = sum(_under(a["source"], problem.path) for a in kept)
        ctx.warn(f"{problem} (skipped" + (f"; its earlier rows are kept for {keeps} article(s))" if keeps else ")"))
    return articles + kept


def _under(source: str, path: Path) -> bool:
    unreadable = shown(path)
    return source == unreadable or source.startswith(unreadable.rstrip("/") + "/")


def _in_workers(stages: tuple[Stage, ...], ctx: Context, parts: list[list[dict]], jobs: int) -> Tables:
    """Run `stages` over each chunk of articles in a forked worker; their tables, as Arrow tables."""
    quiet = replace(ctx, progress=lambda stage, done, total: None)  # the parent reports per chunk

    def work(index: int) -> dict[str, list[pa.Table]]:
        tables: Tables = {"articles": parts[index]}
        for stage in stages:
            tables.update(stage.func(tables, quiet))
        return {name: _parts(name, rows) for name, rows in tables.items() if name != "articles"}

    gathered: Tables = {}
    results = map_in_workers(work, list(range(len(parts))), min(jobs, len(parts)), lambda: _warm(stages, ctx))
    for done, result in enumerate(results, start=1):
        for name, made in result.items():
            gathered.setdefault(name, []).extend(made)
        ctx.progress("articles", done, len(parts))
    return gathered


def process(articles: list[dict], ctx: Context) -> dict[str, pa.Table]:
    """Every stage after ingest over articles held in memory, each table in its final row order;
    nothing is read or written (the Python API, `pipeline.extract`)."""
    tables: Tables = {"articles": articles}
    for stage in STAGES[1:]:
        tables.update(stage.func(tables, ctx))
    return {name: finish(name, _parts(name, made)) for name, made in tables.items()}


WARM_UP = "预热\n\n青岛市前11个月出口3425.9亿元，同比增长13.1%，居全国第2。"


def _warm(stages: tuple[Stage, ...], ctx: Context) -> None:
    """Run the stages once on a tiny article, so jieba and every rule table are loaded before
    workers fork and share them."""
    tables: Tables = {"articles": [{"article_id": "warm-up", "source": "", "title": "", "text": WARM_UP,
                                    "n_chars": len(WARM_UP), "encoding": "utf-8", "sha256": ""}]}
    quiet = Context(config=ctx.config)
    for stage in stages:
        tables.update(stage.func(tables, quiet))


def _check_current(out_dir: Path, tables: Tables, name: str) -> None:
    """A table read from disk must belong to the articles read with it: a folder where only
    some stages were rerun after a new ingest holds tables of other articles."""
    if name == "articles" or "articles" not in tables:
        return
    ids = {a["article_id"] for a in tables["articles"]}
    held = {r["article_id"] for r in tables[name]}
    if not held <= ids or (name == "normalised" and held != ids):
        producer = next(s.name for s in STAGES if name in s.writes)
        raise StageError(f"{table_path(out_dir, name)}: holds other articles than articles.parquet; "
                         f"run again from '{producer}'")


def _same_sources(out_dir: Path, previous: Generation, articles: list[dict]) -> bool:
    """True when the articles table already names every article by its current path."""
    held = read_table(out_dir, "articles", previous)
    return {(a["article_id"], a["source"]) for a in held} == {(a["article_id"], a["source"]) for a in articles}


def _parts(name: str, made: list) -> list[pa.Table]:
    """A stage's output as Arrow tables: it may give records or, for big tables, Arrow tables."""
    if made and isinstance(made[0], pa.Table):
        return list(made)
    return [to_table(name, made)]


def _manifest(rows: dict[str, int], claims_by_kind: dict | None, articles: list[dict], ctx: Context,
              ran: tuple[Stage, ...], reuse, complete: bool) -> dict:
    """What this run did and what the folder now holds (the commit adds each file's checksum)."""
    processed = reuse.process if reuse is not None else articles
    if not complete:
        mode, why_full = "stages", None  # some stages alone, over the tables already there
    elif reuse is not None and reuse.incremental:
        mode, why_full = "incremental", None
    else:
        mode, why_full = "full", reuse.reason if reuse is not None else "--full"
    return {
        "pipeline_version": __version__,
        "config_digest": ctx.config.digest,
        "complete": complete,
        "stages_run": [s.name for s in ran],
        "inputs": [{"source": a["source"], "sha256": a["sha256"], "article_id": a["article_id"]} for a in articles],
        "rows": rows,
        "claims_by_kind": claims_by_kind,
        "run": {
            "mode": mode,
            "why_full": why_full,
            "processed": sorted(a["article_id"] for a in processed) if ran else [],
            "reused": len(reuse.reuse_ids) if reuse is not None else 0,
            "removed": reuse.removed if reuse is not None else 0,
        },
    }
