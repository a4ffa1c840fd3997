"""train.py's --init --keep-statistics (fine-tuning) and --deadline (a budget fixed by the clock)."""
import pathlib
import tempfile
import time
import unittest

import torch

from training import train
from training.tests.test_distributed import TINY, tiny_corpus


def run(manifest, out, cache, *extra):
    train.main(["--manifest", str(manifest), "--out", str(out), "--cache", str(cache), "--max-frames", "900",
                "--threads", "1", "--warmup", "1", "--no-augment", "--config", TINY, *extra])
    return torch.load(out / "final.pt", map_location="cpu")


class TrainOptions(unittest.TestCase):
    def test_budget_counts_what_was_trained_and_what_is_left(self):
        self.assertAlmostEqual(train.budget_minutes(deadline=1000.0, elapsed=120.0, now=880.0), 4.0)
        self.assertEqual(train.budget_minutes(deadline=1000.0, elapsed=0.0, now=1200.0), 0.0)

    def test_init_keeps_or_recomputes_statistics_and_a_past_deadline_trains_nothing(self):
        with tempfile.TemporaryDirectory() as tmp:
            tmp = pathlib.Path(tmp)
            manifest = tiny_corpus(tmp)
            lines = manifest.read_text().splitlines()
            other = tmp / "other.jsonl"  # another mix: its statistics differ from the first run's
            other.write_text("\n".join(lines[8:]) + "\n")
            base = run(manifest, tmp / "base", tmp / "cache", "--steps", "2")["model"]
            kept = run(other, tmp / "kept", tmp / "cache", "--steps", "1", "--init", str(tmp / "base" / "final.pt"),
                       "--keep-statistics")["model"]
            fresh = run(other, tmp / "fresh", tmp / "cache", "--steps", "1", "--init", str(tmp / "base" / "final.pt"))["model"]
            self.assertTrue(torch.equal(kept["encoder.mean"], base["encoder.mean"]))
            self.assertGreater(float((fresh["encoder.mean"] - base["encoder.mean"]).abs().max()), 1e-3)
            with self.assertRaisesRegex(SystemExit, "already past"):
                run(manifest, tmp / "past", tmp / "cache", "--deadline", str(time.time() - 60))
            self.assertFalse((tmp / "past").exists())


if __name__ == "__main__":
    unittest.main()
