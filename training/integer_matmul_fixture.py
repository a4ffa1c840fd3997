"""The core's fixture for integer MatMuls (src/core/float-matmuls.test.ts):
`python3 -m training.integer_matmul_fixture --out src/core/fixtures/integer-matmul`.

A small random model, its weights rounded by training/quantise.py, exported (export.py) with int8 weights: the
encoder twice, `encoder.onnx` in the fp32-arithmetic form (`export --weights int8`) and `encoder-integer.onnx`
with integer MatMuls (`--arithmetic int8`, training/integer_matmul.py). The core's WebGPU form of the second must
compute exactly what the first does.
"""
from __future__ import annotations

import argparse
import json
import pathlib
import shutil
import tempfile

import torch

from .export import export, store_weights
from .integer_matmul import convert_part
from .model import Config, Recogniser
from .quantise import quantise_

# big enough that every projection has the 1,024 values int8 storage needs (quantise.MIN_ELEMENTS)
CONFIG = {"d_model": 32, "heads": 2, "ff_dim": 64, "encoder_layers": 2, "at_layers": 1, "nat_layers": 1, "channels": 8}


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--out", required=True)
    args = p.parse_args()
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(0)
    model = Recogniser(Config(**CONFIG))
    quantise_(model)
    with tempfile.TemporaryDirectory() as tmp:
        files = export(model, pathlib.Path(tmp))
        encoder = pathlib.Path(tmp, files["encoder"]["path"])
        stored = store_weights(encoder, int8=True)
        shutil.copyfile(encoder, out / "encoder.onnx")
        matmuls = convert_part(encoder)
        shutil.copyfile(encoder, out / "encoder-integer.onnx")
    (out / "fixture.json").write_text(json.dumps({"config": CONFIG, "nMels": model.config.n_mels, "dModel": model.config.d_model,
                                                  "int8Values": stored["int8"], "integerMatMuls": matmuls,
                                                  "inputs": files["encoder"]["inputs"], "outputs": files["encoder"]["outputs"]}, indent=1))
    print(f"{out}: encoder.onnx and encoder-integer.onnx ({matmuls} MatMuls in int8)")


if __name__ == "__main__":
    main()
