"""Benchmark: `pipeline review` of a large output against reading its claims table.

Builds a large output folder without running the pipeline: the seed run's tables copied
--copies times under new article ids (so 5 seeds x 1000 = 5000 articles). Then times, in
one process: the baseline (reading the claims table into pandas), a default review (the first
200 articles), a review with --where, and a --diff review against the same folder with one
copy's claims dropped, beside pipeline/diff.py's matching alone (what `pipeline diff` costs).
Prints medians, ratios to the baseline and the page sizes; asserts nothing.

    python bench/bench_review.py [--copies 1000] [--repeat 5]
"""
from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from pipeline.config import load_config
from pipeline.diff import diff_dirs
from pipeline.review import write_review
from pipeline.runner import run
from pipeline.stages import Context
from pipeline.tables import finish, read_arrow, read_frame, write_table

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
TABLES = ("articles", "entities", "claims")


def copied(seed_out: Path, out: Path, copies: int, drop_claims_of: int | None = None) -> None:
    """The seed tables `copies` times, each copy's ids suffixed; a copy's claims left out if asked."""
    for name in TABLES:
        table = read_arrow(seed_out, name)
        parts = []
        for i in range(copies):
            part = table.set_column(table.schema.get_field_index("article_id"), "article_id",
                                    pc.binary_join_element_wise(table["article_id"], pa.scalar(f"-{i:05d}"), ""))
            if name == "articles":
                part = part.set_column(part.schema.get_field_index("source"), "source",
                                       pc.binary_join_element_wise(part["source"], pa.scalar(f".{i:05d}"), ""))
            if name == "claims":
                if i == drop_claims_of:
                    continue
                part = part.set_column(part.schema.get_field_index("claim_id"), "claim_id",
                                       pc.binary_join_element_wise(part["claim_id"], pa.scalar(f"-{i:05d}"), ""))
            parts.append(part)
        write_table(out, name, finish(name, parts))


def timed(fn, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--copies", type=int, default=1000, help="copies of the seed run's tables")
    ap.add_argument("--repeat", type=int, default=5, help="timings of each case")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        seed_out, big, older = Path(tmp) / "seeds", Path(tmp) / "big", Path(tmp) / "older"
        run(seed_out, Context(config=load_config(), paths=[SEEDS]))
        copied(seed_out, big, args.copies)
        copied(seed_out, older, args.copies, drop_claims_of=0)
        n_claims = len(read_frame(big, "claims", ["claim_id"]))
        html = Path(tmp) / "review.html"
        cases = {
            "baseline: read claims": lambda: read_frame(big, "claims"),
            "review (first 200)": lambda: write_review(big, html),
            "review --where money": lambda: write_review(big, html, where='kind == "money" and value > 1e10'),
            "diff_dirs alone": lambda: diff_dirs(older, big),
            "review --diff": lambda: write_review(big, html, old_dir=older),
        }
        results = {}
        for label, fn in cases.items():
            results[label] = (timed(fn, args.repeat), html.stat().st_size if html.exists() else 0)
    base = statistics.median(results["baseline: read claims"][0])
    print(f"output: {args.copies * 5} articles, {n_claims:,} claims")
    for label, (times, size) in results.items():
        median = statistics.median(times)
        page = f"  page {size / 1e6:.1f} MB" if label.startswith("review") else ""
        print(f"{label:<24} median {median:7.3f} s  x{median / base:6.1f} baseline{page}")


if __name__ == "__main__":
    main()
