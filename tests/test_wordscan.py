"""The Aho-Corasick word scan finds what re.finditer over the trie-shaped alternation of the same
words finds (the entity rules used that before): leftmost, longest, not overlapping."""
from __future__ import annotations

import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.entities import _alternation
from pipeline.wordscan import WordScan

_CHARS = "青岛市海区大学aA1 \n"  # few characters, so words share prefixes and run into each other
_WORDS = st.sets(st.text(_CHARS, min_size=1, max_size=5), min_size=1, max_size=12)


def _regex_spans(words: set[str], text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in _alternation(words).finditer(text)]


@pytest.mark.parametrize("words, text, spans", [
    ({"青岛", "青岛市", "岛市"}, "青岛市区青岛", [(0, 3, "青岛市"), (4, 6, "青岛")]),  # the longest at a start wins
    ({"岛市", "青岛市区"}, "青岛市", [(1, 3, "岛市")]),  # a longer word that does not finish leaves the shorter
    ({"大学", "学区"}, "大学区", [(0, 2, "大学")]),  # the leftmost wins; nothing overlaps it
    ({"海区"}, "", []),
])
def test_spans(words: set[str], text: str, spans: list) -> None:
    assert WordScan(words).spans(text) == spans == _regex_spans(words, text)


@settings(max_examples=300, deadline=None)
@given(words=_WORDS, text=st.text(_CHARS, max_size=40))
def test_the_scan_finds_what_the_alternation_finds(words: set[str], text: str) -> None:
    assert WordScan(words).spans(text) == _regex_spans(words, text)


def test_a_scan_survives_pickling() -> None:
    scan = pickle.loads(pickle.dumps(WordScan(["青岛", "青岛市"])))
    assert scan.spans("在青岛市") == [(1, 4, "青岛市")]
