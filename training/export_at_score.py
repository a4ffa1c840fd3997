"""Adds attention rescoring's scoring part to an existing bundle:
`python3 -m training.export_at_score --checkpoint EXP/bundle.pt --bundle models/default`.

For a bundle exported before at_score.onnx existed: its checkpoint comes back from the bundle itself
(`python3 -m training.from_bundle`, exact), the part is exported from it (export.py export_at_score) with the
bundle's weight storage (fp16 here), and model.json gains files.atScore and the rescoring settings
(rescore.py RESCORE_*). Nothing else in the bundle changes.
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
    if storage.startswith("int8"):
        raise SystemExit("an int8 bundle: export it again from its quantised checkpoint (training.export --weights int8)")
    model = load(args.checkpoint, "{}")
    bundle["files"]["atScore"] = export_at_score(model, folder)
    if storage.startswith("fp16"):
        store_weights(folder / "at_score.onnx")
    bundle["decoding"].update(rescore_settings())
    (folder / "model.json").write_text(json.dumps(bundle, indent=1))
    print(f"{folder / 'at_score.onnx'}: {(folder / 'at_score.onnx').stat().st_size:,} bytes; model.json: files.atScore, {rescore_settings()}")


if __name__ == "__main__":
    main()
