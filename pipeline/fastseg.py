"""rjieba (jieba-rs, in Rust) cutting exactly as jieba cuts: the fast segmenter of the tokens stage.

jieba-rs runs jieba's own algorithm (a prefix dictionary, the most probable route through it,
an HMM for runs of unknown characters) about twenty times faster. It is built here from the
jieba Tokenizer's dictionary as loaded (the bundled dictionary and the user dictionary, every
frequency and the total), and cuts as jieba does but in two places, which `FastCut` puts back:

* jieba-rs reads more characters as Han (CJK extensions, compatibility ideographs) and cuts them
  in with their neighbours; jieba cuts a text into blocks at every character outside
  [一-鿕a-zA-Z0-9+#&._%-] and gives each such character alone. A text holding a character
  that jieba-rs might read otherwise is cut block by block, as jieba does.
* Inside a run of unknown characters, jieba-rs keeps letters and digits joined across '-', '_'
  and '.' (TD-LTE, 1-5, www.example.com) where jieba's HMM step splits them (TD|-|LTE). Such a
  token, unless it is a dictionary word, is split by jieba's own rule.

A word the user dictionary gives frequency 0 (jieba's way to keep its characters apart) is
split into characters wherever the HMM step makes it, as jieba does.

Without the HMM step (jieba's HMM=False) only the first place matters. tests/test_segmenters.py
checks that the words are jieba's, both ways, on the seeds, the dev texts and random mixes of
every kind of character.

One difference is accepted and tested as a known one: on a run of five or more unknown
characters that repeat (国经经经经), the two HMMs can break a near-tie differently (国经经|经经
against jieba's 国经|经经经). Found by the random mixes; it has not been seen in news text.
"""
from __future__ import annotations

from bisect import bisect_right
from itertools import accumulate

import jieba
import jieba.finalseg
import regex
import rjieba

# Characters jieba-rs splits off alone exactly as jieba does (tested exhaustively): everything
# below the CJK radicals, CJK punctuation, kana and Hangul letters, full- and half-width forms.
# Any other character outside jieba's own Han class sends its text through the block-by-block cut.
_SAFE = "\x00-\u2e7f\u3000-\u33ff\uff00-\uffff"
_SUSPECT = regex.compile(f"[^{_SAFE}\u4e00-\u9fd5]")
_JOINERS = regex.compile(r"[-_.]")
_UNUSED = "\n"  # a dictionary entry no block can hold (blocks never hold whitespace)


class FastCut:
    """`cut(text, hmm)` gives the words jieba's `tokenizer.lcut(text, HMM=hmm)` gives, computed
    by jieba-rs."""

    def __init__(self, tokenizer: jieba.Tokenizer) -> None:
        tokenizer.check_initialized()
        self._rs = rjieba.Jieba.empty()
        added = 0
        for word, freq in tokenizer.FREQ.items():
            if freq:  # jieba keeps every prefix of a word with frequency 0: no word of its own
                self._rs.add_word(word, freq, None)
                added += freq
        # jieba adds a word's frequency to the total each time the word is loaded (B超 is listed
        # twice; the user dictionary gives 生产总值 its own frequency), jieba-rs counts it once:
        # an entry no text can reach makes both totals, so both routes' probabilities, the same.
        if tokenizer.total > added:
            self._rs.add_word(_UNUSED, tokenizer.total - added, None)
        self._forced = frozenset(jieba.finalseg.Force_Split_Words)  # the words given frequency 0
        self._han = jieba.re_han_default
        self._skip = jieba.re_skip_default
        self._split_unknown = jieba.finalseg.re_skip

    def cut(self, text: str, hmm: bool = True) -> list[str]:
        """The words of `text`, jieba's (with its HMM step for unknown runs, or without),
        whitespace tokens included."""
        words = self._by_block(text, hmm) if _SUSPECT.search(text) else self._rs.cut(text, hmm)
        if not hmm:
            return words
        if _JOINERS.search(text):
            words = self._split_joined(text, words)
        if self._forced:
            words = [piece for word in words for piece in (
                word if word in self._forced and not self._rs.has_word(word) else (word,))]
        return words

    def _by_block(self, text: str, hmm: bool) -> list[str]:
        """jieba's top level: Han blocks cut by the dictionary, every other character alone
        (a line break \\r\\n is one token)."""
        words: list[str] = []
        for block in self._han.split(text):
            if not block:
                continue
            if self._han.match(block):
                words += self._rs.cut(block, hmm)
                continue
            for piece in self._skip.split(block):
                if self._skip.match(piece):
                    words.append(piece)
                else:
                    words.extend(piece)
        return words

    def _split_joined(self, text: str, words: list[str]) -> list[str]:
        """Split the tokens that join letters and digits across '-', '_' or '.' as jieba's HMM
        step does, unless they are dictionary words; only the tokens that hold those characters
        are looked at."""
        ends = list(accumulate(map(len, words)))
        suspects = sorted({bisect_right(ends, m.start()) for m in _JOINERS.finditer(text)})
        out: list[str] = []
        last = 0
        for i in suspects:
            word = words[i]
            if len(word) > 1 and not self._rs.has_word(word):
                out += words[last:i]
                out += [piece for piece in self._split_unknown.split(word) if piece]
                last = i + 1
        if not last:
            return words
        out += words[last:]
        return out
