"""The character language model: smoothing gives proper distributions, the file round-trips, lookups back off."""
import math
import os
import tempfile
import unittest

import numpy as np

from training import lm
from training.tokens import SOS_EOS, TOKENS, encode

SENTENCES = ["the cat sat on the mat", "the dog sat on the log", "a cat and a dog", "the cat ran"] * 3


class CharacterLMTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.contexts, cls.log_probs = lm.build(SENTENCES, order=4, min_count=1)
        cls.folder = tempfile.TemporaryDirectory()
        cls.path = os.path.join(cls.folder.name, "lm.bin")
        lm.write(cls.path, 4, cls.contexts, cls.log_probs)
        cls.model = lm.CharacterLM(cls.path)

    @classmethod
    def tearDownClass(cls):
        cls.folder.cleanup()

    def test_every_row_is_a_distribution_over_characters_and_end(self):
        sums = np.exp(self.log_probs).sum(1)
        np.testing.assert_allclose(sums, 1.0, atol=1e-9)
        never = [TOKENS.index(t) for t in ("<blank>", "<unk>", "<mask>")]
        self.assertTrue(np.all(self.log_probs[:, never] < -60))  # specials are never predicted

    def test_context_learned_from_the_text(self):
        after = self.model.log_probs(encode("the ca"))
        self.assertEqual(TOKENS[int(np.argmax(after))], "t")  # "cat" every time
        self.assertGreater(math.exp(after[encode("t")[0]]), 0.8)

    def test_end_of_sentence_is_predicted_where_sentences_end(self):
        end = self.model.log_probs(encode("the cat ran"))[SOS_EOS]
        middle = self.model.log_probs(encode("the ca"))[SOS_EOS]
        self.assertGreater(end, math.log(0.3))
        self.assertLess(middle, end - 3)

    def test_unseen_history_backs_off_to_a_shorter_context(self):
        # "qz" never occurs: the lookup falls back to the empty context, whose row is the (smoothed) unigram
        unseen = self.model.log_probs(encode("qz"))
        empty = self.model.rows[self.model.index[0]]
        np.testing.assert_array_equal(unseen, empty)
        # the empty history is the sentence start, which is stored: sentences begin with "t" or "a"
        start = self.model.log_probs([])
        self.assertGreater(start[encode("t")[0]], start[encode("o")[0]])

    def test_file_round_trip_is_the_quantised_table(self):
        stored = np.stack([self.model.rows[self.model.index[int(c)]] for c in self.contexts])
        self.assertLessEqual(float(np.max(np.abs(np.maximum(self.log_probs, -255 * lm.STEP) - stored))), lm.STEP / 2 + 1e-9)
        self.assertEqual(self.model.order, 4)

    def test_pruning_keeps_every_suffix_of_a_kept_context(self):
        contexts, _ = lm.build(SENTENCES, order=4, min_count=6)
        kept = set(int(c) for c in contexts)
        for code in kept:
            self.assertIn(code % lm.BASE ** max(0, self.length(code) - 1), kept)

    @staticmethod
    def length(code: int) -> int:
        n = 0
        while code:
            code //= lm.BASE
            n += 1
        return n


if __name__ == "__main__":
    unittest.main()


class PlainTextTest(unittest.TestCase):
    def test_plain_and_xz_text_is_normalised_line_by_line(self):
        import lzma
        with tempfile.TemporaryDirectory() as tmp:
            plain, packed = os.path.join(tmp, "a.txt"), os.path.join(tmp, "b.txt.xz")
            with open(plain, "w") as f:
                f.write("The Cat, 2 mats!\n\n  \nIt's fine.\n")
            with lzma.open(packed, "wt") as f:
                f.write("Hello World\n")
            self.assertEqual(lm.read_plain_text(plain), ["the cat two mats", "it's fine"])
            self.assertEqual(lm.read_plain_text(packed), ["hello world"])
