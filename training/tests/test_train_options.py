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
    return torch.load(out / "final.pt", map_location="cpu", weights_only=False)


class TrainOptions(unittest.TestCase):
    def test_budget_counts_what_was_trained_and_what_is_left(self):
        self.assertAlmostEqual(train.budget_minutes(deadline=1000.0, elapsed=120.0, now=880.0), 4.0)
        self.assertEqual(train.budget_minutes(deadline=1000.0, elapsed=0.0, now=1200.0), 0.0)

    def test_the_resume_command_keeps_the_options_and_the_whole_budget(self):
        argv = ["--manifest", "a.jsonl", "b.jsonl", "--out", "EXP", "--init", "bundle.pt", "--keep-statistics",
                "--deadline", "1800000000", "--lr", "4e-4"]
        self.assertEqual(train.resume_command(argv, 84.25),
                         ["--manifest", "a.jsonl", "b.jsonl", "--out", "EXP", "--lr", "4e-4", "--minutes", "84.25", "--resume"])

    def test_an_interrupted_run_continues_from_its_note(self):
        with tempfile.TemporaryDirectory() as tmp:
            tmp = pathlib.Path(tmp)
            manifest = tiny_corpus(tmp)
            run(manifest, tmp / "exp", tmp / "cache", "--minutes", "0.02")
            note = (tmp / "exp" / "RESUME.md").read_text()
            self.assertIn("--minutes 0.02 --resume", note)
            first = torch.load(tmp / "exp" / "last.pt", map_location="cpu", weights_only=False)
            # what the note says, with a budget a little larger than what was trained, so that it trains on however
            # slow the machine (a budget it has already used up would end the run at once)
            budget = first["elapsed"] / 60 + 0.01
            state = run(manifest, tmp / "exp", tmp / "cache", "--minutes", f"{budget:.4f}", "--resume")
            self.assertGreater(state["step"], first["step"])
            self.assertIn(f"resumed at step {first['step']}", (tmp / "exp" / "train.log").read_text())

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

    def test_init_keeps_the_architecture_of_what_it_starts_from(self):
        with tempfile.TemporaryDirectory() as tmp:
            tmp = pathlib.Path(tmp)
            manifest = tiny_corpus(tmp)
            base = run(manifest, tmp / "base", tmp / "cache", "--steps", "1")
            train.main(["--manifest", str(manifest), "--out", str(tmp / "tuned"), "--cache", str(tmp / "cache"), "--max-frames", "900",
                        "--threads", "1", "--warmup", "1", "--no-augment", "--steps", "1", "--init", str(tmp / "base" / "final.pt")])
            tuned = torch.load(tmp / "tuned" / "final.pt", map_location="cpu", weights_only=False)
            self.assertEqual(tuned["config"], base["config"])


if __name__ == "__main__":
    unittest.main()
