"""Adds attention rescoring's scoring part to an existing bundle:
`python3 -m training.export_at_score --checkpoint EXP/bundle.pt --bundle models/default`.

For a bundle exported before at_score.onnx existed, or before it gave the cross-attention (2026-12-07): its checkpoint comes back from the bundle itself
(`python3 -m training.from_bundle`, exact), the part is exported from it (export.py export_at_score) with the
bundle's weight storage (fp16 or int8), and model.json gains files.atScore and, when it has none, the rescoring
settings (rescore.py RESCORE_*). Nothing else in the bundle changes.
"""
from __future__ import annotations

import argparse
import json
import pathlib

from .export import export_at_score, store_weights
from .fixtures import load
from .rescore import rescore_settings


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--checkpoint", required=True, help="the bundle's own checkpoint (training.from_bundle)")
    p.add_argument("--bundle", required=True)
    args = p.parse_args()
    folder = pathlib.Path(args.bundle)
    bundle = json.loads((folder / "model.json").read_text())
    storage = bundle["architecture"].get("weightStorage", "fp32")
    model = load(args.checkpoint, "{}")
    bundle["files"]["atScore"] = export_at_score(model, folder)
    if storage.startswith(("fp16", "int8")):
        # an int8 bundle's checkpoint (from_bundle) holds its weights on the int8 grid, so they store exactly
        store_weights(folder / "at_score.onnx", int8=storage.startswith("int8"))
    if "rescoreNBest" not in bundle["decoding"]:  # a bundle that already rescores keeps its chosen settings
        bundle["decoding"].update(rescore_settings(words="wordLm" in bundle["files"]))
    (folder / "model.json").write_text(json.dumps(bundle, indent=1))
    print(f"{folder / 'at_score.onnx'}: {(folder / 'at_score.onnx').stat().st_size:,} bytes; model.json: files.atScore")


if __name__ == "__main__":
    main()
