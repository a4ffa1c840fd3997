"""Parity of training/features.py with the TypeScript front end (src/audio, Meyda melBands).

The golden fixture is committed: a few seconds of 16-bit speech and the log-mel features the
TypeScript side computed from it (src/audio/fixtures/make-golden.ts). Training must see the same
features the app computes, so the Python twin has to match them within 1e-4 absolute.
Run from the repository root: /usr/bin/python3 -m unittest discover -s training/tests -t .
"""
from __future__ import annotations

import json
import pathlib
import unittest
import wave

import numpy as np

from training import features

GOLDEN = pathlib.Path(__file__).resolve().parents[2] / "src" / "audio" / "fixtures" / "golden"
TOLERANCE = 1e-4


def read_pcm16_wav(path: pathlib.Path) -> np.ndarray:
    """16-bit mono WAV -> float32 samples / 32768, exactly as the TypeScript decoder reads them."""
    with wave.open(str(path), "rb") as w:
        assert w.getnchannels() == 1 and w.getsampwidth() == 2, "golden audio must be 16-bit mono"
        assert w.getframerate() == features.SAMPLE_RATE
        pcm = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
    return (pcm.astype(np.float32) / np.float32(32768)).astype(np.float32)


class FeatureParityTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        cls.meta = json.loads((GOLDEN / "utterance.json").read_text())
        cls.samples = read_pcm16_wav(GOLDEN / cls.meta["audio"])
        raw = np.fromfile(GOLDEN / cls.meta["features"], dtype="<f4")
        cls.golden = raw.reshape(cls.meta["nFrames"], cls.meta["nMels"])

    def test_parameters_are_the_shared_ones(self) -> None:
        self.assertEqual(self.meta["parameters"], features.CONFIG)

    def test_frame_count_follows_the_framing_rule(self) -> None:
        self.assertEqual(len(self.samples), self.meta["nSamples"])
        self.assertEqual(features.frame_count(len(self.samples)), self.meta["nFrames"])

    def test_log_mel_matches_typescript(self) -> None:
        ours = features.log_mel(self.samples)
        self.assertEqual(ours.shape, self.golden.shape)
        self.assertEqual(ours.dtype, np.float32)
        diff = np.abs(ours.astype(np.float64) - self.golden.astype(np.float64))
        worst = np.unravel_index(int(np.argmax(diff)), diff.shape)
        self.assertLessEqual(
            float(diff.max()), TOLERANCE,
            f"max |python - typescript| = {diff.max():.3g} at frame {worst[0]}, band {worst[1]}",
        )

    def test_golden_is_not_trivial(self) -> None:
        # Guards against a fixture of silence, where ln(1 + 0) = 0 would match anything.
        self.assertGreater(float(self.golden.std()), 1.0)
        self.assertGreater(self.golden.shape[0], 200)


if __name__ == "__main__":
    unittest.main()
