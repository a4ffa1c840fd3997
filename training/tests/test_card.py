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


DEFAULT = "at+ctc+lm beam8"


class Targets(unittest.TestCase):
    def test_each_target_reads_the_default_decoders_full_context_row(self):
        found = targets({"so762-adult200": rows(ctc=50.0, at=60.0, at_ctc=40.0, nat=52.0, **{DEFAULT.replace("+", "_"): 37.0}),
                         "commonvoice-test": rows(ctc=60.0, at_ctc=50.0, nat=70.0, **{DEFAULT.replace("+", "_"): 51.0}),
                         "fsdd-theo": rows(ctc=1.0, **{DEFAULT.replace("+", "_"): 3.5})})
        self.assertEqual([(t["target"].split(" (")[0].split(" <=")[0], t["measured"], t["met"]) for t in found], [
            ("Common Voice test", f"51.0 % ({DEFAULT})", False),
            ("speechocean762 adult-200", f"37.0 % ({DEFAULT})", True),
            ("FSDD digits", f"3.5 % ({DEFAULT})", False),
            ("NAT within 25 % relative of AT + CTC greedy", "NAT (k = 0) 70.0 % vs AT + CTC greedy 50.0 %: +40.0 % relative", False),
            ("NAT within 25 % relative of AT + CTC greedy", "NAT (k = 0) 52.0 % vs AT + CTC greedy 40.0 %: +30.0 % relative", False)])

    def test_the_nat_target_takes_its_best_k(self):
        found = targets({"so762-adult200": rows(at_ctc=40.0, nat=52.0, **{"nat k2": 49.0}),
                         "commonvoice-test": rows(at_ctc=50.0, nat=60.0, **{"nat k2": 61.0})})
        self.assertEqual([(t["measured"], t["met"]) for t in found], [
            ("NAT (k = 0) 60.0 % vs AT + CTC greedy 50.0 %: +20.0 % relative", True),
            ("NAT (k = 2) 49.0 % vs AT + CTC greedy 40.0 %: +22.5 % relative", True)])

    def test_before_and_after_and_a_set_not_evaluated_is_left_out(self):
        after = {"fsdd-theo": rows(ctc=2.0, **{DEFAULT.replace("+", "_"): 2.0})}
        before = {"fsdd-theo": rows(ctc=3.0, **{DEFAULT.replace("+", "_"): 4.0})}
        self.assertEqual(targets(after, before), [{"target": "FSDD digits (held-out speaker) <= 3 %",
                                                   "measured": f"4.0 -> 2.0 % ({DEFAULT})", "met": True}])


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


class BeforeAfter(unittest.TestCase):
    def test_rows_measured_elsewhere_are_marked_and_explained(self):
        from training.card import before_after_lines
        after = {"an4-test": rows(ctc=30.0, **{DEFAULT.replace("+", "_"): 20.0})}
        before = {"an4-test": {"rows": [{"window": "full", "decoder": "ctc", "wer": 80.0},
                                        {"window": "full", "decoder": DEFAULT, "wer": 68.7, "source": "app"}]},
                  "notes": ["* the app's figure."]}
        lines = before_after_lines({"evaluation": after, "before": before})
        self.assertIn("| an4-test | ctc | 80.0 | 30.0 |", lines)
        self.assertIn(f"| an4-test | {DEFAULT} | 68.7 * | 20.0 |", lines)
        self.assertIn("- * the app's figure.", lines)


class Stages(unittest.TestCase):
    def test_a_model_fine_tuned_from_a_bundle_lists_the_bundles_run_first(self):
        with tempfile.TemporaryDirectory() as tmp:
            tmp = pathlib.Path(tmp)
            cpu = fake_run(tmp / "cpu", "EPYC", 60.0, {"flite:awb": 0.5})
            (tmp / "bundle").mkdir()
            (tmp / "bundle" / "model.json").write_text(json.dumps({"card": {
                "training": {"hardware": "H100", "device_note": "lent GPU.", "minutes": 17.1, "steps": 7289, "epochs": 36,
                             "parameters": 1000, "torch": "2.11", "python": "3.11"},
                "data": {"hours_seen_per_epoch": 24.5, "tts_hours": 16.0,
                         "tts_voices": {"flite:awb": {"licence": "L", "hours": 2.0, "restricted": False, "packages": []}}}}}))
            (tmp / "eval.json").write_text("{}")
            card = build(*cpu, str(tmp / "eval.json"), "fine-tuned here.", earlier_bundle=str(tmp / "bundle"))
            self.assertEqual([s["hardware"] for s in card["training"]["stages"]], ["H100", "EPYC"])
            self.assertEqual(card["data"]["tts_voices"]["flite:awb"]["hours"], 2.5)
            self.assertIn("1. Hardware: H100. lent GPU. 17.1 minutes", markdown(card))

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
            self.assertNotIn("- Arithmetic:", markdown(card))
            card["training"]["arithmetic"] = "int8 MatMuls on WASM."
            self.assertIn("- Arithmetic: int8 MatMuls on WASM.", markdown(card))
            self.assertNotIn("Levers measured", markdown(card))
            card["levers"] = ["more epochs: 40 -> 38 %."]
            self.assertIn("Levers measured toward the targets:\n\n- more epochs: 40 -> 38 %.", markdown(card))


if __name__ == "__main__":
    unittest.main()
