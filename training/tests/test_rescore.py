"""Attention rescoring (training/rescore.py): the one pass over the n-best's prefix tree equals one teacher-forced
pass per entry (and the training forward's teacher forcing); the winner's combined score is never below another
entry's; the n-best's first entry is what CTC beam search returns."""
import random
import unittest

import torch

from training.at import teacher_forcing_pair
from training.ctc_beam import Hypothesis, beam_search, n_best
from training.fixtures import load
from training.rescore import PrefixTree, at_scores, combined, rescore


class RescoreTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.model = load(None, '{"d_model": 32, "heads": 2, "ff_dim": 64, "encoder_layers": 1, "at_layers": 2, "nat_layers": 1}')

    def test_one_pass_equals_one_pass_per_entry_and_the_training_forward(self):
        torch.manual_seed(1)
        encoded = torch.randn(1, 40, 32)
        sequences = [[5, 6, 7, 8], [5, 6, 9], [], [5, 6, 7, 8, 10], [11] * 7]
        together = at_scores(self.model, encoded, 30, sequences)
        for sequence, score in zip(sequences, together):
            self.assertAlmostEqual(score, at_scores(self.model, encoded, 30, [sequence])[0], places=4)
        inputs, outputs = teacher_forcing_pair(sequences)
        with torch.no_grad():
            log_probs, _ = self.model.at(encoded[:, :30].expand(len(sequences), -1, -1), torch.full((len(sequences),), 30), inputs)
        for b, score in enumerate(together):
            valid = outputs[b] >= 0
            forward = float(log_probs[b][valid].gather(1, outputs[b][valid][:, None]).sum())
            self.assertAlmostEqual(score, forward, places=4)

    def test_the_pass_gives_one_sequence_cross_attention_as_the_training_forward_does(self):
        torch.manual_seed(2)
        encoded = torch.randn(1, 25, 32)
        sequence = [5, 6, 7, 8, 9]
        tree = PrefixTree([sequence])
        keys, values = self.model.at.memory(encoded)
        with torch.no_grad():
            _, cross = self.model.at.score(torch.tensor([tree.tokens]), torch.tensor(tree.depths), tree.allowed(), keys, values)
            _, forward = self.model.at(encoded, torch.tensor([25]), teacher_forcing_pair([sequence])[0])
        self.assertEqual(tuple(cross.shape), (2, 1, 2, len(sequence) + 1, 25))  # [L, 1, H, T, S]
        self.assertLess(float((cross - forward).abs().max()), 1e-5)

    def test_prefix_tree_scores_shared_prefixes_once(self):
        tree = PrefixTree([[5, 6, 7], [5, 6, 8], [], [5]])
        self.assertEqual(tree.tokens, [2, 5, 6, 7, 8])
        self.assertEqual(tree.paths, [[0, 1, 2, 3], [0, 1, 2, 4], [0], [0, 1]])
        self.assertEqual(tree.allowed().int().tolist(), [[1, 0, 0, 0, 0], [1, 1, 0, 0, 0], [1, 1, 1, 0, 0], [1, 1, 1, 1, 0], [1, 1, 1, 0, 1]])

    def test_the_winner_never_scores_below_another_entry(self):
        rng = random.Random(3)
        for _ in range(200):
            hypotheses = [Hypothesis(tuple([4] * rng.randrange(30)), -50 * rng.random(), -30 * rng.random()) for _ in range(rng.randrange(1, 20))]
            at = [-60 * rng.random() for _ in hypotheses]
            weights = (rng.random(), 2 * rng.random(), 2 * rng.random() - 1)
            best, scores = rescore(hypotheses, at, *weights)
            self.assertEqual(scores[best], max(scores))
            self.assertEqual(scores.index(max(scores)), best)  # the first of equals
            for h, a in zip(hypotheses, at):
                self.assertGreaterEqual(combined(hypotheses[best], at[hypotheses.index(hypotheses[best])], *weights), combined(h, a, *weights) - 1e-12)

    def test_n_best_first_is_beam_search(self):
        torch.manual_seed(2)
        log_probs = torch.log_softmax(torch.randn(30, 32) * 3, dim=-1)
        entries = n_best(log_probs, 30, 8)
        self.assertEqual(list(entries[0].tokens), beam_search(log_probs, 30, 8))
        self.assertEqual(len(entries), len({h.tokens for h in entries}))
        self.assertEqual([h.score() for h in entries], sorted((h.score() for h in entries), reverse=True))


if __name__ == "__main__":
    unittest.main()
