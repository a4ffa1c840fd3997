# Background: wait for synthesis, then train (train.py computes the features first) until DEADLINE (epoch seconds),
# pack the weights. --deadline replaced a separate feature step here after session 10; not yet run on a device.
. training/device/common.sh
set -x
while [ ! -f $W/synth.done ]; do sleep 3; done
export PATH=$W/bin:$PATH
$PY -m training.train --manifest $W/corpus/manifests/train.jsonl $W/real.jsonl --check $W/check/check.jsonl \
  --out $W/exp --cache $W/features --deadline $DEADLINE --max-frames ${MAX_FRAMES:-48000} --workers 14 --threads 4 \
  --lr ${LR:-1.5e-3} --warmup ${WARMUP:-500} --config "$CONFIG" --save-minutes ${SAVE_MINUTES:-1.5} --keep 4
bash training/device/pack.sh
