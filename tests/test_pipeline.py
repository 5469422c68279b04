"""Stage-level tests: ingest, normalise, sentences, offsets, determinism, resuming."""
from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
import regex

from pipeline.errors import InputError, StageError
from pipeline.ingest import article_id, ingest, read_text
from pipeline.normalise import normalise
from pipeline.sentences import split_spans
from pipeline.runner import describe, run
from pipeline.stages import STAGE_NAMES, Context

from conftest import SEEDS, table_files

UNITS = ["万亩", "亩", "平方公里", "公斤", "家", "个", "亿元", "元"]


@pytest.mark.parametrize("raw, folded", [
    ("380\n万亩", "380万亩"),
    ("52平\n方公里", "52平方公里"),
    ("806 . 2公斤", "806.2公斤"),
    ("43 . 3%", "43.3%"),
    ("390多\n\n万家", "390多万家"),
    ("70\n多家", "70多家"),
    ("共70\n个", "共70个"),
    ("人数达1342万\n\n个人信息", "人数达1342万\n\n个人信息"),  # a blank line before a measure word ends the figure
    ("１２３个", "123个"),
    ("４５．６％", "45.6%"),
    ("全文共一段文字在此换行的长句子还没有结束\n继续", "全文共一段文字在此换行的长句子还没有结束继续"),
    ("只争朝夕\n\n发展数字经济", "只争朝夕\n\n发展数字经济"),
    ("增长5%。\n下一句", "增长5%。\n下一句"),
    ("短标题\n正文", "短标题\n正文"),
    ("2019\n\n2020", "2019\n\n2020"),
    ("分别为120 150亿元", "分别为120 150亿元"),
    ("总额达12\n345亿元", "总额达12345亿元"),
    ("青岛　市", "青岛 市"),
])
def test_normalise_folds_and_joins(raw: str, folded: str) -> None:
    assert normalise(raw, UNITS).text == folded


@pytest.mark.parametrize("raw", ["380\n万亩", "52平\n方公里", "806 . 2公斤", "390多\n\n万家", "a１b\r\nc"])
def test_normalise_offsets_point_into_raw(raw: str) -> None:
    norm = normalise(raw, UNITS)
    assert len(norm.to_raw) == len(norm.text) + 1
    for i, ch in enumerate(norm.text):
        assert raw[norm.to_raw[i]] in (ch, chr(ord(ch) + 0xFEE0), "\u3000")
    assert norm.raw_span(0, len(norm.text)) == (0, len(raw.rstrip()))


@pytest.mark.parametrize("text, expected", [
    ("出口增长13.1%。进口下降2.5%！", ["出口增长13.1%。", "进口下降2.5%!"]),
    ("他说：“增长很快。”随后离开", ["他说:“增长很快。”", "随后离开"]),
    ("标题\n\n第一段；第二句", ["标题", "第一段;", "第二句"]),
    ("亩产达到806 . 2公斤。", ["亩产达到806.2公斤。"]),
])
def test_sentences_split_on_enders_and_paragraphs(text: str, expected: list[str]) -> None:
    """Spans of the normalised view (where ！ and ： are already folded to ASCII)."""
    norm = normalise(text, UNITS)
    assert [norm.text[s:e] for s, e in split_spans(norm)] == expected


def test_ingest_keeps_text_exactly_and_falls_back_to_gb18030(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes("\ufeff标题\r\n正文1,234元".encode("utf-8"))
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_bytes("旧报纸　增长１２％".encode("gb18030"))
    records = ingest([tmp_path])
    assert [Path(r["source"]).name for r in records] == ["a.txt", "b.txt"]
    assert records[0]["text"] == "标题\r\n正文1,234元" and records[0]["encoding"] == "utf-8"
    assert records[0]["title"] == "标题"
    assert records[1]["encoding"] == "gb18030" and records[1]["text"] == "旧报纸　增长１２％"


def test_ingest_reads_utf16_and_any_case_and_skips_hidden_files(tmp_path: Path) -> None:
    (tmp_path / "A.TXT").write_bytes("标题\n增长5%".encode("utf-16"))
    (tmp_path / "._A.TXT").write_bytes(b"\x00\x05\x16\x07Mac OS X")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "notes.txt").write_text("不是新闻", encoding="utf-8")
    records = ingest([tmp_path])
    assert [(Path(r["source"]).name, r["encoding"], r["text"]) for r in records] == [("A.TXT", "utf-16", "标题\n增长5%")]


def test_article_id_follows_content_not_path(tmp_path: Path) -> None:
    text = read_text(SEEDS / "000_b870ae0746033d6c.txt")[0]
    moved = tmp_path / "elsewhere.txt"
    shutil.copy(SEEDS / "000_b870ae0746033d6c.txt", moved)
    assert ingest([moved])[0]["article_id"] == article_id(text)


@pytest.mark.parametrize("setup, message", [
    (lambda d: d / "missing.txt", "missing.txt: no such file or folder"),
    (lambda d: (d / "empty").mkdir() or d / "empty", "empty: folder holds no *.txt files"),
    (lambda d: (d / "blank.txt").write_text("  \n") and d / "blank.txt", "blank.txt: file is empty"),
    (lambda d: (d / "bad.txt").write_bytes(b"PK\x03\x04\x00\x00binary") and d / "bad.txt", "bad.txt: binary file"),
    (lambda d: (d / "latin.txt").write_bytes(b"\x81\x20\x81\x20") and d / "latin.txt", "latin.txt: not decodable"),
])
def test_bad_input_is_named_in_the_error(tmp_path: Path, setup, message: str) -> None:
    path = setup(tmp_path)
    with pytest.raises(InputError, match=regex.escape(message)):
        ingest([path])
    with pytest.raises(InputError) as info:
        ingest([path])
    assert str(info.value).startswith(str(path))


def test_every_span_points_into_the_raw_text(seed_run: Path) -> None:
    articles = pd.read_parquet(seed_run / "articles").set_index("article_id")["text"]
    for name in ("claims", "sentences", "tokens", "entities"):
        table = pd.read_parquet(seed_run / name)
        column = "text" if name in ("sentences", "tokens") else "surface"
        assert len(table) > 0, name
        for row in table.itertuples():
            assert articles[row.article_id][row.start:row.end] == getattr(row, column), (name, row)


def test_claims_have_spec_kinds_and_values(seed_run: Path) -> None:
    claims = pd.read_parquet(seed_run / "claims")
    assert set(claims["kind"]) <= {"money", "percent", "percentage_point", "count", "quantity",
                                   "duration", "multiple", "rank"}
    assert set(claims["qualifier"]) <= {"exact", "approx", "nearly", "over", "under", "range"}
    assert claims["value"].notna().all() and claims["claim_id"].is_unique
    assert str(claims["value"].dtype) == "float64"


def test_two_runs_give_byte_identical_tables(seed_run: Path, tmp_path: Path, config) -> None:
    run(tmp_path, Context(config=config, paths=[SEEDS]))
    assert table_files(tmp_path) == table_files(seed_run)


def test_resuming_from_claims_rebuilds_the_same_claims(seed_run: Path, tmp_path: Path, config) -> None:
    out = tmp_path / "out"
    shutil.copytree(seed_run, out, symlinks=True)
    run(out, Context(config=config), first="claims")
    assert (out / "current").resolve() != (seed_run / "current").resolve()
    assert table_files(out) == table_files(seed_run)


def test_a_stage_alone_needs_the_earlier_tables(tmp_path: Path, config) -> None:
    with pytest.raises(StageError, match="table 'articles' not found"):
        run(tmp_path, Context(config=config), first="claims", last="claims")


def test_a_failed_run_writes_nothing(tmp_path: Path, config) -> None:
    (tmp_path / "ok.txt").write_text("增长5%。", encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01")
    with pytest.raises(InputError):
        run(tmp_path / "out", Context(config=config, paths=[tmp_path]))
    assert not (tmp_path / "out").exists()


def test_manifest_records_inputs_configs_and_counts(seed_run: Path) -> None:
    manifest = describe(seed_run)
    assert manifest["stages_run"] == list(STAGE_NAMES)
    assert manifest["rows"]["claims"] == len(pd.read_parquet(seed_run / "claims"))
    assert len(manifest["config_digest"]) == 64
    parts = pd.read_parquet(seed_run / "manifest.parquet")
    assert set(parts["table"]) == {"inputs", "articles", "normalised", "sentences", "tokens", "tags", "entities", "claims"}
    assert (parts["sha256"].str.len() == 64).all() and (parts.loc[parts["table"] == "articles", "rows"] == 5).all()


def test_worker_processes_give_the_same_tables(seed_run: Path, tmp_path: Path, config,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    import pipeline.parallel as parallel
    import pipeline.partition as partition
    import pipeline.runner as runner

    if not parallel.can_fork():
        pytest.skip("worker processes are used on Linux only")
    monkeypatch.setattr(parallel, "MIN_CHARS_PER_JOB", 1000)
    monkeypatch.setattr(partition, "PART_CHARS", 4000)
    used = []
    monkeypatch.setattr(runner, "map_in_workers", lambda *a: used.append(a[2]) or parallel.map_in_workers(*a))
    run(tmp_path / "one", Context(config=config, paths=[SEEDS]), jobs=1)
    run(tmp_path / "two", Context(config=config, paths=[SEEDS]), jobs=2)
    assert used == [2] and len(list((tmp_path / "two" / "claims").iterdir())) > 2
    assert table_files(tmp_path / "two") == table_files(tmp_path / "one")


def test_one_part_is_cut_into_pieces_for_the_workers(seed_run: Path, tmp_path: Path, config,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import pipeline.parallel as parallel
    import pipeline.runner as runner

    if not parallel.can_fork():
        pytest.skip("worker processes are used on Linux only")
    monkeypatch.setattr(parallel, "MIN_CHARS_PER_JOB", 1000)
    pieces = []
    monkeypatch.setattr(runner, "map_in_workers", lambda *a: pieces.append(a[1]) or parallel.map_in_workers(*a))
    run(tmp_path / "two", Context(config=config, paths=[SEEDS]), jobs=2)
    assert [len(p) for p in pieces] == [2] and all(p.new for p in pieces[0])
    assert len({i.article_id for p in pieces[0] for i in p.new}) == len(list(SEEDS.glob("*.txt")))
    assert [f.name for f in (tmp_path / "two" / "claims").iterdir()] == ["part-all.parquet"]
    assert table_files(tmp_path / "two") == table_files(seed_run)
