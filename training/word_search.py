"""Word-aware CTC prefix beam search (twin of src/core/word-search.ts): ctc_beam.py's search with the word language
model's fusion (word_fusion.py), so that hypotheses are words of its vocabulary, with an escape at a penalty for the
rest. The search itself is ctc_beam.n_best; this gives its n-best as tokens, final score and CTC score."""
from __future__ import annotations

from dataclasses import dataclass

import torch

from .ctc_beam import n_best
from .word_fusion import WordFusion


@dataclass
class Hypothesis:
    tokens: list[int]
    score: float  # everything: CTC, both language models, bonuses, the end of the utterance
    ctc: float  # ln of the CTC probability of the tokens (every path that collapses to them)


def word_beam_search(log_probs: torch.Tensor, length: int, beam: int, lm=None, lm_weight: float = 0.0,
                     length_bonus: float = 0.0, words: WordFusion | None = None) -> list[Hypothesis]:
    """The kept prefixes, best first, scored with the end of the utterance. log_probs [T, V] (one utterance).
    With words=None it is ctc_beam.beam_search's search."""
    return [Hypothesis(list(h.tokens), h.score(), h.ctc) for h in n_best(log_probs, length, beam, lm, lm_weight, length_bonus, words=words)]


def best(log_probs: torch.Tensor, length: int, beam: int, lm=None, lm_weight: float = 0.0, length_bonus: float = 0.0,
         words: WordFusion | None = None) -> list[int]:
    """The best hypothesis's token ids."""
    return word_beam_search(log_probs, length, beam, lm, lm_weight, length_bonus, words)[0].tokens
