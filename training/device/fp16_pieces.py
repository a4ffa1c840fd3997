"""A checkpoint's weights in fp16, without the optimizer, cut into 15 MB pieces (the device returns files of
16 MB at most):  python3 training/device/fp16_pieces.py CKPT OUT_PREFIX  ->  OUT_PREFIX.00, OUT_PREFIX.01, ...
Here: cat OUT_PREFIX.* > X.pt, and convert the weights back to fp32 (exact) before releasing."""
import io
import sys

import torch

PIECE = 15_000_000


def main(checkpoint: str, prefix: str) -> None:
    state = torch.load(checkpoint, map_location="cpu", weights_only=False)
    state.pop("optimizer", None)
    state["model"] = {k: (v.half() if v.is_floating_point() else v) for k, v in state["model"].items()}
    buffer = io.BytesIO()
    torch.save(state, buffer)
    blob = buffer.getvalue()
    for i in range(0, len(blob), PIECE):
        with open(f"{prefix}.{i // PIECE:02d}", "wb") as f:
            f.write(blob[i:i + PIECE])
    print(f"{checkpoint}: step {state['step']}, {len(blob)} bytes in {(len(blob) + PIECE - 1) // PIECE} pieces")


if __name__ == "__main__":
    main(*sys.argv[1:3])
