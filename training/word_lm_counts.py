"""Word ids and n-gram counts for the word language model, counted with numpy over one token array.

Ids: 0 <unk>, 1 <s>, 2 </s>, then the vocabulary words in ascending byte order (so a reader finds a word by
binary search). The vocabulary is the `size` most frequent words, ties broken by the word's bytes; every other
word is <unk>. An n-gram is coded as one uint64, its ids in base V (the id count), oldest word in the highest
digit: sorted codes are then sorted by context first, which is the order of a sorted trie.
"""
from __future__ import annotations

from collections import Counter
from itertools import repeat

import numpy as np

SPECIALS = ["<unk>", "<s>", "</s>"]
UNK, BOS, EOS = 0, 1, 2
CHUNK = 200_000  # sentences turned into ids at a time: bounds the temporary list of word strings


def word_counts(sentences: list[str]) -> Counter:
    counts: Counter = Counter()
    for s in sentences:
        counts.update(s.split(" "))  # normalised text has single spaces; the per-word work is Counter's C loop
    return counts


def choose_vocabulary(counts: Counter, size: int) -> list[str]:
    """The `size` most frequent words (ties: by bytes), returned in byte order (the id order after the specials)."""
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0].encode()))[:size]
    return sorted((w for w, _ in ranked), key=str.encode)


def token_ids(sentences: list[str], vocabulary: list[str]) -> np.ndarray:
    """All sentences as one int32 array, each as <s> ids </s>."""
    index = {w: i + len(SPECIALS) for i, w in enumerate(vocabulary)}
    parts = []
    for start in range(0, len(sentences), CHUNK):
        chunk = sentences[start:start + CHUNK]
        words = " ".join(chunk).split(" ")
        ids = np.fromiter(map(index.get, words, repeat(UNK)), dtype=np.int32, count=len(words))
        lengths = np.fromiter((s.count(" ") + 1 for s in chunk), dtype=np.int64, count=len(chunk))
        out = np.empty(len(ids) + 2 * len(chunk), dtype=np.int32)
        starts = np.concatenate([[0], np.cumsum(lengths + 2)[:-1]])
        word = np.ones(len(out), dtype=bool)
        word[starts] = word[starts + lengths + 1] = False
        out[starts], out[starts + lengths + 1], out[word] = BOS, EOS, ids
        parts.append(out)
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int32)


def ngram_counts(tokens: np.ndarray, n: int, ids: int) -> tuple[np.ndarray, np.ndarray]:
    """Distinct n-grams within sentences (sorted uint64 codes) and how often each occurs. <s> is never the
    predicted (last) word; a window that holds an </s> before its last word crosses into the next sentence."""
    assert float(ids) ** n <= 2.0 ** 64, f"{n}-grams of {ids} ids do not fit a 64-bit code"
    if len(tokens) < n:
        return np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64)
    ends = np.arange(n - 1, len(tokens))
    valid = tokens[ends] != BOS
    ends_eos = tokens == EOS
    for back in range(1, n):
        valid &= ~ends_eos[ends - back]
    ends = ends[valid]
    code = np.zeros(len(ends), dtype=np.uint64)
    for back in range(n - 1, -1, -1):
        code = code * np.uint64(ids) + tokens[ends - back].astype(np.uint64)
    return np.unique(code, return_counts=True)
