"""Golden files: the seeds' expected claims and entities, one sorted JSONL file per article.

Regenerate with `pytest tests/test_golden.py --update-golden`, then read the diff and say in
the commit message why each change is right.
"""
from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd
import pytest

from conftest import ROOT, SEEDS

GOLDEN = ROOT / "tests" / "golden"
CLAIM_FIELDS = ["start", "end", "surface", "kind", "value", "value_high", "unit", "qualifier",
                "subject", "metric", "period", "change", "is_target", "pattern_id"]
ENTITY_FIELDS = ["start", "end", "surface", "label", "canonical"]
ARTICLES = sorted(p.name for p in SEEDS.glob("*.txt"))


def _rows(table: pd.DataFrame, fields: list[str]) -> list[str]:
    rows = []
    for record in table.sort_values(["start", "end"])[fields].to_dict("records"):
        clean = {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in record.items()}
        clean = {k: (int(v) if isinstance(v, float) and v.is_integer() and k.startswith("value") else v)
                 for k, v in clean.items()}
        rows.append(json.dumps(clean, ensure_ascii=False, sort_keys=False, default=str))
    return rows


@pytest.mark.parametrize("table, fields", [("claims", CLAIM_FIELDS), ("entities", ENTITY_FIELDS)])
@pytest.mark.parametrize("article", ARTICLES)
def test_golden(seed_run: Path, update_golden: bool, article: str, table: str, fields: list[str]) -> None:
    articles = pd.read_parquet(seed_run / "articles")
    aid = articles.loc[articles["source"].map(lambda s: Path(s).name) == article, "article_id"].item()
    data = pd.read_parquet(seed_run / table)
    actual = _rows(data[data["article_id"] == aid], fields)
    path = GOLDEN / f"{article}.{table}.jsonl"
    if update_golden:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("".join(line + "\n" for line in actual), encoding="utf-8")
    assert path.exists(), f"{path} missing: run pytest --update-golden and review it"
    expected = path.read_text(encoding="utf-8").splitlines()
    assert actual == expected
