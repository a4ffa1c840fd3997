"""Integer MatMuls: the int8 weights of a part multiplied in int8, for the WASM backend's speed.

    python3 -m training.integer_matmul --bundle DIR [--parts atMemory,atScore,encoder,nat]   (or export --arithmetic int8)

An `export --weights int8` part turns each int8 weight back into fp32 (`W = Cast(W_int8) * W_scale`, one scale per
output channel) and multiplies in fp32. Here every MatMul whose weight comes that way (per output channel: the
scale's shape [1, N] or [N]) becomes instead

    x_q, x_scale, x_zero = DynamicQuantizeLinear(x)          # the activation: uint8, one scale for the tensor
    W_product = Cast(MatMulInteger(x_q, W_int8, x_zero))     # int32 sums, exact
    W_scales = Mul(x_scale, W_scale)
    y = Mul(W_product, W_scales)

the pattern onnxruntime's MatMulIntegerToFloat and DynamicQuantizeMatMul fusions recognise (quantize_dynamic's
output), whose WASM kernels are integer: the encoder of the 12.4 M model takes about 40 % less CPU (docs/benchmarks.md,
issue #29). The initializers stay as they were (the same `W_int8` and `W_scale`, so the bundle's size
and training/from_bundle.py do not change); only the activations are rounded, to 8 bits per tensor per call.

onnxruntime-web's WebGPU provider has neither DynamicQuantizeLinear nor MatMulInteger, so the core turns these
groups back into the fp32 form before it creates a WebGPU session (src/core/float-matmuls.ts, the inverse of this).
Names of the added tensors and nodes: the MatMul's output name with a suffix (INTEGER_SUFFIXES), which is how the
core finds a group.
"""
from __future__ import annotations

import argparse
import json
import pathlib

import onnx
from onnx import TensorProto, helper

# a part's MatMul output `y` gives the group's tensor names y + suffix (src/core/float-matmuls.ts reads the same)
INTEGER_SUFFIXES = {"x_q": "_x_q", "x_scale": "_x_scale", "x_zero": "_x_zero", "product": "_product_int32",
                    "product_fp32": "_product", "scales": "_scales"}
# the parts whose MatMuls run in int8 by default: those that gained (docs/benchmarks.md, issue #29; 30 so762-dev150
# sentences, CPU time, 1 thread): the encoder (about 40 % less), the NAT pass (40 %), AT memory + AT score (rescoring's
# decoder, 24 %); so762-dev150's transcripts stayed the same but for one NAT hypothesis. AT step is not among them: one
# token at a time, quantising its activations cost more than it saved (AT greedy +3 %, AT beam 8 + LM +8 %).
DEFAULT_PARTS = ("atMemory", "atScore", "encoder", "nat")


def storage_note(parts) -> str:
    """What model.json's weightStorage adds for parts with integer MatMuls (the app's model panel shows it)."""
    return f"; the {', '.join(parts)} MatMuls in int8 on WASM (activations rounded per call), fp32 on WebGPU"


def per_channel_weights(graph: onnx.GraphProto) -> dict[str, tuple[str, str, list[onnx.NodeProto]]]:
    """The weights `W = Mul(Cast(W_int8 int8), W_scale)` with one scale per column ([1, N] or [N]): W's name ->
    (W_int8, W_scale, its Cast and Mul nodes)."""
    inits = {i.name: i for i in graph.initializer}
    producer = {o: n for n in graph.node for o in n.output}
    found = {}
    for mul in graph.node:
        if mul.op_type != "Mul" or len(mul.input) != 2:
            continue
        cast = producer.get(mul.input[0])
        if cast is None or cast.op_type != "Cast" or cast.input[0] not in inits:
            continue
        weight, scale = inits[cast.input[0]], inits.get(mul.input[1])
        if weight.data_type != TensorProto.INT8 or len(weight.dims) != 2 or scale is None:
            continue
        columns = weight.dims[1]
        if list(scale.dims) not in ([1, columns], [columns]):
            continue
        found[mul.output[0]] = (weight.name, scale.name, [cast, mul])
    return found


def integer_matmul_nodes(matmul: onnx.NodeProto, weight: str, scale: str) -> list[onnx.NodeProto]:
    """The five nodes that replace `matmul` (module docstring)."""
    x, y = matmul.input[0], matmul.output[0]
    n = {k: y + suffix for k, suffix in INTEGER_SUFFIXES.items()}
    return [
        helper.make_node("DynamicQuantizeLinear", [x], [n["x_q"], n["x_scale"], n["x_zero"]], name=y + "_quantise_input"),
        helper.make_node("MatMulInteger", [n["x_q"], weight, n["x_zero"]], [n["product"]], name=y + "_matmul_integer"),
        helper.make_node("Cast", [n["product"]], [n["product_fp32"]], to=TensorProto.FLOAT, name=y + "_product_to_fp32"),
        helper.make_node("Mul", [n["x_scale"], scale], [n["scales"]], name=y + "_scales"),
        helper.make_node("Mul", [n["product_fp32"], n["scales"]], [y], name=y + "_scaled"),
    ]


def to_integer_matmuls(model: onnx.ModelProto) -> int:
    """Rewrites the model in place (module docstring); returns how many MatMuls now multiply in int8. A weight's
    Cast and Mul stay only while something else still reads the fp32 weight."""
    graph = model.graph
    weights = per_channel_weights(graph)
    nodes, converted = [], 0
    for node in graph.node:
        if node.op_type == "MatMul" and node.input[1] in weights:
            weight, scale, _ = weights[node.input[1]]
            nodes += integer_matmul_nodes(node, weight, scale)
            converted += 1
        else:
            nodes.append(node)
    still_read = {i for n in nodes for i in n.input} | {o.name for o in graph.output}
    unused = {id(n) for name, (_, _, pair) in weights.items() if name not in still_read for n in pair}
    del graph.node[:]
    graph.node.extend(n for n in nodes if id(n) not in unused)
    onnx.checker.check_model(model)
    return converted


def convert_part(path: pathlib.Path) -> int:
    model = onnx.load(str(path))
    converted = to_integer_matmuls(model)
    onnx.save(model, str(path))
    return converted


def convert_bundle(folder: pathlib.Path, parts=DEFAULT_PARTS) -> dict[str, int]:
    """Converts the named parts of an int8 bundle in place and records them in model.json
    (architecture.integerMatMuls); returns the MatMuls converted per part."""
    bundle = json.loads((folder / "model.json").read_text())
    if not bundle["architecture"].get("weightStorage", "fp32").startswith("int8"):
        raise SystemExit(f"{folder}: integer MatMuls need int8 weights (export --weights int8)")
    counts = {part: convert_part(folder / bundle["files"][part]["path"]) for part in parts}
    if not any(counts.values()):
        raise SystemExit(f"{folder}: no MatMul of {', '.join(parts)} reads an int8 weight with per-column scales")
    architecture = bundle["architecture"]
    integer = sorted(set(architecture.get("integerMatMuls", [])) | set(parts))
    architecture["integerMatMuls"] = integer
    architecture["weightStorage"] = architecture["weightStorage"].split("; the ")[0] + storage_note(integer)
    (folder / "model.json").write_text(json.dumps(bundle, indent=1))
    return counts


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--bundle", required=True, help="an int8 bundle (export --weights int8), converted in place")
    p.add_argument("--parts", default=",".join(DEFAULT_PARTS), help="model.json part names, comma-separated")
    args = p.parse_args()
    counts = convert_bundle(pathlib.Path(args.bundle), tuple(args.parts.split(",")))
    print(f"{args.bundle}: int8 MatMuls " + ", ".join(f"{part} {n}" for part, n in counts.items()))


if __name__ == "__main__":
    main()
