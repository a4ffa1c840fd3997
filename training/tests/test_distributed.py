"""Two CPU processes with gloo train exactly what one process with the same effective batch trains."""
import json
import os
import pathlib
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import wave

import numpy as np
import torch

from training.model import Config, Recogniser

ROOT = pathlib.Path(__file__).resolve().parents[2]
TINY = json.dumps({"d_model": 32, "heads": 2, "ff_dim": 64, "encoder_layers": 2, "at_layers": 1, "nat_layers": 1,
                   "channels": 8, "clip": 16, "dropout": 0.0, "full_context_p": 0.5})
WORDS = ["one", "two", "three", "cat", "dog", "sun", "rain", "blue"]


def tiny_corpus(folder: pathlib.Path) -> pathlib.Path:
    rng = np.random.default_rng(0)
    manifest = folder / "train.jsonl"
    with open(manifest, "w") as f:
        for i in range(16):
            seconds = 1.0 + 0.1 * i
            t = np.arange(int(16000 * seconds)) / 16000
            x = 0.3 * np.sin(2 * np.pi * (200 + 40 * i) * t) + 0.05 * rng.standard_normal(len(t))
            path = folder / f"u{i}.wav"
            with wave.open(str(path), "wb") as w:
                w.setnchannels(1), w.setsampwidth(2), w.setframerate(16000)
                w.writeframes((x * 32767).astype("<i2").tobytes())
            text = " ".join(WORDS[(i + k) % len(WORDS)] for k in range(2))
            f.write(json.dumps({"id": f"u{i}", "audio": str(path), "text": text, "duration": seconds, "source": "tts"}) + "\n")
    return manifest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Hung(AssertionError):
    """The ranks never met (port taken, or a rank waited past the limit): the rendezvous, not the training."""


def train(manifest, out, cache, processes: int, extra=()):
    """Run the recipe in `processes` ranks; one retry on a fresh port if they never meet."""
    try:
        return train_once(manifest, out, cache, processes, extra)
    except Hung as error:
        print(f"retrying once on a fresh port: {error}", file=sys.stderr)
        shutil.rmtree(out, ignore_errors=True)  # nothing of the failed attempt may be resumed
        return train_once(manifest, out, cache, processes, extra)


def train_once(manifest, out, cache, processes: int, extra=()):
    common = ["-m", "training.train", "--manifest", str(manifest), "--out", str(out), "--cache", str(cache),
              "--steps", "3", "--batches-per-step", "2", "--max-frames", "900", "--threads", "1", "--warmup", "2",
              "--no-augment", "--dump-weights", "--config", TINY, *extra]
    # The environment torchrun gives each worker. torchrun itself is not used here because Debian's
    # torch 1.13 launcher breaks on Python 3.11 (its Std flag parsing returns None for the default "0").
    # A port the kernel says is free (a fixed one may belong to another service, and then rank 1 waits on it
    # while rank 0 fails), loopback for gloo's own sockets, and a short process-group timeout.
    port, procs = str(free_port()), []
    for rank in range(processes):
        env = {**os.environ, "OMP_NUM_THREADS": "1", "PYTHONPATH": str(ROOT), "WORLD_SIZE": str(processes), "RANK": str(rank),
               "LOCAL_RANK": str(rank), "MASTER_ADDR": "127.0.0.1", "MASTER_PORT": port,
               "GLOO_SOCKET_IFNAME": "lo", "DIST_TIMEOUT_S": "60"}
        if processes == 1:
            for key in ("WORLD_SIZE", "RANK", "LOCAL_RANK"):
                env.pop(key)
        with open(out.parent / f"{out.name}.rank{rank}.log", "w") as log:
            procs.append(subprocess.Popen([sys.executable, *common], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT))
    # Wait for all; once one rank fails or 120 s pass, the others can only hang, so stop them.
    deadline, hung = time.time() + 120, False
    while any(p.poll() is None for p in procs):
        if any(p.returncode not in (None, 0) for p in procs) or time.time() > deadline:
            hung = time.time() > deadline
            for p in procs:
                if p.poll() is None:
                    p.kill()
                    p.wait()
            break
        time.sleep(0.2)
    if any(p.returncode != 0 for p in procs):
        report = "\n".join(f"--- rank {r} (exit {p.returncode}):\n{(out.parent / f'{out.name}.rank{r}.log').read_text()[-2000:]}"
                           for r, p in enumerate(procs))
        # A rank that cannot take the port (or finds a stranger's socket there) leaves the other waiting.
        rendezvous = hung or "Address already in use" in report
        raise (Hung if rendezvous else AssertionError)(f"{processes}-process training failed on port {port}:\n{report}")
    with open(out / "steps.jsonl") as f:
        return [json.loads(line) for line in f]


class TwoProcessTraining(unittest.TestCase):
    def test_ranks_agree_and_match_one_process(self):
        with tempfile.TemporaryDirectory() as tmp:
            tmp = pathlib.Path(tmp)
            manifest = tiny_corpus(tmp)
            # the one-process run also checkpoints after every step and keeps the last two (--keep)
            one = train(manifest, tmp / "one", tmp / "cache", 1, ["--save-minutes", "0", "--keep", "2"])
            self.assertEqual(sorted(f.name for f in (tmp / "one").glob("step-*.pt")), ["step-2.pt", "step-3.pt"])
            two = train(manifest, tmp / "two", tmp / "cache", 2)
            rank0 = torch.load(tmp / "two" / "weights.rank0.pt")
            rank1 = torch.load(tmp / "two" / "weights.rank1.pt")
            single = torch.load(tmp / "one" / "weights.rank0.pt")
            for name in rank0:
                self.assertTrue(torch.equal(rank0[name], rank1[name]), f"ranks differ in {name}")
            self.assertEqual(len(one), 3)
            for a, b in zip(one, two):
                self.assertAlmostEqual(a["loss"], b["loss"], delta=1e-3 * max(1.0, abs(a["loss"])))
            drift = max(float((rank0[n].float() - single[n].float()).abs().max()) for n in single)
            self.assertLess(drift, 1e-3)
            # and training happened: the weights moved away from their seeded initialisation
            torch.manual_seed(0)
            initial = Recogniser(Config(**json.loads(TINY))).state_dict()
            self.assertGreater(float((initial["ctc.project.weight"] - rank0["ctc.project.weight"]).abs().max()), 1e-4)


if __name__ == "__main__":
    unittest.main()
