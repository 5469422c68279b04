"""The output folder under hostile but realistic use, with real processes: kill -9 at a
file-system event, two runs at once, Ctrl-C, immutable and read-only folders, damaged tables,
odd file names, unreadable inputs. Each test reproduces a finding of issue 12."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from click.testing import CliRunner, Result

from pipeline.cli import main
from pipeline.tables import read_arrow

from conftest import ROOT, SEEDS, TABLES, table_files

NEW_ARTICLE = "新闻标题\n\n今年前10个月，烟台港完成货物吞吐量3.2亿吨，同比增长6.5%，新增航线12条。\n"


def cli(*args: str) -> subprocess.CompletedProcess:
    """`python -m pipeline ARGS` in a process of its own."""
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)


def invoke(*args: str) -> Result:
    """`pipeline ARGS` in this process (quicker, for the runs that need no process of their own)."""
    return CliRunner().invoke(main, list(args))


def start(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "pipeline", *args], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def tables(out: Path) -> dict[str, bytes]:
    """What a notebook sees: each table's parts, read through the folder's links."""
    return table_files(out)


def snapshot(out: Path) -> dict[str, tuple]:
    """Every entry under out: a file's size, mtime and inode, a link's target, a folder's
    existence (a folder's own mtime moves when a failed run's leftovers are removed from it)."""
    found = {}
    for folder, dirs, files in os.walk(out):
        found.update({str(Path(folder, d).relative_to(out)): ("folder",) for d in dirs})
        for name in files:
            path = Path(folder) / name
            st = path.lstat()
            found[str(path.relative_to(out))] = ((os.readlink(path),) if path.is_symlink()
                                                 else (st.st_size, st.st_mtime_ns, st.st_ino))
    return found


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "news"
    shutil.copytree(SEEDS, folder)
    return folder


def clean_run(corpus: Path, tmp_path: Path) -> dict[str, bytes]:
    """The tables of a clean run over the corpus as it is now."""
    out = tmp_path / "clean"
    shutil.rmtree(out, ignore_errors=True)
    assert invoke("run", str(corpus), "--out", str(out)).exit_code == 0
    return tables(out)


def _entries(out: Path) -> set[str]:
    found = set()
    for folder, dirs, files in os.walk(out):
        found.update(os.path.join(folder, n) for n in dirs + files)
    return found


@pytest.mark.parametrize("events", [1, 2, 3])
def test_kill_at_a_file_system_event_then_rerun_equals_a_clean_run(corpus: Path, tmp_path: Path, events: int) -> None:
    out = tmp_path / "out"
    assert invoke("run", str(corpus), "--out", str(out)).exit_code == 0
    before = tables(out)
    (corpus / "zz_new.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    clean_with_new = clean_run(corpus, tmp_path)
    known = _entries(out)
    run = start("run", str(corpus), "--out", str(out), "--jobs", "1")
    seen: set[str] = set()
    while run.poll() is None and len(seen) < events:
        seen |= _entries(out) - known
    run.send_signal(signal.SIGKILL)
    run.wait()
    assert tables(out) in (before, clean_with_new)  # the old tables, or (killed after the commit) the new ones
    rerun = invoke("run", str(corpus), "--out", str(out))
    assert rerun.exit_code == 0, rerun.output
    assert tables(out) == clean_with_new
    assert [p.name for p in (out / ".generations").iterdir()] == [os.readlink(out / "current").split("/")[-1]]


def test_two_runs_at_once_one_waits_or_is_told_who_holds_the_folder(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = start("run", str(_big_corpus(tmp_path / "big", 20)), "--out", str(out), "--jobs", "1")
    while f" {first.pid} " not in Path("/proc/locks").read_text():  # until the first run holds the lock
        assert first.poll() is None, first.communicate()
    second = invoke("run", str(corpus), "--out", str(out))
    assert (second.exit_code, second.stderr) == (
        1, f"Error: {out}/ is in use by process {first.pid} (another run); wait for it to finish, or pass --wait\n")
    (corpus / "zz_new.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    third = start("run", str(corpus), "--out", str(out), "--wait")
    assert first.wait() == 0 and third.wait() == 0, third.communicate()
    assert tables(out) == clean_run(corpus, tmp_path)


def test_concurrent_waiting_runs_never_mix_their_tables(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    other = tmp_path / "other"
    other.mkdir()
    (other / "a.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    runs = [start("run", str(path), "--out", str(out), "--wait") for path in (corpus, other, corpus)]
    done = [r.communicate() for r in runs]
    assert [r.returncode for r in runs] == [0, 0, 0], [err for _, err in done]
    parts = pd.read_parquet(out / "manifest.parquet")
    ids = set(read_arrow(out, "articles")["article_id"].to_pylist())
    assert parts.loc[parts["table"] == "articles", "rows"].sum() == len(ids)
    for name in TABLES:  # every table read back whole, checked against the manifest
        assert set(read_arrow(out, name)["article_id"].to_pylist()) <= ids


def _workers(pid: int) -> list[int]:
    found = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    return [int(p) for p in found]


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/status").read_text().split("State:")[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")  # a zombie is dead, only not yet reaped


def _big_corpus(folder: Path, copies: int) -> Path:
    folder.mkdir()
    for seed in sorted(SEEDS.glob("*.txt")):
        text = seed.read_text(encoding="utf-8")
        for i in range(copies):
            (folder / f"{seed.stem}_{i:03d}.txt").write_text(f"{text}\n（第{i}稿）\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT])
def test_workers_die_with_their_parent_and_ctrl_c_ends_a_run_at_once(tmp_path: Path, sig: int) -> None:
    news = _big_corpus(tmp_path / "news", 60)
    out = tmp_path / "out"
    run = start("run", str(news), "--out", str(out), "--jobs", "2")
    workers: list[int] = []
    deadline = time.monotonic() + 60
    while len(workers) < 2 and time.monotonic() < deadline:
        workers = _workers(run.pid)
        time.sleep(0.05)
    assert len(workers) == 2, run.communicate()
    time.sleep(0.5)
    sent = time.monotonic()
    run.send_signal(sig)
    run.wait(timeout=10)
    ended = time.monotonic() - sent
    time.sleep(0.5)
    assert [w for w in workers if _alive(w)] == []
    if sig == signal.SIGINT:
        assert ended < 1.0
        assert (run.returncode, run.stderr.read()) == (
            130, "Error: interrupted; the output folder holds its last complete run\n")
        assert not out.exists()


def test_a_run_that_fails_leaves_every_file_unchanged(corpus: Path, tmp_path: Path) -> None:
    """An immutable folder where the file system allows one: the new generation cannot be made."""
    out = tmp_path / "out"
    assert invoke("run", str(corpus), "--out", str(out)).exit_code == 0
    (corpus / "zz_new.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    if subprocess.run(["chattr", "+i", str(out / ".generations")], capture_output=True).returncode != 0:
        pytest.skip("this file system has no immutable flag")
    try:
        before = snapshot(out)
        result = invoke("run", str(corpus), "--out", str(out))
        assert (result.exit_code, result.stderr) == (
            1, f"Error: {out}/.generations: cannot write (Operation not permitted)\n")
        assert snapshot(out) == before
    finally:
        subprocess.run(["chattr", "-i", str(out / ".generations")])


def test_an_immutable_table_does_not_stop_a_run(corpus: Path, tmp_path: Path) -> None:
    """A table file that cannot be replaced or linked is copied into the new generation; the
    old generation is removed once it can be."""
    out = tmp_path / "out"
    assert invoke("run", str(corpus), "--out", str(out)).exit_code == 0
    [claims] = [p.resolve() for p in (out / "claims").iterdir()]
    if subprocess.run(["chattr", "+i", str(claims)], capture_output=True).returncode != 0:
        pytest.skip("this file system has no immutable flag")
    try:
        (corpus / "zz_new.txt").write_text(NEW_ARTICLE, encoding="utf-8")
        result = invoke("run", str(corpus), "--out", str(out))
        assert result.exit_code == 0, result.output
        assert tables(out) == clean_run(corpus, tmp_path)
    finally:
        subprocess.run(["chattr", "-i", str(claims)])
    assert invoke("run", str(corpus), "--out", str(out), "--full").exit_code == 0
    assert not claims.exists()


def test_an_up_to_date_rerun_works_on_a_read_only_folder(corpus: Path, tmp_path: Path) -> None:
    """Read-only even for root: the folder is made immutable where the file system allows it."""
    out = tmp_path / "out"
    assert invoke("run", str(corpus), "--out", str(out)).exit_code == 0
    if subprocess.run(["chattr", "+i", str(out)], capture_output=True).returncode != 0:
        pytest.skip("this file system has no immutable flag")
    try:
        before = snapshot(out)
        result = invoke("run", str(corpus), "--out", str(out))
        assert result.exit_code == 0, result.output
        assert result.stdout.startswith(f"Nothing new: the tables in {out}/ are up to date")
        (corpus / "zz_new.txt").write_text(NEW_ARTICLE, encoding="utf-8")
        result = invoke("run", str(corpus), "--out", str(out))
        assert (result.exit_code, result.stderr) == (1, f"Error: {out}: cannot write (Operation not permitted)\n")
        assert snapshot(out) == before
    finally:
        subprocess.run(["chattr", "-i", str(out)])


@pytest.mark.parametrize("spoil, reason", [
    (lambda p: p.unlink() or os.symlink(p, p), "symbolic link loop"),
    (lambda p: p.unlink() or os.symlink(p.parent / "gone.txt", p), "broken symbolic link"),
    (lambda p: p.write_bytes(b"\x00\x01binary"), "binary file (NUL bytes), not text"),
])
def test_an_unreadable_input_stops_the_run_unless_skipped_and_its_article_is_kept(corpus: Path, tmp_path: Path,
                                                                                   spoil, reason: str) -> None:
    out = tmp_path / "out"
    assert invoke("run", str(corpus), "--out", str(out)).exit_code == 0
    spoilt = corpus / "001_0a315fe500ec3c7f.txt"
    spoil(spoilt)
    before = snapshot(out)
    result = invoke("run", str(corpus), "--out", str(out))
    assert (result.exit_code, result.stderr) == (1, f"Error: {spoilt}: {reason} (--skip-unreadable goes on without it)\n")
    assert snapshot(out) == before
    result = invoke("run", str(corpus), "--out", str(out), "--skip-unreadable")
    assert result.exit_code == 0, result.output
    assert result.stderr == f"Warning: {spoilt}: {reason} (skipped; its earlier rows are kept for 1 article(s))\n"
    assert result.stdout.startswith("Nothing new")
    assert len(read_arrow(out, "articles")) == 5


def test_several_unreadable_inputs_are_each_named(corpus: Path, tmp_path: Path) -> None:
    os.symlink(corpus / "gone.txt", corpus / "a.txt")
    (corpus / "sub").mkdir()
    os.symlink(corpus / "sub", corpus / "sub" / "loop")
    result = invoke("run", str(corpus), "--out", str(tmp_path / "out"))
    assert (result.exit_code, result.stderr) == (1, (
        f"Warning: {corpus}/a.txt: broken symbolic link\n"
        f"Warning: {corpus}/sub/loop: symbolic link loop (leads back to a folder that holds it)\n"
        "Error: 2 inputs could not be read (listed above); --skip-unreadable goes on without them\n"))


def test_damaged_tables_are_rebuilt_by_a_run_and_named_by_a_stage(seed_run: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(seed_run, out, symlinks=True)
    for name in ("claims", "tokens"):
        [path] = [p.resolve() for p in (out / name).iterdir()]
        path.write_bytes(path.read_bytes()[:100])
    result = invoke("run", "--from", "claims", "--out", str(out))
    assert (result.exit_code, result.stderr) == (
        1, f"Error: {out}/tokens/part-all.parquet: damaged (it does not match the checksum in the manifest); "
           f"`pipeline run PATHS --out {out}` rebuilds it\n")
    result = invoke("run", str(SEEDS), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "full run: the earlier tables are damaged" in result.stdout
    assert tables(out) == tables(seed_run)


def test_a_file_name_that_is_not_utf8_is_no_traceback(tmp_path: Path) -> None:
    news = tmp_path / "news"
    news.mkdir()
    odd = os.fsencode(news) + b"/caf\xe9.txt"
    with open(odd, "w", encoding="utf-8") as fh:
        fh.write(NEW_ARTICLE)
    out = tmp_path / "out"
    result = cli("run", str(news), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert read_arrow(out, "articles")["source"].to_pylist() == [f"{news}/caf\\xe9.txt"]
    with open(odd, "wb") as fh:
        fh.write(b"\x81\x20\x81\x20")
    result = cli("run", str(news), "--out", str(out))
    assert (result.returncode, result.stderr) == (
        1, f"Error: {news}/caf\\xe9.txt: not decodable as UTF-8 or GB18030 (--skip-unreadable goes on without it)\n")


def test_a_backtracking_pattern_stops_the_run_naming_pattern_and_article(tmp_path: Path) -> None:
    configs = tmp_path / "configs"
    shutil.copytree(ROOT / "configs", configs)
    with (configs / "claims.toml").open("a", encoding="utf-8") as fh:
        fh.write('\n[[pattern]]\nid = "test.backtracks"\nkind = "none"\ncomment = "overlapping alternatives"\n'
                 "regex = '(?:x|xx)+y'\nexamples = [\"«xxy»\"]\n")
    news = tmp_path / "news"
    news.mkdir()
    (news / "long.txt").write_text("标题\n\n" + "x" * 5000 + "\n", encoding="utf-8")
    started = time.monotonic()
    result = cli("run", str(news), "--out", str(tmp_path / "out"), "--configs", str(configs))
    assert time.monotonic() - started < 60
    assert result.returncode == 1
    assert result.stderr.startswith("Error: pattern 'test.backtracks' in claims.toml ran over its time budget (1 s for "
                                    "one search) on article ")
    assert f"({news}/long.txt)" in result.stderr and result.stderr.count("\n") == 1


def test_leftovers_of_killed_runs_are_cleaned_up(seed_run: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(seed_run, out, symlinks=True)
    (out / ".claims.parquet.abc123.tmp").write_bytes(b"half")
    (out / ".generations" / "000099").mkdir()
    assert invoke("run", str(SEEDS), "--out", str(out), "--full").exit_code == 0
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == [".generations", ".lock"]
    assert len(list((out / ".generations").iterdir())) == 1


def test_usage_errors_exit_1_as_the_readme_says() -> None:
    result = cli("run", "--no-such-option")
    assert result.returncode == 1 and result.stderr.endswith("Error: No such option '--no-such-option'.\n")


def test_an_interruption_right_after_the_commit_keeps_the_new_tables(corpus: Path, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import pipeline.store as store

    out = tmp_path / "out"
    assert invoke("run", str(corpus), "--out", str(out)).exit_code == 0
    (corpus / "zz_new.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    clean_with_new = clean_run(corpus, tmp_path)

    calls = []
    remove_stale = store.remove_stale

    def interrupted(out_dir: Path) -> None:  # called before writing, then right after the commit
        calls.append(out_dir)
        if len(calls) == 2:
            raise KeyboardInterrupt
        remove_stale(out_dir)

    monkeypatch.setattr(store, "remove_stale", interrupted)
    assert invoke("run", str(corpus), "--out", str(out)).exit_code == 130
    assert tables(out) == clean_with_new


READ_ALL = """
import os, sys
from pathlib import Path
from pipeline.tables import read_arrow
out = Path(sys.argv[1])
threads = len(os.listdir("/proc/self/task"))
ids = read_arrow(out, "articles", ["article_id"])["article_id"].to_pylist()
for name in sys.argv[2:]:
    read_arrow(out, name)
    read_arrow(out, name, ["article_id"], article_ids=ids[:2])
print(threads, len(os.listdir("/proc/self/task")))
"""


def test_reading_a_folder_starts_no_native_thread_pool(corpus: Path, tmp_path: Path) -> None:
    """Arrow's thread pools, once started, can abort a process as it exits (a no-op run died
    with SIGABRT that way): the tables are read without them."""
    out = tmp_path / "out"
    assert invoke("run", str(corpus), "--out", str(out)).exit_code == 0
    done = subprocess.run([sys.executable, "-c", READ_ALL, str(out), *TABLES], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    before, after = done.stdout.split()
    assert after == before
