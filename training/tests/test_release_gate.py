"""The release gate: better on Common Voice and speechocean762, at most a point worse elsewhere."""
import unittest

from training.card import DEFAULT_DECODER
from training.release_gate import verdict


def evaluation(**wer):
    return {name.replace("_", "-"): {"rows": [{"window": "full", "decoder": DEFAULT_DECODER, "wer": w},
                                               {"window": "16/2", "decoder": DEFAULT_DECODER, "wer": 0.0}]}
            for name, w in wer.items()}


class ReleaseGateTest(unittest.TestCase):
    def test_the_first_cpu_fine_tune_is_refused_for_speechocean762_and_the_held_out_voice(self):
        before = evaluation(commonvoice_test=88.1, so762_adult200=41.47, heldout_tts=14.71, fsdd_theo=2.0)
        after = evaluation(commonvoice_test=78.71, so762_adult200=43.64, heldout_tts=19.44, fsdd_theo=1.0)
        self.assertEqual(verdict(before, after), ["so762-adult200: 41.47 -> 43.64 % WER, must improve",
                                                  "heldout-tts: 14.71 -> 19.44 % WER, more than 1.0 point lost"])

    def test_better_where_it_must_be_and_within_a_point_elsewhere_passes(self):
        before = evaluation(commonvoice_test=88.1, so762_adult200=41.47, fsdd_theo=2.0)
        after = evaluation(commonvoice_test=60.0, so762_adult200=41.0, fsdd_theo=3.0)
        self.assertEqual(verdict(before, after), [])

    def test_a_set_that_must_improve_but_was_not_evaluated_refuses(self):
        self.assertEqual(verdict(evaluation(so762_adult200=41.0), evaluation(so762_adult200=40.0)),
                         ["commonvoice-test: not evaluated"])


if __name__ == "__main__":
    unittest.main()


class DefaultDecoderChangeTest(unittest.TestCase):
    def test_each_evaluation_is_judged_by_its_own_default_decoder(self):
        # the bundle before had no word model (its default AT beam search), the new one rescores the word beam
        from training.card import DEFAULT_DECODERS
        old, new = DEFAULT_DECODERS[1], DEFAULT_DECODERS[0]
        before = {"so762-adult200": {"rows": [{"window": "full", "decoder": old, "wer": 41.5}]},
                  "commonvoice-test": {"rows": [{"window": "full", "decoder": old, "wer": 87.0}]}}
        after = {"so762-adult200": {"rows": [{"window": "full", "decoder": old, "wer": 42.0}, {"window": "full", "decoder": new, "wer": 39.0}]},
                 "commonvoice-test": {"rows": [{"window": "full", "decoder": old, "wer": 88.0}, {"window": "full", "decoder": new, "wer": 86.5}]}}
        self.assertEqual(verdict(before, after), [])
        after["commonvoice-test"]["rows"][1]["wer"] = 87.5
        self.assertEqual(verdict(before, after), ["commonvoice-test: 87.0 -> 87.5 % WER, must improve"])
