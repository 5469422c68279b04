"""Shared fixtures: one pipeline run over the seeds per test session, and the golden-file flag."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"
TABLES = ("articles", "normalised", "sentences", "tokens", "tags", "entities", "claims")


def table_files(out: Path) -> dict[str, bytes]:
    """What a notebook sees in an output folder: every part of every table, by path, read
    through the folder's links."""
    return {f"{t}/{p.name}": p.read_bytes() for t in TABLES for p in sorted((out / t).glob("*.parquet"))}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite tests/golden/ from a fresh run of the seeds (review the diff!)")


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def config():
    from pipeline.config import load_config

    return load_config()


@pytest.fixture(scope="session")
def seed_run(tmp_path_factory: pytest.TempPathFactory, config) -> Path:
    """The output folder of one full run over seeds/."""
    from pipeline.runner import run
    from pipeline.stages import Context

    out = tmp_path_factory.mktemp("seed_run")
    run(out, Context(config=config, paths=[SEEDS]))
    return out


@pytest.fixture(scope="session")
def approx_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The output folder of a run over seeds/ with one rule changed: 近 reads as approx, not
    nearly (a rules change to review against `seed_run`)."""
    import shutil

    from pipeline.config import load_config
    from pipeline.runner import run
    from pipeline.stages import Context

    root = tmp_path_factory.mktemp("approx_run")
    configs = root / "configs"
    shutil.copytree(ROOT / "configs", configs)
    claims_toml = configs / "claims.toml"
    text = claims_toml.read_text(encoding="utf-8")
    assert '"近" = "nearly"' in text
    claims_toml.write_text(text.replace('"近" = "nearly"', '"近" = "approx"'), encoding="utf-8")
    run(root / "out", Context(config=load_config(configs), paths=[SEEDS]))
    return root / "out"


@pytest.fixture(scope="session")
def read_claims(config):
    """sentence -> the claims records the claims stage makes of it (normalised like an article)."""
    from pipeline.claims import claims
    from pipeline.normalise import normalise
    from pipeline.segment import tokenizer

    tok = tokenizer(config.userdict)

    def read(sentence: str) -> list[dict]:
        norm = normalise(sentence, config.claims.joinable_words)
        return claims("t", sentence, norm, [0], config.claims, tok)

    return read


@pytest.fixture(scope="session")
def check_case(read_claims):
    """Assert one case (sentence, surface, kind, value, value_high, unit, qualifier): a claim with
    exactly that span, read that way."""

    def check(case: tuple) -> None:
        sentence, surface, kind, value, high, unit, qual = case
        assert surface in sentence, f"{surface!r} is not in {sentence!r}"
        start = sentence.index(surface)
        records = read_claims(sentence)
        exact = [r for r in records if (r["start"], r["end"]) == (start, start + len(surface))]
        assert exact, f"no claim {surface!r} in {sentence!r}; got {[(r['surface'], r['kind'], r['value']) for r in records]}"
        r = exact[0]
        got = (r["kind"], r["value"], r["value_high"], r["unit"], r["qualifier"])
        assert got == (kind, pytest.approx(value), None if high is None else pytest.approx(high), unit, qual), (
            f"{surface!r} in {sentence!r}")

    return check
