"""Running under torchrun (or plainly): process group, rank, reductions.

torchrun sets RANK / WORLD_SIZE / LOCAL_RANK; without them this is one process and every helper is a no-op.
Backend: nccl on GPUs, gloo on CPUs. DIST_TIMEOUT_S (default 1800, torch's own default) is the process group's
timeout; the tests shorten it. (It does not stop a rank that connected to a socket that is not a store at all:
the test guards against that itself.)
"""
from __future__ import annotations

import datetime
import os
import sys

import torch
import torch.distributed as dist


class Context:
    def __init__(self):
        self.world = int(os.environ.get("WORLD_SIZE", "1"))
        self.rank = int(os.environ.get("RANK", "0"))
        self.local_rank = int(os.environ.get("LOCAL_RANK", "0"))
        if torch.cuda.is_available():
            self.device = torch.device("cuda", self.local_rank)
            torch.cuda.set_device(self.device)
        else:
            self.device = torch.device("cpu")
        if self.world > 1:
            timeout = datetime.timedelta(seconds=float(os.environ.get("DIST_TIMEOUT_S", "1800")))
            dist.init_process_group("nccl" if self.device.type == "cuda" else "gloo", timeout=timeout)

    @property
    def main(self) -> bool:
        """Rank 0 alone writes checkpoints and logs."""
        return self.rank == 0

    def mean(self, values: list[float]) -> list[float]:
        """Average a few numbers over ranks (losses, timings)."""
        if self.world == 1:
            return values
        t = torch.tensor(values, dtype=torch.float64, device=self.device)
        dist.all_reduce(t)
        return (t / self.world).tolist()

    def maximum(self, value: float) -> float:
        if self.world == 1:
            return value
        t = torch.tensor([value], dtype=torch.float64, device=self.device)
        dist.all_reduce(t, op=dist.ReduceOp.MAX)
        return float(t)

    def close(self):
        """End the run. With several processes the ranks meet, and each then leaves without Python's teardown,
        so this never returns: in torch 1.13, gloo's process group (freed at exit together with DDP's reducer)
        joins its worker threads while holding the GIL, and a worker still releasing a tensor that carries a
        Python object waits for that GIL. A rank hung that way after writing everything (gdb: ~ProcessGroupGloo
        in thread::join, the worker in PyEval_AcquireThread) in 1 of 3 two-process test runs. Callers flush
        their files before."""
        if self.world > 1:
            dist.barrier()
            dist.destroy_process_group()
            sys.stdout.flush(), sys.stderr.flush()
            os._exit(0)

    def autocast(self):
        """bf16 mixed precision where the device has it (Ampere and newer GPUs); fp32 elsewhere."""
        enabled = self.device.type == "cuda" and torch.cuda.is_bf16_supported()
        return torch.autocast(device_type=self.device.type, dtype=torch.bfloat16, enabled=enabled)


def hardware() -> str:
    """What this process runs on, for the checkpoint and the model card."""
    cpu = "unknown CPU"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    if torch.cuda.is_available():
        return f"{torch.cuda.get_device_name(0)} ({torch.cuda.device_count()} GPU), {cpu}, {os.cpu_count()} cores"
    return f"{cpu}, {os.cpu_count()} cores, no GPU"
