#!/usr/bin/env bash
# Stages 3-5 in one go: build the character language model, evaluate a checkpoint, write the card, export the
# bundle and the core's fixtures.
#   bash training/release.sh EXP [BUNDLE_DIR] [CORPUS_DIR]
# EXP holds final.pt (train's output; CHECKPOINT=FILE releases another, e.g. training/average.py's); the bundle
# goes to BUNDLE_DIR (default models/default) with fp16 weights. WEIGHTS=int8 first rounds the weights to 8 bits
# (training/quantise.py, into EXP/int8.pt) and releases that checkpoint, so that the evaluation, the card and the
# fixtures all describe the int8 weights the bundle stores: for a model whose fp16 bundle would pass 40 MB.
set -euo pipefail
cd "$(dirname "$0")/.."
exp=${1:?usage: release.sh EXP [BUNDLE_DIR] [CORPUS_DIR]}
bundle=${2:-models/default}
corpus=${3:-/work/data/corpus}
checkpoint=${CHECKPOINT:-$exp/final.pt}
weights=${WEIGHTS:-fp16}
manifests=$corpus/manifests
py=/usr/bin/python3
# The evaluate stage runs in PyTorch 2.x where training/venv.sh made one (20x faster on this CPU than Debian's 1.13);
# export and fixtures keep Debian's 1.13: its TorchScript exporter makes the bundle's graphs (training/from_bundle.py
# reads them back by that exporter's initializer names).
fast_py=${FAST_PY:-$([ -x .venv/bin/python ] && echo .venv/bin/python || echo $py)}
# A fine-tune from a shipped bundle (training.from_bundle + train --init): EARLIER_BUNDLE names that bundle, so the
# card lists its runs, and BEFORE its evaluate-stage JSON on the same sets, for the card's before/after table.
card_extra=()
# WORD_LM=FILE (words.bin from training.word_lm, its .json beside it): the bundle carries the word model; evaluate adds
# the word rows (the default decoder is then the word-aware n-best rescored), export writes its decoding block and the
# fixtures hold the word-aware decoders too. Needs WEIGHTS=int8 with this 12.4 M model to stay under 40 MB.
word_args=()
[ -n "${WORD_LM:-}" ] && word_args=(--word-lm "$WORD_LM") && card_extra+=(--word-lm-info "$WORD_LM.json")
[ -n "${EARLIER_BUNDLE:-}" ] && card_extra+=(--earlier-bundle "$EARLIER_BUNDLE")
[ -n "${BEFORE:-}" ] && card_extra+=(--before "$BEFORE")
# ARITHMETIC_NOTE: with ARITHMETIC=int8, what the card says of the app's int8 MatMuls (the evaluate stage is fp32)
[ -n "${ARITHMETIC_NOTE:-}" ] && card_extra+=(--arithmetic-note "$ARITHMETIC_NOTE")
# LEVERS: a file of lines, each a lever measured toward a missed target and what it gave (the card's list)
if [ -n "${LEVERS:-}" ]; then while IFS= read -r lever; do [ -n "$lever" ] && card_extra+=(--lever "$lever"); done < "$LEVERS"; fi
device_note=${DEVICE_NOTE:-"No GPU was available to this run: the smaller CPU configuration (3.0 M parameters) was trained for the time budget shown."}

if [ "$weights" = int8 ]; then
  $py -m training.quantise --checkpoint "$checkpoint" --out "$exp/int8.pt"
  checkpoint=$exp/int8.pt
fi
# The language model depends on the corpus's text only; it is rebuilt when missing (about a minute).
[ -f "$exp/lm.bin" ] || $py -m training.lm --text "$corpus/text/sentences.jsonl" --in-domain "$manifests/train.jsonl" --out "$exp/lm.bin"
# EVAL=FILE: an evaluate-stage JSON already made for this checkpoint and LM (e.g. by several evaluate processes run
# side by side, one per set), used instead of evaluating again here.
if [ -n "${EVAL:-}" ]; then
  [ "$(realpath "$EVAL")" = "$(realpath -m "$exp/eval.json")" ] || cp "$EVAL" "$exp/eval.json"
else
  $fast_py -m training.evaluate --checkpoint "$checkpoint" --lm "$exp/lm.bin" "${word_args[@]}" --out "$exp/eval.json" --sets \
    "commonvoice-test=$manifests/commonvoice-test.jsonl" "an4-test=$manifests/an4-test.jsonl" \
    "so762-adult200=$manifests/so762-test-adult200.jsonl" \
    "heldout-tts=$manifests/heldout-tts.jsonl:${HELDOUT_LIMIT:-200}" \
    "fsdd-theo=$manifests/fsdd-heldout.jsonl:${FSDD_LIMIT:-200}" | tee "$exp/eval.txt"
fi
# Release only what measures better (training/release_gate.py): with BEFORE, a model that loses stops here.
[ -n "${BEFORE:-}" ] && $py -m training.release_gate --before "$BEFORE" --after "$exp/eval.json"
mkdir -p "$bundle"
$py -m training.card --checkpoint "$checkpoint" --corpus "$corpus" --results "$exp/eval.json" \
  --device-note "$device_note" --lm-info "$exp/lm.bin.json" --out "$exp/card.json" --markdown "$bundle/MODEL_CARD.md" "${card_extra[@]}"
# ARITHMETIC=int8 (with WEIGHTS=int8): the parts' MatMuls multiply in int8 on WASM (training/integer_matmul.py).
$py -m training.export --checkpoint "$checkpoint" --card "$exp/card.json" --lm "$exp/lm.bin" "${word_args[@]}" --out "$bundle" --weights "$weights" \
  --arithmetic "${ARITHMETIC:-fp32}"
$py -m training.fixtures --checkpoint "$checkpoint" --lm "$exp/lm.bin" "${word_args[@]}" --out src/core/fixtures/default-reference \
  --real "$manifests/so762-test-adult200.jsonl:6" src/core/fixtures/audio/*.wav
$py -m training.rescore_fixture --checkpoint "$checkpoint" --reference src/core/fixtures/default-reference --lm "$exp/lm.bin" "${word_args[@]}"
$py -m training.word_search_fixture --out src/core/fixtures/word-search --at-checkpoint "$checkpoint" --at-lm "$exp/lm.bin"
du -sb "$bundle"
