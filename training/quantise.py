"""Quantise stage: round a checkpoint's weight matrices to 8 bits (per output channel), for a smaller bundle.

    python3 -m training.quantise --checkpoint EXP/final.pt --out EXP/int8.pt

Every weight of two or more dimensions and at least MIN_ELEMENTS values becomes scale * q, q an integer in
[-127, 127], one scale per output channel (the first dimension: a Linear's output feature, a Conv's output
channel, an Embedding's row). The result is still an fp32 checkpoint, so evaluate, fixtures and export read it
like any other and what they measure is what the bundle computes: export.py finds the weights on that grid and
stores them as int8 with their scales (a quarter of fp32, half of fp16), cast back to fp32 in the graph.
Measured on the 12.4 M bundle (gpu1) and 150 dev sentences: WER 38.62 -> 38.72 % (AT beam 8 + LM, the default),
66.35 -> 66.06 (CTC greedy), 50.86 -> 50.67 (AT + CTC greedy), 44.36 -> 44.55 (CTC beam 16 + LM): a few words of
1,050 either way. (One scale per matrix instead of per channel: within the same few words.) The evaluate stage on
the agreed 200: the default 41.82 % against 41.47 (5 more word errors of 1,430), held-out TTS 15.73 against 15.46,
CTC beam 16 + LM 46.43 against 46.71, AT + CTC greedy 54.97 against 55.03; bundle 25.3 MB against 37.5. Not free, so
the 12.4 M bundle, which fits under 40 MB in fp16, stays fp16 (training/README.md).
"""
from __future__ import annotations

import argparse

import torch

MIN_ELEMENTS = 1024
LEVELS = 127


def channel_scales(rows: torch.Tensor) -> torch.Tensor:
    """[C, N] -> [C, 1]: each row's step, its largest magnitude over LEVELS (1 for an all-zero row, which stays
    zero). The one rule both the rounding here and export.py's check that a weight lies on the grid use."""
    scale = rows.abs().amax(1, keepdim=True) / LEVELS
    return torch.where(scale > 0, scale, torch.ones_like(scale))


def quantise_(model: torch.nn.Module) -> int:
    """Rounds the model's weight matrices in place; returns how many values it rounded."""
    rounded = 0
    with torch.no_grad():
        for p in model.parameters():
            if p.dim() < 2 or p.numel() < MIN_ELEMENTS:
                continue
            rows = p.reshape(p.shape[0], -1)
            scale = channel_scales(rows)
            p.copy_((rows / scale).round().clamp(-LEVELS, LEVELS).mul(scale).reshape(p.shape))
            rounded += p.numel()
    return rounded


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--checkpoint", required=True)
    p.add_argument("--out", required=True)
    args = p.parse_args()
    from .model import Config, Recogniser

    state = torch.load(args.checkpoint, map_location="cpu", weights_only=False)
    model = Recogniser(Config(**state["config"]))
    model.load_state_dict(state["model"])
    rounded = quantise_(model)
    # the optimizer state would be stale for the rounded weights: a quantised checkpoint is for release, not --resume
    torch.save({**{k: v for k, v in state.items() if k != "optimizer"}, "model": model.state_dict(),
                "weights": f"int8 per output channel ({rounded:,} values)"}, args.out)
    print(f"quantised {rounded:,} of {sum(q.numel() for q in model.parameters()):,} parameters -> {args.out}")


if __name__ == "__main__":
    main()
