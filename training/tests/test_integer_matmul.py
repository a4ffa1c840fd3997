"""integer_matmul: int8 weights multiplied in int8 (DynamicQuantizeLinear + MatMulInteger), the export option and the
bundle converter. The arithmetic itself is checked where it runs, in onnxruntime-web (src/core/float-matmuls.test.ts)."""
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
import torch
from onnx import TensorProto, helper

from training.export import store_weights
from training.from_bundle import stored_weights
from training.integer_matmul import INTEGER_SUFFIXES, convert_bundle, to_integer_matmuls
from training.model import Config, Recogniser
from training.quantise import quantise_

SMALL = Config(d_model=32, heads=2, ff_dim=64, encoder_layers=1, at_layers=1, nat_layers=1, channels=8)


def int8_graph(tmp: pathlib.Path, extra_reader: bool = False, row_scales: bool = False) -> onnx.ModelProto:
    """x [1, 32] @ w [32, 64] + b, w on the int8 grid and stored int8 by store_weights (Cast, Mul, MatMul, Add); with
    `extra_reader` a second node reads the fp32 weight; with `row_scales` the weight's scales are per row."""
    rng = np.random.default_rng(0)
    linear = torch.nn.Linear(32, 64)
    with torch.no_grad():
        linear.weight.copy_(torch.from_numpy(rng.standard_normal((64, 32)).astype(np.float32)))
    quantise_(linear)
    weight = linear.weight.detach().numpy()
    weight = weight[:32, :].copy() if row_scales else weight.T.copy()  # [32, 32] per row, or [32, 64] transposed: per column
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 32])
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, weight.shape[1]])
    outputs = [y]
    nodes = [helper.make_node("MatMul", ["x", "w"], ["xw"]), helper.make_node("Add", ["xw", "b"], ["y"])]
    if extra_reader:
        nodes.append(helper.make_node("ReduceSum", ["w"], ["w_sum"], keepdims=0))
        outputs.append(helper.make_tensor_value_info("w_sum", TensorProto.FLOAT, []))
    graph = helper.make_graph(nodes, "tiny", [x], outputs, [onnx.numpy_helper.from_array(weight, "w"),
                                                            onnx.numpy_helper.from_array(np.zeros(weight.shape[1], np.float32), "b")])
    path = tmp / "tiny.onnx"
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]), str(path))
    store_weights(path, int8=True)
    return onnx.load(str(path))


class ToIntegerMatMulsTest(unittest.TestCase):
    def test_a_per_column_int8_weight_is_multiplied_in_int8_with_the_same_initializers(self):
        with tempfile.TemporaryDirectory() as tmp:
            model = int8_graph(pathlib.Path(tmp))
        before = {i.name: i.SerializeToString() for i in model.graph.initializer}
        self.assertEqual(to_integer_matmuls(model), 1)
        self.assertEqual({i.name: i.SerializeToString() for i in model.graph.initializer}, before)  # nothing stored twice
        ops = [(n.op_type, list(n.input), list(n.output)) for n in model.graph.node]
        s = {k: "xw" + v for k, v in INTEGER_SUFFIXES.items()}
        self.assertEqual(ops, [  # the weight's Cast and Mul are gone: nothing reads the fp32 weight any more
            ("DynamicQuantizeLinear", ["x"], [s["x_q"], s["x_scale"], s["x_zero"]]),
            ("MatMulInteger", [s["x_q"], "w_int8", s["x_zero"]], [s["product"]]),
            ("Cast", [s["product"]], [s["product_fp32"]]),
            ("Mul", [s["x_scale"], "w_scale"], [s["scales"]]),
            ("Mul", [s["product_fp32"], s["scales"]], ["xw"]),
            ("Add", ["xw", "b"], ["y"]),
        ])
        self.assertEqual(helper.get_attribute_value(model.graph.node[2].attribute[0]), TensorProto.FLOAT)

    def test_the_fp32_weight_stays_while_another_node_reads_it(self):
        with tempfile.TemporaryDirectory() as tmp:
            model = int8_graph(pathlib.Path(tmp), extra_reader=True)
        self.assertEqual(to_integer_matmuls(model), 1)
        ops = [n.op_type for n in model.graph.node]
        self.assertEqual(ops[:2], ["Cast", "Mul"])  # w = Cast(w_int8) * w_scale, for ReduceSum
        self.assertIn("MatMulInteger", ops)
        self.assertIn("ReduceSum", ops)

    def test_per_row_scales_cannot_be_taken_out_of_the_sum_and_stay_fp32(self):
        with tempfile.TemporaryDirectory() as tmp:
            model = int8_graph(pathlib.Path(tmp), row_scales=True)
        scale = next(i for i in model.graph.initializer if i.name == "w_scale")
        self.assertEqual(list(scale.dims), [32, 1])
        self.assertEqual(to_integer_matmuls(model), 0)
        self.assertEqual([n.op_type for n in model.graph.node], ["Cast", "Mul", "MatMul", "Add"])


class IntegerBundleTest(unittest.TestCase):
    """export --arithmetic int8 and the converter on a small quantised model."""

    def export(self, tmp: pathlib.Path, *options: str) -> subprocess.CompletedProcess:
        torch.manual_seed(0)
        model = Recogniser(SMALL)
        quantise_(model)
        torch.save({"model": model.state_dict(), "config": dataclasses.asdict(SMALL)}, tmp / "model.pt")
        return subprocess.run([sys.executable, "-m", "training.export", "--checkpoint", str(tmp / "model.pt"),
                               "--out", str(tmp / "bundle"), *options], capture_output=True, text=True)

    def test_export_option_gives_the_converters_encoder_and_the_same_weights(self):
        with tempfile.TemporaryDirectory() as tmp:
            tmp = pathlib.Path(tmp)
            done = self.export(tmp, "--weights", "int8", "--arithmetic", "int8")
            self.assertEqual(done.returncode, 0, done.stderr)
            bundle = json.loads((tmp / "bundle" / "model.json").read_text())
            self.assertEqual(bundle["architecture"]["integerMatMuls"], ["atMemory", "atScore", "encoder", "nat"])
            self.assertIn("MatMuls in int8 on WASM", bundle["architecture"]["weightStorage"])
            integer = tmp / "bundle" / "encoder.onnx"
            ops = [n.op_type for n in onnx.load(str(integer)).graph.node]
            self.assertGreater(ops.count("MatMulInteger"), 0)
            self.assertEqual(ops.count("MatMulInteger"), ops.count("DynamicQuantizeLinear"))
            self.assertIn("MatMulInteger", [n.op_type for n in onnx.load(str(tmp / "bundle" / "nat.onnx")).graph.node])
            # AT step stays fp32: one token at a time, quantising its activations costs more than it saves
            self.assertNotIn("MatMulInteger", [n.op_type for n in onnx.load(str(tmp / "bundle" / "at_step.onnx")).graph.node])
            # the same export without the option, converted afterwards: the same encoder, and the same weights as before
            (tmp / "bundle").rename(tmp / "integer")
            self.assertEqual(self.export(tmp, "--weights", "int8").returncode, 0)
            fp32_weights = stored_weights(tmp / "bundle" / "encoder.onnx")
            counts = convert_bundle(tmp / "bundle")
            self.assertEqual(counts["encoder"], ops.count("MatMulInteger"))
            for part in ("encoder.onnx", "nat.onnx", "at_memory.onnx", "at_score.onnx", "at_step.onnx"):
                self.assertEqual((tmp / "bundle" / part).read_bytes(), (tmp / "integer" / part).read_bytes(), part)
            after = stored_weights(tmp / "bundle" / "encoder.onnx")  # training.from_bundle reads the bundle as before
            self.assertEqual(set(after), set(fp32_weights))
            for name, values in fp32_weights.items():
                np.testing.assert_array_equal(after[name], values)
            self.assertEqual(json.loads((tmp / "bundle" / "model.json").read_text())["architecture"], bundle["architecture"])

    def test_integer_arithmetic_needs_int8_weights(self):
        with tempfile.TemporaryDirectory() as tmp:
            done = self.export(pathlib.Path(tmp), "--weights", "fp16", "--arithmetic", "int8")
            self.assertNotEqual(done.returncode, 0)
            self.assertIn("--arithmetic int8 multiplies int8 weights: it needs --weights int8", done.stderr)


if __name__ == "__main__":
    unittest.main()
