"""Tables as partitioned Parquet datasets: parts follow from the articles alone, a rerun rewrites
only the parts its changes touch, and every common reader opens a table folder untouched."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

import pipeline.partition as partition
from pipeline.cli import main
from pipeline.ingest import article_id
from pipeline.partition import leaves, part_name, prefix_of
from pipeline.runner import describe

from conftest import SEEDS, TABLES, table_files

SMALL_PARTS = 6_000  # characters per part in these tests, so the seeds (and a few more) make several parts


def _articles(n: int) -> list[SimpleNamespace]:
    return [SimpleNamespace(article_id=article_id(f"文章{i}"), n_chars=100) for i in range(n)]


@pytest.mark.parametrize("n, limit, parts", [(0, 1000, 0), (5, 1000, 1), (10, 1000, 1), (300, 4000, 16),
                                             (3000, 4000, 256), (11, 1000, None), (3000, 1000, None)])
def test_parts_are_leaves_of_a_prefix_tree(n: int, limit: int, parts: int | None) -> None:
    items = _articles(n)
    found = leaves(items, limit)
    assert parts is None or len(found) == parts
    assert sorted(a.article_id for group in found.values() for a in group) == sorted(a.article_id for a in items)
    for prefix, group in found.items():
        assert all(a.article_id.startswith(prefix) for a in group)
        assert sum(a.n_chars for a in group) <= limit or len(group) == 1
    names = [part_name(p) for p in found]
    assert [prefix_of(name) for name in names] == list(found)
    assert sorted(names) == [part_name(p) for p in sorted(found)]  # file order is article_id order


def test_parts_follow_from_the_set_of_articles_not_its_history() -> None:
    items = _articles(500)
    assert leaves(items, 2000) == leaves(list(reversed(items)), 2000)
    grown = leaves(items + _articles(501)[-1:], 2000)
    changed = [p for p in grown if grown[p] != leaves(items, 2000).get(p)]
    assert len(changed) == 1  # one more article touches one part


@pytest.fixture()
def small_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(partition, "PART_CHARS", SMALL_PARTS)


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "news"
    shutil.copytree(SEEDS, folder)
    for i in range(12):  # short distinct articles, so parts split below the seeds' size
        (folder / f"short_{i:02d}.txt").write_text(f"短讯{i}\n\n今年前{i + 1}个月，某港完成货物吞吐量{i + 2}.5亿吨，同比增长{i}.5%。\n",
                                                    encoding="utf-8")
    return folder


def _run(*args: str) -> str:
    result = CliRunner().invoke(main, ["run", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def _inodes(out: Path) -> dict[str, int]:
    return {f"{t}/{p.name}": p.stat().st_ino for t in TABLES for p in (out / t).glob("*.parquet")}


@pytest.mark.parametrize("change", ["add", "remove", "edit", "move"])
def test_a_rerun_rewrites_only_the_parts_its_change_touches_and_equals_a_full_run(
        small_parts, corpus: Path, tmp_path: Path, change: str) -> None:
    out, full = tmp_path / "out", tmp_path / "full"
    _run(str(corpus), "--out", str(out))
    assert len(list((out / "claims").iterdir())) > 2
    before = _inodes(out)
    target = corpus / "short_03.txt"
    if change == "add":
        (corpus / "short_99.txt").write_text("短讯99\n\n新增航线12条。\n", encoding="utf-8")
    elif change == "remove":
        target.unlink()
    elif change == "edit":
        target.write_text(target.read_text(encoding="utf-8") + "另有资金5亿元到位。\n", encoding="utf-8")
    else:
        target.rename(corpus / "moved.txt")
    _run(str(corpus), "--out", str(out))
    _run(str(corpus), "--out", str(full))
    assert table_files(out) == table_files(full)
    after = _inodes(out)
    rewritten = {p for p in after if before.get(p) != after[p]}
    parts = {p.split("/")[1] for p in rewritten}
    if change == "move":  # the same text: only the articles part names the new path
        assert {p.split("/")[0] for p in rewritten} == {"articles"} and len(parts) == 1
    else:
        assert len(parts) <= 2 and len(rewritten) <= 2 * len(TABLES)  # one part, two when a part splits or merges
        assert len(rewritten) < len(after) // 2


def test_stages_alone_and_workers_work_part_by_part(small_parts, corpus: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    import pipeline.parallel as parallel

    import pipeline.runner as runner

    out, par = tmp_path / "out", tmp_path / "par"
    _run(str(corpus), "--out", str(out), "--jobs", "1")
    monkeypatch.setattr(parallel, "MIN_CHARS_PER_JOB", 1000)
    used = []
    monkeypatch.setattr(runner, "map_in_workers", lambda *a: used.append(a[2]) or parallel.map_in_workers(*a))
    _run(str(corpus), "--out", str(par), "--jobs", "2")
    assert used == [2] or not parallel.can_fork()
    assert table_files(par) == table_files(out)
    shutil.rmtree(par)
    shutil.copytree(out, par, symlinks=True)
    _run("--from", "claims", "--out", str(par))
    assert table_files(par) == table_files(out) and describe(par)["run"]["mode"] == "stages"


def test_every_common_reader_opens_a_table_folder_untouched(seed_run: Path) -> None:
    claims = pd.read_parquet(seed_run / "claims")
    assert len(claims) == describe(seed_run)["rows"]["claims"] > 200
    assert ds.dataset(seed_run / "claims", format="parquet").count_rows() == len(claims)
    pl = pytest.importorskip("polars")
    assert pl.read_parquet(f"{seed_run}/claims/*.parquet").height == len(claims)
    duckdb = pytest.importorskip("duckdb")
    assert duckdb.sql(f"select count(*) from '{seed_run}/claims/*.parquet'").fetchall() == [(len(claims),)]


def test_parts_carry_row_group_statistics_on_article_id(seed_run: Path) -> None:
    for table in TABLES:
        for part in (seed_run / table).glob("*.parquet"):
            meta = pq.ParquetFile(part).metadata
            column = meta.schema.names.index("article_id")
            stats = meta.row_group(0).column(column).statistics
            assert stats.has_min_max and stats.min <= stats.max, (table, part.name)


def test_the_manifest_is_a_small_table_listing_every_part(seed_run: Path) -> None:
    manifest = pd.read_parquet(seed_run / "manifest.parquet")
    listed = {f for f in manifest["file"] if "/" in f}
    assert listed == set(table_files(seed_run))
    info = json.loads(pq.read_schema(seed_run / "manifest.parquet").metadata[b"pipeline.run"])
    assert info["run"]["mode"] == "full" and info["complete"] is True


@pytest.mark.parametrize("layout", ["plain files", "one file per table in a generation"])
def test_a_folder_in_an_older_layout_gets_a_clear_message(tmp_path: Path, layout: str) -> None:
    out = tmp_path / "out"
    if layout == "plain files":
        out.mkdir()
        (out / "claims.parquet").write_bytes(b"PAR1")
        (out / "manifest.json").write_text("{}", encoding="utf-8")
    else:
        (out / ".generations" / "000001").mkdir(parents=True)
        (out / ".generations" / "000001" / "manifest.json").write_text("{}", encoding="utf-8")
        os.symlink(".generations/000001", out / "current")
    for args in (["run", str(SEEDS)], ["claims"], ["diff", str(out), str(out)]):
        result = CliRunner().invoke(main, [*args, "--out", str(out)] if args[0] != "diff" else args)
        assert (result.exit_code, result.stderr) == (1, (
            f"Error: {out}/ holds tables in an older layout (one file per table, manifest.json); "
            "run into a new --out folder, or move the old one away\n")), args


def test_the_readme_reads_tables_as_it_says(seed_run: Path) -> None:
    """Every Python block of the README's notebook section runs on a real output folder."""
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## In a notebook")[1].split("\n## ")[0]
    blocks = [b.split("```")[0] for b in section.split("```python\n")[1:]]
    assert len(blocks) == 2
    pytest.importorskip("polars")
    pytest.importorskip("duckdb")
    for block in blocks:
        namespace: dict = {}
        exec(compile(block.replace("outputs/", f"{seed_run}/"), "README.md", "exec"), namespace)
        assert len(namespace["claims"]) > 0
