"""The word language model: Kneser-Ney distributions sum to 1, pruning shrinks the file, the file reads back as
the estimate (up to its levels), reserved text never reaches the counts, the committed fixture is what the stage
writes. (KenLM's agreement with our ARPA file is a measurement, not a test: python3 -m training.word_lm_kenlm.)"""
import json
import math
import os
import pathlib
import subprocess
import sys
import tempfile
import unittest
from collections import Counter

import numpy as np

from training.corpus.reserved import DEFAULT_RESERVED_TSV, read_reserved_tsv
from training.word_lm import WordLM
from training.word_lm_counts import BOS, EOS, SPECIALS, UNK, choose_vocabulary, ngram_counts, token_ids, word_counts
from training.word_lm_file import write, write_arpa
from training.word_lm_fixture import NOVEL, sentences
from training.word_lm_kneser_ney import estimate

REPO = pathlib.Path(__file__).resolve().parents[2]
FIXTURE = REPO / "src/core/fixtures/word-lm"
TEXT = sentences()
SHARED = os.path.exists(DEFAULT_RESERVED_TSV)


def build(text, vocabulary=100, order=3, min_counts=(2, 3)):
    words = SPECIALS + choose_vocabulary(word_counts(text), vocabulary)
    return estimate(token_ids(text, words[len(SPECIALS):]), words, order, list(min_counts))


def contexts(lm: WordLM) -> list[list[int]]:
    """Every state the model can be in: the empty one and each stored n-gram below the top order that has
    continuations (state minimisation keeps no other)."""
    out = [[]]
    for length in range(1, lm.order):
        child = lm.child[length - 1]
        for entry in np.nonzero(child[1:] > child[:-1])[0]:
            out.append(ngram_of(lm, length, int(entry)))
    return out


def ngram_of(lm: WordLM, length: int, entry: int) -> list[int]:
    ids = [entry if length == 1 else int(lm.word[length - 1][entry])]
    for n in range(length - 1, 0, -1):  # the parent is the entry whose continuation range holds this one
        entry = int(np.searchsorted(lm.child[n - 1], entry, side="right") - 1)
        ids.insert(0, entry if n == 1 else int(lm.word[n - 1][entry]))
    return ids


def totals(lm: WordLM) -> np.ndarray:
    predictable = [i for i in range(lm.ids) if i != BOS]
    return np.array([sum(math.exp(lm.score_id(state, w)[0]) for w in predictable) for state in contexts(lm)])


class EstimateTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.model = build(TEXT)
        cls.folder = tempfile.TemporaryDirectory()
        cls.path = os.path.join(cls.folder.name, "words.bin")
        cls.bytes = write(cls.path, cls.model)

    @classmethod
    def tearDownClass(cls):
        cls.folder.cleanup()

    def test_every_context_sums_to_one_over_words_end_and_unk(self):
        exact = WordLM.from_estimate(self.model)
        sums = totals(exact)
        self.assertGreater(len(sums), 300)  # unigram and bigram contexts, pruned and not
        np.testing.assert_allclose(sums, 1.0, atol=1e-3)
        self.assertLess(float(np.max(np.abs(sums - 1))), 1e-9)
        quantised = totals(WordLM(self.path))
        self.assertLess(float(np.max(np.abs(quantised - 1))), 0.02)

    def test_order_four_sums_to_one_too(self):
        model = build(TEXT, order=4, min_counts=(2, 2, 3))
        self.assertGreater(len(model.orders[3].codes), 100)
        self.assertLess(float(np.max(np.abs(totals(WordLM.from_estimate(model)) - 1))), 1e-9)
        path = os.path.join(self.folder.name, "order4.bin")
        write(path, model)
        self.assertLess(float(np.max(np.abs(totals(WordLM(path)) - 1))), 0.02)

    def test_file_reads_back_as_the_estimate_up_to_its_levels(self):
        exact, stored = WordLM.from_estimate(self.model), WordLM(self.path)
        for s in TEXT[:100] + NOVEL:
            words = s.split()
            self.assertAlmostEqual(exact.sentence_score(words), stored.sentence_score(words), delta=0.05 * (len(words) + 1))
        self.assertEqual(os.path.getsize(self.path), self.bytes)
        self.assertEqual(stored.words, self.model.words)

    def test_pruning_shrinks_the_file_and_keeps_prefixes_and_suffixes(self):
        full = build(TEXT, min_counts=(1, 1))
        path = os.path.join(self.folder.name, "full.bin")
        self.assertGreater(write(path, full), self.bytes)
        for n in (1, 2):
            self.assertGreater(len(full.orders[n].codes), len(self.model.orders[n].codes))
        ids = np.uint64(self.model.ids)
        trigrams, bigrams = self.model.orders[2].codes, self.model.orders[1].codes
        self.assertTrue(np.all(np.isin(trigrams // ids, bigrams)) and np.all(np.isin(trigrams % (ids * ids), bigrams)))

    def test_text_decides_the_scores(self):
        lm = WordLM(self.path)
        self.assertGreater(lm.score(["the"], "baker"), lm.score(["the"], "yes"))
        self.assertGreater(lm.score(["two", "baskets"], "of"), math.log(0.5))
        self.assertGreater(lm.score(["good", "morning"], "</s>"), lm.score(["good"], "</s>"))
        self.assertEqual(lm.score(["zebra"], "the"), lm.score(["xylophone"], "the"))  # both <unk>
        self.assertEqual(lm.word_id("zebra"), UNK)


class PoolTest(unittest.TestCase):
    def test_the_held_out_voices_sentences_stay_out_of_the_pool(self):
        from training.corpus.sentences import is_heldout_sentence
        from training.word_lm_text import pool_texts
        from training.corpus.text import normalise
        candidates = [normalise(f"sentence number {n} of the pool") for n in range(10_000)]  # as the pool holds them
        held = next(s for s in candidates if is_heldout_sentence(s))
        kept = next(s for s in candidates if not is_heldout_sentence(s))
        with tempfile.TemporaryDirectory() as tmp:
            pool = os.path.join(tmp, "sentences.jsonl")
            pathlib.Path(pool).write_text("".join(json.dumps({"text": t, "source": "wordnet"}) + "\n" for t in (held, kept)))
            self.assertEqual(list(pool_texts(pool)), [kept])


class CountsTest(unittest.TestCase):
    def test_vocabulary_is_the_most_frequent_ties_by_bytes_in_byte_order(self):
        counts = Counter({"pear": 3, "apple": 2, "fig": 2, "kiwi": 2, "date": 1})
        self.assertEqual(choose_vocabulary(counts, 3), ["apple", "fig", "pear"])

    def test_ngrams_stay_inside_sentences(self):
        tokens = token_ids(["a b", "c"], ["a", "b", "c"])
        np.testing.assert_array_equal(tokens, [BOS, 3, 4, EOS, BOS, 5, EOS])
        codes, counts = ngram_counts(tokens, 3, 6)
        decoded = sorted((int(c) // 36, int(c) // 6 % 6, int(c) % 6) for c in codes)
        self.assertEqual(decoded, [(BOS, 3, 4), (BOS, 5, EOS), (3, 4, EOS)])
        codes, _ = ngram_counts(tokens, 1, 6)
        self.assertNotIn(BOS, codes.tolist())


@unittest.skipUnless(SHARED, "../shared/data not beside the checkout")
class StageTest(unittest.TestCase):
    """The stage as the recipe runs it (the real reserved filter)."""

    def test_reserved_prompt_and_test_transcript_never_reach_the_counts(self):
        from training.corpus.real_data import test_transcripts
        prompt = read_reserved_tsv()[0]
        transcript = next(t for t in test_transcripts() if len(t.split()) >= 4)
        with tempfile.TemporaryDirectory() as tmp:
            text = os.path.join(tmp, "text.txt")
            manifest = os.path.join(tmp, "train.jsonl")
            pathlib.Path(text).write_text("\n".join(TEXT[:50] + [prompt.upper(), "he said: " + transcript]) + "\n")
            rows = [{"text": transcript, "source": "commonvoice"}, {"text": "the lamp went out", "source": "commonvoice"}]
            pathlib.Path(manifest).write_text("".join(json.dumps(r) + "\n" for r in rows))
            out = os.path.join(tmp, "words.bin")
            subprocess.run([sys.executable, "-m", "training.word_lm", "--plain-text", text, "--in-domain", manifest,
                            "--vocabulary", "100000", "--min-counts", "1", "--out", out], check=True, cwd=REPO, capture_output=True)
            info = json.loads(pathlib.Path(out + ".json").read_text())
            vocabulary = set(WordLM(out).words)
        self.assertEqual([s["reserved"] for s in info["sources"]], [2, 1])
        self.assertEqual(info["inDomainSentences"], 1)
        self.assertEqual(info["words"], len(" ".join(TEXT[:50]).split()) + 20 * len("the lamp went out".split()))
        fixture_words = set(" ".join(TEXT[:50] + ["the lamp went out"]).split())
        self.assertEqual(vocabulary - set(SPECIALS), fixture_words)

    def test_committed_fixture_is_what_the_stage_writes(self):
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run([sys.executable, "-m", "training.word_lm_fixture", "--out", tmp], check=True, cwd=REPO, capture_output=True)
            for name in ("sentences.txt", "words.bin", "scores.json"):
                self.assertEqual(pathlib.Path(tmp, name).read_bytes(), (FIXTURE / name).read_bytes(), name)


if __name__ == "__main__":
    unittest.main()
