"""Word fusion: what word-aware search adds per token (twin of src/core/word-fusion.ts), for the CTC prefix beam
(ctc_beam.py) and AT beam search (decode.py at_beam).

A hypothesis carries a cursor: the word language model's state before the word being spelled, and that word's
node in the lexicon (lexicon.py; None once its spelling has left the lexicon). Per token:
- a space that ends a word: weight * ln p(word | state) + word_bonus; a word outside the vocabulary scores as
  <unk> and pays oov_penalty, unless it paid already;
- a character that leaves the lexicon (no vocabulary word begins so): -oov_penalty, once per word, as soon as
  it happens, so that the beam sees the cost before the word ends;
- the end of the utterance: the last word, as a space would, then weight * ln p(</s> | state).
Without the escape (an infinite penalty) only vocabulary words come out; with it names and rare words still can.
The same arithmetic in the same order as the TypeScript.
"""
from __future__ import annotations

from .lexicon import Lexicon
from .tokens import SPACE, TOKENS
from .word_lm import WordLM
from .word_lm_counts import EOS as WORD_EOS, UNK as WORD_UNK

Cursor = tuple  # (word LM state as a tuple of word ids, lexicon node or None when escaped)


class WordFusion:
    def __init__(self, lm: WordLM, weight: float, oov_penalty: float, word_bonus: float = 0.0,
                 lexicon: Lexicon | None = None, space: int = SPACE, tokens: list[str] = TOKENS):
        self.lm, self.weight, self.oov_penalty, self.word_bonus = lm, weight, oov_penalty, word_bonus
        self.lexicon = lexicon if lexicon is not None else Lexicon.for_tokens(lm, tokens, space)
        self.space = space
        self._scores: dict = {}

    def start(self) -> Cursor:
        return (tuple(self.lm.start()), self.lexicon.root())

    def _score(self, state: tuple, word: int) -> tuple[float, tuple]:
        key = (state, word)
        if key not in self._scores:
            log_prob, after = self.lm.score_id(list(state), word)
            self._scores[key] = (log_prob, tuple(after))
        return self._scores[key]

    @staticmethod
    def spelling(cursor: Cursor) -> bool:
        """Whether a word is being spelled (escaped, or at least one character into the lexicon)."""
        node = cursor[1]
        return node is None or node[2] > 0

    def complete(self, cursor: Cursor) -> tuple[float, tuple]:
        """The score of ending the word being spelled, and the word state after it."""
        state, node = cursor
        word = self.lexicon.word(node) if node is not None else None
        if word is not None:
            log_prob, after = self._score(state, word)
            return self.weight * log_prob + self.word_bonus, after
        log_prob, after = self._score(state, WORD_UNK)
        return self.weight * log_prob + self.word_bonus - (self.oov_penalty if node is not None else 0.0), after

    def step(self, cursor: Cursor, token: int) -> tuple[float, Cursor]:
        """What appending `token` adds, and the cursor after it."""
        state, node = cursor
        if token == self.space:
            if not self.spelling(cursor):
                return 0.0, cursor
            term, after = self.complete(cursor)
            return term, (after, self.lexicon.root())
        if node is None:
            return 0.0, cursor
        longer = self.lexicon.extend(node, token)
        return (-self.oov_penalty if longer is None else 0.0), (state, longer)

    def end(self, cursor: Cursor) -> float:
        """What ending the utterance adds: the last word, then </s>."""
        term, state = self.complete(cursor) if self.spelling(cursor) else (0.0, cursor[0])
        return term + self.weight * self._score(state, WORD_EOS)[0]
