"""Checkpoint averaging: `python3 -m training.average --out EXP/averaged.pt CK1.pt CK2.pt ...`.

The mean of the weights of the last few checkpoints of a run (taken while the learning rate decays) is
usually a little better than the last one alone. Floating-point tensors are averaged; everything else
(the config, step counts, integer buffers) comes from the latest checkpoint (the highest step).
"""
from __future__ import annotations

import argparse

import torch


def average(paths: list[str]) -> dict:
    states = [torch.load(p, map_location="cpu", weights_only=False) for p in paths]
    last = max(states, key=lambda s: s.get("step", 0))
    keys = set(last["model"])
    for path, state in zip(paths, states):
        if set(state["model"]) != keys or state["config"] != last["config"]:
            raise SystemExit(f"{path}: a different model from the others; only checkpoints of one run can be averaged")
    model = {}
    for name, tensor in last["model"].items():
        if tensor.is_floating_point():
            model[name] = sum(s["model"][name].double() for s in states).div(len(states)).to(tensor.dtype)
        else:
            model[name] = tensor
    out = {k: v for k, v in last.items() if k != "optimizer"}
    out["model"] = model
    out["averaged"] = list(paths)
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", required=True)
    p.add_argument("checkpoints", nargs="+")
    args = p.parse_args()
    torch.save(average(args.checkpoints), args.out)
    print(f"averaged {len(args.checkpoints)} checkpoints into {args.out}")


if __name__ == "__main__":
    main()
