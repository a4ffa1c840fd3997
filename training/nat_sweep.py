"""Mask-CTC's two settings on dev data: the CTC probability below which a character is masked for the NAT decoder
(decode.MASK_CTC_THRESHOLD, model.json decoding.maskCtcThreshold) and the number of mask-predict iterations k (the
app's settings.iterations). An experiment script: it changes neither, it prints the WER of every pair.

    .venv/bin/python -m training.nat_sweep --checkpoint EXP/int8.pt --manifest so762-dev150.jsonl

The encoder runs once per utterance (full context, as the evaluate stage's rows); each pair then costs only NAT
passes. Dev only: the threshold is chosen here, then the test sets are decoded once with it (evaluate.py).
"""
from __future__ import annotations

import argparse
import json

import torch

from . import data, features
from .corpus.text import normalise
from .ctc import greedy
from .decode import nat_mask_ctc, with_tail
from .fixtures import load
from .model import FULL
from .score import Tally
from .tokens import decode

THRESHOLDS = (0.5, 0.7, 0.8, 0.9, 0.95)
ITERATIONS = (0, 1, 2, 4)


@torch.no_grad()
def sweep(model, entries, thresholds=THRESHOLDS, iterations=ITERATIONS) -> dict:
    """WER % of CTC greedy and of NAT at each (threshold, k), keyed "threshold/k"."""
    pairs = [(t, k) for t in thresholds for k in iterations]
    tallies, ctc_tally = {p: Tally() for p in pairs}, Tally()
    for e in entries:
        mel = torch.from_numpy(with_tail(features.log_mel(data.load_audio(e["audio"]))))[None]
        reference = normalise(e["text"]).split()
        encoded, lengths, _ = model.encoder(mel, torch.tensor([mel.shape[1]]), torch.tensor([FULL]), torch.tensor([FULL]))
        s = int(lengths[0])
        ctc = model.ctc(encoded)
        ctc_tally.add(reference, normalise(decode(greedy(ctc[0], s)[0])).split())
        for t, k in pairs:
            tallies[(t, k)].add(reference, normalise(decode(nat_mask_ctc(model, encoded, s, ctc, k, t))).split())
    return {"utterances": len(entries), "ctc": round(100 * ctc_tally.rate(), 2),
            "nat": {f"{t}/{k}": round(100 * tallies[(t, k)].rate(), 2) for t, k in pairs}}


def table(result: dict, thresholds=THRESHOLDS, iterations=ITERATIONS) -> str:
    lines = [f"CTC greedy {result['ctc']} % WER on {result['utterances']} utterances; NAT:", "",
             "| threshold | " + " | ".join(f"k = {k}" for k in iterations) + " |", "|---|" + "---|" * len(iterations)]
    lines += [f"| {t} | " + " | ".join(str(result["nat"][f"{t}/{k}"]) for k in iterations) + " |" for t in thresholds]
    return "\n".join(lines)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--checkpoint", required=True)
    p.add_argument("--manifest", required=True, help="a dev manifest[:LIMIT], outside every test part")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--out", help="also write the figures as JSON")
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    path, _, limit = args.manifest.partition(":")
    entries = data.read_manifest(path)[: int(limit) if limit else None]
    result = sweep(load(args.checkpoint, "{}"), entries)
    print(table(result))
    if args.out:
        with open(args.out, "w") as f:
            json.dump(result, f, indent=1)


if __name__ == "__main__":
    main()
