"""Accuracy floor: a seed run scored against the hand-checked gold with the shared scorer.

Raise the floors as accuracy improves; they guard against regressions, not against noise
(the run is deterministic)."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from conftest import SHARED

SCORER = SHARED / "tools" / "score_claims.py"
GOLD = SHARED / "gold" / "seeds"
FLOORS = {"span_f1": 0.99, "strict_f1": 0.99, "subject": 0.95, "metric": 0.90}


@pytest.mark.skipif(not SCORER.exists() or not GOLD.is_dir(), reason=f"{SHARED} (shared scorer and gold) not present")
def test_seed_score_stays_above_the_floor(seed_run: Path) -> None:
    spec = importlib.util.spec_from_file_location("score_claims", SCORER)
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    result = scorer.score(seed_run, GOLD)
    got = {"span_f1": result["span"]["f1"], "strict_f1": result["strict"]["f1"],
           "subject": result["accuracy_on_found"]["subject"], "metric": result["accuracy_on_found"]["metric"]}
    for kind, counts in result["per_kind"].items():
        assert counts["found"] / counts["gold"] >= 0.90, (kind, counts)
    assert {k: v >= FLOORS[k] for k, v in got.items()} == {k: True for k in FLOORS}, got
