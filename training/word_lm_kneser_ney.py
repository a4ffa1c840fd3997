"""Interpolated modified Kneser-Ney (Chen & Goodman) for the word language model, pruned by count, in backoff form.

Counts: the highest order uses raw counts; a lower order uses continuation counts (how many distinct words
precede the n-gram), except n-grams that open a sentence with <s>, which nothing can precede (raw counts).
Each order has three discounts D1, D2, D3+ from its count-of-counts. Every probability is interpolated:

    p(w | h) = max(a(h w) - D(a), 0) / a(h •) + gamma(h) · p(w | h'),   gamma(h) = (D1 N1(h) + D2 N2(h) + D3 N3+(h)) / a(h •)

with h' the context less its oldest word, and the unigram interpolated with the uniform distribution over
every id but <s>. Discounts, totals and gammas come from the unpruned counts.

Pruning keeps an n-gram of order n >= 2 seen at least min_counts[n - 2] times (raw, in-domain weight included).
The thresholds never decrease with the order, so a kept n-gram's prefix and suffix (seen at least as often) are
kept too: every kept n-gram hangs below its context in the trie, and a backed-off lookup finds its suffix.
What is stored is the backoff form (ARPA's): a kept n-gram's interpolated p, and for each kept n-gram used as a
context a backoff weight b(h) that makes the pruned distribution sum to 1 again:

    b(h) = (1 - sum of p(w | h) over kept h w) / (1 - sum of p(w | h') over the same w)

(without pruning this is gamma(h) exactly). A context with no kept continuation has b = 1.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .word_lm_counts import BOS, ngram_counts


@dataclass
class Order:
    codes: np.ndarray  # kept n-grams, sorted uint64 codes (order 1: every id, dense)
    log_prob: np.ndarray  # ln p(last word | the others), float64 (<s> as a unigram: -inf, never predicted)
    log_backoff: np.ndarray | None  # ln b(n-gram as a context); 0 without kept continuations; None at the top order


@dataclass
class Estimate:
    words: list[str]  # every id's string: the specials, then the vocabulary
    orders: list[Order]
    discounts: list[list[float]]  # D1, D2, D3+ per order
    counts: list[int]  # distinct n-grams per order before pruning

    @property
    def ids(self) -> int:
        return len(self.words)


def discounts(adjusted: np.ndarray) -> list[float]:
    """Modified Kneser-Ney discounts from the count-of-counts; a single absolute discount where a count-of-counts
    is empty (tiny texts) or the estimates fall outside (0, k]."""
    n1, n2, n3, n4 = (int(np.sum(adjusted == k)) for k in range(1, 5))
    y = n1 / (n1 + 2 * n2) if n1 + n2 else 0.5
    if min(n1, n2, n3, n4) > 0:
        d = [1 - 2 * y * n2 / n1, 2 - 3 * y * n3 / n2, 3 - 4 * y * n4 / n3]
        if all(0 < dk <= k + 1 for k, dk in enumerate(d)):
            return d
    y = min(max(y, 0.1), 0.9)
    return [y, y, y]


def discount_of(adjusted: np.ndarray, d: list[float]) -> np.ndarray:
    table = np.array([0.0] + d)
    return table[np.minimum(adjusted, 3)]


def adjusted_counts(raw: list[tuple[np.ndarray, np.ndarray]], n: int, ids: int) -> np.ndarray:
    codes, counts = raw[n - 1]
    if n == len(raw):
        return counts
    longer, _ = raw[n]
    suffix, extensions = np.unique(longer % np.uint64(ids ** n), return_counts=True)
    at = np.minimum(np.searchsorted(suffix, codes), max(len(suffix) - 1, 0))
    found = suffix[at] == codes if len(suffix) else np.zeros(len(codes), dtype=bool)
    continuation = np.where(found, extensions[at] if len(suffix) else 0, 0)
    opens = codes // np.uint64(ids ** (n - 1)) == np.uint64(BOS)
    return np.where(opens, counts, continuation)


def lookup(codes: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """Indices of `wanted` codes in sorted `codes`; every one must be there."""
    at = np.searchsorted(codes, wanted)
    assert np.all(at < len(codes)) and np.all(codes[np.minimum(at, len(codes) - 1)] == wanted), "a kept n-gram's suffix or context was pruned"
    return at


def unigrams(codes: np.ndarray, adjusted: np.ndarray, ids: int) -> tuple[np.ndarray, list[float]]:
    a = np.zeros(ids, dtype=np.int64)
    a[codes.astype(np.int64)] = adjusted
    a[BOS] = 0
    d = discounts(a[a > 0])
    total = float(a.sum())
    gamma = float(np.sum(discount_of(a[a > 0], d))) / total
    p = np.maximum(a - discount_of(a, d), 0) / total + gamma / (ids - 1)
    p[BOS] = 0.0
    return p, d


def higher(n: int, codes: np.ndarray, adjusted: np.ndarray, keep: np.ndarray, ids: int, lower: Order) -> tuple[np.ndarray, list[float]]:
    """Interpolated p of the kept n-grams of order n >= 2 (totals and gammas over all of them)."""
    d = discounts(adjusted)
    context = codes // np.uint64(ids)
    starts = np.ones(len(codes), dtype=bool)
    starts[1:] = context[1:] != context[:-1]  # codes are sorted, so each context's n-grams are contiguous
    group = np.cumsum(starts) - 1
    total = np.bincount(group, weights=adjusted)
    gamma = np.bincount(group, weights=discount_of(adjusted, d)) / total
    g, a = group[keep], adjusted[keep]
    p_lower = np.exp(lower.log_prob[lookup(lower.codes, codes[keep] % np.uint64(ids ** (n - 1)))])
    return (a - discount_of(a, d)) / total[g] + gamma[g] * p_lower, d


def backoffs(context: Order, children: Order, ids: int, n: int) -> np.ndarray:
    """ln b for every kept n-gram of order n as a context of order n + 1 (renormalised after pruning)."""
    parent = lookup(context.codes, children.codes // np.uint64(ids))
    suffix = lookup(context.codes, children.codes % np.uint64(ids ** n))
    size = len(context.codes)
    kept_mass = np.bincount(parent, weights=np.exp(children.log_prob), minlength=size)
    lower_mass = np.bincount(parent, weights=np.exp(context.log_prob[suffix]), minlength=size)
    has = np.bincount(parent, minlength=size) > 0
    b = np.ones(size)
    b[has] = (1 - kept_mass[has]) / (1 - lower_mass[has])
    assert np.all(b > 0), "a backoff weight is not positive"
    return np.log(b)


def estimate(tokens: np.ndarray, words: list[str], order: int, min_counts: list[int]) -> Estimate:
    """The pruned backoff model of the token array (ids of `words`); min_counts[n - 2] for order n >= 2."""
    assert order >= 1 and len(min_counts) >= order - 1
    assert all(a <= b for a, b in zip(min_counts, min_counts[1:order - 1])), "pruning thresholds must not decrease with the order"
    ids = len(words)
    raw = [ngram_counts(tokens, n, ids) for n in range(1, order + 1)]
    orders, found = [], []
    for n in range(1, order + 1):
        codes, counts = raw[n - 1]
        adjusted = adjusted_counts(raw, n, ids)
        assert np.all(adjusted[codes != np.uint64(BOS)] > 0) if n == 1 else np.all(adjusted > 0)
        if n == 1:
            p, d = unigrams(codes, adjusted, ids)
            kept = np.arange(ids, dtype=np.uint64)
        else:
            keep = counts >= min_counts[n - 2]
            p, d = higher(n, codes, adjusted, keep, ids, orders[-1])
            kept = codes[keep]
        with np.errstate(divide="ignore"):
            orders.append(Order(kept, np.log(p), None))
        found.append(d)
    for n in range(1, order):
        orders[n - 1].log_backoff = backoffs(orders[n - 1], orders[n], ids, n)
    return Estimate(words, orders, found, [len(c) for c, _ in raw])
