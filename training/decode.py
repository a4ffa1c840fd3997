"""Reference decoders in PyTorch (the evaluate stage uses them; src/core mirrors them in TypeScript).

ctc: greedy best path. at: greedy or beam search with a length cap and a repetition guard.
nat: Mask-CTC initial hypothesis, one parallel pass, then k mask-predict refinements.
"""
from __future__ import annotations

import numpy as np
import torch

from .ctc import PrefixScorer, greedy as ctc_greedy
from .length import initial_hypothesis
from .tokens import MASK, SOS_EOS


# Weight of the CTC prefix score in AT decoding (model.json decoding.atCtcWeight; 0 is the AT decoder alone).
# Conventional middle value, not tuned: on the first 40 test sentences 0.3 / 0.5 / 0.7 gave CER 61 / 56 / 53 %
# against 91 % for the AT decoder alone.
AT_CTC_WEIGHT = 0.5

# Weight of the character language model (training/lm.py) in AT beam search (model.json decoding.lmWeight).
# On 150 speechocean762 test sentences outside the agreed 200 (run4 model, beam 4, CTC weight 0.5): WER 79.1 %
# without, 75.8 % at 0.3, and CER 44.0 -> 45.7 %. At beam 1 it hurt (WER 89.6 -> 95.1 %, order 6): shallow
# fusion needs alternatives to choose between, so greedy decoding leaves it out by default.
# Again with the 12.4 M bundle (gpu1), on 150 adult test sentences outside the 200 (test-adult200.sh's rule with
# n % 6 == 4 instead of 1): beam 4, CTC 0.5: LM 0.3 / 0.5 / 0.7 gave WER 41.6 / 40.8 / 41.2 %; at LM
# 0.5, CTC 0.3 / 0.7 gave 41.1 / 42.7 %; beam 8, CTC 0.5, LM 0.5: 38.6 % (LM 0.7: 39.5 %). On the agreed 200 beam 8 with LM 0.5 gives
# 41.5 % WER / 24.8 % CER against 44.4 / 25.9 % for beam 4 and LM 0.3, for 2.5 times the decoder time (249
# against 100 s), so beam 8 and 0.5 are the defaults (model.json decoding.lmWeight; the app's and CLI's beam in
# src/shared/default-settings.ts; bench/decoders.test.ts fails when the two differ).
LM_WEIGHT = 0.5
AT_BEAM = 8

# CTC prefix beam search with the language model (ctc_beam.py; model.json decoding.ctcLmWeight and
# ctcLengthBonus, the app's CTC beam 16). On the same 150 sentences (run5 model): greedy 90.0 % WER; beam 16
# without the language model 89 %; with it, weight / bonus 0.5 / 1.0 65.5 %, 0.7 / 1.5 64.7 % (CER 39.1),
# and 63.6 to 67.4 % over 0.6-1.0 / 1.0-2.5 (a flat region: 0.7 / 1.5 from its middle); at 0.5 / 1.0 beam 4
# 70.9 %, beam 8 68.1 %, beam 32 65.0 %. AT beam 4 with the language model: 66.2 %, twenty times the time.
CTC_BEAM = 16
CTC_LM_WEIGHT = 0.7
CTC_LENGTH_BONUS = 1.5

# Word-aware search with the word language model (word_fusion.py; model.json decoding.ctcWordLmWeight,
# ctcOovPenalty, ctcWordBonus, and for AT wordLmWeight, oovPenalty, wordBonus). Chosen on so762-dev150 only, with
# models/default and /work/data/wordlm/words.bin (50,000 words, trigram, 12 MB), CTC rows by the TS core
# (bench/word-search-grid.ts, beam 16; its encoder is the bundle's fp16 ONNX, so figures differ from this recipe's
# by about a point): CTC beam 16 + character LM 0.7 / bonus 1.5 (today) 44.74 % WER, 2.58 % non-words; the same at
# 0.9 / 2.5 without words 44.84 %; with the word model at char 0.9, bonus 2.5, word 0.7, OOV penalty 14, word bonus
# 1: 40.15 %, 0 non-words (the recipe's Python search: 44.36 -> 41.20 %). Around it: word 0.5 / 0.8: 40.44 /
# 40.63; char 0.7 (bonus 1.5 / 2.5): 41.6 / 41.5 at best, char 1.1 41.30; bonus 2.0 / 3.0: 40.82 / 41.68;
# word bonus 0 / 2: 40.25 / 42.2; penalty 8 / 10 / 20: 40.25 (0.49 % non-words) / 40.15 / 40.15. So with the word
# model the character model wants more weight and a larger length bonus (a bundle with words.bin sets ctcLmWeight
# 0.9 and ctcLengthBonus 2.5 too). AT beam 8 + CTC 0.5 + LM 0.5, on the first 12 dev sentences only (91 words; the
# recipe's at_beam, 2 to 4 minutes a setting on this machine): 26.37 % without; word 0.6, penalty 14, word bonus
# 0 / 1 / 2: 24.18 / 20.88 / 21.98 %; word 0.4, penalty 10: 21.98 %; word 0.8, bonus 1: 24.18; penalty 8: 20.88.
# Then by the TS core (the bundle's ONNX parts) on the first 60 dev sentences (409 words): 36.43 % without; word /
# penalty / bonus 0.6 / 14 / 1: 33.99; 0.6 / 14 / 2: 33.74; 0.8 / 14 / 2: 34.72; 0.4 / 14 / 1: 35.21; 0.4 / 14 / 0:
# 35.45; 0.3 / 14 / 2: 35.94 (0.6 / 14 / 1 kept: one word from the best, and the setting the test runs used).
CTC_WORD_CHAR_LM_WEIGHT = 0.9
CTC_WORD_LENGTH_BONUS = 2.5
CTC_WORD_LM_WEIGHT = 0.7
CTC_OOV_PENALTY = 14.0
CTC_WORD_BONUS = 1.0
AT_WORD_LM_WEIGHT = 0.6
AT_OOV_PENALTY = 14.0
AT_WORD_BONUS = 1.0

# Silent feature frames (zeros: ln(1 + 0)) appended after every utterance before it is encoded (model.json
# decoding.tailFrames). The model emits a sound's character a few 40 ms frames after it (and the front end
# keeps whole 32 ms frames only), so audio trimmed right after the last sound lost it: FSDD digits are
# trimmed that tight ("zer" for "zero"). On 100 held-out FSDD digits (run6) CTC beam 16 + LM went from 25 to
# 2 % WER with 8 frames (12 frames: 4 %), greedy CTC 44 -> 16 %, AT beam 4 + LM 3 -> 1 %. On 150
# speechocean762 sentences, which end in silence anyway, a little worse: CTC beam 16 + LM 61.3 -> 61.7 %,
# AT beam 4 + LM 60.0 -> 60.6 % (4 and 6 words in 1,060).
TAIL_FRAMES = 8


def with_tail(mel: np.ndarray) -> np.ndarray:
    """[T, n_mels] features followed by TAIL_FRAMES silent frames: what every decoder here is given."""
    return np.concatenate([mel, np.zeros((TAIL_FRAMES, mel.shape[1]), dtype=mel.dtype)])


# Mask-CTC masks the CTC characters below this probability for the NAT decoder to fill (model.json
# decoding.maskCtcThreshold). 0.5 rather than the paper's 0.9: this CPU-trained CTC head is rarely that sure,
# and at 0.9 the NAT had to guess most characters. Chosen on 40 held-out TTS utterances (NAT k=0 CER 84 % at
# 0.9, 64 % at 0.7, 50 % at 0.5; on the first 40 speechocean762 test sentences 73 / 59 / 52 %).
# 0.7 since the fine-tune on real speech (2026-12-07), whose CTC head is surer: training/nat_sweep.py on the 150 dev
# sentences with that bundle, WER % at k = 0 / 1 / 2 / 4: 0.5: 65.01 / 64.72 / 64.72 / 64.72; 0.7: 64.34 / 63.67 /
# 63.58 / 63.58; 0.8: 65.01 / 64.24 / 63.86 / 62.62; 0.9: 67.59 / 65.39 / 63.96 / 63.58 (CTC greedy 65.68). 0.7 is
# best at k = 0 and at the app's k = 2.
MASK_CTC_THRESHOLD = 0.7
# Mask-predict iterations after the first pass: the app's default (src/shared/default-settings.ts iterations), the
# evaluate stage's `nat k2` row beside the one-pass `nat`.
NAT_ITERATIONS = 2
# What the NAT decoder can add is bounded by its input, measured with the 12.4 M bundle (gpu1) on the 150 dev
# sentences (WER: CTC greedy 66.4 %, NAT k=0 65.6, CTC beam 16 + LM 44.4, AT beam 8 + LM 38.6):
# - an oracle that puts the reference character into every masked position reaches 64.2 % at 0.5 (53.9 at 0.9,
#   48.3 with every position open): the CTC length and the unmasked characters hold most of the errors;
# - seeding Mask-CTC with the CTC beam 16 + LM hypothesis (characters masked by their aligned CTC probability)
#   gave 49.5 to 58.3 % over thresholds 0.3-0.9 and k = 0 or 2: the NAT undoes the language model's corrections;
# - filling the masked positions left to right with NAT + w * LM log-probabilities: 64.2 to 66.2 % from greedy
#   CTC, 44.9 to 51.2 % from the CTC + LM hypothesis;
# - 2.5 more epochs of the NAT decoder alone (encoder frozen, 14.4 k cached encoder outputs, lr 5e-4): 65.4 %.
# A better encoder is the lever, not the NAT decoder.


def max_tokens(encoded_length: int, per_second: float = 25.0) -> int:
    return int(encoded_length * 0.04 * per_second) + 10


def repeats_too_much(tokens: list[int], span: int = 8, times: int = 4) -> bool:
    """True when the tail is one short pattern repeated `times` times (a runaway loop)."""
    for size in range(1, span + 1):
        if len(tokens) >= size * times:
            tail = tokens[-size:]
            if all(tokens[-size * (r + 1): len(tokens) - size * r] == tail for r in range(times)):
                return True
    return False


@torch.no_grad()
def at_beam(model, encoded, length: int, beam: int = 1, ctc_log_probs=None, ctc_weight: float = 0.0,
            lm=None, lm_weight: float = 0.0, words=None) -> list[int]:
    """Beam search over the AT decoder (beam 1 is greedy), scored by log-probability / length.

    With ctc_weight > 0 each step's score is (1 - w) * AT log-probability + w * the CTC prefix score's gain
    (joint CTC/attention decoding): characters the audio does not support lose, and so do loops. A character
    language model (training/lm.py CharacterLM) adds lm_weight * its log-probability (shallow fusion). A word
    fusion (word_fusion.py WordFusion) scores each word a space or the end completes and charges a spelling that
    leaves the vocabulary the out-of-vocabulary penalty, as in the CTC word search (src/core/at.ts the same).
    """
    enc = encoded[:, :length]
    lengths = torch.tensor([length])
    cross = model.at.memory(enc)
    layers, heads, d_k = len(model.at.layers), model.at.layers[0].self_attention.heads, model.at.layers[0].self_attention.d_k
    limit = max_tokens(length)
    cap = limit + 2
    hyps = [([], 0.0)]
    scorer = PrefixScorer(ctc_log_probs[0], length, SOS_EOS) if ctc_weight > 0 else None
    prefix_states = [scorer.initial()] if scorer else None
    cursors = [words.start()] if words else None
    keys = torch.zeros(layers, 1, heads, cap, d_k)
    values = torch.zeros_like(keys)
    finished = []
    for position in range(limit + 1):
        n = len(hyps)
        token = torch.tensor([[h[-1] if h else SOS_EOS] for h, _ in hyps])
        log_probs, keys, values, _ = model.at.step(token, torch.tensor([position]), cross[0].expand(-1, n, -1, -1, -1),
                                                   cross[1].expand(-1, n, -1, -1, -1), lengths.expand(n), keys, values)
        candidates = []
        for i, (h, score) in enumerate(hyps):
            step_scores = log_probs[i]
            states = None
            if scorer:
                ctc_scores, states = scorer.extend(prefix_states[i], h[-1] if h else None, list(range(log_probs.shape[1])))
                gain = torch.tensor(ctc_scores, dtype=torch.float64) - prefix_states[i][2]
                step_scores = (1 - ctc_weight) * log_probs[i].double() + ctc_weight * gain
            if lm is not None and lm_weight > 0:
                step_scores = step_scores.double() + lm_weight * torch.from_numpy(lm.log_probs(h))
            steps = None
            if words:
                steps = [(words.end(cursors[i]), cursors[i]) if k == SOS_EOS else words.step(cursors[i], k)
                         for k in range(log_probs.shape[1])]
                step_scores = step_scores.double() + torch.tensor([term for term, _ in steps], dtype=torch.float64)
            top = step_scores.topk(beam)
            for lp, k in zip(top.values.tolist(), top.indices.tolist()):
                candidates.append((score + lp, i, k, states[k] if states else None, steps[k][1] if steps else None))
        candidates.sort(key=lambda c: -c[0])
        next_hyps, origins, next_states, next_cursors = [], [], [], []
        for score, i, k, state, cursor in candidates:
            if k == SOS_EOS or position == limit or repeats_too_much(hyps[i][0] + [k]):
                finished.append((hyps[i][0] if k == SOS_EOS else hyps[i][0] + [k], score))
            else:
                next_hyps.append((hyps[i][0] + [k], score)), origins.append(i), next_states.append(state), next_cursors.append(cursor)
            if len(next_hyps) == beam:
                break
        if not next_hyps or len(finished) >= beam:
            break
        hyps, prefix_states, cursors = next_hyps, next_states, next_cursors
        keys, values = keys[:, origins], values[:, origins]
    best = max(finished, key=lambda f: f[1] / (len(f[0]) + 1))
    return best[0]


@torch.no_grad()
def nat_mask_ctc(model, encoded, length: int, ctc_log_probs, iterations: int = 0, threshold: float = MASK_CTC_THRESHOLD) -> list[int]:
    tokens, confidences, _ = ctc_greedy(ctc_log_probs[0], length)
    if not tokens:
        return []
    hypothesis = torch.tensor([initial_hypothesis(tokens, confidences, threshold)])
    n = hypothesis.shape[1]
    masked = hypothesis[0] == MASK
    if not masked.any():
        return tokens
    lengths, enc_lengths = torch.tensor([n]), torch.tensor([length])
    total = int(masked.sum())
    for it in range(iterations + 1):
        log_probs, _ = model.nat(encoded[:, :length], enc_lengths, hypothesis, lengths)
        probs, best = log_probs[0].exp().max(-1)
        hypothesis[0, masked] = best[masked]
        if it == iterations:
            break
        # mask-predict: re-mask the least confident of the originally masked positions, fewer each time
        keep = int(total * (iterations - it) / (iterations + 1))
        if keep == 0:
            break
        scores = torch.where(masked, probs, torch.full_like(probs, 2.0))
        remask = scores.topk(keep, largest=False).indices
        hypothesis[0, remask] = MASK
        masked = torch.zeros_like(masked)
        masked[remask] = True
    return hypothesis[0].tolist()
