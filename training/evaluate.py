"""Evaluate stage: `python3 -m training.evaluate --checkpoint EXP/final.pt --sets NAME=MANIFEST... --out RESULTS.json`.

Decodes every held-out set with CTC greedy, AT greedy (alone, and joint with the CTC prefix score at
decode.AT_CTC_WEIGHT, the app's default) and NAT (Mask-CTC, k=0 and the app's k=decode.NAT_ITERATIONS) at full context and at
truncated windows; at full context also AT beam search (decode.AT_BEAM) joint with CTC, without and with the character language
model (--lm, decode.LM_WEIGHT), CTC prefix beam search with it (decode.CTC_BEAM), and that beam's n-best
rescored by the AT decoder (rescore.py, rescore.RESCORE_BEAM); with --word-lm also both beams with the word language
model (word-aware search, decode.CTC_WORD_* and AT_WORD_*), the word beam's n-best rescored (rescore.RESCORE_WORD_*)
and a non-word column (% of output words outside its
vocabulary); and prints the WER/CER table that goes into the model card. References and
hypotheses are normalised with corpus/text.py's `normalise` (lower case a-z, apostrophe, spelled numbers).
"""
from __future__ import annotations

import argparse
import json
import time

import torch

from . import data, features
from .corpus.text import normalise
from .ctc import greedy
from .ctc_beam import beam_search
from .decode import (AT_BEAM, AT_CTC_WEIGHT, AT_OOV_PENALTY, AT_WORD_BONUS, AT_WORD_LM_WEIGHT, CTC_BEAM, CTC_LENGTH_BONUS,
                     CTC_LM_WEIGHT, CTC_OOV_PENALTY, CTC_WORD_BONUS, CTC_WORD_LENGTH_BONUS, CTC_WORD_LM_WEIGHT,
                     CTC_WORD_CHAR_LM_WEIGHT, LM_WEIGHT, NAT_ITERATIONS, at_beam, nat_mask_ctc, with_tail)
from .fixtures import load
from .lexicon import Lexicon
from .lm import CharacterLM
from .model import FULL
from .rescore import (RESCORE_BEAM, RESCORE_WORD_CTC_WEIGHT, RESCORE_WORD_LENGTH_BONUS, RESCORE_WORD_LM_WEIGHT, RESCORE_WORD_N_BEST,
                      attention_rescore)
from .score import Tally
from .tokens import SPACE, TOKENS, decode
from .word_fusion import WordFusion
from .word_lm import WordLM

WINDOWS = [(FULL, FULL), (32, 4), (16, 2)]
# Each row's decoder, (model, encoded, encoded length, CTC log-probs, language model) -> tokens: its name is
# written once, here.
ROWS = {
    "ctc": lambda model, enc, s, ctc, lm: greedy(ctc[0], s)[0],
    "at": lambda model, enc, s, ctc, lm: at_beam(model, enc, s, 1),
    "at+ctc": lambda model, enc, s, ctc, lm: at_beam(model, enc, s, 1, ctc, AT_CTC_WEIGHT),
    "nat": lambda model, enc, s, ctc, lm: nat_mask_ctc(model, enc, s, ctc, 0),
    f"nat k{NAT_ITERATIONS}": lambda model, enc, s, ctc, lm: nat_mask_ctc(model, enc, s, ctc, NAT_ITERATIONS),
}
# Beam search costs several greedy searches: the beam rows are measured at full context only, with --lm.
BEAM_ROWS = {
    f"at+ctc beam{AT_BEAM}": lambda model, enc, s, ctc, lm: at_beam(model, enc, s, AT_BEAM, ctc, AT_CTC_WEIGHT),
    f"at+ctc+lm beam{AT_BEAM}": lambda model, enc, s, ctc, lm: at_beam(model, enc, s, AT_BEAM, ctc, AT_CTC_WEIGHT, lm, LM_WEIGHT),
    f"ctc+lm beam{CTC_BEAM}": lambda model, enc, s, ctc, lm: beam_search(ctc[0], s, CTC_BEAM, lm, CTC_LM_WEIGHT, CTC_LENGTH_BONUS),
    # the CTC beam's n-best (with the language model) reranked by the AT decoder (rescore.py)
    f"ctc+lm beam{RESCORE_BEAM} at-rescore": lambda model, enc, s, ctc, lm: attention_rescore(model, enc, s, ctc, lm),
}
# With the word language model (--word-lm): each search's WordFusion at its tuned weights (word_fusions, made once
# per set: the lexicon is built once), (..., lm, fusions) -> tokens.
WORD_RESCORE = f"ctc+lm+wlm beam{RESCORE_BEAM} at-rescore"
WORD_ROWS = {
    f"ctc+lm+wlm beam{CTC_BEAM}": lambda model, enc, s, ctc, lm, fusions: beam_search(
        ctc[0], s, CTC_BEAM, lm, CTC_WORD_CHAR_LM_WEIGHT, CTC_WORD_LENGTH_BONUS, fusions["ctc"]),
    f"at+ctc+lm+wlm beam{AT_BEAM}": lambda model, enc, s, ctc, lm, fusions: at_beam(
        model, enc, s, AT_BEAM, ctc, AT_CTC_WEIGHT, lm, LM_WEIGHT, fusions["at"]),
    # the word-aware CTC beam's best RESCORE_WORD_N_BEST entries reranked by the AT decoder (rescore.py)
    WORD_RESCORE: lambda model, enc, s, ctc, lm, fusions: attention_rescore(
        model, enc, s, ctc, lm, RESCORE_BEAM, RESCORE_WORD_CTC_WEIGHT, RESCORE_WORD_LM_WEIGHT, RESCORE_WORD_LENGTH_BONUS,
        fusions["ctc"], RESCORE_WORD_N_BEST),
}


def word_fusions(words: WordLM) -> dict:
    lexicon = Lexicon.for_tokens(words, TOKENS, SPACE)
    return {"ctc": WordFusion(words, CTC_WORD_LM_WEIGHT, CTC_OOV_PENALTY, CTC_WORD_BONUS, lexicon),
            "at": WordFusion(words, AT_WORD_LM_WEIGHT, AT_OOV_PENALTY, AT_WORD_BONUS, lexicon)}


DECODERS, BEAM_DECODERS, WORD_DECODERS = tuple(ROWS), tuple(BEAM_ROWS), tuple(WORD_ROWS)


def window_name(left: int, right: int) -> str:
    return "full" if left == FULL else f"{left}/{right}"


@torch.no_grad()
def evaluate_set(model, entries, log, lm=None, windows=WINDOWS, decoders=None, words: WordLM | None = None) -> dict:
    """`windows` and `decoders` (row names; None: all) choose the rows: the beam rows cost most of the time. With
    `words` (and `lm`) the word-aware rows too, and every row counts its output words outside the vocabulary."""
    extra = (BEAM_DECODERS + (WORD_DECODERS if words else ())) if lm else ()
    plan = [(w, d) for w in windows for d in DECODERS + (extra if w == WINDOWS[0] else ())
            if decoders is None or d in decoders]
    tallies = {(w, d, unit): Tally() for w, d in plan for unit in ("word", "char")}
    non_words = {(w, d): 0 for w, d in plan}
    fusions = word_fusions(words) if words else None
    out_words = {(w, d): 0 for w, d in plan}
    seconds = {(w, d): 0.0 for w, d in plan}
    examples = []
    for n, e in enumerate(entries):
        mel = torch.from_numpy(with_tail(features.log_mel(data.load_audio(e["audio"]))))[None]
        reference = normalise(e["text"])
        for w in windows:
            encoded, lengths, _ = model.encoder(mel, torch.tensor([mel.shape[1]]), torch.tensor([w[0]]), torch.tensor([w[1]]))
            s = int(lengths[0])
            ctc = model.ctc(encoded)
            hyps = {}
            for d in [d for pw, d in plan if pw == w]:
                t0 = time.perf_counter()
                tokens = WORD_ROWS[d](model, encoded, s, ctc, lm, fusions) if d in WORD_ROWS else (ROWS.get(d) or BEAM_ROWS[d])(model, encoded, s, ctc, lm)
                seconds[(w, d)] += time.perf_counter() - t0
                hyps[d] = normalise(decode(tokens))
                if words:
                    non_words[(w, d)] += sum(1 for word in hyps[d].split() if words.word_id(word) == 0)
                    out_words[(w, d)] += len(hyps[d].split())
                tallies[(w, d, "word")].add(reference.split(), hyps[d].split())
                tallies[(w, d, "char")].add(list(reference), list(hyps[d]))
            if w == windows[0] and n < 5:
                examples.append({"reference": reference, **hyps})
        if (n + 1) % 50 == 0:
            log(f"  {n + 1}/{len(entries)}")
    rows = []
    for w, d in plan:
        word, char = tallies[(w, d, "word")], tallies[(w, d, "char")]
        rows.append({"window": window_name(*w), "decoder": d, "wer": round(100 * word.rate(), 2), "cer": round(100 * char.rate(), 2),
                     "substitutions": word.s, "deletions": word.d, "insertions": word.i, "words": word.n,
                     "decoderSeconds": round(seconds[(w, d)], 2),
                     **({"nonWords": round(100 * non_words[(w, d)] / max(out_words[(w, d)], 1), 2)} if words else {})})
    return {"utterances": len(entries), "rows": rows, "examples": examples}


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--checkpoint", required=True)
    p.add_argument("--sets", nargs="+", required=True, help="NAME=MANIFEST[:LIMIT]")
    p.add_argument("--out", required=True)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--lm", help="lm.bin (training/lm.py): adds the beam-search rows at full context")
    p.add_argument("--word-lm", help="words.bin (training/word_lm.py): with --lm, adds the word-aware beam rows and the non-word column")
    p.add_argument("--full-context-only", action="store_true", help="leave out the truncated windows")
    p.add_argument("--decoders", nargs="+", choices=DECODERS + BEAM_DECODERS + WORD_DECODERS, help="only these rows (default: all)")
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    model = load(args.checkpoint, "{}")
    results = {}
    words = WordLM(args.word_lm) if args.word_lm else None
    for spec in args.sets:
        name, path = spec.split("=", 1)
        limit = None
        if ":" in path:
            path, limit = path.rsplit(":", 1)
        entries = data.read_manifest(path)[: int(limit) if limit else None]
        print(f"{name}: {len(entries)} utterances", flush=True)
        results[name] = evaluate_set(model, entries, lambda m: print(m, flush=True), CharacterLM(args.lm) if args.lm else None,
                                     WINDOWS[:1] if args.full_context_only else WINDOWS, args.decoders, words)
    with open(args.out, "w") as f:
        json.dump(results, f, indent=1)
    non_words = " non-words % |" if words else ""
    print(f"\n| set | window | decoder | WER % | CER % | S | D | I | words |{non_words}\n|---|---|---|---|---|---|---|---|---|{'---|' if words else ''}")
    for name, r in results.items():
        for row in r["rows"]:
            print(f"| {name} | {row['window']} | {row['decoder']} | {row['wer']} | {row['cer']} | {row['substitutions']} | "
                  f"{row['deletions']} | {row['insertions']} | {row['words']} |" + (f" {row['nonWords']} |" if words else ""))


if __name__ == "__main__":
    main()
