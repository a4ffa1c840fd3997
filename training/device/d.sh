. training/device/common.sh
bash training/device/follow.sh ${FOLLOW:-540}
# insurance: the latest periodic checkpoint's weights, should the machine be lost before the end
$PY - <<PYEOF
import torch, io, os
path = "$W/exp/last.pt"
if os.path.exists(path):
    state = torch.load(path, map_location="cpu", weights_only=False)
    state.pop("optimizer", None)
    state["model"] = {k: (v.half() if v.is_floating_point() else v) for k, v in state["model"].items()}
    buf = io.BytesIO(); torch.save(state, buf); blob = buf.getvalue()
    for i in range(0, len(blob), 15_000_000):
        open("$OUT/last.pt.%02d" % (i // 15_000_000), "wb").write(blob[i:i + 15_000_000])
    print("last.pt at step", state["step"], len(blob), "bytes")
PYEOF
tail -c 300 $W/train.log
