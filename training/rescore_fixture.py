"""Attention rescoring's parity fixture: `python3 -m training.rescore_fixture --checkpoint EXP/bundle.pt
--reference src/core/fixtures/default-reference --lm models/default/lm.bin [--word-lm models/default/words.bin]`.

From the reference's PyTorch encoder outputs and CTC log-probabilities (training/fixtures.py wrote them), each
utterance's n-best (ctc_beam.n_best at the bundle's rescoring beam) with its CTC, fusion and AT scores, the
combined scores and the winner, into REFERENCE/rescore.json: src/core/rescore.test.ts reproduces them from the
same inputs with the bundle's ONNX parts. With --word-lm, each utterance also with the word-aware beam's n-best (its
best RESCORE_WORD_N_BEST entries, at the word weights: "words": true), as a bundle with words.bin rescores.
"""
from __future__ import annotations

import argparse
import json
import pathlib

import numpy as np
import torch

from .ctc_beam import n_best
from .decode import CTC_LENGTH_BONUS, CTC_LM_WEIGHT
from .fixtures import load
from .lm import CharacterLM
from .evaluate import word_fusions
from .rescore import (RESCORE_BEAM, RESCORE_CTC_WEIGHT, RESCORE_LENGTH_BONUS, RESCORE_LM_WEIGHT, RESCORE_WORD_CTC_WEIGHT,
                      RESCORE_WORD_LENGTH_BONUS, RESCORE_WORD_LM_WEIGHT, RESCORE_WORD_N_BEST, at_scores, rescore, rescoring_n_best)
from .tokens import TOKENS
from .word_lm import WordLM


@torch.no_grad()
def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--checkpoint", required=True)
    p.add_argument("--reference", required=True)
    p.add_argument("--lm", required=True)
    p.add_argument("--word-lm")
    args = p.parse_args()
    model = load(args.checkpoint, "{}")
    lm = CharacterLM(args.lm)
    words = word_fusions(WordLM(args.word_lm))["ctc"] if args.word_lm else None
    folder = pathlib.Path(args.reference)
    out = []
    for entry in json.loads((folder / "fixtures.json").read_text()):
        window = next(w for w in entry["windows"] if w["tag"] == "full")
        s, d = window["encodedFrames"], window["dModel"]
        encoded = torch.from_numpy(np.fromfile(folder / f"{entry['name']}.full.encoded.f32", dtype="<f4").reshape(1, s, d))
        ctc = torch.from_numpy(np.fromfile(folder / f"{entry['name']}.full.ctc.f32", dtype="<f4").reshape(1, s, len(TOKENS)))
        cases = [(False, n_best(ctc[0], s, RESCORE_BEAM, lm, CTC_LM_WEIGHT, CTC_LENGTH_BONUS),
                  (RESCORE_CTC_WEIGHT, RESCORE_LM_WEIGHT, RESCORE_LENGTH_BONUS))]
        if words is not None:
            cases.append((True, rescoring_n_best(ctc, s, lm, RESCORE_BEAM, words, RESCORE_WORD_N_BEST),
                          (RESCORE_WORD_CTC_WEIGHT, RESCORE_WORD_LM_WEIGHT, RESCORE_WORD_LENGTH_BONUS)))
        for with_words, hypotheses, weights in cases:
            at = at_scores(model, encoded, s, [list(h.tokens) for h in hypotheses])
            best, scores = rescore(hypotheses, at, *weights)
            out.append({"name": entry["name"], "tag": "full", "frames": s, "beam": RESCORE_BEAM, "words": with_words,
                        **({"nBestSize": RESCORE_WORD_N_BEST} if with_words else {}),
                        "weights": dict(zip(("ctcWeight", "lmWeight", "lengthBonus"), weights)),
                        "nBest": [{"tokens": list(h.tokens), "ctc": h.ctc, "fusion": h.fusion, "at": a, "score": c}
                                  for h, a, c in zip(hypotheses, at, scores)], "best": best})
            print(entry["name"], "words" if with_words else "characters", len(hypotheses), "entries; best", best)
    (folder / "rescore.json").write_text(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
