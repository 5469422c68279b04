"""Benchmark: the claims stage (normalise + extract) against jieba word segmentation.

    python bench/bench_claims.py [--runs 5] [--chars 1000000]

Builds one text from the seed articles repeated to at least --chars characters and times, in
this process and on that same text, the median of --runs runs of:
  - `list(jieba.cut(text))` with a fresh jieba.Tokenizer, initialised before timing;
  - the claims stage: `normalise(text, joinable_words)` then `extract(normalised, config, tok)`.
The claims stage should run at least 5x as fast as jieba.cut; this prints, it does not assert.
The dispatch cache in the config warms up during the first run (the median hides that run).
"""
from __future__ import annotations

import argparse
import logging
import statistics
import sys
import time
import tomllib
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import jieba  # noqa: E402

from pipeline.claims import extract  # noqa: E402
from pipeline.normalise import normalise  # noqa: E402
from pipeline.patterns import ClaimsConfig, load_claims_config  # noqa: E402
from pipeline.segment import tokenizer  # noqa: E402


def seed_text(min_chars: int) -> str:
    """The seed articles, concatenated and repeated until the text has at least min_chars."""
    seeds = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt")))
    return seeds * (min_chars // len(seeds) + 1)


def median_seconds(work: Callable[[], object], runs: int) -> tuple[float, list[float]]:
    """Median wall time of `runs` calls of `work`, and every time."""
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        work()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), times


def claims_config() -> ClaimsConfig:
    errors: list[str] = []
    config = load_claims_config(tomllib.loads((ROOT / "configs" / "claims.toml").read_text("utf-8")), errors)
    if errors:
        sys.exit("claims.toml: " + "; ".join(errors))
    return config


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--chars", type=int, default=1_000_000)
    ap.add_argument("--patterns", action="store_true", help="also print what each scanned pattern costs")
    args = ap.parse_args()
    jieba.setLogLevel(logging.WARNING)

    text = seed_text(args.chars)
    config = claims_config()
    tok = tokenizer(ROOT / "configs" / "userdict.txt")
    extract("聚集了3.4亿用户", config, tok)  # loads jieba's tag table, used for counted nouns

    fresh = jieba.Tokenizer()
    fresh.initialize()
    jieba_s, _ = median_seconds(lambda: list(fresh.cut(text)), args.runs)

    norm_s, _ = median_seconds(lambda: normalise(text, config.joinable_words), args.runs)
    norm = normalise(text, config.joinable_words)
    extract_s, _ = median_seconds(lambda: extract(norm.text, config, tok), args.runs)
    stage_s, _ = median_seconds(lambda: extract(normalise(text, config.joinable_words).text, config, tok), args.runs)
    found = len(extract(norm.text, config, tok))

    print(f"chars {len(text):,} ({found:,} claims), median of {args.runs} runs each")
    print(f"jieba.cut            {jieba_s:8.3f} s")
    print(f"claims stage         {stage_s:8.3f} s   (normalise {norm_s:.3f} s + extract {extract_s:.3f} s)")
    print(f"claims stage is {jieba_s / stage_s:.1f}\u00d7 the speed of jieba.cut (target \u2265 5\u00d7); "
          f"extract alone is {jieba_s / extract_s:.1f}\u00d7")
    if args.patterns:
        print_scan_costs(norm.text, config)


def print_scan_costs(text: str, config: ClaimsConfig) -> None:
    """Seconds each scanned pattern takes over the text (anchored ones only run at numbers)."""
    costs = []
    for pattern in config.scanned:
        t0 = time.perf_counter()
        found = sum(1 for _ in pattern.rx.finditer(text))
        costs.append((time.perf_counter() - t0, pattern.id, found))
    print(f"scanned patterns ({len(costs)}; {len(config.anchored)} more are anchored on numbers):")
    for seconds, pid, found in sorted(costs, reverse=True):
        print(f"  {pid:28} {seconds:7.4f} s  {found:7,} matches")


if __name__ == "__main__":
    main()
