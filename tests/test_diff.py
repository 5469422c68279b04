"""`pipeline diff`: matching, summaries and every output format, pinned by golden files."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.tables import finish, to_table, write_table

from conftest import ROOT

GOLDEN = ROOT / "tests" / "golden"


def _article(aid: str, source: str) -> dict:
    return {"article_id": aid, "source": source, "title": "t", "text": "x", "n_chars": 1,
            "encoding": "utf-8", "sha256": aid * 4}


def _claim(aid: str, start: int, surface: str, kind: str, value: float, **extra) -> dict:
    row = {"claim_id": f"{aid}{start}", "article_id": aid, "sentence_id": 0, "start": start,
           "end": start + len(surface), "surface": surface, "kind": kind, "value": value, "unit": "个",
           "qualifier": "exact", "subject": "青岛", "metric": "企业", "is_target": False, "pattern_id": "p"}
    row.update(extra)
    return row


def _entity(aid: str, start: int, surface: str, canonical: str) -> dict:
    return {"article_id": aid, "entity_id": canonical, "start": start, "end": start + len(surface),
            "surface": surface, "label": "place", "canonical": canonical}


def _write(out: Path, articles: list[dict], claims: list[dict], entities: list[dict]) -> Path:
    for name, rows in (("articles", articles), ("claims", claims), ("entities", entities)):
        write_table(out, name, finish(name, [to_table(name, rows)]))
    return out


@pytest.fixture()
def before_after(tmp_path: Path) -> tuple[Path, Path]:
    old = _write(tmp_path / "old",
                 [_article("a1", "news/a.txt"), _article("b1", "news/b.txt"), _article("c1", "news/c.txt")],
                 [_claim("a1", 10, "3个", "count", 3), _claim("a1", 20, "5家", "count", 5, unit="家"),
                  _claim("a1", 30, "7%", "percent", 7, unit="%"), _claim("a1", 40, "8万人", "count", 80000),
                  _claim("b1", 5, "2.5%", "percent", 2.5, unit="%"), _claim("b1", 50, "9亿元", "money", 9e8, unit="CNY"),
                  _claim("c1", 1, "1个", "count", 1)],
                 [_entity("a1", 0, "青岛市", "青岛"), _entity("b1", 0, "烟台", "烟台")])
    new = _write(tmp_path / "new",
                 [_article("a1", "news/a.txt"), _article("b2", "news/b.txt"), _article("d1", "news/d.txt")],
                 [_claim("a1", 10, "3个", "count", 3), _claim("a1", 20, "5家", "count", 6, unit="家"),
                  _claim("a1", 38, "近8万人", "count", 80000, qualifier="nearly"), _claim("a1", 60, "两次", "count", 2, unit="次"),
                  _claim("b2", 8, "2.5%", "percent", 2.5, unit="%"), _claim("b2", 53, "9亿元", "money", 9e8, unit="CNY", qualifier="over"),
                  _claim("d1", 2, "4倍", "multiple", 4, unit="倍")],
                 [_entity("a1", 0, "青岛市", "青岛市"), _entity("b2", 3, "烟台", "烟台")])
    return old, new


@pytest.mark.parametrize("fmt, golden", [("text", "diff.txt"), ("markdown", "diff.md")])
def test_diff_output_is_pinned(before_after, fmt: str, golden: str, update_golden: bool) -> None:
    old, new = before_after
    result = CliRunner().invoke(main, ["diff", str(old), str(new), "--format", fmt])
    assert result.exit_code == 0, result.output
    if update_golden:
        (GOLDEN / golden).write_text(result.stdout, encoding="utf-8")
    assert result.stdout == (GOLDEN / golden).read_text(encoding="utf-8")


def test_diff_json_names_the_changed_fields(before_after) -> None:
    old, new = before_after
    result = CliRunner().invoke(main, ["diff", str(old), str(new), "--format", "json"])
    data = json.loads(result.stdout)
    claims = data["claims"]
    assert {k: claims["summary"][k] for k in ("added", "removed", "changed")} == {"added": 2, "removed": 2, "changed": 3}
    changed = {c["new"]["surface"]: c["fields"] for c in claims["changes"] if c["status"] == "changed"}
    assert changed == {"5家": ["value"], "近8万人": ["qualifier", "span"], "9亿元": ["qualifier"]}
    assert data["entities"]["summary"]["changed"] == 1


def test_diff_parquet_and_exit_code(before_after, tmp_path: Path) -> None:
    old, new = before_after
    target = tmp_path / "diff.parquet"
    result = CliRunner().invoke(main, ["diff", str(old), str(new), "--format", "parquet", "--output", str(target),
                                       "--exit-code"])
    assert result.exit_code == 1 and result.stdout == ""
    table = pd.read_parquet(target)
    assert sorted(table["status"]) == ["added", "added", "changed", "changed", "changed", "changed", "removed", "removed"]
    same = CliRunner().invoke(main, ["diff", str(old), str(old), "--exit-code"])
    assert same.exit_code == 0 and same.stdout.startswith("claims: 0 added, 0 removed, 0 changed (7 -> 7 rows)")


def test_parquet_format_needs_an_output_file(before_after) -> None:
    old, new = before_after
    result = CliRunner().invoke(main, ["diff", str(old), str(new), "--format", "parquet"])
    assert (result.exit_code, result.stderr) == (1, "Error: --format parquet needs --output FILE.parquet\n")


def test_a_pattern_change_shows_in_the_diff(seed_run: Path, approx_run: Path) -> None:
    new = approx_run
    result = CliRunner().invoke(main, ["diff", str(seed_run), str(new), "--exit-code", "--format", "json"])
    assert result.exit_code == 1
    changes = json.loads(result.stdout)["claims"]["changes"]
    assert changes and all(c["status"] == "changed" and c["fields"] == ["qualifier"] for c in changes)
    assert {(c["old"]["qualifier"], c["new"]["qualifier"]) for c in changes} == {("nearly", "approx")}


def test_files_with_the_same_name_in_two_folders_stay_apart(tmp_path: Path) -> None:
    articles = [_article("x1", "a/index.txt"), _article("y1", "b/index.txt")]
    claims = [_claim("x1", 1, "3个", "count", 3), _claim("y1", 1, "4个", "count", 4)]
    old = _write(tmp_path / "old", articles, claims, [])
    new = _write(tmp_path / "new", [_article("x2", "a/index.txt"), _article("y1", "b/index.txt")],
                 [_claim("x2", 1, "3个", "count", 5), _claim("y1", 1, "4个", "count", 4)], [])
    data = json.loads(CliRunner().invoke(main, ["diff", str(old), str(new), "--format", "json"]).stdout)
    assert data["claims"]["summary"]["by_article"] == {"a/index.txt": {"added": 0, "removed": 0, "changed": 1}}
    assert [c["fields"] for c in data["claims"]["changes"]] == [["value"]]
