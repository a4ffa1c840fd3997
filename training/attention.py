"""Multi-head attention that also returns its weights (the workbench draws them).

Key/value projections are separate methods so the AT decoder's step can cache them (see at.py).
"""
from __future__ import annotations

import math

import torch
from torch import nn

NEG = -1e9  # finite, so a fully masked row (padding) gives uniform weights instead of NaN


class MultiHeadAttention(nn.Module):
    def __init__(self, d_model: int, heads: int):
        super().__init__()
        self.heads, self.d_k = heads, d_model // heads
        self.query = nn.Linear(d_model, d_model)
        self.key = nn.Linear(d_model, d_model)
        self.value = nn.Linear(d_model, d_model)
        self.out = nn.Linear(d_model, d_model)

    def split(self, x: torch.Tensor) -> torch.Tensor:
        """[B, N, D] -> [B, H, N, Dk]"""
        b, n, _ = x.shape
        return x.view(b, n, self.heads, self.d_k).transpose(1, 2)

    def keys_values(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        return self.split(self.key(x)), self.split(self.value(x))

    def attend(self, x: torch.Tensor, k: torch.Tensor, v: torch.Tensor,
               allowed: torch.Tensor, bias: torch.Tensor | None = None) -> tuple[torch.Tensor, torch.Tensor]:
        """x [B,Nq,D] queries; k,v [B,H,Nk,Dk]; allowed bool broadcastable to [B,H,Nq,Nk], or None."""
        q = self.split(self.query(x))
        # contiguous operands: CPU bmm on transposed views is ~50x slower in torch 1.13 without MKL
        scores = q.contiguous() @ k.transpose(-1, -2).contiguous() / math.sqrt(self.d_k)
        if bias is not None:
            scores = scores + bias
        if allowed is not None:  # None: every key (at.py score: one utterance's frames, no padding to mask)
            scores = scores.masked_fill(~allowed, NEG)
        weights = torch.softmax(scores, dim=-1)
        context = weights @ v  # no dropout on the weights: residual dropout suffices, and CPU bernoulli is slow
        b, h, n, dk = context.shape
        return self.out(context.transpose(1, 2).reshape(b, n, h * dk)), weights

    def forward(self, x, memory, allowed, bias=None):
        k, v = self.keys_values(memory)
        return self.attend(x, k, v, allowed, bias)


class FeedForward(nn.Sequential):
    def __init__(self, d_model: int, ff_dim: int, dropout: float):
        super().__init__(nn.Linear(d_model, ff_dim), nn.ReLU(), nn.Dropout(dropout), nn.Linear(ff_dim, d_model))


def sinusoids(positions: torch.Tensor, d_model: int) -> torch.Tensor:
    """Absolute sinusoidal positions for the decoders: positions [N] (any int) -> [N, D]."""
    half = d_model // 2
    freq = torch.exp(-math.log(10000.0) * torch.arange(half, dtype=torch.float32, device=positions.device) / half)
    angle = positions.to(torch.float32)[:, None] * freq[None, :]
    return torch.cat([torch.sin(angle), torch.cos(angle)], dim=-1)
