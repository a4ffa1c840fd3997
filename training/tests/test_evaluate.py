"""The evaluate stage's table: every decoder at every window, and the beam rows at full context with an LM."""
import os
import tempfile
import unittest
import wave

import numpy as np
import torch

from training import lm
from training.evaluate import BEAM_DECODERS, DECODERS, WINDOWS, WORD_DECODERS, evaluate_set
from training.word_lm import WordLM
from training.model import Config, Recogniser

TINY = Config(d_model=32, heads=2, ff_dim=64, encoder_layers=1, at_layers=1, nat_layers=1, channels=8, clip=16, dropout=0.0)


def wav(path, seconds, pitch):
    t = np.arange(int(16000 * seconds)) / 16000
    with wave.open(path, "wb") as w:
        w.setnchannels(1), w.setsampwidth(2), w.setframerate(16000)
        w.writeframes((0.3 * np.sin(2 * np.pi * pitch * t) * 32767).astype("<i2").tobytes())


def two_utterances(folder):
    """Two short tones with references, as manifest entries (their WAVs written into folder)."""
    entries = []
    for i, text in enumerate(["one two", "cat"]):
        path = os.path.join(folder, f"u{i}.wav")
        wav(path, 1.0 + 0.3 * i, 200 + 50 * i)
        entries.append({"audio": path, "text": text})
    return entries


class EvaluateTest(unittest.TestCase):
    def test_rows_per_window_and_decoder_and_beam_rows_with_the_language_model(self):
        torch.manual_seed(0)
        model = Recogniser(TINY).eval()
        with tempfile.TemporaryDirectory() as folder:
            entries = two_utterances(folder)
            lm_path = os.path.join(folder, "lm.bin")
            contexts, log_probs = lm.build(["one two", "two cat", "cat one"], order=3, min_count=1)
            lm.write(lm_path, 3, contexts, log_probs)
            without = evaluate_set(model, entries, lambda _: None)
            with_lm = evaluate_set(model, entries, lambda _: None, lm.CharacterLM(lm_path))
            chosen = evaluate_set(model, entries, lambda _: None, lm.CharacterLM(lm_path), WINDOWS[:1], ["ctc", BEAM_DECODERS[-1]])
        self.assertEqual([(r["window"], r["decoder"]) for r in without["rows"]],
                         [(w, d) for w in ("full", "32/4", "16/2") for d in DECODERS])
        beam_rows = [r for r in with_lm["rows"] if r["decoder"] in BEAM_DECODERS]
        self.assertEqual([(r["window"], r["decoder"]) for r in beam_rows], [("full", d) for d in BEAM_DECODERS])
        self.assertEqual(len(with_lm["rows"]), len(WINDOWS) * len(DECODERS) + len(BEAM_DECODERS))
        self.assertEqual([(r["window"], r["decoder"]) for r in chosen["rows"]], [("full", "ctc"), ("full", BEAM_DECODERS[-1])])
        for row in with_lm["rows"]:
            self.assertEqual(row["words"], 3)  # every row scored both references
            self.assertGreaterEqual(row["wer"], 0)
            self.assertNotIn("nonWords", row)

    def test_word_rows_and_the_non_word_column(self):
        torch.manual_seed(0)
        model = Recogniser(TINY).eval()
        words = WordLM(os.path.join(os.path.dirname(__file__), "../../src/core/fixtures/word-lm/words.bin"))
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "u.wav")
            wav(path, 1.0, 220)
            lm_path = os.path.join(folder, "lm.bin")
            contexts, log_probs = lm.build(["the red boat", "the baker"], order=3, min_count=1)
            lm.write(lm_path, 3, contexts, log_probs)
            result = evaluate_set(model, [{"audio": path, "text": "the red boat"}], lambda _: None, lm.CharacterLM(lm_path),
                                  WINDOWS[:1], None, words)
        self.assertEqual([r["decoder"] for r in result["rows"]], list(DECODERS + BEAM_DECODERS + WORD_DECODERS))
        for row in result["rows"]:
            self.assertTrue(0 <= row["nonWords"] <= 100, row)


if __name__ == "__main__":
    unittest.main()
