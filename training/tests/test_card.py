"""The card's targets table is computed from the evaluate stage's rows, not written by hand."""
import json
import pathlib
import tempfile
import unittest

import torch

from training.card import build, markdown, targets


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
            ("NAT (k = 0) 42.0 % vs AT + CTC greedy 38.0 %: +10.5 % relative; against the AT decoder alone, 60.0 %: -30.0 %", True)])

    def test_a_set_not_evaluated_is_left_out(self):
        self.assertEqual(targets({"fsdd-theo": rows(ctc=2.0)}), [{"target": "FSDD digits WER <= 3 %", "measured": "2.0 % (ctc)", "met": True}])


def fake_run(folder: pathlib.Path, hardware: str, minutes: float, voices: dict, **extra) -> tuple[str, str]:
    """A checkpoint record and a corpus folder (voices.json, train.jsonl) as train and corpus.build write them."""
    (folder / "manifests").mkdir(parents=True)
    torch.save({"hardware": hardware, "elapsed": minutes * 60, "step": 10, "epoch": 1, "parameters": 1000, "hours": 3.0,
                "torch": "x", **extra}, folder / "final.pt")
    (folder / "manifests" / "voices.json").write_text(json.dumps({
        "hours_train_tts": sum(voices.values()), "training_sentences": 5,
        "voices": {name: {"use": "train", "hours_train": h, "licence": "L", "restricted": False, "packages": []} for name, h in voices.items()}
        | {"rhvoice:clb": {"use": "heldout", "hours_train": 0, "licence": "L", "restricted": False, "packages": []}}}))
    (folder / "manifests" / "train.jsonl").write_text(json.dumps({"source": "fsdd", "duration": 3600}) + "\n")
    return str(folder / "final.pt"), str(folder)


class Stages(unittest.TestCase):
    def test_a_fine_tuned_model_lists_each_run_and_sums_the_voices(self):
        with tempfile.TemporaryDirectory() as tmp:
            tmp = pathlib.Path(tmp)
            gpu = fake_run(tmp / "gpu", "H100", 17.0, {"flite:awb": 2.0})
            cpu = fake_run(tmp / "cpu", "EPYC", 60.0, {"flite:awb": 0.5, "espeak-ng:en-us": 0.25})
            (tmp / "eval.json").write_text("{}")
            card = build(*cpu, str(tmp / "eval.json"), "fine-tuned here.", earlier=[(*gpu, "lent GPU.")])
            self.assertEqual(card["data"]["tts_voices"]["flite:awb"]["hours"], 2.5)
            self.assertEqual(card["data"]["tts_hours"], 2.75)
            self.assertEqual([s["hardware"] for s in card["training"]["stages"]], ["H100", "EPYC"])
            text = markdown(card)
            self.assertIn("2 runs, each initialised from the one before", text)
            self.assertLess(text.index("1. Hardware: H100. lent GPU. 17.0 minutes"), text.index("2. Hardware: EPYC. fine-tuned here. 60.0 minutes"))
            single = markdown(build(*gpu, str(tmp / "eval.json"), "lent GPU."))
            self.assertIn("- Hardware: H100. lent GPU.", single)
            self.assertNotIn("runs, each", single)
            self.assertNotIn("Weights rounded", single)

    def test_a_quantised_checkpoint_says_so(self):
        with tempfile.TemporaryDirectory() as tmp:
            tmp = pathlib.Path(tmp)
            run = fake_run(tmp / "gpu", "H100", 17.0, {"flite:awb": 2.0}, weights="int8 per output channel (960 values)")
            (tmp / "eval.json").write_text("{}")
            card = build(*run, str(tmp / "eval.json"), "lent GPU.")
            self.assertEqual(card["training"]["weights"], "int8 per output channel (960 values)")
            self.assertIn("- Weights rounded after training to int8 per output channel (960 values)", markdown(card))


if __name__ == "__main__":
    unittest.main()
