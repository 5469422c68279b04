"""Benchmark: peak memory and time of whole runs at growing corpus sizes (memory must stay flat).

Builds corpora of distinct articles of about 1,300 characters (the size of a CCTV story) from
the seeds' paragraphs, drawn in a seeded random order, each article closed by a numbered line,
at each size (default 10 M, 40 M and 100 M characters); or uses the folders given with
--corpus. Runs `python -m pipeline run CORPUS --out OUT` on each, as a user would, sampling
/proc every 0.1 s, and prints per size: wall time, microseconds per character (flat when the
cost is linear), the peak RSS of the largest process, and the peak RSS of the run's processes
together (the parent and its workers). Asserts nothing.

    python bench/bench_scale.py [--sizes 10e6,40e6,100e6] [--jobs N] [--corpus FOLDER ...] [--keep DIR]
                                [--baseline CHECKOUT]
"""
from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
ARTICLE_CHARS = 1300


def paragraphs() -> list[str]:
    found = []
    for path in sorted(SEEDS.glob("*.txt")):
        found += [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if len(line.strip()) >= 10]
    return found


def build_corpus(folder: Path, chars: int, seed: int = 0) -> tuple[int, int]:
    """Distinct articles of about ARTICLE_CHARS characters until `chars` are written, 1,000 files
    per subfolder. Returns (articles, characters)."""
    rng = random.Random(seed)
    pool = paragraphs()
    written = n = 0
    while written < chars:
        body: list[str] = []
        while sum(map(len, body)) < ARTICLE_CHARS:
            body.append(rng.choice(pool))
        text = f"稿件{n}\n\n" + "\n\n".join(body) + f"\n\n（编号{n}）\n"
        path = folder / f"{n // 1000:04d}" / f"{n:07d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written += len(text)
        n += 1
    return n, written


def _tree(root: int) -> list[int]:
    """root and every process below it."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                ppid = int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += children.get(pid, [])
    return found


def _rss(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def measure(corpus: Path, out: Path, jobs: int, project: Path = ROOT) -> tuple[float, int, int, str]:
    """Wall seconds, peak RSS of the largest process, peak RSS of all the run's processes
    together, and the run's counts line (the pipeline of `project`, another checkout for a
    baseline)."""
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "run", str(corpus), "--out", str(out), "--jobs", str(jobs)],
                            cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    largest = together = 0
    while proc.poll() is None:
        sizes = [_rss(pid) for pid in _tree(proc.pid)]
        largest, together = max(largest, *sizes), max(together, sum(sizes))
        time.sleep(0.1)
    wall = time.perf_counter() - started
    stdout, stderr = proc.communicate()
    if proc.returncode != 0:
        sys.exit(f"run failed: {stderr.strip()}")
    return wall, largest, together, stdout.strip().splitlines()[1].strip()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10e6,40e6,100e6", help="corpus sizes in characters, comma-separated")
    ap.add_argument("--jobs", type=int, default=min(8, os.cpu_count() or 1), help="worker processes (--jobs)")
    ap.add_argument("--corpus", type=Path, nargs="*", default=[], help="folders to run instead of built corpora")
    ap.add_argument("--keep", type=Path, help="build the corpora here and keep them (default: a temporary folder)")
    ap.add_argument("--baseline", type=Path, help="another checkout (say, of main) to run on each corpus too")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = args.keep or Path(tmp)
        corpora = [(c, None) for c in args.corpus]
        if not corpora:
            for size in (int(float(s)) for s in args.sizes.split(",")):
                folder = base / f"corpus_{size // 1_000_000}M"
                if not folder.exists():
                    folder.mkdir(parents=True)
                    build_corpus(folder, size)
                corpora.append((folder, size))
        print(f"{'corpus':>16} {'articles':>9} {'characters':>13} {'wall s':>8} {'µs/char':>8} "
              f"{'largest RSS':>12} {'all RSS':>9}   (--jobs {args.jobs})")
        projects = [("", ROOT)] + ([("baseline ", args.baseline.resolve())] if args.baseline else [])
        for folder, _ in corpora:
            files = list(folder.rglob("*.txt"))
            chars = sum(len(p.read_text(encoding="utf-8", errors="replace")) for p in files)
            for label, project in projects:
                out = Path(tmp) / f"out_{label.strip()}{folder.name}"
                wall, largest, together, line = measure(folder, out, args.jobs, project)
                print(f"{label + folder.name:>16} {len(files):>9,} {chars:>13,} {wall:>8.1f} {wall / chars * 1e6:>8.2f} "
                      f"{largest / 2**30:>9.2f} GB {together / 2**30:>6.2f} GB   {line}", flush=True)
                shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
