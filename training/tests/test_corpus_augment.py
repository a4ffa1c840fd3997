"""Augmentation and DSP: shapes, levels, SNR and determinism (no TTS engine needed)."""
import shutil
import unittest

import numpy as np

from training.corpus.augment import add_noise, augment, codec, load_config, rms, speed, telephone
from training.corpus.dsp import bandpass, resample
from training.corpus.plan import plan_item
from training.corpus.voices import BY_KEY

RATE = 16000


def tone(hz=440.0, seconds=1.0, rate=RATE):
    t = np.arange(int(seconds * rate)) / rate
    return (0.3 * np.sin(2 * np.pi * hz * t)).astype(np.float32)


class DspTest(unittest.TestCase):
    def test_resample_keeps_frequency(self):
        y = resample(tone(rate=22050), 22050, RATE)
        self.assertEqual(len(y), RATE)
        peak_bin = int(np.argmax(np.abs(np.fft.rfft(y))))
        self.assertEqual(peak_bin, 440)

    def test_bandpass_removes_out_of_band(self):
        self.assertLess(rms(bandpass(tone(100), RATE, 300, 3400)), 1e-3)
        self.assertGreater(rms(bandpass(tone(1000), RATE, 300, 3400)), 0.2)

    def test_speed_and_telephone_lengths(self):
        x = tone()
        self.assertAlmostEqual(len(speed(x, 1.1)) / len(x), 1 / 1.1, places=2)
        self.assertEqual(len(telephone(x, 300, 3400)), len(x))


class AugmentTest(unittest.TestCase):
    def test_noise_at_requested_snr(self):
        x = tone()
        y = add_noise(x, np.random.default_rng(0), "pink", 10.0, [], 3)
        self.assertAlmostEqual(20 * np.log10(rms(x) / rms(y - x)), 10.0, places=3)

    def test_augment_is_deterministic_and_bounded(self):
        config = load_config()
        x = tone(seconds=2.0)
        for seed in range(10):
            a, da = augment(x, np.random.default_rng(seed), config, [tone(300), tone(700)])
            b, db = augment(x, np.random.default_rng(seed), config, [tone(300), tone(700)])
            self.assertEqual(da, db)
            np.testing.assert_array_equal(a, b)
            self.assertTrue(np.isfinite(a).all())
            self.assertLessEqual(float(np.abs(a).max()), 1.0)

    @unittest.skipUnless(shutil.which("ffmpeg"), "ffmpeg not installed")
    def test_codecs_round_trip(self):
        x = tone()
        for kind in ("opus", "mp3", "gsm", "mulaw"):
            self.assertEqual(len(codec(x, kind, 16)), len(x), kind)

    def test_config_has_probability_for_every_effect(self):
        config = load_config()
        for effect in ("speed", "reverb", "telephone", "codec", "noise", "gain", "clipping"):
            self.assertTrue(0.0 <= config[effect]["p"] <= 1.0, effect)


class PlanTest(unittest.TestCase):
    def test_plan_is_deterministic_and_voices_differ(self):
        sentences = [f"sentence number {i}" for i in range(1000)]
        synth = load_config()["synthesis"]
        a = plan_item(BY_KEY["espeak-ng:en-us"], 5, sentences, "train", synth)
        self.assertEqual(a, plan_item(BY_KEY["espeak-ng:en-us"], 5, sentences, "train", synth))
        b = plan_item(BY_KEY["flite:slt"], 5, sentences, "train", synth)
        self.assertNotEqual(a["text"], b["text"])
        self.assertIsNone(b["variant"])  # flite voices have no espeak variants


if __name__ == "__main__":
    unittest.main()
