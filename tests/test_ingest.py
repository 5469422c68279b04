"""Reading inputs: odd file names, unreadable inputs named (never skipped silently), line ends."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from pipeline.errors import InputError
from pipeline.ingest import Problem, find_inputs, ingest, title_of
from pipeline.normalise import normalise
from pipeline.sentences import split_spans

ODD = os.fsdecode(b"caf\xe9 \xff.txt")  # Latin-1 bytes: not UTF-8, kept by Python as surrogate escapes


def _write(path: Path, text: str = "标题\n\n增长5%。\n") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_file_name_that_is_not_utf8_is_read_and_shown_safely(tmp_path: Path) -> None:
    _write(tmp_path / ODD)
    [record] = ingest([tmp_path])
    assert record["source"] == f"{tmp_path}/caf\\xe9 \\xff.txt"
    record["source"].encode("utf-8")  # storable and printable


@pytest.mark.parametrize("make, reason", [
    (lambda d: os.symlink(d / "gone.txt", d / "news" / "dangling.txt"), "dangling.txt: broken symbolic link"),
    (lambda d: os.symlink(d / "news" / "loop.txt", d / "news" / "loop.txt"), "loop.txt: symbolic link loop"),
    (lambda d: os.symlink(d / "news", d / "news" / "again"),
     "again: symbolic link loop (leads back to a folder that holds it)"),
])
def test_links_that_lead_nowhere_are_problems_not_silence(tmp_path: Path, make, reason: str) -> None:
    _write(tmp_path / "news" / "a.txt")
    make(tmp_path)
    problems: list[Problem] = []
    assert [p.name for p in find_inputs([tmp_path / "news"], problems)] == ["a.txt"]
    assert [str(p) for p in problems] == [f"{tmp_path}/news/{reason}"]
    with pytest.raises(InputError, match=reason.replace("(", r"\(").replace(")", r"\)")):
        find_inputs([tmp_path / "news"])


def test_a_folder_that_cannot_be_listed_is_a_problem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Root may list any folder, so the refusal is simulated here; tests/test_output.py meets a
    real one as an unprivileged user."""
    _write(tmp_path / "news" / "a.txt")
    _write(tmp_path / "news" / "locked" / "b.txt")
    scandir = os.scandir

    def refusing(path):
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refusing)
    problems: list[Problem] = []
    assert [p.name for p in find_inputs([tmp_path / "news"], problems)] == ["a.txt"]
    assert [str(p) for p in problems] == [f"{tmp_path}/news/locked: cannot list folder (Permission denied)"]


def test_unreadable_files_are_collected_with_their_reason(tmp_path: Path) -> None:
    _write(tmp_path / "a.txt")
    (tmp_path / "b.txt").write_bytes(b"\x00\x01")
    (tmp_path / "c.txt").write_text(" \n", encoding="utf-8")
    problems: list[Problem] = []
    assert [Path(r["source"]).name for r in ingest([tmp_path], problems)] == ["a.txt"]
    assert [str(p) for p in problems] == [f"{tmp_path}/b.txt: binary file (NUL bytes), not text",
                                          f"{tmp_path}/c.txt: file is empty"]


@pytest.mark.parametrize("text", ["标题\r正文第一句增长5%。\r第二段数据100亿元", "标题\r\n正文第一句增长5%。\r\n第二段数据100亿元",
                                  "标题\n正文第一句增长5%。\n第二段数据100亿元"])
def test_every_line_end_breaks_a_line(text: str) -> None:
    norm = normalise(text, ["亿元"])
    assert [norm.text[s:e] for s, e in split_spans(norm)] == ["标题", "正文第一句增长5%。", "第二段数据100亿元"]
    assert title_of(text) == "标题"


@pytest.mark.parametrize(("raw", "joined"), [
    # a column wrap: the next line is no wider, the line runs on
    ("青岛是山东省内最早在粮食作物上试验应用滴灌水\n肥一体化技术的地区，通过技术集成和大面积试验", True),
    # a headline ending mid-sentence over a body line far wider: it ended on its own
    ("财政20亿元支持特困地区高中改造\n中央财政近日下达2012年“普通高中改造计划”补助资金20亿元，主要用于支持中西部地区。", False),
    ("7月份全国财政收入同比增长8.2%\n7月份，全国财政收入10672亿元，比去年同月增长8.2%，其中中央财政收入增长较快。", False),
])
def test_a_line_break_joins_a_column_wrap_not_a_headline(raw: str, joined: bool) -> None:
    assert ("\n" not in normalise(raw).text) is joined
