"""--engine dask: the same stage functions on a dask.distributed cluster write the same dataset,
byte for byte, as the local engine."""
from __future__ import annotations

import shutil
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline import partition
from pipeline.cli import main
from pipeline.engines import DaskEngine, context_on_worker, recipe
from pipeline.errors import StageError
from pipeline.runner import compute_part
from pipeline.stages import Context

from conftest import SEEDS, SHARED, table_files


def _news(folder: Path) -> Path:
    """The seeds and the dev texts: enough articles for several parts when parts are small."""
    shutil.copytree(SEEDS, folder)
    dev = SHARED / "gold" / "dev" / "texts"
    for path in sorted(dev.glob("*.txt")) if dev.is_dir() else []:
        shutil.copy(path, folder / f"dev_{path.name}")
    return folder


def _run(*args: str) -> str:
    result = CliRunner().invoke(main, ["run", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_dask_on_a_local_cluster_writes_the_local_engines_bytes(tmp_path: Path, monkeypatch) -> None:
    pytest.importorskip("distributed", reason="dask.distributed is not installed (pip install -e '.[dask]')")
    monkeypatch.setattr(partition, "PART_CHARS", 8_000)  # several parts from a few dozen articles
    news = _news(tmp_path / "news")
    _run(str(news), "--out", str(tmp_path / "local"), "--jobs", "1")
    _run(str(news), "--out", str(tmp_path / "dask"), "--engine", "dask", "--jobs", "2")
    local = table_files(tmp_path / "local")
    assert len([name for name in local if name.startswith("claims/")]) > 2
    assert table_files(tmp_path / "dask") == local

    # an incremental run on the cluster: one article added, one removed
    (news / "added.txt").write_text("新增稿件\n\n今年前10个月，烟台港完成货物吞吐量3.2亿吨，同比增长6.5%。\n", encoding="utf-8")
    (news / sorted(p.name for p in SEEDS.glob("*.txt"))[0]).unlink()
    output = _run(str(news), "--out", str(tmp_path / "dask"), "--engine", "dask", "--jobs", "2")
    assert "incremental: processed 1 new or changed article(s)" in output and "removed 1" in output
    _run(str(news), "--out", str(tmp_path / "full"), "--jobs", "1")
    assert table_files(tmp_path / "dask") == table_files(tmp_path / "full")

    # stages run alone over the folder's tables, on the cluster
    _run("--out", str(tmp_path / "dask"), "--from", "claims", "--engine", "dask", "--jobs", "2")
    assert table_files(tmp_path / "dask") == table_files(tmp_path / "full")


def test_dask_on_a_cluster_given_by_its_scheduler_address(tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed", reason="dask.distributed is not installed (pip install -e '.[dask]')")
    _run(str(SEEDS), "--out", str(tmp_path / "local"), "--jobs", "1", "--segmenter", "jieba")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        _run(str(SEEDS), "--out", str(tmp_path / "dask"), "--engine", "dask", "--scheduler", cluster.scheduler_address,
             "--segmenter", "jieba")
        assert len(cluster.workers) == 1  # the run left the cluster as it found it
    assert table_files(tmp_path / "dask") == table_files(tmp_path / "local")


def test_a_worker_rebuilds_the_runs_context_from_the_recipe(config) -> None:
    made = recipe(Context(config=config, segmenter="jieba"))
    ctx = context_on_worker(made)
    assert ctx.config.digest == config.digest and ctx.segmenter == "jieba"
    tables = {"articles": [{"article_id": "a", "source": "x", "title": "", "text": "出口增长13.1%。", "n_chars": 9,
                            "encoding": "utf-8", "sha256": ""}]}
    made_here = compute_part(Context(config=config), tables, ("normalise", "sentences", "claims"), ("claims",))
    made_there = compute_part(ctx, tables, ("normalise", "sentences", "claims"), ("claims",))
    assert made_there["claims"][0].equals(made_here["claims"][0])


@pytest.mark.parametrize("change, message", [
    (lambda r: replace(r, version="0.0.1"), r"a dask worker runs pipeline \S+, this run 0\.0\.1; install the same"),
    (lambda r: replace(r, digest="0" * 64), "the configs a dask worker received do not match the run's"),
])
def test_a_worker_refuses_another_version_or_other_configs(config, change, message: str) -> None:
    with pytest.raises(StageError, match=message):
        context_on_worker(change(recipe(Context(config=config))))


def test_dask_engine_without_dask_says_how_to_install_it(config, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(StageError, match=r"--engine dask needs dask.distributed, which is not installed "
                                         r"\(pip install 'news-numeric-claims\[dask\]'\)"):
        next(DaskEngine().map(compute_part, Context(config=config), []))


def test_scheduler_goes_with_the_dask_engine(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["run", str(SEEDS), "--out", str(tmp_path), "--scheduler", "tcp://localhost:8786"])
    assert (result.exit_code, result.output) == (1, "Error: --scheduler goes with --engine dask\n")
