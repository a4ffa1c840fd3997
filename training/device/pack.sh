# Weights only, in fp16 (lossless for the fp16 bundle; 16 MB files at most), plus the corpus manifests and logs.
. training/device/common.sh
mkdir -p $W/out
ls $W/exp/step-*.pt >/dev/null 2>&1 && $PY -m training.average --out $W/exp/averaged.pt $(ls $W/exp/step-*.pt)
$PY - <<PYEOF
import torch, io, os
for name in ["final", "averaged", "last"]:
    path = "$W/exp/%s.pt" % name
    if not os.path.exists(path) or (name == "last" and os.path.exists("$W/exp/final.pt")):
        continue
    state = torch.load(path, map_location="cpu", weights_only=False)
    state.pop("optimizer", None)
    state["model"] = {k: (v.half() if v.is_floating_point() else v) for k, v in state["model"].items()}
    buf = io.BytesIO(); torch.save(state, buf); blob = buf.getvalue()
    for i in range(0, len(blob), 15_000_000):
        open("$W/out/%s.pt.%02d" % (name, i // 15_000_000), "wb").write(blob[i:i + 15_000_000])
    print(name, len(blob), "bytes")
PYEOF
tar -cJf $W/out/logs.tar.xz -C $W corpus/manifests exp/train.log exp/steps.jsonl synth.log train.log 2>/dev/null
ls -la $W/out
touch $W/pack.done
