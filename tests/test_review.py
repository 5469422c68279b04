"""`pipeline review`: the page marks every claim once, at its exact text, and says what it left out."""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.diff import diff_dirs
from pipeline.markup import format_value, mark_text
from pipeline.review import DEFAULT_LIMIT
from pipeline.tables import finish, to_table, write_table



class Page(HTMLParser):
    """What a test reads off the page: each claim's marked text (its pieces joined), the
    anchors' ids, the subject mentions, the claims' data, the table rows and the notes."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.marked: dict[str, str] = {}
        self.anchors: list[dict] = []
        self.subjects: list[str] = []
        self.rows: list[dict] = []
        self.notes: list[str] = []
        self._open: list[tuple[str, dict]] = []
        self._data = ""
        self.feed(html)
        self.claims = json.loads(self._data)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        self._open.append((tag, a))
        classes = (a.get("class") or "").split()
        if tag == "mark" and "claim" in classes:
            self.anchors.append(a)
        if tag == "span" and "subj" in classes and "data-entity" in a:
            self.subjects.append(a["data-entity"])
        if tag == "tr" and "data-claim-row" in a:
            self.rows.append(a)

    def handle_endtag(self, tag: str) -> None:
        while self._open and self._open.pop()[0] != tag:
            pass

    def handle_data(self, data: str) -> None:
        for tag, a in self._open:
            if tag == "mark":
                self.marked[a["data-claim"]] = self.marked.get(a["data-claim"], "") + data
        if self._open and self._open[-1][1].get("id") == "claims-data":
            self._data += data
        if self._open and "note" in (self._open[-1][1].get("class") or ""):
            self.notes.append(data)


def _review(out: Path, html: Path, *args: str) -> tuple[Page, str]:
    result = CliRunner().invoke(main, ["review", str(out), "--html", str(html), *args])
    assert result.exit_code == 0, result.output
    return Page(html.read_text(encoding="utf-8")), result.stdout


def test_every_claim_is_marked_once_at_its_surface(seed_run: Path, tmp_path: Path) -> None:
    page, stdout = _review(seed_run, tmp_path / "review.html")
    claims = pd.read_parquet(seed_run / "claims")
    assert len(page.anchors) == len(claims) == len(page.rows) == len(page.claims)
    assert {a["data-claim"] for a in page.anchors} == set(claims["claim_id"])
    assert page.marked == dict(zip(claims["claim_id"], claims["surface"]))
    subjects = set(claims["subject_entity_id"].dropna())
    assert subjects and set(page.subjects) == subjects
    kinds = ", ".join(f"{k} {n}" for k, n in claims["kind"].value_counts().sort_index().items())
    assert stdout.splitlines()[0] == f"Wrote {tmp_path / 'review.html'}: 5 article(s), {len(claims)} claim(s)"
    assert sorted(stdout.splitlines()[1].removeprefix("  claims by kind: ").split(", ")) == sorted(kinds.split(", "))


def test_hover_details_carry_every_field(seed_run: Path, tmp_path: Path) -> None:
    page, _ = _review(seed_run, tmp_path / "review.html")
    claims = pd.read_parquet(seed_run / "claims").set_index("claim_id")
    for cid, tip in page.claims.items():
        row = claims.loc[cid]
        assert (tip["surface"], tip["kind"], tip["pattern_id"], tip["subject"]) == (
            row["surface"], row["kind"], row["pattern_id"], row["subject"])
        assert tip["value"] == format_value(row["value"], None if pd.isna(row["value_high"]) else row["value_high"], row["unit"])
        assert tip["target"] == ("yes" if row["is_target"] else "no")


def test_the_page_needs_no_network(seed_run: Path, tmp_path: Path) -> None:
    _review(seed_run, tmp_path / "review.html")
    html = (tmp_path / "review.html").read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//|@import|url\(|@font-face""", html)
    assert "Noto Sans CJK SC" in html


@pytest.mark.parametrize("where, keep", [
    ('kind == "money"', lambda c: c["kind"] == "money"),
    ("kind in ['percent', 'percentage_point'] and value > 10", lambda c: c["kind"].isin(["percent", "percentage_point"]) & (c["value"] > 10)),
    ("subject.str.contains('青岛')", lambda c: c["subject"].str.contains("青岛", na=False)),
])
def test_where_picks_claims(seed_run: Path, tmp_path: Path, where: str, keep) -> None:
    page, stdout = _review(seed_run, tmp_path / "review.html", "--where", where)
    claims = pd.read_parquet(seed_run / "claims")
    picked = claims[keep(claims)]
    assert 0 < len(picked) < len(claims)
    assert {a["data-claim"] for a in page.anchors} == set(picked["claim_id"])
    assert f"  Claims where {where}: {len(picked)} of {len(claims)}." in stdout.splitlines()


@pytest.mark.parametrize("where, message", [
    ("__import__('os').system('true')", ".system is not allowed"),
    ("value.__class__ == 1", ".__class__ is not allowed"),
    ("price > 3", "no column 'price'"),
    ("value", "not a condition"),
    ("kind = 'money'", "not an expression"),
])
def test_a_bad_where_is_one_line(seed_run: Path, tmp_path: Path, where: str, message: str) -> None:
    result = CliRunner().invoke(main, ["review", str(seed_run), "--html", str(tmp_path / "r.html"), "--where", where])
    assert result.exit_code == 1 and not (tmp_path / "r.html").exists()
    assert result.stderr.startswith(f"Error: --where {where!r}: ") and message in result.stderr
    assert result.stderr.count("\n") == 1


def test_a_missing_output_folder_is_named(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["review", str(tmp_path / "none"), "--html", str(tmp_path / "r.html")])
    assert (result.exit_code, result.stderr) == (
        1, f"Error: {tmp_path / 'none'}/articles: table 'articles' not found; run the earlier stages first\n")


def _many_articles(out: Path, n: int) -> Path:
    """An output of n one-claim articles, written straight as tables."""
    text = "全市新增企业12家。"
    articles, claims = [], []
    for i in range(n):
        aid = f"{i:016x}"
        articles.append({"article_id": aid, "source": f"news/{i:04d}.txt", "title": text, "text": text,
                         "n_chars": len(text), "encoding": "utf-8", "sha256": aid})
        claims.append({"claim_id": f"c{aid}", "article_id": aid, "sentence_id": 0, "start": 6, "end": 9,
                       "surface": "12家", "kind": "count", "value": 12.0, "unit": "家", "qualifier": "exact",
                       "is_target": False, "pattern_id": "count.measure"})
    for name, rows in (("articles", articles), ("claims", claims), ("entities", [])):
        write_table(out, name, finish(name, [to_table(name, rows)]))
    return out


@pytest.mark.parametrize("args, shown, note", [
    ((), DEFAULT_LIMIT, f"Showing the first {DEFAULT_LIMIT} of 230 articles by file path (a large output shows its "
                        f"first {DEFAULT_LIMIT} by default); use --limit N or --where EXPR to choose others."),
    (("--limit", "7"), 7, "Showing the first 7 of 230 articles by file path (--limit 7); use --limit N or --where "
                          "EXPR to choose others."),
    (("--limit", "500"), 230, None),
])
def test_a_large_output_shows_its_first_articles_and_says_so(tmp_path: Path, args, shown: int, note) -> None:
    out = _many_articles(tmp_path / "out", 230)
    page, stdout = _review(out, tmp_path / "review.html", *args)
    assert len(page.anchors) == shown
    assert page.rows[0]["data-claim-row"] == "c" + f"{0:016x}"
    assert page.notes == ([note] if note else [])
    assert (f"  {note}" in stdout.splitlines()) if note else ("Showing" not in stdout)


def test_the_same_output_gives_the_same_page(seed_run: Path, tmp_path: Path) -> None:
    _review(seed_run, tmp_path / "a.html")
    _review(seed_run, tmp_path / "b.html")
    assert (tmp_path / "a.html").read_bytes() == (tmp_path / "b.html").read_bytes()


def _run(texts: dict[str, str], folder: Path, out: Path) -> Path:
    folder.mkdir()
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    assert CliRunner().invoke(main, ["run", str(folder), "--out", str(out)]).exit_code == 0
    return out


def test_a_diff_review_marks_added_removed_and_changed(tmp_path: Path) -> None:
    old = _run({"a.txt": "青岛市前11个月出口3425.9亿元，同比增长13.1%。\n全市新增企业12家。",
                "b.txt": "烟台市去年接待游客8000万人次。"}, tmp_path / "v1", tmp_path / "old")
    new = _run({"a.txt": "青岛市前11个月出口近3425.9亿元，同比增长13.1%。\n全市新增企业12家，新增项目5个。",
                "c.txt": "威海市去年引进项目30个。"}, tmp_path / "v2", tmp_path / "new")
    claims_diff = diff_dirs(old, new)[0]
    page, stdout = _review(new, tmp_path / "review.html", "--diff", str(old))
    statuses = {s: [c for c in claims_diff.changes if c.status == s] for s in ("added", "removed", "changed")}
    assert all(statuses.values())
    marked = {s: [a["data-claim"] for a in page.anchors if s in a["class"].split()] for s in ("added", "changed")}
    assert sorted(marked["added"]) == sorted(c.new["claim_id"] for c in statuses["added"])
    assert sorted(marked["changed"]) == sorted(c.new["claim_id"] for c in statuses["changed"])
    removed = [cid for cid, tip in page.claims.items() if tip["status"] == "removed"]
    assert sorted(removed) == sorted(f"old-{c.old['claim_id']}" for c in statuses["removed"])
    changed = page.claims[statuses["changed"][0].new["claim_id"]]
    assert [f for f, _, _ in changed["changes"]] == list(statuses["changed"][0].fields)
    assert ["qualifier", "exact", "nearly"] in changed["changes"]
    assert "  changes: {} added, {} removed, {} changed".format(*(len(statuses[s]) for s in ("added", "removed", "changed"))) in stdout


def test_a_rules_change_shows_in_the_review(tmp_path: Path, seed_run: Path, approx_run: Path) -> None:
    new = approx_run
    page, _ = _review(new, tmp_path / "review.html", "--diff", str(seed_run), "--where", "qualifier == 'approx'")
    changed = [a["data-claim"] for a in page.anchors if "changed" in a["class"].split()]
    expected = [c.new["claim_id"] for c in diff_dirs(seed_run, new)[0].changes]
    assert changed and sorted(changed) == sorted(expected)
    assert all(page.claims[cid]["changes"] == [["qualifier", "nearly", "approx"]] for cid in changed)


def _anchor(cid: str, kind: str, start: int, end: int) -> dict:
    return {"anchor": cid, "kind": kind, "start": start, "end": end}


@pytest.mark.parametrize("text, claims, subjects, html", [
    ("出口3亿元", [_anchor("a", "money", 2, 5)], [], '出口<mark class="claim k-money" data-claim="a" id="c-a" tabindex="0">3亿元</mark>'),
    ("a<b>&c", [_anchor("x", "count", 1, 4)], [], 'a<mark class="claim k-count" data-claim="x" id="c-x" tabindex="0">&lt;b&gt;</mark>&amp;c'),
    ("12345", [_anchor("o", "count", 0, 5), _anchor("i", "rank", 1, 3)], [],
     '<mark class="claim k-count" data-claim="o" id="c-o" tabindex="0">1</mark>'
     '<mark class="claim-part k-count" data-claim="o"><mark class="claim k-rank" data-claim="i" id="c-i" tabindex="0">23</mark></mark>'
     '<mark class="claim-part k-count" data-claim="o">45</mark>'),
    ("12345", [_anchor("p", "count", 0, 3), _anchor("q", "percent", 2, 5)], [],
     '<mark class="claim k-count" data-claim="p" id="c-p" tabindex="0">12</mark>'
     '<mark class="claim-part k-count" data-claim="p"><mark class="claim k-percent" data-claim="q" id="c-q" tabindex="0">3</mark></mark>'
     '<mark class="claim-part k-percent" data-claim="q">45</mark>'),
    ("青岛5家", [_anchor("c", "odd kind", 2, 4)], [{"entity_id": "e1", "start": 0, "end": 2}],
     '<span class="subj" data-entity="e1">青岛</span><mark class="claim k-other" data-claim="c" id="c-c" tabindex="0">5家</mark>'),
])
def test_mark_text_gives_one_anchor_per_claim(text: str, claims: list[dict], subjects: list[dict], html: str) -> None:
    assert str(mark_text(text, claims, subjects, {})) == html


@pytest.mark.parametrize("value, high, unit, text", [
    (873959000000.0, None, "CNY", "873,959,000,000 CNY (8,739.59亿)"),
    (13.1, None, "%", "13.1%"),
    (4.0, 5.0, "分钟", "4–5 分钟"),
    (2300000.0, None, "人", "2,300,000 人 (230万)"),
    (10000000.0, 100000000.0, "CNY", "10,000,000–100,000,000 CNY (1,000万–1亿)"),
    (-3.2, None, "%", "-3.2%"),
    (5.4, None, "pp", "5.4 pp"),
])
def test_values_read_as_written(value: float, high, unit: str, text: str) -> None:
    assert format_value(value, high, unit) == text
