"""Fit the subject ranker's weights on gold claims, and say how well they generalise.

    python -m pipeline.attribution.fit GOLD_DIR [GOLD_DIR ...] [--write] [--c 0.5]

A GOLD_DIR holds `<article file name>.jsonl` gold files (../shared/spec/claims.md) and the texts
either in GOLD_DIR/texts/ or in the folder given after a colon (../shared/gold/seeds:../shared/seeds).
Every article runs through the pipeline's own stages in memory; each claim that overlaps a gold
claim gives one row per subject candidate, labelled by the gold rule (the candidate is one of the
gold forms, or differs from one by at most two characters at an end). A logistic regression
(scikit-learn, the `fit` extra) is fitted on the rows; the subject of a claim is its best-scoring
candidate. Printed: accuracy on the claims of every article with the hand weights, with weights
fitted leaving that article out (the honest figure), and the share of claims where some
candidate is right (the ceiling). With --write the weights fitted on everything replace
[fitted] in configs/ranker.toml.
"""
from __future__ import annotations

import argparse
import json
import math
import re
import tomllib
from collections import defaultdict
from pathlib import Path

from pipeline.attribution.candidates import Candidate
from pipeline.attribution.ranker import Ranker, choose, load_prior, load_ranker, with_prior
from pipeline.config import DEFAULT_DIR, load_config
from pipeline.ingest import ingest
from pipeline.stages import STAGES, Context, _norms, _sentence_spans, _words

Row = tuple[str, list[Candidate], list[str], dict]  # (article, candidates, gold subject forms, claim)


def acceptable(pred: str, forms: list[str]) -> bool:
    """The gold rule for a subject: one of the forms, or one inside the other differing by at most
    two characters (青岛 / 青岛市)."""
    p = "".join(pred.split())
    for form in forms:
        a = "".join(form.split())
        if p == a or (len(p) >= 2 and len(a) >= 2 and (p in a or a in p) and abs(len(p) - len(a)) <= 2):
            return True
    return False


def collect(gold_dirs: list[str]) -> list[Row]:
    """Every matched claim's candidates and gold subject forms, article by article."""
    config = load_config()
    rows: list[Row] = []
    for spec in gold_dirs:
        gold_dir, _, texts = spec.partition(":")
        texts_dir = Path(texts) if texts else Path(gold_dir) / "texts"
        for gold_file in sorted(Path(gold_dir).glob("*.jsonl")):
            name = gold_file.name[: -len(".jsonl")]
            golds = [json.loads(x) for x in gold_file.read_text(encoding="utf-8").splitlines() if x.strip()]
            rows.extend((name, cands, forms, claim) for cands, forms, claim in _article_rows(texts_dir / name, golds, config))
    return rows


def _article_rows(path: Path, golds: list[dict], config) -> list[tuple[list[Candidate], list[str], dict]]:
    from pipeline.attribution import attribute
    ctx = Context(config=config, paths=[path])
    tables: dict = {"articles": ingest([path])}
    for stage in STAGES[1:]:
        if stage.name == "attribute":
            break
        tables.update(stage.func(tables, ctx))
    seen: list[tuple[dict, list[Candidate]]] = []
    article = tables["articles"][0]
    aid = article["article_id"]
    norm = _norms(tables)[aid]
    attribute(article, norm, _sentence_spans(tables, norms := {aid: norm}).get(aid, []), tables["entities"],
              tables["claims"], config, _words(tables, norms).get(aid, []),
              observe=lambda claim, cands, chosen: seen.append((claim, cands)))
    out = []
    used = set()
    for claim, cands in seen:
        best = max((min(claim["end"], g["end"]) - max(claim["start"], g["start"]), j) for j, g in enumerate(golds))
        if best[0] <= 0 or best[1] in used:
            continue
        g = golds[best[1]]
        used.add(best[1])
        if not g.get("optional") and g.get("subject"):
            out.append((cands, list(g["subject"]), claim))
    return out


def _pairs(rows: list[Row], names: list[str]):
    """The pairwise view of ranking: for every claim, each right candidate minus each wrong one
    (label 1) and the reverse (label 0), so a linear model learns which of two ranks higher.
    Each claim weighs the same however many candidates it has."""
    import numpy as np
    per_article: dict[str, int] = defaultdict(int)
    for name, _, _, _ in rows:
        per_article[name] += 1
    x, y, w = [], [], []
    for name, cands, forms, _ in rows:
        vecs = [([c.feats.get(n, 0.0) for n in names], acceptable(c.surface, forms)) for c in cands]
        good = [v for v, ok in vecs if ok]
        bad = [v for v, ok in vecs if not ok]
        if not good or not bad:
            continue
        share = 1.0 / (len(good) * len(bad) * math.sqrt(per_article[name]))
        for g in good:
            for b in bad:
                d = [gi - bi for gi, bi in zip(g, b)]
                x += [d, [-v for v in d]]
                y += [1, 0]
                w += [share, share]
    return np.array(x, dtype=float), np.array(y), np.array(w)


def fit(rows: list[Row], names: list[str], c: float) -> Ranker:
    """A pairwise logistic regression (scikit-learn) over the candidates of `rows`, as a Ranker."""
    from sklearn.linear_model import LogisticRegression
    x, y, w = _pairs(rows, names)
    model = LogisticRegression(C=c, max_iter=10000, fit_intercept=False)
    model.fit(x, y, sample_weight=w * len(rows))
    weights = {n: round(float(v), 4) for n, v in zip(names, model.coef_[0]) if abs(v) >= 1e-4}
    return Ranker(weights, 0.0, -1e9)


def accuracy(rows: list[Row], ranker: Ranker) -> float:
    right = sum(1 for _, cands, forms, _ in rows if (ch := choose(cands, ranker)) is not None and acceptable(ch.surface, forms))
    return right / len(rows) if rows else 0.0


def leave_one_article_out(rows: list[Row], names: list[str], c: float,
                          prior: dict[str, float] | None = None) -> tuple[float, dict[str, float]]:
    by_article: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        by_article[row[0]].append(row)
    right, per = 0, {}
    for name, held in by_article.items():
        rest = [r for r in rows if r[0] != name]
        acc = accuracy(held, with_prior(fit(rest, names, c), prior or {}))
        per[name] = acc
        right += acc * len(held)
    return right / len(rows), per


def _weights_block(ranker: Ranker, note: str) -> str:
    lines = ["[fitted]", f"# {note}", f"intercept = {ranker.intercept}", f"min_score = {ranker.min_score}",
             "[fitted.weights]"]
    lines += [f"{n} = {w}" for n, w in sorted(ranker.weights.items(), key=lambda kv: -abs(kv[1]))]
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("gold", nargs="+", help="GOLD_DIR or GOLD_DIR:TEXTS_DIR")
    ap.add_argument("--c", type=float, default=0.5, help="inverse regularisation strength")
    ap.add_argument("--write", action="store_true", help="write the weights into configs/ranker.toml [fitted]")
    args = ap.parse_args()
    path = DEFAULT_DIR / "ranker.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    names = sorted(data["features"])
    rows = collect(args.gold)
    hand = load_ranker(data, [], "hand")
    ceiling = sum(1 for _, cands, forms, _ in rows if any(acceptable(c.surface, forms) for c in cands)) / len(rows)
    prior = load_prior(data, [])
    loao, per = leave_one_article_out(rows, names, args.c, prior)
    full = fit(rows, names, args.c)
    print(f"claims {len(rows)}, articles {len(per)}, candidates {sum(len(r[1]) for r in rows)}")
    print(f"ceiling (some candidate right)      {ceiling:.3f}")
    print(f"hand weights                         {accuracy(rows, hand):.3f}")
    print(f"fitted, leave one article out        {loao:.3f}")
    print(f"fitted on all (training accuracy)    {accuracy(rows, with_prior(full, prior)):.3f}")
    for name, acc in sorted(per.items()):
        print(f"  {name:40} {acc:.3f}")
    if args.write:
        note = (f"fitted by pipeline.attribution.fit on {len(rows)} claims of {len(per)} articles "
                f"(C={args.c}); leave-one-article-out accuracy {loao:.3f}, hand weights {accuracy(rows, hand):.3f}")
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"(?ms)^\[fitted\].*\Z", _weights_block(full, note), text)
        path.write_text(text, encoding="utf-8")
        print(f"wrote [fitted] to {path}")


if __name__ == "__main__":
    main()
