"""Benchmark: an incremental rerun of an unchanged corpus against a cold run of the same corpus.

Builds a corpus of distinct articles (the seeds, each copy made distinct by a numbered
last line), then times in one process: cold runs into empty folders, and reruns into a
folder that already holds the run. Prints medians and the ratio; asserts nothing.

    python bench/bench_rerun.py [--copies 20] [--cold 3] [--warm 7]
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from pipeline.config import load_config
from pipeline.runner import run
from pipeline.stages import Context

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def build_corpus(folder: Path, copies: int) -> int:
    chars = 0
    for seed in sorted(SEEDS.glob("*.txt")):
        text = seed.read_text(encoding="utf-8")
        for i in range(copies):
            variant = f"{text}\n（第{i}稿）\n"
            (folder / f"{seed.stem}_{i:03d}.txt").write_text(variant, encoding="utf-8")
            chars += len(variant)
    return chars


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--copies", type=int, default=20, help="copies of each seed (distinct articles)")
    ap.add_argument("--cold", type=int, default=3, help="cold runs to time")
    ap.add_argument("--warm", type=int, default=7, help="reruns to time")
    args = ap.parse_args()
    config = load_config()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        chars = build_corpus(corpus, args.copies)
        ctx = Context(config=config, paths=[corpus])
        run(Path(tmp) / "warmup", Context(config=config, paths=[SEEDS]))  # jieba's dictionary, once
        cold = []
        for i in range(args.cold):
            out = Path(tmp) / f"cold{i}"
            cold.append(timed(lambda: run(out, ctx)))
        warm_dir = Path(tmp) / "cold0"
        warm = [timed(lambda: run(warm_dir, ctx)) for _ in range(args.warm)]
        shutil.rmtree(corpus)
    n = args.copies * len(list(SEEDS.glob("*.txt")))
    cold_median, warm_median = statistics.median(cold), statistics.median(warm)
    print(f"corpus: {n} articles, {chars:,} characters")
    print(f"cold run        median {cold_median:8.3f} s  ({', '.join(f'{t:.3f}' for t in cold)})")
    print(f"unchanged rerun median {warm_median:8.3f} s  ({', '.join(f'{t:.3f}' for t in warm)})")
    print(f"rerun costs {100 * warm_median / cold_median:.1f}% of a cold run (target: at most 5%)")


if __name__ == "__main__":
    main()
