"""Export stage: `python3 -m training.export --checkpoint EXP/final.pt --out models/default [--card CARD.json]`.

Writes the ONNX parts and model.json described in docs/bundle.md, plus (with --fixtures DIR) a few
utterances' features, reference outputs and decoded tokens for the TypeScript core's parity tests.
"""
from __future__ import annotations

import argparse
import json
import pathlib
import shutil

import numpy as np
import onnx
import onnx.numpy_helper
import torch
from torch import nn

from . import features
from .decode import (AT_CTC_WEIGHT, AT_OOV_PENALTY, AT_WORD_BONUS, AT_WORD_LM_WEIGHT, CTC_LENGTH_BONUS, CTC_LM_WEIGHT, CTC_OOV_PENALTY,
                     CTC_WORD_BONUS, CTC_WORD_CHAR_LM_WEIGHT, CTC_WORD_LENGTH_BONUS, CTC_WORD_LM_WEIGHT, LM_WEIGHT, MASK_CTC_THRESHOLD,
                     TAIL_FRAMES)
from .encoder import LOG_FLOOR
from .integer_matmul import DEFAULT_PARTS as INTEGER_PARTS, convert_part, storage_note
from .lm import CharacterLM
from .model import FULL, Config, Recogniser
from .quantise import LEVELS, MIN_ELEMENTS, channel_scales
from .rescore import rescore_settings
from .tokens import BLANK, MASK, SOS_EOS, SPACE, TOKENS, UNK

OPSET = 17


class EncoderWithCTC(nn.Module):
    def __init__(self, model):
        super().__init__()
        self.encoder, self.ctc = model.encoder, model.ctc

    def forward(self, features, feature_lengths, left_window, right_window):
        encoded, lengths, attention = self.encoder(features, feature_lengths, left_window, right_window)
        return encoded, lengths, self.ctc(encoded), attention


class ATMemory(nn.Module):
    def __init__(self, model):
        super().__init__()
        self.at = model.at

    def forward(self, encoded):
        return self.at.memory(encoded)


class ATScore(nn.Module):
    def __init__(self, model):
        super().__init__()
        self.at = model.at

    def forward(self, *args):
        return self.at.score(*args)


class ATStep(nn.Module):
    def __init__(self, model):
        super().__init__()
        self.at = model.at

    def forward(self, *args):
        return self.at.step(*args)


def part(path, inputs: dict, outputs: dict) -> dict:
    return {"path": path, "inputs": inputs, "outputs": outputs}


def export(model: Recogniser, out: pathlib.Path):
    c = model.config
    model.eval()
    b, t, s, u, cap = 1, 207, 50, 12, 16
    L, H, dk = c.at_layers, c.heads, c.d_model // c.heads
    feats = torch.randn(b, t, c.n_mels).abs()
    lengths = torch.tensor([t])
    window = torch.tensor([FULL])
    files = {}

    torch.onnx.export(EncoderWithCTC(model), (feats, lengths, window, window), str(out / "encoder.onnx"), opset_version=OPSET,
                      input_names=["features", "feature_lengths", "left_window", "right_window"],
                      output_names=["encoded", "encoded_lengths", "ctc_log_probs", "self_attention"],
                      dynamic_axes={"features": {0: "B", 1: "T"}, "feature_lengths": {0: "B"}, "encoded": {0: "B", 1: "S"},
                                    "encoded_lengths": {0: "B"}, "ctc_log_probs": {0: "B", 1: "S"}, "self_attention": {0: "B", 1: "S", 2: "S"}})
    files["encoder"] = part("encoder.onnx",
                            {"features": "features", "featureLengths": "feature_lengths", "leftWindow": "left_window", "rightWindow": "right_window"},
                            {"encoded": "encoded", "encodedLengths": "encoded_lengths", "ctcLogProbs": "ctc_log_probs", "selfAttention": "self_attention"})

    encoded = torch.randn(b, s, c.d_model)
    torch.onnx.export(ATMemory(model), (encoded,), str(out / "at_memory.onnx"), opset_version=OPSET,
                      input_names=["encoded"], output_names=["cross_keys", "cross_values"],
                      dynamic_axes={"encoded": {0: "B", 1: "S"}, "cross_keys": {1: "B", 3: "S"}, "cross_values": {1: "B", 3: "S"}})
    files["atMemory"] = part("at_memory.onnx", {"encoded": "encoded"}, {"crossKeys": "cross_keys", "crossValues": "cross_values"})

    cross_k, cross_v = model.at.memory(encoded)
    cache = torch.zeros(L, b, H, cap, dk)
    step_args = (torch.tensor([[SOS_EOS]]), torch.tensor([0]), cross_k, cross_v, torch.tensor([s]), cache, cache.clone())
    torch.onnx.export(ATStep(model), step_args, str(out / "at_step.onnx"), opset_version=OPSET,
                      input_names=["token", "position", "cross_keys", "cross_values", "encoded_lengths", "self_keys", "self_values"],
                      output_names=["log_probs", "new_self_keys", "new_self_values", "cross_attention"],
                      dynamic_axes={"token": {0: "B"}, "cross_keys": {1: "B", 3: "S"}, "cross_values": {1: "B", 3: "S"},
                                    "encoded_lengths": {0: "B"}, "self_keys": {1: "B", 3: "C"}, "self_values": {1: "B", 3: "C"},
                                    "log_probs": {0: "B"}, "new_self_keys": {1: "B", 3: "C"}, "new_self_values": {1: "B", 3: "C"},
                                    "cross_attention": {1: "B", 3: "S"}})
    files["atStep"] = part("at_step.onnx",
                           {"token": "token", "position": "position", "crossKeys": "cross_keys", "crossValues": "cross_values",
                            "encodedLengths": "encoded_lengths", "selfKeys": "self_keys", "selfValues": "self_values"},
                           {"logProbs": "log_probs", "selfKeys": "new_self_keys", "selfValues": "new_self_values", "crossAttention": "cross_attention"})

    files["atScore"] = export_at_score(model, out)

    nat_tokens = torch.full((b, u), MASK, dtype=torch.long)
    torch.onnx.export(model.nat, (encoded, torch.tensor([s]), nat_tokens, torch.tensor([u])), str(out / "nat.onnx"), opset_version=OPSET,
                      input_names=["encoded", "encoded_lengths", "tokens", "token_lengths"], output_names=["log_probs", "cross_attention"],
                      dynamic_axes={"encoded": {0: "B", 1: "S"}, "encoded_lengths": {0: "B"}, "tokens": {0: "B", 1: "U"},
                                    "token_lengths": {0: "B"}, "log_probs": {0: "B", 1: "U"}, "cross_attention": {1: "B", 3: "U", 4: "S"}})
    files["nat"] = part("nat.onnx", {"encoded": "encoded", "encodedLengths": "encoded_lengths", "tokens": "tokens", "tokenLengths": "token_lengths"},
                        {"logProbs": "log_probs", "crossAttention": "cross_attention"})
    return files


def export_at_score(model: Recogniser, out: pathlib.Path) -> dict:
    """at_score.onnx: the AT decoder teacher-forced over a prefix tree of token sequences from one utterance's cross
    keys and values (at.py ATDecoder.score), for attention rescoring (rescore.py). Optional in a bundle: it holds a
    second copy of the AT decoder's weights (at_step's), 3.7 MB in fp16 for the 12.4 M model."""
    c = model.config
    L, H, dk, s = c.at_layers, c.heads, c.d_model // c.heads, 50
    cross_k, cross_v = model.at.memory(torch.randn(1, s, c.d_model))
    t = 12
    tokens = torch.full((1, t), SOS_EOS, dtype=torch.long)
    allowed = torch.ones(t, t, dtype=torch.bool).tril()
    torch.onnx.export(ATScore(model), (tokens, torch.arange(t), allowed, cross_k, cross_v), str(out / "at_score.onnx"), opset_version=OPSET,
                      input_names=["tokens", "positions", "allowed", "cross_keys", "cross_values"], output_names=["log_probs", "cross_attention"],
                      dynamic_axes={"tokens": {1: "T"}, "positions": {0: "T"}, "allowed": {0: "T", 1: "T"}, "cross_keys": {3: "S"},
                                    "cross_values": {3: "S"}, "log_probs": {1: "T"}, "cross_attention": {3: "T", 4: "S"}})
    return part("at_score.onnx", {"tokens": "tokens", "positions": "positions", "allowed": "allowed", "crossKeys": "cross_keys", "crossValues": "cross_values"},
                {"logProbs": "log_probs", "crossAttention": "cross_attention"})


def int8_grid(values: np.ndarray, tolerance: float = 1e-3):
    """(q int8, scale, axis) when every value is scale * an integer in [-127, 127] with one scale per index of
    `axis` (training/quantise.py's per-output-channel rounding: axis 0, or 1 where the exporter stored a Linear's
    weight transposed for a MatMul); None otherwise."""
    if values.ndim < 2:
        return None
    for axis in (0, 1):
        channels = np.moveaxis(values, axis, 0)
        shape = [1] * values.ndim
        shape[axis] = channels.shape[0]  # the scales broadcast along `axis` in the graph's Mul
        scale = channel_scales(torch.from_numpy(np.ascontiguousarray(channels)).reshape(channels.shape[0], -1)).numpy().reshape(shape)
        q = values / scale
        if np.abs(q - np.round(q)).max() < tolerance and np.abs(q).max() <= LEVELS + tolerance:
            return np.round(q).astype(np.int8), scale, axis
    return None


def store_weights(path: pathlib.Path, int8: bool = False, min_elements: int = MIN_ELEMENTS) -> dict:
    """Shrink a part: every float weight of at least min_elements is stored smaller and turned back into fp32 by
    nodes at the top of the graph, so every input, output and operation stays fp32 (a graph optimiser folds
    those nodes into constants at load).
    - int8 (with `int8`, for weights on training/quantise.py's grid): an int8 tensor and its fp32 scales, Cast
      to fp32 then Mul by the scales: a quarter of fp32, and exact: the same values the quantised checkpoint holds.
    - fp16 otherwise: a Cast. Exact when the weights are already fp16 values (the GPU run's weights came back in
      fp16: the app's eval matched the recipe's, 634 and 635 word errors); otherwise it rounds them once.
    Returns how many values each storage took."""
    model = onnx.load(str(path))
    graph = model.graph
    nodes, counts = [], {"int8": 0, "fp16": 0}
    for weight in list(graph.initializer):
        if weight.data_type != onnx.TensorProto.FLOAT or int(np.prod(weight.dims)) < min_elements:
            continue
        values = onnx.numpy_helper.to_array(weight)
        grid = int8_grid(values) if int8 else None
        graph.initializer.remove(weight)
        if grid:
            q, scale, _ = grid
            stored = onnx.numpy_helper.from_array(q, weight.name + "_int8")
            scales = onnx.numpy_helper.from_array(scale, weight.name + "_scale")
            graph.initializer.extend([stored, scales])
            nodes += [onnx.helper.make_node("Cast", [stored.name], [weight.name + "_fp32"], to=onnx.TensorProto.FLOAT,
                                            name=weight.name + "_to_fp32"),
                      onnx.helper.make_node("Mul", [weight.name + "_fp32", scales.name], [weight.name], name=weight.name + "_scaled")]
            counts["int8"] += values.size
        else:
            half = onnx.numpy_helper.from_array(values.astype(np.float16), weight.name + "_fp16")
            graph.initializer.append(half)
            nodes.append(onnx.helper.make_node("Cast", [half.name], [weight.name], to=onnx.TensorProto.FLOAT,
                                               name=weight.name + "_to_fp32"))
            counts["fp16"] += values.size
    nodes += list(graph.node)  # the conversions first keeps the graph topologically sorted
    del graph.node[:]
    graph.node.extend(nodes)
    onnx.checker.check_model(model)
    onnx.save(model, str(path))
    return counts


def language_model_settings(files: dict) -> dict:
    """model.json decoding's language-model weights. With the word model (decode.py CTC_WORD_*, AT_WORD_*) CTC beam
    search weighs the character model more and adds a larger length bonus, as chosen with the word model on."""
    if "lm" not in files:
        return {}
    if "wordLm" not in files:
        return {"lmWeight": LM_WEIGHT, "ctcLmWeight": CTC_LM_WEIGHT, "ctcLengthBonus": CTC_LENGTH_BONUS}
    return {"lmWeight": LM_WEIGHT, "ctcLmWeight": CTC_WORD_CHAR_LM_WEIGHT, "ctcLengthBonus": CTC_WORD_LENGTH_BONUS,
            "ctcWordLmWeight": CTC_WORD_LM_WEIGHT, "ctcOovPenalty": CTC_OOV_PENALTY, "ctcWordBonus": CTC_WORD_BONUS,
            "wordLmWeight": AT_WORD_LM_WEIGHT, "oovPenalty": AT_OOV_PENALTY, "wordBonus": AT_WORD_BONUS}


def model_json(model: Recogniser, files: dict, card: dict, parameters: int) -> dict:
    c = model.config
    return {
        "format": "s2s-workbench-bundle",
        "version": 1,
        "features": {**features.CONFIG, "normalisation": {"appliedIn": "encoder", "logFloor": LOG_FLOOR,
                                                          "of": "ln(exp(x) - 1 + logFloor) of the features x (training/encoder.py log_power)",
                                                          "mean": model.encoder.mean.tolist(), "std": model.encoder.std.tolist()}},
        "tokens": {"list": TOKENS, "blank": BLANK, "unk": UNK, "sosEos": SOS_EOS, "mask": MASK, "space": SPACE},
        "architecture": {"dModel": c.d_model, "heads": c.heads, "ffDim": c.ff_dim, "encoderLayers": c.encoder_layers,
                         "atLayers": c.at_layers, "natLayers": c.nat_layers, "subsampling": 4, "subsamplingChannels": c.channels, "frameMs": 40,
                         "parameters": parameters, "relativePositionClip": c.clip,
                         "trainedWindows": {"left": list(c.left_windows), "right": list(c.right_windows),
                                            "fullContextProbability": c.full_context_p, "unlimited": FULL}},
        "files": files,
        "decoding": {"maxTokensPerSecond": 25, "maskCtcThreshold": MASK_CTC_THRESHOLD, "atCtcWeight": AT_CTC_WEIGHT,
                     **language_model_settings(files), "tailFrames": TAIL_FRAMES, "defaultWindows": {"left": 16, "right": 2},
                     **rescore_settings(words="wordLm" in files)},
        "card": card,
    }


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--checkpoint", help="a training checkpoint; without it, a randomly initialised model (for core tests)")
    p.add_argument("--config", default="{}", help="JSON overrides of model.Config for a random model")
    p.add_argument("--out", required=True)
    p.add_argument("--card", help="JSON file merged into model.json's card")
    p.add_argument("--lm", help="lm.bin from training/lm.py: copied into the bundle for AT and CTC beam search")
    p.add_argument("--word-lm", help="words.bin from training/word_lm.py (needs --lm): copied into the bundle for word-aware search")
    p.add_argument("--weights", choices=("fp16", "int8", "fp32"), default="fp16",
                   help="weight storage (fp32 compute in every case): fp16; int8 for the weights of a training.quantise "
                        "checkpoint, fp16 for the rest; or fp32")
    p.add_argument("--arithmetic", choices=("fp32", "int8"), default="fp32",
                   help="int8 (with --weights int8): the MatMuls of the encoder, NAT, AT memory and AT score parts multiply "
                        "the int8 weights in int8 on WASM, the activations quantised per call (training/integer_matmul.py; the "
                        "core keeps fp32 on WebGPU); fp32: every operation in fp32")
    args = p.parse_args()
    if args.arithmetic == "int8" and args.weights != "int8":
        raise SystemExit("--arithmetic int8 multiplies int8 weights: it needs --weights int8")
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    if args.checkpoint:
        state = torch.load(args.checkpoint, weights_only=False)
        model = Recogniser(Config(**state["config"]))
        model.load_state_dict(state["model"])
    else:
        torch.manual_seed(0)
        model = Recogniser(Config(**json.loads(args.config)))
    parameters = sum(p.numel() for p in model.parameters())
    card = json.loads(pathlib.Path(args.card).read_text()) if args.card else {"note": "randomly initialised: for tests only"}
    files = export(model, out)
    stored = {"int8": 0, "fp16": 0}
    if args.weights != "fp32":
        for name in ("encoder", "atMemory", "atStep", "atScore", "nat"):
            for kind, count in store_weights(out / files[name]["path"], int8=args.weights == "int8").items():
                stored[kind] += count
        if args.weights == "int8" and not stored["int8"]:
            raise SystemExit(f"--weights int8: no weight of {args.checkpoint} is on an int8 grid (quantise it first: python3 -m training.quantise)")
    if args.lm:
        shutil.copyfile(args.lm, out / "lm.bin")
        files["lm"] = {"path": "lm.bin", "order": CharacterLM(args.lm).order}
    if args.word_lm:
        if not args.lm:
            raise SystemExit("--word-lm: word-aware search needs the character language model too (--lm)")
        shutil.copyfile(args.word_lm, out / "words.bin")
        files["wordLm"] = {"path": "words.bin"}
    integer = {part: convert_part(out / files[part]["path"]) for part in INTEGER_PARTS} if args.arithmetic == "int8" else {}
    bundle = model_json(model, files, card, parameters)
    bundle["architecture"]["weightStorage"] = {"fp32": "fp32", "fp16": "fp16 (cast to fp32 in the graph)",
                                               "int8": "int8 per output channel (scaled to fp32 in the graph), fp16 for the rest"}[args.weights]
    if integer:
        bundle["architecture"]["integerMatMuls"] = list(integer)
        bundle["architecture"]["weightStorage"] += storage_note(list(integer))
    (out / "model.json").write_text(json.dumps(bundle, indent=1))
    print(f"exported {parameters} parameters to {out}; weights stored as {args.weights}: "
          f"{stored['int8']:,} values int8, {stored['fp16']:,} fp16, the rest fp32"
          + "".join(f"; {part}: {n} MatMuls in int8" for part, n in integer.items()))


if __name__ == "__main__":
    main()
