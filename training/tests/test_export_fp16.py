"""export.store_weights_fp16: fp16 storage with fp32 compute (the bundle's size limit)."""
import pathlib
import tempfile
import unittest

import numpy as np
import onnx
import onnx.numpy_helper
from onnx import TensorProto, helper

from training.export import store_weights_fp16


def tiny_graph(weight: np.ndarray, bias: np.ndarray) -> onnx.ModelProto:
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, weight.shape[0]])
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, weight.shape[1]])
    nodes = [helper.make_node("MatMul", ["x", "w"], ["xw"]), helper.make_node("Add", ["xw", "b"], ["y"])]
    graph = helper.make_graph(nodes, "tiny", [x], [y], [onnx.numpy_helper.from_array(weight, "w"),
                                                        onnx.numpy_helper.from_array(bias, "b")])
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])


class StoreWeightsFp16Test(unittest.TestCase):
    def test_large_weights_become_fp16_with_a_cast_and_small_ones_stay(self):
        rng = np.random.default_rng(0)
        weight = rng.standard_normal((64, 32)).astype(np.float16).astype(np.float32)  # already fp16 values
        bias = rng.standard_normal(32).astype(np.float32)
        with tempfile.TemporaryDirectory() as tmp:
            path = pathlib.Path(tmp, "tiny.onnx")
            onnx.save(tiny_graph(weight, bias), str(path))
            before = path.stat().st_size
            self.assertEqual(store_weights_fp16(path), weight.size)
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


if __name__ == "__main__":
    unittest.main()
