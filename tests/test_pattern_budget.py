"""A pattern can never hang a run: nested unbounded quantifiers are refused when the config
loads, and every search has a time budget that, when overrun, names the pattern."""
from __future__ import annotations

import copy
import shutil
import tomllib
from pathlib import Path

import pytest

from pipeline.claims import extract
from pipeline.config import load_config
from pipeline.errors import ConfigError, PatternTimeout
from pipeline.patterns import load_claims_config, nested_unbounded

from conftest import ROOT

RAW = tomllib.loads((ROOT / "configs" / "claims.toml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("template, nested", [
    ("(a+)+$", "(a+)+"),
    ("(?P<num>{NUM})((?:ab)+c)*", "((?:ab)+c)*"),
    ("(?:x(?:y*))+z", "(?:x(?:y*))+"),
    ("(a{2,})*", "(a{2,})*"),
    ("(a+?)+", "(a+?)+"),
    ("(?:a|aa)+c", None),  # backtracks too, but through alternation: the time budget stops it
    ("(?>a+)+", None),
    ("(a++)+", None),
    ("(a{1,3})+", None),
    ("[(a+)]+", None),
    (r"\(a+\)+", None),
    ("(?P<num>{NUM})(?:{NUM}万)+", None),  # macros are atoms: {NUM} is atomic
])
def test_nested_unbounded_quantifiers_are_found(template: str, nested: str | None) -> None:
    assert nested_unbounded(template) == nested


def _pattern(pid: str, regex: str, example: str) -> dict:
    return {"id": pid, "kind": "none", "comment": "test", "regex": regex, "examples": [example]}


def test_config_load_refuses_nested_quantifiers_naming_the_pattern() -> None:
    data = copy.deepcopy(RAW)
    data["pattern"].append(_pattern("test.nested", "(a+)+$", "«aa»"))
    errors: list[str] = []
    load_claims_config(data, errors)
    assert errors == ["claims.toml: pattern 'test.nested': nested unbounded quantifiers ((a+)+) can backtrack "
                      "without end; bound the inner one ({1,20}) or make the group atomic (?>...)"]


def test_a_claims_file_without_patterns_is_refused(tmp_path: Path) -> None:
    configs = tmp_path / "configs"
    shutil.copytree(ROOT / "configs", configs)
    (configs / "claims.toml").write_text("", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"claims.toml: no \[\[pattern\]\] entries \(a run would find no claims\)"):
        load_config(configs)


def test_a_backtracking_pattern_runs_out_of_time_and_is_named() -> None:
    data = copy.deepcopy(RAW)
    data["pattern"].append(_pattern("test.backtracks", "(?:x|xx)+y", "«xxy»"))
    errors: list[str] = []
    config = load_claims_config(data, errors)
    assert errors == []
    with pytest.raises(PatternTimeout, match="^test.backtracks$"):
        extract("x" * 5000 + "。增长5%", config)
