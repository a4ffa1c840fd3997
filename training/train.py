"""Train stage. One process:   python3 -m training.train --manifest TRAIN.jsonl --out EXP --minutes M
N processes / hosts:          torchrun --nproc_per_node N [--nnodes M --rdzv-endpoint HOST:PORT] -m training.train ...

An optimizer step consumes --batches-per-step micro-batches in total, split over the ranks and
accumulated on each, so the effective batch is the same for any N. Every micro-batch's randomness
(SpecAugment, window, NAT masks) is seeded by its index, so N processes compute what one would.
After a linear warm-up the learning rate cosine-decays over --steps, or over the --minutes budget
by elapsed time (a CPU run has minutes, not epochs, and a shared CPU's step speed varies). Rank 0 checkpoints every few minutes; --resume continues
from EXP/last.pt, with any N.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import math
import pathlib
import random
import shlex
import shutil
import sys
import time

import torch
from torch.nn.parallel import DistributedDataParallel

from . import data
from .ctc import greedy
from .distributed import Context, hardware
from .model import FULL, Config, Recogniser
from .score import edit_counts
from .tokens import decode


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--manifest", nargs="+", required=True)
    p.add_argument("--check", help="held-out manifest for a quick CTC CER check at each checkpoint")
    p.add_argument("--out", required=True)
    p.add_argument("--cache", default="/work/data/features", help="feature cache folder")
    p.add_argument("--minutes", type=float, default=60, help="time budget (ignored with --steps)")
    p.add_argument("--deadline", type=float, help="end training at this wall-clock time (Unix seconds) however long feature "
                                                 "preparation took: replaces --minutes once the training loop starts")
    p.add_argument("--steps", type=int, help="a fixed number of optimizer steps")
    p.add_argument("--max-frames", type=int, default=16000, help="padded feature frames per micro-batch")
    p.add_argument("--batches-per-step", type=int, default=1, help="micro-batches per optimizer step, over all ranks")
    p.add_argument("--lr", type=float, default=1.5e-3)
    p.add_argument("--warmup", type=int, default=300)
    p.add_argument("--threads", type=int, default=2, help="torch threads per process")
    p.add_argument("--workers", type=int, default=0, help="DataLoader worker processes per rank")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--no-augment", action="store_true", help="no SpecAugment (tests)")
    p.add_argument("--real-augment", choices=("live", "cached"), default="live",
                   help="real recordings: fresh waveform augmentation every epoch (live, data.REAL_SOURCES, repeated "
                        "data.REPEATS times an epoch), or speechocean762 at three cached speeds as before 2026-12 (cached)")
    p.add_argument("--repeats", nargs="*", default=[], metavar="SOURCE=N",
                   help="with live real augmentation: times a source's recordings come in an epoch (overrides data.REPEATS, "
                        "e.g. speechocean762=3)")
    p.add_argument("--resume", action="store_true")
    p.add_argument("--init", help="start from this checkpoint's weights, with new feature statistics, optimizer and schedule")
    p.add_argument("--keep-statistics", action="store_true", help="with --init: keep its feature statistics too (fine-tuning "
                                                                   "on another mix, where the weights expect the old ones)")
    p.add_argument("--follow", action="store_true", help="re-read the manifests each epoch (a corpus still being built; one process only)")
    p.add_argument("--config", default="{}", help="JSON overrides of model.Config")
    p.add_argument("--save-minutes", type=float, default=5)
    p.add_argument("--keep", type=int, default=0, help="also keep the last K periodic checkpoints as EXP/step-N.pt "
                                                        "(for training/average.py)")
    p.add_argument("--dump-weights", action="store_true", help="every rank writes its final weights (to compare ranks)")
    return p.parse_args(argv)


def quick_check(model, dataset, device, count=40) -> float:
    """CTC greedy CER on held-out items: a cheap progress signal."""
    model.eval()
    errors, chars = 0, 0
    with torch.no_grad():
        for i in range(min(count, len(dataset.items))):
            mel = torch.from_numpy(dataset.features(i).astype("float32"))[None].to(device)
            full = torch.tensor([FULL], device=device)
            enc, lengths, _ = model.encoder(mel, torch.tensor([mel.shape[1]], device=device), full, full)
            hyp, _, _ = greedy(model.ctc(enc)[0].cpu(), int(lengths[0]))
            s, d, ins, n = edit_counts(list(decode(dataset.items[i][4])), list(decode(hyp)))
            errors, chars = errors + s + d + ins, chars + n
    model.train()
    return errors / max(1, chars)


def learning_rate(args, step: int, elapsed: float) -> float:
    """Linear warm-up over --warmup steps, then cosine decay to 5 %: over --steps, or over the
    --minutes budget by elapsed time (a shared CPU's step speed varies too much to count steps)."""
    if step < args.warmup:
        return args.lr * (step + 1) / args.warmup
    if args.steps:
        progress = (step - args.warmup) / max(1, args.steps - args.warmup)
    else:
        progress = elapsed / (args.minutes * 60)
    return args.lr * (0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * min(1.0, progress))))


def budget_minutes(deadline: float, elapsed: float, now: float) -> float:
    """--minutes for a --deadline: what is already trained (a resumed run) plus what is left until the deadline."""
    return (elapsed + max(0.0, deadline - now)) / 60


def finished(args, step: int, elapsed: float) -> bool:
    return step >= args.steps if args.steps else elapsed >= args.minutes * 60


def resume_command(argv: list[str], minutes: float) -> list[str]:
    """The command that continues this run from EXP/last.pt: the same options, --resume, and the run's whole budget
    as --minutes (the learning-rate schedule is a function of elapsed / budget); --init and --deadline dropped."""
    out, skip = [], 0
    for a in argv:
        if skip:
            skip -= 1
            continue
        name = a.split("=", 1)[0]
        if name in ("--init", "--deadline", "--minutes"):
            skip = 0 if "=" in a else 1
            continue
        if name in ("--resume", "--keep-statistics"):
            continue
        out.append(a)
    return out + ["--minutes", f"{minutes:.2f}", "--resume"]


def write_resume_note(out: pathlib.Path, argv: list[str], minutes: float) -> None:
    """EXP/RESUME.md: where the run stands and how to continue it, here or on another machine."""
    command = " ".join(shlex.quote(a) for a in [sys.executable, "-m", "training.train", *resume_command(argv, minutes)])
    (out / "RESUME.md").write_text(
        "# Continuing this run\n\n"
        f"Budget: {minutes:.1f} minutes of training in all (the learning rate follows elapsed / budget). `last.pt` is\n"
        "rewritten every --save-minutes and at the end; `train.log` says how far it got. After any interruption:\n\n"
        f"```sh\n{command}\n```\n\n"
        "On another machine: carry this folder (last.pt holds weights, optimizer, step, epoch and elapsed time), give\n"
        "--manifest the same corpus's manifests (audio paths inside them must resolve there) and any --cache folder\n"
        "(missing features are recomputed). Any number of processes may resume it (torchrun).\n")


def main(argv=None):
    raw_argv = list(sys.argv[1:] if argv is None else argv)
    args = parse_args(argv)
    if args.deadline and args.deadline <= time.time():
        # (this cost a 15-minute feature preparation once: `date -d 01:00` before midnight is this morning)
        raise SystemExit(f"--deadline {time.strftime('%Y-%m-%d %H:%M:%S', time.localtime(args.deadline))} is already past")
    ctx = Context()
    torch.set_num_threads(args.threads)
    if args.batches_per_step % ctx.world:
        raise SystemExit(f"--batches-per-step {args.batches_per_step} must be a multiple of the {ctx.world} processes")
    accumulate = args.batches_per_step // ctx.world
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    log_file = open(out / "train.log", "a") if ctx.main else None

    def log(msg):
        if ctx.main:
            line = f"[{time.strftime('%H:%M:%S')}] {msg}"
            print(line, flush=True)
            log_file.write(line + "\n"), log_file.flush()

    live_real = args.real_augment == "live"
    for item in args.repeats:  # before any dataset is built, so the DataLoader workers inherit it too
        source, _, times = item.partition("=")
        data.REPEATS[source] = int(times)

    def read_entries():
        return [e for m in args.manifest for e in data.read_manifest(m)]

    # rank 0 fills the feature cache first; the others then find it filled
    if ctx.main:
        data.prepare(read_entries(), args.cache, workers=max(1, args.workers or args.threads), log=log, live_real=live_real)
    ctx.mean([0.0])  # barrier
    train_set = data.Dataset(data.expand(read_entries(), args.cache, live_real=live_real))
    log(f"train: {len(train_set.items)} utterances, {train_set.hours():.2f} h (with speed perturbation), {ctx.world} process(es) on {ctx.device}")
    check_set = None
    if args.check and ctx.main:
        check_set = data.Dataset(data.prepare(data.read_manifest(args.check)[:40], args.cache, speeds_for_real=(1.0,), log=log))

    checkpoint = out / "last.pt"
    state = torch.load(checkpoint, map_location="cpu", weights_only=False) if args.resume and checkpoint.exists() else None
    init = torch.load(args.init, map_location="cpu", weights_only=False) if args.init and not state else None
    # a fine-tune keeps the architecture of what it starts from; --config can still change the rest (dropout, loss weights)
    config = Config(**state["config"]) if state else Config(**{**(init["config"] if init else {}), **json.loads(args.config)})
    torch.manual_seed(args.seed)
    model = Recogniser(config)
    step, elapsed, epoch, epoch_step = 0, 0.0, 0, 0
    if state:
        model.load_state_dict(state["model"])
        step, elapsed = state["step"], state["elapsed"]
        epoch, epoch_step = state["epoch"], state.get("epoch_step", 0)
        log(f"resumed at step {step} (epoch {epoch}, step {epoch_step} of it), {elapsed / 60:.1f} min trained")
    else:
        if init:
            dropped = () if args.keep_statistics else ("encoder.mean", "encoder.std")
            model.load_state_dict({k: v for k, v in init["model"].items() if k not in dropped}, strict=False)
            log(f"initialised from {args.init} (its step {init['step']}); "
                f"{'' if args.keep_statistics else 'statistics, '}optimizer and schedule start afresh")
        if not (args.init and args.keep_statistics):
            mean, std = train_set.statistics()
            model.encoder.mean.copy_(torch.from_numpy(mean)), model.encoder.std.copy_(torch.from_numpy(std))
    model.to(ctx.device)
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, betas=(0.9, 0.98), weight_decay=1e-2)
    if state:
        optimizer.load_state_dict(state["optimizer"])
    core = model
    if ctx.world > 1:
        model = DistributedDataParallel(model, device_ids=[ctx.local_rank] if ctx.device.type == "cuda" else None)
    params = sum(p.numel() for p in core.parameters())
    log(f"model: {params / 1e6:.2f} M parameters, config {dataclasses.asdict(config)}; "
        f"{args.batches_per_step} micro-batches per step = {ctx.world} process(es) x {accumulate} accumulated")

    trained_on = hardware()  # for the card; read once, not at every save

    def save(path):
        if not ctx.main:
            return
        tmp = pathlib.Path(str(path) + ".tmp")
        torch.save({"model": core.state_dict(), "optimizer": optimizer.state_dict(), "config": dataclasses.asdict(config),
                    "step": step, "elapsed": elapsed, "epoch": epoch, "epoch_step": epoch_step,
                    "hours": train_set.hours(), "parameters": params,
                    "hardware": trained_on, "torch": torch.__version__}, tmp)
        tmp.rename(path)

    if args.deadline and not args.steps:
        # every rank must stop at the same step, so they agree on one budget (the largest)
        args.minutes = ctx.maximum(budget_minutes(args.deadline, elapsed, time.time()))
        log(f"deadline {time.strftime('%H:%M:%S', time.localtime(args.deadline))}: {args.minutes:.1f} min of training in all")
    if ctx.main and not args.steps:
        write_resume_note(out, raw_argv, args.minutes)
    steps_file = open(out / "steps.jsonl", "a") if ctx.main else None
    start, last_save = time.time() - elapsed, time.time()
    window, samples, audio_s, t_window = [], 0, 0.0, time.time()
    model.train()
    while not finished(args, step, elapsed):
        if args.follow and ctx.world == 1 and epoch > 0 and epoch_step == 0:
            added = train_set.extend(data.prepare(read_entries(), args.cache, workers=args.threads, log=log, live_real=live_real))
            log(f"follow: {added} new utterances, now {train_set.hours():.2f} h")
        batches = train_set.batches(args.max_frames, random.Random(args.seed * 7919 + epoch))
        per_step = args.batches_per_step
        steps_in_epoch = len(batches) // per_step
        if steps_in_epoch == 0:
            raise SystemExit(f"{len(batches)} batches cannot fill one step of {per_step}: lower --max-frames or --batches-per-step")
        # this rank's micro-batches, in the order it consumes them
        mine = [s * per_step + ctx.rank * accumulate + a for s in range(epoch_step, steps_in_epoch) for a in range(accumulate)]
        loader = torch.utils.data.DataLoader(data.BatchDataset(train_set, batches, args.seed * 31 + epoch, not args.no_augment),
                                             batch_size=None, sampler=mine, num_workers=args.workers, persistent_workers=False)
        micro = 0
        for k, x, lengths, targets in loader:
            if micro == 0:
                lr = learning_rate(args, step, elapsed)  # the ranks' agreed clock, so every rank uses the same lr
                for g in optimizer.param_groups:
                    g["lr"] = lr
                optimizer.zero_grad()
                parts_sum = {"loss": 0.0, "ctc": 0.0, "at": 0.0, "nat": 0.0}
            rng = random.Random(args.seed * 1_000_003 + epoch * 100_003 + k)
            generator = torch.Generator().manual_seed(args.seed * 1_000_003 + epoch * 100_003 + k)
            windows = core.draw_windows(rng)
            last = micro == accumulate - 1
            sync = model.no_sync() if (ctx.world > 1 and not last) else _null()
            with sync, ctx.autocast():
                loss, parts = model(x.to(ctx.device), lengths.to(ctx.device), targets, windows, generator)
                (loss / accumulate).backward()
            parts_sum["loss"] += float(loss) / accumulate
            for key in ("ctc", "at", "nat"):
                parts_sum[key] += parts[key] / accumulate
            samples += len(targets)
            audio_s += float(lengths.sum()) / 100
            micro += 1
            if not last:
                continue
            micro = 0
            torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            optimizer.step()
            step, epoch_step = step + 1, epoch_step + 1
            elapsed = time.time() - start
            reduced = dict(zip(parts_sum, ctx.mean(list(parts_sum.values()))))
            if ctx.main:
                steps_file.write(json.dumps({"step": step, **reduced}) + "\n"), steps_file.flush()
            window.append(reduced)
            # every rank must agree on when the time budget ends: rank 0's clock decides
            elapsed = ctx.maximum(elapsed) if ctx.world > 1 else elapsed
            done = finished(args, step, elapsed)
            if step % 25 == 0 or done:
                avg = {key: sum(w[key] for w in window) / len(window) for key in window[0]}
                rate = samples * ctx.world / (time.time() - t_window)
                speed = audio_s * ctx.world / (time.time() - t_window)
                remaining = (args.steps - step) * elapsed / step if args.steps else args.minutes * 60 - elapsed
                log(f"step {step} epoch {epoch} lr {lr:.2e} loss {avg['loss']:.3f} ctc {avg['ctc']:.3f} at {avg['at']:.3f} "
                    f"nat {avg['nat']:.3f} | {rate:.1f} samples/s, {speed:.0f} s audio/s | {elapsed / 60:.1f} min, {max(0.0, remaining) / 60:.1f} min to go")
                window, samples, audio_s, t_window = [], 0, 0.0, time.time()
            if time.time() - last_save > args.save_minutes * 60:
                save(checkpoint)
                if args.keep and ctx.main:
                    shutil.copyfile(checkpoint, out / f"step-{step}.pt")
                    for old in sorted(out.glob("step-*.pt"), key=lambda f: int(f.stem[5:]))[:-args.keep]:
                        old.unlink()
                last_save = time.time()
                if check_set:
                    log(f"check: CTC greedy CER {quick_check(core, check_set, ctx.device):.3f} on {len(check_set.items)} held-out utterances")
            if done:
                break
        else:
            epoch, epoch_step = epoch + 1, 0
            continue
        break
    save(checkpoint)
    save(out / "final.pt")
    if check_set:
        log(f"check: CTC greedy CER {quick_check(core, check_set, ctx.device):.3f}")
    if args.dump_weights:
        torch.save(core.state_dict(), out / f"weights.rank{ctx.rank}.pt")
    log(f"done: {step} steps, {epoch} epochs, {elapsed / 60:.1f} min")
    if ctx.main:
        steps_file.close(), log_file.close()
    ctx.close()  # with several processes this ends the process
    return core


class _null:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


if __name__ == "__main__":
    main()
