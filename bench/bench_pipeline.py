"""Benchmark: the whole pipeline (every stage, in process) against plain `jieba.cut` over the same text.

Builds a corpus of distinct articles of at least --min-chars characters (the seeds, each copy
made distinct by a numbered last line), then times in one process:

* the whole pipeline in one process: `pipeline.runner.run` into an empty folder (every stage
  of pipeline.stages.STAGES, tables written); each stage's function is timed on the side, over
  the same parts, so a stage added to STAGES shows in the split by itself;
* the whole pipeline with --jobs worker processes (default 2);
* `jieba.cut` over the text of every article (jieba's own cut, dictionary loaded before
  timing, user dictionary included).

The pipeline runs with --segmenter (default: the pipeline's default, rjieba); `--segmenter
jieba` measures the pipeline as it was before rjieba. Prints the medians of --runs runs each,
the ratios to jieba.cut (issue 15's targets: at most 1.5× in one process, 0.8× with 2
workers), the per-stage split and the share of the text the tagger model read; asserts nothing.

    python bench/bench_pipeline.py [--min-chars 1000000] [--runs 3] [--jobs 2] [--segmenter rjieba|jieba]
"""
from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from types import SimpleNamespace
from pathlib import Path

import pipeline.stages as stages
from pipeline.config import load_config
from pipeline.partition import leaves
from pipeline.runner import run
from pipeline.segment import DEFAULT_SEGMENTER, SEGMENTERS, jieba_cut, tokenizer
from pipeline.stages import Context
from pipeline.tables import records

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def build_corpus(folder: Path, min_chars: int) -> tuple[int, int, list[str]]:
    """Copies of every seed, each with a numbered last line, until min_chars are written.

    Returns (articles, characters, texts)."""
    seeds = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    texts: list[str] = []
    chars, copy = 0, 0
    while chars < min_chars:
        for n, text in enumerate(seeds):
            variant = f"{text}\n（本版第{copy}期，稿件{n}）\n"
            (folder / f"{n:03d}_{copy:04d}.txt").write_text(variant, encoding="utf-8")
            texts.append(variant)
            chars += len(variant)
        copy += 1
    return len(texts), chars, texts


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def stage_split(ctx: Context) -> tuple[dict[str, float], float]:
    """Seconds per stage of pipeline.stages.STAGES over the corpus: the first (ingest) reads
    every input, the others run in memory part by part as a run does (each stage's function
    timed alone, the garbage collector paused as in run_stages; writing the parts is left
    out). Also the share of the text's characters the tagger model read (those of the words
    in `tags`)."""
    split: dict[str, float] = defaultdict(float)
    first, *rest = stages.STAGES
    start = time.perf_counter()
    articles = first.func({}, ctx)[first.writes[0]]
    split[first.name] = time.perf_counter() - start
    tagged = 0
    for group in leaves([SimpleNamespace(**a) for a in articles]).values():
        tables = {"articles": [vars(a) for a in group]}
        with stages.gc_paused():  # as run_stages runs them
            for stage in rest:
                start = time.perf_counter()
                tables.update(stage.func(tables, ctx))
                split[stage.name] += time.perf_counter() - start
        tagged += sum(t["end"] - t["start"] for t in records(tables.get("tags", [])))
    return split, tagged / max(1, sum(a["n_chars"] for a in articles))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--min-chars", type=int, default=1_000_000, help="corpus size in characters")
    ap.add_argument("--runs", type=int, default=3, help="runs to time, each way")
    ap.add_argument("--jobs", type=int, default=2, help="worker processes for the parallel runs")
    ap.add_argument("--segmenter", choices=SEGMENTERS, default=DEFAULT_SEGMENTER, help="the pipeline's segmenter")
    args = ap.parse_args()
    config = load_config()
    tok = tokenizer(config.userdict)  # dictionary loaded before any timing, shared with the pipeline
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        n_articles, chars, texts = build_corpus(corpus, args.min_chars)
        ctx = Context(config=config, paths=[corpus], segmenter=args.segmenter)
        run(Path(tmp) / "warmup", Context(config=config, paths=[SEEDS], segmenter=args.segmenter))  # lazy loads
        whole = [timed(lambda: run(Path(tmp) / f"run{i}", ctx, jobs=1)) for i in range(args.runs)]
        parallel = [timed(lambda: run(Path(tmp) / f"par{i}", ctx, jobs=args.jobs)) for i in range(args.runs)]
        cut = [timed(lambda: [jieba_cut(tok, t) for t in texts]) for _ in range(args.runs)]
        splits, shares = zip(*(stage_split(ctx) for _ in range(args.runs)))
        split = {s.name: [one[s.name] for one in splits] for s in stages.STAGES}
    pipe_m, cut_m = statistics.median(whole), statistics.median(cut)
    print(f"corpus: {n_articles} articles, {chars:,} characters; segmenter {args.segmenter}")
    print(f"whole pipeline median {pipe_m:7.3f} s  ({', '.join(f'{t:.3f}' for t in whole)})")
    print(f"jieba.cut      median {cut_m:7.3f} s  ({', '.join(f'{t:.3f}' for t in cut)})")
    print(f"whole pipeline is {pipe_m / cut_m:.2f}× the time of jieba.cut in one process (target: at most 1.5×)")
    par_m = statistics.median(parallel)
    print(f"with {args.jobs} worker processes: median {par_m:7.3f} s  ({', '.join(f'{t:.3f}' for t in parallel)}),"
          f" {par_m / cut_m:.2f}× the time of jieba.cut (target: at most 0.8× with 2)")
    print("one process, by stage:")
    stage_total = 0.0
    for s in stages.STAGES:
        m = statistics.median(split[s.name])
        stage_total += m
        print(f"  {s.name:10} {m:7.3f} s  {m / cut_m:5.2f}× jieba.cut")
    print(f"  {'the rest':10} {pipe_m - stage_total:7.3f} s  {(pipe_m - stage_total) / cut_m:5.2f}× jieba.cut"
          "  (scanning inputs, writing parts and manifest, incremental-run checks)")
    print(f"the tagger read {shares[0]:.1%} of the characters (the words of the tags table)")


if __name__ == "__main__":
    main()
