"""The recipe's model claims, checked on a tiny random model: streaming exactness, decoder caches, scorer."""
import itertools
import random
import unittest

import torch

from training.at import teacher_forcing_pair
from training.ctc import PrefixScorer
from training.data import change_level
from training.encoder import LOG_FLOOR, log_power
from training.decode import at_beam, repeats_too_much
from training.model import FULL, Config, Recogniser
from training.score import edit_counts
from training.tokens import MASK, decode, encode

TINY = Config(d_model=32, heads=2, ff_dim=64, encoder_layers=2, at_layers=1, nat_layers=1, channels=8, clip=16, dropout=0.0)


def tiny_model(seed=0):
    torch.manual_seed(seed)
    return Recogniser(TINY).eval()


class EncoderInput(unittest.TestCase):
    def test_log_power_undoes_the_front_ends_one_plus(self):
        """ln(1 + p) in, ln(p + floor) out, to float32 precision from 1e-9 to 1e4 (where ln(1 + p) is linear and where it is log)."""
        power = torch.logspace(-9, 4, 200, dtype=torch.float64)
        features = torch.log1p(power).float()
        expected = torch.log(power + LOG_FLOOR).float()
        torch.testing.assert_close(log_power(features), expected, atol=2e-3, rtol=1e-4)
        self.assertAlmostEqual(float(log_power(torch.zeros(1))), float(torch.log(torch.tensor(LOG_FLOOR))), places=5)

    def test_change_level_is_an_offset_in_log_power(self):
        power = torch.logspace(-1, 3, 50, dtype=torch.float64)  # well above the floor at any gain drawn
        features = torch.log1p(power).float()[:, None].repeat(1, 80)
        louder = features.clone()
        change_level(louder, random.Random(3))
        offset = log_power(louder) - log_power(features)
        self.assertGreater(float(offset.abs().min()), 1e-3)
        torch.testing.assert_close(offset, torch.full_like(offset, float(offset.mean())), atol=2e-3, rtol=0)


class EncoderWindows(unittest.TestCase):
    def test_window_slice_equals_full_utterance(self):
        """Frames [a, b) from the feature slice covering [a - left*L, b + right*L) equal the full result."""
        model = tiny_model()
        features = torch.rand(1, 403, 80) * 5
        left, right, layers = 6, 2, TINY.encoder_layers
        win = lambda: (torch.tensor([left]), torch.tensor([right]))
        full, full_len, _ = model.encoder(features, torch.tensor([403]), *win())
        a, b = 40, 60
        start, end = a - left * layers, b + right * layers
        piece = features[:, 4 * start: 4 * (end - 1) + 7]
        part, _, _ = model.encoder(piece, torch.tensor([piece.shape[1]]), *win())
        torch.testing.assert_close(part[:, a - start: b - start], full[:, a:b], atol=1e-5, rtol=1e-4)

    def test_truncation_changes_the_output(self):
        model = tiny_model()
        features = torch.rand(1, 203, 80) * 5
        full, _, _ = model.encoder(features, torch.tensor([203]), torch.tensor([FULL]), torch.tensor([FULL]))
        narrow, _, attention = model.encoder(features, torch.tensor([203]), torch.tensor([2]), torch.tensor([0]))
        self.assertGreater(float((full - narrow).abs().max()), 1e-3)
        # frame 10 may only look at frames 8..10
        self.assertAlmostEqual(float(attention[0, 10, 8:11].sum()), 1.0, places=5)


class ATDecoderCache(unittest.TestCase):
    def test_step_with_cache_equals_teacher_forcing(self):
        model = tiny_model()
        encoded = torch.randn(1, 30, 32)
        lengths = torch.tensor([30])
        tokens = [5, 9, 12, 4, 7]
        inputs, _ = teacher_forcing_pair([tokens])
        forced, _ = model.at(encoded, lengths, inputs)
        cross_k, cross_v = model.at.memory(encoded)
        keys = torch.zeros(1, 1, 2, 8, 16)
        values = torch.zeros_like(keys)
        for position in range(inputs.shape[1]):
            log_probs, keys, values, _ = model.at.step(inputs[:, position:position + 1], torch.tensor([position]),
                                                       cross_k, cross_v, lengths, keys, values)
            torch.testing.assert_close(log_probs[0], forced[0, position], atol=1e-5, rtol=1e-4)

    def test_beam_search_ends_within_the_length_cap(self):
        model = tiny_model()
        encoded = torch.randn(1, 25, 32)
        hypothesis = at_beam(model, encoded, 25, beam=3)
        self.assertLessEqual(len(hypothesis), int(25 * 0.04 * 25) + 11)


class DecoderInput(unittest.TestCase):
    def test_positions_are_not_drowned_by_the_token_embedding(self):
        # Two MASK positions must look different to the NAT decoder's first layer (after its pre-norm),
        # or every masked position gets the same prediction (what the N(0, 1) embedding did: cos 0.997).
        model = Recogniser(Config()).eval()
        x = model.nat.embed_tokens(torch.full((1, 20), MASK), torch.arange(20))
        h = torch.nn.functional.layer_norm(x, (x.shape[-1],))
        cos = torch.nn.functional.cosine_similarity(h[0, 0], h[0, 10], dim=0)
        self.assertLess(float(cos), 0.95)  # 0.87 at unit variance


    def test_nat_memory_carries_absolute_positions(self):
        # Over frames that all sound the same, attention can only differ by where the frames are; the
        # encoder gives relative positions only, so without the memory's own positions it is uniform.
        model = tiny_model()
        encoded = torch.ones(1, 40, 32)
        _, cross = model.nat(encoded, torch.tensor([40]), torch.full((1, 6), MASK), torch.tensor([6]))
        self.assertGreater(float(cross[0, 0].max() - cross[0, 0].min()), 0.01)


class CTCPrefixScores(unittest.TestCase):
    def setUp(self):
        torch.manual_seed(3)
        self.x = torch.log_softmax(torch.randn(6, 5), -1)  # 6 frames; blank 0, labels 1..4 (4 stands for eos)

    def brute_force(self, prefix):
        """Sum over every frame path whose collapsed labelling starts with `prefix`."""
        total = []
        for path in itertools.product(range(5), repeat=6):
            labels = [k for j, k in enumerate(path) if k != 0 and (j == 0 or path[j - 1] != k)]
            if labels[:len(prefix)] == prefix:
                total.append(sum(float(self.x[t, k]) for t, k in enumerate(path)))
        return float(torch.logsumexp(torch.tensor(total), 0))

    def walk(self, prefix):
        scorer, state, last, scores = PrefixScorer(self.x, 6, eos=4), None, None, None
        state = scorer.initial()
        for c in prefix:
            scores, states = scorer.extend(state, last, [1, 2, 3, 4])
            state, last = states[c - 1], c
        return scorer, state, last, scores

    def test_prefix_score_is_the_probability_of_every_path_that_starts_with_it(self):
        for prefix in ([2], [1, 3], [3, 3], [1, 2, 1]):
            _, _, _, scores = self.walk(prefix)
            self.assertAlmostEqual(scores[prefix[-1] - 1], self.brute_force(prefix), places=6)

    def test_eos_score_is_the_ctc_probability_of_the_whole_labelling(self):
        for prefix in ([2], [3, 3], [1, 2, 1]):
            scorer, state, last, _ = self.walk(prefix)
            eos = scorer.extend(state, last, [4])[0][0]
            loss = torch.nn.functional.ctc_loss(self.x[:, None], torch.tensor([prefix]), torch.tensor([6]), torch.tensor([len(prefix)]),
                                                blank=0, reduction="sum")
            self.assertAlmostEqual(eos, -float(loss), places=5)


class Helpers(unittest.TestCase):
    def test_repetition_guard(self):
        self.assertTrue(repeats_too_much([5, 6, 5, 6, 5, 6, 5, 6]))
        self.assertFalse(repeats_too_much(encode("the cat sat on the mat")))

    def test_tokens_round_trip(self):
        self.assertEqual(decode(encode("don't stop")), "don't stop")

    def test_edit_counts(self):
        self.assertEqual(edit_counts("a b c d".split(), "a x c d e".split()), (1, 0, 1, 4))
        self.assertEqual(edit_counts("a b c".split(), "b c".split()), (0, 1, 0, 3))


if __name__ == "__main__":
    unittest.main()
