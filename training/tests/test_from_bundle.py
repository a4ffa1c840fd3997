"""from_bundle: a shipped bundle turns back into a training checkpoint that exports to the same bundle."""
import json
import pathlib
import tempfile
import unittest

import numpy as np
import onnx
import onnx.numpy_helper
import torch

from training.export import export, model_json, store_weights
from training.from_bundle import PARTS, checkpoint_from_bundle
from training.model import FULL, Config, Recogniser
from training.quantise import quantise_

SMALL = Config(d_model=32, heads=2, ff_dim=64, encoder_layers=2, at_layers=1, nat_layers=1, channels=8)


def distinct(model: Recogniser) -> Recogniser:
    """Every weight a distinct value, as in a trained model (the exporter merges identical initializers, such as
    the all-ones LayerNorm weights of a fresh model, into one)."""
    with torch.no_grad():
        for tensor in model.state_dict().values():
            if tensor.is_floating_point():
                tensor.copy_(torch.randn_like(tensor) * 0.1)
    return model


def write_bundle(model: Recogniser, folder: pathlib.Path, int8: bool = False) -> None:
    files = export(model, folder)
    for part in PARTS:
        store_weights(folder / files[part]["path"], int8=int8, min_elements=64)
    (folder / "model.json").write_text(json.dumps(model_json(model, files, {}, 0)))


def initializers(folder: pathlib.Path) -> dict:
    bundle = json.loads((folder / "model.json").read_text())
    return {(part, w.name): onnx.numpy_helper.to_array(w) for part in PARTS
            for w in onnx.load(str(folder / bundle["files"][part]["path"])).graph.initializer}


class FromBundleTest(unittest.TestCase):
    def round_trip(self, model: Recogniser, int8: bool):
        with tempfile.TemporaryDirectory() as tmp:
            first, second = pathlib.Path(tmp, "first"), pathlib.Path(tmp, "second")
            first.mkdir(), second.mkdir()
            write_bundle(model, first, int8)
            state = checkpoint_from_bundle(first)
            rebuilt = Recogniser(Config(**state["config"]))
            rebuilt.load_state_dict(state["model"])
            write_bundle(rebuilt, second, int8)
            a, b = initializers(first), initializers(second)
            self.assertEqual(sorted(a), sorted(b))
            for key in a:
                np.testing.assert_array_equal(a[key], b[key], err_msg=str(key))
            return rebuilt

    def test_fp16_bundle_gives_back_its_weights_and_exports_the_same_bundle(self):
        torch.manual_seed(0)
        model = distinct(Recogniser(SMALL)).eval()
        with torch.no_grad():
            for p in model.state_dict().values():  # fp16 values, as the GPU run's weights: fp16 storage is then exact
                p.copy_(p.half().float())
        rebuilt = self.round_trip(model, int8=False).eval()
        model.eval()  # exporting through a wrapper module leaves the model in training mode
        self.assertEqual(rebuilt.config, model.config)
        for key, value in model.state_dict().items():
            torch.testing.assert_close(rebuilt.state_dict()[key], value, rtol=0, atol=0, msg=key)
        x, n, full = torch.rand(1, 120, 80), torch.tensor([120]), torch.tensor([FULL])
        with torch.no_grad():
            torch.testing.assert_close(rebuilt.encoder(x, n, full, full)[0], model.encoder(x, n, full, full)[0], rtol=0, atol=0)

    def test_int8_bundle_gives_back_the_quantised_values(self):
        torch.manual_seed(1)
        model = distinct(Recogniser(SMALL)).eval()
        quantise_(model)
        with torch.no_grad():  # the rest is stored in fp16
            for p in model.state_dict().values():
                if p.is_floating_point() and (p.dim() < 2 or p.numel() < 1024):
                    p.copy_(p.half().float())
        rebuilt = self.round_trip(model, int8=True)
        for key, value in model.state_dict().items():
            torch.testing.assert_close(rebuilt.state_dict()[key], value, rtol=1e-6, atol=1e-7, msg=key)

    def test_a_bundle_without_a_part_names_the_file(self):
        with tempfile.TemporaryDirectory() as tmp:
            folder = pathlib.Path(tmp)
            write_bundle(distinct(Recogniser(SMALL)), folder)
            (folder / "nat.onnx").unlink()
            with self.assertRaisesRegex(Exception, "nat.onnx"):
                checkpoint_from_bundle(folder)


if __name__ == "__main__":
    unittest.main()
