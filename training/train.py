"""Train stage: `python3 -m training.train --manifest TRAIN.jsonl --out EXP --minutes M [--resume]`.

Time-budgeted (a CPU run has minutes, not epochs): after a short warm-up the schedule is sized to the
measured step speed, then cosine-decays to the end of the budget. Checkpoints every few minutes;
--resume continues from EXP/last.pt with the same schedule.
"""
from __future__ import annotations

import argparse
import dataclasses
import math
import pathlib
import random
import time

import torch

from . import data
from .ctc import greedy
from .model import Config, FULL, Recogniser
from .tokens import decode


def cer(reference: str, hypothesis: str) -> float:
    from .score import edit_counts
    s, d, i, n = edit_counts(list(reference), list(hypothesis))
    return (s + d + i) / max(1, n)


def quick_check(model, dataset, count=40):
    """CTC greedy CER on the first `count` held-out items: a cheap progress signal."""
    model.eval()
    errors = []
    with torch.no_grad():
        for mel, target in dataset.items[:count]:
            x = torch.from_numpy(mel.astype("float32"))[None]
            enc, lengths, _ = model.encoder(x, torch.tensor([len(mel)]), torch.tensor([FULL]), torch.tensor([FULL]))
            tokens, _, _ = greedy(model.ctc(enc)[0], int(lengths[0]))
            errors.append(cer(decode(target), decode(tokens)))
    model.train()
    return sum(errors) / max(1, len(errors))


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--manifest", nargs="+", required=True)
    p.add_argument("--check", help="held-out manifest for the quick CER check")
    p.add_argument("--out", required=True)
    p.add_argument("--cache", default="/work/data/features")
    p.add_argument("--minutes", type=float, default=60)
    p.add_argument("--max-frames", type=int, default=16000, help="padded feature frames per batch")
    p.add_argument("--lr", type=float, default=1.5e-3)
    p.add_argument("--warmup", type=int, default=300)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--resume", action="store_true")
    p.add_argument("--follow", action="store_true", help="re-read the manifests each epoch (a corpus still being built)")
    p.add_argument("--config", default="{}", help="JSON overrides of model.Config")
    args = p.parse_args()
    import json
    torch.set_num_threads(args.threads)
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    log_file = open(out / "train.log", "a")

    def log(msg):
        line = f"[{time.strftime('%H:%M:%S')}] {msg}"
        print(line, flush=True)
        log_file.write(line + "\n"), log_file.flush()

    entries = [e for m in args.manifest for e in data.read_manifest(m)]
    train_set = data.Dataset(data.prepare(entries, args.cache, log=log))
    log(f"train: {len(train_set.items)} utterances, {train_set.hours():.2f} h (with speed perturbation)")
    check_set = data.Dataset(data.prepare(data.read_manifest(args.check)[:40], args.cache, speeds_for_real=(1.0,), log=log)) if args.check else None

    checkpoint = out / "last.pt"
    state = torch.load(checkpoint) if args.resume and checkpoint.exists() else None
    config = Config(**state["config"]) if state else Config(**json.loads(args.config))
    model = Recogniser(config)
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, betas=(0.9, 0.98), weight_decay=1e-2)
    step, total_steps, elapsed, epoch = 0, None, 0.0, 0
    if state:
        model.load_state_dict(state["model"]), optimizer.load_state_dict(state["optimizer"])
        step, total_steps, elapsed, epoch = state["step"], state["total_steps"], state["elapsed"], state["epoch"]
        log(f"resumed at step {step}/{total_steps}, {elapsed / 60:.1f} min trained")
    else:
        mean, std = train_set.statistics()
        model.encoder.mean.copy_(torch.from_numpy(mean)), model.encoder.std.copy_(torch.from_numpy(std))
    params = sum(p.numel() for p in model.parameters())
    log(f"model: {params / 1e6:.2f} M parameters, config {dataclasses.asdict(config)}")

    def save(path):
        torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(), "config": dataclasses.asdict(config),
                    "step": step, "total_steps": total_steps, "elapsed": elapsed, "epoch": epoch,
                    "hours": train_set.hours(), "parameters": params}, str(path) + ".tmp")
        pathlib.Path(str(path) + ".tmp").rename(path)

    budget = args.minutes * 60
    rng = random.Random(step)
    model.train()
    start, last_save, window = time.time() - elapsed, time.time(), []
    done = False
    while not done:
        if args.follow and epoch > 0:
            entries = [e for m in args.manifest for e in data.read_manifest(m)]
            added = train_set.extend(data.prepare(entries, args.cache, log=log))
            log(f"follow: {added} new utterances, now {train_set.hours():.2f} h")
        batches = train_set.batches(args.max_frames, rng)
        for b_index, batch in enumerate(batches):
            if total_steps is None and step == 30:
                per_step = (time.time() - start) / 30
                total_steps = max(step + 100, int(budget / per_step))
                log(f"{per_step:.2f} s/step -> schedule of {total_steps} steps")
            horizon = total_steps or 10 ** 9
            if step < args.warmup:
                lr = args.lr * (step + 1) / args.warmup
            else:
                progress = min(1.0, (step - args.warmup) / max(1, horizon - args.warmup))
                lr = args.lr * (0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * progress)))
            for g in optimizer.param_groups:
                g["lr"] = lr
            x, lengths, targets = train_set.collate(batch, rng)
            loss, parts = model.loss(x, lengths, targets, model.draw_windows())
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            optimizer.step()
            step += 1
            elapsed = time.time() - start
            window.append(parts)
            if step % 25 == 0:
                avg = {k: sum(w[k] for w in window) / len(window) for k in window[0]}
                window = []
                eta = (horizon - step) * elapsed / step if total_steps else float("nan")
                log(f"step {step}/{total_steps} epoch {epoch} batch {b_index + 1}/{len(batches)} lr {lr:.2e} "
                    f"ctc {avg['ctc']:.3f} at {avg['at']:.3f} nat {avg['nat']:.3f} elapsed {elapsed / 60:.1f} min eta {eta / 60:.1f} min")
            if time.time() - last_save > 300:
                save(checkpoint)
                last_save = time.time()
                if check_set:
                    log(f"check: CTC greedy CER {quick_check(model, check_set):.3f} on {len(check_set.items)} held-out utterances")
            if total_steps and step >= total_steps:
                done = True
                break
        epoch += 1
    save(checkpoint)
    save(out / "final.pt")
    if check_set:
        log(f"check: CTC greedy CER {quick_check(model, check_set):.3f}")
    log(f"done: {step} steps, {epoch} epochs, {elapsed / 60:.1f} min")


if __name__ == "__main__":
    main()
