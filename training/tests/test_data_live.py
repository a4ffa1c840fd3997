"""data: real recordings are augmented afresh every epoch (live), repeated per source, reproducible per batch."""
import pathlib
import tempfile
import unittest
import wave

import numpy as np

from training import data


def write_wav(path: pathlib.Path, seconds: float, seed: int) -> None:
    t = np.arange(int(16000 * seconds)) / 16000
    x = 0.3 * np.sin(2 * np.pi * (200 + 100 * seed) * t) * (1 + np.sin(2 * np.pi * 3 * t))
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1), w.setsampwidth(2), w.setframerate(16000)
        w.writeframes((x * 16000).astype("<i2").tobytes())


class LiveRealTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        root = pathlib.Path(self.tmp.name)
        self.entries = []
        for i, source in enumerate(("commonvoice", "speechocean762", "tts")):
            audio = root / f"{source}.wav"
            write_wav(audio, 2.0, i)
            self.entries.append({"id": source, "audio": str(audio), "text": "hello there", "duration": 2.0, "source": source})
        self.cache = root / "cache"

    def tearDown(self):
        self.tmp.cleanup()

    def dataset(self):
        return data.Dataset(data.prepare(self.entries, self.cache, workers=1, log=lambda _: None, live_real=True))

    def test_real_sources_are_live_and_repeated_tts_is_cached(self):
        dataset = self.dataset()
        kinds = [(pathlib.Path(item[0]).stem, item[1]) for item in dataset.items]
        self.assertEqual(kinds.count(("commonvoice", data.LIVE)), data.REPEATS["commonvoice"])
        self.assertEqual(kinds.count(("speechocean762", data.LIVE)), data.REPEATS["speechocean762"])
        self.assertIn(("tts", 1.0), kinds)
        # statistics and checks read the clean features of a live recording
        self.assertEqual(dataset.features(0).shape[1], 80)

    def test_each_epoch_hears_another_signal_and_a_batch_is_reproducible(self):
        dataset = self.dataset()
        live = next(i for i, item in enumerate(dataset.items) if item[1] == data.LIVE)
        epochs = [data.BatchDataset(dataset, [[live]] * 8, seed)[k][1] for seed in (1, 2) for k in range(4)]
        again = data.BatchDataset(dataset, [[live]] * 8, 1)[0][1]
        self.assertTrue(np.array_equal(epochs[0].numpy(), again.numpy()))
        different = sum(not (a.shape == b.shape and np.allclose(a.numpy(), b.numpy()))
                        for a in epochs for b in epochs if a is not b)
        self.assertEqual(different, len(epochs) * (len(epochs) - 1))

    def test_the_waveform_itself_changes_for_real_speech_only(self):
        dataset = self.dataset()
        live = next(i for i, item in enumerate(dataset.items) if item[1] == data.LIVE)
        tts = next(i for i, item in enumerate(dataset.items) if item[1] != data.LIVE)
        draws = [dataset.training_features(live, np.random.default_rng(seed)) for seed in range(6)]
        self.assertGreater(len({d.tobytes() for d in draws}), 4)
        np.testing.assert_array_equal(dataset.training_features(tts, np.random.default_rng(0)),
                                      dataset.training_features(tts, np.random.default_rng(1)))


if __name__ == "__main__":
    unittest.main()
