"""export.store_weights: fp16 or int8 storage with fp32 compute (the bundle's size limit)."""
import dataclasses
import json
import pathlib
import subprocess
import sys
import tempfile
import unittest

import numpy as np
import onnx
import onnx.numpy_helper
from onnx import TensorProto, helper

import torch

from training.export import int8_grid, store_weights
from training.model import Config, Recogniser
from training.quantise import quantise_

SMALL = Config(d_model=32, heads=2, ff_dim=64, encoder_layers=1, at_layers=1, nat_layers=1, channels=8)


def tiny_graph(weight: np.ndarray, bias: np.ndarray) -> onnx.ModelProto:
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, weight.shape[0]])
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, weight.shape[1]])
    nodes = [helper.make_node("MatMul", ["x", "w"], ["xw"]), helper.make_node("Add", ["xw", "b"], ["y"])]
    graph = helper.make_graph(nodes, "tiny", [x], [y], [onnx.numpy_helper.from_array(weight, "w"),
                                                        onnx.numpy_helper.from_array(bias, "b")])
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])


class StoreWeightsTest(unittest.TestCase):
    def test_large_weights_become_fp16_with_a_cast_and_small_ones_stay(self):
        rng = np.random.default_rng(0)
        weight = rng.standard_normal((64, 32)).astype(np.float16).astype(np.float32)  # already fp16 values
        bias = rng.standard_normal(32).astype(np.float32)
        with tempfile.TemporaryDirectory() as tmp:
            path = pathlib.Path(tmp, "tiny.onnx")
            onnx.save(tiny_graph(weight, bias), str(path))
            before = path.stat().st_size
            self.assertEqual(store_weights(path), {"int8": 0, "fp16": weight.size})
            model = onnx.load(str(path))
            onnx.checker.check_model(model)
            self.assertLess(path.stat().st_size, before)
        inits = {i.name: i for i in model.graph.initializer}
        self.assertEqual(set(inits), {"w_fp16", "b"})  # the 32-element bias is below the threshold
        self.assertEqual(inits["w_fp16"].data_type, TensorProto.FLOAT16)
        self.assertEqual(inits["b"].data_type, TensorProto.FLOAT)
        # exact: weights that are fp16 values survive the round trip bit for bit
        np.testing.assert_array_equal(onnx.numpy_helper.to_array(inits["w_fp16"]).astype(np.float32), weight)
        first = model.graph.node[0]
        self.assertEqual((first.op_type, list(first.input), list(first.output)), ("Cast", ["w_fp16"], ["w"]))
        self.assertEqual(helper.get_attribute_value(first.attribute[0]), TensorProto.FLOAT)
        self.assertEqual([n.op_type for n in model.graph.node[1:]], ["MatMul", "Add"])

    def test_quantised_weights_become_int8_with_scales_exactly(self):
        rng = np.random.default_rng(1)
        linear = torch.nn.Linear(32, 64)  # weight [64, 32]: per output channel means per row
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(rng.standard_normal((64, 32)).astype(np.float32)))
        self.assertEqual(quantise_(linear), 64 * 32)  # the 64-element bias is below the threshold
        weight = linear.weight.detach().numpy().T.copy()  # stored transposed, as the exporter does for a MatMul
        bias = rng.standard_normal(64).astype(np.float32)
        with tempfile.TemporaryDirectory() as tmp:
            path = pathlib.Path(tmp, "tiny.onnx")
            onnx.save(tiny_graph(weight, bias), str(path))
            before = path.stat().st_size
            self.assertEqual(store_weights(path, int8=True), {"int8": weight.size, "fp16": 0})
            model = onnx.load(str(path))
            onnx.checker.check_model(model)
            self.assertLess(path.stat().st_size, before / 3)
        inits = {i.name: onnx.numpy_helper.to_array(i) for i in model.graph.initializer}
        self.assertEqual(set(inits), {"w_int8", "w_scale", "b"})
        self.assertEqual(inits["w_int8"].dtype, np.int8)
        self.assertEqual(inits["w_scale"].shape, (1, 64))  # one scale per output channel, on the transposed axis
        np.testing.assert_allclose(inits["w_int8"].astype(np.float32) * inits["w_scale"], weight, rtol=1e-6, atol=0)
        self.assertEqual([(n.op_type, list(n.output)) for n in model.graph.node[:2]],
                         [("Cast", ["w_fp32"]), ("Mul", ["w"])])

    def test_weights_off_the_grid_stay_fp16_even_when_int8_is_asked(self):
        rng = np.random.default_rng(2)
        weight = rng.standard_normal((64, 32)).astype(np.float32)
        self.assertIsNone(int8_grid(weight))
        with tempfile.TemporaryDirectory() as tmp:
            path = pathlib.Path(tmp, "tiny.onnx")
            onnx.save(tiny_graph(weight, rng.standard_normal(32).astype(np.float32)), str(path))
            self.assertEqual(store_weights(path, int8=True), {"int8": 0, "fp16": weight.size})


class ExportCommandTest(unittest.TestCase):
    """The export stage end to end on a small model: `--weights int8` after `training.quantise`, and its refusal
    of a checkpoint that was not quantised."""

    def export(self, tmp: pathlib.Path, quantised: bool) -> subprocess.CompletedProcess:
        torch.manual_seed(0)
        model = Recogniser(SMALL)
        if quantised:
            quantise_(model)
        torch.save({"model": model.state_dict(), "config": dataclasses.asdict(SMALL)}, tmp / "model.pt")
        return subprocess.run([sys.executable, "-m", "training.export", "--checkpoint", str(tmp / "model.pt"),
                               "--out", str(tmp / "bundle"), "--weights", "int8"], capture_output=True, text=True)

    def test_a_quantised_checkpoint_exports_int8_parts(self):
        with tempfile.TemporaryDirectory() as tmp:
            tmp = pathlib.Path(tmp)
            done = self.export(tmp, quantised=True)
            self.assertEqual(done.returncode, 0, done.stderr)
            bundle = json.loads((tmp / "bundle" / "model.json").read_text())
            self.assertTrue(bundle["architecture"]["weightStorage"].startswith("int8 per output channel"))
            for part in ("encoder", "atMemory", "atStep", "nat"):
                graph = onnx.load(str(tmp / "bundle" / bundle["files"][part]["path"])).graph
                self.assertTrue(any(i.data_type == TensorProto.INT8 for i in graph.initializer), part)

    def test_an_unquantised_checkpoint_is_refused_by_name(self):
        with tempfile.TemporaryDirectory() as tmp:
            done = self.export(pathlib.Path(tmp), quantised=False)
            self.assertNotEqual(done.returncode, 0)
            self.assertIn("no weight of", done.stderr)
            self.assertIn("model.pt is on an int8 grid (quantise it first", done.stderr)


if __name__ == "__main__":
    unittest.main()
