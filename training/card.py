"""The model card: `python3 -m training.card --checkpoint CK --corpus CORPUS --results EVAL.json --out CARD.json`.

Gathers what the bundle must say about itself: training data (voices with licences and hours, text
sources with licences, real speech), training time and hardware, and the evaluate stage's table.
export.py merges CARD.json into model.json; models/<name>/MODEL_CARD.md is rendered from it.
"""
from __future__ import annotations

import argparse
import json
import pathlib
import platform

import torch

from .corpus.text_sources import SOURCES
from .distributed import hardware
from .data import REAL_CLEAN_P, REPEATS, read_manifest
from .rescore import RESCORE_BEAM, RESCORE_WORD_N_BEST
from .decode import AT_BEAM, AT_CTC_WEIGHT, CTC_BEAM, CTC_LENGTH_BONUS, CTC_LM_WEIGHT, LM_WEIGHT, MASK_CTC_THRESHOLD, NAT_ITERATIONS, TAIL_FRAMES


def real_data_hours(manifest: str) -> dict:
    hours: dict[str, float] = {}
    for e in read_manifest(manifest):
        if e["source"] != "tts":
            hours[e["source"]] = hours.get(e["source"], 0.0) + e["duration"] / 3600
    return {k: round(v, 2) for k, v in hours.items()}


def trained_voices(voices: dict) -> dict:
    """voices.json's voices that training audio came from."""
    return {name: v for name, v in voices["voices"].items() if v["use"] == "train" and v["hours_train"] > 0}


def stage(checkpoint: str, corpus: str, note: str) -> dict:
    """One training run: its checkpoint's record and its corpus's voices."""
    state = torch.load(checkpoint, map_location="cpu", weights_only=False)
    voices = json.loads(pathlib.Path(corpus, "manifests", "voices.json").read_text())
    return {
        "voices": voices,
        "training": {
            "hardware": state.get("hardware") or hardware(),  # where it trained; older checkpoints: here
            "device_note": note,
            "minutes": round(state["elapsed"] / 60, 1),
            "steps": state["step"],
            "epochs": state["epoch"],
            "parameters": state["parameters"],
            "torch": state.get("torch", torch.__version__),
            "hours_seen_per_epoch": round(state["hours"], 2),
            "tts_hours": voices["hours_train_tts"],
            "tts_voice_count": len(trained_voices(voices)),
            # training/quantise.py's record: the checkpoint evaluated is the rounded one the bundle holds
            **({"weights": state["weights"]} if state.get("weights") else {}),
        },
    }


def bundle_stages(folder: str) -> list[dict]:
    """The runs behind a shipped bundle (train --init from training.from_bundle), read from its model.json card: the
    same shape as stage(), so a fine-tune's card lists them without their checkpoints or corpora."""
    card = json.loads(pathlib.Path(folder, "model.json").read_text())["card"]
    d = card["data"]
    if "stages" in card["training"]:
        runs = card["training"]["stages"]
        voices = {}  # per-run voice hours are not in the card: the sums go on the first run
    else:
        runs = [{**{k: v for k, v in card["training"].items() if k != "python"}, "hours_seen_per_epoch": d["hours_seen_per_epoch"],
                 "tts_hours": d["tts_hours"], "tts_voice_count": len(d["tts_voices"])}]
    out = []
    for i, run in enumerate(runs):
        voices = {name: {"use": "train", "hours_train": v["hours"], "licence": v["licence"], "restricted": v["restricted"],
                         "packages": v["packages"]} for name, v in d["tts_voices"].items()} if i == 0 else {}
        out.append({"voices": {"voices": voices, "hours_train_tts": run["tts_hours"]}, "training": run})
    return out


def build(checkpoint: str, corpus: str, results: str, device_note: str, lm_info: str | None = None,
          earlier: list[tuple[str, str, str]] = (), earlier_bundle: str | None = None, before: str | None = None,
          word_lm_info: str | None = None) -> dict:
    """`earlier`: (checkpoint, corpus, note) of the runs this one was initialised from (train --init), oldest first;
    `earlier_bundle`: a bundle it was initialised from (training.from_bundle), whose card lists the runs before;
    `before`: that bundle's evaluation on the same sets (evaluate.py's JSON), printed beside this one's."""
    stages = (bundle_stages(earlier_bundle) if earlier_bundle else []) + [stage(*e) for e in earlier] + [stage(checkpoint, corpus, device_note)]
    last = stages[-1]
    used: dict[str, dict] = {}  # every voice any stage trained on, its hours summed over the stages
    for s in stages:
        for name, v in trained_voices(s["voices"]).items():
            seen = used.setdefault(name, {"licence": v["licence"], "hours": 0.0, "restricted": v["restricted"], "packages": v["packages"]})
            seen["hours"] = round(seen["hours"] + v["hours_train"], 4)
    voices = last["voices"]
    held_out = [name for name, v in voices["voices"].items() if v["use"] == "heldout"]
    rejected = {name: v["licence"] for name, v in voices["voices"].items() if v["use"] not in ("train", "heldout")}
    evaluation = json.loads(pathlib.Path(results).read_text())
    training = {key: value for key, value in last["training"].items() if key not in ("hours_seen_per_epoch", "tts_hours", "tts_voice_count")}
    return {
        "summary": "A small Transformer (CTC + AT + NAT) trained from scratch by this project's recipe on synthetic "
                   "English speech from Debian's TTS voices plus real recordings: speechocean762 train and FSDD"
                   + (", then fine-tuned with the native speech of Common Voice, AN4 and the LJSpeech prompts added"
                      if any(k in real_data_hours(str(pathlib.Path(corpus, "manifests", "train.jsonl"))) for k in ("commonvoice", "an4"))
                      else "") + ".",
        "training": {**training, "python": platform.python_version(),
                     **({"stages": [s["training"] for s in stages]} if len(stages) > 1 else {})},
        "data": {
            "hours_seen_per_epoch": last["training"]["hours_seen_per_epoch"],
            "tts_hours": round(sum(s["training"]["tts_hours"] for s in stages), 3),
            "tts_voices": used,
            "held_out_voices": held_out,
            "rejected_voices": rejected,
            "text_sources": {name: licence for name, (_, licence) in SOURCES.items()},
            "training_sentences": voices["training_sentences"],
            "real_speech_hours": real_data_hours(str(pathlib.Path(corpus, "manifests", "train.jsonl"))),
            "real_speech_licences": {k: v for k, v in REAL_LICENCES.items()
                                     if k in real_data_hours(str(pathlib.Path(corpus, "manifests", "train.jsonl")))},
            "speed_perturbation": "real recordings augmented afresh every epoch (data.py: speed 0.9-1.1, reverberation, "
                                  "telephone band, noise, gain, clipping as augment.json; clean but for speed and level "
                                  f"{REAL_CLEAN_P:.0%} of the time); each recording this often an epoch: "
                                  + ", ".join(f"{k} {v}" for k, v in REPEATS.items()),
            "reserved_prompts": "every sentence of reserved-prompts.tsv (CMU ARCTIC) and every transcript of speechocean762, "
                                "Common Voice and AN4 test removed from training text and the language model",
        },
        **({"languageModel": json.loads(pathlib.Path(lm_info).read_text())} if lm_info else {}),
        **({"wordLanguageModel": json.loads(pathlib.Path(word_lm_info).read_text())} if word_lm_info else {}),
        "evaluation": evaluation,
        **({"before": json.loads(pathlib.Path(before).read_text())} if before else {}),
        "targets": targets(evaluation, json.loads(pathlib.Path(before).read_text()) if before else None),
    }


REAL_LICENCES = {"speechocean762": "free for commercial and non-commercial use", "fsdd": "CC BY-SA 4.0",
                 "commonvoice": "CC0", "an4": "BSD-style, free for any use (CMU)",
                 "ljspeech": "Apache-2.0 (lj-reader recordings), public domain (LJSpeech clips)"}


# The default decoder (the app's, README's): with the word language model, the word-aware CTC beam's n-best rescored
# by the AT decoder (evaluate.WORD_RESCORE); an evaluation without it, AT beam search joint with CTC and the
# character LM, the default before.
DEFAULT_DECODERS = (f"ctc+lm+wlm beam{RESCORE_BEAM} at-rescore", f"at+ctc+lm beam{AT_BEAM}")
DEFAULT_DECODER = DEFAULT_DECODERS[0]


def default_decoder(rows: dict) -> str | None:
    """The first of DEFAULT_DECODERS that an evaluation's full-context rows have."""
    return next((d for d in DEFAULT_DECODERS if d in rows), None)
# Issue 24's targets, as (what, set, limit in WER % of the default decoder).
TARGETS = [
    ("Common Voice test (59 unseen speakers) <= 50 %", "commonvoice-test", 50.0),
    ("AN4 test (10 unseen speakers) <= 15 %", "an4-test", 15.0),
    ("speechocean762 adult-200 <= 38 %", "so762-adult200", 38.0),
    ("held-out TTS voice <= 12 %", "heldout-tts", 12.0),
    ("FSDD digits (held-out speaker) <= 3 %", "fsdd-theo", 3.0),
]
NAT_SETS = ("commonvoice-test", "so762-adult200")
NAT_RELATIVE = 25.0


def full_context(evaluation: dict, name: str) -> dict:
    return {r["decoder"]: r["wer"] for r in evaluation.get(name, {}).get("rows", []) if r["window"] == "full"}


def targets(evaluation: dict, before: dict | None = None) -> list[dict]:
    """Each target against the default decoder's full-context row (before -> after when the earlier bundle's
    evaluation is given); the NAT against AT + CTC greedy, the AT the app runs without a beam."""
    out = []
    for what, name, limit in TARGETS:
        rows = full_context(evaluation, name)
        decoder = default_decoder(rows)
        if decoder is None:
            continue
        earlier = full_context(before, name) if before else {}
        was_decoder = default_decoder(earlier)
        # the same decoder before and after: "was -> now % (decoder)"; the default changed: each with its own
        was = "" if was_decoder is None else f"{earlier[was_decoder]} -> " if was_decoder == decoder else f"{earlier[was_decoder]} % ({was_decoder}) -> "
        out.append({"target": what, "measured": f"{was}{rows[decoder]} % ({decoder})", "met": rows[decoder] <= limit})
    for name in NAT_SETS:
        rows = full_context(evaluation, name)
        # the NAT at its best k: the one-pass row and the app's k (decode.NAT_ITERATIONS) where measured
        nat = {("0" if d == "nat" else d.removeprefix("nat k")): wer for d, wer in rows.items() if d == "nat" or d.startswith("nat k")}
        if nat and "at+ctc" in rows:
            k = min(nat, key=lambda k: (nat[k], int(k)))
            relative = (nat[k] - rows["at+ctc"]) / rows["at+ctc"] * 100
            out.append({"target": f"NAT within {NAT_RELATIVE:.0f} % relative of AT + CTC greedy ({name})",
                        "measured": f"NAT (k = {k}) {nat[k]} % vs AT + CTC greedy {rows['at+ctc']} %: {relative:+.1f} % relative",
                        "met": relative <= NAT_RELATIVE})
    return out


def before_after_lines(card: dict) -> list[str]:
    """Full-context WER of each decoder before (the bundle this one was fine-tuned from) and after, per set."""
    before = card.get("before")
    if not before:
        return []
    lines = ["## Before and after (full context, WER %)", "",
             "The bundle this model was fine-tuned from, evaluated by the same stage on the same sets"
             + (" (rows marked * were measured otherwise: see below)" if "notes" in before else "") + ".", "",
             "| set | decoder | before | after |", "|---|---|---|---|"]
    for name in card["evaluation"]:
        was, now = full_context(before, name), full_context(card["evaluation"], name)
        marked = {r["decoder"] for r in before.get(name, {}).get("rows", []) if r.get("source")}
        lines += [f"| {name} | {d} | {was.get(d, '-')}{' *' if d in marked else ''} | {now[d]} |" for d in now]
    return lines + [""] + [f"- {note}" for note in before.get("notes", [])] + ([""] if "notes" in before else [])


def language_model_lines(lm: dict | None) -> list[str]:
    if not lm:
        return []
    return ["## Character language model (lm.bin)", "",
            f"Order {lm['order']} (interpolated Kneser-Ney, contexts seen at least {lm['minCount']} times: {lm['contexts']:,}), "
            f"{lm['bytes'] / 1e6:.1f} MB, from the corpus's {lm['corpusSentences']:,} training sentences (the text sources above, "
            f"reserved prompts and the held-out TTS voice's sentences removed)"
            + (f", {lm['plainTextSentences']:,} sentences of " + ", ".join(f"{name} ({SHARED_TEXT_LICENCES.get(name, 'see ../shared/text/README.md')})"
                                                                    for name in lm["plainText"]) if lm.get("plainText") else "")
            + f" and the {lm['inDomainSentences']:,} {', '.join(lm['inDomainSource'])} training transcripts counted "
            f"{lm['inDomainWeight']} times (every reserved prompt and test transcript left out of all of it). Used by AT beam "
            f"search (beam {AT_BEAM}, weight {LM_WEIGHT}) and CTC prefix beam search (weight {CTC_LM_WEIGHT}, {CTC_LENGTH_BONUS} per "
            f"character; with the word model, the weights in model.json's decoding block); greedy decoding leaves it out.", ""]


# The licences of ../shared/text's files (its README), which the word model's text comes from beside the corpus's.
SHARED_TEXT_LICENCES = {
    "gutenberg.txt.xz": "Project Gutenberg books, public domain in the US",
    "wikipedia.txt.xz": "an English Wikipedia extract, CC BY-SA 3.0 / 4.0 (credit: Wikipedia contributors)",
    "commonvoice-sentences.txt.xz": "Common Voice's English prompt lists, CC0",
    "sentences.jsonl": "the corpus's training text (the text sources above)",
    "spelled.txt": "words of the corpus's training text spelled letter by letter, random letters and digit groups "
                   "(training/corpus/spelled.py; the text sources above)",
    "train.jsonl": "the corpus's real-speech training transcripts: speechocean762, FSDD, and (text only, for the language "
                   "models) Common Voice train (CC0), AN4 train (CMU, BSD-style) and the LJSpeech prompts (public domain)",
}


def word_model_lines(words: dict | None) -> list[str]:
    if not words:
        return []
    sources = "; ".join(f"{pathlib.Path(src['path']).name} ({src.get('lines', src.get('sentences', 0)):,} lines: "
                        f"{SHARED_TEXT_LICENCES.get(pathlib.Path(src['path']).name, 'see training/word_lm.py')})" for src in words.get("sources", []))
    return ["## Word language model (words.bin)", "",
            f"Order {words['order']}, interpolated Kneser-Ney over a vocabulary of {words['vocabulary']:,} words (chosen by count), "
            f"pruned to {', '.join(f'{n:,}' for n in words['ngrams'])} n-grams, {words['bytes'] / 1e6:.1f} MB (training/word_lm.py). "
            f"Text: {sources}; every sentence of reserved-prompts.tsv and every test transcript left out. Used by CTC prefix "
            f"beam search and AT beam search for each completed word (words outside the vocabulary at a penalty), and so "
            f"by the default decoder, the word-aware CTC beam's n-best rescored by the AT decoder.", ""]


def markdown(card: dict) -> str:
    t, d = card["training"], card["data"]
    lines = [f"# Model card", "", card["summary"], "", "## Training", ""]
    if "stages" in t:
        lines += [f"{len(t['stages'])} runs, each initialised from the one before (train --init; a shipped bundle through "
                  f"training.from_bundle); {t['parameters']:,} parameters.", ""]
        for i, s in enumerate(t["stages"], 1):
            lines += [f"{i}. Hardware: {s['hardware']}. {s['device_note']} {s['minutes']} minutes, {s['steps']} optimizer steps, "
                      f"{s['epochs']} full epochs, PyTorch {s['torch']}; {s['hours_seen_per_epoch']} h of audio per epoch "
                      f"(with speed perturbation), {s['tts_hours']} h of it synthetic from {s['tts_voice_count']} voices."]
        lines += ["", f"- Synthetic speech over all runs: {d['tts_hours']} h from {len(d['tts_voices'])} voices; real speech "
                  f"{d['real_speech_hours']} h (before perturbation), in every run."]
    else:
        lines += [f"- Hardware: {t['hardware']}. {t['device_note']}",
                  f"- {t['minutes']} minutes, {t['steps']} optimizer steps, {t['epochs']} full epochs; {t['parameters']:,} parameters; "
                  f"PyTorch {t['torch']}.",
                  f"- {d['hours_seen_per_epoch']} h of audio per epoch (with speed perturbation): {d['tts_hours']} h synthetic from "
                  f"{len(d['tts_voices'])} voices, real speech {d['real_speech_hours']} (before perturbation)."]
    if "weights" in t:
        lines += [f"- Weights rounded after training to {t['weights']} (`training/quantise.py`); the evaluation below "
                  f"decoded the rounded weights, which the bundle stores as int8."]
    if t.get("arithmetic"):
        lines += [f"- Arithmetic: {t['arithmetic']}"]
    lines += [f"- {d['training_sentences']:,} distinct training sentences; {d['reserved_prompts']}.", "",
             "## Voices", "", "| voice | hours | licence |", "|---|---|---|"]
    lines += [f"| {name}{' (restricted)' if v['restricted'] else ''} | {v['hours']} | {v['licence']} |" for name, v in d["tts_voices"].items()]
    lines += ["", f"Held out (never trained on): {', '.join(d['held_out_voices'])}. Rejected: "
              + "; ".join(f"{k} ({v})" for k, v in d["rejected_voices"].items()), "",
              "Restricted: the MBROLA database licence allows synthesis with mbrola and forbids selling the database; "
              "it places no condition on the synthesised audio, which is all this model saw.", "",
              "## Text", ""]
    lines += [f"- {name}: {licence}" for name, licence in d["text_sources"].items()]
    lines += ["", "Real speech: " + ", ".join(f"{k} ({v})" for k, v in d["real_speech_licences"].items()), "",
              *language_model_lines(card.get("languageModel")),
              *word_model_lines(card.get("wordLanguageModel")),
              "## Targets (full context)", "", "| target | measured | met |", "|---|---|---|"]
    lines += [f"| {t['target']} | {t['measured']} | {'yes' if t['met'] else 'no'} |" for t in card.get("targets", [])]
    if card.get("levers"):
        lines += ["", "Levers measured toward the targets:", "", *[f"- {lever}" for lever in card["levers"]]]
    lines += ["", *before_after_lines(card), "## Evaluation (printed by `training/evaluate.py`)", "",
              f"Decoders: `ctc` greedy; `at` the AT decoder alone, greedy; `at+ctc` greedy joint CTC/attention decoding "
              f"(CTC prefix weight {AT_CTC_WEIGHT}, the app's default for AT); `at+ctc beam{AT_BEAM}` the same with beam {AT_BEAM}, and "
              f"`at+ctc+lm beam{AT_BEAM}` adding the character language model (lm.bin, weight {LM_WEIGHT}; full context only); "
              f"`ctc+lm beam{CTC_BEAM}` CTC prefix beam search with it (weight {CTC_LM_WEIGHT}, {CTC_LENGTH_BONUS} per character; full context only); `nat` Mask-CTC, one pass (k = 0), masking the CTC characters below probability {MASK_CTC_THRESHOLD}, and `nat k{NAT_ITERATIONS}` with {NAT_ITERATIONS} mask-predict iterations after it (the app's default); "
              f"`ctc+lm beam{RESCORE_BEAM} at-rescore` that beam's {RESCORE_BEAM} best rescored by the AT decoder (attention rescoring). "
              f"With the word language model (`+wlm`, words.bin): CTC beam 16 and AT beam {AT_BEAM} scoring every completed word, and "
              f"`ctc+lm+wlm beam{RESCORE_BEAM} at-rescore`, the word-aware beam's best {RESCORE_WORD_N_BEST} rescored: the app's default "
              f"decoder. Non-words: output words outside the word model's vocabulary. Windows: full "
              f"context, or left/look-ahead in 40 ms encoder frames. Every utterance is decoded with {TAIL_FRAMES} silent "
              f"feature frames after it (model.json decoding.tailFrames), as the app does.", "",
              "| set | window | decoder | WER % | CER % | S | D | I | words | non-words % |", "|---|---|---|---|---|---|---|---|---|---|"]
    for name, r in card["evaluation"].items():
        if name == "notes":
            continue
        for row in r["rows"]:
            lines.append(f"| {name} | {row['window']} | {row['decoder']} | {row['wer']} | {row['cer']} | {row['substitutions']} | "
                         f"{row['deletions']} | {row['insertions']} | {row['words']} | {row.get('nonWords', '-')} |")
    rows = [row["decoder"] for name, r in card["evaluation"].items() if name != "notes" for row in r["rows"]]
    if not any(d.startswith("at+ctc") and " beam" in d for d in rows):
        lines += ["", f"AT beam rows not measured for this release: the recipe's AT beam search (beam {AT_BEAM}) costs about 3.5 s an "
                      "utterance on a 2-core CPU, some 20 minutes a set; `evaluate --decoders` left them out."]
    return "\n".join(lines) + "\n"


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--checkpoint", required=True)
    p.add_argument("--corpus", required=True)
    p.add_argument("--results", required=True)
    p.add_argument("--device-note", default="")
    p.add_argument("--arithmetic-note", default="",
                   help="how the app multiplies (export --arithmetic int8) and what that measured, for the card")
    p.add_argument("--lever", action="append", default=[],
                   help="a lever measured toward a missed target and what it gave (repeatable), for the card")
    p.add_argument("--out", required=True)
    p.add_argument("--markdown")
    p.add_argument("--lm-info", help="the JSON training/lm.py writes beside lm.bin")
    p.add_argument("--word-lm-info", help="the JSON training/word_lm.py writes beside words.bin")
    p.add_argument("--earlier-bundle", help="the bundle the checkpoint was initialised from (training.from_bundle)")
    p.add_argument("--before", help="that bundle's evaluate-stage JSON on the same sets")
    p.add_argument("--earlier", nargs=3, action="append", default=[], metavar=("CHECKPOINT", "CORPUS", "NOTE"),
                   help="a run the checkpoint was initialised from (train --init), oldest first; repeatable")
    args = p.parse_args()
    card = build(args.checkpoint, args.corpus, args.results, args.device_note, args.lm_info, [tuple(e) for e in args.earlier],
                 args.earlier_bundle, args.before, args.word_lm_info)
    if args.lever:
        card["levers"] = args.lever
    if args.arithmetic_note:
        card["training"]["arithmetic"] = args.arithmetic_note
    pathlib.Path(args.out).write_text(json.dumps(card, indent=1))
    if args.markdown:
        pathlib.Path(args.markdown).write_text(markdown(card))


if __name__ == "__main__":
    main()
