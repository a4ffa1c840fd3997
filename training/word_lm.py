"""Word n-gram language model: the recipe stage that builds words.bin, and WordLM, its reader (twin of src/core/word-lm.ts).

    python3 -m training.word_lm --plain-text ../shared/text/*.xz --text CORPUS/text/sentences.jsonl \\
        --in-domain CORPUS/manifests/train.jsonl --vocabulary 50000 --order 3 --out EXP/words.bin [--arpa EXP/words.arpa]

Every sentence is normalised and passed through the reserved filter (evaluation prompts and test transcripts);
the training manifest's rows whose source is not TTS are the in-domain text, counted --in-domain-weight times.
The vocabulary is the most frequent --vocabulary words, the rest <unk>; the model is interpolated modified
Kneser-Ney, pruned by count (word_lm_kneser_ney.py), stored as a quantised sorted trie (word_lm_file.py,
docs/bundle.md). words.bin.json beside it records what went in, for the model card.

A score is ln p(word | state); a state is the last (order - 1) word ids, shortened to the longest of its
suffixes that the model can extend (KenLM's state minimisation: exact, and equal states then compare equal).
"""
from __future__ import annotations

import argparse
import bisect
import json
import os
import pathlib
import resource
import time

import numpy as np

from .corpus.reserved import ReservedFilter
from .word_lm_counts import BOS, EOS, SPECIALS, UNK, choose_vocabulary, token_ids, word_counts
from .word_lm_file import LEVELS, MAGIC, pad4, trie, write, write_arpa
from .word_lm_kneser_ney import Estimate, estimate
from .word_lm_text import read_text

ORDER = 3
VOCABULARY = 50_000
# Bigrams and trigrams seen fewer than 4 times are pruned. All of ../shared/text + the TTS pool + in-domain x 20
# (46 M tokens, vocabulary 50,000): 5.2 M bigrams and 18.7 M trigrams unpruned (94 MiB, so762 dev150 perplexity
# 90.8 before quantisation); [4, 4] keeps 0.92 M and 1.26 M (11.5 MiB, 95.4); [3, 5] 1.23 M and 0.95 M (12.9 MiB,
# 95.5): trigrams are worth more than bigrams.
MIN_COUNTS = [4, 4]
IN_DOMAIN_WEIGHT = 20  # as training/lm.py


class WordLM:
    """Scores with words.bin exactly as src/core/word-lm.ts does (the same arithmetic in the same order)."""

    def __init__(self, path: str | None = None, *, arrays: dict | None = None):
        self.__dict__.update(arrays if arrays is not None else self._read(pathlib.Path(path).read_bytes()))
        self.ids = len(self.words)
        self.index = {w: i for i, w in enumerate(self.words) if i >= len(SPECIALS)}

    @classmethod
    def from_estimate(cls, model: Estimate) -> "WordLM":
        """The same lookups over the unquantised estimate (for checks before quantisation)."""
        structure = trie(model)
        return cls(arrays={"order": len(model.orders), "words": model.words,
                           "prob": [o.log_prob for o in model.orders],
                           "backoff": [o.log_backoff for o in model.orders[:-1]],
                           "word": [s.get("word") for s in structure], "child": [s.get("child") for s in structure]})

    @staticmethod
    def _read(blob: bytes) -> dict:
        if blob[:4] != MAGIC:
            raise ValueError("not a word language model (magic)")
        order, words, blob_bytes = (int(v) for v in np.frombuffer(blob, "<u4", 3, 4))
        counts = [int(v) for v in np.frombuffer(blob, "<u4", order, 16)]
        at = 16 + 4 * order

        def take(dtype: str, count: int) -> np.ndarray:
            nonlocal at
            out = np.frombuffer(blob, dtype, count, at)
            at += pad4(out.nbytes)
            return out

        offsets = take("<u4", words + len(SPECIALS) + 1)
        vocabulary = take("u1", blob_bytes).tobytes()
        names = [vocabulary[offsets[i]:offsets[i + 1]].decode("utf-8") for i in range(len(offsets) - 1)]
        prob_levels, backoff_levels = [], []
        for n in range(1, order + 1):
            prob_levels.append(take("<f4", LEVELS).astype(np.float64))
            if n < order:
                backoff_levels.append(take("<f4", LEVELS).astype(np.float64))
        word, prob, backoff, child = [], [], [], []
        for n in range(1, order + 1):
            word.append(take("<u2", counts[n - 1]) if n > 1 else None)
            prob.append(prob_levels[n - 1][take("u1", counts[n - 1])])
            if n < order:
                backoff.append(backoff_levels[n - 1][take("u1", counts[n - 1])])
                child.append(take("<u4", counts[n - 1] + 1))
            else:
                child.append(None)
        if at != len(blob):
            raise ValueError(f"{len(blob)} bytes, but the layout needs {at}")
        return {"order": order, "words": names, "prob": prob, "backoff": backoff, "word": word, "child": child}

    def word_id(self, word: str) -> int:
        return self.index.get(word, UNK)

    def start(self) -> list[int]:
        return self.next_state([], BOS)

    def _find(self, n: int, low: int, high: int, word: int) -> int:
        """Entry of order n in [low, high) whose word is `word`, or -1 (binary search: siblings are sorted)."""
        at = bisect.bisect_left(self.word[n - 1], word, low, high)
        return at if at < high and self.word[n - 1][at] == word else -1

    def _entry(self, ngram: list[int]) -> int:
        """Index of the n-gram among the entries of order len(ngram), or -1."""
        at = ngram[0]
        for n in range(2, len(ngram) + 1):
            child = self.child[n - 2]
            at = self._find(n, int(child[at]), int(child[at + 1]), ngram[n - 1])
            if at < 0:
                return -1
        return at

    def next_state(self, state: list[int], word: int) -> list[int]:
        history = (state + [word])[max(0, len(state) + 2 - self.order):] if self.order > 1 else []
        for length in range(len(history), 0, -1):
            entry = self._entry(history[len(history) - length:])
            if entry >= 0 and self.child[length - 1][entry + 1] > self.child[length - 1][entry]:
                return history[len(history) - length:]
        return []

    def score_id(self, state: list[int], word: int) -> tuple[float, list[int]]:
        """ln p(word | state) and the state after it."""
        if not 0 <= word < self.ids or word == BOS:
            raise ValueError(f"word id {word} cannot be predicted")
        if len(state) >= self.order:
            raise ValueError(f"a state holds at most {self.order - 1} word ids, not {len(state)}")
        total = 0.0
        for length in range(len(state), 0, -1):
            context = self._entry(state[len(state) - length:])
            if context < 0:
                continue
            child = self.child[length - 1]
            entry = self._find(length + 1, int(child[context]), int(child[context + 1]), word)
            if entry >= 0:
                return total + float(self.prob[length][entry]), self.next_state(state, word)
            total += float(self.backoff[length - 1][context])
        return total + float(self.prob[0][word]), self.next_state(state, word)

    def score(self, history_words: list[str], word: str) -> float:
        """ln p(word | <s> history_words); word "</s>" is the sentence end."""
        state = self.start()
        for w in history_words:
            state = self.score_id(state, self.word_id(w))[1]
        return self.score_id(state, EOS if word == "</s>" else self.word_id(word))[0]

    def sentence_score(self, words: list[str]) -> float:
        """ln p(words, then </s> | <s>)."""
        state, total = self.start(), 0.0
        for w in words + ["</s>"]:
            log_prob, state = self.score_id(state, EOS if w == "</s>" else self.word_id(w))
            total += log_prob
        return total


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--plain-text", nargs="*", default=[], help="plain text, one sentence per line (.xz or not)")
    p.add_argument("--text", nargs="*", default=[], help="JSON lines with a `text` field (the TTS sentence pool)")
    p.add_argument("--in-domain", nargs="*", default=[], help="training manifests: transcripts of real speech, weighted")
    p.add_argument("--in-domain-skip-source", nargs="*", default=["tts"], help="manifest sources that are not in-domain text")
    p.add_argument("--in-domain-weight", type=int, default=IN_DOMAIN_WEIGHT)
    p.add_argument("--vocabulary", type=int, default=VOCABULARY, help="the most frequent words kept; the rest are <unk>")
    p.add_argument("--order", type=int, default=ORDER)
    p.add_argument("--min-counts", type=int, nargs="+", default=MIN_COUNTS,
                   help="per order from 2: n-grams seen fewer times are pruned (the last value repeats)")
    p.add_argument("--out", required=True)
    p.add_argument("--arpa", help="also write the unquantised model as an ARPA file")
    args = p.parse_args()
    started = time.time()
    min_counts = (args.min_counts + [args.min_counts[-1]] * args.order)[:max(args.order - 1, 0)]
    text = read_text(args.plain_text, args.text, args.in_domain, args.in_domain_skip_source, ReservedFilter.from_tsv())
    sentences = text.corpus + text.in_domain * args.in_domain_weight
    vocabulary = choose_vocabulary(word_counts(sentences), args.vocabulary)
    tokens = token_ids(sentences, vocabulary)
    running = int(np.sum(tokens > EOS) + np.sum(tokens == UNK))
    unknown = int(np.sum(tokens == UNK))
    del sentences
    model = estimate(tokens, SPECIALS + vocabulary, args.order, min_counts)
    size = write(args.out, model)
    if args.arpa:
        write_arpa(args.arpa, model)
    info = {"order": args.order, "vocabulary": len(vocabulary), "ngrams": [len(o.codes) for o in model.orders],
            "ngramsBeforePruning": model.counts, "minCounts": min_counts, "discounts": model.discounts, "bytes": size,
            "sources": [{**s.as_json(), "path": os.path.basename(s.path)} for s in text.sources],
            "inDomainWeight": args.in_domain_weight, "inDomainSkipSource": args.in_domain_skip_source,
            "corpusSentences": len(text.corpus), "inDomainSentences": len(text.in_domain),
            "words": running, "unknownWords": unknown}
    pathlib.Path(args.out + ".json").write_text(json.dumps(info, indent=1) + "\n")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"word language model: {args.out}, {size:,} bytes ({size / 2 ** 20:.2f} MiB), n-grams {info['ngrams']}, "
          f"{time.time() - started:.0f} s, peak memory {peak:,.0f} MiB")
    print(json.dumps(info))


if __name__ == "__main__":
    main()
