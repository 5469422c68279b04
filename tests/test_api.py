"""The Python API: `extract` gives what `pipeline run` writes, from texts, writing nothing."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from pipeline import extract
from pipeline.errors import ConfigError, InputError

from conftest import SEEDS


@pytest.fixture(scope="module")
def seed_tables() -> dict[str, pd.DataFrame]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    return extract(texts)


@pytest.mark.parametrize("name", ["claims", "entities", "sentences", "tokens"])
def test_extract_gives_exactly_the_tables_run_writes(seed_tables, seed_run: Path, name: str) -> None:
    written = pd.read_parquet(seed_run / name)
    assert len(written) > 0
    pd.testing.assert_frame_equal(seed_tables[name], written)


def test_articles_name_each_text_by_its_place(seed_tables, seed_run: Path) -> None:
    written = pd.read_parquet(seed_run / "articles")
    pd.testing.assert_frame_equal(seed_tables["articles"].drop(columns="source"), written.drop(columns="source"))
    assert sorted(seed_tables["articles"]["source"]) == [f"text[{i}]" for i in range(5)]


def test_one_text_writes_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    tables = extract("青岛市前11个月出口3425.9亿元，同比增长13.1%。")
    assert list(tables) == ["articles", "sentences", "tokens", "entities", "claims"]
    claims = tables["claims"]
    assert list(zip(claims["surface"], claims["kind"], claims["value"])) == [
        ("3425.9亿元", "money", 342590000000.0), ("13.1%", "percent", 13.1)]
    assert (claims["subject"] == "青岛市").all()
    text = tables["articles"]["text"].iloc[0]
    assert all(text[s:e] == surface for s, e, surface in zip(claims["start"], claims["end"], claims["surface"]))
    assert list(tmp_path.iterdir()) == []


def test_a_repeated_text_is_one_article() -> None:
    tables = extract(["出口3亿元。", "\ufeff出口3亿元。"])
    assert len(tables["articles"]) == 1 and len(tables["claims"]) == 1


@pytest.mark.parametrize("texts, message", [
    ("", "text[0]: empty text"),
    (["出口3亿元。", "  \n"], "text[1]: empty text"),
    (["出口3亿元。", b"bytes"], "text[1]: not a str but bytes (decode it first)"),
    ([3], "text[0]: not a str but int"),
    (b"bytes", "extract() takes a str or a list of str, not bytes"),
    (None, "extract() takes a str or a list of str, not NoneType"),
    ([], "extract() was given no texts"),
    (["a\x00b"], "text[0]: holds NUL characters, not text"),
])
def test_invalid_input_raises_the_pipelines_error(texts, message: str) -> None:
    with pytest.raises(InputError) as info:
        extract(texts)
    assert str(info.value) == message


def test_invalid_configs_raise_the_pipelines_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="config folder not found"):
        extract("出口3亿元。", configs=tmp_path / "none")
