"""Encoder: log power -> normalisation -> conv subsampling x4 -> Transformer layers with truncated self-attention.

The front end's features are ln(1 + mel power) (Meyda's melBands). With samples in [-1, 1] most mel
powers are far below 1, where ln(1 + p) ~ p is linear, not logarithmic: 80 % of a quiet recording's
values sit under 0.05 and the quiet bands that carry consonants are flattened to ~0. So the encoder
first undoes the 1 + (exactly: p = exp(x) - 1) and takes ln(p + LOG_FLOOR), a true log spectrum in
which a change of level is an offset. It is part of the graph, so the exported bundle and the core
feed the same front-end features as before.

Truncation is only a mask: frame i sees frames j with i - left <= j <= i + right, in every layer.
Positions enter as a learned relative bias clipped at +-clip, so the encoder is translation-invariant
and a streaming window gives exactly the full-utterance result (docs/bundle.md).
"""
from __future__ import annotations

import torch
from torch import nn

from .attention import FeedForward, MultiHeadAttention


LOG_FLOOR = 1e-6


def log_power(features: torch.Tensor) -> torch.Tensor:
    """ln(1 + p) -> ln(p + LOG_FLOOR). exp(x) - 1 loses p's digits for tiny x, so there p ~ x + x^2 / 2
    (expm1 itself does not export to ONNX)."""
    power = torch.where(features < 1e-3, features + features * features / 2, torch.exp(features) - 1)
    return torch.log(power.clamp(min=0) + LOG_FLOOR)


def subsampled_lengths(lengths: torch.Tensor) -> torch.Tensor:
    """Two valid 3x3 stride-2 convolutions: T feature frames -> floor((T - 7) / 4) + 1."""
    return torch.div(lengths - 7, 4, rounding_mode="floor") + 1


class Subsampling(nn.Module):
    def __init__(self, n_mels: int, channels: int, d_model: int):
        super().__init__()
        self.conv = nn.Sequential(nn.Conv2d(1, channels, 3, 2), nn.ReLU(), nn.Conv2d(channels, channels, 3, 2), nn.ReLU())
        freq = ((n_mels - 3) // 2 + 1 - 3) // 2 + 1
        self.project = nn.Linear(channels * freq, d_model)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.conv(x.unsqueeze(1))  # [B, C, S, F']
        b, c, s, f = x.shape
        return self.project(x.permute(0, 2, 1, 3).reshape(b, s, c * f))


class RelativePositionBias(nn.Module):
    def __init__(self, heads: int, clip: int):
        super().__init__()
        self.clip = clip
        self.table = nn.Embedding(2 * clip + 1, heads)

    def forward(self, distance: torch.Tensor) -> torch.Tensor:
        """distance [S,S] (j - i) -> bias [1,H,S,S]"""
        index = distance.clamp(-self.clip, self.clip) + self.clip
        return self.table(index).permute(2, 0, 1).unsqueeze(0)


class EncoderLayer(nn.Module):
    def __init__(self, d_model, heads, ff_dim, clip, dropout):
        super().__init__()
        self.norm1, self.norm2 = nn.LayerNorm(d_model), nn.LayerNorm(d_model)
        self.attention = MultiHeadAttention(d_model, heads)
        self.position = RelativePositionBias(heads, clip)
        self.feed_forward = FeedForward(d_model, ff_dim, dropout)
        self.dropout = nn.Dropout(dropout)

    def forward(self, x, allowed, distance):
        h = self.norm1(x)
        a, weights = self.attention(h, h, allowed, self.position(distance))
        x = x + self.dropout(a)
        return x + self.dropout(self.feed_forward(self.norm2(x))), weights


def truncation_mask(lengths: torch.Tensor, size: int, left: torch.Tensor, right: torch.Tensor):
    """allowed [B,1,S,S] and distance j - i [S,S]."""
    pos = torch.arange(size, device=lengths.device)
    distance = pos[None, :] - pos[:, None]
    window = (distance >= -left) & (distance <= right)
    valid = pos[None, :] < lengths[:, None]  # [B, S] keys that exist
    return (window[None] & valid[:, None, :]).unsqueeze(1), distance


class Encoder(nn.Module):
    def __init__(self, n_mels=80, d_model=144, heads=4, ff_dim=576, layers=6, channels=48, clip=64, dropout=0.1):
        super().__init__()
        self.register_buffer("mean", torch.zeros(n_mels))
        self.register_buffer("std", torch.ones(n_mels))
        self.subsampling = Subsampling(n_mels, channels, d_model)
        self.layers = nn.ModuleList(EncoderLayer(d_model, heads, ff_dim, clip, dropout) for _ in range(layers))
        self.norm = nn.LayerNorm(d_model)
        self.dropout = nn.Dropout(dropout)

    def forward(self, features, lengths, left, right):
        """features [B,T,80] the front end's ln(1 + mel power); lengths [B]; left/right windows in encoder frames ([1] tensors).

        Returns encoded [B,S,D], encoded lengths [B], last layer's self-attention (mean over heads) [B,S,S].
        """
        x = self.dropout(self.subsampling((log_power(features) - self.mean) / self.std))
        out_lengths = subsampled_lengths(lengths)
        allowed, distance = truncation_mask(out_lengths, x.shape[1], left, right)
        weights = None
        for layer in self.layers:
            x, weights = layer(x, allowed, distance)
        return self.norm(x), out_lengths, weights.mean(dim=1)
