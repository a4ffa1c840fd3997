"""Spelled-letter text: only letters and digit words, halves of the vocabulary kept apart, reserved lines dropped."""
import json
import os
import tempfile
import unittest

from training.corpus.reserved import ReservedFilter
from training.corpus.spelled import DIGITS, TENS, half_of, pool_words, spelled_lines


class SpelledTest(unittest.TestCase):
    def test_lines_are_letters_and_digit_words(self):
        lines = list(spelled_lines(["douglas", "street"], 300, seed=0, reserved=ReservedFilter([])))
        self.assertEqual(len(lines), 300)
        allowed = set("abcdefghijklmnopqrstuvwxyz") | set(DIGITS) | set(TENS)
        for line in lines:
            self.assertTrue(set(line.split()) <= allowed, line)
        self.assertIn("d o u g l a s", lines)  # a pool word, spelled

    def test_reserved_lines_never_come_out(self):
        reserved = ReservedFilter(["d o u g l a s"])
        lines = list(spelled_lines(["douglas", "street"], 200, seed=0, reserved=reserved))
        self.assertTrue(all("d o u g l a s" not in line for line in lines))
        self.assertEqual(len(lines), 200)

    def test_text_and_dev_spell_different_words(self):
        with tempfile.TemporaryDirectory() as folder:
            pool = os.path.join(folder, "sentences.jsonl")
            with open(pool, "w") as f:
                for text in ["the quick brown fox jumps over the lazy dog", "an old street with douglas firs"]:
                    f.write(json.dumps({"text": text}) + "\n")
            text, dev = pool_words(pool, "text"), pool_words(pool, "dev")
        self.assertFalse(set(text) & set(dev))
        self.assertEqual(sorted(text + dev), sorted({"the", "quick", "brown", "fox", "jumps", "over", "lazy", "dog",
                                                     "old", "street", "with", "douglas", "firs"}))
        self.assertTrue(all(half_of(w) == "text" for w in text))


if __name__ == "__main__":
    unittest.main()
