"""What changed between two output folders: claims and entities added, removed and changed.

Articles are paired by id (a hash of their text), or by file name when the text itself changed.
Within a pair, rows are matched by span first, then by surface and kind in text order (the
text shifted), then by overlapping span (the span grew or shrank); a matched pair whose
fields differ is "changed", with the fields named.
"""
from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from pipeline.tables import read_table, write_parquet_file

CLAIM_FIELDS = ("kind", "value", "value_high", "unit", "qualifier", "subject", "metric", "period",
                "period_year", "change", "is_target")
ENTITY_FIELDS = ("label", "canonical")
DIFF_SCHEMA = pa.schema([
    ("table", pa.string()), ("status", pa.string()), ("article", pa.string()), ("start", pa.int32()),
    ("end", pa.int32()), ("surface", pa.string()), ("kind", pa.string()), ("fields", pa.list_(pa.string())),
    ("old", pa.string()), ("new", pa.string()),
])


@dataclass(frozen=True)
class Change:
    """One row added, removed or changed; `fields` names what changed ("span" for the offsets)."""

    status: str
    article: str
    old: dict | None
    new: dict | None
    fields: tuple[str, ...] = ()

    @property
    def row(self) -> dict:
        return self.new if self.new is not None else self.old


@dataclass
class TableDiff:
    name: str
    n_old: int
    n_new: int
    changes: list[Change] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(c.status == status for c in self.changes)


def _same(a, b) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return (math.isnan(a) and math.isnan(b)) or a == b
    return a == b


def _pair_articles(old: list[dict], new: list[dict]) -> list[tuple[str | None, str | None, str]]:
    """(old id, new id, display name) for every article on either side: the same id, else the
    same path (the text changed), else the same file name where only one file has it."""
    source = {a["article_id"]: a["source"] for a in old + new}
    old_ids, new_ids = {a["article_id"] for a in old}, {a["article_id"] for a in new}
    pairs = [(aid, aid, source[aid]) for aid in sorted(old_ids & new_ids)]
    gone, came = sorted(old_ids - new_ids), sorted(new_ids - old_ids)
    for key in (lambda aid: source[aid], lambda aid: Path(source[aid]).name):
        counts = Counter(map(key, gone)), Counter(map(key, came))
        by_key = {key(aid): aid for aid in gone if counts[0][key(aid)] == 1}
        for aid in list(came):
            k = key(aid)
            if counts[1][k] == 1 and k in by_key:
                pairs.append((by_key[k], aid, source[aid]))
                gone.remove(by_key[k])
                came.remove(aid)
    pairs += [(aid, None, source[aid]) for aid in gone] + [(None, aid, source[aid]) for aid in came]
    return sorted(pairs, key=lambda p: (p[2], p[0] or "", p[1] or ""))


def _match(old: list[dict], new: list[dict], key_fields: tuple[str, ...]) -> tuple[list, list, list]:
    """Matched (old, new) pairs, then the unmatched old and new rows."""
    pairs = []
    rest_old, rest_new = list(old), list(new)
    for key in (("start", "end"), ("surface", key_fields[0])):
        index: dict[tuple, list[dict]] = {}
        for row in rest_new:
            index.setdefault(tuple(row[k] for k in key), []).append(row)
        unmatched = []
        for row in rest_old:
            bucket = index.get(tuple(row[k] for k in key))
            if bucket:
                pairs.append((row, bucket.pop(0)))
            else:
                unmatched.append(row)
        taken = {id(n) for _, n in pairs}
        rest_old, rest_new = unmatched, [r for r in rest_new if id(r) not in taken]
    for row in list(rest_old):
        overlap = next((n for n in rest_new if n["start"] < row["end"] and row["start"] < n["end"]), None)
        if overlap is not None:
            pairs.append((row, overlap))
            rest_old.remove(row)
            rest_new.remove(overlap)
    return pairs, rest_old, rest_new


def diff_table(name: str, old_rows: list[dict], new_rows: list[dict], articles: list[tuple],
               fields: tuple[str, ...]) -> TableDiff:
    """Changes in one table across paired articles."""
    result = TableDiff(name, len(old_rows), len(new_rows))
    by_old, by_new = {}, {}
    for row in old_rows:
        by_old.setdefault(row["article_id"], []).append(row)
    for row in new_rows:
        by_new.setdefault(row["article_id"], []).append(row)
    for old_id, new_id, article in articles:
        olds = sorted(by_old.get(old_id, []), key=lambda r: (r["start"], r["end"]))
        news = sorted(by_new.get(new_id, []), key=lambda r: (r["start"], r["end"]))
        pairs, removed, added = _match(olds, news, fields)
        for o, n in pairs:
            changed = tuple(f for f in fields if not _same(o.get(f), n.get(f)))
            moved_with_text = old_id != new_id and o["surface"] == n["surface"]
            if (o["start"], o["end"], o["surface"]) != (n["start"], n["end"], n["surface"]) and not moved_with_text:
                changed += ("span",)
            if changed:
                result.changes.append(Change("changed", article, o, n, changed))
        result.changes += [Change("removed", article, o, None) for o in removed]
        result.changes += [Change("added", article, None, n) for n in added]
    order = {"removed": 0, "added": 1, "changed": 2}
    result.changes.sort(key=lambda c: (c.article, c.row["start"], order[c.status]))
    return result


def diff_dirs(old_dir: Path, new_dir: Path) -> list[TableDiff]:
    """Claims and entities diffs between two output folders."""
    columns = ["article_id", "source"]
    articles = _pair_articles(read_table(old_dir, "articles", columns), read_table(new_dir, "articles", columns))
    return [diff_table(name, read_table(old_dir, name), read_table(new_dir, name), articles, fields)
            for name, fields in (("claims", CLAIM_FIELDS), ("entities", ENTITY_FIELDS))]


def _kind(row: dict) -> str:
    return row.get("kind") or row.get("label") or ""


def summary(diff: TableDiff) -> dict:
    """Counts of added/removed/changed, overall, per kind (or label) and per article."""
    by_kind: dict[str, Counter] = {}
    by_article: dict[str, Counter] = {}
    for c in diff.changes:
        by_kind.setdefault(_kind(c.row), Counter())[c.status] += 1
        by_article.setdefault(c.article, Counter())[c.status] += 1
    statuses = ("added", "removed", "changed")
    return {
        "old": diff.n_old, "new": diff.n_new, **{s: diff.count(s) for s in statuses},
        "by_kind": {k: {s: v[s] for s in statuses} for k, v in sorted(by_kind.items())},
        "by_article": {k: {s: v[s] for s in statuses} for k, v in sorted(by_article.items())},
    }


def _number(value: float) -> str:
    return f"{value:.15g}" if abs(value) < 1e15 else f"{value:.0f}"


def _value(row: dict) -> str:
    if "value" not in row:
        return f"-> {row['canonical']}"
    text = _number(row["value"])
    if row.get("value_high") is not None:
        text += f"-{_number(row['value_high'])}"
    return f"{text} {row.get('unit') or ''} {row.get('qualifier') or ''}".rstrip()


def render_text(diffs: list[TableDiff]) -> str:
    """A terminal view: totals, per kind, per article, then each change like a unified diff."""
    lines = []
    for d in diffs:
        s = summary(d)
        lines.append(f"{d.name}: {s['added']} added, {s['removed']} removed, {s['changed']} changed "
                     f"({s['old']} -> {s['new']} rows)")
        for heading, counts in (("by kind", s["by_kind"]), ("by article", s["by_article"])):
            if counts:
                lines.append(f"  {heading}:")
            for k, v in counts.items():
                lines.append(f"    {k:<28} +{v['added']} -{v['removed']} ~{v['changed']}")
    for d in diffs:
        article = None
        for c in d.changes:
            if c.article != article:
                article = c.article
                lines.append(f"\n{d.name} in {article}")
            row = c.row
            where = f"{row['start']}-{row['end']}"
            if c.status == "changed":
                what = "; ".join(f"{f}: {_field(c.old, f)} -> {_field(c.new, f)}" for f in c.fields)
                lines.append(f"  ~ {where:<11} {_kind(row):<16} {row['surface']!r}  {what}")
            else:
                sign = "+" if c.status == "added" else "-"
                lines.append(f"  {sign} {where:<11} {_kind(row):<16} {row['surface']!r}  {_value(row)}")
    return "\n".join(lines) + "\n"


def _field(row: dict, name: str) -> str:
    if name == "span":
        return f"{row['start']}-{row['end']} {row['surface']!r}"
    value = row.get(name)
    return _number(value) if isinstance(value, float) else repr(value)


def to_json(diffs: list[TableDiff]) -> dict:
    return {d.name: {"summary": summary(d), "changes": [
        {"status": c.status, "article": c.article, "fields": list(c.fields), "old": c.old, "new": c.new}
        for c in d.changes]} for d in diffs}


def render_markdown(diffs: list[TableDiff]) -> str:
    lines = []
    for d in diffs:
        s = summary(d)
        lines += [f"## {d.name}: {s['added']} added, {s['removed']} removed, {s['changed']} changed", "",
                  "| status | article | span | kind | surface | detail |", "|---|---|---|---|---|---|"]
        for c in d.changes:
            row = c.row
            detail = ("; ".join(f"{f}: {_field(c.old, f)} → {_field(c.new, f)}" for f in c.fields)
                      if c.status == "changed" else _value(row))
            surface = row["surface"].replace("\n", "\\n").replace("|", "\\|")
            lines.append(f"| {c.status} | {c.article} | {row['start']}-{row['end']} | {_kind(row)} | {surface} | "
                         f"{detail.replace('|', '/')} |")
        lines.append("")
    return "\n".join(lines)


def write_parquet(diffs: list[TableDiff], path: Path) -> None:
    """One row per change, old and new rows as JSON text, written atomically."""
    rows = [{"table": d.name, "status": c.status, "article": c.article, "start": c.row["start"],
             "end": c.row["end"], "surface": c.row["surface"], "kind": _kind(c.row), "fields": list(c.fields),
             "old": json.dumps(c.old, ensure_ascii=False, sort_keys=True) if c.old else None,
             "new": json.dumps(c.new, ensure_ascii=False, sort_keys=True) if c.new else None}
            for d in diffs for c in d.changes]
    table = pa.Table.from_pylist(rows, schema=DIFF_SCHEMA)
    write_parquet_file(path, table)
