"""The silent tail every decoder is given (decode.with_tail), and model.json telling the core its length."""
import unittest

import numpy as np

from training.decode import TAIL_FRAMES, with_tail
from training.export import model_json
from training.model import Config, Recogniser


class TailTest(unittest.TestCase):
    def test_with_tail_appends_silent_frames_and_keeps_the_features(self):
        mel = np.random.default_rng(0).random((37, 80), dtype=np.float32)
        padded = with_tail(mel)
        self.assertEqual(padded.shape, (37 + TAIL_FRAMES, 80))
        self.assertEqual(padded.dtype, np.float32)
        np.testing.assert_array_equal(padded[:37], mel)
        self.assertTrue((padded[37:] == 0).all())  # ln(1 + 0): what the front end gives for digital silence

    def test_model_json_carries_the_tail(self):
        model = Recogniser(Config(d_model=32, heads=2, ff_dim=64, encoder_layers=1, at_layers=1, nat_layers=1, channels=8, clip=16))
        self.assertEqual(model_json(model, {}, {}, 0)["decoding"]["tailFrames"], TAIL_FRAMES)
        self.assertGreater(TAIL_FRAMES, 0)


if __name__ == "__main__":
    unittest.main()
