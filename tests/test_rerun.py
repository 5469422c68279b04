"""Incremental reruns: only new or changed articles are processed, and the tables equal a full run's."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.runner import describe

from conftest import ROOT, SEEDS, table_files

NEW_ARTICLE = "新闻标题\n\n今年前10个月，烟台港完成货物吞吐量3.2亿吨，同比增长6.5%，新增航线12条。\n"


def _same_tables(a: Path, b: Path) -> bool:
    return table_files(a) == table_files(b)


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "news"
    shutil.copytree(SEEDS, folder)
    return folder


def _run(*args: str) -> str:
    result = CliRunner().invoke(main, ["run", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_added_article_alone_is_processed_and_tables_equal_a_full_run(corpus: Path, tmp_path: Path) -> None:
    out, full = tmp_path / "out", tmp_path / "full"
    _run(str(corpus), "--out", str(out))
    (corpus / "zz_new.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    printed = _run(str(corpus), "--out", str(out))
    assert "incremental: processed 1 new or changed article(s), reused 5, removed 0" in printed
    assert describe(out)["run"]["mode"] == "incremental" and describe(out)["run"]["processed"] == 1
    _run(str(corpus), "--out", str(full))
    assert _same_tables(out, full)


def test_unchanged_corpus_writes_nothing(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _run(str(corpus), "--out", str(out))
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*.parquet")}
    printed = _run(str(corpus), "--out", str(out))
    assert printed.startswith(f"Nothing new: the tables in {out}/ are up to date")
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*.parquet")} == before


def test_changed_and_removed_articles(corpus: Path, tmp_path: Path) -> None:
    out, full = tmp_path / "out", tmp_path / "full"
    _run(str(corpus), "--out", str(out))
    (corpus / "000_b870ae0746033d6c.txt").unlink()
    edited = corpus / "001_0a315fe500ec3c7f.txt"
    edited.write_text(edited.read_text(encoding="utf-8") + "\n另有资金5亿元到位。\n", encoding="utf-8")
    printed = _run(str(corpus), "--out", str(out))
    assert "processed 1 new or changed article(s), reused 3, removed 2" in printed
    _run(str(corpus), "--out", str(full))
    assert _same_tables(out, full)


def test_config_change_or_full_flag_reprocesses_everything(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    configs = tmp_path / "configs"
    shutil.copytree(ROOT / "configs", configs)
    _run(str(corpus), "--out", str(out), "--configs", str(configs))
    with (configs / "claims.toml").open("a", encoding="utf-8") as fh:
        fh.write("\n# a comment changes the digest too\n")
    printed = _run(str(corpus), "--out", str(out), "--configs", str(configs))
    assert printed.endswith("  full run: configs/ changed since the earlier run\n")
    assert describe(out)["run"]["mode"] == "full" and describe(out)["run"]["processed"] == 5
    printed = _run(str(corpus), "--out", str(out), "--configs", str(configs), "--full")
    assert printed.endswith("  full run: --full\n")
    assert describe(out)["run"] == {"mode": "full", "processed": 5, "reused": 0, "removed": 0, "why_full": "--full"}
