"""Attention rescoring of the WORD-AWARE CTC beam's n-best (issue 25 part 3): word_search.py's n-best (character LM +
word LM at decode.CTC_WORD_*) reranked by rescore.py's AT pass, against the app's default decoder (AT beam 8 + CTC
0.5 + character LM 0.5). An experiment script: it imports the searches and changes none of them.

    # 1. per set: encoder outputs once (cached), the word beam's n-best with CTC, fusion and AT scores, and with
    #    --default the default decoder's output too, into a JSON cache
    .venv/bin/python -m training.rescore_words_tune collect --checkpoint B.pt --lm LM --word-lm WORDS \
        --manifest M.jsonl[:LIMIT] --name NAME --beam 64 [--default] --cache /tmp/wr
    # 2. the grid on dev only (so762-dev150)
    .venv/bin/python -m training.rescore_words_tune grid --cache /tmp/wr --name so762-dev150 --beam 64 --word-lm WORDS
    # 3. one setting on a set: WER and non-word % beside the word beam's best and the default decoder
    .venv/bin/python -m training.rescore_words_tune apply --cache /tmp/wr --name SET --beam 64 --word-lm WORDS \
        --ctc-weight W --lm-weight L --length-bonus B --n-best N

An entry's fusion is its beam score less its CTC score: both language models, the length and word bonuses, the OOV
penalties and the end of the utterance; the combined score is rescore.combined's.

Dev (so762-dev150, 150 utterances, 1,046 words; /work/data/rel/bundle.pt = models/default, lm.bin, words.bin; this
recipe's PyTorch, WER %): the word-aware beam 64's best 39.39 (0 % non-words), its n-best's oracle 29.45; the default
decoder (AT beam 8 + CTC 0.5 + LM 0.5) 38.6 and plain CTC beam 64 rescored 38.53 (rescore.py's figures, same bundle).
Rescored, grid n-best 8/16/32/64 x CTC weight 0.1-0.7 x fusion weight 0.25-1.0 x length bonus -2..+1: best 36.52
(n-best 16, CTC 0.5, fusion 0.5, bonus 0); a flat region 36.5-36.7 over CTC 0.2-0.5, fusion 0.5-0.75, bonus -0.5..+0.5.
Chosen from its middle: WORD_BEAM 64, N_BEST 16, CTC 0.3, fusion 0.5, bonus 0: 36.62 (383 errors). Around it (n-best
16): CTC 0.1 / 0.5 / 0.7: 37.28 / 36.52 / 37.76; fusion 0.25 / 0.75 / 1.0: 37.57 / 36.71 / 38.62; bonus -1 / +1: 37.95 /
37.19; n-best 8 / 32 / 64: 36.90 / 36.62 / 36.62 (entries past the 16th never win). Costs here (2 loaded cores): the
word beam 64 about 0.5 s an utterance, the AT pass over its 64 entries about 0.1 s. Word beam 32 instead: its best
39.87, oracle 32.31, rescored at best 37.00, at the chosen setting 37.67: the wider beam is worth its cost.

Test, once, at the chosen setting (same bundle and models; the default decoder on the same utterances in the same run;
commonvoice-test and heldout-tts their first 100 only, for time; WER %, errors / words, non-words % of output words):

| set | utterances | default AT beam 8 + LM | word beam 64's best | word beam 64 rescored | changed |
|---|---|---|---|---|---|
| so762-test-adult200 | 200 | 41.47 (593/1430), 1.38 | 41.68 (596), 0.07 | 38.74 (554), 0.0 | 96 |
| commonvoice-test | first 100 | 86.99 (896/1030), 4.05 | 81.17 (836), 0.0 | 81.17 (836), 0.0 | 66 |
| an4-test | 130 | 69.21 (535/773), 2.54 | 69.47 (537), 0.0 | 68.31 (528), 0.0 | 68 |
| heldout-tts | first 100 | 14.71 (227/1543), 3.27 | 14.91 (230), 0.25 | 14.26 (220), 0.25 | 41 |
| all four | 530 | 47.13 (2251/4776) | 46.04 (2199) | 44.77 (2138) | |

(changed: utterances whose output rescoring took from another entry than the word beam's best.) Rescoring beats the
default on every set, 5.0 % relative over all four (2138 against 2251 errors), and the word beam's best by 2.8 %
relative; its outputs are vocabulary words (the OOV escape at penalty 14 is rarely taken). Decoder seconds on these
loaded cores (Python, indicative only): so762-test-adult200 90 s (word beam 76 + AT pass 14) against 374 s for the
default; commonvoice 123 / 673; an4 51 / 178; heldout-tts 124 / 716: four to six times cheaper.
"""
from __future__ import annotations

import argparse
import json
import os
import time

import torch

# The setting chosen on so762-dev150 (above).
WORD_BEAM = 64
N_BEST = 16
CTC_WEIGHT = 0.3
FUSION_WEIGHT = 0.5
LENGTH_BONUS = 0.0


def encoder_outputs(model, entries, path: str):
    """Per utterance (encoded [1,S,D], S, CTC log-probs [1,S,V]) at full context, cached at `path`."""
    from . import data, features
    from .decode import with_tail
    from .model import FULL

    if os.path.exists(path):
        return torch.load(path)
    out = []
    full = torch.tensor([FULL])
    for e in entries:
        mel = torch.from_numpy(with_tail(features.log_mel(data.load_audio(e["audio"]))))[None]
        encoded, lengths, _ = model.encoder(mel, torch.tensor([mel.shape[1]]), full, full)
        s = int(lengths[0])
        out.append((encoded[:, :s].clone(), s, model.ctc(encoded)[:, :s].clone()))
    torch.save(out, path)
    return out


@torch.no_grad()
def collect(args):
    from . import data
    from .corpus.text import normalise
    from .decode import AT_BEAM, AT_CTC_WEIGHT, CTC_WORD_CHAR_LM_WEIGHT, CTC_WORD_LENGTH_BONUS, LM_WEIGHT, at_beam
    from .evaluate import word_fusions
    from .fixtures import load
    from .lm import CharacterLM
    from .rescore import at_scores
    from .tokens import decode
    from .word_lm import WordLM
    from .word_search import word_beam_search

    torch.set_num_threads(args.threads)
    model = load(args.checkpoint, "{}")
    path, limit = args.manifest, None
    if ":" in path:
        path, limit = path.rsplit(":", 1)
    entries = data.read_manifest(path)[: int(limit) if limit else None]
    lm, words = CharacterLM(args.lm), WordLM(args.word_lm)
    fusion = word_fusions(words)["ctc"]
    t0 = time.perf_counter()
    encoded = encoder_outputs(model, entries, os.path.join(args.cache, f"enc-{args.name}-{len(entries)}.pt"))
    print(f"{args.name}: {len(entries)} utterances encoded in {time.perf_counter() - t0:.0f} s", flush=True)
    out_path = os.path.join(args.cache, f"nbest-{args.name}-b{args.beam}.jsonl")
    done = sum(1 for _ in open(out_path)) if os.path.exists(out_path) else 0  # resumable: one line per utterance
    seconds = {"search": 0.0, "at": 0.0, "default": 0.0}
    with open(out_path, "a") as f:
        for n in range(done, len(entries)):
            enc, s, ctc = encoded[n]
            t0 = time.perf_counter()
            hyps = word_beam_search(ctc[0], s, args.beam, lm, CTC_WORD_CHAR_LM_WEIGHT, CTC_WORD_LENGTH_BONUS, fusion)
            t1 = time.perf_counter()
            at = at_scores(model, enc, s, [list(h.tokens) for h in hyps])
            t2 = time.perf_counter()
            row = {"n": n, "reference": normalise(entries[n]["text"]), "words": [normalise(decode(h.tokens)) for h in hyps],
                   "tokens": [len(h.tokens) for h in hyps], "ctc": [h.ctc for h in hyps],
                   "fusion": [h.score - h.ctc for h in hyps], "at": at}
            if args.default:
                row["default"] = normalise(decode(at_beam(model, enc, s, AT_BEAM, ctc, AT_CTC_WEIGHT, lm, LM_WEIGHT)))
            t3 = time.perf_counter()
            seconds["search"] += t1 - t0
            seconds["at"] += t2 - t1
            seconds["default"] += t3 - t2
            f.write(json.dumps(row) + "\n")
            f.flush()
            if (n + 1) % 10 == 0:
                print(f"  {n + 1}/{len(entries)} " + " ".join(f"{k} {v:.0f} s" for k, v in seconds.items()), flush=True)
    print("seconds this run:", {k: round(v, 1) for k, v in seconds.items()}, flush=True)


def read_cache(cache: str, name: str, beam: int) -> list[dict]:
    with open(os.path.join(cache, f"nbest-{name}-b{beam}.jsonl")) as f:
        return [json.loads(line) for line in f]


def choose(row: dict, size: int, ctc_weight: float, lm_weight: float, length_bonus: float) -> str:
    """The best of the first `size` entries (the beam's order) by rescore.combined's score; the first of equals."""
    best, best_score = 0, None
    for i in range(min(size, len(row["words"]))):
        score = ctc_weight * row["ctc"][i] + (1 - ctc_weight) * row["at"][i] + lm_weight * row["fusion"][i] + length_bonus * row["tokens"][i]
        if best_score is None or score > best_score:
            best, best_score = i, score
    return row["words"][best]


def measure(rows: list[dict], pick, words=None) -> dict:
    """WER % (and non-word %: output words outside the word model's vocabulary) of pick(row) -> hypothesis text."""
    from .score import Tally

    tally, out, non = Tally(), 0, 0
    for row in rows:
        hyp = pick(row).split()
        tally.add(row["reference"].split(), hyp)
        out += len(hyp)
        if words:
            non += sum(1 for w in hyp if words.word_id(w) == 0)
    return {"wer": round(100 * tally.rate(), 2), "errors": tally.s + tally.d + tally.i, "words": tally.n,
            **({"nonWords": round(100 * non / max(out, 1), 2)} if words else {})}


GRID = [(size, w, l, b) for size in (8, 16, 32, 64) for w in (0.1, 0.2, 0.3, 0.5, 0.7) for l in (0.25, 0.5, 0.75, 1.0)
        for b in (-2.0, -1.0, -0.5, 0.0, 0.5, 1.0)]


def grid(args):
    from .score import edit_counts

    rows = read_cache(args.cache, args.name, args.beam)
    print(f"{args.name}: {len(rows)} utterances, word beam {args.beam}")
    print("word beam's best:", measure(rows, lambda r: r["words"][0]))
    print("oracle of the n-best:", measure(rows, lambda r: min(r["words"], key=lambda w: sum(edit_counts(r["reference"].split(), w.split())[:3]))))
    if "default" in rows[0]:
        print("default (AT beam 8 + LM):", measure(rows, lambda r: r["default"]))
    results = sorted(((measure(rows, lambda r: choose(r, *g))["wer"], g) for g in GRID))
    for wer, g in results[: args.top]:
        print(f"  {wer:6.2f}  n-best {g[0]:3d}  ctc {g[1]}  lm {g[2]}  bonus {g[3]}")


def apply(args):
    from .word_lm import WordLM

    words = WordLM(args.word_lm)
    rows = read_cache(args.cache, args.name, args.beam)[: args.limit]
    g = (args.n_best, args.ctc_weight, args.lm_weight, args.length_bonus)
    line = {"set": args.name, "utterances": len(rows), "rescored": measure(rows, lambda r: choose(r, *g), words),
            "wordBeam": measure(rows, lambda r: r["words"][0], words),
            "changed": sum(choose(r, *g) != r["words"][0] for r in rows)}  # utterances whose output rescoring changed
    if "default" in rows[0]:
        line["default"] = measure(rows, lambda r: r["default"], words)
    print(json.dumps(line))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)
    c = sub.add_parser("collect")
    c.add_argument("--checkpoint", required=True)
    c.add_argument("--lm", required=True)
    c.add_argument("--word-lm", required=True)
    c.add_argument("--manifest", required=True, help="MANIFEST[:LIMIT]")
    c.add_argument("--name", required=True)
    c.add_argument("--default", action="store_true", help="also the default decoder (AT beam 8 + CTC + LM)")
    c.add_argument("--threads", type=int, default=1)
    for s in (c, sub.add_parser("grid"), sub.add_parser("apply")):
        s.add_argument("--cache", default="/tmp/wr")
        s.add_argument("--beam", type=int, default=WORD_BEAM)
        if s is not c:
            s.add_argument("--name", required=True)
            s.add_argument("--word-lm", default="/work/data/wordlm/words.bin")
    g = sub.choices["grid"]
    g.add_argument("--top", type=int, default=25)
    a = sub.choices["apply"]
    a.add_argument("--ctc-weight", type=float, default=CTC_WEIGHT)
    a.add_argument("--lm-weight", type=float, default=FUSION_WEIGHT)
    a.add_argument("--length-bonus", type=float, default=LENGTH_BONUS)
    a.add_argument("--n-best", type=int, default=N_BEST)
    a.add_argument("--limit", type=int, help="only the first LIMIT utterances of the cache")
    args = p.parse_args()
    {"collect": collect, "grid": grid, "apply": apply}[args.command](args)


if __name__ == "__main__":
    main()
