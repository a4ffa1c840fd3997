"""The card's targets table is computed from the evaluate stage's rows, not written by hand."""
import unittest

from training.card import targets


def rows(**wer):
    return {"rows": [{"window": "full", "decoder": d.replace("_", "+"), "wer": w} for d, w in wer.items()]
            + [{"window": "16/2", "decoder": "ctc", "wer": 0.0}]}


class Targets(unittest.TestCase):
    def test_each_target_reads_the_full_context_rows(self):
        found = targets({"so762-adult200": rows(ctc=50.0, at=60.0, at_ctc=38.0, nat=42.0),
                         "heldout-tts": rows(ctc=9.0, at=4.5, at_ctc=6.0, nat=7.0),
                         "fsdd-theo": rows(ctc=5.0, at=3.5, at_ctc=4.0, nat=6.0)})
        self.assertEqual([(t["measured"], t["met"]) for t in found], [
            ("38.0 % (at+ctc)", True), ("4.5 % (at)", True), ("3.5 % (at)", False),
            ("NAT 42.0 % vs AT 38.0 %: +10.5 % relative", True)])

    def test_a_set_not_evaluated_is_left_out(self):
        self.assertEqual(targets({"fsdd-theo": rows(ctc=2.0)}), [{"target": "FSDD digits WER <= 3 %", "measured": "2.0 % (ctc)", "met": True}])


if __name__ == "__main__":
    unittest.main()
