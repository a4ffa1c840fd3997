"""The word-aware search's parity fixture: `python3 -m training.word_search_fixture --out src/core/fixtures/word-search`.

Reads the word language model fixture (src/core/fixtures/word-lm: words.bin from invented sentences, vocabulary
100) and writes:
- lm.bin: a character language model (order 4) from the same sentences;
- ctc.f32: CTC log-probabilities (float32, frames x 32 tokens, the utterances one after another) made up for a
  few sentences, some with words outside the vocabulary: each character two frames then a blank, the spoken
  token raised over seeded noise, so that the search has real choices to make;
- expected.json: for every utterance and every setting (no word model; word model with a small and a large
  out-of-vocabulary penalty; with a word bonus), word_search.py's n-best: tokens and scores.
src/core/word-search.test.ts must reproduce them (tokens exactly, scores to 1e-4).

With --at-checkpoint (models/default as a checkpoint: training.from_bundle) it also writes at.json: AT beam search
with the word model on the default bundle's reference encoder outputs (src/core/fixtures/default-reference, full
context), which src/core/at-words.test.ts reproduces with the bundle's ONNX parts (tokens exactly).
"""
from __future__ import annotations

import argparse
import json
import pathlib

import numpy as np
import torch

from .lm import CharacterLM, build, write
from .tokens import TOKENS, encode
from .word_fusion import WordFusion
from .word_lm import WordLM
from .word_search import word_beam_search

UTTERANCES = [  # (text, noise): the first two are the fixture grammar's words, the rest hold unknown ones
    ("the baker painted the red boat", 1.1),
    ("my sister sold an old map at noon", 1.3),
    ("the zebra found the blue kettle", 1.0),
    ("old tom mends nets by the harbour", 1.2),
    ("call me at half past nine", 1.4),
]
SETTINGS = [
    {"name": "characters only", "lmWeight": 0.5, "lengthBonus": 1.5},
    {"name": "words, escape at 4", "lmWeight": 0.5, "lengthBonus": 1.5, "wordLmWeight": 0.7, "oovPenalty": 4.0},
    {"name": "words, escape at 20", "lmWeight": 0.5, "lengthBonus": 1.5, "wordLmWeight": 1.0, "oovPenalty": 20.0},
    {"name": "words and bonus, no character model", "lmWeight": 0.0, "lengthBonus": 0.5, "wordLmWeight": 0.8, "oovPenalty": 8.0, "wordBonus": 1.5},
]
BEAM = 8


def frames(text: str, noise: float, rng: np.random.Generator) -> np.ndarray:
    rows = []
    for c in encode(text):
        for token in (c, c, 0):
            row = noise * rng.standard_normal(len(TOKENS))
            row[token] += 4.0
            rows.append(row)
    x = np.asarray(rows, dtype=np.float64)
    x = x - x.max(1, keepdims=True)
    return (x - np.log(np.exp(x).sum(1, keepdims=True))).astype(np.float32)


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--out", required=True)
    p.add_argument("--word-lm", default="src/core/fixtures/word-lm")
    p.add_argument("--at-checkpoint", help="models/default as a checkpoint: also write at.json")
    p.add_argument("--at-reference", default="src/core/fixtures/default-reference")
    p.add_argument("--at-lm", default="models/default/lm.bin")
    args = p.parse_args()
    out, source = pathlib.Path(args.out), pathlib.Path(args.word_lm)
    out.mkdir(parents=True, exist_ok=True)
    sentences = (source / "sentences.txt").read_text().split("\n")
    contexts, log_probs = build([s for s in sentences if s], 4, 2)
    write(str(out / "lm.bin"), 4, contexts, log_probs)
    char_lm = CharacterLM(str(out / "lm.bin"))
    word_lm = WordLM(str(source / "words.bin"))
    rng = np.random.default_rng(25)
    utterances = [frames(text, noise, rng) for text, noise in UTTERANCES]
    (out / "ctc.f32").write_bytes(b"".join(u.astype("<f4").tobytes() for u in utterances))
    results = []
    for (text, _), x in zip(UTTERANCES, utterances):
        for setting in SETTINGS:
            words = (WordFusion(word_lm, setting["wordLmWeight"], setting["oovPenalty"], setting.get("wordBonus", 0.0))
                     if "wordLmWeight" in setting else None)
            n_best = word_beam_search(torch.from_numpy(x), len(x), BEAM, char_lm, setting["lmWeight"], setting["lengthBonus"], words)
            results.append({"text": text, "setting": setting["name"],
                            "nBest": [{"tokens": h.tokens, "score": h.score, "ctc": h.ctc} for h in n_best]})
    expected = {"beam": BEAM, "vocabulary": len(TOKENS), "frames": [len(u) for u in utterances],
                "settings": SETTINGS, "results": results}
    (out / "expected.json").write_text(json.dumps(expected, indent=0) + "\n")
    if args.at_checkpoint:
        at_fixture(args, out, word_lm)
    print(f"{len(utterances)} utterances x {len(SETTINGS)} settings -> {out}")


AT_SETTINGS = [  # decode.AT_CTC_WEIGHT and LM_WEIGHT with the fixture's small vocabulary, escape cheap and dear
    {"name": "words, escape at 3", "wordLmWeight": 0.6, "oovPenalty": 3.0},
    {"name": "words, escape at 14", "wordLmWeight": 0.6, "oovPenalty": 14.0, "wordBonus": 1.0},
]


def at_fixture(args, out: pathlib.Path, word_lm: WordLM):
    from .decode import AT_BEAM, AT_CTC_WEIGHT, LM_WEIGHT, at_beam
    from .fixtures import load
    from .tokens import decode
    model = load(args.at_checkpoint, "{}")
    char_lm = CharacterLM(args.at_lm)
    reference = pathlib.Path(args.at_reference)
    results = []
    for fixture in json.loads((reference / "fixtures.json").read_text()):
        window = next(w for w in fixture["windows"] if w["tag"] == "full")
        s, d = window["encodedFrames"], window["dModel"]
        encoded = torch.from_numpy(np.fromfile(reference / f"{fixture['name']}.full.encoded.f32", "<f4").reshape(1, s, d))
        ctc = torch.from_numpy(np.fromfile(reference / f"{fixture['name']}.full.ctc.f32", "<f4").reshape(1, s, -1))
        for setting in AT_SETTINGS:
            words = WordFusion(word_lm, setting["wordLmWeight"], setting["oovPenalty"], setting.get("wordBonus", 0.0))
            tokens = at_beam(model, encoded, s, AT_BEAM, ctc, AT_CTC_WEIGHT, char_lm, LM_WEIGHT, words)
            results.append({"name": fixture["name"], "setting": setting["name"], "tokens": tokens, "text": decode(tokens),
                            "withoutWords": window["text"].get("atBeamLm")})
            print(results[-1])
    at = {"beam": AT_BEAM, "ctcWeight": AT_CTC_WEIGHT, "lmWeight": LM_WEIGHT, "settings": AT_SETTINGS, "results": results}
    (out / "at.json").write_text(json.dumps(at, indent=1) + "\n")


if __name__ == "__main__":
    main()
