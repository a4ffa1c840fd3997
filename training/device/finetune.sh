#!/usr/bin/env bash
# On a lent GPU machine, in ONE call (the device gives 15 minutes a session, start-up included): continue training
# from the staged start (finetune_stage.sh) on all the real speech, freshly augmented every epoch, with replay of
# the bundle's TTS voices; bring back the final and averaged weights in fp16.
#   device run: command "bash training/device/finetune.sh", carry [".gpu/ft"], timeout_s 560
# TRAIN_SECONDS (default 420): from the start of the call to the training deadline, decoding and features included.
# A dry run here, on the CPU: W=/tmp/ftw OUT=/tmp/ftout ROWS=30 TRAIN_SECONDS=150 WORKERS=2 THREADS=2 bash training/device/finetune.sh
# Here afterwards: cat final.pt.0* > final.fp16.pt (likewise averaged), then release as from a CPU fine-tune.
set -uo pipefail
. training/device/common.sh
P=$PWD/.gpu/ft
deadline=$(( $(date +%s) + ${TRAIN_SECONDS:-420} ))
mkdir -p "$W" "$OUT"
# data.load_audio decodes Opus with opusdec where there is no ffmpeg
export PATH=$P/tools/usr/bin:$PATH LD_LIBRARY_PATH=$P/tools/usr/lib/x86_64-linux-gnu:${LD_LIBRARY_PATH:-}
opusdec --version | head -1
nvidia-smi --query-gpu=name,memory.total --format=csv,noheader
$PY -c "import torch; print('torch', torch.__version__, 'cuda', torch.cuda.is_available())"
cat "$P"/start.pt.* > "$W/start.pt"
for part in real tts check; do sed "s#@AUDIO@#$P/audio#g" "$P/$part.jsonl" | head -n ${ROWS:--0} > "$W/$part.jsonl"; done
wc -l "$W"/*.jsonl
PYTHONUNBUFFERED=1 $PY -m training.train --manifest "$W/real.jsonl" "$W/tts.jsonl" --check "$W/check.jsonl" \
  --out "$W/exp" --cache "$W/features" --init "$W/start.pt" --keep-statistics --deadline $deadline \
  --lr ${LR:-4e-4} --warmup ${WARMUP:-100} --max-frames ${MAX_FRAMES:-48000} --workers ${WORKERS:-14} --threads ${THREADS:-4} \
  --save-minutes 1 --keep 3 --repeats ${REPEATS:-speechocean762=3} 2>&1 | grep --line-buffered -v -e UserWarning -e detach -e 'return total' \
  | tee "$W/train.log"
bash training/device/pack.sh
cp "$W"/out/* "$OUT"/ && ls -la "$OUT"
