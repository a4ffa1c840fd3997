"""The Mask-CTC sweep: a figure for every (threshold, k) pair, and with nothing masked the NAT is the CTC."""
import tempfile
import unittest

import torch

from training.model import Recogniser
from training.nat_sweep import sweep, table
from training.tests.test_evaluate import TINY, two_utterances


class NatSweepTest(unittest.TestCase):
    def test_every_pair_and_no_mask_equals_ctc(self):
        torch.manual_seed(0)
        model = Recogniser(TINY).eval()
        with tempfile.TemporaryDirectory() as folder:
            result = sweep(model, two_utterances(folder), thresholds=(0.0, 1.01), iterations=(0, 2))
        self.assertEqual(sorted(result["nat"]), ["0.0/0", "0.0/2", "1.01/0", "1.01/2"])
        # below probability 0 nothing is masked: Mask-CTC returns CTC greedy's characters
        self.assertEqual(result["nat"]["0.0/0"], result["ctc"])
        self.assertEqual(result["nat"]["0.0/2"], result["ctc"])
        lines = table(result, (0.0, 1.01), (0, 2)).splitlines()
        self.assertIn("| 1.01 | ", lines[-1])
        self.assertEqual(len(lines), 6)


if __name__ == "__main__":
    unittest.main()
