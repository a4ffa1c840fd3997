"""Word-aware CTC prefix beam search (twin of src/core/word-search.ts): ctc_beam.py's search, whose prefixes
also carry a word cursor (word_fusion.py), so that hypotheses are words of the word language model's vocabulary,
with an escape at a penalty for the rest. The character language model still scores every character (it knows
spelling and sounds; the word model knows which words follow which). It returns the n-best (the kept prefixes,
scored with the end of the utterance), for rescoring.

The same arithmetic in the same order as the TypeScript, so both give the same n-best and scores.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from .ctc_beam import NEG, candidates, log_add
from .tokens import BLANK, SOS_EOS
from .word_fusion import Cursor, WordFusion


@dataclass
class Hypothesis:
    tokens: list[int]
    score: float  # everything: CTC, both language models, bonuses, the end of the utterance
    ctc: float  # ln of the CTC probability of the tokens (every path that collapses to them)


class Prefix:
    __slots__ = ("tokens", "blank", "last", "fusion", "cursor")

    def __init__(self, tokens: tuple, fusion: float, cursor: Cursor):
        self.tokens = tokens
        self.blank = NEG
        self.last = NEG
        self.fusion = fusion  # both language models, bonuses and penalties of the prefix's tokens
        self.cursor = cursor

    def score(self) -> float:
        return log_add(self.blank, self.last) + self.fusion


def word_beam_search(log_probs: torch.Tensor, length: int, beam: int, lm=None, lm_weight: float = 0.0,
                     length_bonus: float = 0.0, words: WordFusion | None = None) -> list[Hypothesis]:
    """The kept prefixes, best first, scored with the end of the utterance. log_probs [T, V] (one utterance).
    With words=None it is ctc_beam.beam_search's search."""
    x = log_probs[:length].double().numpy()
    use_lm = lm is not None and lm_weight > 0
    rows: dict[tuple, np.ndarray] = {}
    made: dict[tuple, tuple] = {}  # a prefix's fusion and cursor, computed once

    def lm_row(tokens: tuple) -> np.ndarray:
        if tokens not in rows:
            rows[tokens] = lm.log_probs(list(tokens))
        return rows[tokens]

    def extension(p: Prefix, k: int) -> tuple:
        key = p.tokens + (k,)
        if key not in made:
            term, cursor = words.step(p.cursor, k) if words else (0.0, None)
            made[key] = (p.fusion + length_bonus + (lm_weight * float(lm_row(p.tokens)[k]) if use_lm else 0.0) + term, cursor)
        return made[key]

    start = Prefix((), 0.0, words.start() if words else None)
    start.blank = 0.0
    kept = [start]
    for t in range(length):
        row = x[t]
        reached: dict[tuple, Prefix] = {}

        def prefix(tokens: tuple, fusion: float, cursor) -> Prefix:
            if tokens not in reached:
                reached[tokens] = Prefix(tokens, fusion, cursor)
            return reached[tokens]

        likely = candidates(row)
        for p in kept:
            total = log_add(p.blank, p.last)
            for k in likely:
                lp = float(row[k])
                if k == BLANK:
                    same = prefix(p.tokens, p.fusion, p.cursor)
                    same.blank = log_add(same.blank, total + lp)
                    continue
                longer = prefix(p.tokens + (k,), *extension(p, k))
                if p.tokens and k == p.tokens[-1]:
                    longer.last = log_add(longer.last, p.blank + lp)  # a repeat only after a blank
                    same = prefix(p.tokens, p.fusion, p.cursor)
                    same.last = log_add(same.last, p.last + lp)  # the same character, held
                else:
                    longer.last = log_add(longer.last, total + lp)
        kept = sorted(reached.values(), key=lambda q: -q.score())[:beam]

    def final(p: Prefix) -> float:
        return p.score() + (lm_weight * float(lm_row(p.tokens)[SOS_EOS]) if use_lm else 0.0) + (words.end(p.cursor) if words else 0.0)

    scored = [Hypothesis(list(p.tokens), final(p), log_add(p.blank, p.last)) for p in kept]
    return sorted(scored, key=lambda h: -h.score)  # stable: ties keep the beam's order


def best(log_probs: torch.Tensor, length: int, beam: int, lm=None, lm_weight: float = 0.0, length_bonus: float = 0.0,
         words: WordFusion | None = None) -> list[int]:
    """The best hypothesis's token ids."""
    return word_beam_search(log_probs, length, beam, lm, lm_weight, length_bonus, words)[0].tokens
