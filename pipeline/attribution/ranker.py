"""The scored choice among a claim's subject candidates: a linear score over their features.

The weights are data (configs/ranker.toml): a logistic regression fitted on gold claims by
`python -m pipeline.attribution.fit`, which also prints its leave-one-article-out accuracy
against the hand-set weights kept beside it. A candidate scoring below `min_score` is no subject:
a claim may have none.
"""
from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from operator import mul
from types import MappingProxyType

from pipeline.attribution.candidates import Candidate


@dataclass(frozen=True)
class Ranker:
    """Weights by feature name, the intercept, and the score a subject must reach."""

    weights: Mapping[str, float]
    intercept: float
    min_score: float

    def __post_init__(self) -> None:
        # every candidate of every claim looks each of its features up: a dict's own subscript
        # (a mapping proxy's .get, or .get with a default, costs more), a feature with no weight
        # kept at 0.0 on its first look-up
        object.__setattr__(self, "_weight", _Weights(self.weights).__getitem__)


class _Weights(dict):
    """Weights by feature name; a feature with none weighs 0.0 (and is kept, so each is missed once)."""

    def __missing__(self, name: str) -> float:
        self[name] = 0.0
        return 0.0


def choose(cands: Sequence[Candidate], ranker: Ranker) -> Candidate | None:
    """The best-scoring candidate (ties go to the later one, then the longer: the nearer, narrower
    name), or None when even the best stays under min_score.

    Scores compare rounded to 9 places. Rounding is monotonic and moves a score under 10^6 by less
    than 10^-8, so only the candidates within 10^-6 of the top raw score can share the top rounded
    one: only they are rounded (most claims have one), the same keys as rounding all."""
    weight, intercept = ranker._weight, ranker.intercept
    # a candidate's score: intercept + Σ weight × value over its features, summed in their order
    scores = [intercept + sum(map(mul, map(weight, c.feats), c.feats.values())) for c in cands]
    if not scores:
        return None
    top = max(scores)
    floor = top - 1e-6 if abs(top) < 1e6 else -math.inf
    best, best_key = None, None
    for c, score in zip(cands, scores):
        if score < floor:
            continue
        key = (round(score, 9), c.start, c.end - c.start)
        if best_key is None or key > best_key:
            best, best_key = c, key
    if best is None or best_key[0] < ranker.min_score:
        return None
    return best


def with_prior(ranker: Ranker, prior: Mapping[str, float]) -> Ranker:
    """`ranker` with the prior's weights added: reading structures the gold holds too few of to
    weigh (a pronoun's person, a 分别 list's item) keep the weight a reader gives them."""
    weights = dict(ranker.weights)
    for name, value in prior.items():
        weights[name] = weights.get(name, 0.0) + value
    return Ranker(MappingProxyType(weights), ranker.intercept, ranker.min_score)


def load_prior(data: dict, errors: list[str]) -> dict[str, float]:
    """[prior.weights] of ranker.toml (none is fine)."""
    prior = data.get("prior", {}).get("weights", {}) if isinstance(data.get("prior"), dict) else {}
    if not isinstance(prior, dict) or not all(isinstance(v, (int, float)) and not isinstance(v, bool)
                                              for v in prior.values()):
        errors.append("ranker.toml: [prior.weights] must map feature names to numbers")
        return {}
    return {k: float(v) for k, v in prior.items()}


def load_ranker(data: dict, errors: list[str], which: str = "fitted") -> Ranker | None:
    """configs/ranker.toml: the [fitted] weights plus the [prior] (or the [hand] weights alone);
    every problem appended to errors."""
    sec = data.get(which)
    if not isinstance(sec, dict):
        errors.append(f"ranker.toml: [{which}] missing")
        return None
    weights = sec.get("weights")
    if not isinstance(weights, dict) or not weights or not all(
            isinstance(v, (int, float)) and not isinstance(v, bool) for v in weights.values()):
        errors.append(f"ranker.toml: [{which}.weights] must map feature names to numbers")
        return None
    known = set(data.get("features", {})) if isinstance(data.get("features"), dict) else set()
    unknown = sorted(set(weights) - known)
    if unknown:
        errors.append(f"ranker.toml: [{which}.weights] names features not described in [features]: {', '.join(unknown)}")
    nums = {}
    for key in ("intercept", "min_score"):
        value = sec.get(key)
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            errors.append(f"ranker.toml: [{which}] {key} must be a number")
            value = 0.0
        nums[key] = float(value)
    ranker = Ranker(MappingProxyType({k: float(v) for k, v in weights.items()}), nums["intercept"], nums["min_score"])
    return with_prior(ranker, load_prior(data, errors)) if which == "fitted" else ranker
