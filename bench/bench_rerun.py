"""Benchmark: reruns into a folder that holds a large run, against the cold run that made it.

Builds a corpus of distinct articles of about 1,300 characters (as bench_scale.py does;
default 20,000), runs it cold, then times in this process (configs and jieba loaded once, as
in a long-lived tool; a command adds the interpreter's start):

* an unchanged rerun (nothing is written);
* adding one article, then removing it again, alternately: each rerun rebuilds only the part
  its article belongs to; the files it rewrote are counted (the others are hard links);
* the added article's own work: the stages on it alone, in memory.

Prints medians of --runs runs; asserts nothing.

    python bench/bench_rerun.py [--articles 20000] [--runs 5] [--jobs N]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from pipeline.config import load_config
from pipeline.ingest import read_article
from pipeline.parallel import default_jobs
from pipeline.runner import run
from pipeline.stages import Context, run_stages

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_scale import ARTICLE_CHARS, build_corpus  # noqa: E402

NEW = "新增稿件\n\n今年前10个月，烟台港完成货物吞吐量3.2亿吨，同比增长6.5%，新增航线12条，带动就业1.3万人。\n" * 8


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def parts(out: Path) -> dict[str, int]:
    return {str(p.relative_to(out)): p.stat().st_ino for p in out.glob("*/part-*.parquet")}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=20_000, help="articles in the corpus")
    ap.add_argument("--runs", type=int, default=5, help="reruns to time, each way")
    ap.add_argument("--jobs", type=int, default=default_jobs(), help="worker processes for the cold run")
    args = ap.parse_args()
    config = load_config()
    with tempfile.TemporaryDirectory() as tmp:
        corpus, out = Path(tmp) / "corpus", Path(tmp) / "out"
        corpus.mkdir()
        n, chars = build_corpus(corpus, args.articles * (ARTICLE_CHARS + 120))
        ctx = Context(config=config, paths=[corpus])
        cold = timed(lambda: run(out, ctx, jobs=args.jobs))
        files = len(parts(out))
        unchanged = [timed(lambda: run(out, ctx)) for _ in range(args.runs)]
        added, removed, rewritten = [], [], []
        new = corpus / "zz_new.txt"
        for i in range(args.runs):
            new.write_text(NEW + f"（第{i}稿）\n", encoding="utf-8")
            before = parts(out)
            added.append(timed(lambda: run(out, ctx)))
            after = parts(out)
            rewritten.append(sum(before.get(p) != ino for p, ino in after.items()))
            new.unlink()
            removed.append(timed(lambda: run(out, ctx)))
        new.write_text(NEW, encoding="utf-8")
        article = read_article(new)
        own = [timed(lambda: run_stages({"articles": [article]}, ctx)) for _ in range(args.runs)]
    med = statistics.median
    print(f"corpus: {n:,} articles, {chars:,} characters; {files} part files")
    print(f"cold run (--jobs {args.jobs})       {cold:8.2f} s")
    print(f"unchanged rerun          median {med(unchanged):6.3f} s  ({', '.join(f'{t:.3f}' for t in unchanged)})")
    print(f"add one article          median {med(added):6.3f} s  ({', '.join(f'{t:.3f}' for t in added)}); "
          f"part files rewritten: {sorted(set(rewritten))} of {files}")
    print(f"remove it again          median {med(removed):6.3f} s  ({', '.join(f'{t:.3f}' for t in removed)})")
    print(f"the article's own work   median {med(own):6.3f} s  (its stages alone, in memory)")
    print(f"adding one article costs {med(added) - med(own):.3f} s beyond its own work (target: under 1 s), "
          f"{100 * med(added) / cold:.2f}% of the cold run")


if __name__ == "__main__":
    main()
