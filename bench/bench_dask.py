"""Benchmark: what running the stages on a dask cluster costs, against the local engine.

Builds the seeds×100 corpus (every seed 100 times, each copy made distinct by a numbered last
line), then times whole runs as a user starts them (`python -m pipeline run CORPUS --out OUT`,
a fresh process each, into an empty folder):

* local: `--jobs N` (the local engine: N forked worker processes);
* dask, its own cluster: `--engine dask --jobs N` (a LocalCluster of N worker processes,
  started and closed by the run: what a laptop user pays);
* dask, a running cluster: `--engine dask --scheduler ADDRESS`, a LocalCluster of N worker
  processes started once beforehand (the engine's own cost: shipping parts and results).

Checks that every run wrote the same tables, byte for byte, and prints the medians of --runs
runs and each dask way's overhead over the local engine. Asserts nothing.

    python bench/bench_dask.py [--copies 100] [--runs 3] [--jobs 2]
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
TABLES = ("articles", "normalised", "sentences", "tokens", "entities", "claims")


def build_corpus(folder: Path, copies: int) -> tuple[int, int]:
    """Each seed `copies` times, each copy with a numbered last line. Returns (articles, characters)."""
    chars = n = 0
    for copy in range(copies):
        for i, path in enumerate(sorted(SEEDS.glob("*.txt"))):
            text = path.read_text(encoding="utf-8") + f"\n（本版第{copy}期，稿件{i}）\n"
            (folder / f"{i:03d}_{copy:04d}.txt").write_text(text, encoding="utf-8")
            chars += len(text)
            n += 1
    return n, chars


def timed_run(corpus: Path, out: Path, *options: str) -> float:
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "pipeline", "run", str(corpus), "--out", str(out), *options],
                          cwd=ROOT, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"run {' '.join(options)} failed: {proc.stderr.strip()}")
    return time.perf_counter() - start


def tables(out: Path) -> dict[str, bytes]:
    return {f"{t}/{p.name}": p.read_bytes() for t in TABLES for p in sorted((out / t).glob("*.parquet"))}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--copies", type=int, default=100, help="copies of each seed")
    ap.add_argument("--runs", type=int, default=3, help="runs to time, each way")
    ap.add_argument("--jobs", type=int, default=2, help="worker processes, each way")
    args = ap.parse_args()
    import distributed  # noqa: PLC0415 (an optional dependency: pip install -e '.[dask]')

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        n, chars = build_corpus(corpus, args.copies)
        jobs = ("--jobs", str(args.jobs))
        ways: dict[str, list[float]] = {"local": [], "dask, its own cluster": [], "dask, a running cluster": []}
        with distributed.LocalCluster(n_workers=args.jobs, threads_per_worker=1, processes=True,
                                      dashboard_address=None) as cluster:
            options = {"local": jobs, "dask, its own cluster": ("--engine", "dask", *jobs),
                       "dask, a running cluster": ("--engine", "dask", "--scheduler", cluster.scheduler_address)}
            reference = None
            for i in range(args.runs):
                for way, opts in options.items():
                    out = Path(tmp) / f"out_{i}_{len(ways[way])}_{way.replace(' ', '_').replace(',', '')}"
                    ways[way].append(timed_run(corpus, out, *opts))
                    made = tables(out)
                    reference = reference or made
                    if made != reference:
                        sys.exit(f"{way}: the tables differ from the local engine's")
    local = statistics.median(ways["local"])
    print(f"corpus: seeds×{args.copies}, {n} articles, {chars:,} characters; {args.jobs} worker processes each way;"
          " tables byte-identical every way")
    for way, times in ways.items():
        m = statistics.median(times)
        extra = "" if way == "local" else f"  overhead {m - local:+6.2f} s ({m / local:.2f}× local)"
        print(f"  {way:24} median {m:7.2f} s  ({', '.join(f'{t:.2f}' for t in times)}){extra}")


if __name__ == "__main__":
    main()
