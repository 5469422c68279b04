"""Benchmark: the segmenters against jieba: token-level agreement and speed.

Cuts the normalised view of every article (what the segment stage cuts) with jieba (the
reference), with rjieba alone (jieba-rs, dictionary and user dictionary loaded as jieba has
them) and with the pipeline's `rjieba` segmenter (pipeline/fastseg.py: rjieba kept to jieba's
tokens), over three corpora: the seeds, the dev texts (../shared/gold/dev/texts) and a corpus
bench_scale.py builds (--chars characters of distinct articles made of the seeds'
paragraphs). Prints per corpus the share of jieba's tokens each gives with the same span
(whitespace tokens aside), the share of articles cut identically, and the medians of --runs
timings with the speed-up over jieba.cut. Asserts nothing.

    python bench/bench_segmenter.py [--chars 10e6] [--runs 3]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from itertools import accumulate
from pathlib import Path

from pipeline.config import load_config
from pipeline.fastseg import FastCut
from pipeline.normalise import normalise
from pipeline.segment import cutter, tokenizer

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_scale import build_corpus  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "gold" / "dev" / "texts"


def spans(words: list[str]) -> set[tuple[int, int]]:
    """(start, end) of each non-whitespace token."""
    ends = list(accumulate(map(len, words)))
    return {(end - len(w), end) for w, end in zip(words, ends) if not w.isspace()}


def agreement(reference: list[list[str]], other: list[list[str]]) -> tuple[float, float, float]:
    """(share of the reference's tokens the other gives, share of the other's tokens that are
    the reference's, share of texts cut identically)."""
    same = ref_n = other_n = 0
    for a, b in zip(reference, other):
        sa, sb = spans(a), spans(b)
        same += len(sa & sb)
        ref_n += len(sa)
        other_n += len(sb)
    identical = sum(a == b for a, b in zip(reference, other)) / max(len(reference), 1)
    return same / max(ref_n, 1), same / max(other_n, 1), identical


def timed(cut: Callable[[str], list[str]], texts: list[str], runs: int) -> tuple[float, list[list[str]]]:
    times, words = [], []
    for _ in range(runs):
        start = time.perf_counter()
        words = [cut(t) for t in texts]
        times.append(time.perf_counter() - start)
    return statistics.median(times), words


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--chars", type=float, default=10e6, help="characters of the bench_scale corpus")
    ap.add_argument("--runs", type=int, default=3, help="timings per segmenter and corpus")
    args = ap.parse_args()
    config = load_config()
    jieba_cut = cutter("jieba", config.userdict)
    alone = FastCut(tokenizer(config.userdict))._rs.cut  # rjieba with jieba's dictionaries, nothing put back
    fast = cutter("rjieba", config.userdict)
    with tempfile.TemporaryDirectory() as tmp:
        built = Path(tmp) / "scale"
        built.mkdir()
        build_corpus(built, int(args.chars))
        corpora = {"seeds": sorted((ROOT / "seeds").glob("*.txt")), "dev texts": sorted(DEV.glob("*.txt")),
                   f"bench_scale {args.chars / 1e6:g} M": sorted(built.rglob("*.txt"))}
        views = {name: [normalise(p.read_text(encoding="utf-8"), config.claims.joinable_words).text for p in paths]
                 for name, paths in corpora.items()}
    print(f"{'corpus':>18} {'articles':>9} {'characters':>12} {'segmenter':>14} {'tokens agree':>13} "
          f"{'(of its own)':>13} {'articles same':>14} {'median s':>9} {'speed-up':>9}")
    for name, texts in views.items():
        if not texts:
            print(f"{name:>18}: not found")
            continue
        base, reference = timed(jieba_cut, texts, args.runs)
        print(f"{name:>18} {len(texts):>9,} {sum(map(len, texts)):>12,} {'jieba':>14} {'':>13} {'':>13} {'':>14} "
              f"{base:>9.3f} {1:>8.1f}×")
        for label, cut in (("rjieba alone", alone), ("rjieba (ours)", fast)):
            seconds, words = timed(cut, texts, args.runs)
            recall, precision, identical = agreement(reference, words)
            print(f"{'':>18} {'':>9} {'':>12} {label:>14} {recall:>12.4%} {precision:>12.4%} {identical:>13.1%} "
                  f"{seconds:>9.3f} {base / seconds:>8.1f}×")


if __name__ == "__main__":
    main()
