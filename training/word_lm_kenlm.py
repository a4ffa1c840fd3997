"""KenLM's view of our word model: `python -m training.word_lm_kenlm` (needs PyPI's kenlm module, which only
queries: it has no estimator). Writes the fixture-sized models (orders 3 and 4) as ARPA, scores every fixture
sentence with kenlm's full_scores and with WordLM (unquantised, and words.bin), and prints the worst difference
per word. A measurement rather than a unit test: CI's Python has no kenlm. Measured 2026-12-07 (kenlm 0.3.0):
order 3 8.5e-07 / 0.012 nats, order 4 6.8e-07 / 0.013 (unquantised / words.bin); on the real model, dev150 and
300 pool sentences: worst 1.4e-06 / 0.066."""
from __future__ import annotations

import math
import os
import tempfile

import kenlm

from .word_lm import WordLM
from .word_lm_counts import EOS, SPECIALS, choose_vocabulary, token_ids, word_counts
from .word_lm_file import write, write_arpa
from .word_lm_fixture import NOVEL, sentences
from .word_lm_kneser_ney import estimate


def worst_differences(model, text: list[str]) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        arpa, binary = os.path.join(tmp, "words.arpa"), os.path.join(tmp, "words.bin")
        write_arpa(arpa, model)
        write(binary, model)
        reference = kenlm.Model(arpa)
        exact, stored = WordLM.from_estimate(model), WordLM(binary)
    worst_exact = worst_stored = 0.0
    for s in text:
        theirs = [lp * math.log(10) for lp, _, _ in reference.full_scores(s)]
        state_e, state_s = exact.start(), stored.start()
        for word, their in zip(s.split() + ["</s>"], theirs):
            wid = EOS if word == "</s>" else exact.word_id(word)
            (mine_e, state_e), (mine_s, state_s) = exact.score_id(state_e, wid), stored.score_id(state_s, wid)
            worst_exact, worst_stored = max(worst_exact, abs(mine_e - their)), max(worst_stored, abs(mine_s - their))
    return worst_exact, worst_stored


def main():
    text = sentences()
    for order, min_counts in ((3, [2, 3]), (4, [2, 2, 3])):
        words = SPECIALS + choose_vocabulary(word_counts(text), 100)
        model = estimate(token_ids(text, words[len(SPECIALS):]), words, order, min_counts)
        exact, stored = worst_differences(model, text + NOVEL)
        print(f"order {order}, {len(text + NOVEL)} sentences: worst |kenlm - ours| {exact:.2e} unquantised, {stored:.2e} words.bin (ln, per word)")


if __name__ == "__main__":
    main()
