"""WER / CER with substitutions, deletions and insertions (Levenshtein alignment).

Text is normalised the same way as training text (corpus/text.py) before scoring; src/core's scorer
is its twin.
"""
from __future__ import annotations


def edit_counts(reference: list, hypothesis: list) -> tuple[int, int, int, int]:
    """(substitutions, deletions, insertions, reference length) of a minimum-edit alignment."""
    n, m = len(reference), len(hypothesis)
    # each cell: (cost, subs, dels, ins)
    previous = [(j, 0, 0, j) for j in range(m + 1)]
    for i in range(1, n + 1):
        current = [(i, 0, i, 0)]
        for j in range(1, m + 1):
            if reference[i - 1] == hypothesis[j - 1]:
                best = previous[j - 1]
            else:
                c, s, d, ins = previous[j - 1]
                best = (c + 1, s + 1, d, ins)
            c, s, d, ins = previous[j]
            if c + 1 < best[0]:
                best = (c + 1, s, d + 1, ins)
            c, s, d, ins = current[j - 1]
            if c + 1 < best[0]:
                best = (c + 1, s, d, ins + 1)
            current.append(best)
        previous = current
    _, s, d, ins = previous[m]
    return s, d, ins, n


class Tally:
    def __init__(self):
        self.s = self.d = self.i = self.n = 0

    def add(self, reference: list, hypothesis: list):
        s, d, i, n = edit_counts(reference, hypothesis)
        self.s, self.d, self.i, self.n = self.s + s, self.d + d, self.i + i, self.n + n

    def rate(self) -> float:
        return (self.s + self.d + self.i) / max(1, self.n)
