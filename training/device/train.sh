# Background: wait for synthesis, compute features, train until DEADLINE (epoch seconds), pack the weights.
. training/device/common.sh
set -x
while [ ! -f $W/synth.done ]; do sleep 3; done
export PATH=$W/bin:$PATH
$PY -c "
from training import data
entries = [e for m in ['$W/corpus/manifests/train.jsonl', '$W/real.jsonl'] for e in data.read_manifest(m)]
data.prepare(entries, '$W/features', workers=16)
"
minutes=$($PY -c "import time; print(round(max(2.0, ($DEADLINE - time.time()) / 60), 2))")
$PY -m training.train --manifest $W/corpus/manifests/train.jsonl $W/real.jsonl --check $W/check/check.jsonl \
  --out $W/exp --cache $W/features --minutes $minutes --max-frames ${MAX_FRAMES:-48000} --workers 14 --threads 4 \
  --lr ${LR:-1.5e-3} --warmup ${WARMUP:-500} --config "$CONFIG" --save-minutes ${SAVE_MINUTES:-1.5} --keep 4
bash training/device/pack.sh
