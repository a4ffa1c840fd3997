"""Here, for finetune_stage.sh: the audio a one-call GPU fine-tune carries, re-encoded small enough to travel.

    python3 training/device/finetune_audio.py --corpus CORPUS --out .gpu/ft --budget-mib N [--kbps 10]

Writes OUT/audio/{real,tts,check}/ID.opus and OUT/{real,tts,check}.jsonl (audio paths start with @AUDIO@, which
finetune.sh replaces there). Every real training recording of the corpus goes (Common Voice, AN4, LJSpeech,
speechocean762, FSDD minus the held-out speaker: train.jsonl's real rows); 40 speechocean762 dev utterances for
the progress check; then TTS rows of the voices the bundle was trained on (model.json's card), shuffled, until the
budget is spent, so the model keeps what it knew. Opus at 10 kbit/s (wideband speech) makes 5.9 h of real speech
about 27 MB: a call carries 64 MiB with the working tree and the start weights.
"""
from __future__ import annotations

import argparse
import json
import pathlib
import random
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

REAL = ("speechocean762", "commonvoice", "an4", "ljspeech", "fsdd")
CHECK = 40


def encode(src: str, dst: pathlib.Path, kbps: float) -> int:
    """src (WAV, or Opus decoded first) -> Opus at kbps; the new file's size. A file already there is kept (a rerun
    redoes nothing)."""
    if dst.exists() and dst.stat().st_size > 0:
        return dst.stat().st_size
    dst.parent.mkdir(parents=True, exist_ok=True)
    part = dst.with_suffix(".part")  # renamed when complete, so an interrupted run leaves no half file behind
    enc = ["opusenc", "--quiet", "--bitrate", str(kbps), "-", str(part)]
    if src.endswith(".opus"):
        dec = subprocess.Popen(["opusdec", "--quiet", "--rate", "16000", "--force-wav", src, "-"], stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL)  # it warns that a pipe cannot seek, for every file
        subprocess.run(enc, stdin=dec.stdout, check=True)
        if dec.wait() != 0:
            raise RuntimeError(f"{src}: opusdec failed")
    else:
        with open(src, "rb") as f:
            subprocess.run(enc, stdin=f, check=True)
    part.rename(dst)
    return dst.stat().st_size


def stage(rows: list[dict], part: str, out: pathlib.Path, kbps: float, budget: float | None = None) -> int:
    """Encodes rows into out/audio/part and writes out/part.jsonl; with a budget (bytes), stops when it is spent."""
    used, kept = 0, []
    with ThreadPoolExecutor(2) as pool, open(out / f"{part}.jsonl", "w") as manifest:
        batch = 64  # encode in small batches so the budget is checked as we go
        for i in range(0, len(rows), batch):
            chunk = rows[i:i + batch]
            sizes = list(pool.map(lambda r: encode(r["audio"], out / "audio" / part / f"{r['id']}.opus", kbps), chunk))
            for r, size in zip(chunk, sizes):
                manifest.write(json.dumps({**r, "audio": f"@AUDIO@/{part}/{r['id']}.opus"}) + "\n")
                kept.append(r)
                used += size
            if budget is not None and used >= budget:
                break
    hours = sum(r.get("duration", 0) for r in kept) / 3600
    print(f"{part}: {len(kept)} utterances, {hours:.2f} h, {used / 2**20:.1f} MiB", file=sys.stderr)
    return used


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--corpus", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--budget-mib", type=float, required=True, help="what the audio may take in all")
    p.add_argument("--kbps", type=float, default=10)
    p.add_argument("--bundle", default="models/default")
    args = p.parse_args()
    out = pathlib.Path(args.out)
    manifests = pathlib.Path(args.corpus) / "manifests"
    train = [json.loads(line) for line in open(manifests / "train.jsonl")]
    budget = args.budget_mib * 2**20
    budget -= stage([r for r in train if r.get("source") in REAL], "real", out, args.kbps)
    dev = [json.loads(line) for line in open(manifests / "so762-dev150.jsonl")][:CHECK]
    budget -= stage(dev, "check", out, args.kbps)
    voices = set(json.loads((pathlib.Path(args.bundle) / "model.json").read_text())["card"]["data"]["tts_voices"])
    tts = [r for r in train if r.get("source") == "tts" and r.get("voice") in voices]
    random.Random(0).shuffle(tts)
    if budget <= 0:
        raise SystemExit(f"no room left for TTS replay ({budget / 2**20:.1f} MiB): lower --kbps or carry less")
    stage(tts, "tts", out, args.kbps, budget)


if __name__ == "__main__":
    main()
