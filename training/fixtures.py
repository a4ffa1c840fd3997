"""Reference outputs for the TypeScript core's parity tests: `python3 -m training.fixtures --checkpoint CK --bundle DIR --out DIR AUDIO...`.

For each audio file: the features (features.py), then for full context and one truncated window the
PyTorch encoder states and CTC log-probabilities, and the tokens of every decoder (decode.py). Arrays are
raw little-endian float32 files; fixtures.json indexes them.
"""
from __future__ import annotations

import argparse
import json
import pathlib

import numpy as np
import torch

from . import data, features
from .ctc import greedy
from .ctc_beam import beam_search
from .decode import (AT_BEAM, AT_CTC_WEIGHT, CTC_BEAM, CTC_LENGTH_BONUS, CTC_LM_WEIGHT, CTC_WORD_CHAR_LM_WEIGHT, CTC_WORD_LENGTH_BONUS,
                     LM_WEIGHT, at_beam, nat_mask_ctc, with_tail)
from .lm import CharacterLM
from .model import FULL, Config, Recogniser
from .tokens import decode, encode

WINDOWS = [(FULL, FULL), (16, 2)]


def load(checkpoint: str | None, config: str) -> Recogniser:
    if checkpoint:
        state = torch.load(checkpoint, weights_only=False)
        model = Recogniser(Config(**state["config"]))
        model.load_state_dict(state["model"])
    else:
        torch.manual_seed(0)
        model = Recogniser(Config(**json.loads(config)))
    return model.eval()


@torch.no_grad()
def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--checkpoint")
    p.add_argument("--config", default="{}")
    p.add_argument("--out", required=True)
    p.add_argument("--real", help="MANIFEST:N — also decode the first N utterances of a real-speech manifest "
                                  "(read in place; only their file names and our hypotheses are written)")
    p.add_argument("--lm", help="lm.bin: adds AT and CTC beam search with the language model, and LM rows for the core to reproduce")
    p.add_argument("--word-lm", help="words.bin (with --lm): the bundle's word-aware defaults too (AT and CTC beam search with the "
                                     "word model, the word beam's n-best rescored), and CTC beam search's character weights those of a bundle with it")
    p.add_argument("audio", nargs="+")
    args = p.parse_args()
    model = load(args.checkpoint, args.config)
    lm = CharacterLM(args.lm) if args.lm else None
    fusions = None
    if args.word_lm:
        from .evaluate import WORD_RESCORE, WORD_ROWS, word_fusions  # evaluate imports this module: here, not at the top
        from .word_lm import WordLM
        fusions = word_fusions(WordLM(args.word_lm))
    # A bundle with the word model searches CTC beams with more character-model weight (export.language_model_settings)
    ctc_lm_weight, ctc_bonus = (CTC_WORD_CHAR_LM_WEIGHT, CTC_WORD_LENGTH_BONUS) if fusions else (CTC_LM_WEIGHT, CTC_LENGTH_BONUS)
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    index = []
    for path in args.audio:
        name = pathlib.Path(path).stem
        mel = features.log_mel(data.load_audio(path))
        mel.astype("<f4").tofile(out / f"{name}.features.f32")
        entry = {"name": name, "audio": pathlib.Path(path).name, "nFrames": len(mel), "nMels": features.N_MELS, "atBeam": AT_BEAM,
                 "windows": []}
        if lm:
            entry["ctcBeam"] = CTC_BEAM
        x = torch.from_numpy(with_tail(mel))[None]  # the features file is the front end's; the model sees the tail too
        for left, right in WINDOWS:
            encoded, lengths, _ = model.encoder(x, torch.tensor([x.shape[1]]), torch.tensor([left]), torch.tensor([right]))
            ctc = model.ctc(encoded)
            tag = "full" if left == FULL else f"{left}-{right}"
            encoded[0].numpy().astype("<f4").tofile(out / f"{name}.{tag}.encoded.f32")
            ctc[0].numpy().astype("<f4").tofile(out / f"{name}.{tag}.ctc.f32")
            s = int(lengths[0])
            ctc_tokens, _, _ = greedy(ctc[0], s)
            decoders = {"ctc": ctc_tokens, "atGreedy": at_beam(model, encoded, s, 1, ctc, AT_CTC_WEIGHT),
                        "atBeam": at_beam(model, encoded, s, AT_BEAM, ctc, AT_CTC_WEIGHT), "atGreedyAlone": at_beam(model, encoded, s, 1),
                        "nat0": nat_mask_ctc(model, encoded, s, ctc, 0), "nat2": nat_mask_ctc(model, encoded, s, ctc, 2)}
            if lm:
                decoders["atBeamLm"] = at_beam(model, encoded, s, AT_BEAM, ctc, AT_CTC_WEIGHT, lm, LM_WEIGHT)
                decoders["ctcBeamLm"] = beam_search(ctc[0], s, CTC_BEAM, lm, ctc_lm_weight, ctc_bonus)
            if lm and fusions:
                decoders["atBeamWords"] = at_beam(model, encoded, s, AT_BEAM, ctc, AT_CTC_WEIGHT, lm, LM_WEIGHT, fusions["at"])
                decoders["ctcBeamWords"] = beam_search(ctc[0], s, CTC_BEAM, lm, ctc_lm_weight, ctc_bonus, fusions["ctc"])
                decoders["rescoreWords"] = WORD_ROWS[WORD_RESCORE](model, encoded, s, ctc, lm, fusions)
            entry["windows"].append({"left": left, "right": right, "tag": tag, "encodedFrames": s, "dModel": encoded.shape[2],
                                     "tokens": decoders, "text": {k: decode(v) for k, v in decoders.items()}})
        index.append(entry)
        print(name, {w["tag"]: w["text"] for w in entry["windows"]})
    (out / "fixtures.json").write_text(json.dumps(index, indent=1))
    if lm:
        # Next-token rows after a few histories: an empty one, common words, a stored six-character context, and
        # characters no text has (the lookup falls back to shorter contexts)
        histories = ["", "the", "it was a", "and the ", "zzqx'", "what do you think abo"]
        (out / "lm-rows.json").write_text(json.dumps(
            [{"history": h, "logProbs": [round(float(v), 6) for v in lm.log_probs(encode(h))]} for h in histories]))
    if args.real:
        path, count = args.real.rsplit(":", 1)
        (out / "real-speech.json").write_text(json.dumps(real_speech(model, data.read_manifest(path)[: int(count)]), indent=1))


@torch.no_grad()
def real_speech(model, entries) -> list[dict]:
    """The recipe's own hypotheses on real utterances, for the core to reproduce from the same audio."""
    rows = []
    for e in entries:
        mel = torch.from_numpy(with_tail(features.log_mel(data.load_audio(e["audio"]))))[None]
        full = torch.tensor([FULL])
        encoded, lengths, _ = model.encoder(mel, torch.tensor([mel.shape[1]]), full, full)
        s = int(lengths[0])
        ctc = model.ctc(encoded)
        rows.append({"file": pathlib.Path(e["audio"]).name,
                     "ctc": decode(greedy(ctc[0], s)[0]),
                     "at": decode(at_beam(model, encoded, s, 1, ctc, AT_CTC_WEIGHT)),
                     "nat": decode(nat_mask_ctc(model, encoded, s, ctc, 0))})
        print(rows[-1])
    return rows


if __name__ == "__main__":
    main()
