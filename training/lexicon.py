"""The word language model's vocabulary as a prefix tree over the model's tokens (twin of src/core/lexicon.ts).

Word-aware search (ctc_beam.py, decode.py) spells a word token by token; the lexicon says whether the
letters so far begin some vocabulary word, and whether they are one. No tree is stored: the words' token
spellings are sorted, so the words that begin with a given spelling are one contiguous range, and a node is
that range with its depth: (first, end, depth). Extending a node by a token is two binary searches inside its
range on the token at `depth`. A word with a character that is not a token can never be spelled and is left out.
"""
from __future__ import annotations

Node = tuple  # (first, end, depth): entries [first, end) begin with the node's spelling of `depth` tokens


class Lexicon:
    def __init__(self, words: list[str], first_word: int, token_of: dict[str, int]):
        """`words` by id (ids below `first_word` are specials); `token_of`: a character's token id."""
        entries = []
        for i in range(first_word, len(words)):
            spelling = [token_of.get(c) for c in words[i]]
            if spelling and None not in spelling:
                entries.append((tuple(spelling), i))
        entries.sort()  # by spelling, token by token (a spelling before its extensions)
        self.spellings = [e[0] for e in entries]
        self.word_ids = [e[1] for e in entries]

    @classmethod
    def for_tokens(cls, lm, tokens: list[str], space: int) -> "Lexicon":
        """The vocabulary of a WordLM spelled with the model's tokens (one character each; not the space)."""
        from .word_lm_counts import SPECIALS
        token_of = {t: i for i, t in enumerate(tokens) if len(t) == 1 and i != space and not t.startswith("<")}
        return cls(lm.words, len(SPECIALS), token_of)

    def __len__(self) -> int:
        return len(self.spellings)

    def root(self) -> Node:
        return (0, len(self.spellings), 0)

    def _token_at(self, i: int, depth: int) -> int:
        spelling = self.spellings[i]
        return spelling[depth] if depth < len(spelling) else -1

    def _first_at_least(self, first: int, end: int, depth: int, token: int) -> int:
        """The first entry in [first, end) whose token at `depth` is >= token (a spelling that ends there: -1)."""
        low, high = first, end
        while low < high:
            mid = (low + high) // 2
            if self._token_at(mid, depth) < token:
                low = mid + 1
            else:
                high = mid
        return low

    def extend(self, node: Node, token: int) -> Node | None:
        """The node after one more token, or None when no vocabulary word begins so."""
        first, end, depth = node
        low = self._first_at_least(first, end, depth, token)
        high = self._first_at_least(low, end, depth, token + 1)
        return (low, high, depth + 1) if low < high else None

    def word(self, node: Node) -> int | None:
        """The word id the node spells, when it spells a whole vocabulary word."""
        first, end, depth = node
        return self.word_ids[first] if first < end and len(self.spellings[first]) == depth else None
