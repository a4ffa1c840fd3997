"""Attention rescoring (the WeNet way): the CTC prefix beam's n-best (ctc_beam.n_best, with the character
language model) reranked by the AT decoder in one batched teacher-forced pass. src/core/rescore.ts is its
twin: the same names and the same arithmetic.

Each entry's AT score is the sum of the AT decoder's log-probabilities of its tokens and of the end of
sentence, given <sos> and the tokens before (teacher forcing: no search, so one pass scores all of them). The
entry's score is

    ctc_weight * ctc + (1 - ctc_weight) * at + lm_weight * fusion + length_bonus * len(tokens)

where ctc is the CTC log-probability of the entry (all its paths) and fusion the language-model and length-bonus
score the beam search gave it (end of sentence included); the best entry is the output. The n-best can come from
any search that gives token sequences with those two scores.

Weights chosen on the 150 dev sentences (so762-dev150, outside every test part): see RESCORE_* below.
"""
from __future__ import annotations

import torch

from .ctc_beam import Hypothesis, n_best
from .decode import CTC_LENGTH_BONUS, CTC_LM_WEIGHT, CTC_WORD_CHAR_LM_WEIGHT, CTC_WORD_LENGTH_BONUS, with_tail
from .tokens import SOS_EOS

# The n-best size (the CTC beam's: every kept prefix is rescored) and the weights of the combined score (model.json
# decoding.rescore*), chosen on so762-dev150 (`python3 -m training.rescore`, the 12.4 M bundle; WER %, the AT beam 8
# + LM default 38.6 there): the CTC beam alone 44.4 / 44.0 / 43.0 / 42.4 at beam 16 / 32 / 64 / 128, the best of its
# n-best (oracle) 38.3 / 35.4 / 32.1 / 30.1; rescored at the best weights of a grid (CTC weight 0.1-0.5, LM 0.5-1.25,
# bonus -2 to 0) 42.0 / 40.2 / 38.5 / 38.4. The width of the beam matters more than how many entries are rescored:
# beam 64's best 16 entries give 38.7, its best 32 38.6. At beam 64 the region is flat (38.5-38.8 over CTC weight
# 0.1-0.3, LM 0.5-1.0, bonus -1); a negative bonus takes back part of the beam's 1.5 per character (fusion), which the
# AT score does not need.
RESCORE_BEAM = 64
RESCORE_CTC_WEIGHT = 0.3
RESCORE_LM_WEIGHT = 0.75
RESCORE_LENGTH_BONUS = -1.0
# With the word language model the n-best comes from the word-aware CTC beam (ctc_beam.n_best with word fusion, at
# decode.CTC_WORD_* weights: the CTC beam decoder's own) and only its best RESCORE_WORD_N_BEST entries are rescored.
# Chosen on so762-dev150 (training/rescore_words_tune.py, grid n-best 8-64 x CTC 0.1-0.7 x fusion 0.25-1.0 x bonus
# -2..+1): 36.62 % WER against the AT beam 8 + LM default's 38.6 and the character n-best rescored's 38.5; entries
# past the 16th never won there. The fusion now holds the word model's score too, hence a lower weight than above.
RESCORE_WORD_N_BEST = 16
RESCORE_WORD_CTC_WEIGHT = 0.3
RESCORE_WORD_LM_WEIGHT = 0.5
RESCORE_WORD_LENGTH_BONUS = 0.0


def rescore_settings(words: bool = False) -> dict:
    """model.json decoding's rescoring fields, for a bundle with (words) or without the word language model."""
    if words:
        return {"rescoreBeam": RESCORE_BEAM, "rescoreNBest": RESCORE_WORD_N_BEST, "rescoreCtcWeight": RESCORE_WORD_CTC_WEIGHT,
                "rescoreLmWeight": RESCORE_WORD_LM_WEIGHT, "rescoreLengthBonus": RESCORE_WORD_LENGTH_BONUS}
    return {"rescoreBeam": RESCORE_BEAM, "rescoreCtcWeight": RESCORE_CTC_WEIGHT, "rescoreLmWeight": RESCORE_LM_WEIGHT,
            "rescoreLengthBonus": RESCORE_LENGTH_BONUS}


class PrefixTree:
    """The sequences as a tree of token nodes, node 0 the <sos> root; nodes numbered as the sequences reach them,
    in order. A prefix several entries share is one run of nodes, so one pass scores it once: the n-best of a CTC
    prefix beam differs mostly near the end."""

    def __init__(self, sequences: list[list[int]]):
        self.tokens, self.parents, self.depths = [SOS_EOS], [-1], [0]
        children: dict[tuple[int, int], int] = {}
        self.paths = []  # per sequence: the node before each of its tokens, then its last node
        for sequence in sequences:
            node, path = 0, [0]
            for token in sequence:
                child = children.get((node, token))
                if child is None:
                    child = children[(node, token)] = len(self.tokens)
                    self.tokens.append(token), self.parents.append(node), self.depths.append(self.depths[node] + 1)
                node = child
                path.append(node)
            self.paths.append(path)

    def allowed(self) -> torch.Tensor:
        """[T,T] bool: node i sees itself and its ancestors."""
        t = len(self.tokens)
        allowed = torch.zeros(t, t, dtype=torch.bool)
        for i in range(t):
            j = i
            while j >= 0:
                allowed[i, j] = True
                j = self.parents[j]
        return allowed


@torch.no_grad()
def at_scores(model, encoded, length: int, sequences: list[list[int]]) -> list[float]:
    """The AT decoder's log-probability of each token sequence followed by the end of sentence, all in one
    teacher-forced pass over their prefix tree (at.py ATDecoder.score: the bundle's at_score.onnx) with the
    cross-attention keys and values of the one utterance."""
    if not sequences:
        return []
    tree = PrefixTree(sequences)
    cross_keys, cross_values = model.at.memory(encoded[:, :length])
    log_probs = model.at.score(torch.tensor([tree.tokens]), torch.tensor(tree.depths), tree.allowed(), cross_keys, cross_values)[0][0].double()
    scores = []
    for sequence, path in zip(sequences, tree.paths):
        score = 0.0
        for node, token in zip(path, sequence + [SOS_EOS]):
            score += float(log_probs[node, token])
        scores.append(score)
    return scores


def combined(h: Hypothesis, at: float, ctc_weight: float, lm_weight: float, length_bonus: float) -> float:
    return ctc_weight * h.ctc + (1 - ctc_weight) * at + lm_weight * h.fusion + length_bonus * len(h.tokens)


def rescore(hypotheses: list[Hypothesis], at: list[float], ctc_weight: float = RESCORE_CTC_WEIGHT,
            lm_weight: float = RESCORE_LM_WEIGHT, length_bonus: float = RESCORE_LENGTH_BONUS) -> tuple[int, list[float]]:
    """The index of the best entry (the first of equals) and every entry's combined score."""
    scores = [combined(h, a, ctc_weight, lm_weight, length_bonus) for h, a in zip(hypotheses, at)]
    best = 0
    for i in range(1, len(scores)):
        if scores[i] > scores[best]:
            best = i
    return best, scores


def rescoring_n_best(ctc_log_probs, length: int, lm=None, beam: int = RESCORE_BEAM, words=None, count: int | None = None) -> list[Hypothesis]:
    """The entries rescoring reranks: the CTC prefix beam's kept prefixes (with the character language model at the
    CTC beam's weights, and with `words`, a WordFusion, the word model at the word beam's), its best `count`."""
    if words is not None:
        return n_best(ctc_log_probs[0], length, beam, lm, CTC_WORD_CHAR_LM_WEIGHT, CTC_WORD_LENGTH_BONUS, count, words=words)
    return n_best(ctc_log_probs[0], length, beam, lm, CTC_LM_WEIGHT if lm is not None else 0.0,
                  CTC_LENGTH_BONUS if lm is not None else 0.0, count)


@torch.no_grad()
def attention_rescore(model, encoded, length: int, ctc_log_probs, lm=None, beam: int = RESCORE_BEAM,
                      ctc_weight: float = RESCORE_CTC_WEIGHT, lm_weight: float = RESCORE_LM_WEIGHT,
                      length_bonus: float = RESCORE_LENGTH_BONUS, words=None, count: int | None = None) -> list[int]:
    """rescoring_n_best's entries, then rescoring."""
    hypotheses = rescoring_n_best(ctc_log_probs, length, lm, beam, words, count)
    at = at_scores(model, encoded, length, [list(h.tokens) for h in hypotheses])
    best, _ = rescore(hypotheses, at, ctc_weight, lm_weight, length_bonus)
    return list(hypotheses[best].tokens)


@torch.no_grad()
def sweep(model, entries, lm, beams, log=print) -> dict:
    """WER over a grid of n-best sizes and weights, each utterance's n-best and AT scores computed once per
    beam: how the RESCORE_* values were chosen (on dev data only)."""
    from . import data, features
    from .corpus.text import normalise
    from .model import FULL
    from .score import Tally, edit_counts
    from .tokens import decode

    grid = [(w, l, b) for w in (0.1, 0.2, 0.3, 0.5) for l in (0.5, 0.75, 1.0) for b in (-2.0, -1.5, -1.0, -0.5, 0.0)]
    tallies = {(beam, *g): Tally() for beam in beams for g in grid}
    baseline = {beam: Tally() for beam in beams}  # the CTC beam's own best
    oracle = {beam: Tally() for beam in beams}  # the n-best entry nearest the reference
    cache = []  # every utterance's n-best with its scores, for other combinations without decoding again
    for n, e in enumerate(entries):
        mel = torch.from_numpy(with_tail(features.log_mel(data.load_audio(e["audio"]))))[None]
        full = torch.tensor([FULL])
        encoded, lengths, _ = model.encoder(mel, torch.tensor([mel.shape[1]]), full, full)
        s = int(lengths[0])
        ctc = model.ctc(encoded)
        reference = normalise(e["text"]).split()
        for beam in beams:
            hypotheses = n_best(ctc[0], s, beam, lm, CTC_LM_WEIGHT, CTC_LENGTH_BONUS)
            at = at_scores(model, encoded, s, [list(h.tokens) for h in hypotheses])
            words = [normalise(decode(h.tokens)).split() for h in hypotheses]
            cache.append({"utterance": n, "beam": beam, "reference": reference, "words": words, "ctc": [h.ctc for h in hypotheses],
                          "fusion": [h.fusion for h in hypotheses], "tokens": [len(h.tokens) for h in hypotheses], "at": at})
            baseline[beam].add(reference, words[0])
            oracle[beam].add(reference, min(words, key=lambda w: sum(edit_counts(reference, w)[:3])))
            for g in grid:
                best, _ = rescore(hypotheses, at, *g)
                tallies[(beam, *g)].add(reference, words[best])
        if (n + 1) % 25 == 0:
            log(f"  {n + 1}/{len(entries)}")
    rows = [{"beam": k[0], "ctcWeight": k[1], "lmWeight": k[2], "lengthBonus": k[3], "wer": round(100 * t.rate(), 2)} for k, t in tallies.items()]
    return {"rows": sorted(rows, key=lambda r: r["wer"]),
            "ctcBeam": {beam: round(100 * t.rate(), 2) for beam, t in baseline.items()},
            "oracle": {beam: round(100 * t.rate(), 2) for beam, t in oracle.items()}, "n_best": cache}


def main():
    import argparse
    import json

    from . import data
    from .fixtures import load
    from .lm import CharacterLM

    p = argparse.ArgumentParser(description="Sweep attention rescoring's n-best size and weights on a dev manifest.")
    p.add_argument("--checkpoint", required=True)
    p.add_argument("--manifest", required=True, help="dev data only (never a test part)")
    p.add_argument("--lm", required=True)
    p.add_argument("--beams", default="8,16,32")
    p.add_argument("--limit", type=int)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--out", required=True)
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    model = load(args.checkpoint, "{}")
    entries = data.read_manifest(args.manifest)[: args.limit]
    result = sweep(model, entries, CharacterLM(args.lm), [int(b) for b in args.beams.split(",")], lambda m: print(m, flush=True))
    with open(args.out, "w") as f:
        json.dump(result, f, indent=1)
    print("CTC beam alone:", result["ctcBeam"], "oracle:", result["oracle"])
    for r in result["rows"][:15]:
        print(r)


if __name__ == "__main__":
    main()
