# Weights only, in fp16 (lossless for the fp16 bundle; 16 MB files at most), plus the corpus manifests and logs.
. training/device/common.sh
mkdir -p $W/out
ls $W/exp/step-*.pt >/dev/null 2>&1 && $PY -m training.average --out $W/exp/averaged.pt $(ls $W/exp/step-*.pt)
for name in final averaged; do
  [ -f $W/exp/$name.pt ] && $PY training/device/fp16_pieces.py $W/exp/$name.pt $W/out/$name.pt
done
tar -cJf $W/out/logs.tar.xz -C $W corpus/manifests exp/train.log exp/steps.jsonl synth.log train.log 2>/dev/null
ls -la $W/out
touch $W/pack.done
