"""`pipeline review`: one static HTML page to check what a run extracted, claim by claim.

The page shows each article's text with every claim marked by kind and its subject marked
too, details on hover or focus, a sortable and filterable table of the claims, and per-kind
counts. With an older output folder it marks what a rules change added, removed and changed
(matched by pipeline/diff.py). Everything is inline: no network, no web font, no script from
elsewhere. The page layout lives in pipeline/templates/.
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from pipeline import __version__
from pipeline.diff import Change, diff_dirs
from pipeline.fonts import CJK_FONTS, css_font_stack
from pipeline.markup import KINDS, format_value, kind_class, mark_text, snippet
from pipeline.tables import read_frame, write_text
from pipeline.where import filter_claims

DEFAULT_LIMIT = 200
TIP_FIELDS = ("surface", "kind", "value", "qualifier", "subject", "subject_entity_id", "metric", "period", "change",
              "target", "pattern_id", "status", "changes")
TEMPLATES = Path(__file__).resolve().parent / "templates"


@dataclass
class Review:
    """What the page shows, ready for the template."""

    out_dir: str
    old_dir: str | None
    where: str | None
    notes: list[str]
    articles: list[dict]
    claims: list[dict]
    kinds: list[tuple[str, str, int]]
    diff_counts: dict[str, int] = field(default_factory=dict)


def _records(frame: pd.DataFrame) -> list[dict]:
    """Rows as plain Python values, missing ones as None."""
    return frame.astype(object).where(frame.notna(), None).to_dict("records")


def _by_article(rows: list[dict]) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = {}
    for row in rows:
        grouped.setdefault(row["article_id"], []).append(row)
    return grouped


def _shown(row: dict, name: str) -> str:
    """One field of a claim, for reading (the old and new side of a change)."""
    if name == "span":
        return f"{row['start']}–{row['end']} {row['surface']}"
    value = row.get(name)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "(none)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return format_value(value, None, None) if isinstance(value, float) else str(value)


def _view(row: dict, anchor: str, source: str, change: Change | None = None) -> dict:
    """A claim as the page shows it: the hover details and its row in the table."""
    return {
        "anchor": anchor, "article_id": row["article_id"], "source": source,
        "status": change.status if change else "", "kind": row["kind"], "kind_class": kind_class(row["kind"]),
        "start": row["start"], "end": row["end"], "surface": row["surface"],
        "value": format_value(row["value"], row["value_high"], row["unit"]), "value_sort": row["value"],
        "qualifier": row["qualifier"], "subject": row["subject"], "subject_entity_id": row["subject_entity_id"],
        "metric": row["metric"], "period": row["period"], "change": row["change"],
        "target": "yes" if row["is_target"] else "no", "pattern_id": row["pattern_id"],
        "changes": [[f, _shown(change.old, f), _shown(change.new, f)] for f in change.fields] if change else [],
    }


def _changes(old_dir: Path, out_dir: Path, where: str | None, picked: set[str]) -> tuple[dict[str, Change], list[Change]]:
    """The claims diff as (added or changed, by new claim_id) and the removed claims, kept where
    --where holds for the new row or the old one; a changed claim whose old row matches joins
    `picked`, so a change that moves a claim out of the filter still shows."""
    claims_diff = next(d for d in diff_dirs(old_dir, out_dir) if d.name == "claims")
    old_picked = None
    if where is not None:
        old_picked = set(filter_claims(read_frame(old_dir, "claims"), where)["claim_id"])
    current: dict[str, Change] = {}
    removed: list[Change] = []
    for change in claims_diff.changes:
        old_hit = old_picked is None or (change.old is not None and change.old["claim_id"] in old_picked)
        if change.status == "removed":
            if old_hit:
                removed.append(change)
            continue
        if change.status == "changed" and old_hit:
            picked.add(change.new["claim_id"])
        if change.new["claim_id"] in picked:
            current[change.new["claim_id"]] = change
    return current, removed


@dataclass
class _Picked:
    """What a review shows before the texts are read: the claims, the changes, the articles."""

    claims: pd.DataFrame
    current: dict[str, Change]
    removed_at: dict[str, list[Change]]
    order: list[tuple[str, str]]
    notes: list[str]


def _pick(out_dir: Path, limit: int | None, where: str | None, old_dir: Path | None) -> _Picked:
    """Articles in file-path order: all of them, or with old_dir those with a change, or with
    `where` those with a claim it picks; at most `limit`, DEFAULT_LIMIT when there are more
    and no limit. An article gone from out_dir (its removed claims) has the key `gone:<source>`."""
    index = read_frame(out_dir, "articles", ["article_id", "source"]).sort_values(["source", "article_id"])
    claims = read_frame(out_dir, "claims")
    chosen = filter_claims(claims, where) if where is not None else claims
    notes = [f"Claims where {where}: {len(chosen)} of {len(claims)}."] if where is not None else []
    current: dict[str, Change] = {}
    removed_at: dict[str, list[Change]] = {}
    if old_dir is not None:
        picked = set(chosen["claim_id"])
        current, removed = _changes(old_dir, out_dir, where, picked)
        if len(picked) > len(chosen):
            chosen = claims[claims["claim_id"].isin(picked)]
        source_id = dict(zip(index["source"], index["article_id"]))
        for change in removed:
            removed_at.setdefault(source_id.get(change.article, f"gone:{change.article}"), []).append(change)
    if old_dir is not None:
        wanted = {c.new["article_id"] for c in current.values()} | set(removed_at)
    else:
        wanted = set(chosen["article_id"]) if where is not None else set(index["article_id"])
    order = [(s, a) for s, a in zip(index["source"], index["article_id"]) if a in wanted]
    order += sorted((key.removeprefix("gone:"), key) for key in removed_at if key.startswith("gone:"))
    total = len(order)
    if old_dir is not None:
        notes.insert(0, f"Compared with {old_dir}: the {total} of {len(index)} articles with a change are listed.")
    shown = min(total, limit or (DEFAULT_LIMIT if total > DEFAULT_LIMIT else total))
    if shown < total:
        how = f"--limit {limit}" if limit else f"a large output shows its first {DEFAULT_LIMIT} by default"
        notes.append(f"Showing the first {shown} of {total} articles by file path ({how}); "
                     f"use --limit N or --where EXPR to choose others.")
    return _Picked(chosen, current, removed_at, order[:shown], notes)


def _old_texts(old_dir: Path | None, removed_at: dict[str, list[Change]]) -> dict[str, str]:
    ids = {c.old["article_id"] for changes in removed_at.values() for c in changes}
    if not ids:
        return {}
    return read_frame(old_dir, "articles", ["article_id", "text"], article_ids=ids).set_index("article_id")["text"].to_dict()


def build_review(out_dir: Path, limit: int | None = None, where: str | None = None,
                 old_dir: Path | None = None) -> Review:
    """Read an output folder (and an older one to compare with) into what the page shows."""
    pick = _pick(out_dir, limit, where, old_dir)
    ids = [aid for _, aid in pick.order if not aid.startswith("gone:")]
    texts = read_frame(out_dir, "articles", ["article_id", "title", "text"], article_ids=ids).set_index("article_id")
    mentions = read_frame(out_dir, "entities", ["article_id", "entity_id", "start", "end"], article_ids=ids)
    mentions_by = _by_article(_records(mentions))
    claims_by = _by_article(_records(pick.claims[pick.claims["article_id"].isin(ids)].sort_values(["start", "end"])))
    old_texts = _old_texts(old_dir, pick.removed_at)
    articles, rows = [], []
    for source, aid in pick.order:
        claims = claims_by.get(aid, [])
        views = [_view(c, c["claim_id"], source, pick.current.get(c["claim_id"])) for c in claims]
        gone = []
        for change in pick.removed_at.get(aid, []):
            old = change.old
            gone.append(_view(old, f"old-{old['claim_id']}", source, change)
                        | {"snippet": snippet(old_texts[old["article_id"]], old["start"], old["end"])})
        html, title = "", "(no longer in the output)"
        if aid in texts.index:
            subject_ids = {c["subject_entity_id"] for c in claims if c["subject_entity_id"]}
            subjects = [m for m in mentions_by.get(aid, []) if m["entity_id"] in subject_ids]
            html = mark_text(texts.at[aid, "text"], views, subjects, {v["anchor"]: v["status"] for v in views})
            title = texts.at[aid, "title"]
        articles.append({"article_id": aid, "source": source, "title": title, "html": html,
                         "n_claims": len(views), "removed": gone})
        rows += views + gone
    counts = Counter(r["kind"] for r in rows if r["status"] != "removed")
    kinds = [(k, kind_class(k), counts[k]) for k in (*KINDS, *sorted(set(counts) - set(KINDS)))]
    statuses = Counter(r["status"] for r in rows)
    return Review(out_dir=str(out_dir), old_dir=str(old_dir) if old_dir is not None else None, where=where,
                  notes=pick.notes, articles=articles, claims=rows, kinds=kinds,
                  diff_counts={s: statuses[s] for s in ("added", "removed", "changed")} if old_dir is not None else {})


def render(review: Review) -> str:
    """The page: the template filled in, its stylesheet and script copied in verbatim (they are
    static files beside it, not templates)."""
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "j2"]),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.policies["json.dumps_kwargs"] = {"ensure_ascii": False, "sort_keys": True}
    tips = {c["anchor"]: {k: c[k] for k in TIP_FIELDS} for c in review.claims}
    assets = {name: (TEMPLATES / name).read_text(encoding="utf-8") for name in ("review.css", "review.js")}
    return env.get_template("review.html.j2").render(
        review=review, tips=tips, assets=assets, font_stack=css_font_stack(), fonts=CJK_FONTS, version=__version__)


def write_review(out_dir: Path, html_path: Path, limit: int | None = None, where: str | None = None,
                 old_dir: Path | None = None) -> Review:
    """Build the review of out_dir and write it to html_path, atomically."""
    review = build_review(out_dir, limit=limit, where=where, old_dir=old_dir)
    write_text(html_path, render(review))
    return review


def describe(review: Review, html_path: Path) -> str:
    """What `pipeline review` prints: where the page is and what it holds."""
    n_claims = sum(1 for c in review.claims if c["status"] != "removed")
    kinds = ", ".join(f"{k} {n}" for k, _, n in review.kinds if n)
    lines = [f"Wrote {html_path}: {len(review.articles)} article(s), {n_claims} claim(s)"]
    if kinds:
        lines.append(f"  claims by kind: {kinds}")
    if review.diff_counts:
        lines.append("  changes: {added} added, {removed} removed, {changed} changed".format(**review.diff_counts))
    lines += [f"  {note}" for note in review.notes]
    return "\n".join(lines)
