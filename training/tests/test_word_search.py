"""Word-aware CTC prefix beam search: without a word model it is ctc_beam.py's search; the word model turns a
near-miss into a vocabulary word and the escape lets an unknown word through at a small penalty only; the lexicon
finds words and prefixes; the committed parity fixture (src/core/word-search.test.ts) is what the generator writes."""
import pathlib
import subprocess
import sys
import tempfile
import unittest

import numpy as np
import torch

from training.ctc_beam import beam_search
from training.lexicon import Lexicon
from training.lm import CharacterLM
from training.tokens import TOKENS, decode, encode
from training.word_fusion import WordFusion
from training.word_lm import WordLM
from training.word_search import best, word_beam_search

REPO = pathlib.Path(__file__).resolve().parents[2]
FIXTURES = REPO / "src/core/fixtures"


def spoken(text: str, noise: float, seed: int, raise_: float = 4.0, second: dict | None = None) -> torch.Tensor:
    """Each character two frames then a blank, over seeded noise; `second` {position: character} one below."""
    rng = np.random.default_rng(seed)
    rows = []
    for i, c in enumerate(encode(text)):
        for token in (c, c, 0):
            row = noise * rng.standard_normal(len(TOKENS))
            row[token] += raise_
            if second and i in second and token != 0:
                row[encode(second[i])[0]] += raise_ - 1
            rows.append(row)
    return torch.log_softmax(torch.tensor(np.array(rows), dtype=torch.float32), -1)


class WordSearchTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.words = WordLM(str(FIXTURES / "word-lm/words.bin"))
        cls.chars = CharacterLM(str(FIXTURES / "word-search/lm.bin"))

    def test_without_a_word_model_it_is_the_ctc_beam_search(self):
        for seed, noise in [(1, 1.6), (2, 2.0), (3, 2.4)]:
            x = spoken("the baker sold a red boat", noise, seed)
            for lm, weight in [(None, 0.0), (self.chars, 0.6)]:
                self.assertEqual(best(x, len(x), 6, lm, weight, 1.0), beam_search(x, len(x), 6, lm, weight, 1.0))

    def test_the_word_model_picks_vocabulary_words(self):
        near = spoken("the red boad", 0.3, 5, 3.0, {11: "t"})
        search = lambda weight, penalty: decode(best(near, len(near), 16, words=WordFusion(self.words, weight, penalty)))
        self.assertEqual(search(0.0, 0.0), "the red boad")
        self.assertEqual(search(1.0, 30.0), "the red boat")

    def test_n_best_is_sorted_and_scores_add_up(self):
        x = spoken("the baker painted the red boat", 1.2, 7)
        words = WordFusion(self.words, 0.7, 5.0)
        n_best = word_beam_search(x, len(x), 8, self.chars, 0.5, 1.5, words)
        self.assertEqual(len(n_best), 8)
        self.assertEqual([h.score for h in n_best], sorted((h.score for h in n_best), reverse=True))
        # the best one's score: CTC + its characters under both models + bonuses + the end
        h = n_best[0]
        cursor, fusion, history, word_terms = words.start(), 0.0, [], 0.0
        for k in h.tokens:
            term, cursor = words.step(cursor, k)
            fusion += 1.5 + 0.5 * float(self.chars.log_probs(history)[k]) + term
            word_terms += term
            history.append(k)
        expected = h.ctc + fusion + 0.5 * float(self.chars.log_probs(history)[2]) + words.end(cursor)
        self.assertAlmostEqual(h.score, expected, places=9)
        # vocabulary words only: the word terms are the weighted sentence score
        spelled = decode(h.tokens).split()
        self.assertTrue(all(self.words.word_id(w) for w in spelled), spelled)
        self.assertAlmostEqual(word_terms + words.end(cursor), 0.7 * self.words.sentence_score(spelled), places=9)

    def test_lexicon_finds_words_and_prefixes(self):
        token_of = {t: i for i, t in enumerate(TOKENS) if len(t) == 1 and t != " "}
        lexicon = Lexicon(["<unk>", "<s>", "</s>", "at", "ate", "bat", "a", "café", "atom"], 3, token_of)

        def walk(spelling):
            node = lexicon.root()
            for c in spelling:
                node = node and lexicon.extend(node, token_of[c])
            return node

        self.assertEqual(len(lexicon), 5)
        self.assertEqual([lexicon.word(walk(w)) for w in ["a", "at", "ate", "atom"]], [6, 3, 4, 8])
        self.assertIsNone(lexicon.word(walk("ato")))
        self.assertIsNone(walk("atx"))
        self.assertIsNone(walk("c"))

    def test_committed_fixture_is_what_the_generator_writes(self):
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run([sys.executable, "-m", "training.word_search_fixture", "--out", tmp], check=True, cwd=REPO, capture_output=True)
            for name in ("lm.bin", "ctc.f32", "expected.json"):
                self.assertEqual(pathlib.Path(tmp, name).read_bytes(), (FIXTURES / "word-search" / name).read_bytes(), name)


if __name__ == "__main__":
    unittest.main()
