"""CTC prefix beam search: without a language model and with a wide beam it finds the most probable
labelling (checked against summing every path); the language model and the length bonus move it."""
import itertools
import math
import unittest

import numpy as np
import torch

from training.ctc_beam import beam_search, log_add
from training.tokens import BLANK, SOS_EOS


def collapse(path):
    out, previous = [], None
    for k in path:
        if k != previous and k != BLANK:
            out.append(k)
        previous = k
    return tuple(out)


def labelling_probabilities(log_probs: np.ndarray) -> dict:
    totals = {}
    for path in itertools.product(range(log_probs.shape[1]), repeat=log_probs.shape[0]):
        lp = sum(log_probs[t, k] for t, k in enumerate(path))
        key = collapse(path)
        totals[key] = log_add(totals.get(key, float("-inf")), lp)
    return totals


class FixedLM:
    """log_probs(history) = the same row whatever the history."""

    def __init__(self, row):
        self.row = np.asarray(row, dtype=np.float64)

    def log_probs(self, history):
        return self.row


class CtcBeamTest(unittest.TestCase):
    def test_a_wide_beam_finds_the_most_probable_labelling(self):
        generator = torch.Generator().manual_seed(3)
        for trial in range(20):
            log_probs = torch.log_softmax(2 * torch.randn(5, 4, generator=generator), -1)
            totals = labelling_probabilities(log_probs.double().numpy())
            best = max(totals, key=totals.get)
            self.assertEqual(tuple(beam_search(log_probs, 5, beam=200)), best, f"trial {trial}")

    def test_it_can_beat_the_best_path(self):
        # Best path: blank blank -> "" (0.36); but "a" collects 0.64 over its paths (a a, a blank, blank a).
        a = 5
        p = torch.full((2, 8), 1e-9)
        p[:, BLANK], p[:, a] = 0.6, 0.4
        log_probs = torch.log(p / p.sum(1, keepdim=True))
        self.assertEqual(beam_search(log_probs, 2, beam=4), [a])

    def test_the_language_model_and_the_bonus_move_the_choice(self):
        b, c = 5, 6
        p = torch.full((3, 8), 1e-6)
        p[:, BLANK] = 0.2
        p[1, b], p[1, c] = 0.42, 0.38  # b slightly more likely than c in the middle frame
        log_probs = torch.log(p / p.sum(1, keepdim=True))
        self.assertEqual(beam_search(log_probs, 3, beam=8), [b])
        row = np.full(32, -10.0)
        row[c], row[b], row[SOS_EOS] = math.log(0.2), math.log(0.05), math.log(0.5)
        self.assertEqual(beam_search(log_probs, 3, beam=8, lm=FixedLM(row), lm_weight=1.0, length_bonus=3.0), [c])
        # Without the bonus what a character costs the language model (log 0.2) outweighs c over blank.
        self.assertEqual(beam_search(log_probs, 3, beam=8, lm=FixedLM(row), lm_weight=1.0), [])

    def test_no_frames_no_tokens(self):
        self.assertEqual(beam_search(torch.zeros(0, 8), 0, beam=4), [])


if __name__ == "__main__":
    unittest.main()
