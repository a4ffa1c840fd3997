"""The reserved-prompt filter removes evaluation prompts whatever their casing or punctuation."""
import os
import tempfile
import unittest

from training.corpus.reserved import DEFAULT_RESERVED_TSV, ReservedFilter, read_reserved_tsv
from training.corpus.sentences import build_pool

RESERVED = ["Author of the danger trail, Philip Steels, etc.",
            "For the twentieth time that evening the two men shook hands."]


class ReservedFilterTest(unittest.TestCase):
    def setUp(self):
        self.filter = ReservedFilter(RESERVED)

    def test_exact_and_odd_casing_are_removed(self):
        self.assertTrue(self.filter.is_reserved("For the twentieth time that evening the two men shook hands."))
        self.assertTrue(self.filter.is_reserved("FOR THE TWENTIETH TIME -- that evening, the two men shook HANDS!!"))
        self.assertTrue(self.filter.is_reserved("author of the danger trail philip steels etc"))

    def test_containing_a_reserved_prompt_is_removed(self):
        self.assertTrue(self.filter.is_reserved('He wrote: "For the twentieth time that evening the two men shook hands."'))

    def test_other_sentences_are_kept(self):
        kept = self.filter.keep(["The two men shook hands.", "For the twentieth time.", "hello there"])
        self.assertEqual(kept, ["The two men shook hands.", "For the twentieth time.", "hello there"])

    def test_reads_tsv(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "reserved.tsv")
            with open(path, "w", encoding="utf-8") as f:
                f.write("arctic_a0001\tAuthor of the danger trail, Philip Steels, etc.\n\n")
            self.assertEqual(read_reserved_tsv(path), ["Author of the danger trail, Philip Steels, etc."])
            # the TSV alone: the test transcripts come from ../shared/data, which a checkout need not have beside it
            self.assertTrue(ReservedFilter.from_tsv(path, with_tests=False).is_reserved("AUTHOR OF THE DANGER TRAIL PHILIP STEELS ETC"))

    @unittest.skipUnless(os.path.exists(DEFAULT_RESERVED_TSV), "../shared/data not beside the checkout")
    def test_shared_reserved_list(self):
        sentences = read_reserved_tsv()
        self.assertGreater(len(sentences), 1000)
        f = ReservedFilter.from_tsv()
        self.assertTrue(all(f.is_reserved(s.upper()) for s in sentences))


class PoolFilterTest(unittest.TestCase):
    def test_pool_drops_reserved_sentences(self):
        from training.corpus import sentences, text_sources
        fake = lambda roots: iter(["The two men shook hands.", "for the twentieth time that evening, "
                                   "the two men shook hands", "It was 3 o'clock.", "It was 3 o'clock!"])
        saved = dict(text_sources.SOURCES)
        try:
            sentences.SOURCES["fake"] = (fake, "test")
            pool = build_pool(ReservedFilter(RESERVED), sources=["fake"])
        finally:
            sentences.SOURCES.clear()
            sentences.SOURCES.update(saved)
        self.assertEqual(sorted(p["text"] for p in pool), ["it was three o'clock", "the two men shook hands"])


if __name__ == "__main__":
    unittest.main()
