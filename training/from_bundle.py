"""Bundle -> checkpoint: `python3 -m training.from_bundle --bundle models/default --out EXP/bundle.pt`.

Rebuilds a training checkpoint from a shipped bundle, so a fine-tune (`train --init EXP/bundle.pt
--keep-statistics`) needs nothing that lived only on the machine that trained it. The config comes from
model.json's architecture; every weight from the ONNX parts' initializers, turned back to fp32 exactly (fp16
values widen without rounding; int8 ones are q * scale, the values training/quantise.py left in the checkpoint).

The exporter names some initializers after their parameter and others anonymously (a Linear's weight stored
transposed for a MatMul: "onnx::MatMul_150"). Which parameter an anonymous one holds is found by exporting a
model of the same config whose every parameter has distinct random values and matching the values: the same
exporter gives the same graph, so the same initializer name holds the same parameter.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import pathlib
import tempfile

import numpy as np
import onnx
import onnx.numpy_helper
import torch

from .export import export
from .model import Config, Recogniser

PARTS = ("encoder", "atMemory", "atStep", "nat")
# the NAT part is exported from model.nat itself, so its names lack the "nat." prefix
PREFIX = {"encoder": "", "atMemory": "", "atStep": "", "nat": "nat."}


def config_of(bundle: dict, folder: pathlib.Path) -> Config:
    a = bundle["architecture"]
    windows = a["trainedWindows"]
    channels = a.get("subsamplingChannels")
    if channels is None:  # bundles before 2026-12 leave it out: the first convolution's bias has one value per channel
        channels = len(stored_weights(folder / bundle["files"]["encoder"]["path"])["encoder.subsampling.conv.0.bias"])
    return Config(channels=channels, n_mels=bundle["features"]["nMels"], d_model=a["dModel"], heads=a["heads"], ff_dim=a["ffDim"],
                  encoder_layers=a["encoderLayers"], at_layers=a["atLayers"], nat_layers=a["natLayers"],
                  clip=a["relativePositionClip"], left_windows=tuple(windows["left"]), right_windows=tuple(windows["right"]),
                  full_context_p=windows["fullContextProbability"])


def stored_weights(path: pathlib.Path) -> dict[str, np.ndarray]:
    """A part's float weights by their graph name, in fp32: fp32 as is, `X_fp16` widened, `X_int8` times `X_scale`."""
    graph = onnx.load(str(path)).graph
    raw = {w.name: onnx.numpy_helper.to_array(w) for w in graph.initializer}
    out = {}
    for name, values in raw.items():
        if name.endswith("_fp16"):
            out[name[:-5]] = values.astype(np.float32)
        elif name.endswith("_int8"):
            out[name[:-5]] = values.astype(np.float32) * raw[name[:-5] + "_scale"]
        elif name.endswith("_scale") and name[:-6] + "_int8" in raw:
            continue
        elif values.dtype == np.float32:
            out[name] = values
    return out


def name_map(config: Config) -> dict[str, dict[str, tuple[str, bool]]]:
    """Per part: graph initializer name -> (state_dict key, stored transposed)."""
    torch.manual_seed(1234)
    probe = Recogniser(config)
    state = probe.state_dict()
    with torch.no_grad():  # distinct values everywhere, buffers included (a LayerNorm starts all ones)
        for tensor in state.values():
            if tensor.is_floating_point():
                tensor.copy_(torch.randn_like(tensor))
    probe.load_state_dict(state)
    by_shape: dict[tuple, list[str]] = {}
    for key, tensor in state.items():
        if tensor.is_floating_point():
            by_shape.setdefault(tuple(tensor.shape), []).append(key)
    with tempfile.TemporaryDirectory() as folder:
        files = export(probe, pathlib.Path(folder))
        mapping = {}
        for part in PARTS:
            mapping[part] = {}
            for name, values in stored_weights(pathlib.Path(folder) / files[part]["path"]).items():
                key = PREFIX[part] + name
                if key in state and tuple(values.shape) == tuple(state[key].shape):
                    mapping[part][name] = (key, False)
                    continue
                matches = [(k, t) for t, shape in ((False, values.shape), (True, values.T.shape if values.ndim == 2 else None))
                           if shape is not None for k in by_shape.get(tuple(shape), [])
                           if np.array_equal(state[k].numpy(), values.T if t else values)]
                if len(matches) != 1:
                    raise RuntimeError(f"{part}: initializer {name} matches {len(matches)} parameters")
                mapping[part][name] = matches[0]
    return mapping


def checkpoint_from_bundle(folder: str | pathlib.Path) -> dict:
    folder = pathlib.Path(folder)
    bundle = json.loads((folder / "model.json").read_text())
    config = config_of(bundle, folder)
    model = Recogniser(config)
    state = model.state_dict()
    filled: set[str] = set()
    for part, names in name_map(config).items():
        stored = stored_weights(folder / bundle["files"][part]["path"])
        for name, (key, transposed) in names.items():
            if name not in stored:
                raise RuntimeError(f"{folder / bundle['files'][part]['path']}: initializer {name} is missing (another exporter?)")
            values = stored[name].T if transposed else stored[name]
            state[key] = torch.from_numpy(np.array(values, copy=True))
            filled.add(key)
    missing = [k for k, v in state.items() if v.is_floating_point() and k not in filled]
    if missing:
        raise RuntimeError(f"{folder}: no initializer holds {', '.join(missing)}")
    model.load_state_dict(state)
    trained = bundle.get("card", {}).get("training", {})
    return {"model": model.state_dict(), "config": dataclasses.asdict(config),
            "step": trained.get("steps", 0), "elapsed": 0.0, "epoch": 0, "epoch_step": 0,
            "hours": bundle.get("card", {}).get("data", {}).get("hours_seen_per_epoch", 0.0),
            "parameters": sum(p.numel() for p in model.parameters()), "hardware": trained.get("hardware", "unknown"),
            "torch": torch.__version__, "fromBundle": str(folder)}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--bundle", default="models/default")
    p.add_argument("--out", required=True)
    args = p.parse_args()
    state = checkpoint_from_bundle(args.bundle)
    out = pathlib.Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    torch.save(state, out)
    print(f"{args.bundle} -> {out}: {state['parameters']:,} parameters, config {state['config']}")


if __name__ == "__main__":
    main()
